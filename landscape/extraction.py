"""Run the extractor over every document, in parallel across processes when there are many.

This stage only proposes candidates; landscape/candidates.py decides which become facts.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from landscape.documents import Document
from landscape.entities import EntityTable
from landscape.extract.model import AliasIndex, Entity, ExtractionResult
from landscape.extract.pipeline import extract_document
from landscape.extraction_cache import ExtractionCache

PARALLEL_FROM = 64  # below this, starting worker processes costs more than it saves
_worker_aliases: AliasIndex | None = None


def _init_worker(entities: dict[str, Entity], aliases: dict[str, str]) -> None:
    global _worker_aliases
    _worker_aliases = AliasIndex(entities, aliases)


def _alias_inputs(table: EntityTable) -> tuple[dict[str, Entity], dict[str, str]]:
    """The extractor's view of the already-validated entity table (never a second, unchecked read)."""
    entities = {e["entity_id"]: Entity(e["entity_id"], e["name"], e["kind"], e["parent_id"]) for e in table.entities}
    return entities, dict(table.aliases)


def _extract_batch(batch: list[tuple[str, str, object]]) -> list[ExtractionResult]:
    return [extract_document(text, doc_id=doc_id, published=published, aliases=_worker_aliases)
            for doc_id, text, published in batch]


def extract_all(documents: list[Document], table: EntityTable, progress: Callable[[int], None] | None = None,
                workers: int | None = None, cache: ExtractionCache | None = None) -> list[ExtractionResult]:
    """One ExtractionResult per document, in the documents' order.

    With a cache, only the documents it has no valid entry for are extracted, and the cache is then
    rewritten to hold exactly these documents' results.
    """
    cached = [cache.get(d) if cache is not None else None for d in documents]
    hits = sum(result is not None for result in cached)
    if progress and hits:
        progress(hits)
    missing = [d for d, result in zip(documents, cached, strict=True) if result is None]
    fresh = iter(_extract(missing, table, progress, workers))
    results = [result if result is not None else next(fresh) for result in cached]
    if cache is not None and (missing or len(cache) != len(documents)):
        cache.save(documents, results)
    return results


def _extract(documents: list[Document], table: EntityTable, progress: Callable[[int], None] | None,
             workers: int | None) -> list[ExtractionResult]:
    jobs = [(d.doc_id, d.text, d.published) for d in documents]
    if not jobs:
        return []
    workers = workers or min(os.cpu_count() or 1, 8)
    alias_inputs = _alias_inputs(table)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        _init_worker(*alias_inputs)
        results = []
        for job in jobs:
            results.extend(_extract_batch([job]))
            if progress:
                progress(1)
        return results
    size = max(8, len(jobs) // (workers * 8))
    batches = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    results = []
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=alias_inputs) as pool:
        for batch, batch_results in zip(batches, pool.map(_extract_batch, batches), strict=True):
            results.extend(batch_results)
            if progress:
                progress(len(batch))
    return results

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
# Workers yield the CPU to the build's own process, which loads the curated files meanwhile: their
# results are needed only after that load. Cold builds, alternating, equal priority vs niceness 10:
# tenth size 4.62 vs 4.28 s median of 4; full size (where extraction outlasts the load) 25.0 vs 23.3 s of 3.
WORKER_NICENESS = 10
BATCHES_PER_WORKER = 32
_worker_aliases: AliasIndex | None = None


def _init_worker(entities: dict[str, Entity], aliases: dict[str, str], contexts: dict[str, str]) -> None:
    """A pool worker's start: below the build's priority, with the alias index."""
    if hasattr(os, "nice"):
        os.nice(WORKER_NICENESS)
    _use_aliases(entities, aliases, contexts)


def _use_aliases(entities: dict[str, Entity], aliases: dict[str, str], contexts: dict[str, str]) -> None:
    global _worker_aliases
    _worker_aliases = AliasIndex(entities, aliases, contexts)


def _alias_inputs(table: EntityTable) -> tuple[dict[str, Entity], dict[str, str], dict[str, str]]:
    """The extractor's view of the already-validated entity table (never a second, unchecked read)."""
    entities = {e["entity_id"]: Entity(e["entity_id"], e["name"], e["kind"], e["parent_id"]) for e in table.entities}
    return entities, dict(table.aliases), dict(table.alias_contexts)


def _extract_batch(batch: list[tuple[str, str, object]]) -> list[ExtractionResult]:
    return [extract_document(text, doc_id=doc_id, published=published, aliases=_worker_aliases)
            for doc_id, text, published in batch]


def extract_all(documents: list[Document], table: EntityTable, progress: Callable[[int], None] | None = None,
                workers: int | None = None, cache: ExtractionCache | None = None) -> list[ExtractionResult]:
    """One ExtractionResult per document, in the documents' order.

    With a cache, only the documents it has no valid entry for are extracted, and the cache is then
    rewritten to hold exactly these documents' results.
    """
    with Extraction(documents, table, workers, cache) as extraction:
        return extraction.results(progress)


class Extraction:
    """Extraction of many documents started in worker processes, to be collected later: the build
    starts it as soon as the documents and the entity table have passed their checks, and loads the
    curated files meanwhile. Closing it before collecting (a later check failed) stops the workers.
    """

    def __init__(self, documents: list[Document], table: EntityTable, workers: int | None = None,
                 cache: ExtractionCache | None = None):
        self._documents, self._table, self._cache = documents, table, cache
        self._cached = [cache.get(d) if cache is not None else None for d in documents]
        self._missing = [d for d, result in zip(documents, self._cached, strict=True) if result is None]
        self._workers = workers or min(os.cpu_count() or 1, 8)
        self._pool: ProcessPoolExecutor | None = None
        self._batches: list[list[tuple[str, str, object]]] = []
        self._pending = None
        self._unsaved: list[ExtractionResult] | None = None
        if len(self._missing) >= PARALLEL_FROM and self._workers >= 2:
            jobs = [(d.doc_id, d.text, d.published) for d in self._missing]
            # Small batches, so that the last ones end close together: with 8 per worker, one worker's last
            # batch (625 documents at 10k documents, about 1.5 s) ran on alone while the build waited for it.
            size = max(8, len(jobs) // (self._workers * BATCHES_PER_WORKER))
            self._batches = [jobs[i:i + size] for i in range(0, len(jobs), size)]
            self._pool = ProcessPoolExecutor(self._workers, initializer=_init_worker,
                                             initargs=_alias_inputs(table))
            self._pending = self._pool.map(_extract_batch, self._batches)  # submitted now, run meanwhile

    def results(self, progress: Callable[[int], None] | None = None, save: bool = True) -> list[ExtractionResult]:
        """One ExtractionResult per document, in the documents' order (waiting for the workers).

        With save=False the cache is written only when save_cache() is called: the build does that while
        DuckDB sorts the facts on another thread (its JSON is Python's work; the sort is not)."""
        hits = len(self._documents) - len(self._missing)
        if progress and hits:
            progress(hits)
        fresh = iter(self._collect(progress))
        results = [result if result is not None else next(fresh) for result in self._cached]
        if self._cache is not None and (self._missing or len(self._cache) != len(self._documents)):
            self._unsaved = results
        if save:
            self.save_cache()
        return results

    def save_cache(self) -> None:
        """Write the collected results to the cache, if they are not there yet; only the first call writes."""
        if self._unsaved is not None:
            results, self._unsaved = self._unsaved, None
            self._cache.save(self._documents, results)

    def _collect(self, progress: Callable[[int], None] | None) -> list[ExtractionResult]:
        results: list[ExtractionResult] = []
        if self._pending is None:  # few documents: starting worker processes would cost more
            _use_aliases(*_alias_inputs(self._table))  # in this process: its priority stays as it is
            for document in self._missing:
                results.extend(_extract_batch([(document.doc_id, document.text, document.published)]))
                if progress:
                    progress(1)
            return results
        for batch, batch_results in zip(self._batches, self._pending, strict=True):
            results.extend(batch_results)
            if progress:
                progress(len(batch))
        return results

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Extraction:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

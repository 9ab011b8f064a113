"""Single-process extraction throughput (MB/s of document text) over the synthetic documents."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from landscape.documents import split_front_matter
from landscape.extract import AliasIndex, extract_document


def measure(seeds: Path, data: Path, repetitions: int, megabytes: float = 2.0) -> dict:
    """Extract the first documents totalling about `megabytes` MB, `repetitions` times, in this process."""
    texts: list[str] = []
    size = 0
    for path in sorted(seeds.glob("*.md")):
        text = split_front_matter(path.read_text(encoding="utf-8"))[1]
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= megabytes * 1e6:
            break
    aliases = AliasIndex.from_csv(data / "entities.csv", data / "entity_aliases.csv")
    rates, facts = [], 0
    for _ in range(repetitions):
        started = time.perf_counter()
        facts = sum(len(extract_document(t, doc_id=str(n), published=None, aliases=aliases).facts)
                    for n, t in enumerate(texts))
        rates.append(size / 1e6 / (time.perf_counter() - started))
    return {"documents": len(texts), "megabytes": size / 1e6, "candidate_facts": facts, "mb_s": rates,
            "extract_mb_s": statistics.median(rates)}

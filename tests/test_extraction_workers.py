"""Extraction across worker processes: the same results as in one process, in the documents' order,
with the workers yielding the CPU to the build's own process."""

import dataclasses
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from landscape import extraction, paths
from landscape.checks import Collector
from landscape.documents import load_documents
from landscape.entities import load_entities
from landscape.extraction import Extraction, extract_all


@pytest.fixture(scope="module")
def inputs():
    data = paths.ROOT / "data"
    seed = load_documents(paths.ROOT / "seeds", Collector())[0]
    # Enough documents for the pool to start, each different so that an order mix-up shows.
    documents = [dataclasses.replace(seed, doc_id=f"copy-{n}", text=seed.text[: len(seed.text) * (n + 1) // 70])
                 for n in range(extraction.PARALLEL_FROM + 6)]
    entities = load_entities(paths.entities_csv(data), paths.aliases_csv(data), Collector())
    return documents, entities


def test_workers_give_the_results_of_one_process_in_document_order(inputs):
    documents, entities = inputs
    with Extraction(documents, entities, workers=2) as parallel:
        assert parallel._pool is not None  # the pool really ran
        in_workers = parallel.results()
    in_process = extract_all(documents, entities, workers=1)
    assert in_workers == in_process
    # Each result is its own document's: candidates carry their doc_id, and longer copies find more.
    for document, result in zip(documents, in_workers, strict=True):
        assert {c.doc_id for c in [*result.facts, *result.events]} <= {document.doc_id}
    counts = [len(r.facts) + len(r.events) for r in in_workers]
    assert counts == sorted(counts) and counts[0] < counts[-1]


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities on this platform")
def test_workers_run_at_a_lower_priority_than_the_build(inputs):
    _, entities = inputs
    with ProcessPoolExecutor(1, initializer=extraction._init_worker,
                             initargs=extraction._alias_inputs(entities)) as pool:
        worker_niceness = pool.submit(os.nice, 0).result()
    assert worker_niceness == min(19, os.nice(0) + extraction.WORKER_NICENESS)


@pytest.mark.skipif(not hasattr(os, "nice"), reason="no process priorities on this platform")
def test_extracting_in_the_build_process_leaves_its_priority_alone(inputs):
    documents, entities = inputs
    before = os.nice(0)
    with Extraction(documents[: extraction.PARALLEL_FROM - 1], entities) as serial:
        assert serial._pool is None  # too few documents for worker processes
        assert serial.results()
    assert os.nice(0) == before

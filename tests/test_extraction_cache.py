"""The extraction cache: reused only for the very same inputs, and never trusted when damaged."""

import dataclasses
import hashlib
import json

import pytest

from landscape import extraction, paths
from landscape.checks import Collector
from landscape.documents import load_documents
from landscape.entities import load_entities
from landscape.extraction import extract_all
from landscape.extraction_cache import ExtractionCache


@pytest.fixture(scope="module")
def inputs():
    data = paths.ROOT / "data"
    documents = load_documents(paths.ROOT / "seeds", Collector())
    entities = load_entities(paths.entities_csv(data), paths.aliases_csv(data), Collector())
    return documents, entities


@pytest.fixture
def extracted(monkeypatch):
    """The doc_ids the extractor really ran on (not served from the cache)."""
    seen = []
    original = extraction._extract_batch

    def counting(batch):
        seen.extend(doc_id for doc_id, _, _ in batch)
        return original(batch)

    monkeypatch.setattr(extraction, "_extract_batch", counting)
    return seen


def _run(path, documents, entities):
    return extract_all(documents, entities, workers=1, cache=ExtractionCache(path, entities))


def test_a_warm_cache_returns_the_same_results_without_extracting(tmp_path, inputs, extracted):
    documents, entities = inputs
    cache = tmp_path / "db.extract-cache"
    fresh = _run(cache, documents, entities)
    assert sorted(extracted) == sorted(d.doc_id for d in documents) and cache.exists()
    extracted.clear()
    assert _run(cache, documents, entities) == fresh
    assert extracted == []


def test_a_changed_document_is_extracted_again(tmp_path, inputs, extracted):
    documents, entities = inputs
    cache = tmp_path / "db.extract-cache"
    _run(cache, documents, entities)
    extracted.clear()
    changed = dataclasses.replace(documents[0], text=documents[0].text + "\nMore text.\n",
                                  sha256=hashlib.sha256(b"changed").hexdigest())
    _run(cache, [changed, *documents[1:]], entities)
    assert extracted == [changed.doc_id]


def test_a_changed_entity_table_invalidates_every_entry(tmp_path, inputs, extracted):
    documents, entities = inputs
    cache = tmp_path / "db.extract-cache"
    _run(cache, documents, entities)
    extracted.clear()
    grown = dataclasses.replace(entities, aliases={**entities.aliases, "Fictional Alias": entities.entities[0]["entity_id"]})
    _run(cache, documents, grown)
    assert sorted(extracted) == sorted(d.doc_id for d in documents)


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],                      # truncated
    lambda data: b"not json at all\n" + data,
    lambda data: data.replace(b'"format": 1', b'"format": 99', 1),
    lambda data: data[:-20] + b"x" * 20,                      # payload no longer matches its checksum
])
def test_a_corrupt_file_is_ignored_and_rewritten(tmp_path, inputs, extracted, damage):
    documents, entities = inputs
    cache = tmp_path / "db.extract-cache"
    fresh = _run(cache, documents, entities)
    cache.write_bytes(damage(cache.read_bytes()))
    extracted.clear()
    assert _run(cache, documents, entities) == fresh
    assert sorted(extracted) == sorted(d.doc_id for d in documents)
    extracted.clear()
    _run(cache, documents, entities)
    assert extracted == [], "the damaged file was replaced by a good one"


def _tamper(cache, edit):
    """Change the entries and re-seal the file with a valid checksum, as a buggy writer might."""
    header, _, payload = cache.read_bytes().partition(b"\n")
    entries = json.loads(payload)
    edit(entries)
    payload = json.dumps(entries).encode()
    meta = json.loads(header) | {"sha256": hashlib.sha256(payload).hexdigest()}
    cache.write_bytes(json.dumps(meta).encode() + b"\n" + payload)


@pytest.mark.parametrize("edit", [
    lambda fact: fact.__setitem__(17, "a quote that is not in the document"),
    lambda fact: fact.__setitem__(5, "60 million"),   # value must be a float
    lambda fact: fact.append("extra field"),
])
def test_an_entry_that_fails_a_check_is_extracted_again(tmp_path, inputs, extracted, edit):
    documents, entities = inputs
    cache = tmp_path / "db.extract-cache"
    fresh = _run(cache, documents, entities)
    with_facts = [d.doc_id for d, r in zip(documents, fresh, strict=True) if r.facts]

    def damage_first_fact(entries):
        for entry in entries.values():
            if entry[0]:
                edit(entry[0][0])
                return

    _tamper(cache, damage_first_fact)
    extracted.clear()
    assert _run(cache, documents, entities) == fresh
    assert len(extracted) == 1 and extracted[0] in with_facts


def test_the_build_keeps_its_cache_next_to_the_database_unless_told_not_to(tmp_path):
    from landscape.build import build

    db = tmp_path / "landscape.duckdb"
    build(paths.ROOT / "seeds", paths.ROOT / "data", db)
    assert paths.extraction_cache(db).exists()
    other = tmp_path / "other.duckdb"
    build(paths.ROOT / "seeds", paths.ROOT / "data", other, extraction_cache=False)
    assert not paths.extraction_cache(other).exists()

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
    # The project has one document; copies under other ids make separate entries.
    documents += [dataclasses.replace(documents[0], doc_id=f"copy-{n}") for n in range(3)]
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


def test_a_file_with_another_header_is_ignored_and_rewritten(tmp_path, inputs, extracted):
    documents, entities = inputs
    cache = tmp_path / "db.extract-cache"
    fresh = _run(cache, documents, entities)
    cache.write_bytes(cache.read_bytes().replace(b'"format": 2', b'"format": 99', 1))
    extracted.clear()
    assert _run(cache, documents, entities) == fresh
    assert sorted(extracted) == sorted(d.doc_id for d in documents)
    extracted.clear()
    _run(cache, documents, entities)
    assert extracted == [], "the file was rewritten with a header this build reads"


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],                      # cut short mid-line
    lambda data: data[:-20] + b"x" * 20,                      # the last line no longer matches its checksum
    lambda data: data.replace(b"\n", b"\nnot an entry\n", 1),
])
def test_damaged_entries_are_ignored_and_extracted_again(tmp_path, inputs, extracted, damage):
    documents, entities = inputs
    cache = tmp_path / "db.extract-cache"
    fresh = _run(cache, documents, entities)
    cache.write_bytes(damage(cache.read_bytes()))
    extracted.clear()
    assert _run(cache, documents, entities) == fresh
    assert len(extracted) < len(documents)
    extracted.clear()
    _run(cache, documents, entities)
    assert extracted == [], "the missing entries were written back"


def _tamper(cache, edit):
    """Change one entry and re-seal its line with a valid checksum, as a buggy writer might."""
    header, *lines = cache.read_bytes().split(b"\n")
    for number, line in enumerate(lines):
        _, key, payload = line.split(b" ", 2)
        entry = json.loads(payload)
        if entry[0]:
            edit(entry[0][0])
            rest = key + b" " + json.dumps(entry).encode()
            lines[number] = hashlib.sha256(rest).hexdigest().encode() + b" " + rest
            break
    cache.write_bytes(b"\n".join([header, *lines]))


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
    _tamper(cache, edit)
    extracted.clear()
    assert _run(cache, documents, entities) == fresh
    assert len(extracted) == 1 and extracted[0] in with_facts


def test_the_file_is_appended_to_and_rewritten_once_mostly_stale(tmp_path, inputs, extracted):
    documents, entities = inputs
    cache = tmp_path / "db.extract-cache"
    _run(cache, documents, entities)
    lines = cache.read_bytes().count(b"\n")
    changed = [dataclasses.replace(d, text=d.text + "\nMore.\n", sha256=hashlib.sha256(d.sha256.encode()).hexdigest())
               for d in documents]
    _run(cache, [changed[0], *documents[1:]], entities)
    assert cache.read_bytes().count(b"\n") == lines + 1, "one entry appended"
    _run(cache, changed, entities)
    assert cache.read_bytes().count(b"\n") == 2 * len(documents), "appended while at most half is stale"
    again = [dataclasses.replace(d, sha256=hashlib.sha256(d.sha256.encode()).hexdigest()) for d in changed]
    _run(cache, again, entities)
    assert cache.read_bytes().count(b"\n") == len(documents), "rewritten with only the current entries"
    extracted.clear()
    _run(cache, again, entities)
    assert extracted == []


def test_the_build_keeps_its_cache_next_to_the_database_unless_told_not_to(tmp_path):
    from landscape.build import build

    db = tmp_path / "landscape.duckdb"
    build(paths.ROOT / "seeds", paths.ROOT / "data", db)
    assert paths.extraction_cache(db).exists()
    other = tmp_path / "other.duckdb"
    build(paths.ROOT / "seeds", paths.ROOT / "data", other, caches=False)
    assert not paths.extraction_cache(other).exists()


def test_a_build_that_fails_after_extracting_still_keeps_its_cache(tmp_path):
    """The build writes the cache late (while DuckDB sorts the facts); a check failing after the extraction
    must still leave the extracted results for the next build, as when the cache was written at once."""
    import shutil

    from landscape.build import build
    from landscape.checks import BuildError

    data = tmp_path / "data"
    shutil.copytree(paths.ROOT / "data", data)
    paths.overrides_csv(data).write_text("fact_id,reason\nno-such-fact,preferred\n", encoding="utf-8")
    db = tmp_path / "landscape.duckdb"
    with pytest.raises(BuildError, match="no-such-fact"):
        build(paths.ROOT / "seeds", data, db)
    assert not db.exists()
    assert paths.extraction_cache(db).exists()

"""The bulk (DuckDB) route for large curated files gives exactly the row-by-row loader's records,
messages and database, or declines the file and leaves it to the row-by-row loader."""

from __future__ import annotations

import hashlib
import re
import shutil

import duckdb
import pytest

from landscape import bulk_stages, curated_bulk, paths
from landscape.build import build
from landscape.checks import Collector
from landscape.curated import load_curated
from landscape.entities import load_entities
from landscape.synth import SCALES, generate

HEADER = ("fact_id,entity,metric,chip,value,unit,as_of,qualifier,status,doc_id,quote,"
          "citation_publisher,citation_title,citation_url,citation_published,citation_published_is_estimate\n")
GOOD = "f1,OpenAI,wau,,400000000,users,2025-02,exact,reported,,,CNBC,T,https://x.test/a,2025-02-20,false\n"
GOOD2 = "f2,OpenAI,mau,,5,users,2025-Q1,,estimate,,,P,T,HTTPS://x.test/b,,\n"
EVENTS = "event_id,date,entity,kind,title,counterparty,citation_publisher,citation_url,note\n"
EVENT = "e1,2024-12-06,OpenAI,launch,A launch,,P,https://x.test/e,ignored\n"


@pytest.fixture(scope="module")
def entities():
    data = paths.ROOT / "data"
    return load_entities(paths.entities_csv(data), paths.aliases_csv(data), Collector())


@pytest.fixture
def everything_bulk(monkeypatch):
    monkeypatch.setattr("landscape.curated.BULK_FROM_BYTES", 0)


def _both(directory, entities):
    """(records, violations, warnings) from the row-by-row loader and from the bulk route, and how many
    files the bulk route took."""
    slow_collector = Collector()
    slow = load_curated(directory, entities, slow_collector)
    con = duckdb.connect()
    fast_collector = Collector()
    fast = load_curated(directory, entities, fast_collector, con)
    taken = len(fast.bulk)
    bulk_stages.materialise(con, fast)
    return ((slow.facts, slow.events, slow.statements, sorted(slow_collector.violations), slow_collector.warnings),
            (fast.facts, fast.events, fast.statements, sorted(fast_collector.violations), fast_collector.warnings),
            taken)


CASES = {
    "clean": (HEADER + GOOD + GOOD2, True),
    "clean, no final newline": (HEADER + GOOD + GOOD2.rstrip("\n"), True),
    "quoted commas and quotes": (HEADER + GOOD + 'f3,OpenAI,wau,,"1,000",users,2025,exact,reported,,,'
                                 '"P,""Q""",T,https://x.test/c,2025-02-20,true\n', True),
    "a quote after a space, even inside quotes": (HEADER + GOOD + 'f3,OpenAI,wau,,5,users,2025,exact,reported,,,'
                                                  '"P, ""Q""",T,https://x.test/c,,\n', False),
    "a row of empty cells is skipped": (HEADER + GOOD + ",,,,,,,,,,,,,,,\n" + GOOD2, True),
    "blank line": (HEADER + GOOD + "\n" + GOOD2, False),
    "CRLF": ((HEADER + GOOD + GOOD2).replace("\n", "\r\n"), False),
    "quoted line break": (HEADER + GOOD + 'f3,OpenAI,wau,,5,users,2025,exact,reported,,,"P\nQ",T,https://x,,\n', False),
    "space before a quote": (HEADER + GOOD + 'f3,OpenAI,wau,,5,users,2025,exact,reported,,, "P",T,https://x,,\n',
                             False),
    "padded cell": (HEADER + GOOD + "f3,OpenAI ,wau,,5,users,2025,exact,reported,,,P,T,https://x,,\n", False),
    "non-breaking space in a cell": (HEADER + GOOD + "f3,OpenAI,wau,,5,users,2025,exact,reported,,,P\u00a0,T,https://x,,\n",
                                     False),
    "duplicate id": (HEADER + GOOD + GOOD.replace("400000000", "5"), True),
    "unknown entity": (HEADER + GOOD + GOOD2.replace("OpenAI", "Acme"), False),
    "javascript link": (HEADER + GOOD + GOOD2.replace("HTTPS://x.test/b", "javascript:alert(1)"), False),
    "no evidence": (HEADER + GOOD + "f3,OpenAI,wau,,5,users,2025,exact,reported,,,,,,,\n", False),
    "half a quote": (HEADER + GOOD + "f3,OpenAI,wau,,5,users,2025,exact,reported,doc,,,,,,\n", False),
    "bad value": (HEADER + GOOD + GOOD2.replace(",5,", ",1e400,"), False),
    # The value, entity and period columns are checked by the parser's cell rules directly (CELL_RULES).
    "thousands commas in a value": (HEADER + GOOD + GOOD2.replace(",5,", ',"1,250,000.5",'), True),
    "zero value": (HEADER + GOOD + GOOD2.replace(",5,", ",0,"), False),
    "negative value": (HEADER + GOOD + GOOD2.replace(",5,", ",-5,"), False),
    "value that is not a number": (HEADER + GOOD + GOOD2.replace(",5,", ",five,"), False),
    "NaN value": (HEADER + GOOD + GOOD2.replace(",5,", ",nan,"), False),
    "entity by alias, any case": (HEADER + GOOD + GOOD2.replace("OpenAI", "openai"), True),
    "as_of with a stated precision": (HEADER.replace(",as_of,", ",as_of,as_of_precision,")
                                      + GOOD.replace(",2025-02,", ",2025-02,month,")
                                      + GOOD2.replace(",2025-Q1,", ",2025-Q1,quarter,"), True),
    "as_of whose stated precision is wrong": (HEADER.replace(",as_of,", ",as_of,as_of_precision,")
                                              + GOOD.replace(",2025-02,", ",2025-02,month,")
                                              + GOOD2.replace(",2025-Q1,", ",2025-Q1,day,"), False),
    "as_of that is not a period": (HEADER + GOOD + GOOD2.replace(",2025-Q1,", ",Q5 2025,"), False),
    "too many fields": (HEADER + GOOD + GOOD2.rstrip("\n") + ",extra\n", False),
    "unclosed quote": (HEADER + GOOD + 'f3,OpenAI,wau,,5,users,2025,exact,reported,,"unclosed\n', False),
    "text after a closing quote": (HEADER + GOOD + 'f3,OpenAI,wau,,5,users,2025,exact,reported,,,"P"x,T,https://x,,\n',
                                   False),
    "unknown column": (HEADER.replace("citation_title", "citation_tilte") + GOOD, True),
    "missing column": (HEADER.replace(",unit", "") + GOOD.replace(",users", ""), False),
    "events": (EVENTS + EVENT + EVENT.replace("e1", "e2").replace(",,", ",ByteDance,"), True),
    "events with an empty title": (EVENTS + EVENT + EVENT.replace("e1", "e2").replace("A launch", ""), False),
    "events with a bad date": (EVENTS + EVENT + EVENT.replace("e1", "e2").replace("2024-12-06", "2024-13"), False),
    "events with an unknown entity": (EVENTS + EVENT + EVENT.replace("e1", "e2").replace("OpenAI", "Acme"), False),
    "events with a quarter for a date": (EVENTS + EVENT + EVENT.replace("e1", "e2").replace("2024-12-06", "2024-Q4"),
                                         True),
}


@pytest.mark.parametrize("name", CASES)
def test_bulk_route_matches_the_row_by_row_loader(tmp_path, entities, everything_bulk, name):
    body, bulk_expected = CASES[name]
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / "a.csv").write_bytes(b"\xef\xbb\xbf" + body.encode())
    slow, fast, taken = _both(curated, entities)
    assert fast == slow
    assert taken == (1 if bulk_expected else 0)


def test_duplicates_across_bulk_and_row_by_row_files_name_the_first(tmp_path, entities, everything_bulk):
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / "a.csv").write_text(HEADER + GOOD + GOOD2)
    (curated / "b.csv").write_text(HEADER + GOOD2.replace("OpenAI", "Acme") + GOOD2)  # b is declined: Acme
    (curated / "c.csv").write_text(HEADER + GOOD.replace("f1", "f9") + GOOD)
    slow, fast, taken = _both(curated, entities)
    assert fast == slow and taken == 2
    assert [v.message for v in fast[3] if "duplicate" in v.message] == [
        f"duplicate fact_id 'f2' (first at {curated / 'a.csv'}:3)",
        f"duplicate fact_id 'f1' (first at {curated / 'a.csv'}:2)"]


def _rows(db):
    with duckdb.connect(str(db), read_only=True) as con:
        tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        return {t: con.execute(f"SELECT * FROM {t}").fetchall() for t in tables if t != "build_info"}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic-bulk")
    return generate(out, SCALES["small"], seed=5), out


@pytest.mark.parametrize("source", ["synthetic", "project"])
def test_the_database_is_the_same_either_way(tmp_path, monkeypatch, synthetic, source):
    if source == "synthetic":
        seeds, data = synthetic[0].seeds_dir, synthetic[0].data_dir
    else:
        seeds, data = paths.ROOT / "seeds", paths.ROOT / "data"  # has same_figure_as: rows are materialised
    reference = build(seeds, data, tmp_path / "slow.duckdb", caches=False)
    taken = []
    original = curated_bulk.try_load

    def counting(*args, **kwargs):
        result = original(*args, **kwargs)
        taken.append(result is not None)
        return result

    monkeypatch.setattr("landscape.curated.BULK_FROM_BYTES", 0)
    monkeypatch.setattr("landscape.curated.try_load", counting)
    bulk = build(seeds, data, tmp_path / "bulk.duckdb", caches=False)
    assert any(taken)
    assert (bulk.documents, bulk.facts, bulk.events, bulk.warnings) == (
        reference.documents, reference.facts, reference.events, reference.warnings)
    assert _rows(tmp_path / "bulk.duckdb") == _rows(tmp_path / "slow.duckdb")


def test_bulk_errors_name_file_and_line_like_the_row_by_row_build(tmp_path, monkeypatch, synthetic):
    from landscape.build import BuildError

    seeds, data = synthetic[0].seeds_dir, synthetic[0].data_dir
    broken = tmp_path / "data"
    shutil.copytree(data, broken)
    facts = sorted((broken / "curated").glob("*document_facts.csv"))[0]
    lines = facts.read_text().splitlines(keepends=True)
    lines[2] = re.sub(r",syn_[0-9]+,", ",syn_99999,", lines[2], count=1)  # a document that does not exist
    facts.write_text("".join(lines))
    rates = broken / "fx_rates.csv"
    rates.write_text("".join(rates.read_text().splitlines(keepends=True)[:2]))  # most money has no rate now
    messages = []
    for threshold in (10**12, 0):
        monkeypatch.setattr("landscape.curated.BULK_FROM_BYTES", threshold)
        with pytest.raises(BuildError) as failed:
            build(seeds, broken, tmp_path / "x.duckdb", caches=False)
        messages.append([str(v) for v in failed.value.violations])
    assert messages[0] == messages[1]
    assert any(f"{facts}:3: doc_id 'syn_99999'" in m for m in messages[1])
    assert any("no USD rate" in m for m in messages[1])
    assert not (tmp_path / "x.duckdb").exists()


def test_the_whitespace_list_is_what_str_strip_removes():
    import sys

    assert curated_bulk.WHITESPACE == tuple(c for c in range(sys.maxunicode + 1) if chr(c).isspace())


def _cache_entries(db):
    return sorted(paths.curated_cache(db).glob("*.parquet"))


def test_unchanged_curated_files_are_restored_from_the_cache_with_the_same_database(tmp_path, monkeypatch,
                                                                                     synthetic):
    from landscape.curated_cache import CuratedCache

    seeds, data = synthetic[0].seeds_dir, synthetic[0].data_dir
    reference = tmp_path / "reference.duckdb"
    build(seeds, data, reference, caches=False)
    monkeypatch.setattr("landscape.curated.BULK_FROM_BYTES", 0)
    restored = []
    original = CuratedCache.restore

    def counting(self, con, table, key):
        rows = original(self, con, table, key)
        restored.append(rows is not None)
        return rows

    monkeypatch.setattr(CuratedCache, "restore", counting)
    db = tmp_path / "landscape.duckdb"
    build(seeds, data, db)
    entries = _cache_entries(db)
    assert entries and not any(restored)
    restored.clear()
    build(seeds, data, db)
    assert restored and all(restored) and _cache_entries(db) == entries
    assert _rows(db) == _rows(reference)


def test_a_changed_file_or_entity_table_or_a_damaged_entry_is_not_used(tmp_path, monkeypatch, synthetic):
    seeds, data = synthetic[0].seeds_dir, tmp_path / "data"
    shutil.copytree(synthetic[0].data_dir, data)
    monkeypatch.setattr("landscape.curated.BULK_FROM_BYTES", 0)
    db = tmp_path / "landscape.duckdb"
    build(seeds, data, db)
    before = _cache_entries(db)
    # A damaged entry: its content no longer matches the hash in its name.
    before[0].write_bytes(before[0].read_bytes()[:-100])
    facts = sorted((data / "curated").glob("*cited_facts.csv"))[0]
    lines = facts.read_text().splitlines(keepends=True)
    facts.write_text("".join(lines[:-1]))  # one fact fewer
    build(seeds, data, db)
    after = _cache_entries(db)
    assert len(after) == len(before) and after != before, "the changed file's entry replaced its old one"
    assert all(hashlib.sha256(e.read_bytes()).hexdigest() == e.stem.split("-")[1] for e in after), \
        "the damaged entry was written afresh"
    reference = tmp_path / "reference.duckdb"
    build(seeds, data, reference, caches=False)
    assert _rows(db) == _rows(reference)
    aliases = data / "entity_aliases.csv"
    aliases.write_text(aliases.read_text() + "Another Fictional Alias," + lines[1].split(",")[1].lower()
                       .replace(" ", "-") + "\n")
    build(seeds, data, db, caches=True)
    assert not set(_cache_entries(db)) & set(after), "a changed entity table invalidates every entry"


def test_a_build_without_caches_writes_none(tmp_path, monkeypatch, synthetic):
    monkeypatch.setattr("landscape.curated.BULK_FROM_BYTES", 0)
    db = tmp_path / "landscape.duckdb"
    build(synthetic[0].seeds_dir, synthetic[0].data_dir, db, caches=False)
    assert not paths.curated_cache(db).exists() and not paths.extraction_cache(db).exists()


@pytest.mark.parametrize("content", [b"", b"no newline at all", b"fact_id,entity\n1,a\n", b"\n", b"x" * 25 + b"\nrest",
                                     b"\xef\xbb\xbfid,name\r\nrow\n" * 3])
def test_a_file_is_hashed_chunk_by_chunk_exactly_as_whole(tmp_path, content):
    from landscape.curated_cache import read_digest

    path = tmp_path / "file.csv"
    path.write_bytes(content)
    first_line = content[:content.find(b"\n")] if b"\n" in content else None
    for chunk_bytes in (1, 7, 1 << 20):
        assert read_digest(path, chunk_bytes) == (hashlib.sha256(content).hexdigest(), first_line)

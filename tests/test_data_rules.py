"""The build's checks on what a figure belongs to and measures, and its warnings about figures that pass
every rule but look wrong: each on a purpose-made bad row added to scratch copies of the project's inputs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from landscape.build import build
from landscape.checks import BuildError

CITATION = ("Example News", "An example headline", "https://news.example/a", "2025-03-01", "false")
FACT_HEADER = ("fact_id,entity,metric,chip,value,unit,as_of,qualifier,status,basis,market,citation_publisher,"
               "citation_title,citation_url,citation_published,citation_published_is_estimate")


def _facts_file(data: Path, *rows: str) -> Path:
    path = data / "curated" / "zz_test_rows.csv"
    path.write_text("\n".join([FACT_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _fact(fact_id: str, entity: str, metric: str, value: str, unit: str, basis: str = "", chip: str = "",
          market: str = "") -> str:
    return ",".join([fact_id, entity, metric, chip, value, unit, "2025-02", "exact", "reported", basis, market,
                     *CITATION])


@pytest.mark.parametrize("row, message", [
    (_fact("t1", "OpenAI", "wau", "400000000", "users", market="global"), "belong to the product people use"),
    (_fact("t2", "ChatGPT", "valuation", "300000000000", "USD", basis="funding round"), "belong to a company"),
    (_fact("t3", "Doubao", "gpu_units", "1000", "GPUs", basis="purchases", chip="H20"), "belong to the buying company"),
    (_fact("t4", "Anthropic", "valuation", "60000000000", "USD"), "must state its basis"),
    (_fact("t5", "Meta", "gpu_units", "350000", "GPUs", chip="H100"), "must state its basis"),
])
def test_a_figure_filed_under_the_wrong_kind_or_without_its_basis_fails_the_build(inputs, row, message):
    seeds, data, db = inputs
    path = _facts_file(data, row)
    with pytest.raises(BuildError) as failure:
        build(seeds, data, db)
    found = [v for v in failure.value.violations if message in v.message]
    assert [(v.file, v.line) for v in found] == [(str(path), 2)], failure.value
    assert not db.exists()


def test_the_same_rows_filed_rightly_build(inputs):
    seeds, data, db = inputs
    _facts_file(data, _fact("t1", "ChatGPT", "wau", "400000000", "users", market="global"),
                _fact("t2", "OpenAI", "valuation", "300000000000", "USD", basis="funding round"),
                _fact("t3", "ByteDance", "gpu_units", "1000", "GPUs", basis="purchases", chip="H20"))
    assert build(seeds, data, db).warnings == []


def test_one_series_under_a_product_and_its_company_is_warned_about(inputs):
    seeds, data, db = inputs
    # Alibaba runs several apps, so the extractor cannot tell whose users these are and files them under it.
    _facts_file(data, _fact("t1", "Qwen", "mau", "150000000", "users", market="China"))
    (seeds / "monthly.md").write_text("---\ntitle: Monthly users\npublished: 2025-02-20\n---\n"
                                      "Alibaba now has 152 million monthly active users, the company said.\n",
                                      encoding="utf-8")
    warnings = [str(w) for w in build(seeds, data, db).warnings]
    assert any("one series under two entities" in w and "t1" in w for w in warnings), warnings


def _edit(path: Path, key: str, value: str, **changes: str) -> int:
    """Change one row's cells; returns its line number."""
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fields = list(rows[0].keys())
    line = next(n for n, row in enumerate(rows, start=2) if row[key] == value)
    rows[line - 2].update(changes)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return line


def test_a_day_the_quote_does_not_give_is_warned_about_unless_cited(inputs):
    seeds, data, db = inputs
    events = data / "curated" / "founding_document_events.csv"
    line = _edit(events, "event_id", "seed-tiktok-ruling-2024-12-06", citation_publisher="", citation_title="",
                 citation_url="", citation_published="", citation_published_is_estimate="")
    warnings = build(seeds, data, db).warnings
    assert [(w.file, w.line) for w in warnings if "cite where the day comes from" in w.message] == [(str(events), line)]


def test_an_undated_event_read_from_the_published_date_is_a_by_date(inputs):
    seeds, data, db = inputs
    events = data / "curated" / "founding_document_events.csv"
    line = _edit(events, "event_id", "seed-buyback-valuation", date_qualifier="on")
    warnings = build(seeds, data, db).warnings
    assert [(w.file, w.line) for w in warnings if "date_qualifier 'by'" in w.message] == [(str(events), line)]


def test_the_project_builds_without_warnings(full_db):
    import duckdb

    with duckdb.connect(str(full_db), read_only=True) as con:
        assert con.execute("SELECT warnings FROM build_info").fetchone() == (0,)

"""The Review page can correct everything a figure is described by (qualifier, stated range, status,
basis, chip, market), explains what its counts mean, and labels its reject reason; review.csv gains
the columns these need and keeps files written before them readable.

Built from the tiny fictional landscape (tests/fixtures/tiny/), whose one unreviewed candidate is
"Doubao also had about 12 million daily active users in November".
"""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest
from streamlit.proto.LabelVisibility_pb2 import LabelVisibility

from landscape.build import build
from landscape.checks import Collector
from landscape.review import COLUMNS, FIRST_COLUMNS, Decision, DecisionError, append_decision, load_decisions
from tests.apptest_helpers import open_page


@pytest.fixture
def tiny_review(tiny_inputs, monkeypatch) -> tuple[Path, Path, Path]:
    seeds, data, db = tiny_inputs
    build(seeds, data, db)
    monkeypatch.setenv("LANDSCAPE_DB", str(db))
    monkeypatch.setenv("LANDSCAPE_DATA", str(data))
    return seeds, data, db


def rows(db: Path, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def the_candidate(db: Path) -> tuple[str, str, str]:
    [found] = rows(db, "SELECT candidate_id, candidate_key, doc_sha256 FROM candidates WHERE entity_id = 'doubao' "
                       "AND metric = 'dau'")
    return found


def test_the_review_page_explains_its_counts_and_labels_the_reject_reason(tiny_review):
    _, _, db = tiny_review
    candidate_id, _, _ = the_candidate(db)
    at = open_page("views/review.py")
    counts = next(c.value for c in at.caption if c.value.startswith("What the extractor proposed"))
    assert "2 merged (restate a figure already held; their document becomes another source of it)" in counts
    assert "1 unreviewed (waiting for your decision)" in counts
    reason = at.text_input(key=f"reason-{candidate_id}")
    assert reason.label.startswith("Why reject it?")
    assert reason.proto.label_visibility.value == LabelVisibility.LabelVisibilityOptions.VISIBLE


def test_a_correction_to_a_range_status_chip_and_market_is_stored_and_shown(tiny_review):
    seeds, data, db = tiny_review
    candidate_id, key, _ = the_candidate(db)
    at = open_page("views/review.py")
    at.session_state[f"correcting-{candidate_id}"] = True
    at.run()
    form = {name: f"{name}-{candidate_id}" for name in ("value", "range-low", "range-high", "qualifier", "status",
                                                        "chip", "market", "basis")}
    assert at.number_input(key=form["range-low"]).value is None, "no range was extracted"
    at.number_input(key=form["range-low"]).set_value(10_000_000)
    at.number_input(key=form["range-high"]).set_value(15_000_000)
    at.selectbox(key=form["qualifier"]).set_value("range")
    at.selectbox(key=form["status"]).set_value("estimate")
    at.selectbox(key=form["chip"]).set_value("h20")
    at.selectbox(key=form["market"]).set_value("China")
    at.button(key=f"save-{candidate_id}").click().run()
    assert not at.exception and not at.error

    [decision] = list(csv.DictReader((data / "review.csv").open(encoding="utf-8")))
    assert decision["candidate_key"] == key and decision["decision"] == "correct"
    assert (decision["range_low"], decision["range_high"]) == ("10000000.0", "15000000.0")
    assert (decision["qualifier"], decision["status"], decision["chip"], decision["market"], decision["basis"]) == (
        "range", "estimate", "h20", "China", "none")

    build(seeds, data, db)
    assert rows(db, "SELECT value, range_low, range_high, qualifier, status, chip_id, market, review_state "
                    "FROM facts WHERE fact_id = ?", ["x-" + candidate_id]) == [
        (12_000_000.0, 10_000_000.0, 15_000_000.0, "range", "estimate", "h20", "China", "corrected")]
    at = open_page("views/review.py", {"states": "corrected"})
    [card] = [m.value for m in at.markdown if m.value.startswith("**Doubao**")]
    assert "**10M–15M**" in card and "H20" in card and "China" in card and "estimate" in card, card
    at = open_page("views/explorer.py", {"entities": "doubao", "metric": "dau"})
    [table] = [d.value for d in at.dataframe]
    assert table.range.tolist() == ["10M–15M"], "tables show the stated range beside the value"


def test_a_correction_of_basis_and_chip_follows_the_corrected_metric(tiny_review):
    """A basis must fit the metric it describes: the decision is refused before it is written, and a
    correct one reaches the fact."""
    seeds, data, db = tiny_review
    _, key, sha = the_candidate(db)
    review = data / "review.csv"
    with pytest.raises(DecisionError, match="basis 'purchases' does not fit metric 'dau'"):
        append_decision(review, Decision(key, sha, 0, 1, "correct", metric="dau", basis="purchases"))
    # GPU figures belong to the buyer, so the correction names it too (the build's rule).
    append_decision(review, Decision(key, sha, 0, 1, "correct", entity="ByteDance", metric="gpu_units", unit="GPUs",
                                     value="12000", basis="purchases", chip="H20"))
    build(seeds, data, db)
    assert rows(db, "SELECT metric, unit, value, basis, chip_id FROM facts WHERE review_state = 'corrected'") == [
        ("gpu_units", "GPUs", 12000.0, "purchases", "h20")]


def test_a_refused_correction_says_why_on_the_page_and_writes_nothing(tiny_review):
    _, data, db = tiny_review
    candidate_id, _, _ = the_candidate(db)
    at = open_page("views/review.py")
    at.session_state[f"correcting-{candidate_id}"] = True
    at.run()
    assert at.text_input(key=f"as-of-{candidate_id}").value == "2024-11", "the date at its precision"
    at.number_input(key=f"range-low-{candidate_id}").set_value(20_000_000)
    at.number_input(key=f"range-high-{candidate_id}").set_value(15_000_000)
    at.button(key=f"save-{candidate_id}").click().run()
    assert any("Not saved" in e.value and "above its high end" in e.value for e in at.error)
    assert not (data / "review.csv").exists()


@pytest.mark.parametrize("fields, problem", [
    (dict(range_low="10"), "a range needs both ends"),
    (dict(value="20", range_low="10", range_high="15"), "value 20 is outside its range 10–15"),
    (dict(range_low="15", range_high="10"), "low end 15 is above its high end 10"),
    (dict(status="confirmed"), "status 'confirmed' is not one of"),
    (dict(market="Europe"), "market 'Europe' is not one of"),
    (dict(range_low="many", range_high="15"), "range low 'many' is not a number"),
])
def test_impossible_corrections_are_refused_before_writing(tmp_path, fields, problem):
    path = tmp_path / "review.csv"
    with pytest.raises(DecisionError, match=problem):
        append_decision(path, Decision("k", "s", 0, 1, "correct", **fields))
    assert not path.exists()


def test_a_review_file_from_before_the_new_columns_stays_readable_and_grows_its_header(tiny_review):
    """review.csv is append-only: a file written before the correction columns existed keeps every
    row byte for byte; only its header line gains the new columns, and old rows read them as empty."""
    seeds, data, db = tiny_review
    candidate_id, key, sha = the_candidate(db)
    review = data / "review.csv"
    old_row = f"2026-01-02T03:04:05+00:00,{key},{sha},10,20,accept,,,,,,,analyst\n"
    review.write_text(",".join(FIRST_COLUMNS) + "\n" + old_row, encoding="utf-8")
    collector = Collector()
    assert load_decisions(review, collector)[key]["decision"] == "accept" and not collector.violations
    build(seeds, data, db)
    assert rows(db, "SELECT review_state FROM facts WHERE fact_id = ?", ["x-" + candidate_id]) == [("accepted",)]

    append_decision(review, Decision(key, sha, 10, 20, "correct", range_low="10000000", range_high="15000000"))
    header, first, second = review.read_text(encoding="utf-8").splitlines(keepends=True)
    assert header == ",".join(COLUMNS) + "\n"
    assert first == old_row, "the earlier decision is kept byte for byte"
    assert second.count(",") == len(COLUMNS) - 1
    collector = Collector()
    latest = load_decisions(review, collector)
    assert not collector.violations
    assert (latest[key]["decision"], latest[key]["range_low"]) == ("correct", "10000000")
    build(seeds, data, db)
    assert rows(db, "SELECT range_low, range_high FROM facts WHERE fact_id = ?", ["x-" + candidate_id]) == [
        (10_000_000.0, 15_000_000.0)]


def test_a_review_file_with_other_columns_is_refused_not_rewritten(tmp_path):
    review = tmp_path / "review.csv"
    review.write_text("when,what\n1,2\n", encoding="utf-8")
    before = review.read_bytes()
    with pytest.raises(DecisionError, match="not the first of"):
        append_decision(review, Decision("k", "s", 0, 1, "accept"))
    assert review.read_bytes() == before

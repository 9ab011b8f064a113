"""The benchmark harness at a tiny size with one repetition: every part runs and returns the
shape bench/run.py reports. No timing thresholds: this only keeps the harness from rotting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import browser, build_time, corpus, extraction, report, rerun, twins
from landscape.serving import CHROMIUM_PATH
from landscape.synth import SCALES


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return corpus.corpus(SCALES["tiny"], seed=1, cache=tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def measured(tiny, tmp_path_factory) -> dict:
    """One pass of every part of the harness, shared by the assertions below."""
    patch = pytest.MonkeyPatch()  # rerun.measure_all points LANDSCAPE_DB at the tiny database
    try:
        results = {"build": {"tiny": build_time.measure(tiny / "seeds", tiny / "data", tiny / "real.duckdb", 1, 120)}}
        db = tiny / "real.duckdb"
        results["extraction"] = extraction.measure(tiny / "seeds", tiny / "data", 1, megabytes=0.02)
        patch.setenv("LANDSCAPE_DB", str(db))
        patch.setenv("BENCH_BARE_POINTS", "1")
        twins_dir = tmp_path_factory.mktemp("twins")
        results["rerun"] = rerun.measure_all(db, 1, pages=["chatbot_users", "overview"], twins_dir=twins_dir)
        twins.write_index(twins_dir, [("overview", ""), ("chatbot_users", "chatbot-users")])
        if shutil.which(CHROMIUM_PATH):
            page = results["rerun"]["chatbot_users"]
            chart_pages = {"chatbot_users": {"url_path": page["url_path"], "points": page["page"]["first_chart_points"]}}
            results["ttfc"] = browser.measure_ttfc(db, chart_pages, 1, timeout_s=30, twins_dir=twins_dir)
            results["memory"] = browser.measure_memory(db, [page["url_path"]], sessions=1, timeout_s=30)
    finally:
        patch.undo()
    return results


def _positive(value) -> bool:
    return isinstance(value, float) and value > 0


def test_corpus_is_cached(tiny):
    assert corpus.corpus(SCALES["tiny"], seed=1, cache=tiny.parent) == tiny
    assert _positive(float((tiny / "seeds" / "syn_00000.md").stat().st_size))


def test_stand_in_database_matches_the_build(tiny, measured):
    import duckdb

    stand_in = corpus.stand_in_db(tiny)
    query = "SELECT count(*), sum(span_start), round(sum(value_usd)) FROM facts WHERE method = 'curated'"
    with duckdb.connect(str(stand_in), read_only=True) as a, duckdb.connect(str(tiny / "real.duckdb"), read_only=True) as b:
        assert a.execute(query).fetchall() == b.execute(query).fetchall()


def test_build_and_extraction_figures(measured):
    build = measured["build"]["tiny"]
    assert build["finished"] and len(build["build_s"]) == len(build["floor_s"]) == 1
    assert _positive(build["build_floor_ratio"])
    assert build["incremental_finished"] and len(build["incremental_s"]) == 1 and build["changed_documents"] >= 1
    assert _positive(build["incremental_floor_ratio"])
    assert _positive(measured["extraction"]["extract_mb_s"]) and len(measured["extraction"]["mb_s"]) == 1


def test_rerun_figures(measured):
    users = measured["rerun"]["chatbot_users"]
    assert users["page"]["error"] is None and len(users["page"]["rerun_ms"]) == 1
    assert "entity" in users["page"]["change"] and users["page"]["charts"] >= 1
    assert _positive(users["rerun_ms_p50"]) and _positive(users["rerun_ratio"])
    assert len(users["page"]["default_rerun_ms"]) == 1
    assert _positive(users["default_rerun_ms_p50"]) and _positive(users["default_rerun_ratio"])
    assert "plain rerun" in measured["rerun"]["overview"]["page"]["change"]
    assert len(users["page"]["twin_rerun_ms"]) == len(users["page"]["twin_default_rerun_ms"]) == 1
    assert _positive(users["rerun_twin_ratio"]) and _positive(users["default_rerun_twin_ratio"])
    assert users["page"]["shape"]["chart_points"] and users["page"]["shape"] == users["page"]["twin_shape"]


@pytest.mark.skipif(not shutil.which(CHROMIUM_PATH), reason="Debian chromium is not installed")
def test_browser_figures(measured):
    entry = measured["ttfc"]["chatbot_users"]
    for kind in ("cold", "warm"):
        assert _positive(entry[f"ttfc_ratio_{kind}"]), entry
        assert _positive(entry[f"ttfc_twin_ratio_{kind}"]), entry
    assert entry["twin_server_loaded_duckdb"] is False
    assert measured["memory"]["rss_mb"] > 0 and measured["memory"]["charts_drawn"] == 1


def test_report_lists_every_figure_with_a_verdict(measured):
    rows = report.rows(measured)
    figures = {r.figure for r in rows}
    assert {"rerun_ms p50", "rerun_twin_ratio", "twin_shape", "rerun_ratio (bare)", "rerun_ms unchanged",
            "extract_mb_s", "build_floor_ratio"} <= figures
    if "ttfc" in measured:
        assert {"ttfc_twin_ratio cold", "ttfc_twin_ratio warm", "ttfc_ratio (bare) warm"} <= figures
    assert {r.where for r in rows if r.figure == "build_floor_ratio"} == {"tiny cold", "tiny incremental"}
    assert all(r.passed is None if r.target == report.NO_TARGET else isinstance(r.passed, bool) for r in rows)
    assert all(r.passed for r in rows if r.figure == "twin_shape")
    assert "PASS" in report.table(rows) or "FAIL" in report.table(rows)

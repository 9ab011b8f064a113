"""The review round trip: accept, correct and reject on the Review page, rebuild, and check that the
database and data/review.csv agree; plus the review file's append-only, atomic, locked writes."""

from __future__ import annotations

import csv
import multiprocessing
import shutil
from pathlib import Path

import duckdb
import pytest

from landscape.build import build
from landscape.checks import Collector
from landscape.review import Decision, DecisionError, append_decision, load_decisions
from tests.apptest_helpers import open_page

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


@pytest.fixture
def review_setup(inputs, monkeypatch):
    seeds, data, db = inputs
    # The review round trip is checked against the founding data: the researched dataset's own Kimi users and
    # $157bn valuations would stand beside the figures these tests follow (both tests failed at 22a3b97).
    for researched in (data / "curated").glob("researched_*.csv"):
        researched.unlink()
    for name in ("001_moonshot_round.md", "004_chatgpt_weekly.md", "008_chatbot_rankings.md"):
        shutil.copy(ARTICLES / name, seeds / name)
    build(seeds, data, db)
    monkeypatch.setenv("LANDSCAPE_DB", str(db))
    monkeypatch.setenv("LANDSCAPE_DATA", str(data))
    return seeds, data, db


def rows(db: Path, sql: str, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def candidate(db: Path, entity_id: str, metric: str, value: float) -> tuple[str, str]:
    [(candidate_id, key)] = rows(db, "SELECT candidate_id, candidate_key FROM candidates WHERE entity_id = ? "
                                 "AND metric = ? AND value = ? AND review_state = 'unreviewed'", [entity_id, metric, value])
    return candidate_id, key


def test_unreviewed_candidates_are_facts_marked_unreviewed_and_shown_only_above_the_threshold(review_setup,
                                                                                              monkeypatch):
    from landscape.extract import calibration

    _, _, db = review_setup
    [(state, method, confidence)] = rows(db, "SELECT review_state, method, confidence FROM facts WHERE "
                                         "entity_id = 'kimi' AND metric = 'mau' AND value = 12820000")
    assert (state, method) == ("unreviewed", "extracted")
    assert confidence <= 1
    monkeypatch.setattr(calibration, "SHOW_THRESHOLD", 1.01)  # none shown; set before any query is cached
    at = open_page("views/chatbot_users.py", {"entities": "kimi"})
    assert any("No user figures to show" in i.value for i in at.info)
    at = open_page("views/chatbot_users.py", {"entities": "kimi", "unreviewed": "1"})
    assert any("\\* unreviewed" in c.value for c in at.caption)
    assert at.toggle(key="users:unreviewed").value


def test_review_round_trip_accept_correct_reject_then_rebuild(review_setup):
    seeds, data, db = review_setup
    kimi_id, kimi_key = candidate(db, "kimi", "mau", 12820000)
    yuanbao_id, yuanbao_key = candidate(db, "yuanbao", "mau", 1200000)
    doubao_id, doubao_key = candidate(db, "doubao", "dau", 760000)

    at = open_page("views/review.py")
    at.button(key=f"accept-{kimi_id}").click().run()
    at.text_input(key=f"reason-{doubao_id}").set_value("a 2023 figure quoted for context").run()
    at.button(key=f"reject-{doubao_id}").click().run()
    assert not at.number_input, "a correction form is built only when its expander is opened"
    at.session_state[f"correcting-{yuanbao_id}"] = True
    at.run()
    assert at.number_input(key=f"value-{yuanbao_id}").value == 1200000
    at.number_input(key=f"value-{yuanbao_id}").set_value(1300000)
    at.button(key=f"save-{yuanbao_id}").click().run()
    assert not at.exception

    decisions = list(csv.DictReader((data / "review.csv").open(encoding="utf-8")))
    assert [(d["candidate_key"], d["decision"]) for d in decisions] == [
        (kimi_key, "accept"), (doubao_key, "reject"), (yuanbao_key, "correct")]
    assert decisions[1]["reason"] == "a 2023 figure quoted for context"

    build(seeds, data, db)
    states = dict(rows(db, "SELECT candidate_key, review_state FROM candidates WHERE candidate_key IN (?, ?, ?)",
                       [kimi_key, yuanbao_key, doubao_key]))
    assert states == {kimi_key: "accepted", yuanbao_key: "corrected", doubao_key: "rejected"}
    assert rows(db, "SELECT review_state FROM facts WHERE fact_id = ?", ["x-" + kimi_id]) == [("accepted",)]
    assert rows(db, "SELECT value, review_state FROM facts WHERE fact_id = ?", ["x-" + yuanbao_id]) == [
        (1300000.0, "corrected")]
    assert rows(db, "SELECT count(*) FROM facts WHERE fact_id = ?", ["x-" + doubao_id]) == [(0,)]
    # The rejected candidate never reappears in the review queue.
    at = open_page("views/review.py")
    assert not [c for c in at.get("flex_container") if getattr(c, "key", None) == f"candidate-{doubao_id}"]
    assert doubao_id not in " ".join(str(b.key) for b in at.button)


def test_a_bad_review_row_fails_the_build_with_file_and_line(review_setup):
    seeds, data, db = review_setup
    before = db.read_bytes()
    kimi_id, kimi_key = candidate(db, "kimi", "mau", 12820000)
    append_decision(data / "review.csv", Decision(kimi_key, "x" * 64, 0, 10, "correct", entity="Nobody Corp"))
    with pytest.raises(Exception) as err:
        build(seeds, data, db)
    assert "review.csv:2" in str(err.value) and "Nobody Corp" in str(err.value)
    assert db.read_bytes() == before


def test_invalid_decisions_are_refused_before_writing(tmp_path):
    path = tmp_path / "review.csv"
    with pytest.raises(DecisionError, match="needs a reason"):
        append_decision(path, Decision("k", "s", 0, 1, "reject"))
    with pytest.raises(DecisionError, match="not a number"):
        append_decision(path, Decision("k", "s", 0, 1, "correct", value="lots"))
    assert not path.exists()


def _append_many(path: str, who: str, count: int) -> None:
    for number in range(count):
        append_decision(Path(path), Decision(f"{who}-{number}", "s", number, number + 1, "accept", reviewer=who))


def test_two_sessions_appending_at_once_both_land(tmp_path):
    path = tmp_path / "review.csv"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(path), who, 40)) for who in ("alice", "bob")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    decisions = load_decisions(path, Collector())
    assert len(decisions) == 80
    assert {k.split("-")[0] for k in decisions} == {"alice", "bob"}


def test_a_crash_mid_write_loses_no_earlier_decision(tmp_path):
    path = tmp_path / "review.csv"
    _append_many(str(path), "early", 5)
    before = path.read_bytes()
    context = multiprocessing.get_context("spawn")
    for _ in range(5):
        worker = context.Process(target=_append_many, args=(str(path), "killed", 10_000))
        worker.start()
        worker.join(0.4)
        worker.kill()
        worker.join()
        text = path.read_bytes()
        assert text.startswith(before), "earlier decisions are intact, byte for byte"
        collector = Collector()
        decisions = load_decisions(path, collector)
        assert not collector.violations, "the file is always whole"
        assert {f"early-{n}" for n in range(5)} <= set(decisions)
    _append_many(str(path), "after", 1)
    assert "after-0" in load_decisions(path, Collector())


def test_a_figure_restated_by_another_document_is_one_fact_with_both_sources(review_setup):
    _, _, db = review_setup
    [(fact_id, count)] = rows(db, "SELECT fact_id, source_count FROM facts WHERE fact_id = 'pub-031'")
    assert count == 2, "the fictional ChatGPT article restates OpenAI's cited $157bn valuation"
    [(doc_id,)] = rows(db, "SELECT doc_id FROM fact_sources WHERE fact_id = ?", [fact_id])
    assert doc_id == "004_chatgpt_weekly"
    assert rows(db, "SELECT count(*) FROM facts WHERE metric = 'valuation' AND value = 157e9") == [(1,)]
    at = open_page("views/sources.py", {"record": fact_id})
    assert any(c.value.startswith("Also stated by Fictional test text") for c in at.caption)


@pytest.fixture(scope="module")
def synthetic_queue(tmp_path_factory) -> Path:
    """A SYNTHETIC corpus (landscape.synth, small) whose extractor leaves more unreviewed candidates
    than one page of the review queue holds."""
    from bench.corpus import corpus
    from landscape.synth import SCALES

    synthetic = corpus(SCALES["small"], seed=0, cache=tmp_path_factory.mktemp("synthetic"))
    db = synthetic / "real.duckdb"
    build(synthetic / "seeds", synthetic / "data", db)
    return db


def _shown(at) -> list[str]:
    return [c.key.removeprefix("candidate-") for c in at.get("flex_container")
            if str(getattr(c, "key", "")).startswith("candidate-")]


def test_the_review_queue_turns_pages_that_cover_it_once(synthetic_queue, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(synthetic_queue))
    unreviewed = {r[0] for r in rows(synthetic_queue, "SELECT candidate_id FROM candidates "
                                                       "WHERE review_state = 'unreviewed'")}
    assert 25 < len(unreviewed) <= 50, "the synthetic corpus fills one page and part of a second"

    at = open_page("views/review.py")
    first = _shown(at)
    assert len(first) == 25
    assert any(f"Showing 1–25 of {len(unreviewed)}," in c.value for c in at.caption)
    assert at.number_input(key="review:page").max == 2

    at.number_input(key="review:page").set_value(2).run()
    second = _shown(at)
    assert not at.exception
    assert len(second) == len(unreviewed) - 25
    assert any(f"Showing 26–{len(unreviewed)} of {len(unreviewed)}," in c.value for c in at.caption)
    assert set(first) | set(second) == unreviewed and not set(first) & set(second)

    # Fewer states, fewer pages: the page number follows rather than pointing past the end.
    merged = rows(synthetic_queue, "SELECT count(*) FROM candidates WHERE review_state = 'merged'")[0][0]
    at.multiselect(key="review:states").set_value(["merged"]).run()
    at.number_input(key="review:page").set_value(-(-merged // 25)).run()
    at.multiselect(key="review:states").set_value(["unreviewed"]).run()
    assert not at.exception
    assert at.number_input(key="review:page").value == 2 and set(_shown(at)) == set(second)

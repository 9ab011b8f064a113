"""What changed shows changes: old -> new with the change in percent between comparable figures, human
metric names, a short summary to paste into a slide, and a default period that holds the latest news.

On the tiny fictional database (tests/fixtures/tiny/): after 1 Dec 2024 ByteDance's buyback valuation
rises from ≈$300bn to >$330bn, Kimi's October MAU is restated from 30M to ≈36M, and Doubao (60M)
overtakes Kimi in monthly active users. Its newest source is dated 28 Aug 2025.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date

import pytest

from landscape import paths
from landscape.change_summary import overtakes, summary
from landscape.changes import changes_since, newest_source, window_start
from landscape.database import Database
from landscape.vocabulary import METRICS
from tests.apptest_helpers import open_page

SINCE = date(2024, 12, 1)


@pytest.fixture(scope="module")
def db(tiny_db) -> Database:
    return Database(tiny_db)


def _by_record(frame) -> dict[str, dict]:
    return {row["record_id"]: row for row in frame.to_dict("records")}


def test_a_newer_figure_is_shown_against_the_one_it_supersedes(db):
    changes = _by_record(changes_since(db, SINCE))
    bytedance = changes["t-bytedance-val-2025"]
    assert (bytedance["change"], bytedance["what"], bytedance["old"], bytedance["new"]) == (
        "updated", "Valuation (buyback)", "≈$300bn (Sep 2024)", ">$330bn")
    assert bytedance["change_pct"] == pytest.approx(0.10)
    kimi = changes["t-kimi-mau-oct-b"]
    assert (kimi["change"], kimi["old"], kimi["new"]) == ("revised", "30M (Oct 2024)", "≈36M")
    assert kimi["change_pct"] == pytest.approx(0.20)
    assert changes["t-anthropic-val-2025"]["change"] == "new figure", "nothing earlier to compare with"
    assert changes["t-anthropic-val-2025"]["old"] == ""


def test_only_comparable_figures_are_set_against_each_other(db):
    """Anthropic's valuation is not OpenAI's, and ByteDance's GPU count is not its valuation."""
    changes = _by_record(changes_since(db, SINCE))
    assert changes["t-bytedance-gpus"]["change"] == "new figure"
    assert changes["t-openai-val-2025"]["old"] == "$157bn (Oct 2024)"
    assert changes["t-openai-funding-2025"]["old"] == "$6.6bn (Oct 2024)", "a round is compared with a round"
    assert changes["t-anthropic-val-2025"]["old"] == "", "not with another company's valuation"


def test_what_changed_names_metrics_in_words(db):
    frame = changes_since(db, SINCE)
    codes = {m for m in METRICS if "_" in m or m.endswith("au")}  # gpu_units, mau, ...: not words
    assert not [w for w in frame.what if codes & set(w.replace("(", " ").replace(")", " ").split())], list(frame.what)
    assert "GPU units (H20 · purchases)" in set(frame.what)


def test_the_summary_says_who_overtook_whom_and_what_rose(db):
    sentences = summary(changes_since(db, SINCE), overtakes(db, SINCE))
    assert sentences[0] == "Doubao overtook Kimi in monthly active users (60M against ≈36M)."
    assert "ByteDance's valuation (buyback) rose 10% to >$330bn (from ≈$300bn in Sep 2024)." in sentences
    assert "Kimi's Oct 2024 figure for monthly active users (China) was revised from 30M to ≈36M (+20%)." in sentences
    assert sentences[-1].startswith("Also ") and "new event" in sentences[-1]
    assert len(sentences) <= 6


def test_a_funding_round_follows_the_one_before_rather_than_rising_from_it(db):
    changes = changes_since(db, SINCE)
    sentences = summary(changes[changes.entity == "OpenAI"], [])
    assert sentences[:2] == ["OpenAI's valuation (funding round) rose 91% to $300bn (from $157bn in Oct 2024).",
                             "OpenAI's funding raised (round): $40bn, after $6.6bn in Oct 2024."]


def test_the_default_period_ends_at_the_newest_source_and_holds_changes(db):
    assert newest_source(db) == date(2025, 8, 28)
    since = window_start(db)
    assert since == date(2025, 5, 28)
    assert "t-bytedance-val-2025" in set(changes_since(db, since).record_id)


def test_the_page_opens_on_the_latest_changes_and_a_preset_applies_on_its_own(tiny_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(tiny_db))
    at = open_page("views/changes.py")
    assert not at.info, "the default period is not empty"
    assert any("ByteDance's valuation \\(buyback\\) rose 10%" in m.value for m in at.markdown)
    assert at.code[0].value.startswith("ByteDance's valuation (buyback) rose 10% to >$330bn"), "plain text to copy"
    table = at.dataframe[0].value
    assert table[table.record_id == "t-bytedance-val-2025"].change_pct.tolist() == [pytest.approx(10)]
    at.button_group(key="changes:window").set_value("year").run()
    assert at.query_params["window"] == "year"
    assert any("Since 27 Aug 2024" in h.value for h in at.subheader)


def test_a_linked_date_opens_that_period(tiny_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(tiny_db))
    at = open_page("views/changes.py", {"since": "2024-12-01"})
    assert at.button_group(key="changes:window").value == "date"
    assert at.text_input(key="changes:since").value == "2024-12-01"
    assert any("Doubao overtook Kimi" in m.value for m in at.markdown)


def test_the_command_line_has_the_same_summary_and_default(tiny_db):
    done = subprocess.run([sys.executable, "-m", "landscape", "changes", "--db", str(tiny_db)],
                          capture_output=True, text=True, cwd=paths.ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# What changed since 28 May 2025\n\n- ByteDance's valuation (buyback) rose 10%")
    assert "**ByteDance** · Valuation (buyback) · Aug 2025: ≈$300bn (Sep 2024) → >$330bn (+10%)" in done.stdout
    as_csv = subprocess.run([sys.executable, "-m", "landscape", "changes", "--since", "2024-12-01", "--db",
                             str(tiny_db), "--format", "csv"], capture_output=True, text=True, cwd=paths.ROOT)
    rows = {r["record_id"]: r for r in csv.DictReader(io.StringIO(as_csv.stdout))}
    assert float(rows["t-bytedance-val-2025"]["change_pct"]) == pytest.approx(0.10)
    assert rows["t-bytedance-val-2025"]["old_figure"] == "≈$300bn"


def test_a_date_that_is_not_one_says_so_and_keeps_a_period(tiny_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(tiny_db))
    at = open_page("views/changes.py", {"since": "2024-12-01"})
    at.text_input(key="changes:since").set_value("2024-13-45").run()
    assert any("is not a date written YYYY-MM-DD" in w.value for w in at.warning)
    assert not at.exception and at.dataframe, "the default period's changes stay on the page"

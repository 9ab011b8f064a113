"""Conflicting figures, like-for-like guards, overrides, the as-of view, the change log and growth,
checked where the analyst sees them. The Kimi figures are fictional test data (see the fixture)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from landscape import paths
from landscape.build import build
from landscape.database import Database
from landscape.overrides import append_override
from landscape.queries import Filters, reconciled_facts
from tests.apptest_helpers import figures, open_page, traces

FIXTURE = Path(__file__).parent / "fixtures" / "reconcile" / "fictional_kimi_facts.csv"


@pytest.fixture
def kimi(inputs, monkeypatch):
    seeds, data, db = inputs
    shutil.copy(FIXTURE, data / "curated" / FIXTURE.name)
    build(seeds, data, db)
    monkeypatch.setenv("LANDSCAPE_DB", str(db))
    monkeypatch.setenv("LANDSCAPE_DATA", str(data))
    return seeds, data, db


def kimi_mau(db: Path, **filters):
    frame = reconciled_facts(Database(db), ("mau",), Filters(entities=("kimi",), **filters))
    return frame.set_index("fact_id")


def test_disagreeing_sources_keep_every_value_and_say_why_one_is_chosen(kimi):
    frame = kimi_mau(kimi[2])
    october = frame.loc[["fic-kimi-mau-oct-a", "fic-kimi-mau-oct-b", "fic-kimi-mau-oct-c"]]
    assert list(october.chosen) == [False, True, False]
    reason = october.loc["fic-kimi-mau-oct-b", "choice_reason"]
    assert "3 figures, 3 distinct values" in reason
    assert "realised figure preferred" not in reason and "more recently published (01 Dec 2024 vs 05 Nov 2024)" in reason
    assert (october.value_low.iloc[0], october.value_high.iloc[0]) == (30e6, 50e6)


def test_users_page_shows_the_chosen_value_the_range_and_a_mixed_metric_warning(kimi):
    at = open_page("views/chatbot_users.py", {"entities": "kimi", "mixed": "1"})
    assert any("Not like-for-like" in w.value and "Weekly active users" in w.value for w in at.warning)
    line = traces(figures(at)[1])["Kimi (MAU · China)"]
    assert line["y"] == [20e6, 30e6]
    hover = line["customdata"][1][6]
    assert "Sources disagree: 30M–50M across 3 values" in hover and "more recently published" in hover
    assert "Kimi (WAU · China)" in traces(figures(at)[1])
    table = at.dataframe[0].value
    assert sorted(table[table.metric == "Monthly active users"].value) == [20e6, 30e6, 36e6, 50e6], "every candidate value is listed"


def test_growth_only_between_figures_that_measure_the_same_thing(kimi):
    frame = kimi_mau(kimi[2]).reset_index()
    mixed = reconciled_facts(Database(kimi[2]), ("mau", "wau"), Filters(entities=("kimi",)))
    chosen = mixed[mixed.chosen].set_index("fact_id")
    assert chosen.loc["fic-kimi-mau-oct-b", "growth"] == pytest.approx(0.5)
    assert "not computed" in chosen.loc["fic-kimi-wau-oct", "growth_note"]
    assert "MAU" in chosen.loc["fic-kimi-wau-oct", "growth_note"]
    assert len(frame) == 4


def test_as_of_view_before_and_after_the_revision(kimi):
    before = kimi_mau(kimi[2], known_on=date(2024, 11, 15))
    assert before[before.chosen & (before.as_of == "2024-10-01")].value.tolist() == [36e6]
    after = kimi_mau(kimi[2], known_on=date(2024, 12, 5))
    assert after[after.chosen & (after.as_of == "2024-10-01")].value.tolist() == [30e6]
    at = open_page("views/chatbot_users.py", {"entities": "kimi", "mixed": "0", "known": "2024-11-15"})
    assert traces(figures(at)[1])["Kimi"]["y"] == [20e6, 36e6]


def test_changes_command_lists_the_revision_old_to_new(kimi):
    _, _, db = kimi
    done = subprocess.run([sys.executable, "-m", "landscape", "changes", "--since", "2024-11-15", "--db", str(db)],
                          capture_output=True, text=True, cwd=paths.ROOT)
    assert done.returncode == 0, done.stderr
    assert "## Revised values (1)" in done.stdout
    assert "**Kimi** · Monthly active users (China) · Oct 2024: ≈36M (Oct 2024) → 30M (-17%)" in done.stdout
    assert "- Kimi's Oct 2024 figure for monthly active users (China) was revised from ≈36M to 30M (-17%)." \
        in done.stdout, "the summary says it in a sentence"
    as_csv = subprocess.run([sys.executable, "-m", "landscape", "changes", "--since", "2024-11-15", "--db", str(db),
                             "--format", "csv"], capture_output=True, text=True, cwd=paths.ROOT)
    assert "revised,Kimi,Monthly active users (China),2024-10-01,month,≈36M (Oct 2024),30M,-0.16" in as_csv.stdout
    later = subprocess.run([sys.executable, "-m", "landscape", "changes", "--since", "2024-12-05", "--db", str(db)],
                           capture_output=True, text=True, cwd=paths.ROOT)
    assert "Revised values" not in later.stdout


def test_an_override_survives_rebuilds_and_is_shown_as_an_override(kimi):
    seeds, data, db = kimi
    append_override(data / "overrides.csv", "fic-kimi-mau-oct-a", "tracker panel is larger", analyst="test")
    build(seeds, data, db)
    build(seeds, data, db)
    frame = kimi_mau(db)
    assert frame.loc["fic-kimi-mau-oct-a", "chosen"]
    assert "analyst override: tracker panel is larger" in frame.loc["fic-kimi-mau-oct-a", "choice_reason"]
    at = open_page("views/chatbot_users.py", {"entities": "kimi", "mixed": "0"})
    line = traces(figures(at)[1])["Kimi"]
    assert line["y"] == [20e6, 36e6]
    assert "analyst override" in line["customdata"][1][6]


def test_an_override_naming_an_unknown_fact_fails_the_build_with_its_line(kimi):
    seeds, data, db = kimi
    append_override(data / "overrides.csv", "no-such-fact", "typo")
    with pytest.raises(Exception) as err:
        build(seeds, data, db)
    assert "overrides.csv:2" in str(err.value)


def test_company_profile_is_deep_linkable(kimi):
    at = open_page("views/company.py", {"entity": "moonshot-ai"})
    assert at.title[0].value == "Moonshot AI"
    assert any("Kimi" in m.value for m in at.markdown)
    names = set(traces(figures(at)[0]))
    assert {"Kimi (MAU · China)", "Kimi (WAU · China)"} <= names


def test_what_changed_page_shows_the_revision(kimi):
    at = open_page("views/changes.py", {"since": "2024-11-15"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Revised"] == "1"
    table = at.dataframe[0].value
    revised = table[table.change == "revised"].iloc[0]
    assert (revised.entity, revised.old, revised.new) == ("Kimi", "≈36M (Oct 2024)", "30M")
    assert revised.change_pct == pytest.approx(-100 / 6), "the change, in percent"

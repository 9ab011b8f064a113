"""The pages on the presentation fixture (fictional figures): leads like for like, chart wording, chip
events chosen by kind, and chart titles written above the charts (issue 23, items 10 and 12)."""

from __future__ import annotations

import pandas as pd
import pytest

from landscape import queries
from landscape.database import Database
from landscape.queries import Filters
from tests.apptest_helpers import figures, open_page, title
from tests.presentation_db import presentation_db  # noqa: F401 (a fixture)


@pytest.fixture
def on_fixture(presentation_db, monkeypatch):  # noqa: F811
    monkeypatch.setenv("LANDSCAPE_DB", str(presentation_db))
    return Database(presentation_db)


def _leads_shown(at) -> str:
    return " ".join(m.value for m in at.markdown if m.value.startswith("**Leads, like for like**"))


def test_leads_compare_only_figures_that_measure_the_same_thing():
    """SYNTHETIC rows made here."""
    from landscape.comparisons import leads

    row = dict(metric="valuation", basis="market cap", market=None, chip=None, unit="USD", qualifier="exact",
               as_of=pd.Timestamp(2025, 1, 1), as_of_precision="month", status="reported")
    facts = pd.DataFrame([
        row | dict(entity="A", entity_id="a", company_id="a", value=9e11, value_usd=9e11, qualifier="over"),
        row | dict(entity="A app", entity_id="a-app", company_id="a", value=8e11, value_usd=8e11),
        row | dict(entity="B", entity_id="b", company_id="b", value=3e11, value_usd=3e11),
        row | dict(entity="C", entity_id="c", company_id="c", value=1e12, value_usd=1e12, basis="buyback"),
        row | dict(entity="D", entity_id="d", company_id="d", value=2e12, value_usd=2e12, basis=None),
        row | dict(entity="E", entity_id="e", company_id="e", value=1.5e12, value_usd=1.5e12, basis=None),
        row | dict(entity="F", entity_id="f", company_id="f", value=5e12, value_usd=5e12, status="prospective"),
    ])
    [lead] = leads(facts, "value_usd")
    assert (lead.leader["entity"], lead.runner_up["entity"]) == ("A", "B"), \
        "not A's own product, not another basis, not unstated bases, not a prospective figure"
    assert lead.ratio == pytest.approx(3.0) and lead.gap == pytest.approx(6e11)
    assert lead.sentence() == ("A leads B on valuation · market cap: at least 3.0× (>$900bn vs $300bn), "
                               "a gap of at least $600bn (Jan 2025)")


def test_the_users_page_states_the_lead_like_for_like(on_fixture):
    at = open_page("views/chatbot_users.py")
    shown = _leads_shown(at)
    assert "Doubao leads Yuanbao on MAU · China: about 2.0× (60M vs ≈30M), a gap of about 30M" in shown.replace("\\", "")
    assert "Wenxiaoyan" not in shown and "ChatGPT" not in shown, "users of unstated period and WAU are not compared"


def test_the_valuations_page_states_the_lead_like_for_like(on_fixture):
    at = open_page("views/valuations.py")
    shown = _leads_shown(at).replace("\\", "")
    assert "Meta leads Tencent on valuation · market cap: about 3.2× (≈$1.9tn vs ≈$600bn), a gap of about $1.3tn" \
        in shown
    assert "ByteDance leads" not in shown


def test_a_users_chart_of_mixed_metrics_does_not_title_its_axis_as_one_of_them(on_fixture):
    at = open_page("views/chatbot_users.py")
    latest = figures(at)[0]
    axis = latest["layout"]["xaxis"]["title"]["text"]
    assert axis != "Users (period not stated)" and axis.startswith("Users: ") and "MAU" in axis and "WAU" in axis
    labels = [t for trace in latest["data"] for t in trace["text"]]
    assert "close to 150M" in labels and "<150M" not in labels
    at = open_page("views/chatbot_users.py", {"mixed": "0", "metric": "mau"})
    assert figures(at)[0]["layout"]["xaxis"]["title"]["text"] == "Monthly active users"


def test_chip_related_events_are_chosen_by_kind_not_by_the_words_of_their_titles(on_fixture):
    events = queries.chip_events(on_fixture, Filters())
    assert set(events.event_id) == {"fx-asic", "fx-datacentre", "fx-h20-rule", "fx-nvidia-meeting"}
    at = open_page("views/chips.py")
    [table] = [d.value for d in at.dataframe if "event_id" in d.value.columns]
    assert "fx-tiktok-ruling" not in set(table.event_id) and "fx-h20-rule" in set(table.event_id)
    assert "fx-tencent-partnership" not in set(table.event_id), "a partnership with no chip in it"


def test_a_chart_title_is_written_above_the_chart_where_it_can_wrap(on_fixture):
    at = open_page("views/valuations.py")
    valuation = figures(at)[0]
    assert "title" not in valuation["layout"], "plotly cuts a title off at a phone's width"
    assert title(valuation) == "Valuation over time (USD)"
    assert "**Valuation over time \\(USD\\)**" in [m.value for m in at.markdown]
    assert valuation["layout"]["margin"]["t"] < 50, "no room kept in the plot for a title it does not draw"


def test_the_gpu_chart_says_what_it_does_not_add(on_fixture):
    at = open_page("views/chips.py")
    notes = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "bars side by side are not added" in notes
    assert "ByteDance, Alibaba and Tencent (combined): ≈1M GPUs of H20 (Apr 2025)" in notes

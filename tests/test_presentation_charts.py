"""Charts a colleague can be shown (issue 23): sums a source could state, date axes at the data's
precision, series of one colour told apart, labels that fit, axes with units, and overlays that keep
the figures in view. On the presentation fixture (fictional figures, tests/fixtures/presentation)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from landscape import charts, queries
from landscape.database import Database
from landscape.queries import Filters
from landscape.vocabulary import USER_METRICS
from tests.presentation_db import presentation_db  # noqa: F401 (a fixture)


@pytest.fixture(scope="module")
def db(presentation_db) -> Database:  # noqa: F811
    return Database(presentation_db)


@pytest.fixture(scope="module")
def procurement(db) -> pd.DataFrame:
    return queries.chip_procurement(db, Filters())


def _bars(figure: dict) -> dict[str, list[tuple[str, float, float, str]]]:
    """Each drawn bar (a y category) -> its segments: (fact id, base, length, chip family)."""
    bars: dict[str, list] = {}
    for trace in figure["data"]:
        for y, x, base, point in zip(trace["y"], trace["x"], trace.get("base") or [0] * len(trace["x"]),
                                     trace.get("customdata") or [None] * len(trace["x"]), strict=True):
            if point:
                bars.setdefault(y, []).append((point[0], base, x, trace["name"]))
    return bars


# ---- item 3: only what adds up is stacked ------------------------------------------------------

def test_a_gpu_bar_adds_only_counts_of_one_family_period_and_kind_all_realised(procurement):
    figure = charts.units_by_buyer.spec(procurement)
    facts = procurement.set_index("record_id")
    bars = _bars(figure)
    stacked = [segments for segments in bars.values() if len(segments) > 1]
    assert [sorted(fact for fact, *_ in s) for s in stacked] == [["fx-meta-h100-2025", "fx-meta-h20-2025"]], \
        "Meta's H100 and H20 purchases of 2025 are the one sum a source could state"
    for segments in bars.values():
        rows = facts.loc[[fact for fact, *_ in segments]]
        if len(rows) > 1:
            assert rows.status.isin(["reported", "estimate"]).all()
            assert rows.basis.nunique() == rows.chip_family.nunique() == rows.as_of.nunique() == 1
            assert rows.basis.notna().all()
        bases = sorted(base for _, base, *_ in segments)
        assert bases[0] == 0 and all(b > 0 for b in bases[1:]), "segments stack, none overlaps another"
    alone = {fact for segments in bars.values() if len(segments) == 1 for fact, *_ in segments}
    assert {"fx-meta-fleet-2025", "fx-meta-fleet-planned", "fx-meta-hopper-2024", "fx-bytedance-h20",
            "fx-microsoft-hopper-2023"} <= alone, "a fleet, a plan, a family-wide count, an unstated basis, " \
                                                   "another year: each a bar of its own"


def test_a_combined_figure_for_several_buyers_is_not_drawn_beside_them(procurement):
    figure = charts.units_by_buyer.spec(procurement)
    drawn = {fact for segments in _bars(figure).values() for fact, *_ in segments}
    assert "fx-group-h20" not in drawn
    assert not [a for a in figure["layout"]["annotations"] if "combined" in a["text"]]
    from landscape import stacking
    from landscape.chip_charts import gpu_count_rows

    counts = procurement[procurement.quantity.notna()]
    note = stacking.apart(gpu_count_rows(procurement), counts[stacking.combined_buyers(counts)]).note()
    assert "ByteDance, Alibaba and Tencent (combined): ≈1M GPUs of H20 (Apr 2025)" in note
    assert "a fleet is a stock" in note and "not realised" in note and "does not say what the count is" in note


def test_a_second_count_of_a_chip_a_family_wide_count_and_a_part_of_a_deal_are_never_added():
    """SYNTHETIC rows made here: one buyer, all realised purchases of Hopper chips in 2025."""
    from landscape import stacking

    base = dict(buyer_id="b", buyer="Synthetic Buyer", chip_family="Hopper", basis="purchases", status="reported",
                as_of=pd.Timestamp(2025, 1, 1), as_of_precision="year", part_of=None)
    rows = pd.DataFrame([base | dict(record_id="h100", chip_id="h100", chip="H100"),
                         base | dict(record_id="h20", chip_id="h20", chip="H20"),
                         base | dict(record_id="h100-again", chip_id="h100", chip="H100"),
                         base | dict(record_id="hopper", chip_id="hopper", chip="Nvidia Hopper (H100/H200/H20)"),
                         base | dict(record_id="h200-part", chip_id="h200", chip="H200", part_of="h20")])
    stacks = stacking.stack_ids(rows).set_axis(rows.record_id)
    assert stacks["h100"] == stacks["h20"]
    assert len({stacks["h100"], stacks["h100-again"], stacks["hopper"], stacks["h200-part"]}) == 4


# ---- item 4: date axes at the data's precision -------------------------------------------------

@pytest.mark.parametrize("metrics, entities, precision", [
    (("mau",), (), "month"),  # the users chart with MAU only: two products, one month
    (("funding",), ("moonshot-ai",), "month"),  # a one-round funding chart
    (("users",), ("baidu",), "month"),  # a company profile's users
])
def test_a_date_axis_for_a_single_date_shows_periods_not_times_of_day(db, metrics, entities, precision):
    facts = queries.chosen_facts(db, metrics, Filters(entities=entities))
    assert facts.as_of.nunique() == 1
    axis = charts.metric_lines.spec(facts, title="One date")["layout"]["xaxis"]
    assert axis["tickformat"] == "%b<br>%Y" and axis["dtick"] == "M1"
    start, end = (pd.Timestamp(day) for day in axis["range"])
    assert end - start >= pd.Timedelta(days=120), "padded to a few months around the point"
    assert start < pd.Timestamp(facts.as_of.iloc[0]) < end


def test_date_axes_follow_a_quarter_or_a_year(db, procurement):
    valuations = queries.chosen_facts(db, ("valuation",), Filters(entities=("bytedance",)))
    assert charts.metric_lines.spec(valuations, title="ByteDance")["layout"]["xaxis"]["tickformat"] == "Q%q<br>%Y"
    yearly = pd.DataFrame({"as_of": pd.to_datetime(["2024-01-01"]), "as_of_precision": ["year"]})
    from landscape.axes import date_axis

    axis = date_axis(yearly.as_of, yearly.as_of_precision)
    assert (axis["tickformat"], axis["dtick"]) == ("%Y", "M12")
    years = date_axis(pd.to_datetime(["2020-01-01", "2025-06-01"]), ["month", "month"])
    assert (years["tickformat"], years["dtick"]) == ("%Y", "M12"), "a tick a year over years of data"
    months = date_axis(pd.to_datetime(["2024-12-01", "2025-04-01"]), ["month", "month"])
    assert (months["tickformat"], months["dtick"]) == ("%b<br>%Y", "M1"), "months, not the weeks between them"
    assert date_axis(pd.to_datetime(["2024-12-06", "2025-03-01"]), ["day", "day"]) == {"type": "date"}


# ---- item 5: series of one colour told apart; colours that stay put ------------------------------

def _styles(figure: dict) -> dict[str, tuple[str, str, str]]:
    """Realised series name -> (colour, marker, dash)."""
    return {t["name"]: (t["line"]["color"], t["marker"]["symbol"][0].removesuffix("-open"), t["line"]["dash"])
            for t in figure["data"] if not t["name"].endswith("(not realised)")}


@pytest.mark.parametrize("metrics, entities, value_column, names", [
    (("valuation",), ("bytedance",), "value_usd", ("ByteDance (buyback)", "ByteDance (basis not stated)")),
    (("funding",), ("openai",), "value_usd", ("OpenAI (round)", "OpenAI (tranche)")),
    # every unreviewed figure: ChatGPT's users figure is one the extractor is not confident of
    (USER_METRICS, ("openai",), "value", ("ChatGPT (WAU)", "ChatGPT (users)")),
    (("valuation", "revenue"), ("bytedance",), "value_usd", ("ByteDance (revenue)", "ByteDance (valuation · buyback)")),
])
def test_series_of_one_colour_differ_in_marker_and_dash_and_the_legend_names_each(db, metrics, entities,
                                                                                    value_column, names):
    facts = queries.chosen_facts(db, metrics, Filters(entities=entities, include_unreviewed=True))
    styles = _styles(charts.metric_lines.spec(facts, title="Apart", value_column=value_column))
    first, second = (styles[name] for name in names)
    assert first[0] == second[0], "the company's colour is kept"
    assert first[1:] != second[1:] and first[1] != second[1], "the marker (and dash) tell them apart"
    colors = [color for color, *_ in styles.values()]
    assert len(set(styles.values())) == len(styles) and len(colors) >= 2


def test_colours_stay_put_when_a_chip_family_or_an_entity_arrives(procurement):
    from landscape.palette import PALETTE, stable_color

    before = charts.units_by_buyer.spec(procurement)
    arrival = procurement[procurement.record_id == "fx-meta-hopper-2024"].assign(
        record_id="synthetic-ascend", chip="Synthetic Ascend", chip_id="synthetic-ascend", chip_family="Ascend")
    after = charts.units_by_buyer.spec(pd.concat([procurement, arrival], ignore_index=True))

    def colors(figure: dict) -> dict[str, str]:
        return {t["name"]: t["marker"]["color"] for t in figure["data"] if t.get("name")}

    assert colors(before) == {"Hopper": "#76B900", "Instinct": "#ED1C24"}
    assert colors(after) == colors(before) | {"Ascend": "#CF0A2C"}
    assert stable_color("An entity with no colour") == stable_color("An entity with no colour") in PALETTE
    assert stable_color("Anything", "#123456") == "#123456"


# ---- item 6: labels that fit, axes with units, overlays that keep the figures in view -------------

def test_each_series_labels_at_most_its_latest_point_and_labels_do_not_overlap(db):
    from landscape.point_labels import Candidate, fitting_labels

    facts = queries.chosen_facts(db, ("valuation",), Filters())
    figure = charts.metric_lines.spec(facts, title="Valuations", value_column="value_usd", log_y=True)
    labelled = 0
    for trace in figure["data"]:
        texts = [t for t in trace["text"] if t]
        assert len(texts) <= 1 and (not texts or trace["text"][-1]), "only the latest point is labelled"
        labelled += len(texts)
    assert 0 < labelled < len(facts)
    # Two labels the same size at the same spot: only the first is kept; one at the right edge turns left.
    crowded = [Candidate("a", 0.5, 0.5, "$300bn"), Candidate("b", 0.5, 0.5, "$315bn"),
               Candidate("c", 1.0, 0.2, "$500bn prospective")]
    assert fitting_labels(crowded, 720, 300) == {"a": "top center", "b": "bottom center", "c": "top left"}


def test_log_axes_say_their_unit_at_every_tick(db):
    facts = queries.chosen_facts(db, ("valuation",), Filters())
    axis = charts.metric_lines.spec(facts, title="V", value_column="value_usd", log_y=True)["layout"]["yaxis"]
    assert axis["type"] == "log" and axis["tickmode"] == "array"
    assert all(text.startswith("$") and text[-2:] in ("bn", "tn") for text in axis["ticktext"])
    assert {"$3bn", "$10bn", "$30bn", "$1tn"} <= set(axis["ticktext"]), "1 and 3 of each power over three"
    narrow = charts.metric_lines.spec(facts[facts.entity == "ByteDance"], title="V", value_column="value_usd", log_y=True)
    assert narrow["layout"]["yaxis"]["ticktext"][:3] == ["$300bn", "$310bn", "$320bn"], "ticks within a narrow range"


def test_an_event_overlay_keeps_to_the_figures_dates_and_counts_what_it_leaves_out(db):
    facts = queries.chosen_facts(db, ("valuation",), Filters(entities=("bytedance",)))
    events = queries.events_for_companies(db, ["bytedance"], Filters())
    assert pd.to_datetime(events.date).min().year == 2017, "the fixture has an event years before the figures"
    figure = charts.add_event_markers(charts.metric_lines.spec(facts, title="V", value_column="value_usd"), events)
    first, last = (pd.Timestamp(d) for d in figure["layout"]["xaxis"]["range"])
    lines = [pd.Timestamp(shape["x0"]) for shape in figure["layout"]["shapes"]]
    assert lines and all(first <= day <= last for day in lines), "no event line stretches the axis"
    outside = int(((pd.to_datetime(events.date) < first) | (pd.to_datetime(events.date) > last)).sum())
    assert f"{outside} outside these figures' dates left out" in figure["layout"]["title"]["subtitle"]["text"]
    [markers] = [t for t in figure["data"] if t["name"] == "Events"]
    assert markers["yaxis"] == "y2" and all(row[0].startswith("fx-") for row in markers["customdata"])


def test_the_chip_matrix_turns_crowded_column_names_on_end_with_room_kept_for_them(procurement):
    wide = procurement.assign(chip=[f"Synthetic accelerator model {n % 16}" for n in range(len(procurement))])
    crowded = charts.procurement_matrix.spec(wide)["layout"]
    few = charts.procurement_matrix.spec(procurement)["layout"]
    assert crowded["xaxis"]["autotickangles"] == few["xaxis"]["autotickangles"] == [0, -90]
    assert crowded["xaxis"]["automargin"], "on a phone plotly widens the margin for names on end"
    assert crowded["margin"]["t"] > few["margin"]["t"], "names a desktop turns on end have room kept up front"


# ---- figures plotly accepts ---------------------------------------------------------------------

def test_every_chart_is_a_figure_plotly_accepts(db, procurement):
    """The dashboard sends its figure dicts unvalidated (figure_spec.for_streamlit), so a property plotly
    does not know would only show in the browser: each is checked here."""
    valuations = queries.chosen_facts(db, ("valuation",), Filters())
    specs = [charts.units_by_buyer.spec(procurement), charts.procurement_matrix.spec(procurement),
             charts.metric_lines.spec(valuations, title="V", value_column="value_usd", log_y=True),
             charts.latest_bar.spec(valuations, metric="valuation", log_y=True),
             charts.timeline_swimlanes.spec(queries.timeline(db, Filters())),
             charts.add_event_markers(charts.metric_lines.spec(valuations, title="V"),
                                      queries.events_for_companies(db, ["bytedance"], Filters()))]
    for spec in specs:
        for sent in (spec, charts.on_screen(spec)):
            validated = go.Figure(sent).to_dict()
            assert _unknown_keys(sent, validated) == [], "plotly.js would ignore these (a magic underscore?)"


def _unknown_keys(sent, validated, path: str = "") -> list[str]:
    """Keys of the dict sent that plotly's own form of it lacks: plotly python reads 'pattern_shape' as
    marker.pattern.shape, but a dict sent as it is reaches plotly.js, which knows no 'pattern_shape'."""
    if isinstance(sent, dict) and isinstance(validated, dict):
        return [found for key, value in sent.items()
                for found in ([f"{path}.{key}"] if key not in validated else
                              _unknown_keys(value, validated[key], f"{path}.{key}"))]
    if isinstance(sent, list) and isinstance(validated, (list, tuple)) and sent and isinstance(sent[0], dict):
        return [found for n, (a, b) in enumerate(zip(sent, validated, strict=False))
                for found in _unknown_keys(a, b, f"{path}[{n}]")]
    return []


def test_twenty_chip_columns_get_one_line_names_each_that_stay_apart(procurement):
    """SYNTHETIC chip names: 20 columns of names wrapped over lines ran into each other on a phone, where
    plotly turns each name on end as a block as wide as its lines."""
    names = [f"Accelerator {n:02d} of a synthetic family (all variants)" for n in range(18)]
    names += ["Synthetic twin accelerator A", "Synthetic twin accelerator B"]  # alike when cut short
    wide = pd.concat([procurement] * (1 + 20 // max(len(procurement), 1)), ignore_index=True)
    wide["chip"] = [names[n % 20] for n in range(len(wide))]
    columns = {x for trace in charts.procurement_matrix.spec(wide)["data"] for x in trace["x"]}
    assert len(columns) == 20 and not [c for c in columns if "<br>" in c], columns
    assert sorted(c for c in columns if len(c) > 18) == names[18:], "names cut short unless two would read alike"
    from landscape.chip_charts import column_names

    few = column_names(["H100", "AMD Instinct MI300", "Nvidia Hopper (H100/H200/H20)"])
    assert few["AMD Instinct MI300"] == "AMD Instinct<br>MI300", "a few keep their names wrapped over lines"

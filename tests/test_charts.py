"""Chart builders on frames: what the chip matrix keeps when there are many records."""

from __future__ import annotations

import pandas as pd

from landscape import charts, queries
from landscape.chip_charts import QUANTITY_TRACE
from landscape.database import Database
from landscape.queries import Filters
from landscape.vocabulary import USER_METRICS


def _synthetic_procurement(chips: int, records_per_cell: int) -> pd.DataFrame:
    """SYNTHETIC records, generated here: two buyers, every chip in China, each cell holding
    `records_per_cell` GPU counts a month apart, and one statement without a figure per cell."""
    rows = []
    for buyer in ("Synthetic Buyer A", "Synthetic Buyer B"):
        for number in range(chips):
            chip = f"Synthetic Chip {number:02d}"
            # Chip 00 has the most records, chip 01 the next most, and so on.
            count = records_per_cell + (chips - number) // 10
            for month in range(1, count + 1):
                rows.append({"record_id": f"{buyer[-1]}-{number}-{month}", "quantity": 1000.0 * month,
                             "as_of": pd.Timestamp(2024, month, 1)})
            rows.append({"record_id": f"{buyer[-1]}-{number}-statement", "quantity": None,
                         "as_of": pd.Timestamp(2024, 1, 1)})
            for row in rows[-count - 1:]:
                row.update(buyer=buyer, chip=chip, chip_family="Synthetic", region="China", channel=None,
                           quantity_unit="GPUs", spend_usd=None, status="reported", qualifier=None,
                           as_of_precision="month", quote="synthetic", citation_publisher="Synthetic",
                           citation_title="Synthetic", citation_published=pd.Timestamp(2024, 12, 1),
                           citation_published_is_estimate=False)
    return pd.DataFrame(rows)


def _points(figure: dict) -> list[tuple[str, str, str, str]]:
    """(column, row, trace, hover) of every marker."""
    return [(x, y, trace["name"], point[6]) for trace in figure["data"]
            for x, y, point in zip(trace["x"], trace["y"], trace["customdata"], strict=True)]


def test_the_chip_matrix_gives_columns_to_the_chips_with_most_records():
    procurement = _synthetic_procurement(chips=30, records_per_cell=3)
    points = _points(charts.procurement_matrix.spec(procurement))
    columns = {column for column, *_ in points}
    assert len(columns) == charts.MAX_MATRIX_CHIPS
    from landscape.chip_charts import column_names

    assert columns == set(column_names([f"Synthetic Chip {n:02d}" for n in range(charts.MAX_MATRIX_CHIPS)]).values())


def test_a_matrix_cell_shows_its_latest_record_of_each_kind_and_counts_the_rest():
    procurement = _synthetic_procurement(chips=3, records_per_cell=4)
    figure = charts.procurement_matrix.spec(procurement)
    points = _points(figure)
    cells = [(column, row, trace) for column, row, trace, _ in points]
    assert len(cells) == len(set(cells)) == 2 * 3 * 2, "one GPU count and one statement per buyer and chip"
    counts = [(trace, hover) for _, _, trace, hover in points if trace == QUANTITY_TRACE]
    assert all("Latest of 4 records of this kind" in hover for _, hover in counts)
    labels = [label for trace in figure["data"] if trace["name"] == QUANTITY_TRACE for label in trace["text"]]
    assert set(labels) == {"4k"}, "the latest count (April, 4,000 GPUs) is the one drawn"
    statements = [hover for _, _, trace, hover in points if trace != QUANTITY_TRACE]
    assert statements and not any("Latest of" in hover for hover in statements)


def test_the_project_matrix_keeps_every_record(project_db):
    procurement = queries.chip_procurement(Database(project_db), Filters())
    points = _points(charts.procurement_matrix.spec(procurement))
    assert len(points) == len(procurement), "no cell of the project's data holds two records of one kind"
    assert procurement.chip.nunique() <= charts.MAX_MATRIX_CHIPS


def test_gpu_bars_carry_labels_only_while_few():
    few = _synthetic_procurement(chips=3, records_per_cell=2)
    many = _synthetic_procurement(chips=30, records_per_cell=2)
    for frame, labelled in ((few, True), (many, False)):
        figure = charts.units_by_buyer.spec(frame)
        bars = [trace for trace in figure["data"] if trace.get("customdata")]
        ends = sum(len(trace["x"]) for trace in bars)  # no synthetic count states its basis: none is added
        assert (ends <= charts.MAX_LABELLED_BARS) == labelled
        assert any(any(trace["text"]) for trace in bars) == labelled
        assert all(len(trace["customdata"]) == len(trace["x"]) for trace in bars), "every bar keeps its hover"


def _many_series(project_db, copies: int) -> pd.DataFrame:
    """SYNTHETIC series, generated here: the project's valuations copied under made-up entity names
    ("Synthetic copy N of ..."), so that one chart holds many series, realised and not."""
    facts = queries.chosen_facts(Database(project_db), ("valuation",), Filters())
    return pd.concat([facts.assign(entity="Synthetic copy " + str(n) + " of " + facts.entity,
                                   fact_id="synthetic-" + str(n) + "-" + facts.fact_id) for n in range(copies)],
                     ignore_index=True)


def test_a_chart_of_many_series_draws_each_as_one_trace_with_open_non_realised_figures(project_db):
    few = charts.metric_lines.spec(_many_series(project_db, copies=1), title="Valuations")
    assert any(trace["name"].endswith("(not realised)") for trace in few["data"]), "few series: dashed of their own"
    facts = _many_series(project_db, copies=4)
    figure = charts.metric_lines.spec(facts, title="Valuations")
    names = [trace["name"] for trace in figure["data"]]
    assert len(names) > charts.MAX_DASHED_SERIES
    assert len(set(names)) == len(names) and not [n for n in names if n.endswith("(not realised)")], \
        "one trace a series"
    assert sum(len(trace["x"]) for trace in figure["data"]) == len(facts), "every figure is still drawn"
    opened = [(symbol.endswith("-open"), point[3]) for trace in figure["data"]
              for symbol, point in zip(trace["marker"]["symbol"], trace["customdata"], strict=True)]
    assert all(is_open == (status not in ("reported", "estimate")) for is_open, status in opened)
    assert any(is_open for is_open, _ in opened), "non-realised figures keep their open symbols"


def test_a_capped_chart_draws_the_series_with_the_largest_latest_figures_and_lists_the_rest(project_db):
    facts = _many_series(project_db, copies=4)
    figure = charts.metric_lines.spec(facts, title="Valuations", value_column="value_usd", draw_at_most=5)
    assert len(figure["data"]) > charts.MAX_DASHED_SERIES, "one trace a series, so a trace's last point is its latest"
    latest = {t["name"]: t["y"][-1] for t in figure["data"]}
    drawn = {t["name"] for t in figure["data"] if t.get("visible", True) is True}
    listed = {t["name"] for t in figure["data"] if t.get("visible") == "legendonly"}
    assert len(drawn) == 5 and drawn | listed == set(latest), "every series stays in the legend"
    assert min(latest[n] for n in drawn) >= max(latest[n] for n in listed) and len(set(latest.values())) > 5, \
        "the drawn ones have the largest latest figures"
    assert sum(len(t["x"]) for t in figure["data"]) == len(facts), "a listed series keeps its points, one click away"
    subtitle = figure["layout"]["title"]["subtitle"]["text"]
    assert f"The 5 largest of {len(latest)} series are drawn" in subtitle
    assert figure["layout"]["margin"]["t"] > charts._MARGIN["t"], "room for the subtitle, set up front"
    uncapped = charts.metric_lines.spec(facts, title="Valuations", value_column="value_usd",
                                        draw_at_most=len(latest))
    assert not [t for t in uncapped["data"] if "visible" in t] and "subtitle" not in uncapped["layout"]["title"]
    few = _many_series(project_db, copies=1)
    realised = few.index[few.status == "reported"]
    few.loc[realised[:: max(1, len(realised) // 4)], "status"] = "planned"  # series of both kinds (SYNTHETIC)
    few = charts.metric_lines.spec(few, title="Valuations", value_column="value_usd", draw_at_most=2)
    shown: dict[str, set] = {}
    for trace in few["data"]:  # a series of realised and not realised figures is two traces, shown together
        shown.setdefault(trace["legendgroup"], set()).add(trace.get("visible", True))
    assert len(few["data"]) > len(shown) and all(len(v) == 1 for v in shown.values())
    assert sum(v == {True} for v in shown.values()) == 2


def test_a_long_legend_goes_right_of_the_plot_with_room_for_its_longest_name(project_db):
    few = charts.metric_lines.spec(_many_series(project_db, copies=1), title="Valuations")
    assert len({trace["name"] for trace in few["data"]}) <= charts.MAX_LEGEND_BELOW
    assert few["layout"]["legend"]["orientation"] == "h", "a short legend stays below the plot"
    figure = charts.metric_lines.spec(_many_series(project_db, copies=4), title="Valuations")
    names = {trace["name"] for trace in figure["data"]}
    assert len(names) > charts.MAX_LEGEND_BELOW
    legend, margin = figure["layout"]["legend"], figure["layout"]["margin"]
    assert legend["orientation"] == "v" and legend["x"] > 1, "one entry a line, right of the plot"
    wanted = 7 * max(map(len, names))  # about 7 px a character
    assert margin["r"] >= min(wanted, charts.LEGEND_MARGIN_CAP_PX) > charts._MARGIN["r"], \
        "the right margin holds the longest name, up to a cap"
    assert margin["l"] == few["layout"]["margin"]["l"]


def test_bars_lie_on_their_side_one_row_each_with_their_names_written_above_them(project_db):
    """Upright bars stood their names on end and a column of names beside lying bars took half a
    phone's width: bars lie on their side, each name written above its bar inside the plot."""
    latest = queries.chosen_facts(Database(project_db), ("valuation",), Filters()).drop_duplicates("entity_id")
    few = charts.latest_bar.spec(latest.head(5), metric="valuation", title="Latest")
    assert all(trace["orientation"] == "h" for trace in few["data"])
    assert few["layout"]["margin"]["l"] < charts._MARGIN["l"], "no column of names left of the bars"
    assert few["layout"]["yaxis"]["showticklabels"] is False
    names = [a["text"] for a in few["layout"]["annotations"]]
    assert names == list(few["data"][0]["y"]) and all(a["yshift"] > 0 for a in few["layout"]["annotations"])
    facts = _many_series(project_db, copies=4)
    figure = charts.latest_bar.spec(facts, metric="valuation", title="Latest")
    bars = sum(len(trace["y"]) for trace in figure["data"])
    assert figure["layout"]["height"] >= charts.BAR_ROW_PX * bars, "the chart grows a row a bar"
    assert figure["layout"]["yaxis"]["autorange"] == "reversed", "the largest bar on top"
    assert "legend" not in figure["layout"], "no room kept for a legend that is not shown"


def test_bars_coloured_by_entity_are_one_trace_whose_hover_names_each_entity(project_db):
    latest = queries.chosen_facts(Database(project_db), ("valuation",), Filters()).drop_duplicates("entity_id")
    figure = charts.latest_bar.spec(latest, metric="valuation", title="Latest")
    [trace] = figure["data"]
    assert len(trace["marker"]["color"]) == len(trace["customdata"]) == len(latest) > 1
    entities = [row[len(charts.CUSTOM_FIELDS)] for row in trace["customdata"]]
    assert sorted(entities) == sorted(latest.entity)
    colors = dict(zip(latest.entity, latest.color, strict=True))
    assert trace["marker"]["color"] == [colors[e] for e in entities], "each bar keeps its entity's colour"
    assert f"<extra>%{{customdata[{len(charts.CUSTOM_FIELDS)}]}}</extra>" in trace["hovertemplate"]
    assert figure["layout"]["showlegend"] is False
    by_company = charts.latest_bar.spec(latest, metric="valuation", title="Latest", group_by="company")
    assert {t["name"] for t in by_company["data"]} == set(latest.company), "one trace, one legend entry a company"
    assert all(t["hovertemplate"] == charts.HOVER for t in by_company["data"])


def test_matrix_rows_are_named_inside_the_plot_and_its_legend_has_room_below():
    """A column of row names beside the matrix took half a phone's width: each row's name is written
    above its line, and a long name is cut rather than widening the margin."""
    short = charts.procurement_matrix.spec(_synthetic_procurement(chips=3, records_per_cell=1))
    frame = _synthetic_procurement(chips=3, records_per_cell=1)
    frame["buyer"] = frame.buyer + " with a much longer registered name" * 3
    long = charts.procurement_matrix.spec(frame)
    assert long["layout"]["margin"]["l"] == short["layout"]["margin"]["l"] < charts._MARGIN["l"]
    names = [a["text"] for a in long["layout"]["annotations"]]
    assert len(names) == 2 and all(len(name) <= 60 and name.endswith("…") for name in names)
    assert short["layout"]["yaxis"]["showticklabels"] is False
    assert len(short["data"]) == 2, "two entries: a legend below the plot"
    legend, margin = short["layout"]["legend"], short["layout"]["margin"]
    assert legend["orientation"] == "h" and (legend["yref"], legend["yanchor"], legend["y"]) == ("container", "bottom", 0)
    assert margin["b"] > charts._MARGIN["b"], "the bottom margin holds the legend's row"


def test_hover_sources_show_a_quoted_title_with_its_quotation_marks(project_db):
    facts = queries.chosen_facts(Database(project_db), USER_METRICS, Filters())
    figure = charts.metric_lines.spec(facts, title="Users")
    sources = [row[charts.CUSTOM_FIELDS.index("source_html")] for trace in figure["data"] for row in trace["customdata"]]
    assert any('"Untitled article on ByteDance' in source for source in sources), sources[:3]
    assert not any("&quot;" in source for source in sources)


def test_a_cached_figure_dict_is_sent_as_the_json_a_figure_of_it_would_send(project_db):
    """ui.chart hands st.plotly_chart the cached dict without building a Figure (charts.for_streamlit):
    what plotly serialises must be what the Figure would have sent, plotly's default template included."""
    import json

    import plotly.io as pio
    from plotly.tools import return_figure_from_figure_or_data

    facts = queries.reconciled_facts(Database(project_db), USER_METRICS, Filters())
    spec = charts.metric_lines.spec(facts[facts.chosen], title="Users over time", y_title="Users")

    def sent(figure) -> dict:  # what st.plotly_chart does with its argument
        return json.loads(pio.to_json(return_figure_from_figure_or_data(figure, validate_figure=True),
                                      validate=False))

    assert sent(charts.for_streamlit(spec)) == sent(charts.unvalidated(spec))
    assert sent(charts.for_streamlit(spec))["layout"]["template"]["layout"], "the default template is sent"
    figure = charts.unvalidated(spec)
    assert charts.for_streamlit(figure) is figure, "a Figure (with event lines added, say) goes as it is"
    assert charts.title_of(spec) == charts.title_of(figure) == "Users over time"


def test_records_that_name_no_chip_get_a_column_of_their_own_with_a_name():
    """Capex on AI chips in general names no chip: with an empty column name plotly drew those records
    under the first chip's name."""
    from landscape.chip_charts import NO_CHIP

    procurement = _synthetic_procurement(chips=3, records_per_cell=1)
    procurement.loc[procurement.index[:2], "chip"] = None
    columns = {column for column, *_ in _points(charts.procurement_matrix.spec(procurement))}
    assert NO_CHIP in columns and "" not in columns, columns


def test_a_wide_count_label_steps_aside_instead_of_running_into_its_neighbour():
    """SYNTHETIC: in 20 columns, a long label ("almost 600k H100-eq.") beside a short one ran into it at a
    desktop's width. It starts right of its marker when the cells after it leave room (chips 06-08 hold only
    statements without a figure); labels that have room stay centred below their markers."""
    procurement = _synthetic_procurement(chips=20, records_per_cell=1)
    room = procurement.chip.isin([f"Synthetic Chip {n:02d}" for n in (6, 7, 8)]) & procurement.quantity.notna()
    procurement = procurement[~room].reset_index(drop=True)
    wide = procurement.chip.eq("Synthetic Chip 05") & procurement.quantity.notna()
    procurement.loc[wide, ["quantity", "quantity_unit", "qualifier"]] = [600000.0, "H100-equivalents", "almost"]
    figure = charts.procurement_matrix.spec(procurement)
    [counts] = [trace for trace in figure["data"] if trace["name"] == QUANTITY_TRACE]
    placed = dict(zip(zip(counts["x"], counts["y"], strict=True),
                      zip(counts["text"], counts["textposition"], strict=True), strict=True))
    from landscape.chip_charts import column_names

    names = column_names([f"Synthetic Chip {n:02d}" for n in range(20)])
    for buyer in ("Synthetic Buyer A", "Synthetic Buyer B"):
        text, position = placed[(names["Synthetic Chip 05"], f"{buyer} · China")]
        assert text == "almost 600k H100-eq." and position == "bottom right"
        assert placed[(names["Synthetic Chip 04"], f"{buyer} · China")][1] == "bottom center"
        assert placed[(names["Synthetic Chip 09"], f"{buyer} · China")][1] == "bottom center"

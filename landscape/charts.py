"""DataFrame -> plotly Figure. Pure functions: no streamlit, no database, testable without a browser.

Every point carries its evidence in customdata (see figure_spec.py), so hover shows the quote and a
click can reach the fact. Claim status is drawn, not just listed: realised figures are filled
markers, planned and prospective ones open. A series keeps its entity's colour; series that share a
colour differ in marker and dash by what they measure (palette.py), and the legend names each.
Only the labels that fit are drawn (point_labels.py); the rest are on hover.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from landscape.axes import date_axis, value_ticks
from landscape.chip_charts import MAX_LABELLED_BARS, MAX_MATRIX_CHIPS, matrix_chips, procurement_matrix, units_by_buyer
from landscape.figure_spec import (
    ASSUMED_PLOT_WIDTH_PX,
    CUSTOM_FIELDS,
    DEFAULT_HEIGHT,
    HOVER,
    HOVER_NAMED,
    LEGEND_MARGIN_CAP_PX,
    MARGIN,
    MAX_LEGEND_BELOW,
    STATUS_PATTERN,
    SUBTITLE_PX,
    TEXT_PX,
    TITLE_PX,
    Drawable,
    as_figure,
    as_plain,
    axis_label,
    builds_figure,
    empty,
    figure,
    for_streamlit,
    group_colors,
    legend_below_px,
    legend_names,
    market_of,
    on_screen,
    row_names,
    subtitle_of,
    text,
    title_of,
    unvalidated,
    with_evidence,
)
from landscape.labels import chart_text, period_label, records, source_labels, wrap
from landscape.palette import distinct_styles, symbol
from landscape.point_labels import ABOVE_PLOT_PX, Candidate, fitting_labels
from landscape.reconcile import definition_rank, series_definitions
from landscape.vocabulary import METRIC_LABELS, MONEY_METRICS, REALISED_STATUSES

__all__ = ["CUSTOM_FIELDS", "HOVER", "LEGEND_MARGIN_CAP_PX", "MAX_LABELLED_BARS", "MAX_LEGEND_BELOW", "MAX_MATRIX_CHIPS",
           "STATUS_PATTERN", "Drawable", "add_event_markers", "as_figure", "as_plain", "axis_label", "for_streamlit",
           "latest_bar", "legend_below_px", "legend_names", "market_of", "matrix_chips", "metric_lines", "on_screen",
           "procurement_matrix", "subtitle_of", "timeline_swimlanes", "title_of", "units_by_buyer", "unvalidated",
           "with_evidence"]

_MARGIN = MARGIN  # the default margins, for the tests that compare with them
EVENT_COLORS = {"launch": "#1f77b4", "model": "#aec7e8", "funding": "#2ca02c", "valuation": "#17becf",
                "ipo": "#98df8a", "regulation": "#d62728", "hire": "#9467bd", "chips": "#8c564b",
                "datacentre": "#e377c2", "leadership": "#7f7f7f", "lab": "#bcbd22", "partnership": "#ff7f0e",
                "other": "#aaaaaa"}
# Room above the plot for the labels of its top points (point_labels.ABOVE_PLOT_PX) and their markers.
_LABELS_TOP_PX = ABOVE_PLOT_PX + 10


def _value_axis(title: str | None, log: bool, values: Iterable[float], in_usd: bool, ticks: int = 5) -> dict:
    """A value axis whose ticks say their unit ('$5bn', '60M'), on a log axis too (plotly wrote '2, 5')."""
    axis = {"type": "log" if log else "linear", "rangemode": "tozero", **value_ticks(values, log, in_usd, ticks)}
    return axis | ({"title": {"text": title}} if title else {})


def _value_axis_px(axis: dict) -> int:
    """The left margin a vertical value axis needs for its tick labels ('$500bn') and its title."""
    longest = max((len(text) for text in axis.get("ticktext", [])), default=4)
    return max(MARGIN["l"], 50 + 9 * longest)


def _bar_value_title(frame: pd.DataFrame, metric: str) -> str:
    """What the bars measure: the metric, or for bars of several user metrics the ones they mix
    (the axis said "Users (period not stated)" over a chart of MAU, WAU and unspecified users)."""
    if metric in MONEY_METRICS:
        return "USD"
    metrics = list(dict.fromkeys(frame.metric)) if "metric" in frame.columns else [metric]
    if len(metrics) > 1:
        short = {"mau": "MAU", "wau": "WAU", "dau": "DAU"}
        return "Users: " + ", ".join(short.get(m, m) for m in metrics) + " (each bar names its metric)"
    return METRIC_LABELS.get(metrics[0] if metrics else metric, metric)


BAR_ROW_PX = 40  # a bar with its name written above it
_BAR_GAP = 0.5


@builds_figure
def latest_bar(latest: pd.DataFrame, metric: str, group_by: str = "entity", title: str | None = None,
               log_y: bool = False) -> dict:
    """One bar per entity at its latest as-of date, labelled with its qualifier ('≈13M'); money in USD.

    Bars lie on their side with each name written above its bar, inside the plot: a column of names
    beside the bars took half a phone's width, and upright bars' names stood on end."""
    title = title or f"{METRIC_LABELS.get(metric, metric)}: latest figure per product"
    if latest.empty:
        return empty(title)
    frame = with_evidence(latest)
    frame["height"] = frame.value_usd.where(frame.value_usd.notna(), frame.value) if "value_usd" in frame else frame.value
    column, colors = group_colors(frame, group_by)
    value_title = _bar_value_title(frame, metric)
    frame = frame[list(dict.fromkeys(["entity", "period", "height", "status", "label", column, *CUSTOM_FIELDS]))]
    frame = frame.sort_values([column, "height"], ascending=[True, False]) if group_by != "entity" \
        else frame.sort_values("height", ascending=False)
    # Coloured by entity, every bar has its own colour and the legend is hidden, so all bars are one
    # trace with a colour each, and hover names the entity from customdata. plotly pays for every trace:
    # the users page's 60 one-bar traces at 1M facts took 53 ms to draw, against 30 ms as one trace.
    groups = [(None, frame)] if group_by == "entity" else frame.groupby(column, sort=False)
    traces: list[dict] = []
    for group, rows in groups:
        names = rows.entity + " (" + rows.period + ")"
        color = [colors.get(e, "#888") for e in rows.entity] if group is None else colors.get(group, "#888")
        custom = rows[[*CUSTOM_FIELDS, "entity"]] if group is None else rows[list(CUSTOM_FIELDS)]
        traces.append(dict(type="bar", orientation="h", x=rows.height, y=names,
                           name=title if group is None else str(group),
                           marker=dict(color=color, pattern=dict(shape=[STATUS_PATTERN[s] for s in rows.status])),
                           text=rows.label, textposition="outside", cliponaxis=False, constraintext="none",
                           customdata=custom.values.tolist(),
                           hovertemplate=HOVER if group is not None else HOVER_NAMED))
    # Room for the longest figure right of the bars, so that plotly need not widen a margin and draw
    # the chart again.
    # The value axis's first tick label is centred on the plot's left edge: room for half of it.
    margin = {**MARGIN, "l": 25, "r": 20 + TEXT_PX * int(frame.label.str.len().max()), "b": 70}
    value_axis = _value_axis(value_title, log_y, frame.height, metric in MONEY_METRICS, ticks=3)
    rows = [name for trace in traces for name in trace["y"]]
    return figure(traces, title, xaxis=value_axis, margin=margin, bargap=_BAR_GAP,
                  annotations=row_names(rows, rows, bar_px=BAR_ROW_PX * (1 - _BAR_GAP)), yaxis={"autorange": "reversed", "showticklabels": False, "ticks": ""},
                  height=margin["t"] + margin["b"] + BAR_ROW_PX * len(frame), showlegend=group_by != "entity")


# Up to this many series, non-realised figures are drawn as a line of their own (a second trace per
# series). Beyond, each series is one trace: the browser pays for every trace before it draws the
# page's first chart (120 traces for 60 series delayed it by about a second at 1M facts).
MAX_DASHED_SERIES = 24
# A default view (no entity chosen) draws the lines of this many series and lists the rest in the
# legend: sixty lines cannot be told apart, and with 12 of its 60 lines drawn the users page's first
# chart came about 140 ms sooner on a warm reload at 1M facts (both its charts are drawn in one go).
MAX_DRAWN_SERIES = 12


def _series_styles(series: dict[tuple, np.ndarray], ranks: list[tuple], color_of: dict[tuple, str]) -> dict:
    """(marker, dash) of each series: series of one colour differ, in the order of what they measure."""
    ordered = sorted(series, key=lambda key: (ranks[series[key][0]], key))
    styles = distinct_styles([(color_of[key], key) for key in ordered])
    return {key: styles[(color_of[key], key)] for key in series}


@builds_figure
def metric_lines(facts: pd.DataFrame, title: str, value_column: str = "value", group_by: str = "entity",
                 y_title: str | None = None, log_y: bool = False, connect: bool = True,
                 draw_at_most: int | None = None) -> dict:
    """Markers plus lines per entity over time: realised figures filled, non-realised open.

    With connect=False (funding rounds, which are events rather than a series) only markers are drawn.
    A chart of more than MAX_DASHED_SERIES series draws each as one line, its non-realised figures
    marked by their open symbols. With draw_at_most, only that many series (those with the largest
    latest figures) are drawn; the others stay in the legend, a click away. Each series offers its
    latest figure as a label, drawn where it fits.
    """
    mode = "lines+markers+text" if connect else "markers+text"
    if facts.empty:
        return empty(title)
    frame = with_evidence(facts).sort_values("as_of", kind="stable")
    column, colors = group_colors(frame, group_by)
    for column_name in ("basis", "market"):
        if column_name not in frame.columns:
            frame[column_name] = None
    definitions, split = series_definitions(frame)
    frame["_definition"] = definitions
    ranks = [definition_rank(r) for r in records(frame, ["metric", "basis", "market", "chip"])]
    # Columns as arrays, sliced by position per series: slicing a DataFrame per series cost more
    # than everything else in a chart with many series.
    x, y = frame.as_of.to_numpy(), frame[value_column].to_numpy()
    status, label = frame.status.to_numpy(dtype=object), frame.label.to_numpy(dtype=object)
    custom = frame[list(CUSTOM_FIELDS)].to_numpy(dtype=object)
    group_of = frame[column].to_numpy(dtype=object)
    realised_mask = frame.status.isin(REALISED_STATUSES).to_numpy()
    series = frame.groupby(["entity", "_definition"], sort=True).indices
    color_of = {key: colors.get(group_of[positions[0]], "#888") for key, positions in series.items()}
    styles = _series_styles(series, ranks, color_of)
    one_trace = len(series) > MAX_DASHED_SERIES
    drawn = _largest_series(series, y, draw_at_most)
    traces: list[dict] = []
    for key, positions in series.items():
        entity, definition = key
        color, (marker, dash) = color_of[key], styles[key]
        name = f"{entity} ({definition})" if split else entity
        first = len(traces)
        parts = [(positions, name)] if one_trace else [
            (positions[realised_mask[positions]], name), (positions[~realised_mask[positions]], f"{name} (not realised)")]
        for part, (points, trace_name) in enumerate(parts):
            if not len(points):
                continue
            if part == 1 and connect and parts[0][0].size:  # the line runs on from the last realised figure
                points = np.concatenate([parts[0][0][-1:], points])
            labels = [t if r else f"{t} {s}" for t, s, r in zip(label[points], status[points], realised_mask[points],
                                                               strict=True)]
            traces.append(dict(type="scatter", x=x[points], y=y[points], name=trace_name, legendgroup=name,
                               mode=mode, cliponaxis=False,
                               line=dict(color=color, dash=dash, width=2 if part == 0 else 1.5),
                               text=[""] * len(points), textposition="top center", meta=labels[-1],
                               marker=dict(symbol=[symbol(marker, r) for r in realised_mask[points]], size=10,
                                           color=color, line=dict(width=2, color=color)),
                               customdata=custom[points], hovertemplate=HOVER))
        _hide_unless(key in drawn, traces[first:])
    top = TITLE_PX + _LABELS_TOP_PX
    value_axis = _value_axis(y_title, log_y, y, value_column == "value_usd")
    layout: dict = {"yaxis": value_axis, "xaxis": date_axis(frame.as_of, frame.as_of_precision),
                    # Room right of the plot for half the last date's label, which may fall on its edge.
                    "margin": {**MARGIN, "t": top, "l": _value_axis_px(value_axis), "r": 25}}
    subtitle = None
    if len(drawn) < len(series):
        subtitle = f"The {len(drawn)} largest of {len(series)} series are drawn; click a name in the legend to add one"
        layout["margin"]["t"] = top + SUBTITLE_PX
    _label_what_fits(traces, layout, log_y)
    return figure(traces, title, subtitle, **layout)


def _label_what_fits(traces: list[dict], layout: dict, log_y: bool) -> None:
    """Each drawn trace offers its latest point's label (kept in its meta); those that fit are written
    in (point_labels.py), the largest figures first."""
    names = legend_names(traces, layout)
    bottom = legend_below_px(names) if 1 < len(names) <= MAX_LEGEND_BELOW else MARGIN["b"]
    width = ASSUMED_PLOT_WIDTH_PX - (LEGEND_MARGIN_CAP_PX if len(names) > MAX_LEGEND_BELOW else 0)
    height = DEFAULT_HEIGHT - layout["margin"]["t"] - bottom
    shown = [t for t in traces if t.get("visible", True) is True and len(t["x"])]
    if not shown:
        return
    days = pd.to_datetime(np.concatenate([np.asarray(t["x"]) for t in shown]))
    axis_range = layout["xaxis"].get("range")
    first, last = (pd.Timestamp(axis_range[0]), pd.Timestamp(axis_range[1])) if axis_range else (days.min(), days.max())
    pad = (last - first) * 0.05 if not axis_range else pd.Timedelta(0)
    first, last = first - pad, last + pad + pd.Timedelta(days=1)
    values = np.concatenate([np.asarray(t["y"], dtype=float) for t in shown])
    values = values[np.isfinite(values) & (values > 0)] if log_y else values[np.isfinite(values)]
    if not len(values):
        return

    y_range = layout["yaxis"].get("range")

    def scale(value: float) -> float:
        if log_y and y_range:
            return (np.log10(value) - y_range[0]) / (y_range[1] - y_range[0])
        if log_y:
            low, high = np.log10(values.min()), np.log10(values.max())
            return (np.log10(value) - low + 0.1) / (high - low + 0.2)
        high = max(values.max(), 0) * 1.05 or 1
        low = min(values.min(), 0)
        return (value - low) / (high - low)

    candidates = []
    for number, trace in sorted(enumerate(shown), key=lambda item: -float(np.nan_to_num(item[1]["y"][-1]))):
        value = float(trace["y"][-1])
        if not np.isfinite(value) or (log_y and value <= 0):
            continue
        day = pd.Timestamp(trace["x"][-1])
        candidates.append(Candidate(number, (day - first) / (last - first), scale(value), trace["meta"]))
    for number, position in fitting_labels(candidates, width, height).items():
        trace = shown[number]
        trace["text"] = [""] * (len(trace["x"]) - 1) + [trace["meta"]]
        trace["textposition"] = position
    for trace in traces:
        trace.pop("meta", None)


def _largest_series(series: dict[tuple, np.ndarray], y: np.ndarray, limit: int | None) -> set[tuple]:
    """The keys of the `limit` series with the largest latest figures (all of them without a limit)."""
    if limit is None or len(series) <= limit:
        return set(series)

    def latest(key: tuple) -> float:
        value = float(y[series[key][-1]])
        return value if value == value else float("-inf")  # a figure with no USD value ranks last

    ranked = sorted(series, key=lambda key: (-latest(key), key))
    return set(ranked[:limit])


def _hide_unless(drawn: bool, traces: list[dict]) -> None:
    if not drawn:
        for trace in traces:
            trace["visible"] = "legendonly"


@builds_figure
def timeline_swimlanes(events: pd.DataFrame, title: str = "Timeline") -> dict:
    """One lane per company, events coloured by kind; 'by' dates are drawn as open markers."""
    if events.empty:
        return empty(title)
    frame = events.copy()
    frame["fact_id"] = frame.event_id
    frame["label"] = [chart_text(t) for t in frame.title]
    frame["period"] = [("by " if q == "by" else "") + period_label(d, p)
                       for d, p, q in zip(frame.date, frame.date_precision, frame.date_qualifier, strict=True)]
    frame["status"] = frame.kind
    frame["quote_html"] = [wrap(text(q)) for q in frame.quote]
    frame["source_html"] = [chart_text(label) for label in source_labels(frame)]
    frame["detail_html"] = [wrap(f"Date: {b}") + "<br>" if isinstance(b, str) and b else "" for b in frame.date_basis]
    traces: list[dict] = []
    for kind, rows in frame.groupby("kind", sort=True):
        traces.append(dict(type="scatter",
            x=rows.date, y=rows.company, mode="markers", name=kind, cliponaxis=False,
            marker=dict(size=14, color=EVENT_COLORS.get(kind, "#999"),
                        symbol=["circle-open" if q == "by" else "circle" for q in rows.date_qualifier],
                        line=dict(width=2, color=EVENT_COLORS.get(kind, "#999"))),
            customdata=rows[list(CUSTOM_FIELDS)].values.tolist(), hovertemplate=HOVER))
    lanes = frame.company.nunique()
    return figure(traces, title, height=max(300, 60 * lanes + 160), margin={**MARGIN, "r": 25},
                  xaxis=date_axis(frame.date, frame.date_precision))


def _plotted_dates(spec: dict) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The first and last date a chart's x axis shows: its set range, or its points' dates padded a little."""
    axis_range = ((spec.get("layout") or {}).get("xaxis") or {}).get("range")
    if axis_range:
        return pd.Timestamp(axis_range[0]), pd.Timestamp(axis_range[1])
    days = pd.to_datetime([d for trace in spec.get("data", []) for d in trace.get("x") or []], errors="coerce")
    days = days[days.notna()]
    if not len(days):
        return None
    pad = max((days.max() - days.min()) * 0.03, pd.Timedelta(days=15))
    return days.min() - pad, days.max() + pad


def add_event_markers(figure_spec: Drawable, events: pd.DataFrame) -> dict:
    """The chart with the events inside its dates drawn as dotted lines and ▼ markers along its top
    (hover names them; a click shows the evidence). Events outside the figures' dates are left out and
    counted in the subtitle: they squeezed the figures against one edge of a decade-wide axis."""
    spec = figure_spec.to_dict() if not isinstance(figure_spec, dict) else figure_spec
    span = _plotted_dates(spec)
    if events.empty or span is None:
        return spec
    days = pd.to_datetime(events.date)
    inside = events[(days >= span[0]) & (days <= span[1])]
    layout = dict(spec.get("layout") or {})
    shapes, hover = list(layout.get("shapes") or []), []
    for day, rows in inside.groupby("date", sort=True):
        shapes.append(as_plain({"type": "line", "xref": "x", "yref": "paper", "x0": pd.Timestamp(day),
                                "x1": pd.Timestamp(day), "y0": 0, "y1": 1, "layer": "below",
                                "line": {"dash": "dot", "color": "#999", "width": 1}}))
        hover.append((day, rows))
    traces = list(spec.get("data") or [])
    if hover:
        traces.append(as_plain(dict(
            type="scatter", x=[day for day, _ in hover], y=[1] * len(hover), yaxis="y2", mode="markers",
            name="Events", showlegend=False, cliponaxis=False,
            marker=dict(symbol="triangle-down", size=11, color=[EVENT_COLORS.get(rows.kind.iloc[0], "#999")
                                                                for _, rows in hover]),
            customdata=[[str(rows.event_id.iloc[0])] for _, rows in hover],
            hovertext=["<br>".join(f"{period_label(r.date, r.date_precision)} · {r.kind}: {chart_text(r.title)}"
                                   for r in rows.itertuples()) for _, rows in hover],
            hovertemplate="%{hovertext}<extra>Events</extra>")))
    left_out = len(events) - len(inside)
    note = f"▼ {len(inside)} event{'s' if len(inside) != 1 else ''} (hover for what happened)" + (
        f"; {left_out} outside these figures' dates left out" if left_out else "")
    title = dict(layout.get("title") or {})
    previous = subtitle_of(spec)
    title["subtitle"] = {"text": f"{previous} · {note}" if previous else note}
    margin = {**MARGIN, **(layout.get("margin") or {})}
    if not previous:
        margin["t"] += SUBTITLE_PX
    layout.update(title=title, shapes=shapes, margin=margin,
                  yaxis2={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True})
    return {**spec, "data": traces, "layout": layout}

"""DataFrame -> plotly Figure. Pure functions: no streamlit, no database, testable without a browser.

Every point carries its evidence in customdata (fact id, label, as-of, status, quote, source), so
hover shows the quote and a click can reach the fact. Claim status is drawn, not just listed:
realised figures are solid, planned and prospective ones open and dashed.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from landscape.labels import (
    chart_text,
    fact_label,
    money,
    period_label,
    records,
    short_number,
    source_labels,
    value_label,
    wrap,
)
from landscape.reconcile import definition_of
from landscape.vocabulary import METRIC_LABELS, MONEY_METRICS, REALISED_STATUSES

STATUS_SYMBOL = {"reported": "circle", "estimate": "diamond", "planned": "circle-open",
                 "prospective": "square-open", "expected": "triangle-up-open", "rumoured": "x-open"}
STATUS_DASH = {"reported": "solid", "estimate": "dot", "planned": "dash", "prospective": "dashdot",
               "expected": "dash", "rumoured": "dot"}
STATUS_PATTERN = {"reported": "", "estimate": ".", "planned": "/", "prospective": "x", "expected": "/",
                  "rumoured": "."}
MARKET_COLORS = {"China": "#DE2910", "Global": "#3C8CE7"}
EVENT_COLORS = {"launch": "#1f77b4", "funding": "#2ca02c", "valuation": "#17becf", "regulation": "#d62728",
                "hire": "#9467bd", "chips": "#8c564b", "datacentre": "#e377c2", "leadership": "#7f7f7f",
                "lab": "#bcbd22", "partnership": "#ff7f0e", "other": "#aaaaaa"}
CUSTOM_FIELDS = ("fact_id", "label", "period", "status", "quote_html", "source_html", "detail_html")
HOVER = ("<b>%{customdata[1]}</b> · %{customdata[2]} · %{customdata[3]}<br>%{customdata[6]}"
         "<i>%{customdata[4]}</i><br>Source: %{customdata[5]}<extra>%{fullData.name}</extra>")
# The same, naming the point's entity from an eighth customdata field (a trace of several entities).
_HOVER_NAMED = HOVER.replace("%{fullData.name}", f"%{{customdata[{len(CUSTOM_FIELDS)}]}}")
# Margins that already hold a value axis's labels and title and a date axis: plotly widens a margin
# its labels or legend need, but then draws the whole chart a second time, which for a chart of a
# thousand points delays the page's first chart by a few hundred milliseconds.
_MARGIN = dict(l=85, r=10, t=50, b=55)
_LAYOUT = dict(margin=_MARGIN, hovermode="closest",
               font=dict(family="Noto Sans, Noto Sans CJK SC, sans-serif"))
# A legend of more entries than this goes right of the plot, one entry a line, and scrolls: below the
# plot its rows took the plot's height (60 entries at 1M facts left a plot 150 px tall).
MAX_LEGEND_BELOW = 12
LEGEND_MARGIN_CAP_PX = 320  # the widest right margin set up front; a longer name makes plotly widen it
_LEGEND_RIGHT = dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top")
# A legend below the plot starts under the x axis's labels; its entries are sized at about 7 px a
# character plus the symbol, and laid out in rows across a plot assumed 720 px wide (a wider plot
# leaves a row's height unused; a narrower one makes plotly widen the margin, as before).
_DEFAULT_HEIGHT = 450  # Streamlit's height for a plotly chart that sets none
_X_AXIS_PX = 45
_LEGEND_ROW_PX = 30
_LEGEND_ENTRY_PX = 50
_TEXT_PX = 7
_ASSUMED_PLOT_WIDTH_PX = 720
# A category axis's names are sized generously, at 7.5 px a character of 12 px tick labels.
_CATEGORY_PX = 7.5
CATEGORY_MARGIN_CAP_PX = 360
_TAG = re.compile(r"<[^>]+>")


def axis_label(name: str, width: int = 16) -> str:
    """Break a long category name over lines so axis labels need no rotation."""
    return wrap(name, width)


def market_of(country: str | None) -> str:
    return "China" if country == "China" else "Global"


# The fields the hover and detail lines read (see _detail, fact_label, definition_of).
_EVIDENCE_FIELDS = ("review_state", "confidence", "unit", "value", "value_usd", "qualifier", "fx_rate", "fx_basis",
                    "definition", "metric", "basis", "market", "chip", "n_values", "value_low", "value_high",
                    "choice_reason", "as_of", "as_of_precision", "quote", "note", "country")


def with_evidence(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the display columns every chart's hover and click rely on."""
    out = frame.copy()
    rows = records(out, _EVIDENCE_FIELDS)
    out["label"] = [fact_label(r) + ("*" if r.get("review_state") == "unreviewed" else "") for r in rows]
    out["detail_html"] = [_detail(r) for r in rows]
    out["period"] = [period_label(r["as_of"], r["as_of_precision"]) for r in rows]
    out["quote_html"] = [wrap(_text(r.get("quote")) or _text(r.get("note")) or "(cited figure; no quote)")
                         for r in rows]
    out["source_html"] = [chart_text(label) for label in source_labels(out)]
    out["market_group"] = [market_of(r.get("country")) for r in rows]
    return out


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _detail(record: dict) -> str:
    """The line under the headline figure: original currency and rate, or the metric's definition."""
    parts = []
    if record.get("review_state") == "unreviewed":
        parts.append(f"UNREVIEWED extraction (confidence {record.get('confidence') or 0:.2f})")
    if record.get("unit") not in (None, "USD") and record.get("fx_rate") == record.get("fx_rate") and record.get("fx_rate"):
        original = value_label(record["value"], record["unit"], record.get("qualifier"))
        parts.append(f"Original: {original} at {record['fx_rate']:.4f} USD/{record['unit']} "
                     f"({record.get('fx_basis') or 'rate table'})")
    if record.get("definition"):
        parts.append(f"Definition: {record['definition']}")
    if isinstance(record.get("basis"), str) or isinstance(record.get("market"), str):
        parts.append("Measures: " + definition_of(record))
    if (record.get("n_values") or 0) > 1:
        in_usd = record.get("value_usd") is not None and record["value_usd"] == record["value_usd"]
        shown = money if in_usd else short_number
        parts.append(f"Sources disagree: {shown(record['value_low'])}–{shown(record['value_high'])} "
                     f"across {record['n_values']} values")
    if record.get("choice_reason"):
        parts.append(str(record["choice_reason"]))
    return "".join(wrap(p) + "<br>" for p in parts)


def _group_color(frame: pd.DataFrame, group_by: str) -> tuple[str, dict[str, str]]:
    if group_by == "company":
        return "company", dict(zip(frame.company, frame.company_color, strict=False))
    if group_by == "market":
        return "market_group", MARKET_COLORS
    return "entity", dict(zip(frame.entity, frame.color, strict=False))


def _figure(traces: list[dict], title: str, **layout) -> dict:
    """A figure spec from trace and layout dicts built here. It skips plotly's per-property validation,
    which costs several milliseconds a trace (and more for update_layout's path parsing); the dicts
    use only full property paths, which the tests draw in a real browser."""
    layout = {**_LAYOUT, "title": {"text": title}, **layout}
    layout.update(_legend_place(traces, layout))
    layout.update(_category_margin(traces, layout))
    return as_plain({"data": traces, "layout": layout})


def _category_margin(traces: list[dict], layout: dict) -> dict:
    """A left margin wide enough for the longest name on a category y axis (none for numbers or dates)."""
    names = _category_names(traces, "y")
    if not names:
        return {}
    longest = max(len(_TAG.sub("", line)) for name in names for line in name.split("<br>"))
    margin = {**_MARGIN, **layout.get("margin", {})}
    return {"margin": {**margin, "l": max(margin["l"], min(CATEGORY_MARGIN_CAP_PX, 20 + _CATEGORY_PX * longest))}}


def _category_names(traces: list[dict], axis: str) -> set[str]:
    """The distinct names on a category axis (empty when the axis holds numbers or dates)."""
    values = [trace.get(axis) for trace in traces if trace.get(axis) is not None and len(trace.get(axis))]
    if not values or not isinstance(next(iter(values[0])), str):
        return set()
    return {name for column in values for name in column}


def _legend_place(traces: list[dict], layout: dict) -> dict:
    """Where the legend goes, with the margin it needs set up front (so that plotly need not widen
    a margin and draw the chart again): right of the plot when it has more than MAX_LEGEND_BELOW
    entries, with room for its longest name; otherwise below the plot's axis, in as many rows as
    its names fill at an assumed plot width."""
    names = legend_names(traces, layout)
    if not names:
        return {}
    margin = {**_MARGIN, **layout.get("margin", {})}
    if len(names) > MAX_LEGEND_BELOW:
        return {"legend": _LEGEND_RIGHT,
                "margin": {**margin, "r": min(LEGEND_MARGIN_CAP_PX, 50 + _TEXT_PX * max(map(len, names)))}}
    height = layout.get("height", _DEFAULT_HEIGHT)
    margin["b"] = max(margin["b"], legend_below_px(names))
    plot_height = height - margin["t"] - margin["b"]
    return {"margin": margin, "legend": {"orientation": "h", "yanchor": "top", "y": -_X_AXIS_PX / plot_height}}


def legend_names(traces: list[dict], layout: dict) -> list[str]:
    """The legend's entries, in order (none when plotly shows no legend: it is hidden, or one trace)."""
    names = list(dict.fromkeys(str(t["name"]) for t in traces if t.get("name") and t.get("showlegend", True)))
    return names if len(names) > 1 and layout.get("showlegend", True) is not False else []


def legend_below_px(names: list[str], plot_width_px: int = _ASSUMED_PLOT_WIDTH_PX) -> int:
    """The height under a plot that its x axis's labels and a legend of these names need."""
    width = sum(_LEGEND_ENTRY_PX + _TEXT_PX * len(name) for name in names)
    rows = -(-width // plot_width_px)
    return _X_AXIS_PX + rows * _LEGEND_ROW_PX + 20


def builds_figure(build_spec):
    """A chart builder returns a plotly Figure; its .spec(...) returns the same figure as a plain dict
    (what the dashboard caches), without a round trip through a Figure, which deep-copies every
    point's data on the way in and again on the way out."""
    @functools.wraps(build_spec)
    def build(*args, **kwargs) -> go.Figure:
        return unvalidated(build_spec(*args, **kwargs))

    build.spec = build_spec
    return build


def _value_axis(title: str | None, log_y: bool) -> dict:
    axis = {"type": "log" if log_y else "linear", "rangemode": "tozero"}
    return axis | ({"title": {"text": title}} if title else {})


def unvalidated(spec: dict) -> go.Figure:
    """A Figure from a figure dict, without re-validating (or re-numbering) its traces."""
    figure = go.Figure(data=spec.get("data", []), layout=spec.get("layout"), _validate=False)
    # Layout updates made afterwards are validated as usual (they are few, and plotly coerces them).
    figure._validate = True
    figure._layout_obj._validate = True
    return figure


Drawable = go.Figure | dict  # a Figure, or a cached figure dict (a builder's .spec) used as it is


def as_figure(figure: Drawable) -> go.Figure:
    return figure if isinstance(figure, go.Figure) else unvalidated(figure)


def title_of(figure: Drawable) -> str | None:
    if isinstance(figure, go.Figure):
        return figure.layout.title.text or None
    title = (figure.get("layout") or {}).get("title")
    return (title.get("text") if isinstance(title, dict) else title) or None


@functools.cache
def _default_template() -> dict:
    """The template a Figure gives its layout when it has none (plotly's default), as a dict."""
    return go.Figure().to_dict()["layout"].get("template", {})


class _SentAsIs(go.Figure):
    """A figure dict handed to st.plotly_chart as it is. Streamlit calls only to_dict() on a Figure
    and serialises the result; building a Figure from a cached dict and deep-copying it back took a
    quarter of an unchanged rerun of the users page, to send the same JSON. So this is deliberately
    not a working Figure beyond to_dict (as_figure gives one)."""

    def __init__(self, spec: dict):  # Figure.__init__ is skipped on purpose, see above
        self._sent = spec

    def to_dict(self) -> dict:
        return self._sent


def for_streamlit(figure: Drawable) -> go.Figure:
    """What st.plotly_chart is given: a Figure as it is; a figure dict as the same JSON a Figure of it
    would send (plotly's default template included), without building one."""
    if isinstance(figure, go.Figure):
        return figure
    layout = figure.get("layout") or {}
    return _SentAsIs({**figure, "layout": layout if "template" in layout else
                      {"template": _default_template(), **layout}})


_SCALARS = (str, float, int, bool, type(None))


def as_plain(value):
    """Arrays become lists (dates as ISO strings): every later step, building a Figure, Streamlit's
    to_dict and its JSON encoding, handles plain lists far faster than numpy or pandas arrays,
    which plotly inspects, copies and base64-encodes one by one on every rerun."""
    if isinstance(value, dict):
        return {k: as_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [v if type(v) in _SCALARS else as_plain(v) for v in value]
    if isinstance(value, (pd.Series, pd.Index)):
        value = value.to_numpy()
    if isinstance(value, np.ndarray):
        if np.issubdtype(value.dtype, np.datetime64):
            return np.datetime_as_string(value, unit="D").tolist()
        return as_plain(value.tolist()) if value.dtype == object else value.tolist()
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, (np.generic,)):
        return value.item()
    return value


def _empty(title: str) -> dict:
    return {"data": [], "layout": {**_LAYOUT, "title": {"text": title}}}


# Bars lie on their side, one row a bar, the chart growing taller, when there are more than this or
# their names would not fit side by side under upright bars: plotly then turned the names on end,
# and they took the plot's height (60 bars at 1M facts left it 150 px) and made it draw twice.
MAX_UPRIGHT_BARS = 12
BAR_ROW_PX = 24


@builds_figure
def latest_bar(latest: pd.DataFrame, metric: str, group_by: str = "entity", title: str | None = None,
               log_y: bool = False) -> dict:
    """One bar per entity at its latest as-of date, labelled with its qualifier ('≈13M'); money in USD."""
    title = title or f"{METRIC_LABELS.get(metric, metric)}: latest figure per product"
    if latest.empty:
        return _empty(title)
    frame = with_evidence(latest)
    frame["height"] = frame.value_usd.where(frame.value_usd.notna(), frame.value) if "value_usd" in frame else frame.value
    column, colors = _group_color(frame, group_by)
    frame = frame[list(dict.fromkeys(["entity", "period", "height", "status", "label", column, *CUSTOM_FIELDS]))]
    frame = frame.sort_values([column, "height"], ascending=[True, False]) if group_by != "entity" \
        else frame.sort_values("height", ascending=False)
    name_px = _TEXT_PX * int(frame.entity.str.len().max()) + 10
    lying = len(frame) > MAX_UPRIGHT_BARS or len(frame) * name_px > _ASSUMED_PLOT_WIDTH_PX
    # Coloured by entity, every bar has its own colour and the legend is hidden, so all bars are one
    # trace with a colour each, and hover names the entity from customdata. plotly pays for every trace:
    # the users page's 60 one-bar traces at 1M facts took 53 ms to draw, against 30 ms as one trace.
    groups = [(None, frame)] if group_by == "entity" else frame.groupby(column, sort=False)
    traces: list[dict] = []
    for group, rows in groups:
        names = rows.entity + (" (" + rows.period + ")" if lying else "<br><sub>" + rows.period + "</sub>")
        color = [colors.get(e, "#888") for e in rows.entity] if group is None else colors.get(group, "#888")
        custom = rows[[*CUSTOM_FIELDS, "entity"]] if group is None else rows[list(CUSTOM_FIELDS)]
        traces.append(dict(type="bar", **({"orientation": "h", "x": rows.height, "y": names} if lying else
                                          {"x": names, "y": rows.height}), name=title if group is None else str(group),
            marker=dict(color=color, pattern_shape=[STATUS_PATTERN[s] for s in rows.status]),
            text=rows.label, textposition="outside", customdata=custom.values.tolist(),
            hovertemplate=HOVER if group is not None else _HOVER_NAMED))
    value_axis = _value_axis("USD" if metric in MONEY_METRICS else METRIC_LABELS.get(metric, metric), log_y)
    if not lying:
        return _figure(traces, title, yaxis=value_axis, showlegend=group_by != "entity")
    # Room for the longest figure right of the bars (_figure makes room for the names left of them),
    # so that plotly need not widen a margin and draw the chart again.
    margin = {**_MARGIN, "r": 20 + _TEXT_PX * int(frame.label.str.len().max()), "b": 70}
    return _figure(traces, title, xaxis=value_axis, yaxis={"autorange": "reversed"}, margin=margin,
                   height=margin["t"] + margin["b"] + BAR_ROW_PX * len(frame), showlegend=group_by != "entity")


# Up to this many series, non-realised figures are drawn as a dashed line of their own (a second
# trace per series). Beyond, each series is one trace: the browser pays for every trace before it
# draws the page's first chart (120 traces for 60 series delayed it by about a second at 1M facts),
# and among so many lines the dashes cannot be told apart anyway.
MAX_DASHED_SERIES = 24
# A default view (no entity chosen) draws the lines of this many series and lists the rest in the
# legend: sixty lines cannot be told apart, and with 12 of its 60 lines drawn the users page's first
# chart came about 140 ms sooner on a warm reload at 1M facts (both its charts are drawn in one go).
MAX_DRAWN_SERIES = 12
_SUBTITLED_TOP_PX = 75  # a title with a subtitle, set up front so plotly need not widen the margin


@builds_figure
def metric_lines(facts: pd.DataFrame, title: str, value_column: str = "value", group_by: str = "entity",
                 y_title: str | None = None, log_y: bool = False, connect: bool = True,
                 draw_at_most: int | None = None) -> dict:
    """Markers plus lines per entity over time: realised solid, non-realised open and dashed.

    With connect=False (funding rounds, which are events rather than a series) only markers are drawn.
    A chart of more than MAX_DASHED_SERIES series draws each as one solid line, its non-realised
    figures marked by their open symbols and labels. With draw_at_most, only that many series (those
    with the largest latest figures) are drawn; the others stay in the legend, a click away.
    """
    mode = "lines+markers+text" if connect else "markers+text"
    if facts.empty:
        return _empty(title)
    frame = with_evidence(facts).sort_values("as_of")
    column, colors = _group_color(frame, group_by)
    traces: list[dict] = []
    for column_name in ("basis", "market"):
        if column_name not in frame.columns:
            frame[column_name] = None
    one_metric = frame.metric.nunique() == 1
    frame["_definition"] = [definition_of(r, with_metric=not one_metric)
                            for r in records(frame, ["metric", "basis", "market", "chip"])]
    split = frame.groupby("entity")._definition.nunique().max() > 1 or not one_metric
    # Columns as arrays, sliced by position per series: slicing a DataFrame per series cost more
    # than everything else in a chart with many series.
    x, y = frame.as_of.to_numpy(), frame[value_column].to_numpy()
    status, label = frame.status.to_numpy(dtype=object), frame.label.to_numpy(dtype=object)
    custom = frame[list(CUSTOM_FIELDS)].to_numpy(dtype=object)
    group_of = frame[column].to_numpy(dtype=object)
    realised_mask = frame.status.isin(REALISED_STATUSES).to_numpy()
    series = frame.groupby(["entity", "_definition"], sort=True).indices
    dashed = len(series) <= MAX_DASHED_SERIES
    drawn = _largest_series(series, y, draw_at_most)
    for (entity, definition), positions in series.items():
        color = colors.get(group_of[positions[0]], "#888")
        name = f"{entity} ({definition})" if split else entity
        first = len(traces)
        if not dashed:
            labels = np.array([t if r else f"{t} {s}" for t, s, r in zip(label[positions], status[positions],
                                                                       realised_mask[positions], strict=True)],
                              dtype=object)
            traces.append(dict(type="scatter",
                x=x[positions], y=y[positions], name=name, legendgroup=name, mode=mode,
                line=dict(color=color, dash="solid"), text=_point_labels(labels), textposition="top center",
                marker=dict(symbol=[STATUS_SYMBOL[s] for s in status[positions]], size=11, color=color,
                            line=dict(width=2, color=color)),
                customdata=custom[positions], hovertemplate=HOVER))
            _hide_unless((entity, definition) in drawn, traces[first:])
            continue
        realised, others = positions[realised_mask[positions]], positions[~realised_mask[positions]]
        if len(realised):
            traces.append(dict(type="scatter",
                x=x[realised], y=y[realised], name=name, legendgroup=name, mode=mode,
                line=dict(color=color, dash="solid"), text=_point_labels(label[realised]), textposition="top center",
                marker=dict(symbol=[STATUS_SYMBOL[s] for s in status[realised]], size=11, color=color),
                customdata=custom[realised], hovertemplate=HOVER))
        if len(others):
            bridge = np.concatenate([realised[-1:], others]) if connect and len(realised) else others
            traces.append(dict(type="scatter",
                x=x[bridge], y=y[bridge], name=f"{name} (not realised)", legendgroup=name,
                mode=mode, line=dict(color=color, dash=STATUS_DASH[status[others[0]]]),
                text=[""] * (len(bridge) - len(others)) + [f"{t} {s}" for t, s in zip(label[others], status[others],
                                                                                      strict=True)],
                textposition="top center",
                marker=dict(symbol=[STATUS_SYMBOL[s] for s in status[bridge]], size=11, color=color,
                            line=dict(width=2, color=color)),
                customdata=custom[bridge], hovertemplate=HOVER))
        _hide_unless((entity, definition) in drawn, traces[first:])
    figure = _figure(traces, title, yaxis=_value_axis(y_title, log_y))
    if len(drawn) < len(series):
        figure["layout"]["title"]["subtitle"] = {"text": f"The {len(drawn)} largest of {len(series)} series are "
                                                         "drawn; click a name in the legend to add one"}
        figure["layout"]["margin"] = {**figure["layout"]["margin"], "t": _SUBTITLED_TOP_PX}
    return figure


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


# Up to this many points a line labels each one; beyond, only its latest (the rest is on hover).
# Labels on every point of a long series overlap unreadably and slow the browser's drawing.
MAX_LABELLED_POINTS = 12


def _point_labels(labels: np.ndarray) -> list[str]:
    if len(labels) <= MAX_LABELLED_POINTS:
        return labels.tolist()
    return [""] * (len(labels) - 1) + [labels[-1]]


# A matrix wider than this is unreadable, and the browser lays out every label of every point.
MAX_MATRIX_CHIPS = 20


def matrix_chips(procurement: pd.DataFrame) -> list[str]:
    """The chips the matrix gives a column: those with the most records, at most MAX_MATRIX_CHIPS."""
    counts = procurement.groupby("chip", sort=False, dropna=False).size()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return [chip for chip, _ in ranked[:MAX_MATRIX_CHIPS]]


def _one_per_cell(frame: pd.DataFrame) -> pd.DataFrame:
    """Each cell's latest record of each kind (a GPU count, a spend, a statement without either),
    which are drawn apart; the others in the cell are counted in its hover and are in the chart's data download."""
    kind = np.where(frame.quantity.notna(), "quantity", np.where(frame.spend_usd.notna(), "spend", "statement"))
    frame = frame.assign(_kind=kind).sort_values(["as_of", "quantity", "spend_usd", "record_id"],
                                                 ascending=[False, False, False, True], na_position="last")
    records = frame.groupby(["row", "column", "_kind"], sort=False).record_id.transform("size")
    frame = frame.assign(_cell_records=records).drop_duplicates(["row", "column", "_kind"])
    return frame.sort_index()


@builds_figure
def procurement_matrix(procurement: pd.DataFrame, title: str = "Who buys which chips, where") -> dict:
    """Buyer × chip, one row per buyer and region; statements with no quantity are drawn as ticks.

    Only the matrix_chips get a column, and a cell shows its latest record of each kind."""
    if procurement.empty:
        return _empty(title)
    frame = procurement[procurement.chip.isin(matrix_chips(procurement))].copy()
    frame["row"] = [axis_label(f"{b} · {r}", 34) for b, r in zip(frame.buyer, frame.region, strict=True)]
    frame["column"] = [axis_label(c, 14) for c in frame.chip]
    frame["label"] = [value_label(q, u or "GPUs", ql) if pd.notna(q) else ("$" + f"{s / 1e9:.0f}bn" if pd.notna(s) else "✓")
                      for q, u, ql, s in zip(frame.quantity, frame.quantity_unit, frame.qualifier, frame.spend_usd,
                                             strict=True)]
    frame["period"] = [period_label(a, p) for a, p in zip(frame.as_of, frame.as_of_precision, strict=True)]
    frame["quote_html"] = [wrap(_text(q) or _text(c)) for q, c in zip(frame.quote, frame.channel, strict=True)]
    frame["source_html"] = [chart_text(label) for label in source_labels(frame)]
    frame["fact_id"] = frame.record_id
    frame = _one_per_cell(frame)
    frame["detail_html"] = [(wrap(f"{r} · {c}") if _text(c) else wrap(r)) + "<br>"
                            + (f"Latest of {n} records of this kind for this buyer, region and chip (every record is in "
                               "the chart's data download)<br>"
                               if n > 1 else "")
                            for r, c, n in zip(frame.region, frame.channel, frame._cell_records, strict=True)]
    traces: list[dict] = []
    for has_quantity, rows in frame.groupby(frame.quantity.notna() | frame.spend_usd.notna(), sort=False):
        traces.append(dict(type="scatter",
            x=rows.column, y=rows.row, mode="markers+text", text=rows.label,
            textposition=["bottom center" if pd.isna(q) and pd.notna(m) else "top center"
                          for q, m in zip(rows.quantity, rows.spend_usd, strict=True)],
            textfont=dict(size=11),
            name="with a quantity" if has_quantity else "stated, no quantity",
            marker=dict(size=16 if has_quantity else 13, symbol="circle" if has_quantity else "square-open",
                        color="#76B900" if has_quantity else "#555", line=dict(width=2)),
            customdata=rows[list(CUSTOM_FIELDS)].values.tolist(), hovertemplate=HOVER))
    return _figure(traces, title, height=max(360, 46 * frame.row.nunique() + 180),
                   margin=dict(l=10, r=40, t=120, b=10), yaxis={"categoryorder": "category descending"},
                   xaxis={"side": "top", "tickangle": 0, "categoryorder": "category ascending"})


# Up to this many stacked segments each carries its figure; beyond, the figures are on hover only:
# slivers cannot show a label, and the browser measures every label before it draws the chart
# (1,249 labelled segments at 1M facts delayed the page's first chart by about a second).
MAX_LABELLED_BARS = 60


@builds_figure
def units_by_buyer(procurement: pd.DataFrame, title: str = "GPU units by buyer, stacked by chip family") -> dict:
    """Only counts in 'GPUs' are stacked; H100-equivalents are a different unit and stay off this axis."""
    frame = procurement[procurement.quantity.notna() & (procurement.quantity_unit == "GPUs")].copy()
    if frame.empty:
        return _empty(title)
    frame["label"] = [value_label(q, "GPUs", ql) for q, ql in zip(frame.quantity, frame.qualifier, strict=True)]
    frame["period"] = [period_label(a, p) for a, p in zip(frame.as_of, frame.as_of_precision, strict=True)]
    frame["quote_html"] = [wrap(_text(q) or "(cited figure; no quote)") for q in frame.quote]
    frame["source_html"] = [chart_text(label) for label in source_labels(frame)]
    frame["fact_id"] = frame.record_id
    frame["detail_html"] = [wrap(f"{c} ({f})") + "<br>" for c, f in zip(frame.chip, frame.chip_family, strict=True)]
    order = frame.groupby("buyer").quantity.sum().sort_values(ascending=False).index.tolist()
    labelled = len(frame) <= MAX_LABELLED_BARS
    traces: list[dict] = []
    for family, rows in frame.groupby("chip_family", sort=True):
        traces.append(dict(type="bar", x=[axis_label(b) for b in rows.buyer], y=rows.quantity, name=f"{family}",
                           text=rows.label if labelled else None,
                           marker=dict(pattern_shape=[STATUS_PATTERN[s] for s in rows.status]),
                           customdata=rows[list(CUSTOM_FIELDS)].values.tolist(), hovertemplate=HOVER))
    return _figure(traces, title, barmode="stack", yaxis={"title": {"text": "GPUs"}},
                   xaxis={"categoryorder": "array", "categoryarray": [axis_label(b) for b in order], "tickangle": 0})


@builds_figure
def timeline_swimlanes(events: pd.DataFrame, title: str = "Timeline") -> dict:
    """One lane per company, events coloured by kind; 'by' dates are drawn as open markers."""
    if events.empty:
        return _empty(title)
    frame = events.copy()
    frame["fact_id"] = frame.event_id
    frame["label"] = [chart_text(t) for t in frame.title]
    frame["period"] = [("by " if q == "by" else "") + period_label(d, p)
                       for d, p, q in zip(frame.date, frame.date_precision, frame.date_qualifier, strict=True)]
    frame["status"] = frame.kind
    frame["quote_html"] = [wrap(_text(q)) for q in frame.quote]
    frame["source_html"] = [chart_text(label) for label in source_labels(frame)]
    frame["detail_html"] = [wrap(f"Date: {b}") + "<br>" if isinstance(b, str) and b else "" for b in frame.date_basis]
    traces: list[dict] = []
    for kind, rows in frame.groupby("kind", sort=True):
        traces.append(dict(type="scatter",
            x=rows.date, y=rows.company, mode="markers", name=kind,
            marker=dict(size=14, color=EVENT_COLORS.get(kind, "#999"),
                        symbol=["circle-open" if q == "by" else "circle" for q in rows.date_qualifier],
                        line=dict(width=2, color=EVENT_COLORS.get(kind, "#999"))),
            customdata=rows[list(CUSTOM_FIELDS)].values.tolist(), hovertemplate=HOVER))
    lanes = frame.company.nunique()
    return _figure(traces, title, height=max(300, 60 * lanes + 160))


def add_event_markers(figure: Drawable, events: pd.DataFrame, limit: int = 15) -> Drawable:
    """Overlay events as dotted vertical lines, one per date, labelled with the kinds on that date."""
    if events.empty:
        return figure
    figure = as_figure(figure)
    by_date = events.groupby("date", sort=True)
    for day, rows in list(by_date)[-limit:]:
        kinds = ", ".join(sorted(set(rows.kind)))
        figure.add_vline(x=pd.Timestamp(day).timestamp() * 1000, line_dash="dot", line_color="#999",
                         annotation_text=chart_text(kinds if len(rows) > 1 else rows.title.iloc[0][:28]),
                         annotation_position="top left", annotation_textangle=-90,
                         annotation_font_size=10)
    return figure

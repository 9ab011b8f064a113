"""What every chart builder shares: evidence on every point, figure dicts built without plotly's
validation, margins and legends set up front, and the on-screen form of a figure.

Every point carries its evidence in customdata (fact id, label, as-of, status, quote, source), so
hover shows the quote and a click can reach the fact. Pure: no streamlit, no database.
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
from landscape.palette import stable_color
from landscape.reconcile import definition_of

STATUS_PATTERN = {"reported": "", "estimate": ".", "planned": "/", "prospective": "x", "expected": "/",
                  "rumoured": "."}
MARKET_COLORS = {"China": "#DE2910", "Global": "#3C8CE7"}
CUSTOM_FIELDS = ("fact_id", "label", "period", "status", "quote_html", "source_html", "detail_html")
HOVER = ("<b>%{customdata[1]}</b> · %{customdata[2]} · %{customdata[3]}<br>%{customdata[6]}"
         "<i>%{customdata[4]}</i><br>Source: %{customdata[5]}<extra>%{fullData.name}</extra>")
# The same, naming the point's entity from an eighth customdata field (a trace of several entities).
HOVER_NAMED = HOVER.replace("%{fullData.name}", f"%{{customdata[{len(CUSTOM_FIELDS)}]}}")
# What a chart's title and subtitle take at the top of a figure. On screen they are written above the
# chart as text, which wraps on a phone where plotly cut a title off; the figure keeps them for images.
TITLE_PX = 40
SUBTITLE_PX = 25
# Margins that already hold a value axis's labels and title and a date axis: plotly widens a margin
# its labels or legend need, but then draws the whole chart a second time, which for a chart of a
# thousand points delays the page's first chart by a few hundred milliseconds.
MARGIN = dict(l=85, r=10, t=TITLE_PX + 10, b=55)
LAYOUT = dict(margin=MARGIN, hovermode="closest", font=dict(family="Noto Sans, Noto Sans CJK SC, sans-serif"))
# A legend of more entries than this goes right of the plot, one entry a line, and scrolls: below the
# plot its rows took the plot's height (60 entries at 1M facts left a plot 150 px tall).
MAX_LEGEND_BELOW = 12
LEGEND_MARGIN_CAP_PX = 320  # the widest right margin set up front; a longer name makes plotly widen it
_LEGEND_RIGHT = dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top")
# A legend below the plot starts under the x axis's labels; its entries are sized at about 7 px a
# character plus the symbol, and laid out in rows across a plot assumed 720 px wide (a wider plot
# leaves a row's height unused; a narrower one makes plotly widen the margin, as before).
DEFAULT_HEIGHT = 450  # Streamlit's height for a plotly chart that sets none
_X_AXIS_PX = 45
_LEGEND_ROW_PX = 30
_LEGEND_ENTRY_PX = 50
TEXT_PX = 7
ASSUMED_PLOT_WIDTH_PX = 720
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
    out["quote_html"] = [wrap(text(r.get("quote")) or text(r.get("note")) or "(cited figure; no quote)")
                         for r in rows]
    out["source_html"] = [chart_text(label) for label in source_labels(out)]
    out["market_group"] = [market_of(r.get("country")) for r in rows]
    return out


def text(value: object) -> str:
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


def group_colors(frame: pd.DataFrame, group_by: str) -> tuple[str, dict[str, str]]:
    """The column that colours a chart's series and each of its values' colour: the brand colour in
    entities.csv, or for an entity without one a palette colour its name always maps to."""
    if group_by == "market":
        return "market_group", MARKET_COLORS
    column, color_column = ("company", "company_color") if group_by == "company" else ("entity", "color")
    stated = dict(zip(frame[column], frame[color_column], strict=False))
    return column, {name: stable_color(name, color) for name, color in stated.items()}


def row_names(rows: list[str], names: list[str], above: bool = True, size: int = 12,
              escaped: bool = False, bar_px: float = 20) -> list[dict]:
    """Names written inside a chart of bars lying on their side, at its left edge: above each row's bar
    (above=True), or in a row of their own. A column of names beside the bars took half a phone's
    width (plotly's ticklabelposition 'inside' is not drawn by the dashboard's plotly). Names are
    escaped for plotly's markup unless `escaped` says they already are; bar_px is the bars' thickness."""
    return [{"xref": "paper", "x": 0, "xanchor": "left", "yref": "y", "y": row,
             "text": name if escaped else chart_text(name), "showarrow": False, "align": "left",
             "font": {"size": size}, **({"yanchor": "bottom", "yshift": bar_px / 2 + 1} if above else {"yanchor": "middle"})}
            for row, name in zip(rows, names, strict=True)]


def figure(traces: list[dict], title: str, subtitle: str | None = None, **layout) -> dict:
    """A figure spec from trace and layout dicts built here. It skips plotly's per-property validation,
    which costs several milliseconds a trace (and more for update_layout's path parsing); the dicts
    use only full property paths, which the tests draw in a real browser."""
    heading = {"text": title} | ({"subtitle": {"text": subtitle}} if subtitle else {})
    layout = {**LAYOUT, "title": heading, **layout}
    layout.update(_legend_place(traces, layout))
    layout.update(_category_margin(traces, layout))
    return as_plain({"data": traces, "layout": layout})


def _category_margin(traces: list[dict], layout: dict) -> dict:
    """A left margin wide enough for the longest name on a category y axis (none for numbers or dates,
    nor for names written inside the plot, row_names)."""
    names = _category_names(traces, "y")
    if not names or (layout.get("yaxis") or {}).get("showticklabels") is False:
        return {}
    longest = max(len(_TAG.sub("", line)) for name in names for line in name.split("<br>"))
    margin = {**MARGIN, **layout.get("margin", {})}
    return {"margin": {**margin, "l": max(margin["l"], min(CATEGORY_MARGIN_CAP_PX, 20 + _CATEGORY_PX * longest))}}


def _category_names(traces: list[dict], axis: str) -> set[str]:
    """The distinct names on a category axis (empty when the axis holds numbers or dates)."""
    values = [trace.get(axis) for trace in traces if trace.get(axis) is not None and len(trace.get(axis))
              and trace.get("yaxis", "y") == "y"]
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
    margin = {**MARGIN, **layout.get("margin", {})}
    if len(names) > MAX_LEGEND_BELOW:
        return {"legend": _LEGEND_RIGHT,
                "margin": {**margin, "r": min(LEGEND_MARGIN_CAP_PX, 50 + TEXT_PX * max(map(len, names)))}}
    margin["b"] = max(margin["b"], legend_below_px(names))
    # Anchored to the bottom of the figure, not a fraction of the plot under its axis: where a phone's
    # width needs more rows, plotly deepens the margin and the plot shortens, and a fraction of it
    # brought the legend up over the axis's labels.
    return {"margin": margin, "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0}}


def legend_names(traces: list[dict], layout: dict) -> list[str]:
    """The legend's entries, in order (none when plotly shows no legend: it is hidden, or one trace)."""
    names = list(dict.fromkeys(str(t["name"]) for t in traces if t.get("name") and t.get("showlegend", True)))
    return names if len(names) > 1 and layout.get("showlegend", True) is not False else []


def legend_below_px(names: list[str], plot_width_px: int = ASSUMED_PLOT_WIDTH_PX) -> int:
    """The height under a plot that its x axis's labels and a legend of these names need."""
    width = sum(_LEGEND_ENTRY_PX + TEXT_PX * len(name) for name in names)
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


def _title_part(figure: Drawable, part: str) -> str | None:
    layout = figure.layout.to_plotly_json() if isinstance(figure, go.Figure) else (figure.get("layout") or {})
    title = layout.get("title")
    if part == "text" and isinstance(title, str):
        return title or None
    node = (title or {}).get(part) if isinstance(title, dict) else None
    return (node.get("text") if isinstance(node, dict) else node) or None


def title_of(figure: Drawable) -> str | None:
    return _title_part(figure, "text")


def subtitle_of(figure: Drawable) -> str | None:
    return _title_part(figure, "subtitle")


def on_screen(figure: Drawable) -> dict:
    """The figure as the page draws it: its title and subtitle are written above it as text (see
    TITLE_PX), so the plot starts where they ended, and the title stays in layout.meta."""
    spec = figure.to_dict() if isinstance(figure, go.Figure) else figure
    layout = dict(spec.get("layout") or {})
    title, subtitle = title_of(spec), subtitle_of(spec)
    layout.pop("title", None)
    margin = {**MARGIN, **(layout.get("margin") or {})}
    taken = TITLE_PX + (SUBTITLE_PX if subtitle else 0)
    top = max(10, margin["t"] - taken)
    layout["margin"] = {**margin, "t": top}
    layout["meta"] = {"title": title or ""}
    return {**spec, "layout": layout}


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


def empty(title: str) -> dict:
    return {"data": [], "layout": {**LAYOUT, "title": {"text": title}}}

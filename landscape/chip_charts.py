"""The chip charts: the buyer × chip matrix and GPU counts by buyer, where only what adds up is stacked.

Pure functions of chip_procurement frames, as charts.py (which exports them to the dashboard).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landscape import stacking
from landscape.axes import value_ticks
from landscape.figure_spec import (
    CUSTOM_FIELDS,
    HOVER,
    STATUS_PATTERN,
    TEXT_PX,
    TITLE_PX,
    axis_label,
    builds_figure,
    empty,
    figure,
    row_names,
    text,
)
from landscape.labels import (
    SOURCE_FIELDS,
    chart_text,
    period_label,
    records,
    short_number,
    shorten,
    source_labels,
    value_label,
    wrap,
)
from landscape.palette import family_color
from landscape.vocabulary import REALISED_STATUSES

# A matrix wider than this is unreadable, and the browser lays out every label of every point.
MAX_MATRIX_CHIPS = 20
# Names of chips (columns) are wrapped to lines this long; a row's name (buyer · region), written
# above its line inside the plot, is cut at _ROW_CHARACTERS. Beside the plot it took half a phone's width.
_COLUMN_LINE = 14
# A column name on one line, turned on end, is cut at this many characters (its full name is in the hover).
_COLUMN_CHARACTERS = 18
PHONE_PLOT_WIDTH_PX = 330  # a chart's plot on a 400 px phone
# The column of records that name no chip (spending on AI chips in general). Unnamed, plotly drew them
# in the first column, under another chip's name.
NO_CHIP = "Chip not named"
QUANTITY_TRACE = "with a quantity (GPUs, or $ spent)"
_ROW_CHARACTERS = 60
_LINE_PX = 15
_MATRIX_ROW_PX = 60  # a row's name, its markers, and the counts below them
DESKTOP_PLOT_WIDTH_PX = 900  # a chart's plot at 1280-1400 px, the dashboard's sidebar open
# A matrix label's width per character (11 px text) and the half-width of a marker, in px: for
# label_positions, which keeps a row's labels apart.
_LABEL_CHAR_PX = 6.5
_MARKER_PX = 9
_LABEL_GAP_PX = 3


def matrix_chips(procurement: pd.DataFrame) -> list[str]:
    """The chips the matrix gives a column: those with the most records, at most MAX_MATRIX_CHIPS."""
    counts = procurement.groupby("chip", sort=False, dropna=False).size()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return [chip for chip, _ in ranked[:MAX_MATRIX_CHIPS]]


def _one_per_cell(frame: pd.DataFrame) -> pd.DataFrame:
    """Each cell's latest record of each kind (a GPU count, a spend, a statement without either),
    which are drawn apart; the others in the cell are counted in its hover and are in the chart's data download."""
    kind = np.where(frame.quantity.notna(), "quantity", np.where(frame.spend_usd.notna(), "spend", "statement"))
    # Positions from the latest record down (a sort of only the columns it orders by), then each cell's first
    # in that order, counted in one pass: sorting, grouping and dropping duplicates of the whole frame in
    # pandas took about a quarter of the matrix's time.
    latest_first = (frame[["as_of", "quantity", "spend_usd", "record_id"]].reset_index(drop=True)
                    .sort_values(["as_of", "quantity", "spend_usd", "record_id"], ascending=[False, False, False, True],
                                 na_position="last").index)
    cells = list(zip(frame.row.tolist(), frame.column.tolist(), kind.tolist(), strict=True))
    first: dict[tuple, int] = {}
    records: dict[tuple, int] = {}
    for position in latest_first:
        cell = cells[position]
        records[cell] = records.get(cell, 0) + 1
        first.setdefault(cell, position)
    kept = sorted(first.values())
    return frame.iloc[kept].assign(_kind=kind[kept], _cell_records=[records[cells[p]] for p in kept]).sort_index()


def _count_label(quantity: float, unit: str | None, qualifier: str | None) -> str:
    label = value_label(quantity, unit or "GPUs", qualifier)
    return label.removesuffix(" GPUs")


def _unreviewed_mark(frame: pd.DataFrame) -> pd.Series:
    if "review_state" not in frame.columns:
        return pd.Series("", index=frame.index)
    return frame.review_state.eq("unreviewed").map({True: "*", False: ""}).fillna("")


def column_names(chips: list[str]) -> dict[str, str]:
    """Each chip's column name. Wrapped over lines while the columns, turned on end on a phone, still have
    room for every line; else one line each, cut short (plotly turns a wrapped name on end as a block as
    wide as its lines, and 20 such blocks ran into each other on a phone). Names cut alike stay whole."""
    wrapped = {chip: axis_label(chip, _COLUMN_LINE) for chip in chips}
    lines = max((name.count("<br>") + 1 for name in wrapped.values()), default=1)
    if len(chips) * lines * _LINE_PX <= PHONE_PLOT_WIDTH_PX:
        return wrapped
    cut = {chip: shorten(chip, _COLUMN_CHARACTERS) for chip in chips}
    clashes = {name for name in cut.values() if list(cut.values()).count(name) > 1}
    return {chip: chart_text(chip if name in clashes else name) for chip, name in cut.items()}


def _column_headers_top_px(columns: list[str]) -> int:
    """Room above the matrix for its column names: upright when they fit side by side across a
    desktop's plot, else turned on end (plotly turns them itself, autotickangles, and widens the margin
    it needs on a narrower screen; on a desktop the room is kept up front, so that plotly need not
    widen the margin and draw the chart again)."""
    lines = [line for name in columns for line in name.split("<br>")]
    longest = max(map(len, lines), default=1)
    upright = max(name.count("<br>") + 1 for name in columns) * _LINE_PX + 22  # and the ticks' gap
    fits = TEXT_PX * longest < 0.95 * DESKTOP_PLOT_WIDTH_PX / max(len(columns), 1)
    return upright if fits else max(upright, TEXT_PX * longest + 25)  # kept generous: plotly only widens it


def label_positions(frame: pd.DataFrame, columns: list[str], plot_px: int = DESKTOP_PLOT_WIDTH_PX) -> pd.Series:
    """Where each cell's label goes: centred below its marker (a spend, `_above`, above it). A label that
    would run into the one before it in its row, at a desktop's width, starts right of its marker instead;
    failing that, the one before it ends left of its own marker ("almost 600k H100-eq." ran into "49,152"
    beside it). A label with no room either way stays centred."""
    step = plot_px / max(len(columns), 1)
    x_of = {name: (n + 0.5) * step for n, name in enumerate(columns)}
    # Plain lists and dicts: grouping the frame and reading a Series cell by cell cost a few ms a chart.
    index = frame.index.tolist()
    above = frame._above.tolist()
    positions = dict(zip(index, ["top center" if a else "bottom center" for a in above], strict=True))
    lines: dict[tuple, list[tuple[float, float, object]]] = {}
    for row, is_above, column, label, key in zip(frame.row.tolist(), above, frame.column.tolist(), frame.label.tolist(),
                                                 index, strict=True):
        if isinstance(label, str) and len(label) > 0:
            lines.setdefault((row, is_above), []).append((x_of[column], _LABEL_CHAR_PX * len(label), key))
    for line in lines.values():
        cells = sorted(line)
        for n, (x, width, key) in enumerate(cells):
            side = positions[key].split()[0]
            before = _right_end(cells[n - 1], positions) if n else -np.inf
            after = cells[n + 1][0] - cells[n + 1][1] / 2 if n + 1 < len(cells) else np.inf
            if x - width / 2 >= before + _LABEL_GAP_PX:
                continue
            if x + _MARKER_PX >= before + _LABEL_GAP_PX and x + _MARKER_PX + width <= after - _LABEL_GAP_PX:
                positions[key] = f"{side} right"
                continue
            previous_x, previous_width, previous = cells[n - 1]
            earlier = _right_end(cells[n - 2], positions) if n > 1 else -np.inf
            if (positions[previous].endswith("center") and previous_x - _MARKER_PX - previous_width >= earlier
                    and x - width / 2 >= previous_x - _MARKER_PX + _LABEL_GAP_PX):
                positions[previous] = f"{side} left"
    return pd.Series([positions[key] for key in index], index=frame.index, dtype=object)


def _right_end(cell: tuple[float, float, object], positions: dict) -> float:
    x, width, index = cell
    if positions[index].endswith("right"):
        return x + _MARKER_PX + width
    if positions[index].endswith("left"):
        return x - _MARKER_PX
    return x + width / 2


# What the matrix reads of a procurement row (the source columns through labels.source_labels).
_MATRIX_COLUMNS = ("buyer", "region", "chip", "quantity", "quantity_unit", "qualifier", "spend_usd", "review_state",
                   "status", "as_of", "as_of_precision", "quote", "channel", "record_id", *SOURCE_FIELDS)


@builds_figure
def procurement_matrix(procurement: pd.DataFrame, title: str = "Who buys which chips, where") -> dict:
    """Buyer × chip, one row per buyer and region; statements with no quantity are drawn as open squares.

    Only the matrix_chips get a column, and a cell shows its latest record of each kind. Each row's
    name is written above its line inside the plot, so that on a phone the columns keep the width."""
    if procurement.empty:
        return empty(title)
    # Only the columns drawn or read: every later step (sorting, grouping, each new column) copies
    # every column it is given, and a procurement row has thirty more.
    frame = procurement.loc[procurement.chip.isin(matrix_chips(procurement)),
                            [c for c in _MATRIX_COLUMNS if c in procurement.columns]]
    frame["row"] = [shorten(f"{b} · {r}", _ROW_CHARACTERS) for b, r in zip(frame.buyer, frame.region, strict=True)]
    chips = [c if isinstance(c, str) else NO_CHIP for c in frame.chip]
    names = column_names(sorted(set(chips)))
    frame["column"] = [names[c] for c in chips]
    # The rest is written only for the records drawn (each cell's latest of each kind).
    frame = _one_per_cell(frame)
    # A count of GPUs is written without its unit (the legend gives it): "173k GPUs" beside "16k GPUs" ran
    # into each other in 20 columns at 1400 px. Another unit (H100-equivalents) is still written.
    frame["label"] = [_count_label(q, u, ql) if pd.notna(q) else ("$" + f"{s / 1e9:.0f}bn" if pd.notna(s) else "")
                      for q, u, ql, s in zip(frame.quantity, frame.quantity_unit, frame.qualifier, frame.spend_usd,
                                             strict=True)]
    frame["label"] = frame.label + _unreviewed_mark(frame)
    frame["period"] = [period_label(a, p) for a, p in zip(frame.as_of, frame.as_of_precision, strict=True)]
    frame["quote_html"] = [wrap(text(q) or text(c)) for q, c in zip(frame.quote, frame.channel, strict=True)]
    frame["source_html"] = [chart_text(label) for label in source_labels(frame)]
    frame["fact_id"] = frame.record_id
    frame["detail_html"] = [(wrap(f"{r} · {c}") if text(c) else wrap(r)) + "<br>"
                            + (f"Latest of {n} records of this kind for this buyer, region and chip (every record is in "
                               "the chart's data download)<br>"
                               if n > 1 else "")
                            for r, c, n in zip(frame.region, frame.channel, frame._cell_records, strict=True)]
    columns = sorted(set(frame.column))
    # A count below its marker, a spend above it: the row's name is above the line, left.
    frame["_above"] = frame.quantity.isna() & frame.spend_usd.notna()
    frame["_position"] = label_positions(frame, columns)
    traces: list[dict] = []
    for has_quantity, rows in frame.groupby(frame.quantity.notna() | frame.spend_usd.notna(), sort=False):
        traces.append(dict(type="scatter",
            x=rows.column, y=rows.row, mode="markers+text", text=rows.label, cliponaxis=False,
            textposition=list(rows._position), textfont=dict(size=11),
            name=QUANTITY_TRACE if has_quantity else "stated, no quantity",
            marker=dict(size=16 if has_quantity else 13, symbol="circle" if has_quantity else "square-open",
                        color="#76B900" if has_quantity else "#555", line=dict(width=2)),
            customdata=rows[list(CUSTOM_FIELDS)].values.tolist(), hovertemplate=HOVER))
    top = TITLE_PX + _column_headers_top_px(columns)
    rows = sorted(set(frame.row))
    return figure(traces, title, height=max(360, _MATRIX_ROW_PX * len(rows) + top + 40),
                  margin=dict(l=10, r=40, t=top, b=10), annotations=row_names(rows, rows, size=11, bar_px=18),
                  yaxis={"categoryorder": "array", "categoryarray": rows, "autorange": "reversed",
                         "showticklabels": False, "ticks": ""},
                  xaxis={"side": "top", "autotickangles": [0, -90], "automargin": True,
                         "categoryorder": "category ascending"})


# Up to this many stacked segments each carries its figure; beyond, the figures are on hover only:
# slivers cannot show a label, and the browser measures every label before it draws the chart
# (1,249 labelled segments at 1M facts delayed the page's first chart by about a second).
MAX_LABELLED_BARS = 60
BAR_SLOT_PX = 36  # a row: a bar with what it counts written above it, or a buyer's name
_BAR_GAP = 0.45


def _bar_texts(frame: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """Each bar's figure at its end ('≈230k GPUs', '150k GPUs', '350k GPUs planned') and what it counts,
    written above it ('Hopper · purchases · 2025 · H100 + H20'), by stack id. Read from each bar's last
    segment (its segments share family, basis, period and status), with the sum and the chips of a
    stacked bar's segments."""
    ends = frame.drop_duplicates("_stack", keep="last")
    stacked = frame[frame._stack.duplicated(keep=False)]
    chips = stacked.groupby("_stack", sort=False).chip.agg(lambda c: " + ".join(map(str, c))).to_dict()
    unreviewed = set(frame._stack[frame.review_state.eq("unreviewed")])
    figures, descriptions = {}, {}
    # As dicts: itertuples renames the columns whose names start with an underscore.
    for row in records(ends, ("_stack", "_total", "quantity", "qualifier", "status", "basis", "chip", "chip_id",
                              "chip_family", "as_of", "as_of_precision")):
        stack = row["_stack"]
        count = (f"{short_number(row['_total'])} GPUs" if stack in chips
                 else value_label(row["quantity"], "GPUs", row["qualifier"]))
        status = "" if row["status"] in REALISED_STATUSES else f" {row['status']}"
        figures[stack] = f"{count}{'*' if stack in unreviewed else ''}{status}"
        basis = row["basis"] if isinstance(row["basis"], str) else "basis not stated"
        family_wide = stacking.is_family_wide(row["chip_id"], row["chip"], row["chip_family"])
        named = chips.get(stack) or ("" if family_wide else str(row["chip"]))
        descriptions[stack] = (f"{row['chip_family']} · {basis} · {period_label(row['as_of'], row['as_of_precision'])}"
                               + (f" · {named}" if named else ""))
    return figures, descriptions


def gpu_count_rows(procurement: pd.DataFrame) -> pd.DataFrame:
    """The counts the GPU chart draws (in GPUs: H100-equivalents are another unit), without the
    combined figures for several buyers (see stacking.py)."""
    rows = stacking.with_optional_columns(procurement[procurement.quantity.notna()
                                                      & (procurement.quantity_unit == "GPUs")])
    return rows[~stacking.combined_buyers(rows)]


# What the GPU chart reads of a procurement row (and stacking.py's rules).
_UNITS_COLUMNS = ("buyer", "buyer_id", "chip", "chip_id", "chip_family", "quantity", "qualifier", "basis", "status",
                  "part_of", "buyer_kind", "review_state", "as_of", "as_of_precision", "quote", "record_id",
                  *SOURCE_FIELDS)


@builds_figure
def units_by_buyer(procurement: pd.DataFrame, title: str = "GPU units by buyer and chip family") -> dict:
    """A buyer's name, then its counts as bars one under another, of which only those that add up
    (see stacking.py) are stacked into one bar, coloured by chip family. What a bar counts is written
    above it and its figure at its end; counts of several buyers combined are left off (the chips
    page says so)."""
    frame = gpu_count_rows(procurement)
    if frame.empty:
        return empty(title)
    frame = frame[[c for c in _UNITS_COLUMNS if c in frame.columns]]  # a copy of only what is read (see _MATRIX_COLUMNS)
    frame["label"] = [value_label(q, "GPUs", ql) for q, ql in zip(frame.quantity, frame.qualifier, strict=True)]
    frame["period"] = [period_label(a, p) for a, p in zip(frame.as_of, frame.as_of_precision, strict=True)]
    frame["quote_html"] = [wrap(text(q) or "(cited figure; no quote)") for q in frame.quote]
    frame["source_html"] = [chart_text(label) for label in source_labels(frame)]
    frame["fact_id"] = frame.record_id
    frame["detail_html"] = [wrap(f"{c} ({f}) · {b if isinstance(b, str) else 'basis not stated'}") + "<br>"
                            for c, f, b in zip(frame.chip, frame.chip_family, frame.basis, strict=True)]
    frame["_stack"] = stacking.stack_ids(frame)
    frame["_total"] = frame._stack.map(frame.groupby("_stack").quantity.sum())
    # Within a bar its chips in name order; a buyer's bars largest first; buyers by their largest bar.
    frame = frame.sort_values(["buyer", "_total", "_stack", "chip"], ascending=[True, False, True, True])
    frame["_base"] = frame.groupby("_stack").quantity.cumsum() - frame.quantity
    ends = ~frame._stack.duplicated(keep="last")
    labelled = int(ends.sum()) <= MAX_LABELLED_BARS
    figures, descriptions = _bar_texts(frame) if labelled else ({}, {})
    frame["_text"] = [figures.get(k, "") if end else "" for k, end in zip(frame._stack, ends, strict=True)]
    order = frame.groupby("buyer")._total.max().sort_values(ascending=False, kind="stable").index.tolist()
    bars_of = frame.drop_duplicates("_stack").groupby("buyer", sort=False)._stack.agg(list).to_dict()
    rows_top_down = [row for buyer in order for row in (f"name|{buyer}", *bars_of[buyer])]  # a name, then its bars
    traces: list[dict] = [dict(type="bar", orientation="h", x=[0] * len(order), y=[f"name|{b}" for b in order],
                               showlegend=False, hoverinfo="skip", marker=dict(color="rgba(0,0,0,0)"))]
    drawn = frame[list(dict.fromkeys(["chip_family", "quantity", "_base", "_stack", "_text", *CUSTOM_FIELDS]))]
    for family, rows in drawn.groupby("chip_family", sort=True):  # grouped with only what is drawn
        traces.append(dict(type="bar", orientation="h", x=rows.quantity, base=rows._base, y=rows._stack,
                           name=str(family), cliponaxis=False, text=rows._text, textposition="outside",
                           textfont=dict(size=11), constraintext="none",
                           marker=dict(color=family_color(family), line=dict(width=1, color="#FFFFFF"),
                                       pattern=dict(shape=[STATUS_PATTERN[s] for s in rows.status])),
                           customdata=rows[list(CUSTOM_FIELDS)].values.tolist(), hovertemplate=HOVER))
    longest_label = max((len(t) for t in frame._text), default=0)
    margin = dict(l=25, r=20 + TEXT_PX * longest_label, t=TITLE_PX + 10, b=70)
    bars = [row for row in rows_top_down if not row.startswith("name|")]
    names = row_names([f"name|{b}" for b in order], [f"<b>{chart_text(b)}</b>" for b in order], above=False,
                      escaped=True)
    described = row_names(bars, [descriptions[key] for key in bars], size=11,
                          bar_px=BAR_SLOT_PX * (1 - _BAR_GAP)) if labelled else []
    return figure(traces, title, barmode="overlay", bargap=_BAR_GAP, margin=margin,
                  height=margin["t"] + margin["b"] + BAR_SLOT_PX * len(rows_top_down) + 20,
                  annotations=names + described,
                  xaxis={"title": {"text": "GPUs"}, **value_ticks(frame._base + frame.quantity, log=False,
                                                                   in_usd=False, ticks=3)},
                  yaxis={"categoryorder": "array", "categoryarray": rows_top_down, "autorange": "reversed",
                         "showticklabels": False, "ticks": ""})

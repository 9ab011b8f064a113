"""Table slides decided from the database: the chip matrix, the timeline and the sources appendix.

Tables may be long; deck_render.py splits them across slides by estimated row height. Here we
only decide the cells.
"""

from __future__ import annotations

import pandas as pd

from landscape import queries
from landscape.database import Database
from landscape.export.slide_content import SlideContent, TableContent, unreviewed_mark
from landscape.labels import period_label, source_label, value_label
from landscape.queries import Filters
from landscape.vocabulary import REALISED_STATUSES

MAX_REGION_COLUMNS = 5  # beyond this the matrix turns unreadable; the rest share one column
NO_QUANTITY = "✓"


def _procurement_cell(row) -> str:
    """'H20: ≈230k GPUs', 'H100: ✓' (stated, no quantity), 'H20: >$12bn spend prospective'."""
    if pd.notna(row.quantity):
        amount = value_label(row.quantity, row.quantity_unit or "GPUs", row.qualifier)
    elif pd.notna(row.spend_usd):
        amount = value_label(row.spend_usd, "USD", row.qualifier) + " spend"
    else:
        amount = NO_QUANTITY
    status = "" if row.status in REALISED_STATUSES else f" {row.status}"
    return f"{row.chip}: {amount}{unreviewed_mark(row)}{status}"


def chip_matrix(db: Database, filters: Filters) -> list[SlideContent]:
    """Buyer × where, each cell listing the chips stated there, with or without a quantity."""
    procurement = queries.chip_procurement(db, filters)
    title = "Who buys which chips, where"
    if procurement.empty:
        return [TableContent("chip_matrix", title, "No chip procurement matches these filters.", ["Buyer"], [],
                             [1.0], procurement)]
    counts = procurement.region.value_counts()
    regions = sorted(counts.index, key=lambda r: (r == "Not stated", -counts[r], r))
    shown = regions[:MAX_REGION_COLUMNS]
    overflow = "Elsewhere" if len(regions) > MAX_REGION_COLUMNS else None
    cells = []
    for buyer, rows in procurement.groupby("buyer", sort=False):
        line = [str(buyer)]
        for region in shown:
            line.append("\n".join(_procurement_cell(r) for r in rows[rows.region == region].itertuples()))
        if overflow:
            line.append("\n".join(f"{r.region}: {_procurement_cell(r)}"
                                  for r in rows[~rows.region.isin(shown)].itertuples()))
        cells.append(line)
    header = ["Buyer", *shown, *([overflow] if overflow else [])]
    no_quantity = int((procurement.quantity.isna() & procurement.spend_usd.isna()).sum())
    takeaway = (f"{procurement.buyer.nunique()} buyers, {len(procurement)} statements; "
                f"{no_quantity} name a chip and a place but no quantity ({NO_QUANTITY})")
    note = f"{NO_QUANTITY} = stated without a quantity. Counts are GPUs unless marked H100-eq.; $ = spend."
    return [TableContent("chip_matrix", title, takeaway, header, cells, content_widths(header, cells),
                         procurement, note, font_pt=10)]


def content_widths(header: list[str], cells: list[list[str]]) -> list[float]:
    """Columns as wide as their longest line, within bounds, so a busy column gets the room."""
    widths = []
    for column, title in enumerate(header):
        lines = [line for row in cells for line in row[column].split("\n")] + [title]
        widths.append(float(min(40, max(12, max(len(line) for line in lines)))))
    return widths


def timeline(db: Database, filters: Filters) -> list[SlideContent]:
    events = queries.timeline(db, filters)
    title = "Timeline of events"
    if events.empty:
        return [TableContent("timeline", title, "No events match these filters.", ["Date"], [], [1.0], events)]
    cells = []
    for r in events.itertuples():
        when = ("by " if r.date_qualifier == "by" else "") + period_label(r.date, r.date_precision)
        who = r.company if r.entity == r.company else f"{r.company} · {r.entity}"
        cells.append([when, str(who), str(r.title) + unreviewed_mark(r), str(r.kind)])
    latest = events.iloc[-1]
    takeaway = (f"{len(events)} events from {period_label(events.date.iloc[0], events.date_precision.iloc[0])} to "
                f"{period_label(latest.date, latest.date_precision)}; latest: {latest.title}")
    return [TableContent("timeline", title, takeaway, ["Date", "Company", "Event", "Kind"], cells,
                         [1.3, 2.2, 6.8, 1.2], events, font_pt=10)]


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def sources_appendix(contents: list[SlideContent]) -> TableContent:
    """Every source plotted anywhere in the deck, with its URL and the slides that cite it."""
    cited: dict[tuple, dict] = {}
    for content in contents:
        for row in content.rows.to_dict("records"):
            # Keyed on the citation, not its label: views without citation_published_is_estimate
            # label the same source without 'est.', and it must still be listed once.
            key = tuple(_text(row.get(c)) for c in ("citation_publisher", "citation_title", "citation_url"))
            entry = cited.setdefault(key, {"label": source_label(row), "url": _text(row.get("citation_url")),
                                           "slides": []})
            if content.title not in entry["slides"]:
                entry["slides"].append(content.title)
    cells = [[str(number), entry["label"], entry["url"], "; ".join(entry["slides"])]
             for number, entry in enumerate(cited.values(), start=1)]
    return TableContent("sources", "Appendix: sources", f"{len(cells)} sources behind the figures in this deck",
                        ["#", "Source", "URL", "Cited on"], cells, [0.5, 5.6, 4.0, 2.2], pd.DataFrame(),
                        font_pt=9)

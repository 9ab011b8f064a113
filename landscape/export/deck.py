"""An editable 16:9 PowerPoint deck: title slide, one slide per chosen chart, sources appendix.

Charts are native PowerPoint charts with their data embedded, so a presenter can restyle or
edit them; every chart slide carries its takeaway, its own sources and the as-of dates.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

import pandas as pd
from pptx import Presentation
from pptx.slide import Slide
from pptx.util import Inches

from landscape import queries
from landscape.database import Database
from landscape.export import chart_slides, table_slides
from landscape.export.deck_charts import add_bar_chart, add_xy_chart
from landscape.export.deck_layout import (
    ACCENT,
    BODY,
    BODY_WITH_NOTE,
    MARGIN,
    MUTED,
    SLIDE_HEIGHT_IN,
    SLIDE_WIDTH_IN,
    WIDTH,
    Box,
    add_footnote,
    add_note,
    add_stamp,
    add_takeaway,
    add_text,
    add_title,
)
from landscape.export.deck_tables import add_table, paginate
from landscape.export.slide_content import UNREVIEWED_MEANING, ChartContent, SlideContent, TableContent, as_of_range
from landscape.labels import counted, period_label
from landscape.queries import Filters
from landscape.vocabulary import METRIC_LABELS, STATUSES, USER_METRICS

SlideBuilder = Callable[[Database, Filters], list[SlideContent]]

CHART_CHOICES: dict[str, str] = {
    "users": "Chatbot users (latest per product)",
    "valuations": "Valuations over time (USD)",
    "funding": "Funding rounds (USD)",
    "gpu_units": "GPU units by buyer",
    "chip_matrix": "Who buys which chips, where (table)",
    "timeline": "Timeline of events (table)",
}
SLIDE_BUILDERS: dict[str, SlideBuilder] = {
    "users": chart_slides.users,
    "valuations": chart_slides.valuations,
    "funding": chart_slides.funding,
    "gpu_units": chart_slides.gpu_units,
    "chip_matrix": table_slides.chip_matrix,
    "timeline": table_slides.timeline,
}
DECK_TITLE = "Generative-AI competitive landscape"


class UnknownChart(ValueError):
    """A chart id that is not in CHART_CHOICES."""


def collect_contents(db: Database, chart_ids: list[str], filters: Filters,
                     on_step: Callable[[str], None] | None = None) -> list[SlideContent]:
    unknown = [c for c in chart_ids if c not in SLIDE_BUILDERS]
    if unknown:
        raise UnknownChart(f"unknown chart {', '.join(unknown)}; choose from {', '.join(CHART_CHOICES)}")
    contents: list[SlideContent] = []
    for chart_id in chart_ids:
        if on_step:
            on_step(CHART_CHOICES[chart_id])
        contents.extend(SLIDE_BUILDERS[chart_id](db, filters))
    return contents


def _built_at(db: Database) -> datetime | None:
    info = queries.build_info(db)
    return None if info.empty else pd.Timestamp(info.built_at.iloc[0]).to_pydatetime()


def _day(value: date | None) -> str:
    return f"{value:%-d %b %Y}" if value else "undated"


def filters_summary(db: Database, filters: Filters) -> list[str]:
    names = db.query("SELECT name FROM entities WHERE list_contains(?::VARCHAR[], entity_id) ORDER BY name",
                     [list(filters.entities)]).name.tolist() if filters.entities else []
    period = ("all dates" if not (filters.start or filters.end) else
              f"{_day(filters.start) if filters.start else 'any date'} to {_day(filters.end) if filters.end else 'latest'}")
    metric = filters.metric if filters.metric in USER_METRICS else "mau"
    statuses = "all claim statuses" if set(filters.statuses) == set(STATUSES) else ", ".join(filters.statuses)
    return [f"Entities: {', '.join(names) if names else 'all'}",
            f"Period: {period}",
            f"Users chart metric: {METRIC_LABELS[metric]}",
            f"Statuses: {statuses}" + ("; every unreviewed extracted figure" if filters.include_unreviewed
                                       else "; unreviewed extracted figures only where the extractor is confident")]


def _title_slide(presentation, db: Database, filters: Filters, contents: list[SlideContent],
                 built_at: datetime | None) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    latest = max((d for c in contents for d in as_of_range(c.rows)[1:] if d), default=None)
    add_text(slide, Box(MARGIN, 1.6, WIDTH, 1.2), DECK_TITLE, "Title", 40, 24, bold=True)
    as_of = f"As of {_day(latest)} (latest figure plotted)" if latest else "No figures match these filters"
    add_text(slide, Box(MARGIN, 2.9, WIDTH, 0.9),
             f"{as_of} · database built {built_at:%-d %b %Y %H:%M}" if built_at else as_of, "Subtitle", 20, 12,
             color=MUTED)
    lines = filters_summary(db, filters) + ["Slides: " + ", ".join(dict.fromkeys(c.title for c in contents))]
    add_text(slide, Box(MARGIN, 3.9, WIDTH, 2.2), "\n".join(lines), "Filters", 16, 10)
    add_text(slide, Box(MARGIN, 6.15, WIDTH, 0.85), unreviewed_summary(contents, filters), "Unreviewed", 14, 9,
             color=ACCENT)
    add_stamp(slide, "Every figure carries its source; see each slide's footnote and the appendix.")


def unreviewed_summary(contents: list[SlideContent], filters: Filters) -> str:
    """The title slide's word on unreviewed figures: how many the slides show, each marked *, and which
    were left out. Marked as on the web, where they are shown with the same mark."""
    unreviewed = {row_id for c in contents if c.unreviewed for row_id in _unreviewed_ids(c.rows)}
    left_out = ("" if filters.include_unreviewed else
                " Those the extractor is less confident of are left out; switch on “Show every unreviewed "
                "extracted fact” to add them.")
    if not unreviewed:
        return "Unreviewed extractions: none on these slides; every figure is curated or reviewed." + left_out
    return (f"Unreviewed: {counted(len(unreviewed), 'figure')} on these slides, each marked *, came from the "
            "extractor and no analyst has checked them yet." + left_out)


def _unreviewed_ids(rows: pd.DataFrame) -> list[str]:
    ids = next((c for c in ("fact_id", "record_id", "event_id") if c in rows.columns), None)
    unreviewed = rows[rows.review_state == "unreviewed"]
    return [str(v) for v in unreviewed[ids]] if ids else [str(i) for i in unreviewed.index]


def _footnote(slide: Slide, content: SlideContent) -> None:
    """The slide's sources, after what * means where the slide shows unreviewed figures."""
    note = f"{UNREVIEWED_MEANING} ({content.unreviewed} here). " if content.unreviewed else ""
    if content.sources:
        add_footnote(slide, content.sources, note)
    else:
        add_footnote(slide, ["none (nothing on this slide matches the filters)"], note)


def _stamp(content: SlideContent, built_at: datetime | None) -> str:
    first, last = as_of_range(content.rows)
    built = f"database built {built_at:%-d %b %Y}" if built_at else ""
    if not first:
        return ("No figures on this slide · " + built) if built else "No figures on this slide"
    dates = period_label(first, "day") if first == last else f"{period_label(first, 'day')} – {period_label(last, 'day')}"
    return f"Figures dated {dates}" + (f" · {built}" if built else "")


def _chart_slide(presentation, content: ChartContent, built_at: datetime | None) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    add_title(slide, content.title)
    add_takeaway(slide, content.takeaway)
    body = BODY_WITH_NOTE if content.note else BODY
    if content.series:
        (add_xy_chart if content.kind == "xy" else add_bar_chart)(slide, body, content)
    if content.note:
        add_note(slide, content.note)
    _footnote(slide, content)
    add_stamp(slide, _stamp(content, built_at))


def _table_slides(presentation, content: TableContent, built_at: datetime | None) -> None:
    body = BODY_WITH_NOTE if content.note else BODY
    pages = paginate(content, body)
    for number, page in enumerate(pages, start=1):
        slide = presentation.slides.add_slide(presentation.slide_layouts[6])
        add_title(slide, content.title + (f" ({number} of {len(pages)})" if len(pages) > 1 else ""))
        add_takeaway(slide, content.takeaway)
        if page:
            add_table(slide, body, content, page)
        if content.note:
            add_note(slide, content.note)
        if content.chart_id != "sources":
            _footnote(slide, content)
            add_stamp(slide, _stamp(content, built_at))


def render_deck(contents: list[SlideContent], db: Database, filters: Filters,
                on_slide: Callable[[str], None] | None = None) -> bytes:
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    built_at = _built_at(db)
    _title_slide(presentation, db, filters, contents, built_at)
    for content in contents:
        if on_slide:
            on_slide(content.title)
        if isinstance(content, ChartContent):
            _chart_slide(presentation, content, built_at)
        else:
            _table_slides(presentation, content, built_at)
    appendix = table_slides.sources_appendix(contents)
    if appendix.cells:
        _table_slides(presentation, appendix, built_at)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def build_deck(db: Database, chart_ids: list[str], filters: Filters,
               on_slide: Callable[[str], None] | None = None) -> bytes:
    """The .pptx bytes. `on_slide` is told each step's name, for a progress bar."""
    contents = collect_contents(db, chart_ids, filters, on_slide)
    return render_deck(contents, db, filters, on_slide)

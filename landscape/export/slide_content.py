"""What goes on a slide, decided from the data before anything is drawn.

Content builders (chart_slides.py, table_slides.py) fill these; deck_render.py draws them. Keeping
the two apart lets tests check a slide's numbers and sources without opening PowerPoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from landscape.labels import plotted_sources

ChartKind = Literal["bar", "column", "xy"]


@dataclass
class Series:
    name: str
    values: list[float | None]
    labels: list[str]  # one data label per point, qualifiers included ('≈13M users', '350k GPUs planned')
    color: str | None = None
    x: list[date] | None = None  # only for xy (over-time) series
    dashed: bool = False  # not realised: prospective, planned, expected...
    marker: str = "circle"  # palette.SYMBOLS: series of one colour differ in marker (xy charts)


@dataclass
class ChartContent:
    chart_id: str
    title: str
    takeaway: str
    kind: ChartKind
    series: list[Series]
    rows: pd.DataFrame  # exactly the plotted rows; the footnote lists their sources and nothing else
    axis_title: str
    number_format: str  # axis ticks, e.g. '$#,##0,,,"bn"': shown scaled, stored raw
    categories: list[str] = field(default_factory=list)
    note: str = ""  # a visible caveat, e.g. metrics that are not like-for-like
    log_scale: bool = False

    @property
    def sources(self) -> list[str]:
        return plotted_sources(self.rows)

    @property
    def unreviewed(self) -> int:
        return unreviewed_count(self.rows)


@dataclass
class TableContent:
    chart_id: str
    title: str
    takeaway: str
    header: list[str]
    cells: list[list[str]]
    widths: list[float]  # relative column widths
    rows: pd.DataFrame  # the rows behind the table, for its sources footnote
    note: str = ""
    font_pt: float = 11

    @property
    def sources(self) -> list[str]:
        return plotted_sources(self.rows)

    @property
    def unreviewed(self) -> int:
        return unreviewed_count(self.rows)


SlideContent = ChartContent | TableContent
UNREVIEWED_MARK = "*"
UNREVIEWED_MEANING = "* unreviewed: proposed by the extractor from a document, not yet checked by an analyst"


def unreviewed_count(rows: pd.DataFrame) -> int:
    """How many of a slide's rows are extractions no analyst has reviewed."""
    if rows.empty or "review_state" not in rows.columns:
        return 0
    return int((rows.review_state == "unreviewed").sum())


def unreviewed_mark(row: tuple) -> str:
    """'*' after an unreviewed figure's label (as on the web), else ''."""
    return UNREVIEWED_MARK if getattr(row, "review_state", None) == "unreviewed" else ""


def as_of_range(rows: pd.DataFrame) -> tuple[date | None, date | None]:
    """The earliest and latest dates a slide plots (facts' as_of, or events' date)."""
    column = "as_of" if "as_of" in rows.columns else "date" if "date" in rows.columns else None
    if column is None or rows.empty or rows[column].isna().all():
        return None, None
    dates = pd.to_datetime(rows[column].dropna())
    return dates.min().date(), dates.max().date()

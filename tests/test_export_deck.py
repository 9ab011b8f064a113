"""The deck: native charts whose data is the database's, footnotes with exactly the plotted sources,
and text that stays inside its box on a 16:9 slide, even for absurd names and long source lists."""

from __future__ import annotations

import io
from collections import Counter

import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Emu

from landscape.database import Database
from landscape.export.deck import CHART_CHOICES, build_deck, collect_contents, render_deck
from landscape.export.deck_layout import BODY, BODY_WITH_NOTE, SLIDE_HEIGHT_IN, SLIDE_WIDTH_IN
from landscape.export.deck_tables import paginate
from landscape.export.slide_content import ChartContent, Series, TableContent
from landscape.labels import plotted_sources
from landscape.queries import Filters

LONG_NAME = ("Extraordinarily Long Holding Company Name For Testing Layout Limits " * 4)[:200]
PLOTTABLE = "same_figure_as IS NULL"


@pytest.fixture(scope="module")
def db(project_db) -> Database:
    return Database(project_db)


@pytest.fixture(scope="module")
def deck(db) -> Presentation:
    return Presentation(io.BytesIO(build_deck(db, list(CHART_CHOICES), Filters())))


def stress_contents() -> list:
    """A 200-character entity name, a 200-character title and 30 distinct sources on one chart."""
    rows = pd.DataFrame({"citation_publisher": [f"Publisher number {n} with a fairly long name" for n in range(30)],
                         "citation_title": [f"An article title that goes on for a while, part {n}" for n in range(30)],
                         "citation_url": [f"https://example.com/{n}" for n in range(30)],
                         "citation_published": pd.to_datetime(["2025-01-01"] * 30),
                         "as_of": pd.to_datetime(["2025-01-01"] * 30)})
    chart = ChartContent("users", "Title " + LONG_NAME, "Takeaway: " + LONG_NAME + " leads " * 20, "bar",
                         [Series("Monthly active users", [6e7, 1.3e7], ["60M MAU", "≈13M MAU"], "#1F5AA6")],
                         rows, "Users", '#,##0,,"M"', [LONG_NAME[:48] + "…", "Doubao"], note="Note " * 60)
    table = TableContent("timeline", "Timeline " + LONG_NAME, "Many events", ["Date", "Company", "Event", "Kind"],
                         [["Dec 2024", LONG_NAME, LONG_NAME + " " + LONG_NAME, "launch"]] * 40,
                         [1.3, 2.2, 6.8, 1.2], rows.head(3), font_pt=10)
    return [chart, table]


@pytest.fixture(scope="module")
def stress_deck(db) -> Presentation:
    return Presentation(io.BytesIO(render_deck(stress_contents(), db, Filters())))


def _shape(slide, name: str):
    return next((s for s in slide.shapes if s.name == name), None)


def _chart_slide(deck: Presentation, chart_id: str):
    return next(s for s in deck.slides for shape in s.shapes if shape.name == f"Chart {chart_id}")


def _values(slide) -> list[float]:
    chart = next(s for s in slide.shapes if s.has_chart).chart
    return sorted(v for series in chart.plots[0].series for v in series.values if v is not None)


def _footnote_sources(slide) -> set[str]:
    text = _shape(slide, "Footnote").text_frame.text
    assert text.startswith("Sources: ")
    return set(text.removeprefix("Sources: ").split("; "))


def test_deck_is_16_9_with_expected_slide_count(db, deck):
    assert (round(Emu(deck.slide_width).inches, 3), round(Emu(deck.slide_height).inches, 3)) == (SLIDE_WIDTH_IN, 7.5)
    contents = collect_contents(db, list(CHART_CHOICES), Filters())
    from landscape.export.table_slides import sources_appendix
    tables = [c for c in contents if isinstance(c, TableContent)] + [sources_appendix(contents)]
    pages = sum(len(paginate(t, BODY_WITH_NOTE if t.note else BODY)) for t in tables)
    charts = sum(isinstance(c, ChartContent) for c in contents)
    assert charts == 4
    assert len(deck.slides) == 1 + charts + pages
    assert "As of" in _shape(deck.slides[0], "Subtitle").text_frame.text
    assert "database built" in _shape(deck.slides[0], "Subtitle").text_frame.text


def test_every_chart_is_native_and_editable(deck):
    charts = [shape for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 4
    assert not [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]  # no pictures
    for shape in charts:
        assert shape.chart.part.chart_workbook.xlsx_part is not None  # data embedded


def test_users_chart_values_and_sources_match_database(db, deck):
    slide = _chart_slide(deck, "users")
    latest = db.query("""SELECT * FROM fact_evidence WHERE metric IN ('mau','wau','dau','users') AND """ + PLOTTABLE + """
        QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY metric = 'mau' DESC, metric = 'wau' DESC,
            metric = 'dau' DESC, status IN ('reported','estimate') DESC, as_of DESC, value DESC, fact_id) = 1""")
    assert _values(slide) == sorted(latest.value)
    mau = next(s for s in next(x for x in slide.shapes if x.has_chart).chart.plots[0].series
               if s.name == "Monthly active users")
    assert [v for v in mau.values if v is not None] == [60_000_000]
    assert _footnote_sources(slide) == set(plotted_sources(latest))
    assert "Doubao leads on monthly active users: 60M (Nov 2024)" in _shape(slide, "Takeaway").text_frame.text
    assert "not like-for-like" in _shape(slide, "Note").text_frame.text.lower()
    labels = {p.data_label.text_frame.text for s in next(x for x in slide.shapes if x.has_chart).chart.plots[0].series
              for p in s.points if p.data_label.has_text_frame}
    assert "≈13M users" in labels


def test_valuations_chart_values_and_sources_match_database(db, deck):
    slide = _chart_slide(deck, "valuations")
    rows = db.query(f"SELECT * FROM fact_evidence WHERE metric = 'valuation' AND {PLOTTABLE}")
    assert _values(slide) == sorted(rows.value_usd)
    assert _footnote_sources(slide) == set(plotted_sources(rows))
    names = [s.name for s in next(x for x in slide.shapes if x.has_chart).chart.plots[0].series]
    assert "OpenAI (prospective)" in names and "OpenAI (funding round)" in names


def test_funding_and_gpu_charts_match_database(db, deck):
    funding = db.query(f"SELECT * FROM fact_evidence WHERE metric = 'funding' AND {PLOTTABLE}")
    assert _values(_chart_slide(deck, "funding")) == sorted(funding.value_usd)
    assert _footnote_sources(_chart_slide(deck, "funding")) == set(plotted_sources(funding))
    gpus = db.query("SELECT * FROM chip_procurement WHERE quantity_unit = 'GPUs' AND buyer_kind <> 'group'")
    slide = _chart_slide(deck, "gpu_units")
    assert _values(slide) == sorted(gpus.quantity)
    assert _footnote_sources(slide) == set(plotted_sources(gpus))
    labels = {p.data_label.text_frame.text for s in next(x for x in slide.shapes if x.has_chart).chart.plots[0].series
              for p in s.points if p.data_label.has_text_frame}
    assert "350k GPUs planned" in labels


def test_chip_matrix_keeps_statements_without_quantity(db, deck):
    cells = [cell.text for slide in deck.slides for shape in slide.shapes if shape.name == "Table chip_matrix"
             for row in shape.table.rows for cell in row.cells]
    statements = db.query("SELECT count(*) AS n FROM chip_procurement WHERE quantity IS NULL AND spend_usd IS NULL").n[0]
    assert sum(text.count("✓") for text in cells) == statements
    assert any("H20: ✓" in text for text in cells)


def test_timeline_lists_every_event(db, deck):
    titles = [row.cells[2].text for slide in deck.slides for shape in slide.shapes if shape.name == "Table timeline"
              for row in list(shape.table.rows)[1:]]
    assert Counter(titles) == Counter(db.query("SELECT title FROM timeline").title)


def _boxes(slide) -> list[tuple[str, float, float, float, float]]:
    return [(s.name, Emu(s.left).inches, Emu(s.top).inches, Emu(s.left + s.width).inches,
             Emu(s.top + s.height).inches) for s in slide.shapes]


def _assert_laid_out(deck: Presentation) -> None:
    for number, slide in enumerate(deck.slides, start=1):
        boxes = _boxes(slide)
        for name, left, top, right, bottom in boxes:
            assert left >= 0 and top >= 0 and right <= SLIDE_WIDTH_IN + 0.01 and bottom <= SLIDE_HEIGHT_IN + 0.01, \
                (number, name)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap = min(a[3], b[3]) - max(a[1], b[1]) > 0.01 and min(a[4], b[4]) - max(a[2], b[2]) > 0.01
                assert not overlap, (number, a[0], b[0])


def test_real_deck_shapes_stay_on_the_slide_without_overlapping(deck):
    _assert_laid_out(deck)


def test_long_names_and_many_sources_are_fitted(stress_deck):
    _assert_laid_out(stress_deck)
    chart_slide = stress_deck.slides[1]
    footnote = _shape(chart_slide, "Footnote").text_frame.text
    assert footnote.endswith("more (see the sources appendix)")
    assert _shape(chart_slide, "Title").text_frame.text.endswith("…")
    table_slides = [s for s in stress_deck.slides if _shape(s, "Table timeline")]
    assert len(table_slides) > 1  # 40 tall rows cannot share one slide
    appendix = [s for s in stress_deck.slides if _shape(s, "Table sources")]
    assert sum(len(_shape(s, "Table sources").table.rows) - 1 for s in appendix) == 30


def test_unknown_chart_is_refused(db):
    with pytest.raises(ValueError, match="unknown chart"):
        build_deck(db, ["pie"], Filters())

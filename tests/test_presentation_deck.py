"""The deck says what is unreviewed, keeps series apart as the web does, and its takeaways state the
leader's lead like for like (issue 23, items 2 and 10). On the presentation fixture (fictional figures)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pptx import Presentation

from landscape.database import Database
from landscape.export.deck import CHART_CHOICES, build_deck
from landscape.extract.calibration import SHOW_THRESHOLD
from landscape.queries import Filters
from tests.presentation_db import presentation_db  # noqa: F401 (a fixture)


@pytest.fixture(scope="module")
def db(presentation_db) -> Database:  # noqa: F811
    return Database(presentation_db)


def _deck(db: Database, filters: Filters) -> Presentation:
    return Presentation(io.BytesIO(build_deck(db, list(CHART_CHOICES), filters)))


@pytest.fixture(scope="module")
def deck(db) -> Presentation:
    return _deck(db, Filters())


def _shape(slide, name: str):
    return next((s for s in slide.shapes if s.name == name), None)


def _slide(deck: Presentation, chart_id: str):
    return next(s for s in deck.slides for shape in s.shapes if shape.name in (f"Chart {chart_id}", f"Table {chart_id}"))


def _chart(slide):
    return next(s for s in slide.shapes if s.has_chart).chart


def _labels(slide) -> list[str]:
    return [p.data_label.text_frame.text for s in _chart(slide).plots[0].series for p in s.points
            if p.data_label.has_text_frame]


def _unreviewed(db: Database, metrics: tuple[str, ...]) -> int:
    """Unreviewed figures shown by default: those the extractor is confident enough in."""
    return int(db.query("SELECT count(*) AS n FROM fact_evidence WHERE review_state = 'unreviewed' "
                        "AND confidence >= ? AND list_contains(?::VARCHAR[], metric)",
                        [SHOW_THRESHOLD, list(metrics)]).n[0])


def test_unreviewed_figures_are_marked_on_the_chart_and_in_the_footnote(db, deck):
    slide = _slide(deck, "valuations")
    marked = [label for label in _labels(slide) if "*" in label]
    shown = _unreviewed(db, ("valuation",))  # how many depends on the committed threshold
    assert shown >= 2 and len(marked) == shown, marked
    footnote = _shape(slide, "Footnote").text_frame.text
    assert footnote.startswith("* unreviewed: proposed by the extractor") and f"({shown} here)" in footnote
    assert "Sources: " in footnote
    gpu = _slide(deck, "gpu_units")
    assert [label for label in _labels(gpu) if "*" in label] == ["≈230k GPUs*"], \
        "ByteDance's H20 of unstated basis"
    assert "(1 here)" in _shape(gpu, "Footnote").text_frame.text
    timeline = _slide(deck, "timeline")
    assert _shape(timeline, "Footnote").text_frame.text.startswith("Sources: "), "no note where nothing is unreviewed"


def test_the_title_slide_says_how_many_figures_are_unreviewed(deck):
    """Counted once each: a figure charted and listed again in the chip matrix is one figure."""
    text = _shape(deck.slides[0], "Unreviewed").text_frame.text
    charted = [label for slide in deck.slides for shape in slide.shapes if shape.has_chart
               for label in _labels(slide) if "*" in label]
    tabled = [cell.text for slide in deck.slides for shape in slide.shapes if shape.has_table
              for row in shape.table.rows for cell in row.cells if "*" in cell.text]
    assert tabled and all(any(cell.endswith(label) for label in charted) for cell in tabled), tabled
    assert text.startswith(f"Unreviewed: {len(charted)} figures on these slides, each marked *")
    assert "Show every unreviewed extracted fact" in text, "says how to add the less confident ones"


def test_a_deck_of_every_unreviewed_figure_adds_the_less_confident_ones(db, deck):
    every = _deck(db, replace(Filters(), include_unreviewed=True))
    text = _shape(every.slides[0], "Unreviewed").text_frame.text
    assert text.startswith("Unreviewed: ") and "left out" not in text
    marked = {label for slide in every.slides for shape in slide.shapes if shape.has_chart
              for label in _labels(slide) if "*" in label}
    default = {label for slide in deck.slides for shape in slide.shapes if shape.has_chart
               for label in _labels(slide) if "*" in label}
    # A chart of each product's latest figure may show a newer, less confident figure in place of an older one
    # (which figures clear the threshold depends on the committed confidence model), so compare how many.
    def unreviewed(presentation: Presentation) -> int:
        return int(_shape(presentation.slides[0], "Unreviewed").text_frame.text.split()[1])

    assert unreviewed(every) > unreviewed(deck), "the less confident extractions are added"
    assert marked - default, "and each added one is marked"


def test_the_deck_keeps_a_buyback_and_an_unstated_basis_apart_as_the_web_does(db):
    deck = _deck(db, Filters(entities=("bytedance",)))
    chart = _chart(_slide(deck, "valuations"))
    names = [series.name for series in chart.plots[0].series]
    assert sorted(names) == ["ByteDance (basis not stated)", "ByteDance (buyback)"]
    series = dict(zip(names, chart.plots[0].series, strict=True))
    buyback, unstated = series["ByteDance (buyback)"], series["ByteDance (basis not stated)"]
    assert buyback.format.line.color.rgb == unstated.format.line.color.rgb, "the company's colour on both"
    assert buyback.marker.style != unstated.marker.style, "told apart by marker"
    assert sorted(v for v in buyback.values if v) == [300e9, 330e9]
    assert [v for v in unstated.values if v] == [315e9]


def test_the_gpu_slide_leaves_a_combined_figure_off_and_says_so(deck):
    slide = _slide(deck, "gpu_units")
    values = sorted(v for s in _chart(slide).plots[0].series for v in s.values if v)
    assert 1e6 not in values, "the three buyers' combined million is not a bar beside them"
    assert "1 combined figure(s) for several buyers left off" in _shape(slide, "Note").text_frame.text


def test_takeaways_state_the_leaders_lead_like_for_like(deck):
    users = _shape(_slide(deck, "users"), "Takeaway").text_frame.text
    assert "Doubao leads on monthly active users: 60M (Nov 2024), about 2.0× Yuanbao's ≈30M, a gap of about 30M" \
        in users
    valuations = _shape(_slide(deck, "valuations"), "Takeaway").text_frame.text
    assert "Meta leads Tencent on valuation · market cap: about 3.2× (≈$1.9tn vs ≈$600bn), a gap of about $1.3tn" \
        in valuations
    assert "leads OpenAI" not in valuations, "no lead between valuations whose basis is not stated"
    assert "ByteDance rose 1.1× from ≈$300bn to >$330bn, buyback to buyback (Q4 2024 – Aug 2025)" in valuations


def test_the_funding_takeaway_adds_only_whole_rounds(deck):
    """OpenAI's $10bn tranche is part of its $40bn round (part_of), so it is not added; the unreviewed
    $6.6bn round shown (marked *) is."""
    takeaway = _shape(_slide(deck, "funding"), "Takeaway").text_frame.text
    assert "3 closed rounds shown total $47.6bn (tranches, investor shares and figures of unstated basis not added)" \
        in takeaway


def test_a_deck_of_filters_nothing_matches_says_so_on_every_slide(db):
    deck = _deck(db, Filters(start=date(2001, 1, 1), end=date(2001, 2, 1)))
    assert _shape(deck.slides[0], "Subtitle").text_frame.text.startswith("No figures match these filters")
    for slide in list(deck.slides)[1:]:
        footnote, stamp = (_shape(slide, name).text_frame.text for name in ("Footnote", "Stamp"))
        assert footnote.startswith("Sources: none (nothing on this slide matches the filters)"), footnote
        assert stamp.startswith("No figures on this slide") and "undated" not in stamp, stamp

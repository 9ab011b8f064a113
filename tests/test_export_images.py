"""PNG and SVG exports render through one warm kaleido server and carry their sources and date."""

from __future__ import annotations

import io
import time

import pandas as pd
import pytest
from PIL import Image, ImageStat

from landscape.database import Database
from landscape.export import images
from landscape.export.figures import figure_for
from landscape.labels import plotted_sources
from landscape.queries import Filters

AS_OF = "Data as of 1 Apr 2025 · database built 28 Nov 2026"


@pytest.fixture(scope="module")
def users_chart(project_db):
    if images.browser_path() is None:
        pytest.skip("no chromium to render with; `make system-deps` installs it")
    figure, rows = figure_for(Database(project_db), "users", Filters())
    yield figure, plotted_sources(rows)
    images.stop_renderer()


def test_svg_carries_sources_and_as_of(users_chart):
    figure, sources = users_chart
    svg = images.render_image(figure, "svg", sources, AS_OF).decode()
    assert svg.lstrip().startswith("<svg")
    assert "Noah Wire Services" in svg and "Data as of 1 Apr 2025" in svg


def test_png_is_the_expected_size_and_not_blank(users_chart):
    figure, sources = users_chart
    png = images.render_image(figure, "png", sources, AS_OF)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    framed = images.with_footer(figure, sources, AS_OF)
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.size == (framed.layout.width, framed.layout.height)
        assert picture.size[0] == images.DEFAULT_WIDTH
        low, high = ImageStat.Stat(picture.convert("L")).extrema[0]
        assert low < 100 and high > 200
    assert any("Noah Wire Services" in a.text for a in framed.layout.annotations)
    assert not any("Noah Wire Services" in a.text for a in figure.layout.annotations), "the footer went on a copy"


def test_server_stays_warm(users_chart):
    figure, sources = users_chart
    images.render_image(figure, "svg", sources, AS_OF)
    started = time.perf_counter()
    images.render_image(figure, "svg", sources, AS_OF)
    assert time.perf_counter() - started < 2  # a cold start takes ~3 s


def test_bad_format_is_refused(users_chart):
    with pytest.raises(ValueError):
        images.render_image(users_chart[0], "gif", [], AS_OF)  # type: ignore[arg-type]


def test_the_image_footer_sits_below_every_legend_row(project_db):
    """The image places the legend under the plot in rows for its own width, and the footer below
    those rows; a legend the screen puts right of the plot comes below it too."""
    from landscape import charts, queries

    facts = queries.chosen_facts(Database(project_db), ("valuation",), Filters())
    many = pd.concat([facts.assign(entity=f"Synthetic copy {n} of " + facts.entity) for n in range(3)])
    for frame in (facts, many):  # SYNTHETIC copies of the project's valuations, made here
        figure = charts.metric_lines(frame, title="Valuations")
        framed = images.with_footer(figure, ["Synthetic source"], "01 Oct 2025")
        names = charts.legend_names([t.to_plotly_json() for t in figure.data], figure.layout.to_plotly_json())
        layout = framed.layout
        plot_width = layout.width - layout.margin.l - layout.margin.r
        footer_px = images.FOOTER_LINE_PX * 2 + 16
        assert layout.legend.orientation == "h"
        if len(names) > charts.MAX_LEGEND_BELOW:
            assert layout.margin.r == images.EXPORT_RIGHT_PX, "no room kept for the screen's right-hand legend"
        assert layout.margin.b >= charts.legend_below_px(names, plot_width) + footer_px

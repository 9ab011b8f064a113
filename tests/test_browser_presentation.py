"""What only a browser shows of issue 23: labels that neither collide nor are cut off at 1400 px,
date axes without times of day, and charts that reflow on a 400 px phone. The app serves the
presentation fixture (fictional figures, tests/fixtures/presentation)."""

from __future__ import annotations

import re

import pytest

from landscape.serving import served_app
from tests.presentation_db import presentation_db  # noqa: F401 (a fixture)
from tests.test_browser import browser_type_launch_args, wait_for_charts  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser

# Every visible label plotly drew in each chart (point and bar labels, names written in the plot,
# axis tick labels by axis), with its box and the chart's box, in page pixels.
_LABELS = """() => Array.from(document.querySelectorAll('.js-plotly-plot'), (gd, chart) => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none'
        && e.textContent.trim() !== '' && e.getBoundingClientRect().width > 0;
    const texts = selector => Array.from(gd.querySelectorAll(selector)).filter(shown)
        .map(e => ({text: e.textContent, box: box(e)}));
    return {chart, svg: box(gd.querySelector('.main-svg')),
            plot: box(gd.querySelector('.draglayer .nsewdrag') || gd.querySelector('.main-svg')),
            values: texts('.scatterlayer .textpoint text, .barlayer .bartext'),
            names: texts('.annotation-text'), xticks: texts('.xtick text'), yticks: texts('.ytick text'),
            legend: gd.querySelector('.legend') ? box(gd.querySelector('.legend')) : null,
            hiddenValues: Array.from(gd.querySelectorAll('.scatterlayer .textpoint')).filter(e =>
                getComputedStyle(e).display === 'none').length};
})"""


@pytest.fixture(scope="module")
def fixture_app(presentation_db):  # noqa: F811
    with served_app(db=presentation_db) as base:
        yield base


def _charts(browser, base: str, path: str, width: int, count: int) -> tuple[object, list[dict]]:
    """The page and its charts' labels, once plotly has finished drawing: on a narrow screen it widens a
    margin and draws a chart again after the first drawing, so labels are read until two reads agree."""
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(f"{base}/{path}")
    wait_for_charts(page, count)
    seen = page.evaluate(_LABELS)
    for _ in range(20):
        page.wait_for_timeout(250)
        again = page.evaluate(_LABELS)
        if again == seen:
            break
        seen = again
    return page, seen


def _overlap(a: list[float], b: list[float], slack: float = 1.0) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def _inside(box: list[float], outer: list[float], slack: float = 1.0) -> bool:
    return box[0] >= outer[0] - slack and box[2] <= outer[2] + slack and box[1] >= outer[1] - slack \
        and box[3] <= outer[3] + slack


def _collisions(labels: list[dict]) -> list[tuple[str, str]]:
    return [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:] if _overlap(a["box"], b["box"])]


@pytest.mark.parametrize("path, count", [("valuations", 2), ("chatbot-users", 2), ("chips", 2)])
def test_labels_neither_collide_nor_are_cut_off_at_1400px(browser, fixture_app, path, count):
    page, charts = _charts(browser, fixture_app, path, 1400, count)
    for chart in charts:
        labels = chart["values"] + chart["names"]
        assert labels, f"chart {chart['chart']} of {path} shows labels"
        assert _collisions(labels) == [], f"chart {chart['chart']} of {path}"
        assert _collisions(chart["xticks"]) == [], f"column or date names run into each other on {path}"
        cut = [label["text"] for label in labels if not _inside(label["box"], chart["svg"])]
        assert cut == [], f"cut off at the chart's edge on {path}"
        assert all(tick["text"][:1] in "$0123456789" and tick["text"][-1:] in "kMnB0123456789"
                   for tick in chart["yticks"] if chart["yticks"] and path == "valuations"), chart["yticks"]
    page.close()


@pytest.mark.parametrize("path", ["chatbot-users?mixed=0&metric=mau", "company?entity=baidu",
                                  "valuations?entities=moonshot-ai"])
def test_a_date_axis_for_one_date_shows_months_not_times_of_day(browser, fixture_app, path):
    page, charts = _charts(browser, fixture_app, path, 1400, 1)
    dated = [chart for chart in charts if any(re.search(r"20\d\d|:", tick["text"]) for tick in chart["xticks"])]
    assert dated, path
    for chart in dated:
        ticks = [tick["text"] for tick in chart["xticks"]]
        assert not [t for t in ticks if ":" in t or "." in t], ticks
        assert all(t[:3] in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
                   for t in ticks), ticks
    page.close()


@pytest.mark.parametrize("path, count", [("chips", 2), ("chatbot-users", 2), ("valuations", 2)])
def test_charts_reflow_on_a_400px_phone(browser, fixture_app, path, count):
    page, charts = _charts(browser, fixture_app, path, 400, count)
    for chart in charts:
        assert _collisions(chart["xticks"]) == [], f"column or date names merge on {path}"
        bars_and_names = [label for label in chart["values"] + chart["names"]]
        assert _collisions(bars_and_names) == [], f"labels collide on {path}"
        cut = [label["text"] for label in bars_and_names if not _inside(label["box"], chart["svg"])]
        assert cut == [], f"a label is clipped on {path} ('400M' showed as '40')"
        if chart["legend"]:
            assert chart["legend"][1] >= chart["plot"][3] - 1, "the legend sits below the plot"
            lowest_tick = max((tick["box"][3] for tick in chart["xticks"]), default=chart["plot"][3])
            assert chart["legend"][1] >= lowest_tick - 1, "the legend leaves the axis's labels in view"
    if path != "chips":
        assert sum(chart["hiddenValues"] for chart in charts) > 0, "lines drop their point labels on a phone"
    titles = page.locator("[data-testid='stMarkdownContainer'] strong")
    assert titles.count() >= count
    for index in range(titles.count()):
        assert titles.nth(index).evaluate("e => e.getBoundingClientRect().right") <= 400, "a title runs off the page"
    assert page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 2
    page.close()

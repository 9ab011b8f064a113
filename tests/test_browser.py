"""Real-browser tests: Playwright drives Debian's chromium against the running app.

These cover what only a browser shows: charts drawn, deep links, downloads, clicks reaching
evidence, and a clean console.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from landscape.build import build
from landscape.serving import CHROMIUM_ARGS, CHROMIUM_PATH, served_app

pytestmark = pytest.mark.browser

FIXTURE_ARTICLES = Path(__file__).parent / "fixtures" / "articles"
PAGES = {"": 1, "chatbot-users": 2, "valuations": 2, "chips": 2, "timeline": 1}
# Opening a deep link makes Streamlit's frontend probe these two under the page's path first;
# they 404 before it falls back to the root (see docs/design.md). Every other console error is real.
_DEEP_LINK_PROBES = re.compile(r"/[\w-]+/_stcore/(health|host-config)")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def app_url(project_db, browser):
    """The running app, with every page visited once, so that the tests below wait on warm caches.
    (A first deep link to a fresh server is test_a_first_deep_link_after_a_server_start_opens_its_page.)"""
    with served_app(db=project_db) as base:
        warm = browser.new_page()
        for path in [*PAGES, "sources", "explorer", "review", "presentation"]:
            warm.goto(f"{base}/{path}")
            warm.wait_for_selector("[data-testid='stMainBlockContainer']", timeout=45_000)
            warm.wait_for_load_state("networkidle")
        warm.close()
        yield base


@pytest.fixture
def console_errors(page):
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{message.text} @ {message.location.get('url', '')}")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    return errors


def _real_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if not _DEEP_LINK_PROBES.search(e)]


MARKS = "path.point, .bars path, .scatterlayer .trace path"


def wait_for_charts(page, count: int) -> None:
    """Wait until `count` plotly charts exist and every one has drawn marks."""
    page.wait_for_function(
        """([n, marks]) => {
            const charts = Array.from(document.querySelectorAll('.js-plotly-plot'));
            return charts.length >= n && charts.every(c => c.querySelectorAll(marks).length > 0);
        }""", arg=[count, MARKS], timeout=45_000)
    page.wait_for_load_state("networkidle")


def chart_data(page, index: int = 0) -> list[dict]:
    """The traces plotly actually drew (names and y values) in the index-th chart on the page."""
    return page.evaluate("""i => Array.from(document.querySelectorAll('.js-plotly-plot')[i]._fullData)
        .map(t => ({name: t.name, y: Array.from(t.y || []), x: Array.from(t.x || [])}))""", index)


@pytest.mark.parametrize("path, charts", PAGES.items())
def test_each_page_draws_its_charts_with_a_clean_console(page, app_url, console_errors, path, charts):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{app_url}/{path}")
    wait_for_charts(page, charts)
    drawn = page.locator(".js-plotly-plot").count()
    assert drawn == charts
    assert page.locator(".js-plotly-plot").locator(MARKS).count() >= charts, "traces have drawn marks"
    assert page.get_by_text("Traceback").count() == 0
    assert _real_errors(console_errors) == []


@pytest.mark.parametrize("path, charts", PAGES.items())
def test_each_chart_is_drawn_with_the_margins_it_was_given(page, app_url, path, charts):
    """When a margin is too narrow for the axis labels or the legend, plotly widens it and draws the
    whole chart again; the charts' margins are set to hold them, so each chart is drawn once."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{app_url}/{path}")
    wait_for_charts(page, charts)
    margins = page.evaluate("""() => Array.from(document.querySelectorAll('.js-plotly-plot'), gd =>
        [gd._fullLayout.margin, gd._fullLayout._size])""")
    assert len(margins) == charts
    for given, drawn in margins:
        assert {side: round(drawn[side]) for side in "lrtb"} == {side: round(given[side]) for side in "lrtb"}


# The entity of every bar plotly drew in the i-th chart (a chart coloured by entity is one trace,
# naming each bar's entity in the eighth customdata field).
_BAR_ENTITIES = """i => Array.from(document.querySelectorAll('.js-plotly-plot')[i]._fullData)
    .flatMap(t => Array.from(t.customdata || [], row => row[7] ?? t.name))"""


def bar_entities(page, index: int = 0) -> list[str]:
    return page.evaluate(_BAR_ENTITIES, index)


def test_a_chart_shows_new_data_after_a_filter_changes(page, app_url):
    """Changing a filter redraws the chart with the new figures (the bars are one trace, updated in place)."""
    page.goto(f"{app_url}/chatbot-users?mixed=0&metric=wau")
    wait_for_charts(page, 2)
    assert sorted(bar_entities(page, 0)) == ["ChatGPT"], "weekly users are ChatGPT's alone since the audit"
    page.get_by_text("Include the other user metrics").click()
    page.wait_for_function(f"() => ({_BAR_ENTITIES})(0).includes('Doubao · MAU')", timeout=30_000)
    assert "Doubao · MAU" in bar_entities(page, 0)


def test_hovering_a_bar_names_its_product_and_shows_its_source_as_written(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{app_url}/chatbot-users")
    wait_for_charts(page, 2)
    entities = bar_entities(page, 0)
    assert "Doubao · MAU" in entities
    position = entities.index("Doubao · MAU")
    bar = page.locator(".js-plotly-plot").first.locator(".bars .point path").nth(position).bounding_box()
    page.mouse.move(bar["x"] + bar["width"] / 2 - 10, bar["y"] + bar["height"] / 2 - 5)
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2, steps=5)
    page.wait_for_function("() => document.querySelectorAll('.hoverlayer text').length > 0", timeout=10_000)
    shown = " | ".join(page.locator(".hoverlayer text").all_text_contents())
    assert "Doubao · MAU" in shown, shown
    assert '"Untitled article on ByteDance\'s AI strategy"' in shown, shown
    assert "&quot;" not in shown and "&amp;" not in shown


def test_a_first_deep_link_after_a_server_start_opens_its_page(browser, project_db):
    """The views lived in pages/, which made Streamlit treat the first session of a server process as
    an old-style multipage app: a shared link to /chatbot-users opened under a "Page not found" dialog
    (streamlit/streamlit#9624), having first run the page list of pages/ for nothing."""
    with served_app(db=project_db) as base:
        page = browser.new_page()
        errors = []
        page.on("console", lambda message: errors.append(f"{message.text} @ {message.location.get('url', '')}")
                if message.type == "error" else None)
        page.goto(f"{base}/chatbot-users")
        wait_for_charts(page, 2)
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").first.inner_text() == "Chatbot users"
        assert page.get_by_role("dialog").count() == 0, page.get_by_role("dialog").first.inner_text()
        assert not [e for e in errors if "does not seem to exist" in e]
        page.close()


def test_a_default_view_of_many_series_draws_the_largest_and_the_legend_adds_one(browser, tmp_path_factory):
    """A SYNTHETIC corpus (landscape.synth at its tiny size) has more user series than the default view
    draws (charts.MAX_DRAWN_SERIES). Only a browser shows which lines are drawn, the subtitle saying
    so, and that clicking a listed name in the legend draws its line."""
    from bench.corpus import corpus
    from landscape.charts import MAX_DRAWN_SERIES
    from landscape.synth import SCALES

    synthetic = corpus(SCALES["tiny"], seed=1, cache=tmp_path_factory.mktemp("synthetic"))
    db = synthetic / "real.duckdb"
    build(synthetic / "seeds", synthetic / "data", db)
    with served_app(db=db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{base}/chatbot-users")
        wait_for_charts(page, 2)
        chart = page.locator(".js-plotly-plot").nth(1)
        series = len(chart_data(page, 1))
        assert series > MAX_DRAWN_SERIES, "the synthetic corpus has more series than are drawn"
        assert page.get_by_text(f"The {MAX_DRAWN_SERIES} largest of {series} series are drawn").count() == 1, \
            "the subtitle is written above the chart"
        lines = chart.locator(".scatterlayer .trace")
        assert lines.count() == MAX_DRAWN_SERIES
        listed = chart.locator(".legend .traces[style*='opacity: 0.5']")
        assert listed.count() == series - MAX_DRAWN_SERIES
        # A long legend scrolls: click a listed name inside its visible part, as a person would.
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        entry = next(listed.nth(i) for i in range(listed.count())
                     if box["y"] < listed.nth(i).bounding_box()["y"] < box["y"] + box["height"] - 20)
        name = entry.locator(".legendtext").text_content()
        toggle = entry.locator(".legendtoggle").bounding_box()
        page.mouse.click(toggle["x"] + 10, toggle["y"] + toggle["height"] / 2)
        page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot')[1]"
                               ".querySelectorAll('.scatterlayer .trace').length > n", arg=MAX_DRAWN_SERIES)
        assert lines.count() == MAX_DRAWN_SERIES + 1, "a click on a listed name draws its line"
        visible = page.evaluate("""n => document.querySelectorAll('.js-plotly-plot')[1]._fullData
            .filter(t => t.name === n).map(t => t.visible)""", name)
        assert visible == [True], f"{name} is the line drawn"
        page.close()


def test_deep_link_reproduces_a_filtered_view(page, app_url, console_errors):
    page.goto(f"{app_url}/chatbot-users?mixed=0&metric=wau&entities=chatgpt")
    wait_for_charts(page, 2)
    assert bar_entities(page, 0) == ["ChatGPT"]
    assert page.get_by_text("Weekly active users").count() > 0
    assert "entities=chatgpt" in page.url
    assert _real_errors(console_errors) == []


def test_csv_download_matches_what_the_chart_shows(page, app_url):
    page.goto(f"{app_url}/valuations?entities=bytedance")
    wait_for_charts(page, 1)  # ByteDance has no funding figures, so only the valuation chart is drawn
    plotted = sorted(y for trace in chart_data(page, 0) for y in trace["y"])
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("valuations-and-funding_as-of-")
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    valuations = sorted(float(r["value_usd"]) for r in rows if r["metric"] == "valuation")
    assert valuations == plotted == [300e9, 315e9, 330e9]
    assert all(r["quote"] or r["citation_url"] for r in rows), "the CSV carries the evidence columns"


def test_clicking_a_chart_point_reaches_its_evidence(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{app_url}/chatbot-users?mixed=1&entities=doubao")
    wait_for_charts(page, 2)
    bar = page.locator(".js-plotly-plot").first.locator(".bars path").first.bounding_box()
    # Plotly's drag layer sits above the bars, so click where the bar is, as a person would.
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    evidence = page.get_by_text("possessing an impressive 60 million monthly active users by November")
    evidence.first.wait_for(timeout=30_000)
    page.get_by_role("link", name="Show it in the document").first.click()
    page.wait_for_url(re.compile(r"/sources\?.*record=seed-doubao-mau-2024-11"), timeout=30_000)
    mark = page.locator("mark#ev-seed-doubao-mau-2024-11")
    mark.wait_for(timeout=30_000)
    assert "60 million monthly active users" in mark.inner_text()


def test_clicking_a_table_row_reaches_its_evidence(page, app_url):
    page.goto(f"{app_url}/explorer?q=Wenxiaoyan")
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    box = grid.bounding_box()
    # The first column of glide-data-grid is the row selector; the first data row sits below the header.
    page.mouse.click(box["x"] + 15, box["y"] + 52)
    page.get_by_text("approximately 13 million users").first.wait_for(timeout=30_000)


def _luminance(css_color: str) -> float:
    red, green, blue = (int(v) for v in re.findall(r"\d+", css_color)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_themes_are_readable(browser, app_url, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{app_url}/chatbot-users")
    wait_for_charts(page, 2)
    background = page.evaluate("getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
    heading = page.evaluate("getComputedStyle(document.querySelector('h1')).color")
    tick = page.evaluate("getComputedStyle(document.querySelector('.js-plotly-plot .xtick text')).fill")
    assert (_luminance(background) > 0.5) == (scheme == "light")
    assert abs(_luminance(heading) - _luminance(background)) > 0.5, "headings contrast with the page"
    assert abs(_luminance(tick) - _luminance(background)) > 0.3, "chart labels contrast with the page"
    context.close()


@pytest.mark.parametrize("path", ["", "chatbot-users", "valuations", "chips", "timeline", "sources", "explorer"])
def test_layout_stays_usable_at_400px(browser, app_url, path):
    context = browser.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    page.goto(f"{app_url}/{path}")
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=45_000)
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 2, f"the page scrolls sideways by {overflow}px"
    assert page.locator("h1").first.bounding_box()["width"] <= 400
    context.close()


def test_each_chart_downloads_exactly_its_own_data(page, app_url):
    page.goto(f"{app_url}/valuations?entities=openai")
    wait_for_charts(page, 2)
    plotted = sorted(y for trace in chart_data(page, 1) for y in trace["y"])
    page.get_by_role("button", name="Download this chart").nth(1).click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Chart data (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert {r["metric"] for r in rows} == {"funding"}
    assert sorted(float(r["value_usd"]) for r in rows) == plotted


# Streamlit loads each widget's code on first use. On a busy machine a reader can type in the main
# area before the sidebar's widget code has arrived (the rebuild-under-load test caught this).
_SIDEBAR_WIDGET_CODE = re.compile(r"/static/js/(Multiselect|Selectbox|DateInput|Checkbox)\.[\w-]+\.js$")


def test_sidebar_widgets_that_load_late_keep_their_values(page, app_url):
    """A widget that mounts after the reader's first interaction registers the value the server
    holds, not an empty default: the claim-status filter keeps every status, so facts still show."""
    held = []
    page.route(_SIDEBAR_WIDGET_CODE, lambda route: held.append(route))
    page.goto(f"{app_url}/explorer?q=Doubao")
    caption = page.get_by_text(re.compile(r"^[\d,]+ facts?$"))
    caption.wait_for(timeout=30_000)
    found = caption.inner_text()
    search = page.get_by_role("textbox", name="Search")
    search.fill("no such fact")
    search.press("Enter")
    page.get_by_text("No facts to show.").wait_for(timeout=30_000)
    assert held, "the sidebar's widget code was requested, and held back"
    for route in held:
        route.continue_()
    page.unroute(_SIDEBAR_WIDGET_CODE)
    page.get_by_text("Claim status").wait_for(timeout=30_000)
    search.fill("Doubao")
    search.press("Enter")
    page.get_by_text(found, exact=True).wait_for(timeout=30_000)



def test_a_review_correction_form_opens_on_request(page, inputs, console_errors):
    """Correction forms are built only for an open expander; opening one shows its fields."""
    seeds, data, db = inputs
    # Three fixture articles give the extractor unreviewed candidates (the project's are all merged).
    for name in ("001_moonshot_round.md", "004_chatgpt_weekly.md", "008_chatbot_rankings.md"):
        shutil.copy(FIXTURE_ARTICLES / name, seeds / name)
    build(seeds, data, db)
    with served_app(db=db, env={"LANDSCAPE_DATA": str(data)}) as base:
        page.goto(f"{base}/review")
        expander = page.get_by_text("Correct it").first
        expander.wait_for(timeout=45_000)
        assert page.get_by_role("button", name="Save correction").count() == 0
        expander.click()
        page.get_by_role("button", name="Save correction").first.wait_for(timeout=30_000)
        page.get_by_text("Value (base units)").wait_for(timeout=30_000)
        for field in ("Range from", "Range to", "Qualifier", "Status", "Basis (valuation, funding, GPUs)", "Chip",
                      "Market"):
            assert page.get_by_text(field, exact=True).count() == 1, f"the form corrects the {field.lower()}"
        assert page.get_by_role("button", name="Save correction").count() == 1, "only the opened form is built"
    assert not _real_errors(console_errors)


def test_every_page_draws_the_whole_researched_dataset_with_a_clean_console(full_db, browser):
    """What an analyst opens out of the box: the researched dataset, every chart page drawn, no error."""
    errors: list[str] = []
    with served_app(db=full_db) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("console", lambda message: errors.append(f"{message.text} @ {message.location.get('url', '')}")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
        for path, charts in PAGES.items():
            page.goto(f"{base}/{path}")
            wait_for_charts(page, charts)
            assert page.get_by_text("Traceback").count() == 0, path
            assert page.locator("[data-testid='stException']").count() == 0, path
        page.close()
    assert _real_errors(errors) == []


def test_a_saved_page_uploaded_through_the_app_reaches_the_review_page(page, inputs, tmp_path, console_errors):
    """The Add articles page takes a saved web page (a FICTIONAL test page, tests/news_site.py), rebuilds,
    and links to the new document's candidates in the Review page, where its sentence is quoted as text."""
    from tests.news_site import pages

    seeds, data, db = inputs
    build(seeds, data, db)
    saved = tmp_path / "wenxiaoyan.html"
    saved.write_text(pages()["/technology/baidu-wenxiaoyan-30-million"].html, encoding="utf-8")
    env = {"LANDSCAPE_SEEDS": str(seeds), "LANDSCAPE_DATA": str(data)}
    with served_app(db=db, env=env) as base:
        page.goto(f"{base}/add")
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(saved))
        page.get_by_text("wenxiaoyan.html").wait_for(timeout=30_000)
        page.get_by_role("button", name="Add and rebuild").click()
        page.get_by_text("1 added, 0 already there, 0 not added; the database is rebuilt.").wait_for(timeout=60_000)
        page.get_by_role("link", name="Review its candidates").click()
        page.wait_for_url(re.compile(r"/review\?doc=2025-05-09_baidu-says-wenxiaoyan"), timeout=30_000)
        page.get_by_text("reached 30 million monthly active users in April").first.wait_for(timeout=30_000)
        assert page.get_by_text("Candidates from Baidu says Wenxiaoyan reached 30 million").count() == 1
        assert page.get_by_text("Traceback").count() == 0
        assert not _real_errors(console_errors)  # before the server stops: the page then cannot reach it
    added = [p for p in seeds.iterdir() if p.name.startswith("2025-05-09_")]
    assert len(added) == 1 and "fetched_from: 'upload: wenxiaoyan.html'" in added[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def tiny_app_url(tiny_db, browser):
    """The app serving the tiny fictional database (tests/fixtures/tiny/), its pages visited once."""
    with served_app(db=tiny_db) as base:
        warm = browser.new_page()
        for path in ("valuations", "changes", "explorer"):
            warm.goto(f"{base}/{path}")
            warm.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=45_000)
            warm.wait_for_load_state("networkidle")
        warm.close()
        yield base


def test_the_xlsx_download_of_all_cited_figures_delivers_a_workbook(page, tiny_app_url):
    """OpenAI and Anthropic's figures are all cited, none quoted: "Download XLSX" did nothing (building the
    workbook failed after the click, where the browser shows no error)."""
    from openpyxl import load_workbook

    page.goto(f"{tiny_app_url}/valuations?entities=openai,anthropic")
    wait_for_charts(page, 2)
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Download XLSX").click()
    assert download.value.suggested_filename.startswith("valuations-and-funding_as-of-")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book["Sources"].values)
    urls = {dict(zip(rows[0], row, strict=True))["url"] for row in rows[1:]}
    assert urls == {"https://fictional.invalid/openai-2024", "https://fictional.invalid/openai-2025",
                    "https://fictional.invalid/anthropic-2025"}


def test_sidebar_dates_are_not_clipped(page, tiny_app_url):
    """Side by side, the From and To fields were narrower than their dates ("2017 / 01 / (")."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{tiny_app_url}/valuations")
    page.get_by_text("Known as of").wait_for(timeout=45_000)
    fields = page.locator("[data-testid='stSidebar'] [data-testid='stDateInputFieldsScroller']")
    fields.nth(2).wait_for(timeout=30_000)
    widths = page.evaluate("""() => Array.from(document.querySelectorAll(
        "[data-testid='stSidebar'] [data-testid='stDateInputFieldsScroller']"), f => [f.scrollWidth, f.clientWidth])""")
    assert len(widths) == 3
    assert all(content <= shown for content, shown in widths), f"a date is wider than its field: {widths}"
    assert page.locator("[data-testid='stSidebar'] [aria-label='year, From']").inner_text() == "2017"


def test_what_changed_opens_on_changes_and_a_period_applies_on_a_click(page, tiny_app_url, console_errors):
    """It opened on a date a year before today that showed nothing, and a typed date applied only when
    the field lost focus. It now opens on the latest three months of news, a period applies when clicked,
    and a date of one's own applies as it is typed."""
    page.goto(f"{tiny_app_url}/changes")
    page.get_by_text("Since 28 May 2025").wait_for(timeout=45_000)
    assert page.get_by_text("ByteDance's valuation (buyback) rose 10% to >$330bn").count() == 1
    page.get_by_role("radio", name="Latest 12 months").click()
    page.get_by_text("Since 27 Aug 2024").wait_for(timeout=30_000)
    assert "window=year" in page.url
    page.get_by_role("radio", name="Since a date…").click()
    typed = page.get_by_role("textbox", name="Published after (YYYY-MM-DD)")
    typed.wait_for(timeout=30_000)
    assert typed.input_value() == "2024-08-27", "a date of one's own starts from the period shown"
    typed.fill("2024-08-28")  # and nothing else: no Enter, no click elsewhere
    page.get_by_text("Since 28 Aug 2024").wait_for(timeout=30_000)
    assert "since=2024-08-28" in page.url
    assert _real_errors(console_errors) == []

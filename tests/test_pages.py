"""AppTest for every page, against the database built from the project's seeds and curated data."""

from __future__ import annotations

import re
import shutil

import pytest

from landscape import queries
from landscape.chip_charts import QUANTITY_TRACE
from tests.apptest_helpers import bars_of, figures, open_page, title, traces
from tests.conftest import CORE_CURATED, curated_counts

PAGES = ["views/overview.py", "views/chatbot_users.py", "views/valuations.py", "views/chips.py",
         "views/timeline.py", "views/sources.py", "views/explorer.py", "views/review.py", "views/presentation.py",
         "views/company.py", "views/changes.py", "views/add_articles.py"]


@pytest.fixture(autouse=True)
def use_project_db(project_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(project_db))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception_or_error(page):
    at = open_page(page)
    assert not at.error
    assert at.title, "each page has a heading"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_the_whole_researched_dataset(page, full_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(full_db))
    at = open_page(page)
    assert not at.error and not at.exception
    assert at.title, "each page has a heading"


@pytest.mark.parametrize("page", ["views/overview.py", "views/chatbot_users.py", "views/valuations.py",
                                  "views/chips.py", "views/timeline.py", "views/company.py"])
def test_no_hover_shows_a_missing_value_as_nan(page):
    """A figure with no definition or choice reason shows no such line, not 'Definition: nan'."""
    at = open_page(page)
    hovers = [str(field) for figure in figures(at) for trace in figure["data"]
              for point in trace.get("customdata") or [] for field in point]
    assert hovers, "the page draws points with evidence"
    assert not [h for h in hovers if re.search(r"\bnan\b", h, re.I)]


def test_overview_kpis_and_headline_chart():
    at = open_page(None)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Leading chatbot by monthly active users"] == "60M"
    # Private prices only: ByteDance's latest buyback beats OpenAI's $300bn round; OpenAI's $500bn is sought.
    assert metrics["Highest private valuation"] == ">$330bn"
    assert metrics["Largest AI-chip buyer (purchases in one period)"] == "485k GPUs"
    [figure] = figures(at)
    bars = bars_of(figure)
    assert len(figure["data"]) == 1, "bars coloured by entity are one trace"
    assert bars["ByteDance"]["value"] == [330e9]
    assert bars["Baichuan AI"]["value"] == [pytest.approx(2.7e9)], "money is plotted in USD"
    assert "Meta" not in bars, "a listed company's market value is another measure"
    facts = curated_counts(only=CORE_CURATED)["facts"]
    assert any("Built" in c.value and f"{facts} facts" in c.value for c in at.caption)


def test_overview_cards_stay_between_the_heading_and_the_headline_chart():
    """The cards' row is filled after the chart is drawn (so the chart reaches the browser sooner), but
    it keeps its place: under the heading, above the chart, with all three cards in it."""
    at = open_page(None)
    children = [child for _, child in sorted(at.main.children.items())]
    kinds = [getattr(child, "type", None) for child in children]
    chart = kinds.index("plotly_chart")
    [row] = [n for n, child in enumerate(children) if getattr(child, "type", None) == "flex_container"
             and len(child.metric) == 3]
    assert kinds[0] == "title" and row < chart


def test_users_page_compares_doubao_and_wenxiaoyan_with_a_mixed_metric_warning():
    at = open_page("views/chatbot_users.py")
    latest, over_time = figures(at)
    bars = bars_of(latest)
    assert bars["Doubao · MAU"]["value"] == [60e6]
    assert bars["Wenxiaoyan · USERS"]["value"] == [13e6]
    assert bars["Wenxiaoyan · USERS"]["text"] == ["≈13M"]
    assert any("Not like-for-like" in w.value for w in at.warning)
    quote = bars["Doubao · MAU"]["customdata"][0][4]
    assert "60 million monthly active users" in quote
    assert "Doubao (MAU · China)" in traces(over_time)


def test_users_page_single_metric_has_no_warning_and_filters_change_the_data():
    """ChatGPT's weekly users were split between OpenAI and ChatGPT before the audit; now one series."""
    at = open_page("views/chatbot_users.py", {"mixed": "0", "metric": "wau"})
    assert not at.warning
    assert set(bars_of(figures(at)[0])) == {"ChatGPT"}
    at = open_page("views/chatbot_users.py", {"mixed": "1"})
    assert {"Doubao · MAU", "ChatGPT · WAU"} <= set(bars_of(figures(at)[0]))
    at.multiselect(key="users:entities").set_value(["doubao"]).run()
    assert set(bars_of(figures(at)[0])) == {"Doubao · MAU"}
    assert at.query_params["entities"] == "doubao"


def test_users_page_restores_filters_from_query_parameters():
    at = open_page("views/chatbot_users.py", {"entities": "doubao", "group": "market", "mixed": "1"})
    assert at.multiselect(key="users:entities").value == ["doubao"]
    assert at.radio(key="users:group").value == "market"
    assert set(bars_of(figures(at)[0])) == {"China"}


def test_hostile_query_parameters_are_ignored_with_a_note():
    at = open_page("views/chatbot_users.py", {"entities": "doubao,<script>alert(1)</script>",
                                              "metric": "'; DROP TABLE facts; --", "from": "not-a-date"})
    notes = " ".join(w.value for w in at.warning)
    assert "Ignored unknown value" in notes and "DROP TABLE" in notes
    assert at.multiselect(key="users:entities").value == ["doubao"]



def test_valuations_page_says_which_series_is_empty():
    """Only funding rounds are 'expected' in the curated data: the valuation chart gives way to a message
    and the funding chart stays. With nothing before 2000 either, one message covers both."""
    at = open_page("views/valuations.py", {"status": "expected"})
    assert [i.value for i in at.info if "No valuations to show" in i.value]
    [funding] = figures(at)
    assert title(funding).startswith("Funding rounds")
    assert {point[3] for trace in funding["data"] for point in trace["customdata"]} == {"expected"}, "status"
    at = open_page("views/valuations.py", {"status": "expected", "to": "1999-12-31"})
    assert not figures(at)
    assert [i.value for i in at.info if "No valuations or funding to show" in i.value]
    assert not [i.value for i in at.info if "No valuations to show" in i.value]


def test_valuations_page_plots_usd_and_separates_prospective_figures():
    at = open_page("views/valuations.py", {"entities": "bytedance,mistral-ai,openai"})
    valuation, funding = figures(at)
    lines = traces(valuation)
    # Like-for-like: ByteDance's buybacks are one series (the $315bn one was filed with no basis until the
    # audit), and they are not set against funding rounds without a warning.
    assert lines["ByteDance (buyback)"]["y"] == [300e9, 315e9, 330e9]
    assert not [name for name in lines if name.startswith("ByteDance") and "buyback" not in name]
    assert any("Not like-for-like" in w.value and "buyback" in w.value for w in at.warning)
    assert lines["Mistral AI (funding round)"]["y"] == [pytest.approx(5.8e9 * 1.0761)]
    assert lines["Mistral AI (prospective) (not realised)"]["y"][-1] == pytest.approx(14e9)
    hover = lines["Mistral AI (funding round)"]["customdata"][0][6]
    assert "Original: €5.8bn" in hover and "1.0761" in hover
    assert "OpenAI (prospective) (not realised)" in lines
    assert title(funding).startswith("Funding rounds")
    at.multiselect(key="valuations:status").set_value(["reported"]).run()
    assert not [name for name in traces(figures(at)[0]) if "not realised" in name]


def test_chips_page_shows_statements_without_quantities():
    at = open_page("views/chips.py", {"entities": "bytedance"})
    matrix = traces(figures(at)[0])
    ticks = matrix["stated, no quantity"]
    cells = set(zip(ticks["x"], ticks["y"], strict=True))
    assert ("H20", "ByteDance · China") in cells
    assert ("H100", "ByteDance · Outside China") in cells
    assert ("Blackwell", "ByteDance · Outside China") in cells
    assert ("Data-centre<br>capacity", "ByteDance · Malaysia") in cells
    assert matrix[QUANTITY_TRACE]["text"] == ["≈230k"], "a count of GPUs is written without its unit"


def test_timeline_page_filters_by_kind():
    at = open_page("views/timeline.py")
    lanes = traces(figures(at)[0])
    assert {"hire", "launch", "regulation"} <= set(lanes)
    at.multiselect(key="timeline:kinds").set_value(["hire"]).run()
    assert set(traces(figures(at)[0])) == {"hire"}
    assert len(traces(figures(at)[0])["hire"]["x"]) == 4


def test_sources_page_highlights_evidence_and_escapes_text():
    at = open_page("views/sources.py", {"doc": "000_5be3c2b0c4f857ee", "record": "seed-doubao-mau-2024-11"})
    html = " ".join(h.proto.body for h in at.get("html"))
    assert '<mark id="ev-seed-doubao-mau-2024-11"' in html
    assert "outline:2px solid" in html, "the linked record is emphasised"
    assert any("60 million monthly active users" in t.value for t in at.text)


def test_explorer_search_and_metric_filter():
    at = open_page("views/explorer.py", {"q": "Wenxiaoyan"})
    [frame] = [d.value for d in at.dataframe]
    assert list(frame.entity) == ["Wenxiaoyan"]
    assert "1 fact" in [c.value for c in at.caption], "one result reads '1 fact', not '1 facts'"
    at.text_input(key="explorer:q").set_value("").run()
    at.selectbox(key="explorer:metric").set_value("gpu_units").run()
    frame = at.dataframe[0].value
    assert set(frame.metric) == {"GPU units"} and len(frame) == 11, "metrics show by name"


def test_missing_database_is_a_friendly_message(monkeypatch, tmp_path):
    monkeypatch.setenv("LANDSCAPE_DB", str(tmp_path / "absent.duckdb"))
    at = open_page("views/valuations.py")
    assert any("make build" in i.value for i in at.info)
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("sql, says", [
    ("SELECT list(range) AS l FROM range(5000000)", "short of memory"),
    ("SELECT * FROM no_such_table", "CatalogException"),
])
def test_a_query_the_database_cannot_answer_is_a_message_not_an_error_page(monkeypatch, tmp_path, project_db,
                                                                           sql, says):
    """Five sessions opening pages at once after a server start at 1M facts could run DuckDB out of
    memory; the page showed Streamlit's "This app has encountered an error" instead of saying so."""
    copy = tmp_path / "copy.duckdb"  # a new file: no cached answer from another test stands in for the query
    shutil.copyfile(project_db, copy)
    monkeypatch.setenv("LANDSCAPE_DB", str(copy))
    monkeypatch.setattr("landscape.database.MEMORY_LIMIT", "4MB")
    monkeypatch.setattr(queries, "metric_counts", lambda db, *args: db.query(sql))  # the users page's first query
    at = open_page("views/chatbot_users.py")
    assert not at.exception
    [error] = at.error
    assert "could not be loaded from the database" in error.value and says in error.value
    assert "Reload the page" in error.value and "Traceback" not in error.value
    assert not at.get("plotly_chart")


def test_empty_filter_result_explains_itself():
    at = open_page("views/timeline.py", {"from": "1999-01-01", "to": "1999-12-31"})
    assert any("No events to show" in i.value for i in at.info)


def test_review_page_with_nothing_waiting_says_so():
    at = open_page("views/review.py")
    assert any("Nothing is waiting" in i.value for i in at.info)
    assert any("merged" in c.value for c in at.caption), "the counts by review state are shown"


def test_presentation_page_builds_a_deck_with_progress(tmp_path):
    at = open_page("views/presentation.py", {"charts": "users,valuations"})
    assert at.multiselect(key="presentation:charts").value == ["users", "valuations"]
    at.button(key="presentation:build").click().run()
    assert not at.exception
    assert at.session_state["presentation:deck"][:2] == b"PK", "a zip-based .pptx was built"
    assert [s.label for s in at.get("status")] == ["Deck ready"]
    assert at.get("progress") and at.get("download_button")


def test_a_deck_the_database_cannot_answer_for_is_a_message_not_an_error_page(monkeypatch):
    def fails(db, chosen, filters, on_slide=None):
        db.query("SELECT * FROM no_such_table")

    monkeypatch.setattr("landscape.export.deck.build_deck", fails)
    at = open_page("views/presentation.py", {"charts": "users"})
    at.button(key="presentation:build").click().run()
    assert not at.exception
    assert [s.label for s in at.get("status")] == ["Deck not built"]
    [error] = at.error
    assert "The deck could not be built from the database." in error.value and "CatalogException" in error.value
    assert "presentation:deck" not in at.session_state


def test_company_profile_runs_only_the_open_tab_and_links_to_it():
    at = open_page("views/company.py", {"entity": "bytedance"})
    assert at.title[0].value == "ByteDance"
    [users] = figures(at)  # only the Users tab ran
    assert title(users) == "Users over time" and "Doubao" in traces(users)
    at = open_page("views/company.py", {"entity": "bytedance", "section": "Events and hires"})
    [events] = figures(at)
    assert title(events) == "Events"
    assert any(m.value.startswith("**Hires:**") for m in at.markdown), "the founding document's hires are listed"
    at = open_page("views/company.py", {"entity": "bytedance", "section": "All figures"})
    assert not figures(at)
    table = at.dataframe[0].value
    assert {"Doubao", "ByteDance"} <= set(table.entity), "every figure of the company and its products"


def _footer_script():
    from landscape import ui

    # Fictional source names: the footer's formatting is under test, not any real citation.
    ui.source_footer([f"Fictional Publisher {i}" for i in range(25)], None)


def test_a_chart_footer_names_ten_sources_and_counts_the_rest():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_footer_script).run()
    text = at.caption[0].value
    assert "Fictional Publisher 9" in text and "Fictional Publisher 10" not in text
    assert "and 15 more" in text


def _points_note_script():
    import pandas as pd

    from landscape import ui
    from landscape.queries import Filters

    # SYNTHETIC rows: only the note's arithmetic is under test.
    def rows(series: int, each: int) -> pd.DataFrame:
        return pd.DataFrame({"entity_id": [f"e{i // each}" for i in range(series * each)], "metric": "mau"})

    ui.latest_points_note([rows(2, 10)], Filters())  # nothing capped: no note
    ui.latest_points_note([rows(30, 40), rows(2, 10)], Filters())  # 30 series keep their latest 40 each
    ui.latest_points_note([rows(30, 40)], Filters(entities=("e0",)))  # chosen entities keep 120 each: no note


def test_a_capped_chart_says_each_series_shows_its_latest_figures():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_points_note_script).run()
    assert [c.value for c in at.caption] == [
        "Each series shows its latest 40 figures (a chart of fewer series shows more of each)."]


def test_sources_page_runs_only_its_open_tab_and_links_to_it(project_db):
    import duckdb

    from landscape.labels import counted

    with duckdb.connect(str(project_db), read_only=True) as con:
        documents = {r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()}
        cited = con.execute("SELECT count(DISTINCT (citation_publisher, citation_title, citation_url)) FROM facts "
                            "WHERE doc_id IS NULL").fetchone()[0]
    assert documents and cited
    at = open_page("views/sources.py")
    assert at.get("html"), "the reader opens first, showing a document's text"
    assert [d.key for d in at.dataframe] == ["sources-spans"], "the lists are not built while their tabs are shut"
    at = open_page("views/sources.py", {"tab": "All documents"})
    assert not at.get("html") and not at.selectbox
    [listed] = [d.value for d in at.dataframe]
    assert set(listed.doc_id) == documents
    assert any(c.value == f"{counted(len(documents), 'document')} in seeds/." for c in at.caption)
    at = open_page("views/sources.py", {"tab": "Cited public sources"})
    [citations] = [d.value for d in at.dataframe]
    assert len(citations) == cited and citations.facts.sum() > 0

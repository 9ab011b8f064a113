"""Each page's twin (bench/twins.py, bench/twin_app.py) draws what its page drew on first view: as many
charts with as many points, tables of the same rows and columns, as many widgets. The twin is the
baseline the benchmark divides by (issue 24), so it must not drift from its page. No timing here."""

from __future__ import annotations

import ast
import copy
import pickle
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Widget

from bench import twins
from bench.app_pages import app_pages
from bench.rerun import chart_points
from tests.apptest_helpers import open_page

PAGES = app_pages()


@pytest.fixture(autouse=True)
def use_project_db(project_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(project_db))


def drawn(at: AppTest) -> dict:
    """Read from the element tree itself, not through the recorder, so a recorder that drops something
    cannot hide it from this comparison."""
    return {"chart_points": chart_points(at), "tables": [tuple(t.value.shape) for t in at.dataframe],
            "widgets": sum(isinstance(node, Widget) for node in at._tree)}


def twin_of(recording: dict, path: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv(twins.PAGE_ENV, str(path))
    twins.save(recording, path)
    twin = twins.run_twin(path)
    assert not twin.exception, [e.value for e in twin.exception]
    return twin


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_a_twin_draws_what_its_page_drew(page, tmp_path, monkeypatch):
    at = open_page(page.script if page.url_path else None)
    recording = twins.record(at)
    twin = twin_of(recording, tmp_path / f"{page.name}.pickle", monkeypatch)
    assert drawn(twin) == drawn(at)
    assert twins.shape(recording)["chart_points"] == drawn(at)["chart_points"]


def test_the_comparison_fails_when_a_twin_drops_a_chart(tmp_path, monkeypatch):
    at = open_page("views/chatbot_users.py")
    recording = copy.deepcopy(twins.record(at))
    charts = [i for i in recording["main"] if i["kind"] == "plotly_chart"]
    assert len(charts) >= 2, "the users page draws a bar chart and a line chart"
    recording["main"].remove(charts[-1])
    twin = twin_of(recording, tmp_path / "short.pickle", monkeypatch)
    assert drawn(twin)["chart_points"] == drawn(at)["chart_points"][:-1]
    assert drawn(twin) != drawn(at)


def test_a_twin_needs_no_project_code(tmp_path):
    """The twin script imports only Streamlit, plotly and the standard library, and a recording
    unpickles without any project module (or DuckDB)."""
    tree = ast.parse(twins.TWIN_APP.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"os", "pickle", "pathlib", "json", "plotly", "streamlit"}, imported
    at = open_page("views/explorer.py")  # a table with dates, numbers, links and flags
    path = twins.save(twins.record(at), tmp_path / "explorer.pickle")
    modules: set[str] = set()

    class Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            modules.add(module)
            return super().find_class(module, name)

    with path.open("rb") as stream:
        Unpickler(stream).load()
    assert modules and not {m for m in modules if m.split(".")[0] in ("landscape", "duckdb", "bench")}, modules

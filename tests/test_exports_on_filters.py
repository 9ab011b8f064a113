"""Every export (XLSX, PPTX, PNG, SVG, CSV; from the command line and from each page's download buttons)
on filters whose rows are all cited, all quoted, none at all, or events only.

The tiny fictional database (tests/fixtures/tiny/) has one of each: OpenAI and Anthropic's figures are
all cited with no quote, Doubao's are all quoted from documents, Zhipu AI has events and no figure, and
nothing is dated after 2099. An all-cited selection once made "Download XLSX" do nothing and the
command line print a traceback.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation

from landscape.database import Database
from landscape.export import command, images
from landscape.export.workbook import build_workbook
from landscape.queries import Filters
from tests.apptest_helpers import open_page, record_downloads

CITED = ("openai", "anthropic")
QUOTED = ("doubao",)
EVENTS_ONLY = ("zhipu-ai",)
CASES = {
    "all cited": dict(entities=list(CITED), since=None),
    "all quoted": dict(entities=list(QUOTED), since=None),
    "events only": dict(entities=list(EVENTS_ONLY), since=None),
    "empty": dict(entities=[], since=date(2099, 1, 1)),
}
# The chart each case draws as an image: one that has rows for it.
IMAGE_CHART = {"all cited": "valuations", "all quoted": "users", "events only": "timeline"}
FICTIONAL_URLS = {"all cited": {"https://fictional.invalid/openai-2024", "https://fictional.invalid/openai-2025",
                                "https://fictional.invalid/anthropic-2025", "https://fictional.invalid/chatgpt"},
                  "events only": {"https://fictional.invalid/zhipu", "https://fictional.invalid/zhipu-model"}}


def _sheet(book, name: str) -> list[dict]:
    rows = list(book[name].values)
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def _check_workbook(data: bytes, case: str, whole: bool = True) -> None:
    """A workbook that opens, with its sources: all of the selection's (whole) or some of them (a page's
    download holds only that page's rows)."""
    book = load_workbook(io.BytesIO(data))
    assert {"Sources", "README"} <= set(book.sheetnames)
    sources = _sheet(book, "Sources")
    if case in FICTIONAL_URLS:
        urls = {s["url"] for s in sources}
        assert urls == FICTIONAL_URLS[case] if whole else urls and urls <= FICTIONAL_URLS[case]
        assert {s["kind"] for s in sources} == {"cited source"}
    if case == "all quoted":
        assert {s["kind"] for s in sources} == {"document"}
        documents = {s["doc_id"] for s in sources}
        every = {"fixture_doubao_september", "fixture_bytedance_december"}
        assert documents == every if whole else documents and documents <= every
        assert all(s["sha256"] for s in sources), "each document is identified by its hash"


@pytest.mark.parametrize("case", CASES)
def test_the_workbook_of_every_kind_of_selection(tiny_db, case):
    filters = Filters(entities=tuple(CASES[case]["entities"]), start=CASES[case]["since"])
    book_bytes = build_workbook(Database(tiny_db), filters)
    _check_workbook(book_bytes, case)
    book = load_workbook(io.BytesIO(book_bytes))
    timeline = _sheet(book, "Timeline")
    if case == "events only":
        assert {r["event_id"] for r in timeline} == {"t-zhipu-round", "t-zhipu-model"}
        assert not _sheet(book, "All facts")
    if case == "empty":
        assert not any(_sheet(book, name) for name in ("Chatbot users", "Valuations & funding", "Timeline",
                                                         "All facts"))


@pytest.mark.parametrize("kind", ["xlsx", "pptx", "png", "svg"])
@pytest.mark.parametrize("case", CASES)
def test_the_command_line_exports_every_kind_of_selection(tiny_db, tmp_path, capsys, case, kind):
    if kind in ("png", "svg") and images.browser_path() is None:
        pytest.skip("no chromium to render with; `make system-deps` installs it")
    out = tmp_path / f"export.{kind}"
    chart = [IMAGE_CHART.get(case, "users")] if kind in ("png", "svg") else None
    code = command.run(kind, out, CASES[case]["entities"], None, CASES[case]["since"], chart, db_path=tiny_db)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if kind in ("png", "svg") and case == "empty":
        # An image of empty axes would pass for a chart: it is refused, in one line.
        assert code == 2 and not out.exists()
        assert err.count("\n") == 1 and "nothing to draw" in err
        return
    assert code == 0, err
    data = out.read_bytes()
    if kind == "xlsx":
        _check_workbook(data, case)
    elif kind == "pptx":
        deck = Presentation(io.BytesIO(data))
        charts = [shape for slide in deck.slides for shape in slide.shapes if shape.has_chart]
        assert bool(charts) == (case in ("all cited", "all quoted")), "charts only where figures match"
    elif kind == "png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        svg = data.decode()
        assert svg.lstrip().startswith("<svg")
        assert ("Fictional Finance" if case != "all quoted" else "Fictional Wire") in svg, "sources drawn in"


def test_an_image_of_a_chart_with_nothing_in_it_is_refused(tiny_db, tmp_path, capsys):
    """Zhipu AI has events but no user figures: a users chart of it is refused, not drawn empty."""
    out = tmp_path / "users.png"
    assert command.run("png", out, list(EVENTS_ONLY), None, None, ["users"], db_path=tiny_db) == 2
    assert "nothing to draw: no rows for the users chart" in capsys.readouterr().err and not out.exists()


# Each page with the link that selects each kind of rows; a page with nothing to show has no downloads.
PAGE_CASES = [
    ("views/valuations.py", {"entities": "openai,anthropic"}, "all cited"),
    ("views/valuations.py", {"from": "1990-01-01", "to": "1999-12-31"}, "empty"),
    ("views/chatbot_users.py", {"entities": "doubao"}, "all quoted"),
    ("views/chatbot_users.py", {"entities": "chatgpt"}, "all cited"),
    ("views/chips.py", {"entities": "bytedance"}, "mixed"),
    ("views/timeline.py", {"entities": "zhipu-ai"}, "events only"),
    ("views/explorer.py", {"entities": "openai,anthropic"}, "all cited"),
    ("views/explorer.py", {"entities": "doubao"}, "all quoted"),
    ("views/company.py", {"entity": "openai", "section": "All figures"}, "all cited"),
    ("views/sources.py", {"doc": "fixture_doubao_september"}, "all quoted"),
    ("views/changes.py", {"since": "2024-12-01"}, "mixed"),
    ("views/presentation.py", {"entities": "openai,anthropic"}, "all cited"),
    ("views/presentation.py", {"entities": "doubao"}, "all quoted"),
    ("views/presentation.py", {"entities": "zhipu-ai"}, "events only"),
    ("views/presentation.py", {"from": "1990-01-01", "to": "1999-12-31"}, "empty"),
]


@pytest.mark.parametrize("page, params, case", PAGE_CASES)
def test_every_download_on_every_page_delivers_a_file(tiny_db, monkeypatch, page, params, case):
    """Downloads are built when clicked, where an exception is invisible: the button just does nothing.
    Every download a page offers is built here, as a click would, and opened."""
    monkeypatch.setenv("LANDSCAPE_DB", str(tiny_db))
    downloads = record_downloads(monkeypatch)
    at = open_page(page, params, before_page=downloads.clear)  # only this page's downloads
    assert not at.exception and not at.error
    if case == "empty" and page != "views/presentation.py":
        assert not downloads and any("to show" in i.value for i in at.info)
        return
    if page == "views/presentation.py":
        at.button(key="presentation:build").click().run()
        deck = Presentation(io.BytesIO(at.session_state["presentation:deck"]))
        assert len(deck.slides) > 1 and not at.exception
    assert downloads, "the page offers downloads"
    drawn: set[str] = set()
    for name, build in downloads.items():
        image = Path(name).suffix if name.endswith((".png", ".svg")) else None
        # One image of each format a page: every chart's image goes through the same renderer, and
        # each costs a browser round trip (charts' own images are tested in test_export_images.py).
        if image and (image in drawn or images.browser_path() is None):
            continue
        if image:
            drawn.add(image)
        data = build()
        data = data.encode() if isinstance(data, str) else data
        assert data, f"{name} is empty"
        if name.endswith(".xlsx"):
            _check_workbook(data, case, whole=page == "views/presentation.py")
        elif name.endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
            assert rows or case == "empty", f"{name} has no rows"
        elif name.endswith(".png"):
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
        elif name.endswith(".svg"):
            assert data.decode().lstrip().startswith("<svg")

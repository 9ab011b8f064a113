"""Rebuild under load: ten browser sessions use the app while the database is rebuilt five times.

Each rebuild adds one fictional curated fact whose citation title is a marker ("Load marker N").
No session sees an error, and each finds the new marker in the Data explorer at its next
interaction (changing the search), without reloading the page.
"""

from __future__ import annotations

import subprocess
import time

import pytest

from landscape import paths
from landscape.build import build
from landscape.serving import served_app
from tests.reliability_helpers import (
    LAUNCH_ARGS,
    append_rows,
    build_command,
    copy_inputs,
    real_console_errors,
    watch_console,
)

pytestmark = pytest.mark.browser

SESSIONS = 10
REBUILDS = 5
HEADER = ("fact_id,entity,metric,value,unit,as_of,qualifier,status,note,citation_publisher,citation_title,"
          "citation_url,citation_published,citation_published_is_estimate\n")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return LAUNCH_ARGS


def _marker_row(n: int) -> list[str]:
    return [f"load-marker-{n}", "Doubao", "downloads", str(1000 + n), "downloads", "2024-06", "exact", "reported",
            "fictional row added by the rebuild-under-load test", "Reliability test (fictional)",
            f"Load marker {n}", f"https://example.invalid/load-marker-{n}", "2024-06-01", "false"]


def _search(page, text: str) -> None:
    box = page.get_by_role("textbox", name="Search")
    box.fill(text)
    box.press("Enter")


def _assert_clean(page, errors: list[str]) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Traceback").count() == 0
    assert real_console_errors(errors) == []


def test_ten_sessions_see_no_error_and_new_data_across_five_rebuilds(tmp_path, browser):
    seeds, data = copy_inputs(tmp_path)
    markers = data / "curated" / "zz_load_markers.csv"
    markers.write_text(HEADER, encoding="utf-8")
    append_rows(markers, [_marker_row(0)])
    db = tmp_path / "out" / "landscape.duckdb"
    build(seeds, data, db)
    started = time.monotonic()
    with served_app(db=db) as base:
        contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(SESSIONS)]
        pages = [c.new_page() for c in contexts]
        errors = [watch_console(p) for p in pages]
        for page in pages:
            page.goto(f"{base}/explorer?q=Load+marker", wait_until="commit")
        for page in pages:
            page.get_by_text("1 fact", exact=True).wait_for(timeout=60_000)
        for n in range(1, REBUILDS + 1):
            append_rows(markers, [_marker_row(n)])
            rebuild = subprocess.Popen(build_command(seeds, data, db), cwd=paths.ROOT, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True)
            searching = pages[n % 2::2]
            for i, page in enumerate(searching):  # half the sessions query while the file is swapped
                _search(page, f"no such fact {n}-{i}")
            assert rebuild.wait(timeout=60) == 0, rebuild.stderr.read()
            for page in searching:
                # That search has run before the next is typed: a rerun finishing mid-typing re-renders
                # the box with the old value, and the Enter that follows then changes nothing.
                page.get_by_text("No facts to show.").wait_for(timeout=60_000)
            for page in pages:  # the search ignores case; changing it is the session's next interaction
                _search(page, "load marker" if n % 2 else "Load marker")
            for i, page in enumerate(pages):
                # Before this rebuild the search found n markers; n + 1 means the new row is seen, without a reload.
                page.get_by_text(f"{n + 1} facts", exact=True).wait_for(timeout=60_000)
                _assert_clean(page, errors[i])
        for context in contexts:
            context.close()
    elapsed = time.monotonic() - started
    print(f"\nrebuild under load: {SESSIONS} sessions held across {REBUILDS} rebuilds in {elapsed:.0f}s, no errors")
    assert elapsed < 240, "bounded: ten sessions and five rebuilds on a busy 2-core machine"

"""Crash safety: `python -m landscape build` killed with SIGKILL at random points, 20 times and more.

After every kill the database is byte-identical to the last good one and opens in DuckDB, the next
build succeeds and leaves no temp files, and the app, started once, keeps serving its charts.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time

import duckdb
import pytest

from landscape import paths
from landscape.build import build
from landscape.serving import served_app
from tests.reliability_helpers import (
    LAUNCH_ARGS,
    add_fictional_corpus,
    build_command,
    cli_build,
    copy_inputs,
    real_console_errors,
    temp_files,
    watch_console,
)

KILLS = 20
MARKS = "path.point, .bars path, .scatterlayer .trace path"


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return LAUNCH_ARGS


def _opens(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]


def _built_at(db):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT built_at FROM build_info").fetchone()[0]


def _timed_build(seeds, data, db) -> tuple[float, float]:
    """Run one CLI build; return its duration and when its temp file first appeared."""
    start = time.monotonic()
    process = subprocess.Popen(build_command(seeds, data, db), cwd=paths.ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    appeared = None
    while process.poll() is None:
        if appeared is None and temp_files(db):
            appeared = time.monotonic() - start
        time.sleep(0.005)
    assert process.returncode == 0
    return time.monotonic() - start, appeared or 0.0


def _kill_build(seeds, data, db, delay: float | None, rng: random.Random) -> tuple[bool, bool]:
    """Start a build and SIGKILL its process group after `delay` seconds, or (delay None) at a random
    moment after its temp file appears. Returns (killed before it finished, temp file existed)."""
    process = subprocess.Popen(build_command(seeds, data, db), cwd=paths.ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    if delay is None:
        deadline = time.monotonic() + 30
        while not temp_files(db) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        delay = rng.uniform(0, 0.12)
    time.sleep(delay)
    mid_write = bool(temp_files(db))
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)
    return process.returncode == -signal.SIGKILL, mid_write and process.returncode == -signal.SIGKILL


def _chart_drawn(page) -> None:
    page.wait_for_function("""marks => {
        const charts = Array.from(document.querySelectorAll('.js-plotly-plot'));
        return charts.length > 0 && charts.every(c => c.querySelectorAll(marks).length > 0);
    }""", arg=MARKS, timeout=45_000)


@pytest.mark.browser
def test_killed_builds_leave_the_last_good_database_and_the_app_serving(tmp_path, page):
    seeds, data = copy_inputs(tmp_path)
    events = add_fictional_corpus(seeds, data, documents=30, paragraphs=10)
    db = tmp_path / "out" / "landscape.duckdb"
    duration, temp_appears = _timed_build(seeds, data, db)
    good, last_built = db.read_bytes(), _built_at(db)
    rng = random.Random(20261128)
    killed = mid_write = attempts = after_swap = 0
    with served_app(db=db) as base:
        errors = watch_console(page)
        page.goto(base)
        _chart_drawn(page)
        while killed < KILLS and attempts < 2 * KILLS:
            attempts += 1
            delay = rng.uniform(0, duration) if attempts % 2 else None
            was_killed, had_temp = _kill_build(seeds, data, db, delay, rng)
            if not was_killed:  # it finished first: that is a good build, and the new last good one
                good, last_built = db.read_bytes(), _built_at(db)
                continue
            killed += 1
            mid_write += had_temp
            if db.read_bytes() != good:
                # Killed after os.replace() swapped a finished database in: that one is the last good one.
                after_swap += 1
                assert not had_temp and _built_at(db) > last_built, f"kill {killed}: the database changed"
            assert _opens(db) >= events
            if killed % 10:
                build(seeds, data, db)  # the next build succeeds (in-process to stay quick)
            else:
                done = cli_build(seeds, data, db)
                assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
            assert temp_files(db) == [], f"kill {killed}: temp files left after the next build"
            good, last_built = db.read_bytes(), _built_at(db)
        page.reload()
        _chart_drawn(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert page.get_by_text("Traceback").count() == 0
        assert real_console_errors(errors) == []
    print(f"\ncrash safety: {killed} builds killed with SIGKILL ({mid_write} while writing the temp file, "
          f"{after_swap} just after the swap) in {attempts} attempts; a build takes {duration:.2f}s, its temp "
          f"file appears at {temp_appears:.2f}s; the database was intact after every kill")
    assert killed >= KILLS
    assert mid_write >= KILLS // 4, "enough kills landed while the temp database was being written"

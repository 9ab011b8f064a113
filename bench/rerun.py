"""Server-side rerun time of each page after one filter change, measured in-process with AppTest,
next to the bare page (bench/bare_page.py) drawing the same number of points.

Every repetition selects a NEW value (a different entity, or a different document), so the
page's query caches miss and each rerun does real work; the first run only warms the caches.

Before that, the page as first opened is rerun unchanged as often (a click that changes no data):
every query and figure is then served from cache, so what remains is the page's own elements, the
floor any filter change starts from.
"""

from __future__ import annotations

import base64
import gc
import json
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench import twins
from bench.app_pages import ROOT, AppPage, app_pages

BARE_PAGE = Path(__file__).resolve().parent / "bare_page.py"
TIMEOUT = 300  # seconds for one run; a first run over 1M facts may take long, and that is a finding


@dataclass
class PageRerun:
    page: str
    change: str  # what each repetition changed
    rerun_ms: list[float] = field(default_factory=list)
    default_rerun_ms: list[float] = field(default_factory=list)  # the first view rerun unchanged
    first_run_ms: float = 0.0
    points: int = 0  # plotly points drawn after the change (summed over the page's charts)
    first_chart_points: int = 0  # points in the first chart at the default filters (for the browser bench)
    charts: int = 0
    error: str | None = None
    shape: dict = field(default_factory=dict)  # the first view: points per chart, table shapes, widgets
    twin: str | None = None  # the recording of the first view its twin replays (bench/twins.py)
    twin_shape: dict = field(default_factory=dict)  # what the twin drew, to compare with shape
    twin_first_run_ms: float | None = None
    twin_rerun_ms: list[float] = field(default_factory=list)  # alternating with rerun_ms
    twin_default_rerun_ms: list[float] = field(default_factory=list)  # alternating with default_rerun_ms


def _count(array) -> int:
    if isinstance(array, dict) and "bdata" in array:
        import numpy as np

        return int(np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).size)
    return len(array) if isinstance(array, list) else 0


def chart_points(at: AppTest) -> list[int]:
    """Points per plotly chart on the page (the x values of every trace)."""
    counts = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        counts.append(sum(_count(trace.get("x")) for trace in spec.get("data", [])))
    return counts


def _failed(at: AppTest) -> str | None:
    return "; ".join(str(e.value)[:200] for e in at.exception) or None


def _filter_widget(at: AppTest, page: AppPage):
    """(widget, new values to cycle through, description) for the page's one filter change."""
    for widget in at.multiselect:
        if str(widget.key or "").endswith(":entities") and len(widget.options) > 1:
            values = list(widget.options)[1:]
            return widget.key, "multiselect", values, "entity filter set to a different single entity each time"
    for widget in at.selectbox:
        key = str(widget.key or "")
        if key.endswith((":doc", ":entity")) and len(widget.options) > 1:
            # AppTest shows the options formatted (names, titles); the widget takes the ids behind them.
            ids = _ids_for_labels(list(widget.options))[1:]
            what = "document" if key.endswith(":doc") else "entity"
            return widget.key, "selectbox", ids, f"a different {what} selected each time"
    for widget in at.multiselect:
        if widget.key and len(widget.options) > 1:
            return widget.key, "multiselect", list(widget.options), f"{widget.key} set to one new value each time"
    return None, "none", [], "no filter on this page: a plain rerun (its queries are cached)"


def _ids_for_labels(labels: list[str]) -> list[str]:
    import duckdb

    with duckdb.connect(os.environ["LANDSCAPE_DB"], read_only=True) as con:
        rows = con.execute("""SELECT name, entity_id FROM entities UNION ALL
            SELECT title || ' — ' || coalesce(publisher, ''), doc_id FROM documents""").fetchall()
    ids = dict(rows)
    return [ids[label] for label in labels[:200] if label in ids]


def _set(at: AppTest, key: str, kind: str, value: str) -> None:
    widget = at.multiselect(key=key) if kind == "multiselect" else at.selectbox(key=key)
    # A multiselect's format_func maps a shown label to itself, so labels work as values there.
    widget.set_value([value] if kind == "multiselect" else value)


def _twin_change(twin: AppTest, key: str | None, repetition: int) -> None:
    """Change the twin's copy of the page's filter widget (the same key), cycling through its options:
    the twin replays the same first view whatever is chosen, as a bare page would."""
    if key is None:
        return
    for widget in (*twin.multiselect, *twin.selectbox):
        if widget.key == key and widget.options:
            option = widget.options[(repetition + 1) % len(widget.options)]
            widget.set_value([option] if widget.type == "multiselect" else option)
            return


def _timed_run(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    return (time.perf_counter() - started) * 1000


def measure_page(page: AppPage, repetitions: int, twins_dir: Path | None = None) -> PageRerun:
    """The page's first run, then its reruns unchanged and after a filter change. With twins_dir, its
    first view is recorded there and each rerun alternates with one of its twin (bench/twin_app.py)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    started = time.perf_counter()
    at.run()
    if page.url_path:
        at.switch_page(page.script)
        at.run()
    result = PageRerun(page.name, "", first_run_ms=(time.perf_counter() - started) * 1000)
    if error := _failed(at):
        result.error = error
        return result
    first = chart_points(at)
    result.first_chart_points = first[0] if first else 0
    twin = None
    if twins_dir is not None:
        recording = twins.record(at)
        result.shape = twins.shape(recording)
        result.twin = str(twins.save(recording, twins_dir / f"{page.name}.pickle"))
        started = time.perf_counter()
        twin = twins.run_twin(Path(result.twin), TIMEOUT)
        result.twin_first_run_ms = (time.perf_counter() - started) * 1000
        result.twin_shape = twins.shape(twins.record(twin))
        if error := _failed(twin):
            result.error = f"twin: {error}"
            return result
    key, kind, values, result.change = _filter_widget(at, page)
    for _ in range(repetitions):
        result.default_rerun_ms.append(_timed_run(at))
        if twin is not None:
            result.twin_default_rerun_ms.append(_timed_run(twin))
    for repetition in range(repetitions):
        started = time.perf_counter()
        if key is not None:
            _set(at, key, kind, values[repetition % len(values)])
        at.run()
        result.rerun_ms.append((time.perf_counter() - started) * 1000)
        if error := _failed(at):
            result.error = error
            break
        if twin is not None:
            started = time.perf_counter()
            _twin_change(twin, key, repetition)
            twin.run()
            result.twin_rerun_ms.append((time.perf_counter() - started) * 1000)
    counts = chart_points(at)
    result.points, result.charts = sum(counts), len(counts)
    return result


def measure_bare(points: int, repetitions: int) -> PageRerun:
    """The bare page at the same number of points, one new series selected each repetition."""
    os.environ["BENCH_BARE_POINTS"] = str(max(1, points))
    at = AppTest.from_file(str(BARE_PAGE), default_timeout=TIMEOUT)
    started = time.perf_counter()
    at.run()
    result = PageRerun("bare", "series filter set to a different single series each time",
                       first_run_ms=(time.perf_counter() - started) * 1000)
    options = list(at.multiselect(key="bare:series").options)
    for repetition in range(repetitions):
        started = time.perf_counter()
        at.multiselect(key="bare:series").set_value([options[(repetition + 1) % len(options)]]).run()
        result.rerun_ms.append((time.perf_counter() - started) * 1000)
    result.points = sum(chart_points(at))
    result.error = _failed(at)
    return result


def _p50(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top and bottom else None


def fresh_caches() -> None:
    """The state a page starts from in a new interpreter: Streamlit's caches empty (they persist across
    AppTests in one process, the database's attachment with them) and the previous page's garbage
    collected. Pages measured one after another in one process each start so."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    gc.collect()


def measure_all(db: Path, repetitions: int, pages: list[str] | None = None, twins_dir: Path | None = None) -> dict:
    """Each page's reruns, its twin's (with twins_dir) and the one-chart bare page's, as plain data for
    results.json."""
    return dict(measure_pages(db, repetitions, pages, twins_dir))


def measure_pages(db: Path, repetitions: int, pages: list[str] | None = None, twins_dir: Path | None = None):
    """(page name, its figures) for each page in turn, each page starting from empty caches."""
    os.environ["LANDSCAPE_DB"] = str(db)
    for page in app_pages():
        if pages and page.name not in pages:
            continue
        fresh_caches()
        measured = measure_page(page, repetitions, twins_dir)
        bare = measure_bare(measured.points, repetitions)
        page_p50 = statistics.median(measured.rerun_ms) if measured.rerun_ms else None
        default_p50 = statistics.median(measured.default_rerun_ms) if measured.default_rerun_ms else None
        bare_p50 = statistics.median(bare.rerun_ms) if bare.rerun_ms else None
        yield page.name, {
            "page": measured.__dict__, "bare": bare.__dict__, "rerun_ms_p50": page_p50, "bare_ms_p50": bare_p50,
            "rerun_ratio": page_p50 / bare_p50 if page_p50 and bare_p50 else None, "url_path": page.url_path,
            "default_rerun_ms_p50": default_p50,
            "default_rerun_ratio": default_p50 / bare_p50 if default_p50 and bare_p50 else None,
            "twin_rerun_ms_p50": _p50(measured.twin_rerun_ms),
            "rerun_twin_ratio": _ratio(page_p50, _p50(measured.twin_rerun_ms)),
            "twin_default_rerun_ms_p50": _p50(measured.twin_default_rerun_ms),
            "default_rerun_twin_ratio": _ratio(default_p50, _p50(measured.twin_default_rerun_ms)),
        }


if __name__ == "__main__":  # run in a subprocess by bench/run.py: one JSON line per page, as each is done
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--pages", nargs="*", default=None)
    parser.add_argument("--twins", type=Path, default=None, help="record each page's twin in this directory")
    args = parser.parse_args()
    for name, entry in measure_pages(args.db, args.repetitions, args.pages, args.twins):
        print(json.dumps({name: entry}), flush=True)

"""Time to first chart in headless chromium, and the app's peak memory under concurrent sessions.

Both the app and the bare page are served by `streamlit run` exactly alike (landscape.serving).
"First chart" is the first `.js-plotly-plot .main-svg` whose plot area has drawn marks (a trace
path with a non-empty outline, or a point), timed from navigation start in the page itself.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from bench.app_pages import ROOT
from bench.twins import TWIN_APP
from landscape.serving import CHROMIUM_ARGS, CHROMIUM_PATH, served_app

BARE_PAGE = Path(__file__).resolve().parent / "bare_page.py"
_DRAWN = """() => {
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('.main-svg');
    if (!svg) continue;
    const marks = plot.querySelectorAll('g.trace path, .gl-container canvas');
    for (const mark of marks) {
      if (mark.tagName === 'canvas' || (mark.getAttribute('d') || '').length > 2) return performance.now();
    }
  }
  return null;
}"""


def first_chart_ms(browser: Browser, url: str, timeout_s: float, context=None) -> tuple[float | None, object]:
    """Milliseconds from navigation start to the first drawn chart (None on timeout), and the context."""
    context = context or browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.pages[0] if context.pages else context.new_page()
    try:
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        handle = page.wait_for_function(_DRAWN, timeout=timeout_s * 1000, polling=50)
        return float(handle.json_value()), context
    except Exception:  # a timeout is a result (recorded as None), not a crash of the benchmark
        return None, context


def _reload_ms(context, timeout_s: float) -> float | None:
    page = context.pages[0]
    try:
        page.reload(wait_until="commit", timeout=timeout_s * 1000)
        return float(page.wait_for_function(_DRAWN, timeout=timeout_s * 1000, polling=50).json_value())
    except Exception:
        return None


def _launch(playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)


def _timed_view(browser: Browser, url: str, timeout_s: float) -> tuple[float | None, float | None]:
    """(cold, warm): the first load in a new context, then a reload in the same context."""
    cold, context = first_chart_ms(browser, url, timeout_s)
    warm = _reload_ms(context, timeout_s) if cold else None
    context.close()
    return cold, warm


def _maps_name(pid: int, needle: str) -> bool:
    """Whether a process or its children mapped a shared library whose path contains needle."""
    for process in (pid, *_descendants(pid)):
        try:
            if needle in Path(f"/proc/{process}/maps").read_text():
                return True
        except OSError:
            continue
    return False


def measure_ttfc(db: Path, chart_pages: dict[str, dict], repetitions: int, timeout_s: float = 60,
                 twins_dir: Path | None = None, bare: bool = True, bare_rounds: int | None = None) -> dict:
    """chart_pages: page name -> {"url_path", "points"}. Each repetition starts fresh servers, so the
    first load of each page is cold (new server caches for its queries, new browser context);
    the reload in the same context is warm.

    With twins_dir (bench/twins.py's recordings and their index), the twin app is served beside the
    app, and each page is timed alternately with its twin, in the same round and the same browser:
    page first on even rounds, twin first on odd ones, so neither always comes second. With bare,
    the one-chart bare page (bench/bare_page.py) follows each page, served in the same round; with
    bare_rounds, only in that many first rounds (it has no target: it is kept for continuity)."""
    keys = ("cold_ms", "warm_ms", "twin_cold_ms", "twin_warm_ms", "bare_cold_ms", "bare_warm_ms")
    results = {name: {**{k: [] for k in keys}, **info} for name, info in chart_pages.items()}
    twin_env = {"BENCH_TWINS": str(twins_dir)} if twins_dir else {}
    twin_duckdb = False
    if twins_dir:  # served from a copy beside the recordings: neither the project nor bench/ is on its path
        twin_script = twins_dir / TWIN_APP.name
        shutil.copyfile(TWIN_APP, twin_script)
    with sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            for round_number in range(repetitions):
                with served_app(db) as base, contextlib.ExitStack() as stack:
                    twin_base = (stack.enter_context(served_app(script=twin_script, env=twin_env, cwd=twins_dir))
                                 if twins_dir else None)
                    timing_bare = bare and (bare_rounds is None or round_number < bare_rounds)
                    bare_base = stack.enter_context(served_app(script=BARE_PAGE)) if timing_bare else None
                    for name, info in chart_pages.items():
                        order = [("", f"{base}/{info['url_path']}")]
                        if twin_base:
                            order.append(("twin_", f"{twin_base}/{info['url_path']}"))
                        for prefix, url in order[::-1] if round_number % 2 else order:
                            cold, warm = _timed_view(browser, url, timeout_s)
                            results[name][f"{prefix}cold_ms"].append(cold)
                            results[name][f"{prefix}warm_ms"].append(warm)
                        if bare_base:  # ten series drawn at first
                            cold, warm = _timed_view(browser, f"{bare_base}/?points={max(1, info['points'] // 10)}",
                                                     timeout_s)
                            results[name]["bare_cold_ms"].append(cold)
                            results[name]["bare_warm_ms"].append(warm)
                    if twin_base:
                        twin_duckdb |= _maps_name(_server_pid(twin_base.rsplit(":", 1)[1]), "duckdb")
        finally:
            browser.close()
    for entry in results.values():
        for kind in ("cold", "warm"):
            page, bare, twin = (_median(entry[f"{kind}_ms"]), _median(entry[f"bare_{kind}_ms"]),
                                _median(entry[f"twin_{kind}_ms"]))
            entry[f"{kind}_p50"], entry[f"bare_{kind}_p50"], entry[f"twin_{kind}_p50"] = page, bare, twin
            entry[f"ttfc_ratio_{kind}"] = page / bare if page and bare else None
            entry[f"ttfc_twin_ratio_{kind}"] = page / twin if page and twin else None
        entry["twin_server_loaded_duckdb"] = twin_duckdb if twins_dir else None
    return results


def _median(values: list[float | None]) -> float | None:
    """The median, or None if any repetition timed out (a timeout must not hide behind a median)."""
    return statistics.median(values) if values and all(v is not None for v in values) else None


def _descendants(pid: int) -> list[int]:
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            child = int(status.parent.name)
            children += [child, *_descendants(child)]
    return children


def _vm(pid: int, name: str) -> int:
    """A /proc/PID/status figure in kB (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _server_pid(port: str) -> int:
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            parts = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(parts) and b"--server.port" in parts and port.encode() in parts:
            return int(cmdline.parent.name)
    raise RuntimeError(f"no streamlit process serving port {port}")


def measure_memory(db: Path, urls: list[str], sessions: int = 5, timeout_s: float = 90) -> dict:
    """Peak RSS (VmHWM) of the app's streamlit process and its children while `sessions` browser
    sessions load pages at the same time (each waits for its first chart), then one filter-free
    reload each."""
    with sync_playwright() as playwright, served_app(db) as base:
        pid = _server_pid(base.rsplit(":", 1)[1])
        baseline_kb = _vm(pid, "VmRSS")
        browser = _launch(playwright)
        try:
            contexts = [browser.new_context() for _ in range(sessions)]
            pages = [c.new_page() for c in contexts]
            started = time.perf_counter()
            for number, page in enumerate(pages):  # navigations overlap: the server serves all at once
                page.goto(f"{base}/{urls[number % len(urls)]}", wait_until="commit")
            drawn, deadline = 0, started + timeout_s  # one deadline for all sessions, not one each
            for page in pages:
                try:
                    left = max(0.1, deadline - time.perf_counter())
                    page.wait_for_function(_DRAWN, timeout=left * 1000, polling=100)
                    drawn += 1
                except Exception:
                    pass
            elapsed = time.perf_counter() - started
            family = [pid, *_descendants(pid)]
            peak_kb = sum(_vm(p, "VmHWM") for p in family)
            current_kb = sum(_vm(p, "VmRSS") for p in family)
        finally:
            browser.close()
    return {"sessions": sessions, "pages": [urls[n % len(urls)] for n in range(sessions)], "charts_drawn": drawn,
            "seconds": elapsed, "processes": len(family), "rss_mb": peak_kb / 1024, "rss_now_mb": current_kb / 1024,
            "rss_idle_mb": baseline_kb / 1024}


__all__ = ["ROOT", "measure_memory", "measure_ttfc"]

"""`make bench`: every performance figure of issues 7 and 24, measured side by side in one run on a
synthetic corpus 1,000 times today's data (and the UI figures again on the project's real data),
printed next to its target and written to bench/results.json with the raw repetitions and the
environment.

Each page is compared with its twin (bench/twins.py, bench/twin_app.py): a bare Streamlit page that
replays what the page sent on its first view (the same figure JSON, tables and widgets) from a
pickle. Page and twin are measured alternately, in the same rounds.

    python bench/run.py [--repetitions 3] [--rerun-repetitions 7] [--skip ttfc memory real ...] [--build-timeout 150]

It runs in under ten minutes on the project's 2-core machines (the length of each part is in the
report): the repetitions are as few as the figures' spread allows, the full-size build runs once, and
the one-chart bare page, kept for continuity with no target, is browser-timed in one round only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import browser, build_time, corpus, extraction, report, twins  # noqa: E402
from bench.app_pages import app_pages  # noqa: E402
from landscape.synth import GENERATOR_VERSION, SCALES  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"
TWINS = Path(__file__).resolve().parent / ".twins"  # the pages' recorded first views (git-ignored)
REAL = Path(__file__).resolve().parent / ".real"  # the project's own data, built fresh each run (git-ignored)
PARTS = ("build", "extraction", "rerun", "ttfc", "memory", "real")
# Build rounds per size (each a cold build, the floor and an incremental build). Only the full size has a
# target in issue 24; the smaller sizes are kept for continuity: a small round takes ~4 s, a tenth-size
# one ~13 s, the full-size one ~80 s.
BUILD_ROUNDS = {"small": 2, "tenth": 1, "full": 1}


def environment() -> dict:
    versions = {}
    for package in ("streamlit", "duckdb", "pandas", "numpy", "plotly", "playwright"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"), "cpu_count": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions,
            "generator_version": GENERATOR_VERSION, "load_average": os.getloadavg()}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run_builds(args: argparse.Namespace, results: dict, full: Path) -> Path | None:
    """Build vs floor, cold (no extraction cache) and incremental (warm cache, 1% of documents
    changed): BUILD_ROUNDS times at each size, each under a time limit. Returns the real (cold)
    build's full-size database if it finished."""
    results["build"] = {}
    for scale, repetitions in BUILD_ROUNDS.items():
        limit = args.build_timeout if scale == "full" else args.build_timeout / 3
        out = full if scale == "full" else corpus.corpus(SCALES[scale])
        log(f"cold and incremental build vs floor at {scale} size ({repetitions} run(s), limit {limit:.0f} s each)")
        results["build"][scale] = build_time.measure(out / "seeds", out / "data", out / "real-build.duckdb",
                                                     repetitions, limit)
        results["build"][scale]["sizes"] = SCALES[scale].as_dict()
    if results["build"]["full"]["finished"]:
        return full / "real-build.duckdb"
    return None


def _lines_of(stream, put) -> None:
    """Each line of a stream, then None when it ends."""
    for line in stream:
        put(line)
    put(None)


def run_reruns(args: argparse.Namespace, db: Path, twins_dir: Path, repetitions: int | None = None) -> dict:
    """The pages one after another in one interpreter (bench/rerun.py empties Streamlit's caches
    before each, as a fresh interpreter would have them; starting one per page cost ~3 s each), each
    page's figures read as it finishes. A page that takes longer than --rerun-timeout, or fails, is
    recorded as such, and the pages after it go on in a new interpreter instead of stalling the run.
    Each page's first view is recorded in twins_dir for its twin, which reruns alternately with it."""
    out: dict = {}
    shutil.rmtree(twins_dir, ignore_errors=True)
    twins_dir.mkdir(parents=True)
    pages = app_pages()
    waiting = [page.name for page in pages]
    while waiting:
        command = [sys.executable, "-m", "bench.rerun", "--db", str(db),
                   "--repetitions", str(repetitions or args.rerun_repetitions),
                   "--pages", *waiting, "--twins", str(twins_dir)]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        lines: queue.Queue = queue.Queue()
        stderr: list[str] = []
        threading.Thread(target=_lines_of, args=(process.stdout, lines.put), daemon=True).start()
        errors = threading.Thread(target=_lines_of, args=(process.stderr, stderr.append), daemon=True)
        errors.start()
        why = None
        while waiting:
            try:
                line = lines.get(timeout=args.rerun_timeout)
            except queue.Empty:
                why = f"did not finish within {args.rerun_timeout:.0f} s"
                os.killpg(process.pid, signal.SIGKILL)
                break
            if line is None:  # the interpreter ended before this page's figures
                process.wait()
                errors.join(timeout=5)
                why = ([text.strip() for text in stderr if text and text.strip()] or [f"exit {process.returncode}"])[-1][:300]
                break
            out.update(json.loads(line))
            waiting = [name for name in waiting if name not in out]
        process.wait()
        if why is not None and waiting:
            name = waiting.pop(0)
            url_path = next(page.url_path for page in pages if page.name == name)
            out[name] = {"page": {"page": name, "change": "", "rerun_ms": [], "default_rerun_ms": [],
                                  "first_run_ms": None, "points": 0, "first_chart_points": 0, "charts": 0,
                                  "error": why},
                         "bare": {}, "rerun_ms_p50": None, "bare_ms_p50": None, "rerun_ratio": None,
                         "default_rerun_ms_p50": None, "default_rerun_ratio": None, "url_path": url_path}
            log(f"  {name}: {why}")
    out = {page.name: out[page.name] for page in pages}  # in navigation order
    twins.write_index(twins_dir, [(page.name, page.url_path) for page in pages
                                  if (twins_dir / f"{page.name}.pickle").exists()])
    return out


def chart_pages_of(reruns: dict) -> dict:
    return {name: {"url_path": entry["url_path"], "points": entry["page"]["first_chart_points"]}
            for name, entry in reruns.items() if entry["page"]["first_chart_points"]}


def run_real(args: argparse.Namespace) -> dict:
    """The UI figures again at today's real size: the project's seeds/ and data/, built fresh."""
    REAL.mkdir(exist_ok=True)
    db = REAL / "landscape.duckdb"
    seconds, finished, message = build_time.real_build(ROOT / "seeds", ROOT / "data", db, args.build_timeout)
    out: dict = {"database": str(db), "build_s": seconds, "finished": finished, "message": message}
    if not finished:
        log(f"  the real data did not build: {message}")
        return out
    with duckdb.connect(str(db), read_only=True) as con:
        out["facts"], out["events"] = con.execute("SELECT (SELECT count(*) FROM facts), "
                                                  "(SELECT count(*) FROM events)").fetchone()
    log(f"  page reruns next to their twins on the real data ({out['facts']:,} facts)")
    out["rerun"] = run_reruns(args, db, TWINS / "real", args.real_rerun_repetitions)
    pages = chart_pages_of(out["rerun"])
    if "ttfc" not in args.skip and pages:
        log(f"  time to first chart on the real data, next to the twins, on {', '.join(pages)}")
        out["ttfc"] = browser.measure_ttfc(db, pages, args.real_browser_repetitions, args.browser_timeout,
                                          TWINS / "real", bare=False)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repetitions", type=int, default=3, help="extraction passes (their spread is a few per cent)")
    # Reruns and first charts vary most from run to run on these noisy 2-core machines: more
    # repetitions of the cheap ones keep one slow moment from deciding a median.
    parser.add_argument("--rerun-repetitions", type=int, default=7, help="reruns per page (and the bare page)")
    parser.add_argument("--real-rerun-repetitions", type=int, default=5, help="reruns per page on the real data")
    # A browser round views each chart page and its twin, cold then warm, in fresh servers: ~100 s at
    # 1M facts. Two rounds put the page first in one and its twin first in the other.
    parser.add_argument("--browser-repetitions", type=int, default=2)
    parser.add_argument("--bare-browser-rounds", type=int, default=1,
                        help="browser rounds that also time the one-chart bare page (no target; for continuity)")
    parser.add_argument("--real-browser-repetitions", type=int, default=1,
                        help="browser rounds on the real data (the page, then its twin)")
    parser.add_argument("--browser-timeout", type=float, default=20, help="seconds allowed for one chart to draw")
    # The full-size cold build takes 50-90 s on these machines: a limit it reaches only when it has
    # truly stalled, so that its figure is measured instead of bounded (smaller sizes get a third).
    parser.add_argument("--build-timeout", type=float, default=150, help="seconds allowed for the full-size build")
    parser.add_argument("--rerun-timeout", type=float, default=60,
                        help="seconds allowed per page (its reruns alternate with its twin's)")
    parser.add_argument("--skip", nargs="*", default=[], choices=PARTS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    # A plain SIGTERM would skip the `finally` that stops the servers and browsers this run started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.perf_counter()
    results: dict = {"environment": environment(), "settings": vars(args) | {"out": str(args.out)},
                     "part_seconds": {}}

    def timed(part: str, since: float) -> None:
        results["part_seconds"][part] = time.perf_counter() - since
        log(f"  {part}: {results['part_seconds'][part]:.0f} s")

    log("synthetic corpus (cached under bench/.synthetic/)")
    since = time.perf_counter()
    full = corpus.corpus(SCALES["full"])
    results["corpus"] = json.loads((full / "SYNTHETIC.json").read_text())
    timed("corpus", since)
    since = time.perf_counter()
    real_db = run_builds(args, results, full) if "build" not in args.skip else None
    timed("build", since)
    since = time.perf_counter()
    db = real_db or corpus.stand_in_db(full)
    timed("ui database", since)
    results["ui_database"] = {"path": str(db), "source": "real build" if real_db else
                              "bench/fast_db.py stand-in (the real build did not finish at full size)"}
    log(f"UI figures read {results['ui_database']['source']}")
    if "extraction" not in args.skip:
        log("extraction throughput")
        since = time.perf_counter()
        results["extraction"] = extraction.measure(full / "seeds", full / "data", args.repetitions)
        timed("extraction", since)
    if "rerun" not in args.skip:
        log("page reruns (AppTest) alternating with their twins, then the one-chart bare page")
        since = time.perf_counter()
        results["rerun"] = run_reruns(args, db, TWINS / "synthetic")
        timed("rerun", since)
    chart_pages = chart_pages_of(results.get("rerun", {}))
    if "ttfc" not in args.skip and chart_pages:
        log(f"time to first chart on {', '.join(chart_pages)} alternating with their twins, then the bare page")
        since = time.perf_counter()
        results["ttfc"] = browser.measure_ttfc(db, chart_pages, args.browser_repetitions,
                                                args.browser_timeout, TWINS / "synthetic",
                                                bare_rounds=args.bare_browser_rounds)
        timed("ttfc", since)
    if "memory" not in args.skip:
        log("peak memory with 5 concurrent sessions")
        urls = [info["url_path"] for info in chart_pages.values()] or [""]
        since = time.perf_counter()
        results["memory"] = browser.measure_memory(db, urls, timeout_s=3 * args.browser_timeout)
        timed("memory", since)
    if "real" not in args.skip and "rerun" not in args.skip:
        log("the UI figures on the project's real data")
        since = time.perf_counter()
        results["real"] = run_real(args)
        timed("real", since)
    results["seconds"] = time.perf_counter() - started
    rows = report.rows(results)
    results["report"] = report.as_dicts(rows)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(report.table(rows))
    print(f"\nUI figures read: {results['ui_database']['source']}. Reruns change the filter to a NEW value each "
          "repetition, so query caches miss. Whole run: "
          f"{results['seconds']:.0f} s on {os.cpu_count()} cores ("
          + ", ".join(f"{part} {seconds:.0f} s" for part, seconds in results["part_seconds"].items())
          + f"; load average {results['environment']['load_average'][0]:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end). Raw repetitions: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

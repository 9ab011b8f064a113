"""Build time of the synthetic corpus next to its floor (bench/floor.py), both as subprocesses.

The real build runs under a time limit: a build that does not finish is recorded as such, with
the ratio as a lower bound, rather than stalling the whole benchmark.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.app_pages import ROOT

FLOOR = Path(__file__).resolve().parent / "floor.py"


def _timed(command: list[str], timeout_s: float) -> tuple[float, bool, str]:
    """(seconds, finished, last stderr line); a process over its limit is killed with its children."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the build's extraction workers go with it
        process.communicate()
        return time.perf_counter() - started, False, f"did not finish within {timeout_s:.0f} s"
    seconds = time.perf_counter() - started
    lines = [line for line in (stderr or "").splitlines() if line.strip()]
    if process.returncode != 0:
        return seconds, False, f"exit {process.returncode}: {lines[-1] if lines else ''}"[:300]
    return seconds, True, ""


def real_build(seeds: Path, data: Path, db: Path, timeout_s: float) -> tuple[float, bool, str]:
    return _timed([sys.executable, "-m", "landscape", "build", "--seeds", str(seeds), "--data", str(data),
                   "--db", str(db)], timeout_s)


def floor(seeds: Path, data: Path, db: Path) -> float:
    seconds, finished, message = _timed([sys.executable, str(FLOOR), str(seeds), str(data), str(db)], 600)
    if not finished:
        raise RuntimeError(f"the floor load failed: {message}")
    db.unlink(missing_ok=True)
    return seconds


def measure(seeds: Path, data: Path, db: Path, repetitions: int, timeout_s: float) -> dict:
    """Alternate build and floor `repetitions` times; stop repeating once a build fails."""
    builds, floors, finished, message = [], [], True, ""
    for _ in range(repetitions):
        seconds, finished, message = real_build(seeds, data, db, timeout_s)
        builds.append(seconds)
        floors.append(floor(seeds, data, db.with_name("floor.duckdb")))
        if not finished:
            break
    build_p50, floor_p50 = statistics.median(builds), statistics.median(floors)
    return {"build_s": builds, "floor_s": floors, "finished": finished, "message": message,
            "build_p50_s": build_p50, "floor_p50_s": floor_p50, "build_floor_ratio": build_p50 / floor_p50,
            "ratio_is_lower_bound": not finished}

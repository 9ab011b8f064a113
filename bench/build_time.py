"""Build time of the synthetic corpus next to its floor (bench/floor.py), both as subprocesses.

Two build figures, always side by side:
- cold: no caches (<db>.extract-cache and <db>.curated-cache/ are deleted first), as on a fresh checkout;
- incremental: the cache is warm and 1% of the documents changed since (a slice of them gets a new
  paragraph each repetition, in a scratch copy of seeds/), as when a week of news is added.

The real build runs under a time limit: a build that does not finish is recorded as such, with
the ratio as a lower bound, rather than stalling the whole benchmark.
"""

from __future__ import annotations

import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.app_pages import ROOT

FLOOR = Path(__file__).resolve().parent / "floor.py"
CHANGED_SHARE = 0.01


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


def _cache_of(db: Path) -> Path:
    return db.with_name(db.name + ".extract-cache")


def _curated_cache_of(db: Path) -> Path:
    return db.with_name(db.name + ".curated-cache")


def cold_build(seeds: Path, data: Path, db: Path, timeout_s: float) -> tuple[float, bool, str]:
    """A build with no caches to start from."""
    _cache_of(db).unlink(missing_ok=True)
    shutil.rmtree(_curated_cache_of(db), ignore_errors=True)
    return real_build(seeds, data, db, timeout_s)


def change_documents(seeds: Path, share: float, round_number: int) -> int:
    """Append a paragraph to a different `share` of the documents each round; returns how many."""
    documents = sorted(p for p in seeds.iterdir() if p.suffix in (".md", ".txt"))
    step = max(1, round(1 / share))
    changed = documents[round_number % step::step]
    for path in changed:
        with path.open("a", encoding="utf-8") as out:
            out.write(f"\n\nSynthetic benchmark update {round_number}: nothing new was reported.\n")
    return len(changed)


def floor(seeds: Path, data: Path, db: Path) -> float:
    seconds, finished, message = _timed([sys.executable, str(FLOOR), str(seeds), str(data), str(db)], 600)
    if not finished:
        raise RuntimeError(f"the floor load failed: {message}")
    db.unlink(missing_ok=True)
    return seconds


def measure(seeds: Path, data: Path, db: Path, repetitions: int, timeout_s: float) -> dict:
    """Alternate cold build, floor and incremental build `repetitions` times; stop repeating once a
    build fails. The cold figures keep their original keys (build_s, build_floor_ratio, ...)."""
    builds, floors, incremental, changed = [], [], [], 0
    finished, message, incremental_finished, incremental_message = True, "", True, ""
    with tempfile.TemporaryDirectory(prefix="bench-incremental-") as scratch:
        work_seeds, work_db = Path(scratch) / "seeds", Path(scratch) / "incremental.duckdb"
        shutil.copytree(seeds, work_seeds)
        for round_number in range(repetitions):
            seconds, finished, message = cold_build(seeds, data, db, timeout_s)
            builds.append(seconds)
            floors.append(floor(seeds, data, db.with_name("floor.duckdb")))
            if not finished:
                break
            if not _cache_of(work_db).exists():  # warm: the cold build's caches
                shutil.copyfile(_cache_of(db), _cache_of(work_db))
                if _curated_cache_of(db).is_dir():
                    shutil.copytree(_curated_cache_of(db), _curated_cache_of(work_db))
            changed = change_documents(work_seeds, CHANGED_SHARE, round_number)
            seconds, incremental_finished, incremental_message = real_build(work_seeds, data, work_db, timeout_s)
            incremental.append(seconds)
            if not incremental_finished:
                break
    build_p50, floor_p50 = statistics.median(builds), statistics.median(floors)
    incremental_p50 = statistics.median(incremental) if incremental else None
    return {"build_s": builds, "floor_s": floors, "finished": finished, "message": message,
            "build_p50_s": build_p50, "floor_p50_s": floor_p50, "build_floor_ratio": build_p50 / floor_p50,
            "ratio_is_lower_bound": not finished,
            "incremental_s": incremental, "incremental_p50_s": incremental_p50,
            "incremental_floor_ratio": incremental_p50 / floor_p50 if incremental_p50 else None,
            "incremental_finished": bool(incremental) and incremental_finished,
            "incremental_message": incremental_message, "changed_documents": changed}

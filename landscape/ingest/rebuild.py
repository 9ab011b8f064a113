"""After adding: rebuild the database, and count the candidates that wait for review.

The command line builds in its own process (cli.build_with_progress). The app builds in a child
process instead: a Streamlit server is multi-threaded, and the build's extraction forks worker
processes, which is unsafe from a threaded process; a child also keeps the build's memory out of
the server. This module never writes seeds/ or data/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from landscape import paths

BUILD_TIMEOUT_SECONDS = 1800


@dataclass(frozen=True)
class Rebuilt:
    ok: bool
    lines: list[str]  # what the build printed: its summary, or every problem found


def build_in_child(seeds_dir: Path, data_dir: Path, db: Path) -> Rebuilt:
    """Run `python -m landscape build` for these paths in a child process and report what it said."""
    command = [sys.executable, "-m", "landscape", "build", "--seeds", str(seeds_dir), "--data", str(data_dir),
               "--db", str(db)]
    try:
        done = subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True, errors="replace",
                              timeout=BUILD_TIMEOUT_SECONDS, env={**os.environ, "COLUMNS": "200"}, check=False)
    except subprocess.TimeoutExpired:
        return Rebuilt(False, [f"the build took longer than {BUILD_TIMEOUT_SECONDS} s and was stopped; "
                               "the previous database is untouched"])
    lines = [line.rstrip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    return Rebuilt(done.returncode == 0, lines)


def waiting_for_review(db: Path) -> int:
    """How many candidates in the database at db wait for an analyst's decision."""
    from landscape import queries
    from landscape.database import Database

    database = Database(db)
    try:
        counts = queries.candidate_counts(database)
    finally:
        database.close()
    return int(counts[counts.review_state.isin(queries.WAITING_STATES)].candidates.sum())

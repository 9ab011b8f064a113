"""Shared fixtures: a database built from the project's real seeds/ and data/, and scratch copies
of those inputs that a test may break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from landscape import paths
from landscape.build import build

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def project_db(tmp_path_factory) -> Path:
    """The real database, built once per session into a temp dir (never data/landscape.duckdb)."""
    db = tmp_path_factory.mktemp("db") / "landscape.duckdb"
    build(paths.ROOT / "seeds", paths.ROOT / "data", db)
    return db


@pytest.fixture
def inputs(tmp_path) -> tuple[Path, Path, Path]:
    """Scratch copies of seeds/ and data/ (without the built database) plus a db path."""
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(paths.ROOT / "seeds", seeds)
    shutil.copytree(paths.ROOT / "data", data, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*"))
    return seeds, data, tmp_path / "out" / "landscape.duckdb"


def curated_counts(data: Path = paths.ROOT / "data") -> dict[str, int]:
    """How many facts and events the curated CSVs hold: what a build of the project's inputs writes, before
    any extracted from the documents."""
    import csv

    counts = {"fact_id": 0, "event_id": 0}
    for path in sorted((data / "curated").glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            key = next((k for k in counts if k in (reader.fieldnames or [])), None)
            if key:
                counts[key] += sum(1 for _ in reader)
    return {"facts": counts["fact_id"], "events": counts["event_id"]}

"""Shared fixtures: a database built from the project's real seeds/ and data/, scratch copies of those
inputs that a test may break on purpose, and a tiny fictional database (tests/fixtures/tiny/) whose every
figure a test can rely on, whatever the project's real data grows into."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from landscape import paths
from landscape.build import build

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny"


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


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    """The tiny fictional database (see tests/fixtures/tiny/README.md), built once per session."""
    db = tmp_path_factory.mktemp("tiny") / "landscape.duckdb"
    build(TINY / "seeds", TINY / "data", db)
    return db


@pytest.fixture
def tiny_inputs(tmp_path) -> tuple[Path, Path, Path]:
    """Scratch copies of the tiny fixture's seeds/ and data/ plus a db path, for tests that write
    review decisions and rebuild."""
    seeds, data = tmp_path / "seeds", tmp_path / "data"
    shutil.copytree(TINY / "seeds", seeds)
    shutil.copytree(TINY / "data", data)
    return seeds, data, tmp_path / "out" / "landscape.duckdb"

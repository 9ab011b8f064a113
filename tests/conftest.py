"""Shared fixtures: a database built from the project's real seeds/ and data/, and scratch copies
of those inputs that a test may break on purpose."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def news_site_url() -> Iterator[str]:
    """The FICTIONAL test news site (tests/news_site.py) on 127.0.0.1."""
    from tests.news_site import serve

    with serve() as base:
        yield base


@pytest.fixture
def private_urls_allowed(monkeypatch) -> None:
    """The test site is on 127.0.0.1, which the ingestion refuses unless this is set (README: tests)."""
    monkeypatch.setenv("LANDSCAPE_ALLOW_PRIVATE_URLS", "1")

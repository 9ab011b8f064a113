"""Shared fixtures: a database built from the project's real seeds/ and data/, scratch copies of those
inputs that a test may break on purpose, and a tiny fictional database (tests/fixtures/tiny/) whose every
figure a test can rely on, whatever the project's real data grows into."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from landscape import paths
from landscape.build import build
from landscape.extract import AliasIndex

FIXTURES = Path(__file__).parent / "fixtures"
TINY = FIXTURES / "tiny"


@pytest.fixture(scope="session")
def full_db(tmp_path_factory) -> Path:
    """The real database with the whole researched dataset, built once per session into a temp dir (never
    data/landscape.duckdb)."""
    db = tmp_path_factory.mktemp("db") / "landscape.duckdb"
    build(paths.ROOT / "seeds", paths.ROOT / "data", db)
    return db


# The founding document's facts and the 46 reference figures: a small, stable landscape whose every
# figure the page tests can name. The researched dataset (data/curated/researched_*.csv) grows; tests of
# how pages behave do not follow it.
CORE_CURATED = ("founding_document_chip_statements.csv", "founding_document_events.csv",
                "founding_document_facts.csv", "public_facts.csv")


def core_inputs(root: Path) -> tuple[Path, Path]:
    """Copies of seeds/ and data/ under root with only the core curated files."""
    seeds, data = root / "seeds", root / "data"
    shutil.copytree(paths.ROOT / "seeds", seeds)
    shutil.copytree(paths.ROOT / "data", data, ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*", "*cache*"))
    for path in (data / "curated").glob("*.csv"):
        if path.name not in CORE_CURATED:
            path.unlink()
    return seeds, data


@pytest.fixture(scope="session")
def project_db(tmp_path_factory) -> Path:
    """The small, stable database of the project's core curated files (CORE_CURATED): what page, query and
    export tests name figures from. Tests of the whole dataset use full_db."""
    root = tmp_path_factory.mktemp("core")
    seeds, data = core_inputs(root)
    db = root / "landscape.duckdb"
    build(seeds, data, db)
    return db


@pytest.fixture
def inputs(tmp_path) -> tuple[Path, Path, Path]:
    """Scratch copies of seeds/ and the core of data/ (CORE_CURATED; no built database) plus a db path."""
    seeds, data = core_inputs(tmp_path)
    return seeds, data, tmp_path / "out" / "landscape.duckdb"


def curated_counts(data: Path = paths.ROOT / "data", only: tuple[str, ...] | None = None) -> dict[str, int]:
    """How many facts and events the curated CSVs hold (only the named files, if given): what a build of those
    inputs writes, before any extracted from the documents."""
    import csv

    counts = {"fact_id": 0, "event_id": 0}
    for path in sorted((data / "curated").glob("*.csv")):
        if only is not None and path.name not in only:
            continue
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            key = next((k for k in counts if k in (reader.fieldnames or [])), None)
            if key:
                counts[key] += sum(1 for _ in reader)
    return {"facts": counts["fact_id"], "events": counts["event_id"]}


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


@pytest.fixture(scope="session")
def index() -> AliasIndex:
    """The project's entities and aliases, as the extractor reads them (read once; never changed)."""
    return AliasIndex.from_csv(paths.ROOT / "data" / "entities.csv", paths.ROOT / "data" / "entity_aliases.csv")

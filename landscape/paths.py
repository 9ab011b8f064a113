"""Every path the project uses, in one place.

This module imports nothing from the package. Environment variables override the defaults so
tests, benchmarks and the synthetic generator can point the code at their own files.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


SEEDS_DIR = _env_path("LANDSCAPE_SEEDS", ROOT / "seeds")
DATA_DIR = _env_path("LANDSCAPE_DATA", ROOT / "data")


def db_path() -> Path:
    """The database the app reads; read at call time so tests can switch it per run."""
    return _env_path("LANDSCAPE_DB", ROOT / "data" / "landscape.duckdb")


def extraction_cache(db: Path) -> Path:
    """Extraction results kept between builds, next to the database they were built into."""
    return db.with_name(db.name + ".extract-cache")


def curated_cache(db: Path) -> Path:
    """Checked records of large curated files, kept between builds next to the database."""
    return db.with_name(db.name + ".curated-cache")


def curated_dir(data_dir: Path) -> Path:
    return data_dir / "curated"


def entities_csv(data_dir: Path) -> Path:
    return data_dir / "entities.csv"


def aliases_csv(data_dir: Path) -> Path:
    return data_dir / "entity_aliases.csv"


def fx_rates_csv(data_dir: Path) -> Path:
    return data_dir / "fx_rates.csv"


def review_csv(data_dir: Path) -> Path:
    return data_dir / "review.csv"


def overrides_csv(data_dir: Path) -> Path:
    return data_dir / "overrides.csv"


def sources_csv(seeds_dir: Path) -> Path:
    return seeds_dir / "sources.csv"


def review_file() -> Path:
    """Where the app appends review decisions; read at call time so tests can point it elsewhere."""
    return review_csv(data_dir())


def overrides_file() -> Path:
    return overrides_csv(data_dir())


def seeds_dir() -> Path:
    """Where added documents go; read at call time so the app's tests can point it elsewhere."""
    return _env_path("LANDSCAPE_SEEDS", ROOT / "seeds")


def data_dir() -> Path:
    return _env_path("LANDSCAPE_DATA", ROOT / "data")


def feed_items_csv(data_dir: Path) -> Path:
    """The feed items `add --feed` has seen, so a scheduled run adds only new ones."""
    return data_dir / "feed_items.csv"


def add_lock(data_dir: Path) -> Path:
    """Held while sources are added, so two adds cannot store the same article twice."""
    return data_dir / ".add.lock"

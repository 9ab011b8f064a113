"""Synthetic corpora and their databases, cached under bench/.synthetic/ (git-ignored).

A corpus is keyed on the generator version, its sizes and its seed, so re-runs reuse it. The
database the UI benchmarks read is the real build's output when the real build finished, else
the SQL stand-in from bench/fast_db.py (keyed on the schema it copies).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bench import fast_db
from landscape.synth import GENERATOR_VERSION, Sizes, generate
from landscape.synth.generator import MARKER

CACHE = Path(__file__).resolve().parent / ".synthetic"


def corpus(sizes: Sizes, seed: int = 0, cache: Path = CACHE) -> Path:
    """The directory holding seeds/ and data/ for these sizes, generated only if not cached."""
    out = cache / f"v{GENERATOR_VERSION}-{sizes.key()}-s{seed}"
    marker = out / MARKER
    if marker.exists():
        meta = json.loads(marker.read_text())
        if meta.get("generator_version") == GENERATOR_VERSION and meta.get("sizes") == sizes.as_dict():
            return out
    generate(out, sizes, seed)
    return out


def _schema_key() -> str:
    digest = hashlib.sha256()
    for module in (Path(fast_db.__file__), Path(fast_db.__file__).parents[1] / "landscape" / "schema.py"):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:12]


def stand_in_db(out: Path) -> Path:
    """The SQL-assembled database for a corpus, made once per schema version."""
    target = out / f"stand-in-{_schema_key()}.duckdb"
    if not target.exists():
        for old in out.glob("stand-in-*.duckdb"):
            old.unlink()
        fast_db.assemble(out / "seeds", out / "data", target)
    return target

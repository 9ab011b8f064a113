"""The real-news corpus: articles nobody on the team wrote, labelled with the curated dataset's own rows.

Only each article's citation and a recipe that finds it again are committed
(tests/fixtures/realnews/articles.csv); the texts are others' sentences and stay in a git-ignored cache
(.cache/realnews/<article_id>.txt; see docs/real-news-corpus.md). An article's labels are the curated facts
whose citation_url is its URL ("labels are data"), less the second-currency copies of a figure
(same_figure_as), plus the few figures that cannot enter the dataset (extra_labels.csv, with a reason).

Reads only; scoring is evaluate.py's.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from landscape.extract.entities import AliasIndex
from landscape.periods import parse_period

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MANIFEST = PROJECT_ROOT / "tests" / "fixtures" / "realnews" / "articles.csv"
EXTRA_LABELS = MANIFEST.with_name("extra_labels.csv")
CURATED = PROJECT_ROOT / "data" / "curated"


def cache_dir() -> Path:
    """Where the texts are kept; LANDSCAPE_REALNEWS_CACHE points elsewhere."""
    return Path(os.environ.get("LANDSCAPE_REALNEWS_CACHE") or PROJECT_ROOT / ".cache" / "realnews")


@dataclass(frozen=True)
class Article:
    article_id: str
    url: str
    publisher: str
    published: dt.date | None
    source_type: str
    topic: str
    split: str  # dev (studied while tuning) or holdout (never looked at)
    sha256: str
    query: str


@dataclass(frozen=True)
class Label:
    entity: str  # entity id, or "new:<name>" for a name the alias table lacks
    metric: str
    value: float
    month: str  # YYYY-MM of the period's first day
    fact_id: str
    basis: str = ""
    unit: str = ""
    ranged: bool = False


def load_manifest(path: Path = MANIFEST) -> list[Article]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [Article(row["article_id"], row["url"], row["publisher"],
                        dt.date.fromisoformat(row["published"]) if row["published"] else None,
                        row["source_type"], row["topic"], row["split"], row["sha256"], row["query"])
                for row in csv.DictReader(handle)]


def cached_text(article: Article, folder: Path | None = None) -> str | None:
    """The article's text as studied, or None when it is not cached (or the cached bytes changed)."""
    path = (folder or cache_dir()) / f"{article.article_id}.txt"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != article.sha256:
        return None
    return data.decode("utf-8")


def _label(row: dict, aliases: AliasIndex) -> Label:
    day, _ = parse_period(row["as_of"])
    entity = aliases.aliases.get(row["entity"]) or f"new:{row['entity']}"
    return Label(entity, row["metric"], float(row["value"]), day.isoformat()[:7], row["fact_id"],
                 row.get("basis") or "", row.get("unit") or "", bool(row.get("range_low")))


def load_labels(aliases: AliasIndex, curated: Path = CURATED, extra: Path = EXTRA_LABELS) -> dict[str, list[Label]]:
    """Labels by article URL, from every curated CSV of facts and the extra labels."""
    by_url: dict[str, list[Label]] = defaultdict(list)
    for path in [*sorted(curated.glob("*.csv")), extra]:
        if not path.is_file():
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if "fact_id" not in (reader.fieldnames or []) or "citation_url" not in (reader.fieldnames or []):
                continue
            for row in reader:
                if row.get("citation_url") and not row.get("same_figure_as"):
                    by_url[row["citation_url"]].append(_label(row, aliases))
    return by_url

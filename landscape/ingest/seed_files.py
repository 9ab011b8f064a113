"""Write an Article to seeds/ as a .md document whose front matter says where it came from.

The front matter uses the field names landscape/documents.py reads (title, publisher, url,
published, published_is_estimate, published_basis) and adds provenance the build ignores:
fetched_from, fetched_at, added_as, the text's sha256 and, for a syndicated copy, the document it
copies. The file appears whole or not at all (a temp file, then os.replace). Existing files are never
overwritten: seeds/ stays as received.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import yaml

from landscape.append_only import write_atomically
from landscape.ingest.model import Article

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def stored_body(article: Article) -> str:
    """The document's text exactly as the build will read it back after the front matter."""
    return article.text.strip() + "\n"


def _slug(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_title).strip("-")[:60].rstrip("-")


def file_name(article: Article, sha256: str) -> str:
    """<published or 'undated'>_<title slug>_<sha256 prefix>.md: sorts by date, reads as its title, and
    never collides for different texts. The stem is the document's id."""
    day = article.published.isoformat() if article.published else "undated"
    return "_".join(part for part in (day, _slug(article.title), sha256[:10]) if part) + ".md"


def write_seed(seeds_dir: Path, article: Article, fetched_from: str, copy_of: str | None = None) -> Path:
    """Write the article into seeds_dir; returns its path. Raises FileExistsError rather than overwrite."""
    body = stored_body(article)
    sha256 = hashlib.sha256(body.encode("utf-8")).hexdigest()
    meta: dict[str, object] = {
        "title": article.title, "publisher": article.publisher, "url": article.url,
        "published": article.published.isoformat() if article.published else "",
        "published_is_estimate": article.published_is_estimate, "published_basis": article.published_basis,
        "fetched_from": fetched_from, "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "added_as": article.kind, "syndicated_copy_of": copy_of or "", "sha256": sha256,
    }
    front = yaml.safe_dump({k: v for k, v in meta.items() if v != ""}, sort_keys=False, allow_unicode=True,
                           width=1_000_000)
    target = seeds_dir / file_name(article, sha256)
    if target.exists():
        raise FileExistsError(target)
    seeds_dir.mkdir(parents=True, exist_ok=True)
    write_atomically(target, f"---\n{front}---\n{body}".encode(), ".adding-")
    return target

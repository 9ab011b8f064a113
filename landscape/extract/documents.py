"""Read a document file for extraction: exact text (no newline translation), YAML front matter
stripped from .md files, and the published date from --published, front matter or sources.csv.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from landscape.documents import decode_document, parse_iso_date, split_front_matter


class DocumentError(Exception):
    """A document that cannot be read; the message names the file."""


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str  # the body; offsets refer to this text
    front_matter_published: dt.date | None


def read_source(path: Path) -> SourceText:
    """The text exactly as the build stores it (same decoding and front matter), so the offsets
    this command prints are the offsets in the database."""
    try:
        raw = decode_document(path)
        meta, text = split_front_matter(raw) if path.suffix.lower() == ".md" else ({}, raw)
    except OSError as error:
        raise DocumentError(f"{path}: cannot read file ({error.strerror})") from None
    except (ValueError, yaml.YAMLError) as error:
        raise DocumentError(f"{path}: {str(error).splitlines()[0]}") from None
    published = None
    if meta.get("published"):
        published = parse_iso_date(meta["published"])
        if published is None:
            raise DocumentError(f"{path}: published date {meta['published']!r} is not YYYY-MM-DD")
    return SourceText(path, text, published)


def _parse_date(value: str, path: Path) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DocumentError(f"{path}: published date {value!r} is not YYYY-MM-DD") from None


def published_from_sources(path: Path, sources_csv: Path | None) -> dt.date | None:
    """The `published` column of sources.csv for the row whose `file` is this file's name."""
    if sources_csv is None or not sources_csv.is_file():
        return None
    with open(sources_csv, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if (row.get("file") or "").strip() == path.name and (row.get("published") or "").strip():
                return _parse_date(row["published"].strip(), sources_csv)
    return None


def resolve_published(path: Path, source: SourceText, given: dt.date | None, sources_csv: Path | None) -> dt.date | None:
    """--published wins, then the front matter, then sources.csv, else None."""
    return given or source.front_matter_published or published_from_sources(path, sources_csv)

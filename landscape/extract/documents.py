"""Read a document file for extraction: exact text (no newline translation), YAML front matter
stripped from .md files, and the published date from --published, front matter or sources.csv.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_PUBLISHED = re.compile(r"^published:\s*['\"]?(?P<date>\d{4}-\d{2}-\d{2})['\"]?\s*$", re.M)


class DocumentError(Exception):
    """A document that cannot be read; the message names the file."""


@dataclass(frozen=True)
class SourceText:
    path: Path
    text: str  # the body; offsets refer to this text
    front_matter_published: dt.date | None


def read_source(path: Path) -> SourceText:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DocumentError(f"{path}: cannot read file ({error.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DocumentError(f"{path}: not valid UTF-8 (byte {error.start})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    published = None
    if path.suffix.lower() == ".md":
        match = _FRONT_MATTER.match(text)
        if match:
            found = _PUBLISHED.search(match.group("yaml"))
            if found:
                published = _parse_date(found.group("date"), path)
            text = text[match.end():]
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

"""Read the raw documents in seeds/ and their metadata in seeds/sources.csv.

Loading only reads and casts. The text is kept exactly as stored (no newline translation,
no Unicode normalisation) so that every quote's character offsets point into it.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import yaml

from landscape.checks import Collector
from landscape.csv_rows import read_rows

DOCUMENT_SUFFIXES = (".txt", ".md")
MAX_DOCUMENT_BYTES = 5_000_000
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_OPENS_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
SOURCES_COLUMNS = ("file", "title", "publisher", "url", "published", "published_is_estimate",
                   "published_basis")
METADATA_KEYS = frozenset(SOURCES_COLUMNS[1:]) | {"fictional"}
# Front matter made only of `key: "text"` and `key: true|false` lines, as the synthetic corpus and most
# editors write it, is read without the (pure-Python, slow) YAML parser. Anything else, comments,
# escapes, unquoted scalars and unusual characters included, goes to yaml.safe_load, so the result is
# always what YAML would have returned.
_SIMPLE_LINE = re.compile(r'([a-z][a-z0-9_]*): +(?:"([\x20\x21\x23-\x5b\x5d-\x7e\xa0-\u2027\u202a-\ud7ff'
                          r'\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*)"|(true|false)) *')
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})


@dataclass(frozen=True)
class Document:
    doc_id: str
    path: str
    title: str
    publisher: str
    url: str
    published: date | None
    published_is_estimate: bool
    published_basis: str
    sha256: str
    text: str
    fictional: bool = False


def split_front_matter(raw: str) -> tuple[dict, str]:
    """Return (metadata, body). The body is the stored text after the front matter, unchanged."""
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, raw
    meta = _simple_front_matter(match.group(1))
    if meta is not None:
        return meta, raw[match.end():]
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except RecursionError:
        raise ValueError("front matter is nested too deeply") from None
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping of keys to values")
    # The metadata fields take single values; a list or mapping there (or a YAML alias bomb) is refused
    # before anything turns it into text. Other keys, such as tags, are left alone.
    for key, value in meta.items():
        if key in METADATA_KEYS and isinstance(value, (list, dict, set, tuple)):
            raise ValueError(f"front matter {str(key)[:40]!r} must be a single value, not a list or mapping")
        if key in METADATA_KEYS and isinstance(value, str) and not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError(f"front matter {str(key)[:40]!r} holds an invalid Unicode escape") from None
    return {str(k): v for k, v in meta.items()}, raw[match.end():]


def _simple_front_matter(block: str) -> dict | None:
    """The mapping for front matter in the simple form above, or None to let YAML read it."""
    meta: dict = {}
    for line in block.split("\n"):
        found = _SIMPLE_LINE.fullmatch(line)
        if found is None or found[1] in _YAML_WORDS:
            return None
        key, text, flag = found.groups()
        meta[key] = text if text is not None else flag == "true"
    return meta


class UnreadableDocument(ValueError):
    """A document that is not UTF-8 text; line is where the first bad byte is, when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


def decode_document(path: Path) -> str:
    """Read a document as UTF-8, exactly as stored. Raises ValueError with a readable reason."""
    data = path.read_bytes()
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValueError(f"is {len(data):,} bytes; the limit is {MAX_DOCUMENT_BYTES:,}")
    if b"\x00" in data:
        raise ValueError("looks binary (contains NUL bytes); documents must be UTF-8 text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise UnreadableDocument(f"line {line}: not valid UTF-8 (byte 0x{data[err.start]:02x})", line) from None


def parse_bool(value: str) -> bool | None:
    lowered = value.strip().lower()
    if lowered in ("true", "yes", "1"):
        return True
    if lowered in ("false", "no", "0", ""):
        return False
    return None


def parse_iso_date(value: object) -> date | None:
    if isinstance(value, datetime):  # YAML reads "2024-12-15 10:00" as a datetime
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not _ISO_DATE.match(text):  # date.fromisoformat would also take '20241201' and week dates
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def read_sources(seeds_dir: Path, collector: Collector) -> dict[str, dict[str, str]]:
    """sources.csv rows keyed by file name; each row keeps its line number under '_line'."""
    path = seeds_dir / "sources.csv"
    if not path.exists():
        return {}
    rows: dict[str, dict[str, str]] = {}
    for line, row in read_rows(path, SOURCES_COLUMNS, collector, ("fictional",)):
        name = row["file"]
        if not name:
            collector.error(path, line, "empty 'file'")
            continue
        if name in rows:
            collector.error(path, line, f"duplicate row for {name!r}")
            continue
        rows[name] = {**row, "_line": str(line)}
    return rows


def _shown(path: Path) -> str:
    """The path as printable text, even when its name is not valid UTF-8."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _listing(seeds_dir: Path) -> list[tuple[os.DirEntry, Path]]:
    """The directory's entries, each with its path, in the order sorted(seeds_dir.iterdir()) gives.

    Paths in one directory compare by name, so the names are sorted directly: comparing 10,000 Path
    objects took a tenth of a second."""
    with os.scandir(seeds_dir) as entries:
        return [(entry, seeds_dir / entry.name) for entry in sorted(entries, key=lambda entry: entry.name)]


def _is_dir(entry: os.DirEntry, path: Path) -> bool:
    # The entry's own file type needs no stat call; a link is followed exactly as Path does it.
    return path.is_dir() if entry.is_symlink() else entry.is_dir(follow_symlinks=False)


def _is_file(entry: os.DirEntry, path: Path) -> bool:
    return path.is_file() if entry.is_symlink() else entry.is_file(follow_symlinks=False)


def load_documents(seeds_dir: Path, collector: Collector) -> list[Document]:
    """Every .txt/.md file in seeds_dir with its metadata; problems go to the collector."""
    sources = read_sources(seeds_dir, collector)
    sources_path = seeds_dir / "sources.csv"
    documents: list[Document] = []
    seen_ids: set[str] = set()
    for entry, path in _listing(seeds_dir) if seeds_dir.is_dir() else []:
        if entry.name == "sources.csv" or entry.name.startswith(".") or _is_dir(entry, path):
            continue
        if not _is_file(entry, path):  # a FIFO would block the read; a dangling link has nothing to read
            collector.warn(_shown(path), None, "skipped: not a regular file")
            continue
        suffix = path.suffix.lower()
        if suffix not in DOCUMENT_SUFFIXES:
            collector.warn(_shown(path), None, "skipped: only .txt and .md documents are read")
            continue
        if _shown(path) != str(path):
            collector.error(_shown(path), None, "the file name is not valid UTF-8; rename the file")
            continue
        try:
            raw = decode_document(path)
            meta, text = split_front_matter(raw) if suffix == ".md" else ({}, raw)
        except OSError as err:
            collector.error(path, None, f"unreadable document: {err.strerror or err}")
            continue
        except (ValueError, yaml.YAMLError) as err:
            reason = (str(err).splitlines() or [type(err).__name__])[0]
            collector.error(path, getattr(err, "line", None), f"unreadable document: {reason}")
            continue
        if not text.replace("\ufeff", "").strip():
            collector.warn(path, None, "skipped: the document is empty")
            continue
        if suffix == ".md" and _OPENS_FRONT_MATTER.match(raw) and not _FRONT_MATTER.match(raw):
            collector.warn(path, None, "opens front matter with '---' but never closes it; read it all as text")
        control = _CONTROL.search(text)
        if control:
            collector.warn(path, text.count("\n", 0, control.start()) + 1,
                           f"contains the control character U+{ord(control.group()):04X}; "
                           "was it converted from another format?")
        row = sources.get(path.name, {})
        merged = {**{k: v for k, v in meta.items() if v is not None}, **{k: v for k, v in row.items() if v}}
        line = int(row["_line"]) if row else None
        meta_file = sources_path if row else path
        published = parse_iso_date(merged.get("published", "")) if merged.get("published") else None
        if merged.get("published") and published is None:
            collector.error(meta_file, line, f"{path.name}: published date {merged['published']!r} is not YYYY-MM-DD")
        is_estimate = parse_bool(str(merged.get("published_is_estimate", "")))
        if is_estimate is None:
            collector.error(meta_file, line, f"{path.name}: published_is_estimate must be true or false")
            is_estimate = True
        doc_id = path.stem
        if doc_id in seen_ids:
            collector.error(path, None, f"two documents share the id {doc_id!r}")
            continue
        seen_ids.add(doc_id)
        documents.append(Document(
            doc_id=doc_id,
            path=path.name,
            title=str(merged.get("title", "") or path.stem),
            publisher=str(merged.get("publisher", "")),
            url=str(merged.get("url", "")),
            published=published,
            published_is_estimate=bool(is_estimate),
            published_basis=str(merged.get("published_basis", "")),
            sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            text=text,
            fictional=parse_bool(str(merged.get("fictional", ""))) or False,
        ))
    for name, row in sources.items():
        if not (seeds_dir / name).exists():
            collector.error(sources_path, int(row["_line"]), f"names {name!r}, which is not in {seeds_dir}")
    return documents

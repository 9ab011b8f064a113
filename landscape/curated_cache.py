"""Keep the records of large curated files that passed every check, for the next build.

Only the bulk route (landscape/curated_bulk.py) uses it, and only for a file it accepted whole:
every row valid. Whether a row is valid depends on the file's bytes, the entity and alias tables
and the loading code, so an entry is keyed on a hash of all of them (and on the file's path and
position, which its rows record). Checks that involve other inputs (duplicate ids across files,
quotes in documents, USD rates) run on every build. Entries are Parquet files named with their
key and the sha256 of their content; one whose content does not match, or that DuckDB cannot
read, is ignored and the file is loaded afresh. Entries no build used are deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import duckdb

from landscape.entities import EntityTable

FORMAT = 2  # 2: LZ4-compressed entries
_PACKAGE = Path(__file__).resolve().parent
# The code that decides whether a curated row is valid and what record it becomes.
_LOADING_CODE = ("curated.py", "curated_bulk.py", "curated_cache.py", "csv_rows.py", "documents.py", "entities.py",
                 "periods.py", "vocabulary.py", "checks.py")


def _context(entities: EntityTable) -> str:
    digest = hashlib.sha256(str(FORMAT).encode())
    for name in _LOADING_CODE:
        digest.update(name.encode() + b"\0" + (_PACKAGE / name).read_bytes() + b"\0")
    digest.update(json.dumps([entities.entities, sorted(entities.aliases.items())], ensure_ascii=False,
                             default=str).encode())
    return digest.hexdigest()


def read_digest(path: Path, chunk_bytes: int = 1 << 20) -> tuple[str, bytes | None]:
    """The file's sha256 (hex) and its bytes up to its first newline (None when it has none), from one read
    a chunk at a time: a cache hit never holds the file whole (226 MB for the 1M-fact corpus's largest),
    which took longer than hashing it."""
    digest, head, first_line = hashlib.sha256(), b"", None
    with path.open("rb") as source:
        while chunk := source.read(chunk_bytes):
            digest.update(chunk)
            if first_line is None:
                head += chunk
                end = head.find(b"\n")
                if end >= 0:
                    first_line, head = head[:end], b""
    return digest.hexdigest(), first_line


class CuratedCache:
    """Parquet entries in one directory next to the database."""

    def __init__(self, directory: Path, entities: EntityTable):
        self.directory = directory
        self.context = _context(entities)
        self.used: set[Path] = set()

    def key(self, content: str, path: Path, order: int, target: str) -> str:
        """The entry key for a file whose bytes have the sha256 `content` (hex)."""
        return hashlib.sha256(f"{self.context}\0{path}\0{order}\0{target}\0{content}".encode()).hexdigest()

    def restore(self, con: duckdb.DuckDBPyConnection, table: str, key: str) -> int | None:
        """Create the temp table from the entry for key and return its row count, or None."""
        for entry in sorted(self.directory.glob(f"{key}-*.parquet")) if self.directory.is_dir() else []:
            try:
                if hashlib.sha256(entry.read_bytes()).hexdigest() != entry.stem.split("-", 1)[1]:
                    continue
                con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM read_parquet(?)", [str(entry)])
            except (OSError, duckdb.Error):
                con.execute(f"DROP TABLE IF EXISTS {table}")
                continue
            self.used.add(entry)
            return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        return None

    def store(self, con: duckdb.DuckDBPyConnection, table: str, key: str) -> None:
        """Write the temp table as the entry for key; failing to write is not an error."""
        temp = self.directory / f".{key}.writing-{os.getpid()}.parquet"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # COPY writes in parallel where the relation's to_parquet did not, and LZ4 costs less CPU than
            # the default Snappy both ways: at 1M facts the largest entry took 0.8 s instead of 1.9 s to
            # write, and 0.35 s instead of 0.9 s to read back, at the same size (27 MB). Rows keep their order.
            con.execute(f"COPY {table} TO ? (FORMAT parquet, COMPRESSION lz4)", [str(temp)])
            entry = self.directory / f"{key}-{hashlib.sha256(temp.read_bytes()).hexdigest()}.parquet"
            os.replace(temp, entry)
            self.used.add(entry)
        except (OSError, duckdb.Error):
            pass
        finally:
            temp.unlink(missing_ok=True)

    def prune(self) -> None:
        """Delete the entries this build did not use (their files changed or are gone)."""
        for entry in self.directory.glob("*.parquet") if self.directory.is_dir() else []:
            if entry not in self.used and not entry.name.startswith("."):
                entry.unlink(missing_ok=True)

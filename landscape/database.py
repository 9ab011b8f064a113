"""Read-only access to the built database, safe to share across Streamlit sessions.

DuckDB keeps one database instance per path per process, so a plain second connect() after a
rebuild would still see the old file. Attaching the file to a fresh in-memory connection, keyed on
the file's (mtime_ns, inode), picks up a swapped-in rebuild; each query gets its own cursor.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

T = TypeVar("T")
MEMORY_LIMIT = "256MB"
# Queries run at most this many at a time; the others wait their turn. Each query already uses
# every core (DuckDB's threads), so more at once only share the CPU, but each pins its own blocks
# of the capped buffer pool: five sessions loading pages at once after a server start at 1M facts
# ran out of it ("failed to pin block", 244 of 244 MiB used) and showed an error page.
MAX_CONCURRENT_QUERIES = 2


class DatabaseMissing(Exception):
    """The database file does not exist yet (it has never been built)."""


class QueryFailed(Exception):
    """DuckDB could not answer a query: out of memory, an interrupted read, a damaged file.
    The page says so in words (ui.query); the original error is kept as the cause."""

    def __init__(self, error: duckdb.Error):
        super().__init__(f"{type(error).__name__}: {error}")
        self.kind = type(error).__name__
        self.out_of_memory = isinstance(error, duckdb.OutOfMemoryException)

    @property
    def reason(self) -> str:
        """One line: the error's class and the first line of DuckDB's message."""
        return str(self).splitlines()[0]


@dataclass(frozen=True)
class Identity:
    path: str
    mtime_ns: int
    inode: int


def identity(path: Path) -> Identity:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise DatabaseMissing(str(path)) from None
    return Identity(str(path), stat.st_mtime_ns, stat.st_ino)


class Database:
    """One attached, read-only database file. Queries take bound parameters only."""

    def __init__(self, path: Path):
        self.identity = identity(path)
        # The buffer pool is capped: by default DuckDB keeps up to 80% of RAM of decompressed blocks,
        # which several sessions scanning a large file grow towards. Anything bigger spills to the
        # system temp directory, never next to the project.
        self._con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT,
                                           "temp_directory": str(Path(tempfile.gettempdir()) / "landscape-duckdb")})
        self._con.execute("ATTACH ? AS db (READ_ONLY)", [str(path)])
        self._memo: dict = {}
        self._memo_lock = threading.Lock()
        self._turns = threading.BoundedSemaphore(MAX_CONCURRENT_QUERIES)

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        with self._turns:
            cursor = self._con.cursor()
            try:
                cursor.execute("USE db")
                return cursor.execute(sql, params or []).df()
            except duckdb.Error as err:
                raise QueryFailed(err) from err
            finally:
                cursor.close()

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """compute(), remembered for this file (small lookups many queries repeat, such as an
        entity's company). The file is read-only, so a result never goes stale; a rebuild is a new
        Database. Bounded: the oldest entries go first."""
        with self._memo_lock:
            if key in self._memo:
                return self._memo[key]
        value = compute()
        with self._memo_lock:
            self._memo[key] = value
            while len(self._memo) > 4096:
                self._memo.pop(next(iter(self._memo)))
        return value

    def close(self) -> None:
        self._con.close()

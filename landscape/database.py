"""Read-only access to the built database, safe to share across Streamlit sessions.

DuckDB keeps one database instance per path per process, so a plain second connect() after a
rebuild would still see the old file. Attaching the file to a fresh in-memory connection, keyed on
the file's (mtime_ns, inode), picks up a swapped-in rebuild; each query gets its own cursor.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd


class DatabaseMissing(Exception):
    """The database file does not exist yet (it has never been built)."""


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
        self._con = duckdb.connect()
        self._con.execute("ATTACH ? AS db (READ_ONLY)", [str(path)])

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        cursor = self._con.cursor()
        try:
            cursor.execute("USE db")
            return cursor.execute(sql, params or []).df()
        finally:
            cursor.close()

    def close(self) -> None:
        self._con.close()

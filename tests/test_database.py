"""The shared read-only database: concurrent sessions take turns at it."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pytest

from landscape import cli, database
from landscape.database import Database, QueryFailed


class _CountingConnection:
    """Wraps the connection to record how many queries run at once."""

    def __init__(self, connection):
        self._connection = connection
        self._lock = threading.Lock()
        self.running = 0
        self.most = 0

    def cursor(self):
        return _CountingCursor(self._connection.cursor(), self)


class _CountingCursor:
    def __init__(self, cursor, counts: _CountingConnection):
        self._cursor, self._counts = cursor, counts

    def execute(self, sql, params=None):
        if sql == "USE db":
            return self._cursor.execute(sql)
        with self._counts._lock:
            self._counts.running += 1
            self._counts.most = max(self._counts.most, self._counts.running)
        try:
            time.sleep(0.05)  # long enough for every waiting session to try its luck
            return self._cursor.execute(sql, params)
        finally:
            with self._counts._lock:
                self._counts.running -= 1

    def close(self):
        self._cursor.close()


def test_concurrent_sessions_take_turns_so_they_cannot_exhaust_the_buffer_pool(project_db):
    """Five sessions loading pages at once after a server start at 1M facts ran out of the capped
    buffer pool and showed an error page; at most MAX_CONCURRENT_QUERIES queries now run at once."""
    db = Database(project_db)
    counts = _CountingConnection(db._con)
    db._con = counts
    expected = int(db.query("SELECT count(*) AS n FROM facts").n.iloc[0])
    with ThreadPoolExecutor(max_workers=6) as pool:
        totals = list(pool.map(lambda _: int(db.query("SELECT count(*) AS n FROM facts").n.iloc[0]), range(12)))
    assert totals == [expected] * 12
    assert counts.most == database.MAX_CONCURRENT_QUERIES == 2, "sessions overlap, but no more than two at once"


def test_a_query_duckdb_cannot_answer_fails_as_query_failed_saying_why(project_db, monkeypatch):
    """ui.query turns QueryFailed into a message; out of memory is told apart, as it asks for a reload."""
    monkeypatch.setattr(database, "MEMORY_LIMIT", "4MB")
    db = Database(project_db)
    with pytest.raises(QueryFailed) as failed:
        db.query("SELECT list(range) AS l FROM range(5000000)")
    assert failed.value.out_of_memory and failed.value.kind == "OutOfMemoryException"
    assert isinstance(failed.value.__cause__, duckdb.OutOfMemoryException)
    with pytest.raises(QueryFailed) as failed:
        db.query("SELECT * FROM no_such_table")
    assert not failed.value.out_of_memory and failed.value.kind == "CatalogException"
    assert int(db.query("SELECT count(*) AS n FROM facts").n.iloc[0]) > 0, "the database still answers"


def test_the_changes_command_reports_a_failed_query_as_one_line(project_db, monkeypatch, capsys):
    def fails(db, since):
        return db.query("SELECT * FROM no_such_table")

    monkeypatch.setattr("landscape.changes.changes_since", fails)
    assert cli.main(["changes", "--since", "2024-01-01", "--db", str(project_db)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.startswith("error: the database could not answer (CatalogException: Catalog Error") and err.count("\n") == 1

"""Append a row to an analyst's CSV: atomically (temp file, fsync, os.replace) and under a file lock.

Earlier rows are copied byte for byte, so a crash mid-write loses nothing already decided and two
sessions appending at once both land.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from filelock import FileLock


def append_row(path: Path, columns: tuple[str, ...], row: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=30):
        existing = path.read_bytes() if path.exists() else b""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, columns, lineterminator="\n", extrasaction="ignore")
        if not existing:
            writer.writeheader()
        elif not existing.endswith(b"\n"):
            existing += b"\n"
        writer.writerow(row)
        write_atomically(path, existing + buffer.getvalue().encode("utf-8"), f".{path.name}.")


def write_atomically(path: Path, data: bytes, temp_prefix: str) -> None:
    """The file appears whole or not at all: a temp file beside it (named with a leading dot, which the
    document and CSV loaders skip), fsync, then os.replace."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=temp_prefix, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)

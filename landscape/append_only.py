"""Append a row to an analyst's CSV: atomically (temp file, fsync, os.replace) and under a file lock.

Earlier rows are copied byte for byte, so a crash mid-write loses nothing already decided and two
sessions appending at once both land. A file may gain columns: new ones are only ever added at the
end, so a file written with fewer keeps every row as it was and only its header line grows (its
readers take a row that ends early as empty in the columns added since; see csv_rows.read_rows).
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from filelock import FileLock


class ColumnsMismatch(ValueError):
    """The file's columns are not an earlier version of the ones being written; nothing was written."""


def _with_header(existing: bytes, columns: tuple[str, ...], path: Path) -> bytes:
    """The file with its header line naming `columns`: unchanged if it does, its header line alone
    replaced if it names the first of them (a file from before columns were added)."""
    first, newline, rest = existing.partition(b"\n")
    header = next(csv.reader([first.decode("utf-8-sig").rstrip("\r")]), [])
    if header == list(columns):
        return existing
    if header != list(columns[:len(header)]):
        raise ColumnsMismatch(f"{path} has columns {', '.join(header)}, which are not the first of "
                              f"{', '.join(columns)}; nothing was written")
    bom = b"\xef\xbb\xbf" if first.startswith(b"\xef\xbb\xbf") else b""
    ending = b"\r" if first.endswith(b"\r") else b""
    return bom + ",".join(columns).encode("utf-8") + ending + newline + rest


def append_row(path: Path, columns: tuple[str, ...], row: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=30):
        existing = path.read_bytes() if path.exists() else b""
        if existing:
            existing = _with_header(existing, columns, path)
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

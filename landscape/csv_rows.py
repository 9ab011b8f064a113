"""Read a CSV file into rows that remember their line number, reporting problems by file and line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from landscape.checks import Collector

Row = dict[str, str]


def check_header(path: Path, header: list[str], required: tuple[str, ...], collector: Collector,
                 optional: tuple[str, ...] | None = None) -> bool:
    """Report a header that lacks a required column or repeats one (False), or names unknown ones (a warning)."""
    missing = [c for c in required if c not in header]
    if missing:
        collector.error(path, 1, f"missing column(s): {', '.join(missing)}")
        return False
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        collector.error(path, 1, f"duplicate column(s): {', '.join(duplicates)}")
        return False
    if optional is not None:
        unused = [h for h in header if h not in required and h not in optional]
        if unused:
            collector.warn(path, 1, f"column(s) {', '.join(repr(h[:40]) for h in unused)} are not read; "
                           f"check the spelling (known: {', '.join((*required, *optional))})")
    return True


def read_rows(path: Path, required: tuple[str, ...], collector: Collector,
              optional: tuple[str, ...] | None = None, short_rows: bool = False) -> list[tuple[int, Row]]:
    """Return (line, row) pairs; a malformed file or row is reported, never raised.

    Given the optional columns too, any other column is a warning: a misspelt column would
    otherwise be dropped without a word. With `short_rows`, a row may leave off optional columns at
    its end (a line written before the file gained them); they read as blank.
    """
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        collector.error(path, data[: err.start].count(b"\n") + 1, "not valid UTF-8; save the file as UTF-8")
        return []
    except OSError as err:
        collector.error(path, None, f"cannot read: {err.strerror}")
        return []
    if "\x00" in text:
        collector.error(path, None, "contains NUL bytes; is it really a CSV file?")
        return []
    # newline="" splits lines only at \r, \n and \r\n, as the csv module expects and as editors number
    # them; str.splitlines would also split at form feeds and U+2028 inside a quoted cell.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, Row]] = []
    try:
        header = next(reader, None)
    except csv.Error as err:
        collector.error(path, 1, f"malformed header: {err}")
        return []
    if header is None:
        collector.error(path, None, "is empty; expected a header row")
        return []
    header = [h.strip() for h in header]
    if not check_header(path, header, required, collector, optional):
        return []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            collector.error(path, start, f"malformed CSV: {err}")
            break
        line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            collector.error(path, start, f"{len(record)} fields but the header has {len(header)} columns")
            continue
        if len(record) < len(header) and short_rows and optional and all(h in optional for h in header[len(record):]):
            record = [*record, *([""] * (len(header) - len(record)))]
        if len(record) < len(header):
            collector.error(path, start, f"only {len(record)} fields; the header has {len(header)} columns")
            continue
        rows.append((start, {h: cell.strip() for h, cell in zip(header, record, strict=True)}))
    return rows

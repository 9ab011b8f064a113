"""CSV that is safe to open in a spreadsheet, and file names that say what and when."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """Prefix any text cell a spreadsheet could read as a formula with an apostrophe (OWASP).

    Numbers stay numbers because they are not text; text that merely looks numeric ("+1") is
    prefixed too, since a spreadsheet would evaluate it.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell, and every column name, is safe against formula injection."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM so Excel reads Chinese names correctly."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def export_file_name(view: str, as_of: date | None, extension: str) -> str:
    """'chatbot-users_mau_as-of-2025-04-01.csv'."""
    slug = re.sub(r"[^a-z0-9]+", "-", view.lower()).strip("-") or "landscape"
    stamp = f"_as-of-{as_of:%Y-%m-%d}" if as_of else ""
    return f"{slug}{stamp}.{extension}"

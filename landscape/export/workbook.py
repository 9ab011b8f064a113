"""XLSX downloads that carry their sources: data sheets, a Sources sheet and a README sheet.

Cells are written one by one so types are ours, not guessed: numbers stay numbers, dates stay
dates, and every text cell goes through safe_csv.neutralise and is stored as a string, so no
cell can run as a formula (openpyxl would otherwise store any text starting with '=' as one).
"""

from __future__ import annotations

import io
import math
from dataclasses import replace
from datetime import date, datetime

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from landscape import queries
from landscape.database import Database
from landscape.export.safe_csv import neutralise, neutralise_cell
from landscape.queries import Filters
from landscape.vocabulary import METRIC_LABELS, USER_METRICS

CITATION_COLUMNS = ("citation_publisher", "citation_title", "citation_url", "citation_published")
FACT_COLUMNS = ["fact_id", "entity", "company", "metric", "value", "unit", "value_usd", "fx_rate", "fx_basis",
                "as_of", "as_of_precision", "qualifier", "status", "definition", "note", "quote", "doc_id",
                *CITATION_COLUMNS, "method", "review_state"]
MAX_COLUMN_WIDTH = 60
SHEET_NAME_LENGTH = 31  # Excel's limit


def default_datasets(db: Database, filters: Filters) -> dict[str, pd.DataFrame]:
    everything = replace(filters, metric=None)
    return {
        "Chatbot users": queries.metric_facts(db, USER_METRICS, filters)[FACT_COLUMNS],
        "Valuations & funding": queries.metric_facts(db, ("valuation", "funding", "revenue"), filters)[FACT_COLUMNS],
        "Chip procurement": queries.chip_procurement(db, filters),
        "Timeline": queries.timeline(db, filters),
        "All facts": queries.explorer(db, everything),
    }


def _cell_value(value):
    """A value openpyxl writes with the right type; text neutralised against formula injection."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (bool, int, float, date, datetime)):
        return value
    if isinstance(value, (list, tuple, dict, np.ndarray)):
        value = str(list(value) if isinstance(value, np.ndarray) else value)
    return neutralise_cell(str(value))


def write_frame(sheet: Worksheet, frame: pd.DataFrame) -> None:
    """Header row bold and frozen, typed cells, widths from the content (capped)."""
    frame = neutralise(frame)
    sheet.append([str(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.data_type = TYPE_STRING
    for row in frame.itertuples(index=False):
        sheet.append([_cell_value(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING  # never a formula, whatever the text
            elif isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    for index, column in enumerate(frame.columns, start=1):
        lengths = [len(str(column))] + [len(str(v)) for v in frame[column].head(500) if v is not None]
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_COLUMN_WIDTH, max(lengths) + 2)


def sources_frame(db: Database, datasets: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every cited source and document behind the datasets, with URLs and how many rows cite it."""
    cited = []
    for name, frame in datasets.items():
        if all(c in frame.columns for c in CITATION_COLUMNS):
            part = frame[list(CITATION_COLUMNS)].copy()
            part["doc_id"] = frame["doc_id"] if "doc_id" in frame.columns else None
            part["sheet"] = name
            cited.append(part)
    if not cited:
        return db.query("""SELECT 'document' AS kind, doc_id, publisher, title, url, published FROM documents
                           ORDER BY published DESC NULLS LAST""")
    rows = pd.concat(cited, ignore_index=True)
    rows["kind"] = np.where(rows.doc_id.notna(), "document", "cited source")
    grouped = (rows.groupby(["kind", "doc_id", *CITATION_COLUMNS], dropna=False, sort=False)
               .agg(rows=("sheet", "size"), sheets=("sheet", lambda s: "; ".join(dict.fromkeys(s))))
               .reset_index())
    grouped = grouped.rename(columns={"citation_publisher": "publisher", "citation_title": "title",
                                      "citation_url": "url", "citation_published": "published"})
    documents = db.query("SELECT doc_id, path, sha256 FROM documents")
    # A frame of cited sources only has no document id at all: pandas then reads the column as float.
    grouped["doc_id"] = grouped["doc_id"].astype(object)
    return grouped.merge(documents, on="doc_id", how="left").sort_values(["kind", "publisher", "title"])


def readme_frame(db: Database, filters: Filters | None) -> pd.DataFrame:
    info = queries.build_info(db)
    lines: list[tuple[str, str, object]] = [
        ("About", "What this is", "Generative-AI competitive landscape: figures with their evidence."),
        ("About", "Database built", pd.Timestamp(info.built_at.iloc[0]).to_pydatetime() if not info.empty else None),
        ("About", "Safe to open", "Text cells starting with = + - @ are prefixed with an apostrophe."),
    ]
    if filters is not None:
        lines += [("Filters", "Entities", ", ".join(filters.entities) or "all"),
                  ("Filters", "From", filters.start), ("Filters", "To", filters.end),
                  ("Filters", "Metric", filters.metric or "all"),
                  ("Filters", "Statuses", ", ".join(filters.statuses))]
    lines += [("Metric", metric, label) for metric, label in METRIC_LABELS.items()]
    for r in db.query("SELECT * FROM fx_rates ORDER BY currency, period").itertuples():
        lines.append(("FX rate (table)", f"{r.currency} {pd.Timestamp(r.period):%Y-%m}",
                      f"{r.usd_per_unit} USD per {r.currency}; {r.source}; {r.url or ''}".strip("; ")))
    implied = db.query("""SELECT unit, fx_rate, fx_basis, list(fact_id ORDER BY fact_id) AS facts
        FROM facts WHERE unit <> 'USD' AND fx_rate IS NOT NULL GROUP BY ALL ORDER BY unit, fx_rate""")
    for r in implied.itertuples():
        lines.append(("FX rate (on facts)", f"{r.unit} at {r.fx_rate:.6g} USD",
                      f"{r.fx_basis or 'no basis recorded'}; facts {', '.join(r.facts)}"))
    return pd.DataFrame(lines, columns=["section", "item", "detail"])


def _save(sheets: dict[str, pd.DataFrame]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        write_frame(book.create_sheet(_sheet_name(name)), frame)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str) -> str:
    for bad in "[]:*?/\\":
        name = name.replace(bad, " ")
    return name[:SHEET_NAME_LENGTH]


def build_workbook(db: Database, filters: Filters, datasets: dict[str, pd.DataFrame] | None = None) -> bytes:
    datasets = datasets if datasets is not None else default_datasets(db, filters)
    return _save({**datasets, "Sources": sources_frame(db, datasets), "README": readme_frame(db, filters)})


def dataset_workbook(frame: pd.DataFrame, sheet: str, db: Database) -> bytes:
    """One page's chart data as XLSX: the data sheet, its sources and the README."""
    return _save({sheet: frame, "Sources": sources_frame(db, {sheet: frame}), "README": readme_frame(db, None)})

"""XLSX exports: data equal to the database, sources and README sheets, and cells safe to open."""

from __future__ import annotations

import io
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from landscape.database import Database
from landscape.export.workbook import build_workbook, dataset_workbook
from landscape.queries import Filters


@pytest.fixture(scope="module")
def db(project_db) -> Database:
    return Database(project_db)


@pytest.fixture(scope="module")
def book(db):
    return load_workbook(io.BytesIO(build_workbook(db, Filters())))


def _frame(sheet) -> pd.DataFrame:
    rows = list(sheet.values)
    return pd.DataFrame(rows[1:], columns=rows[0])


def test_sheets_and_header(book):
    assert book.sheetnames == ["Chatbot users", "Valuations & funding", "Chip procurement", "Timeline", "All facts",
                               "Sources", "README"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])


def test_all_facts_equal_the_database(db, book):
    facts = _frame(book["All facts"]).set_index("fact_id")
    expected = db.query("SELECT * FROM fact_evidence").set_index("fact_id")
    assert set(facts.index) == set(expected.index)
    for fact_id, row in expected.iterrows():
        assert facts.loc[fact_id, "value"] == pytest.approx(row.value)
        assert not isinstance(facts.loc[fact_id, "value"], str)
        assert facts.loc[fact_id, "as_of"] == datetime.combine(row.as_of, datetime.min.time())
    users = _frame(book["Chatbot users"])
    assert sorted(users.value) == sorted(db.query(
        "SELECT value FROM fact_evidence WHERE metric IN ('mau','wau','dau','users','downloads') "
        "AND same_figure_as IS NULL").value)


def test_sources_and_readme(db, book):
    sources = _frame(book["Sources"])
    urls = set(db.query("SELECT DISTINCT citation_url FROM fact_evidence WHERE citation_url IS NOT NULL").citation_url)
    assert urls <= set(sources.url)
    assert "document" in set(sources.kind)
    readme = _frame(book["README"])
    assert {"mau", "valuation", "gpu_units"} <= set(readme.item)
    assert (readme.section == "FX rate (table)").any() and (readme.section == "FX rate (on facts)").any()
    assert "implied by the source" in " ".join(map(str, readme.detail))
    assert isinstance(readme[readme.item == "Database built"].detail.iloc[0], datetime)


def test_formulas_are_neutralised_and_numbers_stay_numbers(db):
    hostile = pd.DataFrame({
        "text": ['=HYPERLINK("http://evil.example","click")', "@SUM(A1:A2)", "+1+2", "-2+3", "+1", "-2", "plain"],
        "value": [1.5, 2, 3, 4, 5, 6, 7],
    })
    sheet = load_workbook(io.BytesIO(dataset_workbook(hostile, "Hostile", db)))["Hostile"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells[:6]] == ["'" + t for t in hostile.text[:6]]
    assert cells[6].value == "plain"
    assert all(c.data_type == "s" for c in cells)
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == [1.5, 2, 3, 4, 5, 6, 7]
    assert all(row[1].data_type == "n" for row in sheet.iter_rows(min_row=2))
    book = load_workbook(io.BytesIO(dataset_workbook(hostile, "Hostile", db)))
    assert book.sheetnames == ["Hostile", "Sources", "README"]

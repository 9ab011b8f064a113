"""Tables speak to people: every shown column has a human label and a format, empty cells are blank, and
downloads keep the raw column names and values (landscape/table_columns.py, ui.table).

Run against the tiny fictional database (tests/fixtures/tiny/), so no count or value of the project's
real data is relied on.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pandas as pd
import pytest

from landscape import table_columns
from tests.apptest_helpers import open_page, record_downloads


def test_money_growth_dates_and_metrics_display_in_their_formats():
    frame = pd.DataFrame({
        "metric": ["valuation", "gpu_units", "wau", "valuation"],
        "value_usd": [1.9e12, None, None, 3e8],
        "growth": [-0.6528, None, 0.1, None],
        "as_of": [date(2017, 1, 1), date(2024, 10, 1), date(2024, 11, 1), date(2024, 11, 6)],
        "as_of_precision": ["year", "quarter", "month", "day"],
        "quote": ["a", None, "c", "d"],
        "fact_id": ["f1", "f2", "f3", "f4"],
    })
    shown, described = table_columns.display_frame(frame, ["metric", "value_usd", "growth", "as_of", "quote",
                                                            "fact_id", "not_in_the_frame"])
    assert list(shown.columns) == ["metric", "value_usd", "growth", "as_of", "quote", "fact_id"]
    assert list(shown.metric) == ["Valuation", "GPU units", "Weekly active users", "Valuation"]
    assert shown.value_usd.tolist()[0] == pytest.approx(1900) and described["value_usd"].kind == "usd billions"
    assert shown.growth.tolist()[0] == pytest.approx(-65.28) and described["growth"].kind == "percent"
    assert list(shown.as_of) == ["2017", "2024-Q4", "2024-11", "2024-11-06"]
    assert described["as_of"].label == "As of" and described["fact_id"].label == "Fact id"
    assert list(frame.columns)[:3] == ["metric", "value_usd", "growth"] and frame.growth[0] == -0.6528, \
        "the frame itself (what downloads take) is not changed"


def test_a_stated_range_is_shown_beside_the_value():
    frame = pd.DataFrame({"value": [12.5e6, 60e6], "unit": ["users", "users"], "range_low": [10e6, None],
                          "range_high": [15e6, None]})
    shown, described = table_columns.display_frame(frame, ["value", "unit"])
    assert list(shown.columns) == ["value", "range", "unit"]
    assert shown.range.tolist()[0] == "10M–15M" and pd.isna(shown.range.tolist()[1])
    assert described["range"].label == "Stated range"


# Every page with a table, opened on the tiny database; each table's every column is checked.
TABLE_PAGES = [
    ("views/overview.py", {}),
    ("views/chatbot_users.py", {}),
    ("views/valuations.py", {}),
    ("views/chips.py", {}),
    ("views/timeline.py", {}),
    ("views/company.py", {"entity": "bytedance", "section": "All figures"}),
    ("views/explorer.py", {}),
    ("views/sources.py", {"doc": "fixture_bytedance_december"}),
    ("views/sources.py", {"tab": "All documents"}),
    ("views/sources.py", {"tab": "Cited public sources"}),
    ("views/changes.py", {"since": "2024-01-01"}),
]


def _tables(at) -> list[tuple[pd.DataFrame, dict, str]]:
    return [(d.value, json.loads(d.proto.columns or "{}"), d.proto.placeholder) for d in at.dataframe]


@pytest.mark.parametrize("page, params", TABLE_PAGES)
def test_every_shown_column_has_a_human_label_and_empty_cells_are_blank(tiny_db, monkeypatch, page, params):
    monkeypatch.setenv("LANDSCAPE_DB", str(tiny_db))
    at = open_page(page, params)
    tables = _tables(at)
    assert tables, f"{page} shows a table"
    for frame, config, placeholder in tables:
        assert placeholder == "", "a missing value is a blank cell, not 'None'"
        for name in frame.columns:
            assert name in table_columns.COLUMNS, f"{page}: column {name!r} has no label of its own"
            label = config.get(name, {}).get("label")
            assert label and label != name, f"{page}: column {name!r} is shown as {label!r}"
            assert "_" not in label


def test_the_tables_format_growth_money_and_dates_at_their_precision(tiny_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(tiny_db))
    at = open_page("views/valuations.py", {"entities": "openai"})
    [(frame, config, _)] = _tables(at)
    openai = frame[frame.metric == "Valuation"].reset_index(drop=True)
    assert list(openai.as_of) == ["2024-10", "2025-03"], "month figures are dated to the month"
    assert openai.growth.tolist()[1] == pytest.approx((300 / 157 - 1) * 100)
    assert config["growth"]["type_config"]["format"] == "%+.0f%%"
    assert openai.value_usd.tolist() == [pytest.approx(157), pytest.approx(300)]
    assert config["value_usd"]["type_config"]["format"] == "$%,.2fbn"
    at = open_page("views/timeline.py", {"entities": "bytedance"})
    [(events, _, _)] = _tables(at)
    assert list(events.date) == ["2017"], "a year-only event is dated to the year, not 1 January"


def test_the_sources_page_names_what_a_quote_supports(tiny_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(tiny_db))
    at = open_page("views/sources.py", {"doc": "fixture_bytedance_december"})
    [(spans, _, _)] = _tables(at)
    supports = dict(zip(spans.record_id, spans.supports, strict=True))
    assert supports["t-doubao-mau-nov"] == "Doubao: Monthly active users 60M"
    assert supports["t-bytedance-lab"] == "ByteDance sets up its AI lab"


def test_downloads_keep_the_raw_names_and_values(tiny_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(tiny_db))
    downloads = record_downloads(monkeypatch)
    open_page("views/valuations.py", {"entities": "openai"}, before_page=downloads.clear)
    [name] = [n for n in downloads if n.startswith("valuations-and-funding") and n.endswith(".csv")]
    rows = list(csv.DictReader(io.StringIO(downloads[name]().decode("utf-8-sig"))))
    assert {"growth", "value_usd", "as_of", "as_of_precision", "metric"} <= set(rows[0])
    growth = {r["fact_id"]: float(r["growth"]) for r in rows if r["growth"]}
    assert growth["t-openai-val-2025"] == pytest.approx(300 / 157 - 1), "a fraction, as computed"
    assert {r["metric"] for r in rows} == {"valuation", "funding"}
    assert "2025-03-01" in {r["as_of"] for r in rows}

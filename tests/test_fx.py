from datetime import date

import pytest

from landscape.checks import Collector
from landscape.fx import normalise


def fact(fact_id, value, unit, as_of=date(2025, 9, 1), url="https://a.test", same=None, metric="valuation"):
    return {"fact_id": fact_id, "metric": metric, "value": value, "unit": unit, "as_of": as_of,
            "citation_url": url, "doc_id": None, "same_figure_as": same, "source_file": "f.csv", "source_line": 2}


def test_rate_implied_by_a_source_giving_both_currencies_is_used_and_shared():
    eur = fact("eur", 12e9, "EUR")
    usd = fact("usd", 14e9, "USD", same="eur")
    other = fact("other", 2e9, "EUR", metric="funding")  # same source and month, no USD given
    collector = Collector()
    normalise([eur, usd, other], [], collector)
    assert not collector.violations
    assert eur["value_usd"] == 14e9
    assert eur["fx_rate"] == pytest.approx(14 / 12)
    assert "implied by the source" in eur["fx_basis"]
    assert other["value_usd"] == pytest.approx(2e9 * 14 / 12)
    assert usd["fx_rate"] == 1.0 and usd["value_usd"] == 14e9


def test_rate_table_is_used_when_the_source_gives_one_currency():
    eur = fact("eur", 5.8e9, "EUR", as_of=date(2024, 6, 1))
    rates = [{"currency": "EUR", "period": date(2024, 6, 1), "usd_per_unit": 1.0761, "source": "ECB", "url": "u"}]
    normalise([eur], rates, Collector())
    assert eur["value_usd"] == pytest.approx(5.8e9 * 1.0761)
    assert eur["fx_basis"].startswith("ECB")


def test_missing_rate_is_an_error_naming_the_row():
    cny = fact("cny", 5e9, "CNY", as_of=date(2023, 1, 1))
    collector = Collector()
    normalise([cny], [], collector)
    [violation] = collector.violations
    assert (violation.file, violation.line) == ("f.csv", 2)
    assert "no USD rate for CNY in 2023-01" in violation.message


def test_user_counts_get_no_usd_value():
    users = fact("u", 5e7, "users", metric="mau")
    normalise([users], [], Collector())
    assert users["value_usd"] is None and users["fx_rate"] is None

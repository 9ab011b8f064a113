"""Normalise money to USD, recording the rate used and where it came from.

Where a source states a figure in two currencies, the rate it implies is used for that figure
and for the source's other figures in that currency and period. Otherwise the rate table in
data/fx_rates.csv is used; it states its own source. A fact with no rate is a build error.
"""

from __future__ import annotations

from datetime import date

from landscape.checks import Collector
from landscape.vocabulary import MONEY_METRICS


def _source_key(fact: dict) -> str:
    return fact["citation_url"] or fact["doc_id"] or ""


def _month(day: date) -> date:
    return day.replace(day=1)


def normalise(facts: list[dict], rates: list[dict], collector: Collector) -> None:
    """Fill value_usd, fx_rate and fx_basis on every fact, in place."""
    by_id = {f["fact_id"]: f for f in facts}
    implied: dict[tuple[str, str, date], tuple[float, str]] = {}
    for usd in facts:
        twin_id = usd.get("same_figure_as")
        if not twin_id:
            continue
        twin = by_id.get(twin_id)
        where = (usd["source_file"], usd["source_line"])
        if twin is None:
            collector.error(*where, f"same_figure_as {twin_id!r} is not a fact")
            continue
        if usd["unit"] != "USD" or twin["unit"] == "USD" or twin["metric"] != usd["metric"]:
            collector.error(*where, "same_figure_as must link a USD figure to the same metric in another currency")
            continue
        rate = usd["value"] / twin["value"]
        basis = f"implied by the source: {twin['value']:,.0f} {twin['unit']} stated as {usd['value']:,.0f} USD"
        twin.update(value_usd=usd["value"], fx_rate=rate, fx_basis=basis)
        implied[(_source_key(twin), twin["unit"], _month(twin["as_of"]))] = (rate, basis)
    table = {(r["currency"], r["period"]): r for r in rates}
    for fact in facts:
        if fact["metric"] not in MONEY_METRICS:
            fact.update(value_usd=None, fx_rate=None, fx_basis=None)
            continue
        if fact["unit"] == "USD":
            fact.update(value_usd=fact["value"], fx_rate=1.0, fx_basis=None)
            continue
        if fact.get("fx_rate"):
            continue
        key = (_source_key(fact), fact["unit"], _month(fact["as_of"]))
        if key in implied:
            rate, basis = implied[key]
        elif (fact["unit"], _month(fact["as_of"])) in table:
            row = table[(fact["unit"], _month(fact["as_of"]))]
            rate, basis = row["usd_per_unit"], f"{row['source']} ({row['url']})"
        else:
            collector.error(fact["source_file"], fact["source_line"],
                            f"no USD rate for {fact['unit']} in {fact['as_of']:%Y-%m}: add one to data/fx_rates.csv "
                            "or link the source's own USD figure with same_figure_as")
            continue
        fact.update(value_usd=fact["value"] * rate, fx_rate=rate, fx_basis=basis)

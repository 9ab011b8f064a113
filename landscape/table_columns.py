"""How every table column reads on screen: its label, its format, and the values it displays.

The one place a column gets a human label ("Dated to", not date_precision) and a format (a change as
"+10%", money as "$330.00bn", a year-only date as "2017"). ui.table turns these into Streamlit column
configuration; downloads keep the raw names and values, so this module never touches what is exported.
Pure pandas: no streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from landscape.labels import value_label
from landscape.periods import period_code
from landscape.vocabulary import METRIC_LABELS

# Display kinds. ui.py maps each to a Streamlit column type and format.
TEXT, COUNT, COMPACT, USD_BILLIONS, PERCENT, RATE, PERIOD, DATE, LINK, FLAG, SHARE = (
    "text", "count", "compact", "usd billions", "percent", "rate", "period", "date", "link", "flag", "share")


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = TEXT
    help: str | None = None
    # A PERIOD column's precision (day, month, quarter or year) is in this column of the same row.
    precision_from: str | None = None
    width: str | None = None  # "small", "medium" or "large"; None sizes the column to its content


_WHAT_IT_MEASURES = "What a valuation or funding figure measures: a funding round, a buyback, a market cap, ..."
_PERIOD_HELP = "Written at the precision the source gives: 2017, 2024-Q4, 2024-11 or 2024-11-06."

COLUMNS: dict[str, Column] = {
    # facts
    "fact_id": Column("Fact id"),
    "entity": Column("Company or product"),
    "entity_kind": Column("Kind"),
    "parent": Column("Part of"),
    "company": Column("Company"),
    "metric": Column("Metric"),
    "basis": Column("Basis", help=_WHAT_IT_MEASURES),
    "market": Column("Market"),
    "value": Column("Value", COMPACT, help="As the source states it, in the unit beside it."),
    "range": Column("Stated range", help="The source gives a range; the value is its midpoint."),
    "unit": Column("Unit"),
    "value_usd": Column("In USD", USD_BILLIONS, help="Converted at the rate shown on hover and in the download."),
    "fx_rate": Column("USD per unit", RATE),
    "fx_basis": Column("Exchange rate from"),
    "qualifier": Column("Qualifier", help="How exact the source is: about, over, up to, exact, a range."),
    "as_of": Column("As of", PERIOD, help=_PERIOD_HELP, precision_from="as_of_precision"),
    "as_of_precision": Column("Dated to"),
    "status": Column("Status", help="Reported and estimated figures are realised; planned, prospective, "
                                    "expected and rumoured ones are not."),
    "chosen": Column("Charted", FLAG, help="Where comparable sources disagree, the one figure the charts show."),
    "choice_reason": Column("Why this figure", width="large"),
    "override_reason": Column("Analyst's override"),
    "growth": Column("Change", PERCENT, help="Against the previous comparable figure (same company, metric, "
                                             "basis, market and chip)."),
    "growth_note": Column("Change since"),
    "definition": Column("Definition"),
    "note": Column("Note"),
    "method": Column("Entered by", help="curated: by an analyst, with its source; extracted: proposed by the "
                                        "extractor from a document."),
    "confidence": Column("Extractor confidence", SHARE),
    "quote": Column("Quote", width="large"),
    "citation_publisher": Column("Source"),
    "citation_title": Column("Source title"),
    "citation_url": Column("Link", LINK),
    "citation_published": Column("Published", DATE),
    # chip procurement
    "record_id": Column("Record id"),
    "buyer": Column("Buyer"),
    "chip": Column("Chip"),
    "chip_family": Column("Chip family"),
    "vendor": Column("Vendor"),
    "quantity": Column("Quantity", COUNT),
    "quantity_unit": Column("Counted in"),
    "spend_usd": Column("Spend in USD", USD_BILLIONS),
    "region": Column("Where"),
    "channel": Column("How", width="large"),
    # events
    "event_id": Column("Event id"),
    "date": Column("Date", PERIOD, help=_PERIOD_HELP, precision_from="date_precision"),
    "date_precision": Column("Dated to"),
    "date_qualifier": Column("On or by", help="on: it happened then; by: known only to have happened by then."),
    "date_basis": Column("How it was dated"),
    "kind": Column("Kind"),
    "title": Column("Title"),
    "counterparty": Column("Counterparty"),
    # documents and evidence
    "doc_id": Column("Document id"),
    "record_kind": Column("Record"),
    "supports": Column("Supports"),
    "span_start": Column("From character", COUNT),
    "span_end": Column("To character", COUNT),
    "publisher": Column("Publisher"),
    "published": Column("Published", DATE),
    "published_is_estimate": Column("Date estimated", FLAG),
    "published_basis": Column("How the date was found", width="large"),
    "url": Column("Link", LINK),
    "facts": Column("Facts", COUNT),
    "events": Column("Events", COUNT),
    # what changed
    "change": Column("Change"),
    "what": Column("What"),
    "old": Column("Was", width="medium"),
    "new": Column("Now"),
    "change_pct": Column("Difference", PERCENT, help="Now against was."),
    "source": Column("Source"),
}


def column(name: str) -> Column:
    """A column's description; one not listed reads as its name in words ("date_basis" -> "Date basis")."""
    return COLUMNS.get(name) or Column(name.replace("_", " ").capitalize())


def period_text(days: pd.Series, precisions: pd.Series | None) -> pd.Series:
    """Dates written at their precision, in an order that still sorts in time: 2017, 2024-Q4, 2024-11,
    2024-11-06 (a quarter sorts after the year's months; periods.period_code writes each). A missing
    precision means a day. Each distinct (date, precision) is written once: a table's rows share few."""
    day_codes, distinct_days = pd.factorize(pd.to_datetime(days, errors="coerce"))
    if precisions is None:
        kind_codes, distinct_kinds = pd.Series(0, index=days.index).to_numpy(), ["day"]
    else:
        kind_codes, distinct_kinds = pd.factorize(precisions.astype(object), use_na_sentinel=False)
    pairs, first = pd.factorize(day_codes * (len(distinct_kinds) + 1) + kind_codes)
    written = []
    for pair in first:
        day, kind = divmod(int(pair), len(distinct_kinds) + 1)
        precision = distinct_kinds[kind] if isinstance(distinct_kinds[kind], str) else "day"
        written.append(None if day < 0 else period_code(distinct_days[day], precision))
    return pd.Series(written, dtype=object).take(pairs).set_axis(days.index)


def _named(values: pd.Series, names: dict[str, str]) -> pd.Series:
    """Each code by its name (a metric's, say), each distinct code looked up once."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    return pd.Series([names.get(v, v) if isinstance(v, str) else None for v in distinct],
                     dtype=object).take(codes).set_axis(values.index)


def _range_text(frame: pd.DataFrame) -> pd.Series:
    """'10M–15M', '$1bn–$2bn': a stated range in the figure's own unit."""
    low, high = frame["range_low"], frame["range_high"]
    ranged = low.notna() & high.notna()
    units = frame["unit"][ranged] if "unit" in frame.columns else pd.Series("", index=frame.index)[ranged]
    out = pd.Series(None, index=frame.index, dtype=object)
    out[ranged] = [value_label(a, unit if isinstance(unit, str) else "", None, a, b)
                   for a, b, unit in zip(low[ranged], high[ranged], units, strict=True)]
    return out


def _shown_names(frame: pd.DataFrame, names: list[str]) -> list[str]:
    """The requested columns the frame has, with the stated range beside the value where any row has one."""
    shown = [c for c in names if c in frame.columns]
    has_range = {"range_low", "range_high"} <= set(frame.columns) and frame["range_low"].notna().any()
    if has_range and "value" in shown and "range" not in shown:
        shown.insert(shown.index("value") + 1, "range")
    return shown


def display_frame(frame: pd.DataFrame, names: list[str]) -> tuple[pd.DataFrame, dict[str, Column]]:
    """The requested columns (those the frame has) as they display, each with its description.

    Values change only where the format needs it: money in billions, a change in percent, a date at
    its precision, a metric by its name. Rows keep their order and positions, so a selected row is
    the same row of `frame`."""
    shown = _shown_names(frame, names)
    out = pd.DataFrame(index=frame.index)
    described: dict[str, Column] = {}
    for name in shown:
        spec = column(name)
        if name == "range":
            values = _range_text(frame)
        elif spec.kind == USD_BILLIONS:
            values = pd.to_numeric(frame[name], errors="coerce") / 1e9
        elif spec.kind == PERCENT:
            values = pd.to_numeric(frame[name], errors="coerce") * 100
        elif spec.kind == PERIOD:
            precision = frame[spec.precision_from] if spec.precision_from in frame.columns else None
            values = period_text(frame[name], precision) if _looks_like_dates(frame[name]) else frame[name]
        elif name == "metric":
            values = _named(frame[name], METRIC_LABELS)
        else:
            values = frame[name]
        out[name] = values
        described[name] = spec
    return out.reset_index(drop=True), described


def _looks_like_dates(values: pd.Series) -> bool:
    """A column of dates, not one already written as text (What changed writes its periods itself)."""
    if pd.api.types.is_datetime64_any_dtype(values):
        return True
    sample = values.dropna().head(1).tolist()
    return not sample or not isinstance(sample[0], str)

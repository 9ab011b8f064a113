"""Chart slides decided from the database: which rows are plotted, their labels and the takeaway.

Each builder takes (Database, Filters) and returns the slides' content; nothing here touches
python-pptx. Values stay raw (60000000, not 60) so the chart's embedded data matches the database;
axis number formats do the scaling on screen.
"""

from __future__ import annotations

import pandas as pd

from landscape import queries, stacking
from landscape.comparisons import leads
from landscape.database import Database
from landscape.export.slide_content import ChartContent, Series, SlideContent, unreviewed_mark
from landscape.labels import money, period_label, records, shorten, value_label
from landscape.palette import distinct_styles, stable_color
from landscape.queries import Filters
from landscape.reconcile import definition_rank, series_definitions
from landscape.vocabulary import METRIC_LABELS, REALISED_STATUSES, USER_METRICS

MAX_BARS = 15
CATEGORY_CHARACTERS = 48  # a 200-character entity name must not push the plot off the slide
LOG_SCALE_SPREAD = 50  # above this max/min ratio a linear axis flattens the small players to zero
USER_NOUNS = {"mau": "monthly active users", "wau": "weekly active users", "dau": "daily active users",
              "users": "users", "downloads": "downloads"}
USER_NOTE_NAMES = {"mau": "monthly active users (MAU)", "wau": "weekly active users (WAU)",
                   "dau": "daily active users (DAU)", "users": "users with no stated period",
                   "downloads": "downloads"}
USER_SHORT = {"mau": "MAU", "wau": "WAU", "dau": "DAU", "users": "users", "downloads": "downloads"}
COMPARABLE_USER_METRICS = ("mau", "wau", "dau", "users")  # downloads are not people using a chatbot
METRIC_COLORS = {"mau": "#1F5AA6", "wau": "#E07B00", "dau": "#2CA02C", "users": "#8C8C8C", "downloads": "#9467BD"}
REALISED_COLOR, NOT_REALISED_COLOR = "#1F5AA6", "#9DB9E0"
WHOLE_ROUNDS = ("round", "IPO")  # funding bases that are a whole raise, which add up across rounds


def axis_format(value: float, currency: bool = False, headroom: float = 5) -> str:
    """An Excel number format that shows raw values in k / M / bn, so ticks never read 60000000.

    The unit is picked so `value` reads as at least `headroom` of it: a 1M maximum ticks as
    0k-1,000k rather than 0M, 1M, 1M rounded from 0.5M.
    """
    sign = "$" if currency else ""
    for size, scaling, suffix in ((1e9, ",,,", "bn"), (1e6, ",,", "M"), (1e3, ",", "k")):
        if value >= headroom * size:
            return f'{sign}#,##0{scaling}"{suffix}"'
    return f"{sign}#,##0"


def _status_suffix(status: str) -> str:
    return "" if status in REALISED_STATUSES else f" {status}"


def _category(name: str, as_of, precision: str) -> str:
    return f"{shorten(str(name), CATEGORY_CHARACTERS)} · {period_label(as_of, precision)}"


def _split_series(rows: pd.DataFrame, value_column: str, label_column: str, names: tuple[str, str],
                  colors: tuple[str, str]) -> list[Series]:
    """Realised and not-realised rows as two bar series over the same categories (overlapped)."""
    realised = rows.status.isin(REALISED_STATUSES)
    series = []
    for mask, name, color, dashed in ((realised, names[0], colors[0], False), (~realised, names[1], colors[1], True)):
        if mask.any():
            series.append(Series(name, [float(v) if m else None for v, m in zip(rows[value_column], mask, strict=True)],
                                 [label if m else "" for label, m in zip(rows[label_column], mask, strict=True)],
                                 color, dashed=dashed))
    return series


def users(db: Database, filters: Filters) -> list[SlideContent]:
    """Latest figure per chatbot for the chosen metric; products without it show their other user metric."""
    metric = filters.metric if filters.metric in USER_METRICS else "mau"
    order = [metric] + [m for m in COMPARABLE_USER_METRICS if m != metric]
    frames = [queries.latest_facts_per_entity(db, m, filters).assign(metric_rank=rank) for rank, m in enumerate(order)]
    frames = [f for f in frames if not f.empty]
    title = "Chatbot users: latest figure per product"
    if not frames:
        return [ChartContent("users", title, "No user figures match these filters.", "bar", [], pd.DataFrame(),
                             "Users", "#,##0")]
    rows = (pd.concat(frames).sort_values(["metric_rank", "value"], ascending=[True, False])
            .drop_duplicates("entity_id").head(MAX_BARS).reset_index(drop=True))
    rows["label"] = [value_label(r.value, r.unit, r.qualifier) + unreviewed_mark(r) + f" {USER_SHORT[r.metric]}"
                     + _status_suffix(r.status) for r in rows.itertuples()]
    categories = [_category(r.entity, r.as_of, r.as_of_precision) for r in rows.itertuples()]
    series = [Series(METRIC_LABELS[m], [float(v) if rm == m else None for v, rm in zip(rows.value, rows.metric, strict=True)],
                     [lb if rm == m else "" for lb, rm in zip(rows.label, rows.metric, strict=True)], METRIC_COLORS[m])
              for m in dict.fromkeys(rows.metric)]
    shown = list(dict.fromkeys(rows.metric))
    note = ""
    if len(shown) > 1:
        note = ("Not like-for-like: bars mix " + ", ".join(USER_NOTE_NAMES[m] for m in shown)
                + "; compare bars of the same colour only.")
    return [ChartContent("users", title, _users_takeaway(rows, metric), "bar", series, rows,
                         "Users (see legend for the metric)" if len(shown) > 1 else METRIC_LABELS[shown[0]],
                         axis_format(rows.value.max()), categories, note)]


def _users_takeaway(rows: pd.DataFrame, metric: str) -> str:
    primary = rows[rows.metric == metric]
    others = rows[rows.metric != metric]
    parts = []
    if not primary.empty:
        leader = primary.iloc[0]
        parts.append(f"{leader.entity} leads on {USER_NOUNS[metric]}: "
                     f"{value_label(leader.value, leader.unit, leader.qualifier)} "
                     f"({period_label(leader.as_of, leader.as_of_precision)})")
    else:
        parts.append(f"No {USER_NOUNS[metric]} figures match these filters")
    lead = next(iter(leads(primary)), None)
    if lead is not None and lead.leader["entity_id"] == primary.iloc[0].entity_id:
        parts[0] += f", {lead.versus()}"
    if not others.empty:
        listed = ", ".join(f"{r.entity} {value_label(r.value, r.unit, r.qualifier)} {USER_NOUNS[r.metric]}"
                           for r in others.head(2).itertuples())
        parts.append(f"{listed}, not like-for-like")
    return "; ".join(parts)


def valuations(db: Database, filters: Filters) -> list[SlideContent]:
    """Valuation over time per company in USD; prospective figures are separate, dashed series."""
    facts = queries.chosen_facts(db, ("valuation",), filters)
    title = "Valuations over time (USD)"
    if facts.empty:
        return [ChartContent("valuations", title, "No valuations match these filters.", "xy", [], facts,
                             "Valuation, USD", "$#,##0")]
    facts = facts.sort_values(["entity", "as_of", "fact_id"]).reset_index(drop=True)
    facts["label"] = [value_label(r.value_usd, "USD", r.qualifier) + unreviewed_mark(r) + _status_suffix(r.status)
                      for r in facts.itertuples()]
    series = []
    for (entity, definition, split), rows, marker in _valuation_series(facts):
        realised = rows[rows.status.isin(REALISED_STATUSES)]
        others = rows[~rows.status.isin(REALISED_STATUSES)]
        color = stable_color(str(entity), rows.color.dropna().iloc[0] if rows.color.notna().any() else None)
        name = shorten(str(entity), CATEGORY_CHARACTERS) + (f" ({definition})" if split else "")
        if not realised.empty:
            series.append(Series(name, realised.value_usd.astype(float).tolist(), realised.label.tolist(), color,
                                 x=[pd.Timestamp(d).date() for d in realised.as_of], marker=marker))
        if not others.empty:
            statuses = others.status.unique()
            word = statuses[0] if len(statuses) == 1 else "not realised"
            series.append(Series(f"{name} ({word})" if word not in name else name, others.value_usd.astype(float).tolist(),
                                 others.label.tolist(), color, x=[pd.Timestamp(d).date() for d in others.as_of],
                                 dashed=True, marker=marker))
    spread = facts.value_usd.max() / facts.value_usd.min()
    log_scale = bool(spread > LOG_SCALE_SPREAD)
    converted = facts[facts.unit != "USD"]
    note = ("Dashed lines, open markers: not realised (prospective or in talks). Marker shapes tell apart a "
            "company's series of different bases.")
    if not converted.empty:
        note += f" {', '.join(sorted(converted.unit.unique()))} figures converted to USD at each figure's stated rate."
    return [ChartContent("valuations", title, _valuations_takeaway(facts), "xy", series, facts,
                         "Valuation, USD" + (" (log scale)" if log_scale else ""),
                         axis_format(facts.value_usd.min(), currency=True, headroom=1) if log_scale
                         else axis_format(facts.value_usd.max(), currency=True),
                         note=note, log_scale=log_scale)]


def _valuation_series(facts: pd.DataFrame) -> list[tuple[tuple[str, str, bool], pd.DataFrame, str]]:
    """Each company's valuations as the web draws them (reconcile.series_definitions): a buyback and
    a valuation of unstated basis are two series, in the company's colour with different markers."""
    definitions, split = series_definitions(facts)
    facts = facts.assign(_definition=definitions)
    groups = list(facts.groupby(["entity", "_definition"], sort=True))
    ranks = {key: definition_rank(records(rows.head(1), ["metric", "basis", "market", "chip"])[0])
             for key, rows in groups}
    colors = {key: str(rows.color.dropna().iloc[0]) if rows.color.notna().any() else stable_color(str(key[0]))
              for key, rows in groups}
    ordered = sorted(ranks, key=lambda key: (ranks[key], key))
    styles = distinct_styles([(colors[key], key) for key in ordered])
    return [((entity, definition, split), rows, styles[(colors[(entity, definition)], (entity, definition))][0])
            for (entity, definition), rows in groups]


def _valuations_takeaway(facts: pd.DataFrame) -> str:
    realised = facts[facts.status.isin(REALISED_STATUSES)]
    parts = []
    if not realised.empty:
        latest = realised.sort_values("as_of").groupby("entity").tail(1).sort_values("value_usd", ascending=False)
        top = latest.iloc[0]
        parts.append(f"{top.entity} is valued highest at {top.label} ({period_label(top.as_of, top.as_of_precision)})")
        # A rise only between valuations of one basis (a buyback to a buyback), as growth is on the web.
        ordered = realised.sort_values("as_of")
        rises = [(rows.value_usd.iloc[-1] / rows.value_usd.iloc[0], entity, basis, rows)
                 for (entity, basis), rows in ordered.groupby(["entity", ordered.basis.fillna("")]) if len(rows) > 1]
        if rises:
            ratio, entity, basis, rows = max(rises, key=lambda item: item[0])
            if ratio > 1:
                first, last = rows.iloc[0], rows.iloc[-1]
                parts.append(f"{entity} rose {ratio:.1f}× from {first.label} to {last.label}"
                             + (f", {basis} to {basis}" if basis else "") + " "
                             f"({period_label(first.as_of, first.as_of_precision)} – "
                             f"{period_label(last.as_of, last.as_of_precision)})")
    lead = next(iter(leads(facts, "value_usd")), None)
    if lead is not None:
        parts.append(lead.sentence())
    pending = facts[~facts.status.isin(REALISED_STATUSES)]
    if not pending.empty:
        top = pending.sort_values("value_usd", ascending=False).iloc[0]
        parts.append(f"{top.entity} is reportedly seeking {value_label(top.value_usd, 'USD', top.qualifier)}")
    return "; ".join(parts)


def funding(db: Database, filters: Filters) -> list[SlideContent]:
    """One bar per round in USD, newest first; rounds not yet closed are a lighter series."""
    facts = queries.chosen_facts(db, ("funding",), filters)
    title = "Funding rounds (USD)"
    if facts.empty:
        return [ChartContent("funding", title, "No funding rounds match these filters.", "bar", [], facts,
                             "Funding, USD", "$#,##0")]
    total = len(facts)
    rows = facts.sort_values(["as_of", "value_usd"], ascending=[False, False]).head(MAX_BARS).reset_index(drop=True)
    rows["label"] = [value_label(r.value_usd, "USD", r.qualifier) + unreviewed_mark(r) + _status_suffix(r.status)
                     for r in rows.itertuples()]
    # A tranche or an investor's share is not a round: the bar says which it is.
    categories = [_category(r.entity, r.as_of, r.as_of_precision)
                  + (f" · {r.basis}" if isinstance(r.basis, str) and r.basis != "round" else "") for r in rows.itertuples()]
    series = _split_series(rows, "value_usd", "label", ("Closed (reported)", "Not closed (expected or in talks)"),
                           (REALISED_COLOR, NOT_REALISED_COLOR))
    realised = rows[rows.status.isin(REALISED_STATUSES)]
    parts = []
    if not realised.empty:
        top = realised.sort_values("value_usd", ascending=False).iloc[0]
        parts.append(f"Largest round: {top.entity} {top.label} ({period_label(top.as_of, top.as_of_precision)})")
        # Only whole rounds add up: a tranche or an investor's share is part of a round, a cumulative
        # figure already a sum, and a figure of unstated basis could be either.
        whole = realised[realised.basis.isin(WHOLE_ROUNDS) & ~realised.part_of.isin(set(rows.fact_id))]
        if len(whole) > 1:
            parts.append(f"{len(whole)} closed rounds shown total {money(whole.value_usd.sum())} (tranches, investor "
                         "shares and figures of unstated basis not added)" if len(whole) < len(realised) else
                         f"{len(whole)} closed rounds shown total {money(whole.value_usd.sum())}")
    if len(realised) < len(rows):
        parts.append(f"{len(rows) - len(realised)} not yet closed")
    note = f"Newest {MAX_BARS} of {total} rounds. " if total > MAX_BARS else ""
    converted = rows[rows.unit != "USD"]
    if not converted.empty:
        note += f"{', '.join(sorted(converted.unit.unique()))} rounds converted to USD at each figure's stated rate."
    return [ChartContent("funding", title, "; ".join(parts), "bar", series, rows, "Funding, USD",
                         axis_format(rows.value_usd.max(), currency=True), categories, note.strip())]


def gpu_units(db: Database, filters: Filters) -> list[SlideContent]:
    """GPU counts per buyer and chip; only 'GPUs' (H100-equivalents are another unit and stay off)."""
    procurement = queries.chip_procurement(db, filters)
    title = "GPU units by buyer"
    counts = procurement[procurement.quantity.notna() & (procurement.quantity_unit == "GPUs")]
    # As on the web, a combined figure for several buyers is not drawn beside its members.
    combined = counts[stacking.combined_buyers(counts)]
    rows = counts[~stacking.combined_buyers(counts)]
    if rows.empty:
        return [ChartContent("gpu_units", title, "No GPU counts match these filters.", "bar", [], rows,
                             "GPUs", "#,##0")]
    total = len(rows)
    rows = rows.sort_values(["quantity", "buyer"], ascending=[False, True]).head(MAX_BARS).reset_index(drop=True)
    rows["label"] = [value_label(r.quantity, "GPUs", r.qualifier) + unreviewed_mark(r) + _status_suffix(r.status)
                     for r in rows.itertuples()]
    categories = [f"{shorten(str(r.buyer), CATEGORY_CHARACTERS)} · {shorten(str(r.chip), 30)} · "
                  f"{r.basis if isinstance(r.basis, str) else 'basis not stated'} "
                  f"{period_label(r.as_of, r.as_of_precision)}" for r in rows.itertuples()]
    series = _split_series(rows, "quantity", "label", ("Reported", "Planned or expected"),
                           ("#76B900", "#C5E39A"))
    realised = rows[rows.status.isin(REALISED_STATUSES)]
    parts = []
    if not realised.empty:
        top = realised.iloc[0]
        parts.append(f"{top.buyer} leads single buyers with {top.label} of {top.chip} "
                     f"({period_label(top.as_of, top.as_of_precision)})")
    for r in rows[~rows.status.isin(REALISED_STATUSES)].head(1).itertuples():
        parts.append(f"{r.buyer} plans {value_label(r.quantity, 'GPUs', r.qualifier)} of {r.chip}")
    other_units = procurement[procurement.quantity.notna() & (procurement.quantity_unit != "GPUs")]
    note = "Counts of GPUs, each bar one figure, none added together"
    if not other_units.empty:
        note += f"; {len(other_units)} figure(s) in H100-equivalents are another unit and not plotted"
    if not combined.empty:
        note += f"; {len(combined)} combined figure(s) for several buyers left off (in the chip matrix)"
    note += f"; largest {MAX_BARS} of {total} figures." if total > MAX_BARS else "."
    return [ChartContent("gpu_units", title, "; ".join(parts) or f"{len(rows)} GPU counts", "bar", series, rows,
                         "GPUs", axis_format(rows.quantity.max()), categories, note)]

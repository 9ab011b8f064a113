"""The controlled vocabularies every fact and event is checked against."""

from __future__ import annotations

USER_METRICS = ("mau", "wau", "dau", "users", "downloads")
MONEY_METRICS = ("valuation", "funding", "revenue", "gpu_spend")
METRICS = USER_METRICS + ("valuation", "funding", "revenue", "gpu_units", "gpu_spend")

METRIC_LABELS = {
    "mau": "Monthly active users",
    "wau": "Weekly active users",
    "dau": "Daily active users",
    "users": "Users (period not stated)",
    "downloads": "Downloads",
    "valuation": "Valuation",
    "funding": "Funding raised",
    "revenue": "Revenue",
    "gpu_units": "GPU units",
    "gpu_spend": "GPU spend",
}

CURRENCIES = ("USD", "EUR", "CNY", "GBP", "HKD", "JPY")
UNITS_BY_METRIC = {
    **{m: ("users",) for m in ("mau", "wau", "dau", "users")},
    "downloads": ("downloads", "users"),
    **{m: CURRENCIES for m in MONEY_METRICS},
    "gpu_units": ("GPUs", "H100-equivalents"),
}
UNITS = tuple(sorted({u for units in UNITS_BY_METRIC.values() for u in units}))

STATUSES = ("reported", "estimate", "planned", "prospective", "expected", "rumoured")
REALISED_STATUSES = ("reported", "estimate")
PRECISIONS = ("day", "month", "quarter", "year")
ENTITY_KINDS = ("company", "product", "chip", "person", "place", "group")
EVENT_KINDS = ("launch", "model", "funding", "valuation", "ipo", "regulation", "hire", "chips", "datacentre",
               "leadership", "lab", "partnership", "other")
DATE_QUALIFIERS = ("on", "by")

# What a figure measures, so charts never silently compare unlike things (see README).
# "listing" is the market value at an IPO's price; "IPO" funding is what the listing raised. For chips, a
# "fleet" is a stock (what a buyer holds at a date); "purchases" and "order" are flows over a period; "capex"
# is capital spending on AI infrastructure, of which chips are a part. Only like bases add up.
BASES_BY_METRIC = {
    "valuation": ("funding round", "buyback", "secondary", "market cap", "listing", "prospective"),
    "funding": ("round", "tranche", "investor share", "cumulative", "IPO"),
    "gpu_units": ("purchases", "order", "fleet"),
    "gpu_spend": ("purchases", "order", "capex"),
}
STOCK_BASES = ("fleet",)
# Metrics whose figures belong to a product users use, and those that belong to a company.
PRODUCT_METRICS = ("mau", "wau", "dau", "users", "downloads")
COMPANY_METRICS = ("valuation", "funding", "revenue")
MARKETS = ("China", "global")
# How exact a figure is, as the Review page offers it (sources use more words; labels.qualifier_symbol
# reads them all).
QUALIFIERS = ("exact", "about", "over", "nearly", "up to", "at least", "range")

# What became of each figure the extractor proposed (candidates.review_state), in the words the Review
# page explains its counts with.
REVIEW_STATE_MEANINGS = {
    "unreviewed": "waiting for your decision",
    "new entity": "names a company or product not in data/entities.csv",
    "undated": "no date found in the text",
    "needs rate": "no USD rate for its currency and month in data/fx_rates.csv",
    "accepted": "kept as extracted",
    "corrected": "kept as an analyst corrected it",
    "rejected": "dropped for good",
    "merged": "restate a figure already held; their document becomes another source of it",
}

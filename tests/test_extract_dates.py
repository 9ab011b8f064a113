"""Date expressions, explicit and relative to the published date (with hypothesis round trips)."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landscape.extract.dates import find_dates

PUBLISHED = dt.date(2024, 12, 15)


def one(text: str, published: dt.date | None = PUBLISHED) -> tuple[str, str]:
    found = find_dates(text, published)
    assert len(found) == 1, (text, found)
    return found[0].iso, found[0].precision


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("in October", "2024-10-01", "month"),
        ("by November", "2024-11-01", "month"),
        ("as of February", "2024-02-01", "month"),
        ("in 2024", "2024-01-01", "year"),
        ("the first quarter", "2024-01-01", "quarter"),
        ("Q3 2024", "2024-07-01", "quarter"),
        ("third quarter of 2023", "2023-07-01", "quarter"),
        ("on 6 February", "2024-02-06", "day"),
        ("February 6, 2025", "2025-02-06", "day"),
        ("Jan. 10", "2024-01-10", "day"),
        ("last June", "2024-06-01", "month"),
        ("six months ago", "2024-06-01", "month"),
        ("earlier this year", "2024-01-01", "year"),
        ("last December", "2023-12-01", "month"),
        ("last year", "2023-01-01", "year"),
        ("this month", "2024-12-01", "month"),
        ("last month", "2024-11-01", "month"),
        ("by the end of the year", "2024-12-01", "month"),
        ("end 2025", "2025-12-01", "month"),
        ("in June last year", "2023-06-01", "month"),
        ("on Monday", "2024-12-09", "day"),
        ("in the quarter ended December", "2024-10-01", "quarter"),
        ("the first three months of the year", "2024-01-01", "quarter"),
        ("截至2024年12月", "2024-12-01", "month"),
        ("去年", "2023-01-01", "year"),
    ],
)
def test_resolves(text: str, iso: str, precision: str) -> None:
    assert one(text) == (iso, precision)


def test_basis_explains_relative_dates() -> None:
    (found,) = find_dates("60 million users by November", PUBLISHED)
    assert found.basis == "'by November', relative to published 2024-12-15"


def test_founding_and_launch_dates_are_marked() -> None:
    assert find_dates("founded in 2017", PUBLISHED)[0].cue == "founded"
    assert find_dates("Launched in August 2023, Doubao", PUBLISHED)[0].cue == "launched"
    assert find_dates("since its launch on Jan. 10", PUBLISHED)[0].cue is not None


def test_relative_dates_need_a_published_date() -> None:
    assert find_dates("by November", None) == []
    assert find_dates("last year", None) == []
    assert one("in October 2023", None) == ("2023-10-01", "month")


def test_bare_may_is_not_a_date() -> None:
    assert find_dates("The company may raise funds", PUBLISHED) == []


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
       st.sampled_from(["mdy", "dmy", "my", "q"]))
def test_round_trip_explicit_dates(day: dt.date, style: str) -> None:
    month = calendar.month_name[day.month]
    quarter = (day.month - 1) // 3 + 1
    text, expected = {
        "mdy": (f"on {month} {day.day}, {day.year}", (day.isoformat(), "day")),
        "dmy": (f"on {day.day} {month} {day.year}", (day.isoformat(), "day")),
        "my": (f"in {month} {day.year}", (day.replace(day=1).isoformat(), "month")),
        "q": (f"in Q{quarter} {day.year}", (dt.date(day.year, 3 * quarter - 2, 1).isoformat(), "quarter")),
    }[style]
    assert one(text, None) == expected


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(1, 12))
def test_month_without_year_is_latest_not_after_published(published: dt.date, month: int) -> None:
    iso, precision = one(f"by {calendar.month_name[month]}", published)
    resolved = dt.date.fromisoformat(iso)
    assert precision == "month" and resolved.month == month
    assert resolved <= published
    assert (published.year - resolved.year) * 12 + published.month - resolved.month < 12


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(1, 11))
def test_months_ago(published: dt.date, count: int) -> None:
    iso, _ = one(f"{count} months ago", published)
    resolved = dt.date.fromisoformat(iso)
    assert (published.year - resolved.year) * 12 + published.month - resolved.month == count


@pytest.mark.parametrize(
    ("text", "published", "iso"),
    [
        # seasons are quarters: spring Q2, summer Q3, autumn and fall Q4
        ("it raised money in the spring", dt.date(2024, 11, 20), "2024-04-01"),
        ("it raised money in the spring", dt.date(2024, 2, 20), "2023-04-01"),
        ("a round last summer", dt.date(2025, 3, 1), "2024-07-01"),
        ("a round last summer", dt.date(2025, 11, 1), "2025-07-01"),
        ("a listing planned this fall", dt.date(2025, 5, 1), "2025-10-01"),
        ("a buyback in the autumn", dt.date(2025, 12, 1), "2025-10-01"),
        ("about 20,000 chips by summer 2026", dt.date(2025, 12, 1), "2026-07-01"),
        ("a deal expected by summer", dt.date(2025, 1, 10), "2025-07-01"),
        ("a new round next spring", dt.date(2025, 6, 1), "2026-04-01"),
    ],
)
def test_seasons_are_quarters(text: str, published: dt.date, iso: str) -> None:
    assert one(text, published) == (iso, "quarter")


def test_a_season_needs_a_word_that_makes_it_a_date() -> None:
    assert find_dates("shares could fall sharply", PUBLISHED) == []
    assert find_dates("sales during the Spring Festival rose", PUBLISHED) == []


@pytest.mark.parametrize(
    ("text", "published", "iso"),
    [
        ("spending hit $2bn in the first half, up 80%", dt.date(2024, 8, 26), "2024-01-01"),
        ("revenue doubled in the second half", dt.date(2025, 3, 1), "2024-07-01"),
    ],
)
def test_a_half_named_alone_is_the_latest_one_begun(text: str, published: dt.date, iso: str) -> None:
    assert one(text, published) == (iso, "quarter")


def test_a_half_of_something_else_is_no_date() -> None:
    assert find_dates("in the first half of the match", PUBLISHED) == []


@pytest.mark.parametrize("text", ["the three-month period ending December 2024", "the three months period ended December 2024",
                                  "the quarter period ended December 2024"])
def test_a_three_month_period_ending_a_month_is_its_quarter(text: str) -> None:
    assert one(text, dt.date(2025, 3, 19)) == ("2024-10-01", "quarter")

"""Amount parsing: every supported form, distractors, and round trips (hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landscape.extract.numbers import find_quantities, parse_amount


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("60 million", 60e6, None),
        ("$1.5bn", 1.5e9, "USD"),
        ("US$687.6 million", 687.6e6, "USD"),
        ("RMB 20 billion", 20e9, "CNY"),
        ("5 billion yuan", 5e9, "CNY"),
        ("230,000", 230_000, None),
        ("1.2m", 1.2e6, None),
        ("half a million", 500_000, None),
        ("€40 million", 40e6, "EUR"),
        ("£2bn", 2e9, "GBP"),
        ("HK$112 billion", 112e9, "HKD"),
        ("$300M", 300e6, "USD"),
        ("7500万", 75e6, None),
        ("10亿美元", 1e9, "USD"),
        ("1600亿元", 160e9, "CNY"),
        ("a billion dollars", 1e9, "USD"),
    ],
)
def test_parses_each_form(text: str, value: float, currency: str | None) -> None:
    amount = parse_amount(text)
    assert amount is not None
    assert amount.value == pytest.approx(value)
    assert amount.currency == currency


def test_two_currencies_keep_the_original_and_the_usd_figure() -> None:
    amount = parse_amount("€12bn ($14bn)")
    assert amount is not None and amount.currency == "EUR"
    assert amount.value == pytest.approx(12e9) and amount.usd_stated == pytest.approx(14e9)
    usd_first = parse_amount("US$700 million (5 billion yuan)")
    assert usd_first is not None and usd_first.currency == "CNY" and usd_first.usd_stated == pytest.approx(700e6)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("10 to 15 million", 10e6, 15e6), ("$10bn-$15bn", 10e9, 15e9), ("$38 billion to $40 billion", 38e9, 40e9)],
)
def test_ranges_give_midpoint_and_ends(text: str, low: float, high: float) -> None:
    amount = parse_amount(text)
    assert amount is not None
    assert (amount.low, amount.high) == (pytest.approx(low), pytest.approx(high))
    assert amount.value == pytest.approx((low + high) / 2)


def test_vague_amounts_take_their_lower_bound() -> None:
    amount = parse_amount("tens of millions")
    assert amount is not None and amount.value == 1e7 and amount.vague == "tens of"
    dollars = parse_amount("hundreds of millions of dollars")
    assert dollars is not None and dollars.value == 1e8 and dollars.currency == "USD"


@pytest.mark.parametrize(
    ("text", "value", "read"),
    [
        ("twenty-six million users", 26e6, "twenty-six million"),
        ("twenty six million users", 26e6, "twenty six million"),
        ("Doubao Hits Sixty-Five Million Users", 65e6, "Sixty-Five Million"),
        ("seventeen million", 17e6, "seventeen million"),
        ("one hundred and twenty million users", 120e6, "one hundred and twenty million"),
        ("a hundred million users", 100e6, "a hundred million"),
        ("two hundred five billion", 205e9, "two hundred five billion"),
        ("ninety-nine thousand GPUs", 99e3, "ninety-nine thousand"),
        ("DOUBAO HITS SIXTY MILLION USERS", 60e6, "SIXTY MILLION"),
        ("valued at US$3 BILLION", 3e9, "US$3 BILLION"),
        ("it raised $3 Billion", 3e9, "$3 Billion"),
        ("26 MILLION users", 26e6, "26 MILLION"),
        ("valued at $3.3 Bn", 3.3e9, "$3.3 Bn"),
        ("raised $1.5 BN", 1.5e9, "$1.5 BN"),
        ("valued at $3.3Bn", 3.3e9, "$3.3Bn"),
    ],
)
def test_compound_number_words_and_capitalised_scales_are_read_whole(text: str, value: float, read: str) -> None:
    """A compound number word is one number ("twenty-six million" is not "six million"), and a scale
    word in capitals still scales ("$3 Billion" is not $3)."""
    [amount] = find_quantities(text)
    assert amount.value == pytest.approx(value)
    assert text[amount.start:amount.end] == read


def test_from_to_is_a_change_not_a_range() -> None:
    found = find_quantities("users grew from 10 million to 15 million")
    assert [q.value for q in found] == [10e6, 15e6]
    assert all(q.low is None for q in found)


@pytest.mark.parametrize(
    "text",
    [
        "shares rose 12% to close", "up 29 per cent", "a 41-year-old founder", "in 2024", "founded in 2017",
        "$200.41 per share", "pay $16 a month", "it has 80 employees", "01.ai", "H20", "GPT-4o",
        "model has 671 billion parameters", "trained on 2.6 trillion tokens", "costs about $12,000",
    ],
)
def test_distractors_are_not_amounts(text: str) -> None:
    assert find_quantities(text) == []


def test_plus_suffix_marks_a_lower_bound() -> None:
    amount = parse_amount("1bn+")
    assert amount is not None and amount.plus and amount.value == 1e9


_SCALES = {"million": 1e6, "billion": 1e9}
_SHORT = {"million": ("m", "mn"), "billion": ("bn", "b")}


@given(
    whole=st.integers(min_value=1, max_value=999),
    tenths=st.integers(min_value=0, max_value=9),
    scale=st.sampled_from(["million", "billion"]),
    style=st.sampled_from(["long", "short", "dollar", "usd", "yuan", "rmb", "euro"]),
    short_index=st.integers(min_value=0, max_value=1),
)
def test_round_trip_scaled_amounts(whole: int, tenths: int, scale: str, style: str, short_index: int) -> None:
    number = f"{whole}.{tenths}" if tenths else str(whole)
    word = scale if style in ("long", "usd", "yuan", "rmb") else _SHORT[scale][short_index]
    text = {
        "long": f"{number} {word}", "short": f"{number}{word}", "dollar": f"${number}{word}",
        "usd": f"US${number} {word}", "yuan": f"{number} {word} yuan", "rmb": f"RMB {number} {word}",
        "euro": f"€{number}{word}",
    }[style]
    amount = parse_amount(text)
    assert amount is not None, text
    assert amount.value == pytest.approx(float(number) * _SCALES[scale])
    expected = {"long": None, "short": None, "dollar": "USD", "usd": "USD", "yuan": "CNY", "rmb": "CNY", "euro": "EUR"}
    assert amount.currency == expected[style]


@given(st.integers(min_value=1_000, max_value=999_999_999))
def test_round_trip_comma_grouped_counts(value: int) -> None:
    amount = parse_amount(f"{value:,}")
    if 1900 <= value <= 2099:
        return  # unreachable: comma grouping never looks like a year
    assert amount is not None and amount.value == value


@pytest.mark.parametrize("text", ["ſix million users", "twenty-ſix million users", "ſeveral million users"])
def test_case_variants_that_re_matches_never_crash_the_amount_reader(text):
    """re.IGNORECASE matches the long s (ſ) as s; reading the matched word must not then fail."""
    values = [q.value for q in find_quantities(text)]
    assert all(v > 0 for v in values)

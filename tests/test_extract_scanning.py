"""The fast-scanning helpers must find exactly what the plain patterns find."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from landscape.extract.dates import find_dates
from landscape.extract.numbers import find_quantities
from landscape.extract.scanning import (
    CaselessPattern,
    at_word_start,
    fold_case,
    matches_at,
    top_level_alternation,
    trie_alternation,
)

SAMPLES = [
    "Kimi had 13 million users; the company RAISED $1bn in a Funding Round.",
    "字节跳动 said 豆包 had 6000万 users last year, up from 去年.",
    "Sales rose to €12bn ($14bn) — a record, it said.",
    "",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_fold_case_lowers_text_whose_other_characters_have_no_case(text: str) -> None:
    assert fold_case(text) == text.lower()


@pytest.mark.parametrize("text", ["Café sales", "\u212aimi", "\u017feries", "İstanbul"])
def test_fold_case_refuses_text_with_other_cased_letters(text: str) -> None:
    # re.IGNORECASE matches some of these to ASCII letters ("K" Kelvin sign to "k"), lower() does not.
    assert fold_case(text) is None


def test_caseless_pattern_finds_the_same_spans_in_the_folded_copy() -> None:
    caseless = CaselessPattern(r"\b(?:raised|funding\s+round|(?P<big>\d+\s?bn))\b")
    for text in SAMPLES:
        expected = [m.span() for m in re.finditer(caseless.over(text, None)[0].pattern, text, re.IGNORECASE)]
        pattern, string = caseless.over(text, fold_case(text))
        assert [m.span() for m in pattern.finditer(string)] == expected


def test_caseless_pattern_must_be_written_in_lowercase() -> None:
    with pytest.raises(ValueError):
        CaselessPattern(r"\bSeries\s+[A-H]")


def test_matches_at_is_finditer_when_given_every_start() -> None:
    pattern = re.compile(r"(?<!\d)\d+(?:\.\d+)?|ab|a")
    text = "1.5 abab 22 a3 aab"
    starts = range(len(text))
    assert [m.span() for m in matches_at(pattern.match, text, starts)] == [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("text", ["last later lasting la l", "one onetwo ones", "x end ending, endless"])
def test_alternations_match_like_the_plain_one(text: str) -> None:
    words = ["last", "later", "la", "one", "ones", "end", "ending"]
    plain = re.compile("|".join(sorted(words, key=len, reverse=True)))  # in a trie the longest word wins
    for written in (trie_alternation(words), top_level_alternation(words)):
        assert [m.span() for m in re.finditer(written, text)] == [m.span() for m in plain.finditer(text)]
    bounded = re.compile(r"\b(?:" + "|".join(words) + r")\b")
    assert [m.span() for m in re.finditer(at_word_start(words, r"\b"), text)] == [m.span() for m in bounded.finditer(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("FY2024 revenue", ["2024-01-01"]),  # a year right after "FY", with no space or boundary
    ("in2016 it had", ["2016-01-01"]),
    ("收入12024年", ["2024-01-01"]),  # a Chinese year may open inside a longer number
    ("by a year-end push", ["2024-12-01"]),  # "year-end" follows "a year", which opens no date
    ("open on Mondays", []),  # the guard wants a word boundary after the weekday
    ("open on Monday", ["2024-06-10"]),
    ("Synthetic Co 0184 grew in the second quarter of 2023", ["2023-04-01"]),
])
def test_dates_that_open_where_a_scan_might_miss_them(text: str, expected: list[str]) -> None:
    assert [d.iso for d in find_dates(text, dt.date(2024, 6, 15))] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Co 0184 and Co 0266 had half a million users", [500_000.0]),
    ("between 3 and 5 million users", [4_000_000.0]),  # a bare small count next to a range partner
    ("sold 2 to 3 billion yuan of chips", [2_500_000_000.0]),
    ("US$ 3 billion, HK$5bn and Tens of millions", [3e9, 5e9, 1e7]),
])
def test_amounts_that_open_where_a_scan_might_miss_them(text: str, expected: list[float]) -> None:
    assert [q.value for q in find_quantities(text)] == expected

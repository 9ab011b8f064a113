"""Split text into sentences as (start, end) spans, so quotes stay exact slices of the text.

News text is full of full stops that do not end sentences: "U.S.", "Jan. 10", "$1.5bn",
"01.ai". A full stop ends a sentence only when whitespace and a plausible sentence start follow
and the word before it is not a known abbreviation. Chinese full stops always end a sentence,
and so does a line break, because headlines and datelines carry no full stop. Scraped text that lost the
space after a full stop ("users.The") still ends a sentence there.
"""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset("""
U.S U.K U.N E.U U.S.A Mr Mrs Ms Dr Prof Inc Corp Co Ltd Jr Sr St vs etc e.g i.e No Nos approx
est Gov Sen Rep Gen Lt Col Mt Ave Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Fig
""".split())

# A run of [.!?] and closing quotes before whitespace, a run of Chinese stops and closing quotes,
# or a line break. Written to open with one character set, so that `re` skips ahead to those
# characters quickly; the lookbehinds then tell which kind of boundary the first one starts.
_BOUNDARY = re.compile(
    r"[.!?。！？\n](?:(?<=[.!?])[.!?]*[\"'”’)\]]*(?=\s)|(?<=[。！？])[。！？]*[\"”’」』)]*|(?<=\n)"
    # text scraped with its spaces lost after a full stop ("monthly users.The company said"): a lowercase
    # word, a full stop, then a capitalised word
    r"|(?<=[a-z][a-z][a-z]\.)(?=[A-Z][a-z]))"
)
_NEXT_START = re.compile(r"\s*[\"'“‘(\[]?[A-Z0-9$€£¥\u4e00-\u9fff]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
# "closed its Series B. Revenue ...": the letter of a funding round, not an initial.
_ROUND_LETTER = re.compile(r"(?:Series|series|Pre-|pre-)\s?[A-Z]\.$")


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    token = match.group()
    if token == "\n" or token[0] in "。！？":
        return True
    if not _NEXT_START.match(text, match.end()):
        return False
    if token[0] != ".":
        return True
    head = text[max(0, match.start() - 12): match.start() + 1]
    word = _WORD_BEFORE.search(head)
    if word is None:
        return True
    stem = word.group(1).rstrip(".")
    # A single capital before a full stop is an initial ("J. Smith"), not a sentence end.
    return not (stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isupper() and not _ROUND_LETTER.search(head)))


def split_sentences(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _ends_sentence(text, match):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    return [trimmed for span in spans if (trimmed := _trim(text, *span))]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None

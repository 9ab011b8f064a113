"""Helpers that run a stage's regular expressions faster without changing what they find.

Python's `re` has no fast path for a case-insensitive alternation or for a pattern that opens
with a lookaround: it tries the whole pattern at every position of the text. It only skips ahead
quickly to a literal or to one of a set of characters that every match opens with. `fold_case`
lets a case-insensitive pattern run case-sensitively over a lowercased copy of the text;
`matches_at` tries an expensive pattern only where a cheap scan says a match could start;
`trie_alternation` and `at_word_start` write alternations that `re` tries quickly.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Iterator

_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold_case(text: str) -> str | None:
    """`text` with ASCII letters lowercased, or None when that is not what re.IGNORECASE sees.

    A pattern written in lowercase (so without \\S, \\W, \\B, \\D or capitals in a character
    class) finds the same spans case-sensitively in the folded text as with re.IGNORECASE in
    `text`, as long as every non-ASCII character of `text` is uncased: re.IGNORECASE matches a
    few cased letters outside ASCII to ASCII ones ("K" Kelvin sign to "k", "ſ" to "s"). For
    such texts (and any other cased letter, such as "é") the answer is None: use the pattern
    itself.
    """
    if text.isascii():
        return text.lower()
    if all(char.lower() == char == char.upper() for char in set(_NON_ASCII.findall(text))):
        return text.lower()
    return None


class CaselessPattern:
    """A case-insensitive pattern, written in lowercase, compiled for a document (with
    re.IGNORECASE) and for its fold_case copy (without): same offsets, same matches, though
    a match's text is lowercased in the folded copy."""

    def __init__(self, source: str) -> None:
        syntax_aside = source.replace("(?P<", "").replace("(?P=", "")  # named groups
        if syntax_aside != syntax_aside.lower():
            raise ValueError(f"a caseless pattern is written in lowercase: {source!r}")
        self._ignoring_case = re.compile(source, re.IGNORECASE)
        self._case_sensitive = re.compile(source)

    def over(self, text: str, folded: str | None) -> tuple[re.Pattern[str], str]:
        """The compiled pattern to use and the string to use it on."""
        if folded is None:
            return self._ignoring_case, text
        return self._case_sensitive, folded

    def search(self, text: str, folded: str | None, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pattern, string = self.over(text, folded)
        return pattern.search(string, pos, endpos)


def matches_at(match_at: Callable[[str, int], re.Match[str] | None], text: str,
               starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` yields, given `pattern.match` (or a function that matches
    the same at each position) and, in ascending order, every position where one of its matches
    could start; other positions are never tried. The pattern must not match the empty string.
    """
    resume = 0
    for start in starts:
        if start >= resume and (match := match_at(text, start)):
            resume = match.end()
            yield match


def at_word_start(alternatives: list[str], after: str = "") -> str:
    r"""The pattern `\b(?:alternative|...)after`, written so that `re` skips ahead to the
    alternatives' first characters: each alternative opens with a literal letter, and the word
    boundary before it is checked once that letter has matched. Order is kept, so the same
    alternative wins."""
    by_first: dict[str, list[str]] = {}
    for alternative in alternatives:
        first, rest = alternative[:1], alternative[1:]
        if not first.isalpha() or rest[:1] in ("?", "*", "+", "{"):
            raise ValueError(f"an alternative must open with a literal letter: {alternative!r}")
        by_first.setdefault(first, []).append(rest)
    return "|".join(f"{first}(?<=\\b{first})(?:{'|'.join(rests)}){after}" for first, rests in by_first.items())


def trie_alternation(words: list[str], word_end: str = "") -> str:
    """A regex matching any of `words`, factored by shared prefixes: `re` tries alternatives
    one by one, so "(?:l(?:ast|ater)|...)" is much faster than "(?:last|later|...)".

    Longer continuations come before the end of a word, so the longest word wins; `word_end`
    is appended wherever a word ends (a lookahead such as a word boundary).
    """
    return _group(_trie_branches(_trie(words), word_end))


def top_level_alternation(words: list[str]) -> str:
    """trie_alternation without its outer group: `re` skips ahead to the first letters of an
    alternation only when every alternative at the top opens with a literal character."""
    return "|".join(_trie_branches(_trie(words), ""))


def _trie(words: list[str]) -> dict:
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return trie


def _trie_branches(node: dict, word_end: str) -> list[str]:
    branches = [re.escape(char) + _group(_trie_branches(child, word_end)) for char, child in sorted(node.items()) if char]
    if "" in node:
        branches.append(word_end)
    return branches


def _group(branches: list[str]) -> str:
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

"""What seeds/ already holds, to recognise a source that is already there.

A source is already there when it has the same canonical URL as a document, or the same text
(ignoring spacing and case), or near-identical text from the same outlet. Near-identical text from
another outlet is a syndicated copy: it is added, and the build makes it another source of the same
facts (candidates.py merges restatements). Near-identical means difflib's word-sequence ratio of at
least NEAR_IDENTICAL. This module only compares; it writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from urllib.parse import urlsplit

from courlan import normalize_url

from landscape.checks import Collector
from landscape.documents import load_documents
from landscape.ingest.model import Article

# Measured on the fictional test site (tests/news_site.py): the pages that carry one story (a syndicated
# copy with its own introduction, other layouts) score 0.95-0.99 against each other; different stories
# on the same subject at most 0.26.
NEAR_IDENTICAL = 0.8


def comparable_url(url: str) -> str:
    """A URL with its case, default port, fragment and tracking parameters normalised away."""
    if not url:
        return ""
    try:
        return normalize_url(url, strict=True)
    except Exception:  # courlan raises various errors on malformed URLs; compare those as written
        return url.strip()


def text_key(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).casefold().encode("utf-8")).hexdigest()


def outlet(url: str, publisher: str) -> tuple[str, str]:
    return (urlsplit(url).hostname or "").removeprefix("www."), publisher.strip().casefold()


@dataclass
class KnownDocument:
    doc_id: str
    path: str
    title: str
    url: str
    outlet: tuple[str, str]
    text_key: str
    words: list[str] = field(repr=False)


@dataclass(frozen=True)
class Match:
    """How a source relates to a known document: 'same URL', 'same text', 'near-identical' (same outlet)
    or 'syndicated copy' (another outlet), with the similarity for the last two."""

    relation: str
    document: KnownDocument
    similarity: float = 1.0

    @property
    def already_there(self) -> bool:
        return self.relation != "syndicated copy"


def _same_outlet(one: tuple[str, str], other: tuple[str, str]) -> bool:
    if not any(one) or not any(other):  # nothing says they differ
        return True
    return (bool(one[0]) and one[0] == other[0]) or (bool(one[1]) and one[1] == other[1])


class KnownDocuments:
    """The documents in a seeds directory (as the build reads them), plus those added since."""

    def __init__(self, seeds_dir: Path):
        self._documents: list[KnownDocument] = []
        self._by_url: dict[str, KnownDocument] = {}
        self._by_text: dict[str, KnownDocument] = {}
        for document in load_documents(seeds_dir, Collector()):  # the build reports broken documents
            self._remember(KnownDocument(document.doc_id, document.path, document.title, document.url,
                                         outlet(document.url, document.publisher), text_key(document.text),
                                         document.text.casefold().split()))

    def _remember(self, known: KnownDocument) -> None:
        self._documents.append(known)
        if known.url:
            self._by_url.setdefault(comparable_url(known.url), known)
        self._by_text.setdefault(known.text_key, known)

    def remember(self, doc_id: str, path: str, article: Article) -> None:
        self._remember(KnownDocument(doc_id, path, article.title, article.url, outlet(article.url, article.publisher),
                                     text_key(article.text), article.text.casefold().split()))

    def with_url(self, url: str) -> KnownDocument | None:
        return self._by_url.get(comparable_url(url)) if url else None

    def match(self, article: Article) -> Match | None:
        """The known document this article repeats, if any (see the module's docstring)."""
        by_url = self.with_url(article.url)
        if by_url is not None:
            return Match("same URL", by_url)
        by_text = self._by_text.get(text_key(article.text))
        if by_text is not None:
            return Match("same text", by_text)
        words = article.text.casefold().split()
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(words)  # the new text is indexed once and compared with each known one
        best: tuple[float, KnownDocument] | None = None
        for known in self._documents:
            matcher.set_seq1(known.words)
            if matcher.real_quick_ratio() < NEAR_IDENTICAL or matcher.quick_ratio() < NEAR_IDENTICAL:
                continue
            ratio = matcher.ratio()
            if ratio >= NEAR_IDENTICAL and (best is None or ratio > best[0]):
                best = (ratio, known)
        if best is None:
            return None
        ratio, known = best
        same = _same_outlet(outlet(article.url, article.publisher), known.outlet)
        return Match("near-identical" if same else "syndicated copy", known, ratio)

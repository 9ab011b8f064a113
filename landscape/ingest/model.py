"""What a source becomes (Article), why a source was refused (Refused), and the limits every reader shares.

Nothing here reads or writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# A text shorter than this is a teaser or a paywall stub, not an article; one shorter than
# MIN_MAIN_TEXT_CHARACTERS is not even that (a section front or a page of links reads as a few words).
MIN_ARTICLE_CHARACTERS = 300
MIN_MAIN_TEXT_CHARACTERS = 100
DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class Limits:
    """How long a download may wait for the server (connecting, and between bytes) and how large a
    download or file may be. A whole download may take at most three times the timeout."""

    timeout: float = DEFAULT_TIMEOUT_SECONDS
    max_bytes: int = DEFAULT_MAX_BYTES


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Article:
    """A document read from a source, before it is written to seeds/.

    url is the canonical address when the source names one (else the address it was fetched from, or
    empty for a local file); published_basis says in words how the published date was found."""

    text: str
    title: str
    publisher: str
    url: str
    published: date | None
    published_is_estimate: bool
    published_basis: str
    kind: str  # "web page", "PDF" or "text file"


class Refused(Exception):
    """A source that cannot be added, with a one-line reason a person can act on.

    transient: the reason may go away by itself (a timeout, a server error), so a feed tries the item
    again next time instead of remembering it as seen."""

    def __init__(self, reason: str, transient: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


def require_article_length(text: str) -> str:
    """The text, if it is long enough to be an article; Refused otherwise."""
    stripped = text.strip()
    if len(stripped) < MIN_MAIN_TEXT_CHARACTERS:
        raise Refused("no main text found: not an article" + (f" (only {len(stripped)} characters)" if stripped else ""))
    if len(stripped) < MIN_ARTICLE_CHARACTERS:
        raise Refused(f"only {len(stripped)} characters of text (under {MIN_ARTICLE_CHARACTERS}): "
                      "a paywall stub or a teaser, not the article")
    return text


def single_line(value: object) -> str:
    """Metadata as one line of text: front matter and summaries hold no line breaks."""
    return " ".join(str(value or "").split())


def first_line_title(text: str) -> str:
    """A text's first line, when it is short enough to be its title; else empty."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    return first if len(first) <= 150 else ""

"""Turn a .txt or .md file (bytes) into an Article.

The text must be UTF-8, as every seeds/ document is. A .md file's front matter (title, publisher,
url, published, published_is_estimate, published_basis) is kept; a .txt file's first line is its
title when it is short enough to be one. A file in another encoding is refused, never guessed at and
transcoded: a wrong guess would store garbled text that quotes are then taken from.
"""

from __future__ import annotations

import yaml

from landscape.documents import parse_bool, parse_iso_date, split_front_matter
from landscape.ingest.model import Article, Refused, first_line_title, require_article_length, single_line


def read_text_file(body: bytes, name: str) -> Article:
    """The text and any front matter of a .txt or .md file called name. Raises Refused."""
    if b"\x00" in body:
        raise Refused("looks binary (contains NUL bytes), not a text file")
    try:
        raw = body.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = body[: err.start].count(b"\n") + 1
        raise Refused(f"bad encoding: line {line} is not valid UTF-8 (byte 0x{body[err.start]:02x}); "
                      "save it as UTF-8 and add it again") from None
    meta: dict = {}
    text = raw
    if name.lower().endswith(".md"):
        try:
            meta, text = split_front_matter(raw)
        except (ValueError, yaml.YAMLError) as err:
            raise Refused(f"unreadable front matter ({(str(err).splitlines() or [type(err).__name__])[0]})") from None
    require_article_length(text)
    published = parse_iso_date(meta["published"]) if meta.get("published") else None
    if meta.get("published") and published is None:
        raise Refused(f"front matter published date {str(meta['published'])[:40]!r} is not YYYY-MM-DD")
    title = single_line(meta.get("title")) or first_line_title(text) or name
    return Article(
        text=text, title=title, publisher=single_line(meta.get("publisher")), url=str(meta.get("url") or "").strip(),
        published=published, published_is_estimate=bool(parse_bool(str(meta.get("published_is_estimate", "")))),
        published_basis=single_line(meta.get("published_basis")) or ("stated in the file's front matter"
                                                                          if published else ""),
        kind="text file")

"""Read an RSS or Atom feed into its items (feedparser), and remember which items were seen.

feedparser is given the feed's bytes, never its URL: the download goes through fetching.py, with its
checks. Seen items are kept in data/feed_items.csv (paths.feed_items_csv), one row per feed and
item, appended atomically, so a scheduled `add --feed` adds only what is new. This module neither
fetches the items' pages nor writes documents.
"""

from __future__ import annotations

import csv
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser

from landscape.append_only import append_row
from landscape.ingest.model import Refused, single_line

MEMORY_COLUMNS = ("feed", "item", "link", "seen_at", "outcome")
BASIS_FEED = "the feed's date for this item (the page itself states none)"


@dataclass(frozen=True)
class FeedItem:
    """One entry: its id (the guid, else its link), its link, its title and the date the feed gives."""

    key: str
    link: str
    title: str
    published: date | None


def _date(struct: time.struct_time | None) -> date | None:
    return date(struct.tm_year, struct.tm_mon, struct.tm_mday) if struct else None


def parse_feed(body: bytes, base_url: str = "") -> list[FeedItem]:
    """The feed's items that link to an http(s) page, in the feed's order. Refused if it is no feed."""
    parsed = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f" ({single_line(problem)[:120]})" if problem else ""
        raise Refused(f"not an RSS or Atom feed{why}")
    items = []
    for entry in parsed.entries:
        link = urljoin(base_url, str(entry.get("link") or "").strip())
        if urlsplit(link).scheme not in ("http", "https"):
            continue
        items.append(FeedItem(key=str(entry.get("id") or link).strip(), link=link,
                              title=single_line(entry.get("title")),
                              published=_date(entry.get("published_parsed") or entry.get("updated_parsed"))))
    return items


class FeedMemory:
    """The items each feed has shown before, read once from the CSV and appended to as items are handled."""

    def __init__(self, path: Path):
        self.path = path
        self._seen: set[tuple[str, str]] = set()
        if path.exists():
            with path.open(newline="", encoding="utf-8") as handle:
                self._seen = {(row.get("feed") or "", row.get("item") or "") for row in csv.DictReader(handle)}

    def seen(self, feed: str, item: FeedItem) -> bool:
        return (feed, item.key) in self._seen

    def remember(self, feed: str, item: FeedItem, outcome: str) -> None:
        append_row(self.path, MEMORY_COLUMNS, {"feed": feed, "item": item.key, "link": item.link,
                                               "seen_at": datetime.now(UTC).isoformat(timespec="seconds"),
                                               "outcome": outcome})
        self._seen.add((feed, item.key))

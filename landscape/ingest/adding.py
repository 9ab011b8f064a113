"""Add sources to seeds/, one at a time: read each, compare it with what is there, write it.

Every source ends in one Outcome: added, already there, or not added with a one-line reason. A
source that fails never stops the others and leaves nothing behind. Adding holds a lock in the data
directory (paths.add_lock), so the app, a scheduled feed and a person at the command line cannot
add the same article twice at once. This module does not build: the caller rebuilds afterwards.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from filelock import FileLock, Timeout

from landscape import paths
from landscape.documents import MAX_DOCUMENT_BYTES
from landscape.ingest.feeds import BASIS_FEED, FeedItem, FeedMemory, parse_feed
from landscape.ingest.fetching import Download, fetch
from landscape.ingest.known_documents import KnownDocuments
from landscape.ingest.model import DEFAULT_LIMITS, Article, Limits, Refused
from landscape.ingest.pdf_files import read_pdf
from landscape.ingest.seed_files import stored_body, write_seed
from landscape.ingest.text_files import read_text_file
from landscape.ingest.web_pages import looks_like_feed, read_web_page

FILE_SUFFIXES = (".html", ".htm", ".pdf", ".txt", ".md")
ADDED, ALREADY_THERE, NOT_ADDED = "added", "already there", "not added"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """What became of one source. detail is one line: where it went, what it repeats, or why not."""

    source: str
    status: str
    detail: str
    doc_id: str | None = None
    title: str = ""
    copy_of: str | None = None
    transient: bool = False  # not added for a reason that may pass (a timeout): a feed tries it again

    def line(self) -> str:
        return f"{self.status}: {self.source}: {self.detail}"


def is_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


def _mb(size: int) -> str:
    return f"{size / 1_000_000:g} MB"


class Adder:
    """Adds sources to one seeds directory, remembering feed items in one data directory."""

    def __init__(self, seeds_dir: Path, data_dir: Path, limits: Limits = DEFAULT_LIMITS, allow_private: bool | None = None):
        self.seeds_dir, self.data_dir, self.limits, self.allow_private = seeds_dir, data_dir, limits, allow_private
        self.known = KnownDocuments(seeds_dir)
        self._feed_memory: FeedMemory | None = None

    # ---- one source ------------------------------------------------------------------------

    def add(self, source: str) -> Outcome:
        """A URL, or a path to a .html/.htm/.pdf/.txt/.md file."""
        if is_url(source) or "://" in source:  # fetch() refuses other schemes with its reason
            return self.add_url(source)
        return self._guarded(source, lambda: self._read_path(Path(source)), fetched_from=source)

    def add_url(self, url: str, item: FeedItem | None = None) -> Outcome:
        known = self.known.with_url(url)
        if known is not None:
            return Outcome(url, ALREADY_THERE, f"same URL as seeds/{known.path}", known.doc_id, known.title)
        return self._guarded(url, lambda: self._read_download(fetch(url, self.limits, self.allow_private), item),
                             fetched_from=url)

    def add_bytes(self, name: str, body: bytes) -> Outcome:
        """An uploaded file: name gives its kind (by suffix) and a title of last resort."""
        return self._guarded(name, lambda: self._read_file(name, body), fetched_from=f"upload: {name}")

    # ---- feeds -----------------------------------------------------------------------------

    def feed_items(self, source: str) -> list[FeedItem]:
        """The items of a feed (URL or file) not seen before. Raises Refused when it is not a feed."""
        if is_url(source):
            download = fetch(source, self.limits, self.allow_private)
            items = parse_feed(download.body, download.url)
        else:
            items = parse_feed(self._file_bytes(Path(source)), "")
        memory = self.feed_memory()
        return [item for item in dict((i.key, i) for i in items).values() if not memory.seen(feed_key(source), item)]

    def add_feed_item(self, source: str, item: FeedItem) -> Outcome:
        """Add one item and remember it as seen, unless it failed for a reason that may pass (a timeout)."""
        outcome = self.add_url(item.link, item)
        if not outcome.transient:
            self.feed_memory().remember(feed_key(source), item, outcome.line())
        return outcome

    def feed_memory(self) -> FeedMemory:
        if self._feed_memory is None:
            self._feed_memory = FeedMemory(paths.feed_items_csv(self.data_dir))
        return self._feed_memory

    # ---- reading ---------------------------------------------------------------------------

    def _file_bytes(self, path: Path) -> bytes:
        try:
            size = path.stat().st_size
            if size > self.limits.max_bytes:
                raise Refused(f"is {_mb(size)}, over the {_mb(self.limits.max_bytes)} limit")
            if not path.is_file():
                raise Refused("not a file")
            return path.read_bytes()
        except FileNotFoundError:
            raise Refused("no such file") from None
        except OSError as err:
            raise Refused(f"could not read it ({err.strerror or err})") from None

    def _read_path(self, path: Path) -> Article:
        if path.suffix.lower() not in FILE_SUFFIXES:
            raise Refused(f"only {', '.join(FILE_SUFFIXES)} files can be added (a feed needs --feed)")
        return self._read_file(path.name, self._file_bytes(path))

    def _read_file(self, name: str, body: bytes) -> Article:
        suffix = Path(name).suffix.lower()
        if suffix not in FILE_SUFFIXES:
            raise Refused(f"only {', '.join(FILE_SUFFIXES)} files can be added")
        if len(body) > self.limits.max_bytes:
            raise Refused(f"is {_mb(len(body))}, over the {_mb(self.limits.max_bytes)} limit")
        if suffix == ".pdf":
            return read_pdf(body, name=Path(name).stem)
        if suffix in (".txt", ".md"):
            return read_text_file(body, name)
        if looks_like_feed("", body):
            raise Refused("is an RSS/Atom feed, not an article: add it as a feed")
        return read_web_page(body, name=Path(name).stem)

    def _read_download(self, download: Download, item: FeedItem | None) -> Article:
        host = (urlsplit(download.url).hostname or "").removeprefix("www.")
        if download.media_type == "application/pdf" or download.body.startswith(b"%PDF-"):
            article = read_pdf(download.body, url=download.url, name=Path(urlsplit(download.url).path).stem,
                               publisher=host)
        elif looks_like_feed(download.media_type, download.body):
            raise Refused("is an RSS/Atom feed, not an article: add it as a feed")
        elif download.media_type in _HTML_TYPES:
            article = read_web_page(download.body, download.url, download.charset)
        elif download.media_type in ("text/plain", "text/markdown"):
            article = replace(read_text_file(download.body, Path(urlsplit(download.url).path).name or "page.txt"),
                              url=download.url, publisher=host, kind="web page")
        else:
            raise Refused(f"is {download.media_type}, not a web page or a PDF")
        if item is not None:
            article = replace(article, title=article.title or item.title)
            if article.published is None and item.published is not None:
                article = replace(article, published=item.published, published_is_estimate=False,
                                  published_basis=BASIS_FEED)
        return article

    # ---- writing ---------------------------------------------------------------------------

    def _guarded(self, source: str, read: Callable[[], Article], fetched_from: str) -> Outcome:
        """Read one source and store it; any failure becomes its outcome (no traceback ever)."""
        try:
            return self._store(source, read(), fetched_from)
        except Refused as refused:
            return Outcome(source, NOT_ADDED, refused.reason, transient=refused.transient)
        except Exception as err:  # a library's bug on a strange page must not stop the other sources
            _log.warning("could not add %s", source, exc_info=err)
            return Outcome(source, NOT_ADDED, f"could not be read ({type(err).__name__}: "
                                              f"{(str(err).splitlines() or [''])[0][:160]})")

    def _store(self, source: str, article: Article, fetched_from: str) -> Outcome:
        if len(stored_body(article).encode("utf-8")) > MAX_DOCUMENT_BYTES:
            raise Refused(f"its text is over the {_mb(MAX_DOCUMENT_BYTES)} a document may hold")
        match = self.known.match(article)
        if match is not None and match.already_there:
            similarity = f", {match.similarity:.0%} alike" if match.relation == "near-identical" else ""
            return Outcome(source, ALREADY_THERE, f"{match.relation}{similarity} as seeds/{match.document.path}",
                           match.document.doc_id, match.document.title)
        copy_of = match.document.doc_id if match is not None else None
        try:
            path = write_seed(self.seeds_dir, article, fetched_from, copy_of)
        except FileExistsError as exists:
            return Outcome(source, ALREADY_THERE, f"same text as seeds/{Path(str(exists)).name}")
        self.known.remember(path.stem, path.name, article)
        detail = f"seeds/{path.name}"
        if match is not None:
            detail += (f" (a syndicated copy of seeds/{match.document.path}, {match.similarity:.0%} alike: "
                       "another source of the same facts)")
        return Outcome(source, ADDED, detail, path.stem, article.title, copy_of)


def feed_key(source: str) -> str:
    """How a feed is named in the memory CSV: its URL as given, or its file's absolute path."""
    return source if is_url(source) else str(Path(source).resolve())


@contextmanager
def adding(seeds_dir: Path, data_dir: Path, limits: Limits = DEFAULT_LIMITS, allow_private: bool | None = None,
           wait: float = 600) -> Iterator[Adder]:
    """An Adder holding the add lock for the data directory. Refused if another add holds it past wait."""
    data_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(paths.add_lock(data_dir)), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise Refused(f"another add is still running (waited {wait:g} s); try again when it has finished") from None
    try:
        yield Adder(seeds_dir, data_dir, limits, allow_private)
    finally:
        lock.release()

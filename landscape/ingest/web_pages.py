"""Turn a web page (HTML bytes) into an Article: its main text and its metadata.

trafilatura finds the main text (dropping navigation, cookie banners, related-article lists, ads and
comments) and the title, site name and canonical URL. The date comes from htmldate, the library
trafilatura itself asks, called in steps so that the front matter can say how it was found: the
page's metadata and bylines, then its URL, then (only where those state none) an extensive search
of the page text, whose result is marked an estimate. The HTML itself is never kept or shown: only
the text leaves this module.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import htmldate
import trafilatura
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.utils import detect_encoding

from landscape.ingest.model import Article, Refused, require_article_length, single_line

FEED_MEDIA_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_FEED_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
ARTICLE_TYPES = frozenset({"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                           "report", "liveblogposting"})
HEADLINE_WITHIN_LINES = 5
_EMPTY_PAGE = "<html><body><p></p></body></html>"
# A page whose bytes are this much invalid in its own declared encoding is refused, not shown as garbage.
MAX_BAD_BYTE_SHARE = 0.01
BASIS_PAGE = "htmldate: the page's metadata or dated byline (JSON-LD, OpenGraph, meta or time tags)"
BASIS_URL = "htmldate: the date in the article's URL"
BASIS_TEXT = ("htmldate's extensive search of the page text (the page's metadata, byline and URL state no "
              "date); it may be another date the text mentions")


def looks_like_feed(media_type: str, body: bytes) -> bool:
    return media_type in FEED_MEDIA_TYPES or bool(_FEED_START.match(body[:4096]))


def decode_html(body: bytes, declared_charset: str = "") -> str:
    """The page as text, in the encoding its bytes declare (HTTP header, byte-order mark or meta tag),
    else the one they are detected to be in. Refused when it is not text or the encoding is wrong."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace")
    if b"\x00" in body:
        raise Refused("looks binary (contains NUL bytes), not a web page")
    found = _META_CHARSET.search(body[:4096])
    charset = declared_charset or (found.group(1).decode("ascii").lower() if found else "")
    if charset:
        try:
            text = body.decode(charset, errors="replace")
        except LookupError:
            raise Refused(f"bad encoding: the page declares the unknown character set {charset!r}") from None
        bad = text.count("\ufffd") - body.decode(charset, errors="ignore").count("\ufffd")
        if bad > max(3, MAX_BAD_BYTE_SHARE * len(text)):
            raise Refused(f"bad encoding: {bad:,} of its characters are not valid {charset}, the encoding it declares")
        return text
    for guess in detect_encoding(body):
        try:
            return body.decode(guess)
        except (LookupError, UnicodeDecodeError):
            continue
    raise Refused("bad encoding: could not tell which character encoding the page uses")


def _http_url(value: object) -> str:
    text = str(value or "").strip()
    return text if urlsplit(text).scheme in ("http", "https") and urlsplit(text).netloc else ""


def _published(html: str, url: str) -> tuple[date | None, bool, str]:
    """(published, is_estimate, basis): htmldate's quick search of the page's own markup, then of its URL,
    then its extensive search of the text (an estimate)."""
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    # url="" rather than None: htmldate would otherwise read a date from the canonical link's URL
    in_markup = htmldate.find_date(html, url="", extensive_search=False, original_date=True, max_date=today)
    if in_markup:
        return date.fromisoformat(in_markup), False, BASIS_PAGE
    in_url = htmldate.find_date(_EMPTY_PAGE, url=url, extensive_search=False, max_date=today) if url else None
    if in_url:
        return date.fromisoformat(in_url), False, BASIS_URL
    in_text = htmldate.find_date(html, url="", extensive_search=True, original_date=True, max_date=today)
    # A bare 1 January is a year alone, which the extensive search takes from a "Copyright 2025" footer
    # (three of the test pages): no date is better than that one.
    if in_text and not in_text.endswith("-01-01"):
        return date.fromisoformat(in_text), True, BASIS_TEXT
    return None, False, ""


def _without_headline(text: str, title: str) -> str:
    """The text below its headline, when the headline is among its first lines: the front matter holds
    it as the title, and seeds/ documents start with their story. (The extractor would read a headline's
    figure as a second claim, dated by the publication month rather than the period the story gives;
    and what sits above a headline is the page's, not the story's: an advert, a section name.)"""
    lines = text.strip().split("\n")
    for number, line in enumerate(lines[:HEADLINE_WITHIN_LINES]):
        if title and single_line(line).casefold() == title.casefold():
            rest = "\n".join(lines[number + 1:])
            return rest if rest.strip() else text
    return text


def _extract(html: str, url: str) -> TrafilaturaDocument | None:
    """trafilatura's reading of the page. A page that does not declare itself an article (OpenGraph or
    JSON-LD type) is read again favouring precision, which leaves a section front or a page of links
    with almost no text; a declared article keeps the default reading, which also recovers a text that
    only its JSON-LD articleBody holds (precision mode drops it)."""
    options = {"url": url or None, "with_metadata": True, "include_comments": False, "include_tables": True,
               "date_extraction_params": {"extensive_search": False}}
    extracted = trafilatura.bare_extraction(html, **options)
    if extracted is None or str(extracted.pagetype or "").lower() in ARTICLE_TYPES:
        return extracted
    return trafilatura.bare_extraction(html, favor_precision=True, **options)


def read_web_page(body: bytes, url: str = "", declared_charset: str = "", name: str = "") -> Article:
    """The main text and metadata of a page fetched from url (or a saved page, with url empty and its
    file name as name). Raises Refused when there is no article in it."""
    html = decode_html(body, declared_charset)
    extracted = _extract(html, url)
    if extracted is None or not (extracted.text or "").strip():
        raise Refused("no main text found: not an article")
    title = single_line(extracted.title)
    text = require_article_length(_without_headline(extracted.text, title))
    canonical = _http_url(extracted.url) or _http_url(url)
    published, is_estimate, basis = _published(html, canonical or url)
    host = (urlsplit(canonical).hostname or "").removeprefix("www.")
    publisher = single_line(extracted.sitename)
    if publisher.casefold() == title.casefold():  # trafilatura can take a headline for the site's name
        publisher = ""
    return Article(
        text=text, title=title or single_line(name) or host or "Untitled page",
        publisher=publisher or host, url=canonical, published=published,
        published_is_estimate=is_estimate, published_basis=basis, kind="web page")

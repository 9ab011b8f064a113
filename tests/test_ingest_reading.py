"""Reading sources into articles, without a network: the FICTIONAL test site's pages (tests/news_site.py),
PDFs made here, text files, feeds, and the checks on addresses, duplicates and the written seed file."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from landscape.checks import Collector
from landscape.documents import load_documents
from landscape.ingest import addresses
from landscape.ingest.feeds import parse_feed
from landscape.ingest.known_documents import NEAR_IDENTICAL, KnownDocuments
from landscape.ingest.model import Article, Refused
from landscape.ingest.pdf_files import read_pdf
from landscape.ingest.seed_files import write_seed
from landscape.ingest.text_files import read_text_file
from landscape.ingest.web_pages import BASIS_PAGE, BASIS_URL, decode_html, read_web_page
from tests import news_site

SITE = news_site.pages()
BASE = "https://test-site.example"
# What trafilatura keeps that is not the article, measured (scripts/ingest_quality.py): an inline
# "Read more:" link inside the story's own text.
KNOWN_LEAKS = {"/money/moonshot-ai-raises-600-million": {"Chatbot makers cut prices again"}}
# The one layout that loses words: the live blog's update times sit in <time> elements beside the
# updates (96.8% of its words kept).
LOWER_RECALL = {"/live/chip-export-rules": 0.96}


def read(path: str) -> Article:
    return read_web_page(SITE[path].html.encode("utf-8"), BASE + path)


@pytest.mark.parametrize("path", list(news_site.ARTICLE_LAYOUTS))
def test_each_layout_keeps_the_article_and_drops_the_chrome(path):
    page, article = SITE[path], read(path)
    assert news_site.words_kept(page.article_text, article.text) >= LOWER_RECALL.get(path, 0.995)
    leaked = {phrase for phrase in page.chrome if phrase in article.text}
    assert leaked == KNOWN_LEAKS.get(path, set())
    assert "Advertisement" not in article.text and "Accept all" not in article.text
    assert "<p>" not in article.text and "<script" not in article.text, "only text leaves the reader"


@pytest.mark.parametrize("path, basis", [
    ("/technology/doubao-75-million-monthly-users", BASIS_PAGE),  # JSON-LD datePublished
    ("/money/moonshot-ai-raises-600-million", BASIS_PAGE),  # OpenGraph article:published_time
    ("/2025/04/18/tencent-h20-chips.html", BASIS_URL),
    ("/technology/baidu-wenxiaoyan-30-million", BASIS_PAGE),  # "Published 9 May 2025" in the byline
    ("/tech/doubao-tops-75-million-monthly-users", BASIS_PAGE),
])
def test_metadata_of_each_layout(path, basis):
    page, article = SITE[path], read(path)
    assert article.title == page.title
    assert article.publisher == (page.publisher or "test-site.example"), "no site name: the host stands in"
    assert article.url == (page.url or BASE + path), "the canonical URL, else the address fetched"
    assert (article.published, article.published_is_estimate, article.published_basis) == (page.published, False, basis)


def test_a_page_with_no_date_anywhere_has_none_rather_than_its_copyright_year():
    article = read("/archive/moonshot-with-comments")
    assert "Copyright 2025" in SITE["/archive/moonshot-with-comments"].html
    assert (article.published, article.published_basis) == (None, "")
    assert "valuations are getting out of hand" not in article.text, "reader comments are dropped"


@pytest.mark.parametrize("path, reason", [
    ("/business", "no main text found: not an article"),
    ("/money/moonshot-ai-premium", "characters of text (under 300): a paywall stub"),
])
def test_pages_that_are_not_articles_are_refused(path, reason):
    with pytest.raises(Refused, match=reason.replace("(", r"\(").replace(")", r"\)")):
        read(path)


def test_encodings_declared_detected_and_wrong():
    latin = "<html><body><article><p>Caf\u00e9 cr\u00e8me \u00e0 la carte.</p></article></body></html>"
    assert "Caf\u00e9" in decode_html(latin.encode("cp1252")), "an undeclared encoding is detected"
    assert "Caf\u00e9" in decode_html(latin.encode("cp1252"), "windows-1252")
    with pytest.raises(Refused, match="bad encoding: .* not valid utf-8"):
        decode_html(("<p>" + "这是一个编码错误的测试页面。" * 40 + "</p>").encode("gb18030"), "utf-8")
    with pytest.raises(Refused, match="unknown character set 'klingon'"):
        decode_html(b"<p>hello</p>", "klingon")
    with pytest.raises(Refused, match="looks binary"):
        decode_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00")


def test_a_pdf_gives_its_text_title_author_and_creation_date_as_an_estimate():
    article = read_pdf(news_site.report_pdf(), name="tracker-q2")
    assert "Yuanbao had 41 million monthly active users in June" in " ".join(article.text.split())
    assert article.title == news_site.REPORT.headline
    assert article.publisher == "Tracker Research (fictional)"
    assert (article.published, article.published_is_estimate) == (date(2025, 7, 30), True)
    assert "creation date" in article.published_basis


def test_a_scanned_or_broken_pdf_is_refused_with_its_reason():
    with pytest.raises(Refused, match=r"hold no text \(a scanned image\?\)"):
        read_pdf(news_site.scanned_pdf())
    with pytest.raises(Refused, match="not a readable PDF"):
        read_pdf(b"%PDF-1.7\nthis is not really a PDF")


def test_text_files_keep_their_front_matter_and_must_be_utf8():
    body = news_site.STORIES["tencent-chips"].text
    markdown = f'---\ntitle: "Chips note"\npublisher: Desk\npublished: 2025-04-18\n---\n{body}\n'.encode()
    article = read_text_file(markdown, "note.md")
    assert (article.title, article.publisher, article.published) == ("Chips note", "Desk", date(2025, 4, 18))
    assert article.text.startswith("Tencent bought")
    assert read_text_file(body.encode(), "note.txt").title == news_site.STORIES["tencent-chips"].headline
    with pytest.raises(Refused, match=r"bad encoding: line 2 is not valid UTF-8 \(byte 0xe9\)"):
        read_text_file(b"First line\ncaf\xe9 " + b"x" * 400, "latin.txt")


@pytest.mark.parametrize("host, kind", [("127.0.0.1", "loopback"), ("10.1.2.3", "private"),
                                        ("169.254.169.254", "link-local"), ("::ffff:192.168.1.1", "private"),
                                        ("localhost", "loopback")])
def test_private_addresses_are_refused_unless_allowed(host, kind):
    with pytest.raises(Refused, match=f"is a {kind} address; only public hosts are fetched"):
        addresses.resolve(host, 80, allow_private=False)
    assert addresses.resolve(host, 80, allow_private=True)


def test_the_written_seed_reads_back_as_the_build_reads_it(tmp_path):
    article = read("/technology/doubao-75-million-monthly-users")
    path = write_seed(tmp_path, article, fetched_from=BASE + "/x")
    [document] = load_documents(tmp_path, collector := Collector())
    assert not collector.violations and not collector.warnings
    assert document.doc_id == path.stem and path.name.startswith("2025-03-04_doubao-passes-75-million")
    assert (document.title, document.publisher, document.url) == (article.title, article.publisher, article.url)
    assert (document.published, document.published_is_estimate) == (date(2025, 3, 4), False)
    assert document.published_basis == BASIS_PAGE
    assert f"sha256: {document.sha256}" in path.read_text(encoding="utf-8"), "the front matter's hash is the text's"
    with pytest.raises(FileExistsError):
        write_seed(tmp_path, article, fetched_from=BASE + "/x")


def test_syndicated_copies_are_told_from_the_same_article_and_from_other_articles(tmp_path):
    original = read("/technology/doubao-75-million-monthly-users")
    write_seed(tmp_path, original, fetched_from="x")
    known = KnownDocuments(tmp_path)
    copy = known.match(read("/tech/doubao-tops-75-million-monthly-users"))
    assert copy is not None and copy.relation == "syndicated copy" and not copy.already_there
    assert copy.similarity >= NEAR_IDENTICAL
    same_outlet = known.match(replace(read("/tech/doubao-tops-75-million-monthly-users"),
                                      publisher=original.publisher, url=""))
    assert same_outlet is not None and same_outlet.relation == "near-identical" and same_outlet.already_there
    for other in ("/money/moonshot-ai-raises-600-million", "/technology/baidu-wenxiaoyan-30-million"):
        assert known.match(read(other)) is None, other


def test_feeds_list_their_items_and_anything_else_is_refused():
    items = parse_feed(news_site.rss("http://site.test").encode())
    assert [item.link for item in items] == [f"http://site.test{p}" for p in news_site.FEED_PATHS[:3]]
    assert items[0].key == "ledger-0" and items[0].published == date(2025, 3, 4)
    atom = parse_feed(news_site.atom("http://site.test").encode())
    assert [item.key for item in atom] == ["tag:harbourwire.example,2025:0", "tag:harbourwire.example,2025:1",
                                           "tag:harbourwire.example,2025:2"]
    with pytest.raises(Refused, match="not an RSS or Atom feed"):
        parse_feed(SITE["/business"].html.encode())


"""`python -m landscape add` against the FICTIONAL test site on 127.0.0.1 (tests/news_site.py): what it
adds, what it recognises as already there, every bad input's one-line reason, feeds, and the
candidates reaching the Review page."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest

from landscape.cli import main
from landscape.ingest import addresses
from landscape.ingest.feeds import MEMORY_COLUMNS
from tests import news_site
from tests.apptest_helpers import open_page

ARTICLES = ("/technology/doubao-75-million-monthly-users", "/money/moonshot-ai-raises-600-million",
            "/2025/04/18/tencent-h20-chips.html", "/technology/baidu-wenxiaoyan-30-million",
            "/tech/doubao-tops-75-million-monthly-users", "/reports/tracker-q2.pdf")


def add(capsys, inputs, *arguments: str) -> tuple[int, list[str]]:
    """Run the add command on the scratch inputs; its exit code and its stdout lines."""
    seeds, data, db = inputs
    code = main(["add", *arguments, "--seeds", str(seeds), "--data", str(data), "--db", str(db)])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    return code, out.out.splitlines()


def outcome(lines: list[str], source: str) -> str:
    """The first line about source."""
    return next(line for line in lines if line.split(": ", 1)[-1].startswith(source + ": "))


def seed_files(seeds: Path) -> set[str]:
    return {path.name for path in seeds.iterdir()}


@pytest.fixture(scope="module")
def added(news_site_url, tmp_path_factory):
    """One run adding the site's articles (and one PDF), then building: what the tests below inspect."""
    from tests.conftest import core_inputs

    root = tmp_path_factory.mktemp("added")
    # The core landscape: the researched dataset holds real figures the fictional site's stories may echo.
    seeds, data = core_inputs(root)
    db = root / "out" / "landscape.duckdb"
    before = seed_files(seeds)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LANDSCAPE_ALLOW_PRIVATE_URLS", "1")
        code = main(["add", *(news_site_url + p for p in ARTICLES),
                     news_site_url + "/technology/doubao-75-million-monthly-users?utm_source=newsletter",
                     "--seeds", str(seeds), "--data", str(data), "--db", str(db)])
    return code, (seeds, data, db), seed_files(seeds) - before


def test_every_article_is_added_once_and_the_build_runs(added, news_site_url, capfd):
    code, (seeds, _, db), new_files = added
    assert code == 0
    assert len(new_files) == len(ARTICLES)
    with duckdb.connect(str(db), read_only=True) as con:
        documents = dict(con.execute("SELECT url, publisher FROM documents").fetchall())
    assert documents["https://meridian-ledger.example/technology/doubao-75-million-monthly-users"] == \
        "The Meridian Ledger (fictional)"
    # No site name in the page: trafilatura names it by its address (here with the test server's port)
    assert documents[news_site_url + "/2025/04/18/tencent-h20-chips.html"] == news_site_url.split("//")[1]
    assert documents[news_site_url + "/reports/tracker-q2.pdf"] == "Tracker Research (fictional)"


def test_each_source_gets_one_line_and_the_waiting_candidates_are_counted(news_site_url, inputs, capsys,
                                                                         private_urls_allowed):
    urls = [news_site_url + p for p in ARTICLES[:2]]
    code, lines = add(capsys, inputs, *urls, urls[0])
    assert code == 0
    assert outcome(lines, urls[0]).startswith("added: ")
    assert re.search(r"added: .*moonshot.*: seeds/2025-04-02_moonshot-ai-raises-600-million-at-a-4-1-billion-valu"
                     r"ation_[0-9a-f]{10}\.md$", "\n".join(lines), re.M)
    assert f"already there: {urls[0]}: same URL as seeds/2025-03-04_doubao" in "\n".join(lines)
    assert "2 added, 1 already there, 0 not added." in lines
    assert re.fullmatch(r"\d+ candidates wait for review \(the app's Review page\)\.", lines[-1])
    assert int(lines[-1].split()[0]) > 0


def test_the_front_matter_records_where_and_how(added, news_site_url):
    _, (seeds, _, _), new_files = added
    [name] = [n for n in new_files if "tencent" in n]
    text = (seeds / name).read_text(encoding="utf-8")
    front = text.split("\n---\n", 1)[0]
    for line in ("title: Tencent bought 18,000 H20 chips in the fourth quarter, analyst says",
                 f"publisher: {news_site_url.split('//')[1]}", f"url: {news_site_url}/2025/04/18/tencent-h20-chips.html",
                 "published: '2025-04-18'", "published_is_estimate: false",
                 "published_basis: 'htmldate: the date in the article''s URL'",
                 f"fetched_from: {news_site_url}/2025/04/18/tencent-h20-chips.html", "added_as: web page"):
        assert line in front.splitlines(), line
    assert re.search(r"^fetched_at: '20\d\d-\d\d-\d\dT", front, re.M) and re.search(r"^sha256: [0-9a-f]{64}$", front, re.M)
    body = text.split("\n---\n", 1)[1]
    assert body.startswith("Our markets team reports.\nTencent bought 18,000 H20 chips in the fourth quarter, a"), \
        "the story, below its headline (the title)"
    assert "Meridian Ledger newsletter" not in body


def test_a_syndicated_copy_is_added_and_becomes_another_source_of_the_same_fact(added):
    _, (seeds, _, db), new_files = added
    [copy] = [n for n in new_files if "bytedance-s-doubao-tops" in n]
    [original] = [n for n in new_files if n.startswith("2025-03-04_doubao-passes")]
    assert f"syndicated_copy_of: {Path(original).stem}" in (seeds / copy).read_text(encoding="utf-8")
    with duckdb.connect(str(db), read_only=True) as con:
        facts = con.execute("""SELECT fact_id, doc_id FROM facts WHERE entity_id = 'doubao' AND metric = 'mau'
            AND value = 75e6""").fetchall()  # "75 million monthly active users in February"
        sources = con.execute("SELECT fact_id, doc_id FROM fact_sources").fetchall()
        merged = con.execute("SELECT count(*) FROM candidates WHERE doc_id = ? AND review_state = 'merged'",
                             [Path(copy).stem]).fetchone()[0]
    assert facts == [(facts[0][0], Path(original).stem)], "one fact, from the original"
    assert (facts[0][0], Path(copy).stem) in sources, "the copy is another source of it"
    assert merged >= 1


def test_the_same_text_or_the_same_page_again_is_already_there(added, news_site_url, capsys, tmp_path,
                                                               private_urls_allowed):
    _, (seeds, data, db), new_files = added
    [original] = [n for n in new_files if n.startswith("2025-04-02_moonshot")]
    same_text = tmp_path / "pasted.txt"
    same_text.write_text((seeds / original).read_text(encoding="utf-8").split("\n---\n", 1)[1], encoding="utf-8")
    before = seed_files(seeds)
    code, lines = add(capsys, (seeds, data, db), str(same_text), news_site_url + ARTICLES[1], "--no-build")
    assert code == 0 and seed_files(seeds) == before
    assert outcome(lines, str(same_text)) == f"already there: {same_text}: same text as seeds/{original}"
    assert outcome(lines, news_site_url + ARTICLES[1]).endswith(f"same URL as seeds/{original}")


def test_every_bad_source_gets_its_reason_and_nothing_is_written(news_site_url, inputs, capsys, tmp_path,
                                                                private_urls_allowed):
    seeds = inputs[0]
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.truncate(10_500_000)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 society and chatbots. ".encode("cp1252") * 40)
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(news_site.scanned_pdf())
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    expected = {
        news_site_url + "/missing": "HTTP 404 Not Found",
        news_site_url + "/slow": "timed out (no answer within 0.5 s)",
        news_site_url + "/loop-a": f"redirect loop: {news_site_url}/loop-a redirects back to itself after 2 hop(s)",
        news_site_url + "/business": "no main text found: not an article",
        news_site_url + "/money/moonshot-ai-premium": "characters of text (under 300): a paywall stub or a teaser",
        news_site_url + "/mislabelled.html": "bad encoding:",
        news_site_url + "/huge.html": "is 11 MB, over the 10 MB limit",
        news_site_url + "/reports/scanned.pdf": "hold no text (a scanned image?); run it through OCR first",
        news_site_url + "/image.png": "is image/png, not a web page or a PDF",
        news_site_url + "/feeds/technology.rss": "is an RSS/Atom feed, not an article: add it as a feed",
        "ftp://files.example/report.pdf": "only http and https URLs are fetched, not ftp ones",
        str(huge): "is 10.5 MB, over the 10 MB limit",
        str(latin): "bad encoding: line 1 is not valid UTF-8 (byte 0xe9); save it as UTF-8 and add it again",
        str(scanned): "hold no text (a scanned image?)",
        str(tmp_path / "notes.docx"): "only .html, .htm, .pdf, .txt, .md files can be added",
        str(tmp_path / "absent.html"): "no such file",
    }
    before = seed_files(seeds)
    code, lines = add(capsys, inputs, *expected, news_site_url + ARTICLES[2], "--timeout", "0.5", "--no-build")
    assert code == 1, "a source was not added"
    for source, reason in expected.items():
        line = outcome(lines, source)
        assert line.startswith(f"not added: {source}: ") and reason in line, line
    assert outcome(lines, news_site_url + ARTICLES[2]).startswith("added: "), "the others go on"
    assert seed_files(seeds) - before == {outcome(lines, news_site_url + ARTICLES[2]).rsplit("seeds/", 1)[1]}
    assert not list(seeds.glob(".*")), "no temp file is left behind"


def test_a_feed_adds_its_new_items_once(news_site_url, inputs, capsys, private_urls_allowed):
    seeds, data, _ = inputs
    feeds = (news_site_url + "/feeds/technology.rss", news_site_url + "/feeds/harbour.atom")
    code, lines = add(capsys, inputs, *feeds, "--feed", "--no-build")
    assert code == 0
    assert sum(line.startswith("added: ") for line in lines) == len(news_site.FEED_PATHS)
    shared = news_site_url + news_site.FEED_PATHS[2]  # listed by both feeds: fetched once
    assert [line.startswith("added") for line in lines if f": {shared}: " in line] == [True, False]
    with (data / "feed_items.csv").open(encoding="utf-8") as handle:
        remembered = list(csv.DictReader(handle))
    assert tuple(remembered[0]) == MEMORY_COLUMNS and len(remembered) == 6
    before = seed_files(seeds)
    code, lines = add(capsys, inputs, *feeds, "--feed", "--no-build")
    assert code == 0 and seed_files(seeds) == before
    assert lines[:2] == [f"already there: {feed}: no items the feed has not shown before" for feed in feeds]
    code, lines = add(capsys, inputs, news_site_url + "/feeds/broken.xml", news_site_url + "/missing", "--feed",
                      "--no-build")
    assert code == 1
    assert outcome(lines, news_site_url + "/feeds/broken.xml").startswith(
        f"not added: {news_site_url}/feeds/broken.xml: not an RSS or Atom feed")
    assert outcome(lines, news_site_url + "/missing") == f"not added: {news_site_url}/missing: HTTP 404 Not Found"


def test_private_addresses_are_refused_without_the_setting(news_site_url, inputs, capsys, monkeypatch):
    monkeypatch.delenv("LANDSCAPE_ALLOW_PRIVATE_URLS", raising=False)
    port = news_site_url.rsplit(":", 1)[1]
    code, lines = add(capsys, inputs, news_site_url + ARTICLES[0], f"http://localhost:{port}/x", "--no-build")
    assert code == 1
    assert outcome(lines, news_site_url + ARTICLES[0]).endswith(
        "refused: 127.0.0.1 is a loopback address; only public hosts are fetched "
        "(set LANDSCAPE_ALLOW_PRIVATE_URLS=1 to allow it)")
    assert "localhost resolves to 127.0.0.1, which is a loopback address" in outcome(lines, f"http://localhost:{port}/x")


def test_every_redirect_hop_is_checked(news_site_url, inputs, capsys, monkeypatch):
    """The first hop's address is let through (as if it were public); the redirect it answers with
    points at another loopback address, which is refused before anything connects to it."""
    monkeypatch.delenv("LANDSCAPE_ALLOW_PRIVATE_URLS", raising=False)
    checked = []
    kind_of = addresses._kind

    def first_host_public(address):
        checked.append(str(address))
        return None if str(address) == "127.0.0.1" else kind_of(address)

    monkeypatch.setattr(addresses, "_kind", first_host_public)
    source = news_site_url + "/go?to=http://127.0.0.2:9/latest"
    code, lines = add(capsys, inputs, source, "--no-build")
    assert code == 1 and checked == ["127.0.0.1", "127.0.0.2"]
    assert outcome(lines, source).endswith("refused: 127.0.0.2 is a loopback address; only public hosts are fetched "
                                           "(set LANDSCAPE_ALLOW_PRIVATE_URLS=1 to allow it)")


def test_the_added_candidates_reach_the_review_page(added, monkeypatch):
    _, (seeds, data, db), new_files = added
    [name] = [n for n in new_files if n.startswith("2025-04-02_moonshot")]
    monkeypatch.setenv("LANDSCAPE_DB", str(db))
    at = open_page("views/review.py", {"doc": Path(name).stem})
    assert any("Candidates from **Moonshot AI raises" in info.value for info in at.info), "the page names the document"
    quotes = [element.proto.body for element in at.get("html")]
    assert quotes and all("raised $600 million in a funding round" in quote for quote in quotes)


def test_the_add_page_adds_a_link_rebuilds_and_links_to_its_candidates(news_site_url, inputs, monkeypatch,
                                                                       private_urls_allowed):
    seeds, data, db = inputs
    for name, value in (("LANDSCAPE_SEEDS", seeds), ("LANDSCAPE_DATA", data), ("LANDSCAPE_DB", db)):
        monkeypatch.setenv(name, str(value))
    at = open_page("views/add_articles.py")
    at.text_area(key="add:links").input(f"{news_site_url}{ARTICLES[3]}\n{news_site_url}/missing\n")
    at.button(key="FormSubmitter:add:form-Add and rebuild").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    [status] = at.get("status")
    assert status.proto.label == "1 added, 0 already there, 1 not added; the database is rebuilt."
    said = " ".join(element.value for element in at.markdown)
    assert "HTTP 404 Not Found" in said and "**added**" in said
    [link] = [p for p in at.get("page_link") if p.proto.label == "Review its candidates"]
    assert link.proto.page == "review" and link.proto.query_string.startswith("doc=2025-05-09_baidu-says-wenxiaoyan")
    assert any("wait for review" in caption.value for caption in at.caption)


def test_a_feed_file_adds_its_items_and_is_remembered_by_its_path(news_site_url, inputs, capsys, tmp_path,
                                                                  private_urls_allowed):
    feed = tmp_path / "saved.rss"
    feed.write_text(news_site.rss(news_site_url), encoding="utf-8")
    code, lines = add(capsys, inputs, str(feed), "--feed", "--no-build")
    assert code == 0 and lines[-1] == "3 added, 0 already there, 0 not added."
    with (inputs[1] / "feed_items.csv").open(encoding="utf-8") as handle:
        assert {row["feed"] for row in csv.DictReader(handle)} == {str(feed.resolve())}
    code, lines = add(capsys, inputs, str(feed), "--feed", "--no-build")
    assert lines == [f"already there: {feed}: no items the feed has not shown before",
                     "0 added, 1 already there, 0 not added."]


def test_a_download_without_a_declared_size_stops_at_the_cap(news_site_url, private_urls_allowed):
    from landscape.ingest.fetching import fetch
    from landscape.ingest.model import Limits, Refused

    with pytest.raises(Refused, match=r"is over the 0.2 MB limit \(stopped reading there\)"):
        fetch(news_site_url + "/unsized.html", Limits(timeout=5, max_bytes=200_000))
    assert len(fetch(news_site_url + "/unsized.html", Limits(timeout=5)).body) > 300_000

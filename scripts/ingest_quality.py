"""Measure what the ingestion keeps of each page layout of the fictional test site (tests/news_site.py).

For each layout: the share of the article's words kept (counted with repeats), how many of the
page's chrome phrases (cookie banner, ads, related headlines, newsletter, footer, comments) leaked
into the stored text, and which metadata fields came out right. Run:

    python scripts/ingest_quality.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from landscape.ingest.model import Refused  # noqa: E402
from landscape.ingest.web_pages import read_web_page  # noqa: E402
from tests.news_site import ARTICLE_LAYOUTS, Page, pages, words_kept  # noqa: E402

BASE = "https://test-site.example"


def measure(page: Page) -> dict:
    row: dict = {"layout": page.layout, "path": page.path}
    try:
        article = read_web_page(page.html.encode("utf-8"), BASE + page.path)
    except Refused as refused:
        return row | {"refused": refused.reason}
    leaked = [phrase for phrase in page.chrome if phrase in article.text]
    held = Counter(word.casefold() for word in article.text.split())
    lost = [word for word, count in Counter(w.casefold() for w in page.article_text.split()).items()
            if held[word] < count]
    row |= {
        "words_kept": round(words_kept(page.article_text, article.text), 3),
        "chrome_leaked": f"{len(leaked)}/{len(page.chrome)}", "leaked": leaked, "lost": lost,
        "title": article.title == page.title,
        "publisher": article.publisher == page.publisher if page.publisher else f"host ({article.publisher})",
        "published": str(article.published) if article.published == page.published
        else f"wrong: {article.published} (is {page.published})",
        "estimate": article.published_is_estimate,
        "canonical_url": article.url == page.url if page.url else "none named",
    }
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    site = pages()
    rows = [measure(site[path]) for path in ARTICLE_LAYOUTS]
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    for row in rows:
        if "refused" in row:
            print(f"{row['layout']:48} refused: {row['refused']}")
            continue
        print(f"{row['layout']:48} words kept {row['words_kept']:6.1%}  chrome leaked {row['chrome_leaked']:5}  "
              f"title {row['title']!s:5}  publisher {row['publisher']!s:28}  published {row['published']:24}"
              f"  canonical {row['canonical_url']}")
        for phrase in row["leaked"]:
            print(f"{'':48} leaked: {phrase[:70]}")
        if row["lost"]:
            print(f"{'':48} lost: {' '.join(row['lost'])[:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

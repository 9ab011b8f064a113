"""Single-process extraction throughput on SYNTHETIC news-like text (generated here, not real
articles). Prints MB/s. Runs in well under a minute."""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from landscape.extract import AliasIndex, extract_document  # noqa: E402

_TEMPLATES = [
    "{org} has raised ${n}bn in a funding round led by {org2}, valuing the company at about ${m}bn, people familiar "
    "with the matter said on {day}.",
    "{product} had {n} million monthly active users in {month}, according to estimates, compared with {m} million for "
    "{product2}.",
    "Shares of {org} rose {n}% to ${m} in extended trading, and the company employs {k},000 people.",
    "{org} and {org2} each ordered about {k},000 H20 chips last year, analysts estimate.",
    "The company said its revenue rose {n} per cent to {m} billion yuan (US${n}.{k} billion) in the third quarter.",
    "Analysts said the market for generative AI could reach ${m} trillion by 2030, though margins remain thin.",
    "{org} spent more than ${n}bn on Nvidia's H100 chips, while its {product} app was downloaded {m} million times.",
    "Founded in 2019, the firm trains models with {m} billion parameters on {n} trillion tokens.",
]
# Most sentences in real reporting carry no figure at all (the founding document has 3 figures
# in about 30 sentences), so the realistic mix interleaves plain sentences like these.
_PLAIN = [
    "{org} has positioned itself as a key player in the generative artificial intelligence landscape.",
    "People familiar with the matter said the company's plans were still being discussed internally.",
    "Engineers cite the integration of search, translation and image generation as a distinguishing feature.",
    "Concerns persist about whether the heavy spending on infrastructure can be sustained over the coming years.",
    "The company declined to comment on the report, and a spokesperson did not respond to questions.",
    "Rivals including {org} and {org2} have released chatbots of their own, intensifying competition.",
    "Regulators in Washington and Beijing are watching the sector closely as tensions over technology grow.",
]
_ORGS = ["ByteDance", "Alibaba", "Tencent", "Moonshot AI", "Zhipu AI", "OpenAI", "Anthropic", "Baidu", "xAI", "MiniMax"]
_PRODUCTS = ["Doubao", "Kimi", "Yuanbao", "ChatGPT", "Claude", "Qwen", "ERNIE Bot", "Gemini"]
_MONTHS = ["January", "March", "June", "September", "November"]
_DAYS = ["Monday", "Tuesday", "Thursday"]


def synthetic_articles(count: int, seed: int = 7, figure_share: float = 0.25) -> list[str]:
    rng = random.Random(seed)
    articles = []
    for _ in range(count):
        sentences = [
            rng.choice(_TEMPLATES if rng.random() < figure_share else _PLAIN).format(
                org=rng.choice(_ORGS), org2=rng.choice(_ORGS), product=rng.choice(_PRODUCTS),
                product2=rng.choice(_PRODUCTS), n=rng.randint(1, 99), m=rng.randint(1, 400), k=rng.randint(1, 9),
                month=rng.choice(_MONTHS), day=rng.choice(_DAYS))
            for _ in range(rng.randint(8, 20))
        ]
        paragraphs = [" ".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)]
        articles.append("\n\n".join(paragraphs))
    return articles


def measure(label: str, articles: list[str], aliases: AliasIndex) -> float:
    size = sum(len(a.encode("utf-8")) for a in articles)
    started = time.perf_counter()
    facts = 0
    for number, article in enumerate(articles):
        facts += len(extract_document(article, doc_id=str(number), published=dt.date(2025, 1, 15), aliases=aliases).facts)
    elapsed = time.perf_counter() - started
    rate = size / 1e6 / elapsed
    print(f"{label}: {size / 1e6:.2f} MB in {elapsed:.2f} s = {rate:.2f} MB/s "
          f"(single process, {len(articles)} documents, {facts} candidate facts)")
    return rate


def main() -> int:
    aliases = AliasIndex.from_csv(ROOT / "data" / "entities.csv", ROOT / "data" / "entity_aliases.csv")
    measure("synthetic news-like text, 1 in 4 sentences with a figure", synthetic_articles(1500), aliases)
    measure("synthetic figure-dense text, every sentence with a figure", synthetic_articles(400, figure_share=1.0),
            aliases)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

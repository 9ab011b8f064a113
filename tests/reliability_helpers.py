"""Small helpers shared by the reliability tests: scratch inputs, CLI builds, fictional corpora and
browser-console filtering."""

from __future__ import annotations

import csv
import io
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

from landscape import paths
from landscape.serving import CHROMIUM_ARGS, CHROMIUM_PATH

LAUNCH_ARGS = {"executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}
TEMP_GLOB = ".*.building-*"
# Opening a deep link makes Streamlit's frontend probe these two under the page's path first (DESIGN.md).
DEEP_LINK_PROBES = re.compile(r"/[\w-]+/_stcore/(health|host-config)")


def copy_inputs(root: Path) -> tuple[Path, Path]:
    """Scratch copies of the project's seeds/ and data/ (without any built database) under root."""
    seeds, data = root / "seeds", root / "data"
    shutil.copytree(paths.ROOT / "seeds", seeds)
    shutil.copytree(paths.ROOT / "data", data,
                    ignore=shutil.ignore_patterns("*.duckdb", "*.wal", ".*", "review.csv", "*.lock"))
    return seeds, data


def build_command(seeds: Path, data: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "landscape", "build", "--seeds", str(seeds), "--data", str(data), "--db", str(db)]


def cli_build(seeds: Path, data: Path, db: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(build_command(seeds, data, db), capture_output=True, text=True, cwd=paths.ROOT,
                          timeout=timeout, env={**os.environ, "COLUMNS": "200"})


def temp_files(db: Path) -> list[Path]:
    return sorted(db.parent.glob(TEMP_GLOB))


def real_console_errors(errors: list[str]) -> list[str]:
    return [e for e in errors if not DEEP_LINK_PROBES.search(e)]


def watch_console(page) -> list[str]:
    """Collect console errors and uncaught page errors from a Playwright page."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.text} @ {m.location.get('url', '')}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    return errors


def append_rows(path: Path, rows: list[list[str]]) -> None:
    """Append rows to a CSV file, quoted by the csv module."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + buffer.getvalue(), encoding="utf-8")


_WORDS = ("the", "fictional", "company", "reported", "growth", "in", "a", "market", "where", "analysts",
          "said", "its", "product", "was", "tested", "by", "users", "during", "quarter", "of", "year")


def fictional_document(index: int, paragraphs: int, rng: random.Random) -> str:
    """A made-up article, labelled fictional in its front matter, with one quotable sentence per paragraph."""
    body = []
    for p in range(paragraphs):
        words = " ".join(rng.choice(_WORDS) for _ in range(120))
        body.append(f"Fictional marker {index}-{p} states a test sentence. {words}.")
    return (f"---\ntitle: Fictional test article {index}\npublisher: Reliability test (fictional)\n"
            f"published: 2024-06-01\npublished_is_estimate: false\nfictional: true\n---\n" + "\n\n".join(body) + "\n")


def add_fictional_corpus(seeds: Path, data: Path, documents: int, paragraphs: int, seed: int = 7) -> int:
    """Add fictional documents and one curated event per paragraph quoting it; returns the event count."""
    rng = random.Random(seed)
    rows = []
    for i in range(documents):
        (seeds / f"zz_fictional_{i:04d}.md").write_text(fictional_document(i, paragraphs, rng), encoding="utf-8")
        for p in range(paragraphs):
            rows.append([f"fictional-{i}-{p}", "2024-06-01", "day", "on", "", "ByteDance", "", "launch",
                         f"Fictional test event {i}-{p}", "reported", f"zz_fictional_{i:04d}",
                         f"Fictional marker {i}-{p} states a test sentence."])
    path = data / "curated" / "zz_fictional_events.csv"
    path.write_text("event_id,date,date_precision,date_qualifier,date_basis,entity,counterparty,kind,title,status,"
                    "doc_id,quote\n", encoding="utf-8")
    append_rows(path, rows)
    return len(rows)


# ---- hostile text ------------------------------------------------------------------------------

PWN = "window.__pwned=1"
LONG_TOKEN = "W" * 10_000
HOSTILE = (f"<script>{PWN}</script> <img src=x onerror=\"{PWN};alert(1)\"> [click](javascript:alert(1)) "
           f"**bold** # heading <iframe src=\"javascript:{PWN}\"></iframe> <svg onload=\"{PWN}\"> {{{{7*7}}}}")
FORMULAS = ("=HYPERLINK(\"https://example.invalid\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "\t=1+1")
HOSTILE_ENTITY = "hostile-co"
HOSTILE_PRODUCT = "hostile-app"  # user figures belong to a product (the build's data rules)


def _quoted(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def add_hostile_inputs(seeds: Path, data: Path) -> str:
    """Hostile text in a document, its title, an entity name and curated fields; returns the doc id."""
    doc_id = "zz_hostile"
    sentence = f"Hostile Co says {HOSTILE} and reached 5 million monthly active users."
    body = f"{HOSTILE}\n\n{LONG_TOKEN}\n\n{sentence}\n\n# Not a heading\n\n[link](javascript:alert(1))\n"
    (seeds / f"{doc_id}.md").write_text(
        f"---\ntitle: '<script>{PWN}</script> **bold** [click](javascript:alert(1)) {LONG_TOKEN}'\n"
        f"publisher: '<img src=x onerror=\"{PWN}\">'\nurl: 'javascript:alert(1)'\npublished: 2024-06-01\n"
        f"published_is_estimate: false\nfictional: true\n---\n{body}", encoding="utf-8")
    with (seeds / "sources.csv").open("a", encoding="utf-8") as handle:
        (seeds / "zz_hostile_plain.txt").write_text(f"A fictional plain text. {HOSTILE}\n", encoding="utf-8")
        handle.write(_quoted(["zz_hostile_plain.txt", f"<img src=x onerror={PWN}> {LONG_TOKEN}", "# Publisher",
                              "", "2024-06-02", "false", HOSTILE]))
    with (data / "entities.csv").open("a", encoding="utf-8") as handle:
        handle.write(_quoted([HOSTILE_ENTITY, f"<img src=x onerror={PWN}>Hostile **Co** [x](javascript:alert(1))",
                              "company", "", "<script>", "#FF0000", ""]))
        handle.write(_quoted([HOSTILE_PRODUCT, f"<img src=x onerror={PWN}>Hostile **App**", "product", HOSTILE_ENTITY,
                              "<script>", "#FF0000", ""]))
    with (data / "entity_aliases.csv").open("a", encoding="utf-8") as handle:
        handle.write(_quoted(["Hostile Co", HOSTILE_ENTITY]))
    facts = [["fact_id", "entity", "metric", "value", "unit", "as_of", "qualifier", "status", "definition", "note",
              "doc_id", "quote", "citation_publisher", "citation_title", "citation_url", "citation_published", "basis"],
             ["hostile-mau", HOSTILE_PRODUCT, "mau", "5000000", "users", "2024-05", "exact", "reported", "# heading",
              f"[click](javascript:alert(1)) {LONG_TOKEN}", doc_id, sentence, "", "", "", "", ""]]
    for i, formula in enumerate(FORMULAS):
        facts.append([f"hostile-valuation-{i}", HOSTILE_ENTITY, "valuation", str(1e9 + i), "USD", f"2024-0{i + 1}",
                      "about", "reported", formula, f"{HOSTILE} {formula}", "", "", f"<script>{PWN}</script>",
                      f"{formula} {HOSTILE}", f"https://example.invalid/{i}?q=<script>", "2024-06-01",
                      "funding round"])
    (data / "curated" / "zz_hostile_facts.csv").write_text("".join(_quoted(r) for r in facts), encoding="utf-8")
    events = [["event_id", "date", "entity", "kind", "title", "doc_id", "quote"],
              ["hostile-event", "2024-06-01", HOSTILE_ENTITY, "launch", f"{HOSTILE} {LONG_TOKEN}", doc_id, sentence]]
    (data / "curated" / "zz_hostile_events.csv").write_text("".join(_quoted(r) for r in events), encoding="utf-8")
    return doc_id

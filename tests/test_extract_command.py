"""`landscape extract` through its run() function."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from landscape.extract.command import COLUMNS, run

ROOT = Path(__file__).resolve().parents[1]
ENTITIES = ROOT / "data" / "entities.csv"
ALIASES = ROOT / "data" / "entity_aliases.csv"
REQUIRED = ["doc", "entity", "metric", "value", "unit", "as_of", "qualifier", "quote", "span_start", "span_end",
            "confidence"]


def call(files: list[Path], published: dt.date | None = None, fmt: str = "csv",
         sources: Path | None = None) -> tuple[int, str]:
    out = io.StringIO()
    code = run(files, published, fmt, sources or Path("/nonexistent/sources.csv"), ENTITIES, ALIASES, out=out)
    return code, out.getvalue()


def test_csv_columns_and_offsets_relative_to_body(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_bytes(b"---\ntitle: x\npublished: 2024-12-15\n---\r\nKimi has 5 million users.\r\nDoubao has 60 million "
                    b"monthly active users by November.\r\n")
    code, output = call([doc])
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(output)))
    assert list(rows[0])[:11] == REQUIRED and list(rows[0]) == COLUMNS
    body = doc.read_bytes().decode("utf-8").split("\n---\r\n", 1)[1]
    doubao = next(r for r in rows if r["entity"] == "doubao")
    assert (doubao["value"], doubao["as_of"], doubao["metric"]) == ("60000000", "2024-11-01", "mau")
    assert body[int(doubao["span_start"]):int(doubao["span_end"])] == doubao["quote"]


def test_published_from_sources_csv_and_json(tmp_path: Path) -> None:
    doc = tmp_path / "b.txt"
    doc.write_text("Kimi has 5 million users.", encoding="utf-8")
    sources = tmp_path / "sources.csv"
    sources.write_text("file,published,title\nb.txt,2025-03-04,x\n", encoding="utf-8")
    code, output = call([doc], fmt="json", sources=sources)
    assert code == 0
    (row,) = json.loads(output)
    assert row["as_of"] == "2025-03-01" and row["doc"] == "b.txt"
    _, overridden = call([doc], published=dt.date(2024, 1, 9), fmt="json", sources=sources)
    assert json.loads(overridden)[0]["as_of"] == "2024-01-01"


def test_unknown_published_date_leaves_as_of_empty(tmp_path: Path) -> None:
    doc = tmp_path / "c.txt"
    doc.write_text("Kimi has 5 million users. Doubao had 60 million users in October 2024.", encoding="utf-8")
    code, output = call([doc])
    rows = {r["entity"]: r for r in csv.DictReader(io.StringIO(output))}
    assert code == 0 and rows["kimi"]["as_of"] == "" and rows["doubao"]["as_of"] == "2024-10-01"


def test_undecodable_file_is_a_clean_error(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Kimi has \xff\xfe 5 million users.")
    code, output = call([bad])
    error = capsys.readouterr().err
    assert code == 2 and output == ""
    assert "bad.txt" in error and "Traceback" not in error and len(error.strip().splitlines()) == 1


def test_missing_file_is_a_clean_error(tmp_path: Path, capsys) -> None:
    code, _ = call([tmp_path / "missing.txt"])
    assert code == 2 and "missing.txt" in capsys.readouterr().err


def test_offsets_match_what_the_build_stores(tmp_path: Path) -> None:
    """The command and the build read a document the same way, BOM and front matter included."""
    from landscape.checks import Collector
    from landscape.documents import load_documents

    doc = tmp_path / "b.md"
    doc.write_bytes("\ufeff---\npublished: 2024-12-15\n---\nDoubao has 60 million monthly active users.\n".encode())
    [stored] = load_documents(tmp_path, Collector())
    code, output = call([doc])
    [row] = [r for r in csv.DictReader(io.StringIO(output)) if r["entity"] == "doubao"]
    assert code == 0
    assert stored.text[int(row["span_start"]):int(row["span_end"])] == row["quote"]

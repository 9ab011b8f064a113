"""Curated CSV rows: every bad row is rejected with its file and line, and nothing else is lost."""

import pytest

from landscape import paths
from landscape.checks import Collector
from landscape.curated import load_curated
from landscape.entities import load_entities

HEADER = ("fact_id,entity,metric,chip,value,unit,as_of,qualifier,status,doc_id,quote,"
          "citation_publisher,citation_title,citation_url,citation_published,citation_published_is_estimate\n")
GOOD = "f1,OpenAI,wau,,400000000,users,2025-02,exact,reported,,,CNBC,T,https://x.test/a,2025-02-20,false\n"


@pytest.fixture(scope="module")
def entities():
    data = paths.ROOT / "data"
    return load_entities(paths.entities_csv(data), paths.aliases_csv(data), Collector())


@pytest.mark.parametrize("row, message", [
    ("f2,OpenAI,mau_ish,,1,users,2025-02,exact,reported,,,P,T,https://x,2025-02-20,false", "unknown metric"),
    ("f2,OpenAI,wau,,-5,users,2025-02,exact,reported,,,P,T,https://x,2025-02-20,false", "positive number"),
    ("f2,OpenAI,wau,,lots,users,2025-02,exact,reported,,,P,T,https://x,2025-02-20,false", "not a number"),
    ("f2,OpenAI,wau,,5,USD,2025-02,exact,reported,,,P,T,https://x,2025-02-20,false", "does not fit metric"),
    ("f2,OpenAI,wau,,5,users,Feb 2025,exact,reported,,,P,T,https://x,2025-02-20,false", "is not a date"),
    ("f2,OpenAI,wau,,5,users,2025-13,exact,reported,,,P,T,https://x,2025-02-20,false", "month must be in 1..12"),
    ("f2,Acme,wau,,5,users,2025-02,exact,reported,,,P,T,https://x,2025-02-20,false", "unknown entity 'Acme'"),
    ("f2,OpenAI,wau,,5,users,2025-02,exact,guessed,,,P,T,https://x,2025-02-20,false", "unknown status"),
    ("f2,OpenAI,wau,,5,users,2025-02,exact,reported,,,,,,,", "no evidence"),
    ("f2,OpenAI,wau,,5,users,2025-02,exact,reported,doc,,,,,,", "needs both doc_id and quote"),
    ("f2,OpenAI,gpu_units,OpenAI,5,GPUs,2025-02,exact,reported,,,P,T,https://x,2025-02-20,false", "not a chip"),
    ("f1,OpenAI,wau,,5,users,2025-02,exact,reported,,,P,T,https://x,2025-02-20,false", "duplicate fact_id 'f1'"),
    ("f2,OpenAI,wau,,5,users,2025-02,exact,reported,,,P,T,https://x,2025-02-20,false,extra", "header has 16"),
    ('f2,OpenAI,wau,,5,users,2025-02,exact,reported,,"unclosed', "malformed CSV"),
])
def test_bad_row_is_rejected_with_file_and_line(tmp_path, entities, row, message):
    curated = tmp_path / "curated"
    curated.mkdir()
    path = curated / "facts.csv"
    path.write_text(HEADER + GOOD + row + "\n", encoding="utf-8")
    collector = Collector()
    result = load_curated(curated, entities, collector)
    assert [f["fact_id"] for f in result.facts] == ["f1"], "the good row must survive"
    [violation] = collector.violations
    assert violation.file == str(path) and violation.line == 3
    assert message in violation.message


def test_missing_column_is_reported_on_the_header_line(tmp_path, entities):
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / "facts.csv").write_text("fact_id,entity,metric,value\nf1,OpenAI,wau,5\n")
    collector = Collector()
    load_curated(curated, entities, collector)
    [violation] = collector.violations
    assert violation.line == 1 and "missing column(s): unit, as_of, qualifier, status" in violation.message


def test_bom_and_multiline_quotes_keep_line_numbers(tmp_path, entities):
    curated = tmp_path / "curated"
    curated.mkdir()
    body = (HEADER + 'f1,OpenAI,wau,,5,users,2025-02,exact,reported,,,"P\nQ",T,https://x,2025-02-20,false\n'
            "f2,OpenAI,wau,,-1,users,2025-02,exact,reported,,,P,T,https://x,2025-02-20,false\n")
    (curated / "facts.csv").write_bytes(b"\xef\xbb\xbf" + body.encode())
    collector = Collector()
    load_curated(curated, entities, collector)
    assert [v.line for v in collector.violations] == [4]


def test_project_curated_files_load_cleanly(entities):
    collector = Collector()
    result = load_curated(paths.ROOT / "data" / "curated", entities, collector)
    assert not collector.violations
    assert len([f for f in result.facts if f["fact_id"].startswith("pub-")]) == 46
    cited = next(f for f in result.facts if f["fact_id"] == "pub-018")
    assert (cited["citation_publisher"], str(cited["citation_published"])) == (
        "CNBC text as republished on newsio.com", "2025-02-20")
    assert cited["citation_url"].startswith("https://newsio.com/")

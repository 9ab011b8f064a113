from pathlib import Path

import pytest

from landscape.checks import Collector
from landscape.documents import load_documents, split_front_matter


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_txt_is_kept_byte_for_byte_including_crlf(tmp_path):
    _write(tmp_path / "a.txt", b"Line one.\r\nDoubao has 60 million users.\r\n")
    collector = Collector()
    [doc] = load_documents(tmp_path, collector)
    assert doc.text == "Line one.\r\nDoubao has 60 million users.\r\n"
    start = doc.text.index("Doubao")
    assert start == 11  # the \r survives, so offsets match the stored file
    assert not collector.violations


def test_markdown_front_matter_is_metadata_and_body_offsets_start_after_it(tmp_path):
    _write(tmp_path / "b.md", b"---\ntitle: Test piece\npublished: 2025-02-03\npublisher: Wire\n---\nBody text.\n")
    [doc] = load_documents(tmp_path, Collector())
    assert doc.title == "Test piece"
    assert str(doc.published) == "2025-02-03"
    assert doc.text == "Body text.\n"


def test_sources_csv_overrides_and_records_the_estimate(project_db):
    collector = Collector()
    [doc] = load_documents(Path(__file__).parent.parent / "seeds", collector)
    assert doc.doc_id == "000_5be3c2b0c4f857ee"
    assert str(doc.published) == "2024-12-15"
    assert doc.published_is_estimate is True
    assert "2024-12-06" in doc.published_basis
    assert doc.publisher == "Noah Wire Services"


@pytest.mark.parametrize("payload, expected", [
    (b"caf\xe9 ok\nsecond \xff line", "line 1: not valid UTF-8"),
    (b"\x00\x01\x02binary", "looks binary"),
])
def test_undecodable_documents_are_errors_naming_the_file(tmp_path, payload, expected):
    path = _write(tmp_path / "bad.txt", payload)
    collector = Collector()
    assert load_documents(tmp_path, collector) == []
    [violation] = collector.violations
    assert violation.file == str(path)
    assert expected in violation.message


def test_broken_front_matter_is_an_error(tmp_path):
    _write(tmp_path / "c.md", b"---\ntitle: [unclosed\n---\nBody\n")
    collector = Collector()
    assert load_documents(tmp_path, collector) == []
    assert "c.md" in collector.violations[0].file


def test_unknown_file_types_and_empty_files_are_warnings(tmp_path):
    _write(tmp_path / "notes.docx", b"PK\x03\x04")
    _write(tmp_path / "empty.txt", b"")
    collector = Collector()
    assert load_documents(tmp_path, collector) == []
    assert not collector.violations
    assert sorted(Path(w.file).name for w in collector.warnings) == ["empty.txt", "notes.docx"]


def test_sources_row_for_a_missing_file_names_its_line(tmp_path):
    _write(tmp_path / "sources.csv", b"file,title,publisher,url,published,published_is_estimate,published_basis\n"
                                     b"gone.txt,T,P,,2024-01-01,false,\n")
    collector = Collector()
    load_documents(tmp_path, collector)
    [violation] = collector.violations
    assert violation.line == 2 and "gone.txt" in violation.message


def test_split_front_matter_without_front_matter_returns_text_unchanged():
    assert split_front_matter("no front matter\n---\n") == ({}, "no front matter\n---\n")


@pytest.mark.parametrize("block", [
    'title: "Plain title"\npublished: "2024-12-15"\npublished_is_estimate: false\nfictional: true',
    'title: "Quotes \\"escaped\\""',             # an escape: YAML decides
    'title: "a"  # a comment',                     # a comment: YAML decides
    'published: 2024-12-15',                       # an unquoted date: YAML reads a date
    'on: "key YAML reads as a boolean"',
    'title: "line\u2028separator"',
    'title: "bom\ufeffinside"',
    'title: "tab\tinside"',
    'title: "first"\ntitle: "second"',
    'fictional: True',
    'title: "中文标题 — café"',
])
def test_simple_front_matter_reads_as_yaml_does(block):
    import yaml

    meta, body = split_front_matter(f"---\n{block}\n---\nBody.\n")
    assert meta == {str(k): v for k, v in (yaml.safe_load(block) or {}).items()} and body == "Body.\n"

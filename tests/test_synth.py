"""The synthetic generator: a small corpus builds with the real build, every row says it is
synthetic, quotes are verified, and it refuses to write into the project's seeds/ or data/."""

from __future__ import annotations

import argparse

import duckdb
import pytest

from landscape import paths
from landscape.build import build
from landscape.synth import SCALES, SynthError, generate
from landscape.synth import command as synth_command
from landscape.synth.generator import DOC_PUBLISHER, MARKER, check_out

SIZES = SCALES["small"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic")
    result = generate(out, SIZES, seed=3)
    db = build(result.seeds_dir, result.data_dir, out / "landscape.duckdb").db_path
    with duckdb.connect(str(db), read_only=True) as con:
        yield result, con


def _one(con, sql: str):
    return con.execute(sql).fetchall()[0][0]


def test_counts_match(built):
    result, con = built
    assert _one(con, "SELECT count(*) FROM documents") == SIZES.docs
    assert _one(con, "SELECT count(*) FROM entities") == result.entities == SIZES.entities
    assert _one(con, "SELECT count(*) FROM facts WHERE method = 'curated'") == SIZES.facts
    assert _one(con, "SELECT count(*) FROM events WHERE method = 'curated'") == SIZES.events
    assert _one(con, "SELECT count(*) FROM chip_statements") == SIZES.statements
    assert _one(con, "SELECT count(DISTINCT metric) FROM facts") == 10
    assert _one(con, "SELECT count(*) FROM facts WHERE unit IN ('EUR', 'CNY') AND fx_rate > 0") > 0
    assert _one(con, "SELECT count(*) FROM facts WHERE chip_id IS NOT NULL") > 0
    assert 2015 <= _one(con, "SELECT min(year(as_of)) FROM facts") <= _one(con, "SELECT max(year(as_of)) FROM facts") <= 2026


def test_everything_is_labelled_synthetic(built):
    result, con = built
    assert _one(con, "SELECT count(*) FROM entities WHERE name NOT LIKE 'Synthetic %'") == 0
    assert _one(con, "SELECT count(*) FROM entity_aliases WHERE alias NOT LIKE 'Synthetic %' "
                     "AND alias NOT LIKE '合成%'") == 0
    assert _one(con, "SELECT count(*) FROM documents WHERE publisher <> ? OR NOT fictional".replace("?", f"'{DOC_PUBLISHER}'")) == 0
    assert _one(con, "SELECT count(*) FROM facts WHERE method = 'curated' AND note IS DISTINCT FROM 'synthetic'") == 0
    assert _one(con, "SELECT count(*) FROM facts WHERE citation_url IS NOT NULL "
                     "AND (citation_url NOT LIKE 'https://synthetic.invalid/%' "
                     "OR citation_publisher <> 'Synthetic benchmark source')") == 0
    assert _one(con, "SELECT count(*) FROM fx_rates WHERE note <> 'synthetic' OR source NOT LIKE 'Synthetic%'") == 0
    first = sorted(result.seeds_dir.glob("*.md"))[0].read_text(encoding="utf-8")
    assert "fictional: true" in first and "synthetic: true" in first
    assert (result.out / MARKER).exists()


def test_quotes_are_verified_in_their_documents(built):
    result, con = built
    quoted = _one(con, "SELECT count(*) FROM facts WHERE method = 'curated' AND doc_id IS NOT NULL")
    assert quoted == result.quoted_facts == SIZES.quoted_facts > 0
    assert _one(con, """SELECT count(*) FROM facts f JOIN documents d USING (doc_id) WHERE f.method = 'curated'
        AND substr(d.text, f.span_start + 1, f.span_end - f.span_start) = f.quote""") == quoted
    assert _one(con, "SELECT count(*) FROM events WHERE method = 'curated' AND span_start IS NOT NULL") == SIZES.quoted_events


def test_same_seed_same_files(tmp_path):
    first, second = generate(tmp_path / "a", SCALES["tiny"], seed=5), generate(tmp_path / "b", SCALES["tiny"], seed=5)
    for relative in ("data/curated/synthetic_cited_facts.csv", "data/entities.csv", "seeds/syn_00003.md"):
        assert (first.out / relative).read_bytes() == (second.out / relative).read_bytes()
    other = generate(tmp_path / "c", SCALES["tiny"], seed=6)
    assert (other.out / "data/entities.csv").read_bytes() != (first.out / "data/entities.csv").read_bytes()


@pytest.mark.parametrize("where", [paths.ROOT / "seeds", paths.ROOT / "data", paths.ROOT / "data" / "x", paths.ROOT])
def test_refuses_to_write_into_project_inputs(where):
    with pytest.raises(SynthError):
        check_out(where)


def test_command_refuses_and_reports(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    synth_command.add_arguments(parser)
    args = parser.parse_args(["--out", str(paths.ROOT / "seeds" / "synthetic"), "--scale", "tiny"])
    assert args.run is synth_command.run_from_args
    assert args.run(args) == 2
    assert "refusing" in capsys.readouterr().err
    assert not (paths.ROOT / "seeds" / "synthetic").exists()
    args = parser.parse_args(["--out", str(tmp_path), "--scale", "tiny", "--facts", "123"])
    assert args.run(args) == 0
    assert len((tmp_path / "data/curated/synthetic_cited_facts.csv").read_text().splitlines()) - 1 + \
        len((tmp_path / "data/curated/synthetic_document_facts.csv").read_text().splitlines()) - 1 == 123


def test_refuses_a_directory_it_did_not_write(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "precious.csv").write_text("keep me\n")
    with pytest.raises(SynthError):
        check_out(tmp_path)

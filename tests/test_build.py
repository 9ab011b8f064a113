"""The build: founding-document facts present and verified, failures loud and harmless."""

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from landscape import paths
from landscape.build import build, remove_stale_temp_files
from landscape.checks import BuildError
from tests.conftest import CORE_CURATED, curated_counts

DOC = "000_5be3c2b0c4f857ee"


def query(db, sql, params=()):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.mark.parametrize("fact_id, entity, metric, value, as_of, precision, qualifier", [
    ("seed-doubao-mau-2024-11", "Doubao", "mau", 60e6, "2024-11-01", "month", "exact"),
    ("seed-wenxiaoyan-users-2024-11", "Wenxiaoyan", "users", 13e6, "2024-11-01", "month", "approximately"),
    ("seed-bytedance-valuation-buyback", "ByteDance", "valuation", 300e9, "2024-12-01", "month", "about"),
])
def test_founding_document_figures(project_db, fact_id, entity, metric, value, as_of, precision, qualifier):
    [row] = query(project_db, "SELECT entity, metric, value, CAST(as_of AS VARCHAR), as_of_precision, qualifier, "
                  "doc_id, citation_published FROM fact_evidence WHERE fact_id = ?", [fact_id])
    assert row[:6] == (entity, metric, value, as_of, precision, qualifier)
    assert row[6] == DOC and str(row[7]) == "2024-12-15"


def test_wenxiaoyan_definition_records_how_the_text_frames_it(project_db):
    [(definition,)] = query(project_db, "SELECT definition FROM facts WHERE fact_id = 'seed-wenxiaoyan-users-2024-11'")
    assert "does not say monthly" in definition


def test_every_quote_is_verbatim_at_its_offsets(project_db):
    rows = query(project_db, """SELECT f.fact_id, f.quote, substr(d.text, f.span_start + 1, f.span_end - f.span_start)
                                FROM facts f JOIN documents d USING (doc_id)
                                UNION ALL SELECT e.event_id, e.quote, substr(d.text, e.span_start + 1, e.span_end - e.span_start)
                                FROM events e JOIN documents d USING (doc_id)""")
    assert len(rows) >= 3 + 15
    assert all(quote == span for _, quote, span in rows)


def test_every_fact_has_evidence(project_db):
    [(missing,)] = query(project_db, "SELECT count(*) FROM fact_evidence WHERE quote IS NULL AND citation_url IS NULL")
    [(total,)] = query(project_db, "SELECT count(*) FROM fact_evidence")
    assert missing == 0 and total == curated_counts(only=CORE_CURATED)["facts"]


@pytest.mark.parametrize("kind, date, precision, needle", [
    ("lab", "2017-01-01", "year", "AI lab"),
    ("leadership", "2021-01-01", "year", "steps back as CEO"),
    ("launch", "2023-08-01", "month", "Doubao chatbot launched"),
    ("launch", "2024-12-01", "month", "Cici AI"),
    ("regulation", "2024-12-06", "day", "upholds the TikTok divestment law"),
    ("regulation", "2025-01-01", "month", "Deadline"),
    ("partnership", "2024-01-01", "year", "Jensen Huang"),
    ("hire", "2024-12-01", "month", "from Alibaba"),
    ("hire", "2024-12-01", "month", "from 01.AI"),
    ("hire", "2024-12-01", "month", "from Zhipu AI"),
    ("chips", "2024-12-01", "month", "ASIC"),
])
def test_founding_document_events(project_db, kind, date, precision, needle):
    rows = query(project_db, "SELECT title FROM timeline WHERE kind = ? AND CAST(date AS VARCHAR) = ? "
                 "AND date_precision = ? AND contains(title, ?)", [kind, date, precision, needle])
    assert len(rows) == 1


def test_chip_statements_without_quantities_reach_the_procurement_view(project_db):
    rows = set(query(project_db, "SELECT chip, region FROM chip_procurement WHERE buyer = 'ByteDance' "
                     "AND quantity IS NULL"))
    assert {("H20", "China"), ("H100", "Outside China"), ("Blackwell", "Outside China"),
            ("Data-centre capacity", "Malaysia"), ("Nvidia GPUs (unspecified)", "China"),
            ("Nvidia GPUs (unspecified)", "Asia")} <= rows


def test_money_is_normalised_with_the_rate_stored(project_db):
    rows = dict((r[0], r[1:]) for r in query(project_db, "SELECT fact_id, value_usd, fx_rate, fx_basis FROM facts "
                                              "WHERE fact_id IN ('pub-034', 'pub-038', 'pub-042')"))
    assert rows["pub-034"][0] == pytest.approx(14e9) and "implied by the source" in rows["pub-034"][2]
    assert rows["pub-038"][1] == pytest.approx(1.0761) and "ECB" in rows["pub-038"][2]
    assert rows["pub-042"][0] == pytest.approx(687.6e6)


def test_failed_build_leaves_the_previous_database_byte_identical(inputs):
    seeds, data, db = inputs
    build(seeds, data, db)
    before = db.read_bytes()
    facts = data / "curated" / "founding_document_facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace("60 million monthly", "70 million monthly"),
                     encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(seeds, data, db)
    assert "quote not found verbatim" in str(err.value)
    assert f"{facts}:2" in str(err.value)
    assert db.read_bytes() == before
    assert list(db.parent.glob(".*building*")) == []


def test_all_violations_are_reported_at_once(inputs):
    seeds, data, db = inputs
    path = data / "curated" / "public_facts.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",valuation,", ",valuationz,")
    lines[6] = lines[6].replace(",485000,", ",-485000,")
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(BuildError) as err:
        build(seeds, data, db)
    assert sorted({(Path(v.file).name, v.line) for v in err.value.violations}) == [
        ("public_facts.csv", 2), ("public_facts.csv", 7)]


def test_cli_reports_problems_without_a_traceback(inputs):
    seeds, data, db = inputs
    (data / "curated" / "public_facts.csv").write_bytes(b"fact_id,entity\n\xff\xfe\n")
    done = subprocess.run([sys.executable, "-m", "landscape", "build", "--seeds", str(seeds), "--data", str(data),
                           "--db", str(db)], capture_output=True, text=True, cwd=paths.ROOT)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert "public_facts.csv" in done.stderr and "not valid UTF-8" in done.stderr
    assert not db.exists()


def test_cli_builds_and_exits_zero(inputs):
    seeds, data, db = inputs
    done = subprocess.run([sys.executable, "-m", "landscape", "build", "--seeds", str(seeds), "--data", str(data),
                           "--db", str(db)], capture_output=True, text=True, cwd=paths.ROOT)
    assert done.returncode == 0, done.stderr
    assert query(db, "SELECT documents, facts FROM build_info") == [(1, curated_counts(data)["facts"])]


def test_stale_temp_files_from_killed_builds_are_removed(tmp_path):
    target = tmp_path / "landscape.duckdb"
    dead = tmp_path / ".landscape.duckdb.building-999999999.duckdb"
    alive = tmp_path / f".landscape.duckdb.building-{os.getpid()}.duckdb"
    dead.write_bytes(b"x")
    alive.write_bytes(b"x")
    assert remove_stale_temp_files(target) == [dead]
    assert alive.exists() and not dead.exists()

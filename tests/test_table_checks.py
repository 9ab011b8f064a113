"""The table checks run on the finished file: several row conditions share one scan, and still report
exactly what each check finds when run on its own."""

import shutil

import duckdb
import pytest

from landscape.build import _run_table_checks
from landscape.schema import TABLES, checks, table_checks

# Rows broken in every way a row condition can catch (and a dangling reference, a query of its own).
DAMAGE = [
    "UPDATE facts SET value = -1 WHERE fact_id IN (SELECT fact_id FROM facts ORDER BY fact_id LIMIT 2)",
    "UPDATE facts SET metric = 'valuationz', unit = NULL WHERE fact_id = (SELECT max(fact_id) FROM facts)",
    "UPDATE facts SET status = NULL, as_of_precision = 'fortnight' WHERE fact_id = (SELECT min(fact_id) FROM facts)",
    "UPDATE facts SET value_usd = NULL WHERE metric = 'valuation'",
    "UPDATE facts SET quote = quote || ' (edited)' WHERE doc_id IS NOT NULL",
    "UPDATE events SET kind = 'coronation', title = NULL WHERE event_id = (SELECT min(event_id) FROM events)",
    "UPDATE candidates SET review_state = 'pondering' WHERE candidate_key = (SELECT min(candidate_key) FROM candidates)",
    "INSERT INTO fact_sources VALUES ('no-such-fact', NULL, NULL, NULL, NULL, NULL)",
    "UPDATE entities SET kind = NULL WHERE entity_id = (SELECT min(entity_id) FROM entities)",
]


def _each_check_alone(con) -> list[str]:
    found = []
    for table in TABLES:
        for description, sql in table_checks(table):
            found += [f"{table.name} {key}: {description}" for (key,) in con.execute(sql).fetchall()]
    return found


@pytest.fixture
def damaged_db(project_db, tmp_path):
    db = tmp_path / "damaged.duckdb"
    shutil.copyfile(project_db, db)
    with duckdb.connect(str(db)) as con:
        for statement in DAMAGE:
            con.execute(statement)
    return db


def test_the_project_database_passes_every_check(project_db):
    with duckdb.connect(str(project_db), read_only=True) as con:
        assert _run_table_checks(con) == []


def test_one_scan_finds_what_each_check_finds_on_its_own(damaged_db):
    with duckdb.connect(str(damaged_db), read_only=True) as con:
        alone = _each_check_alone(con)
        violations = _run_table_checks(con)
    assert [v.message for v in violations] == alone
    described = {message.split(": ", 1)[1] for message in alone}
    assert {"value must be positive", "money needs a USD value", "unit is empty", "status is empty",
            "a document quote must be verbatim at its offsets", "title is empty",
            "fact_id points at no facts row"} <= described
    assert any("is not one of" in d for d in described)


def test_only_subqueries_and_whole_table_checks_run_on_their_own():
    facts = next(t for t in TABLES if t.name == "facts")
    alone = [c.description for c in checks(facts) if c.query]
    assert alone[0].startswith("duplicate key") and "a document quote must be verbatim at its offsets" in alone
    with_subqueries = {description for description, rule in facts.rules if "SELECT" in rule.upper()}
    assert with_subqueries and all("points at no" in d or d in with_subqueries for d in alone[1:])
    assert not [c for c in checks(facts) if c.row_condition and c.description in with_subqueries]

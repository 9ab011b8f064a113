"""The researched dataset that ships with the project: enough of the landscape to be worth opening, every
figure cited in full."""

from __future__ import annotations

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(full_db):
    with duckdb.connect(str(full_db), read_only=True) as connection:
        yield connection


def _one(con, sql: str):
    return con.execute(sql).fetchone()[0]


def test_hundreds_of_cited_figures_and_events(con):
    assert _one(con, "SELECT count(*) FROM facts WHERE method = 'curated' AND citation_url IS NOT NULL") >= 400
    assert _one(con, "SELECT count(*) FROM events") >= 150


def test_every_cited_row_has_a_full_citation(con):
    for table in ("facts", "events"):
        incomplete = con.execute(f"""SELECT {table[:-1]}_id FROM {table} WHERE citation_url IS NOT NULL AND (
            coalesce(citation_publisher, '') = '' OR coalesce(citation_title, '') = ''
            OR citation_published IS NULL OR citation_published_is_estimate IS NULL)""").fetchall()
        assert incomplete == [], table
        assert _one(con, f"SELECT count(*) FROM {table} WHERE citation_url NOT LIKE 'http%'") == 0


def test_no_figure_is_entered_twice_from_one_source(con):
    # Two batches once labelled the same article's figures twice (the Doubao and DeepSeek MAU of one story, in
    # two files): one figure became two facts and two evaluation labels.
    twice = con.execute("""SELECT list(fact_id ORDER BY fact_id), any_value(source_file) FROM facts
        WHERE citation_url IS NOT NULL
        GROUP BY rtrim(citation_url, '/'), entity_id, metric, value, unit, as_of, coalesce(basis, ''),
            coalesce(definition, ''), coalesce(chip_id, ''), coalesce(part_of, '')
        HAVING count(*) > 1""").fetchall()
    assert twice == []


def test_coverage_of_each_area(con):
    assistants = _one(con, """SELECT count(DISTINCT entity_id) FROM facts
                              WHERE metric IN ('mau', 'wau', 'dau', 'users', 'downloads')""")
    companies = _one(con, "SELECT count(DISTINCT entity_id) FROM facts WHERE metric IN ('valuation', 'funding')")
    buyers = _one(con, "SELECT count(DISTINCT entity_id) FROM facts WHERE metric IN ('gpu_units', 'gpu_spend')")
    lanes = _one(con, "SELECT count(DISTINCT company_id) FROM events")
    assert (assistants, companies, buyers) >= (20, 30, 15) and assistants >= 20 and companies >= 30 and buyers >= 15
    assert lanes >= 25


def test_the_ten_largest_assistants_have_at_least_four_dated_points(con):
    # Largest by active users; a point is any dated user figure (actives of any period, or downloads).
    rows = con.execute("""
        WITH users AS (SELECT entity_id, metric, value, as_of FROM facts
                       WHERE metric IN ('mau', 'wau', 'dau', 'users', 'downloads')),
             largest AS (SELECT entity_id FROM users WHERE metric IN ('mau', 'wau', 'dau')
                         GROUP BY entity_id ORDER BY max(value) DESC, entity_id LIMIT 10)
        SELECT entity_id, count(DISTINCT as_of) FROM users WHERE entity_id IN (SELECT entity_id FROM largest)
        GROUP BY entity_id""").fetchall()
    assert len(rows) == 10
    assert all(points >= 4 for _, points in rows), rows


def test_gpu_figures_keep_a_fleet_apart_from_purchases(con):
    bases = dict(con.execute("""SELECT basis, count(*) FROM facts WHERE metric = 'gpu_units' AND method = 'curated'
                                GROUP BY basis""").fetchall())
    assert set(bases) <= {"purchases", "order", "fleet"} and bases.get("fleet") and bases.get("purchases")


def test_chatgpt_users_are_one_series(con):
    assert _one(con, "SELECT count(*) FROM facts WHERE entity_id = 'openai' AND metric IN ('mau', 'wau', 'dau', 'users')") == 0
    weekly = [v for (v,) in con.execute("""SELECT value FROM facts WHERE entity_id = 'chatgpt' AND metric = 'wau'
                                           ORDER BY as_of""").fetchall()]
    assert {300e6, 400e6, 500e6} <= set(weekly)


def test_the_openai_round_links_its_parts(con):
    parts = dict(con.execute("SELECT fact_id, part_of FROM facts WHERE fact_id IN "
                             "('pub-022', 'pub-023', 'pub-024', 'pub-025')").fetchall())
    assert parts == {"pub-022": "pub-021", "pub-023": "pub-021", "pub-024": "pub-023", "pub-025": "pub-021"}
    assert _one(con, "SELECT basis FROM facts WHERE fact_id = 'pub-025'") == "tranche"

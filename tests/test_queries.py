"""The speed-ups in queries.py must not change what a page is given: the company-range pruning and
the narrow-scan top-N return exactly the rows of the plain filters they stand in for."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd
import pytest

from landscape.database import Database
from landscape.extract.calibration import SHOW_THRESHOLD
from landscape.queries import (
    TOP_ENTITIES,
    Filters,
    chip_procurement,
    entity_options,
    metric_counts,
    metric_facts,
    reconciled_facts,
    reconciled_facts_without_growth,
    timeline,
)
from landscape.schema import CLUSTER_BY
from landscape.vocabulary import METRICS, STATUSES


@pytest.fixture(scope="module")
def db(project_db):
    return Database(project_db)


def _every_entity(db: Database) -> list[str]:
    return db.query("SELECT entity_id FROM entities ORDER BY entity_id").entity_id.tolist()


def _plain(db: Database, ids: list[str]) -> set[str]:
    """Facts of these entities or of their companies, found without any pruning clause."""
    return set(db.query("""SELECT fact_id FROM fact_evidence WHERE same_figure_as IS NULL
        AND (list_contains(?::VARCHAR[], entity_id) OR list_contains(?::VARCHAR[], company_id))""", [ids, ids]).fact_id)


def test_company_range_pruning_keeps_exactly_the_matching_facts(db):
    entities = _every_entity(db)
    assert len(entities) > 50
    checked = 0
    for ids in [[e] for e in entities] + [entities[:3], entities[-2:], [entities[0], entities[-1]]]:
        found = set(metric_facts(db, METRICS, Filters(entities=tuple(ids), points_per_series=10_000)).fact_id)
        assert found == _plain(db, ids), ids
        checked += bool(found)
    assert checked > 10, "enough entities have facts for the comparison to mean something"


def test_pruned_procurement_and_timeline_match_the_plain_filters(db):
    for entity in _every_entity(db):
        buyers = chip_procurement(db, Filters(entities=(entity,)))
        expected = db.query("""SELECT record_id FROM chip_procurement WHERE buyer_id = ? OR company_id = ?""",
                            [entity, entity])
        assert set(buyers.record_id) == set(expected.record_id), entity
        events = timeline(db, Filters(entities=(entity,)))
        expected = db.query("SELECT event_id FROM timeline WHERE entity_id = ? OR company_id = ?", [entity, entity])
        assert set(events.event_id) == set(expected.event_id), entity


def test_procurement_rows_come_in_one_total_order(db):
    # Rows tied on buyer, chip and region (one buyer's H20 orders in China over several months) must not swap
    # places between loads: the table and the export list them in a fixed order.
    key = ["buyer", "chip", "region", "as_of", "record_kind", "record_id"]
    ties = 0
    for filters in (Filters(), Filters(entities=("bytedance",)), Filters(entities=tuple(_every_entity(db)))):
        rows = chip_procurement(db, filters)
        assert len(rows) > 3
        ties += rows.duplicated(["buyer", "chip", "region"]).sum()
        expected = rows.sort_values(key, na_position="last", kind="stable")
        assert rows[key].equals(expected[key].reset_index(drop=True)), filters
    assert ties, "ties exist for the order to settle"


def test_default_view_keeps_the_largest_entities_whole(db):
    frame = metric_facts(db, ("valuation",), Filters(statuses=STATUSES))
    largest = db.query("""SELECT entity_id FROM fact_evidence WHERE metric = 'valuation' AND same_figure_as IS NULL
        GROUP BY entity_id ORDER BY max(coalesce(value_usd, value)) DESC, entity_id LIMIT ?""", [TOP_ENTITIES])
    assert set(frame.entity_id) == set(largest.entity_id)
    every = db.query("SELECT count(*) AS n FROM fact_evidence WHERE metric = 'valuation' AND same_figure_as IS NULL "
                     "AND list_contains(?::VARCHAR[], entity_id)", [list(largest.entity_id)]).n.iloc[0]
    assert len(frame) == every


@pytest.mark.parametrize("table", ["facts", "events"])
def test_facts_and_events_are_stored_in_company_order_with_their_company(project_db, table):
    """Both carry their entity's company (its parent, or itself) so that a company filter reaches their scan."""
    with duckdb.connect(str(project_db), read_only=True) as con:
        stored = [r[0] for r in con.execute(f"SELECT company_id FROM {table}").fetchall()]
        wrong = con.execute(f"""SELECT count(*) FROM {table} t JOIN entities e USING (entity_id)
            WHERE t.company_id IS DISTINCT FROM coalesce(e.parent_id, e.entity_id)""").fetchall()[0][0]
    assert len(stored) > 10 and stored == sorted(stored) and CLUSTER_BY[table].startswith("company_id")
    assert wrong == 0


def test_valuation_and_funding_in_one_query_equal_two_separate_ones(db):
    entities = db.query("SELECT DISTINCT entity_id FROM facts WHERE metric IN ('valuation', 'funding')").entity_id
    assert len(entities) > 5
    for entity in entities:
        filters = Filters(entities=(entity,))
        both = reconciled_facts(db, ("valuation", "funding"), filters, True)
        for metric in ("valuation", "funding"):
            alone = reconciled_facts(db, (metric,), filters).reset_index(drop=True)
            together = both[both.metric == metric].reset_index(drop=True)[alone.columns]
            pd.testing.assert_frame_equal(together, alone, check_dtype=False)


@pytest.mark.parametrize("metrics", [("mau",), ("mau", "wau", "dau", "users", "downloads"), ("valuation", "funding"),
                                     METRICS])
def test_entity_options_and_metric_counts_from_the_facts_table_match_the_view(db, metrics):
    """Both read the facts table directly; the evidence view, with its joins, gives the same answer."""
    options = entity_options(db, metrics)
    through_view = db.query("""SELECT entity_id, entity, max(coalesce(value_usd, value)) AS value FROM fact_evidence
        WHERE list_contains(?::VARCHAR[], metric) AND same_figure_as IS NULL
        GROUP BY ALL ORDER BY value DESC NULLS LAST, entity""", [list(metrics)])
    assert [(o.entity_id, o.name, o.value) for o in options] == list(through_view.itertuples(index=False, name=None))
    assert options, "the comparison needs entities to compare"
    counts = metric_counts(db, metrics).sort_values("metric").reset_index(drop=True)
    expected = db.query("""SELECT metric, count(*) AS facts FROM fact_evidence WHERE list_contains(?::VARCHAR[], metric)
        AND same_figure_as IS NULL GROUP BY metric ORDER BY metric""", [list(metrics)])
    pd.testing.assert_frame_equal(counts, expected)


@pytest.mark.parametrize("metrics", [("mau",), ("mau", "wau", "dau", "users", "downloads"), ("valuation",),
                                     ("gpu_units", "gpu_spend"), METRICS])
def test_without_growth_the_rows_and_choices_are_the_same(db, metrics):
    """Charts and slides take reconciled_facts_without_growth: only the growth columns may differ."""
    for filters in (Filters(), *(Filters(entities=(e,)) for e in ("bytedance", "moonshot-ai", "openai"))):
        full = reconciled_facts(db, metrics, filters)
        lean = reconciled_facts_without_growth(db, metrics, filters)
        assert not {"growth", "growth_note", "_growth_from"} & set(lean.columns)
        pd.testing.assert_frame_equal(lean, full.drop(columns=["growth", "growth_note"]))
        assert len(full) > 0 or filters.entities, metrics


@pytest.mark.parametrize("filters", [Filters(), Filters(statuses=("reported",)), Filters(entities=("bytedance",)),
                                     Filters(known_on=date(2024, 11, 20))])
def test_the_overview_picks_the_facts_the_evidence_view_would(db, filters):
    """latest_facts_per_entity, user_leader and largest_gpu_buyer pick from the facts table (and the
    entities, for names); the same questions asked of the evidence view pick the same facts."""
    from landscape.queries import _fact_filter, largest_gpu_buyer, latest_facts_per_entity, user_leader

    where, params = _fact_filter(db, filters)
    for metric in ("valuation", "mau", "gpu_units"):
        expected = db.query(f"""SELECT fact_id FROM fact_evidence WHERE metric = ? AND {where}
            QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY
                status IN ('reported', 'estimate') DESC, as_of DESC, value DESC, fact_id) = 1
            ORDER BY coalesce(value_usd, value) DESC, entity LIMIT ?""", [metric, *params, TOP_ENTITIES]).fact_id
        assert list(latest_facts_per_entity(db, metric, filters).fact_id) == list(expected), metric
    leader = db.query("""SELECT fact_id FROM fact_evidence WHERE metric = 'mau' AND same_figure_as IS NULL
        AND status IN ('reported', 'estimate') QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY as_of DESC,
        fact_id) = 1 ORDER BY value DESC, entity LIMIT 1""").fact_id
    assert list(user_leader(db).fact_id) == list(leader) and len(leader) == 1
    buyer = largest_gpu_buyer(db)
    assert len(buyer) == 1 and buyer.entity_kind.iloc[0] != "group"
    assert buyer.value.iloc[0] == db.query("""SELECT max(value) AS v FROM fact_evidence WHERE metric = 'gpu_units'
        AND unit = 'GPUs' AND basis = 'purchases' AND same_figure_as IS NULL AND entity_kind <> 'group'
        AND status IN ('reported', 'estimate')""").v.iloc[0]
    from landscape.queries import PRIVATE_VALUATION_BASES, valuation_leader

    top = db.query("""SELECT fact_id FROM fact_evidence WHERE metric = 'valuation' AND same_figure_as IS NULL
        AND list_contains(?::VARCHAR[], basis) AND status IN ('reported', 'estimate')
        QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY as_of DESC, value_usd DESC, fact_id) = 1
        ORDER BY value_usd DESC, entity LIMIT 1""", [list(PRIVATE_VALUATION_BASES)]).fact_id
    assert list(valuation_leader(db).fact_id) == list(top) and len(top) == 1


def test_picked_facts_are_the_evidence_view_rows_in_the_order_asked(db):
    """_facts_by_id looks each fact up in the facts table and joins them to the rest at once."""
    from landscape.queries import _facts_by_id

    every = db.query("SELECT * FROM fact_evidence ORDER BY fact_id")
    assert len(every) > 20
    ids = [every.fact_id[i] for i in (17, 3, len(every) - 1, 0, 9)]
    picked = _facts_by_id(db, ids)
    same_rows = db.query("SELECT * FROM fact_evidence WHERE list_contains(?::VARCHAR[], fact_id)", [ids])
    expected = same_rows.set_index("fact_id").loc[ids].reset_index()[list(every.columns)]
    pd.testing.assert_frame_equal(picked, expected)
    assert list(_facts_by_id(db, []).columns) == list(every.columns)


def test_a_default_view_of_many_series_keeps_fewer_latest_points_of_each():
    """_LATEST_OF_MANY on SYNTHETIC rows (generated here): every series keeps exactly its latest
    series_limit(...) points, so a chart of many series stays near MAX_POINTS_PER_CHART in all."""
    from landscape.queries import (
        _LATEST_OF_MANY,
        _OLDEST_FIRST,
        MAX_POINTS_PER_CHART,
        MIN_POINTS_PER_SERIES,
        series_limit,
    )

    con = duckdb.connect()
    for series, per_series in ((4, 200), (30, 100), (300, 40)):
        con.execute("""CREATE OR REPLACE TABLE t AS SELECT 'e' || (i // ?) AS entity_id, 'e' || (i // ?) AS entity,
            'mau' AS metric, DATE '2000-01-01' + CAST(i % ? AS INTEGER) AS as_of, 'f' || i AS fact_id
            FROM range(? * ?) r(i)""", [per_series, per_series, per_series, series, per_series])
        kept = con.execute(f"SELECT * FROM t WHERE TRUE {_LATEST_OF_MANY} {_OLDEST_FIRST}", [120]).df()
        limit = series_limit(series, Filters())
        assert limit == min(120, max(MIN_POINTS_PER_SERIES, MAX_POINTS_PER_CHART // series))
        sizes = kept.groupby("entity_id").size()
        assert len(sizes) == series and (sizes == min(limit, per_series)).all(), (series, limit)
        latest = kept.groupby("entity_id").as_of.min()
        assert (latest == pd.Timestamp("2000-01-01") + pd.Timedelta(days=per_series - min(limit, per_series))).all()
    assert [series_limit(n, Filters()) for n in (4, 30, 300)] == [120, 40, 12]
    assert series_limit(300, Filters(entities=("doubao",))) == 120, "chosen entities keep every series' 120"


def test_default_views_cap_the_points_of_a_chart_and_chosen_entities_do_not(db):
    """In the project's data no series is long enough to be cut: the cap changes nothing there."""
    for filters in (Filters(), Filters(entities=("doubao", "chatgpt"))):
        capped = metric_facts(db, METRICS, filters)
        shown = tuple(sorted(set(capped.entity_id)))
        # The same entities chosen by name, with no cap at all.
        whole = metric_facts(db, METRICS, Filters(entities=shown, points_per_series=10_000))
        assert set(capped.fact_id) == set(whole[whole.entity_id.isin(shown)].fact_id)
        assert len(capped) > (20 if not filters.entities else 1)


def test_the_largest_gpu_buyer_of_a_tie_is_the_first_by_name(inputs):
    """Two purpose-made buyers tie on the largest purchases, as of the same month: the overview's card names
    the first by name, every time. A larger fleet (a stock, not purchases) and a larger combined group never
    take the card."""
    from landscape.build import build
    from landscape.queries import largest_gpu_buyer

    seeds, data, db_path = inputs
    cited = "Example News,Example headline,https://news.example/chips,2025-03-01,false"
    header = ("fact_id,entity,metric,chip,value,unit,as_of,qualifier,status,basis,citation_publisher,citation_title,"
              "citation_url,citation_published,citation_published_is_estimate")
    rows = [f"t-tencent,Tencent,gpu_units,H20,9000000,GPUs,2025-02,exact,reported,purchases,{cited}",
            f"t-bytedance,ByteDance,gpu_units,H20,9000000,GPUs,2025-02,exact,reported,purchases,{cited}",
            f"t-fleet,Meta,gpu_units,H100,20000000,GPUs,2025-02,exact,reported,fleet,{cited}",
            f"t-group,ByteDance; Alibaba; Tencent,gpu_units,H20,30000000,GPUs,2025-02,exact,reported,purchases,{cited}"]
    (data / "curated" / "zz_tie.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    build(seeds, data, db_path)
    db = Database(db_path)
    for _ in range(3):
        assert largest_gpu_buyer(db).entity.tolist() == ["ByteDance"]


def test_the_latest_facts_are_the_newest_news_not_the_furthest_plans(full_db):
    """The overview's "Latest facts" are those most recently published; by as-of alone, plans for 2030 and
    2032 reported years ago stood above last week's figures."""
    from landscape.queries import latest_facts, newest_source

    real = Database(full_db)
    latest = latest_facts(real, 12)
    known = pd.to_datetime(latest.citation_published.fillna(latest.as_of)).dt.date.tolist()
    assert known == sorted(known, reverse=True)
    assert known[0] == newest_source(real)
    furthest_plan = real.query("SELECT max(as_of) AS d FROM facts WHERE status = 'planned'").d[0]
    assert pd.Timestamp(furthest_plan).date() > known[0], "the data holds plans beyond its newest source"
    assert furthest_plan not in set(latest.as_of), "and they are not what is latest"
    assert not (latest.review_state.eq("unreviewed") & latest.confidence.lt(SHOW_THRESHOLD)).any()

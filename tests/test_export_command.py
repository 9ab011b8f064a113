"""`python -m landscape export`: files written, and mistakes reported in one line with exit code 2."""

from __future__ import annotations

import argparse
import io
from datetime import date

import pytest
from pptx import Presentation

from landscape.export import command


def test_pptx_for_named_entities(project_db, tmp_path, capsys):
    out = tmp_path / "deck.pptx"
    assert command.run("pptx", out, ["豆包", "wenxiaoyan"], "mau", date(2024, 1, 1), ["users", "timeline"],
                       db_path=project_db) == 0
    deck = Presentation(io.BytesIO(out.read_bytes()))
    chart = next(s for slide in deck.slides for s in slide.shapes if s.has_chart).chart
    assert sorted(v for series in chart.plots[0].series for v in series.values if v) == [13_000_000, 60_000_000]


def test_xlsx(project_db, tmp_path):
    out = tmp_path / "data.xlsx"
    assert command.run("xlsx", out, [], None, None, None, db_path=project_db) == 0
    assert out.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("kwargs, message", [
    (dict(entities=["Nobody"]), "unknown entity 'Nobody'"),
    (dict(charts=["pie"]), "unknown chart pie"),
    (dict(metric="likes"), "unknown metric 'likes'"),
])
def test_mistakes_are_one_line_and_exit_2(project_db, tmp_path, capsys, kwargs, message):
    args = dict(kind="pptx", out=tmp_path / "x.pptx", entities=[], metric=None, since=None, charts=None)
    assert command.run(**{**args, **kwargs}, db_path=project_db) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_a_query_the_database_cannot_answer_is_one_line_and_no_file(project_db, tmp_path, capsys, monkeypatch):
    def fails(kind, out, db, filters, chosen):
        db.query("SELECT * FROM no_such_table")

    monkeypatch.setattr(command, "_write", fails)
    out = tmp_path / "x.xlsx"
    assert command.run("xlsx", out, [], None, None, None, db_path=project_db) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the database could not answer (CatalogException: Catalog Error")
    assert err.count("\n") == 1 and "Traceback" not in err and not out.exists()


def test_missing_database(tmp_path, capsys):
    assert command.run("xlsx", tmp_path / "x.xlsx", [], None, None, None, db_path=tmp_path / "none.duckdb") == 2
    assert "no database at" in capsys.readouterr().err


def test_arguments_parse_and_bad_date_exits_2(capsys):
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    args = parser.parse_args(["png", "--out", "x.png", "--entities", "Doubao", "--since", "2024-06-01",
                              "--chart", "valuations"])
    assert (args.kind, args.since, args.charts, args.run) == ("png", date(2024, 6, 1), ["valuations"],
                                                             command.run_from_args)
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["pptx", "--out", "x.pptx", "--since", "2024-13-01"])
    assert exit_info.value.code == 2
    assert "bad date '2024-13-01'" in capsys.readouterr().err


def test_an_exported_image_says_what_its_star_means_where_it_draws_unreviewed_figures(project_db):
    """The web's PNG/SVG downloads said it; `landscape export png` did not."""
    import pandas as pd

    from landscape.database import Database
    from landscape.export.command import _as_of_stamp

    db = Database(project_db)
    rows = pd.DataFrame({"as_of": [pd.Timestamp("2025-03-01"), pd.Timestamp("2025-04-01")],
                         "review_state": ["curated", "unreviewed"]})
    assert "* unreviewed: proposed by the extractor" in _as_of_stamp(db, rows)
    assert _as_of_stamp(db, rows).startswith("Data as of 1 Apr 2025")
    assert "unreviewed" not in _as_of_stamp(db, rows.assign(review_state="curated"))

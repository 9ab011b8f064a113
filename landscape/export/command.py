"""`python -m landscape export pptx|xlsx|png|svg --out FILE`: the exports, from the command line.

Problems the user can fix (unknown entity, missing database, bad date, unknown chart, a chart with nothing
to draw) are one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from landscape import paths
from landscape.database import Database, DatabaseMissing, QueryFailed
from landscape.queries import Filters
from landscape.vocabulary import METRICS

KINDS = ("pptx", "xlsx", "png", "svg")
USAGE_ERROR = 2


@dataclass
class ExportError(Exception):
    message: str


def _since(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad date {text!r}: use YYYY-MM-DD") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from landscape.export.deck import CHART_CHOICES

    parser.add_argument("kind", choices=KINDS, help="what to write")
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    parser.add_argument("--entities", nargs="+", default=[], metavar="NAME",
                        help="entities by name, alias or id (default: all)")
    parser.add_argument("--metric", choices=METRICS, default=None, help="user metric for the users chart "
                        "(default mau)")
    parser.add_argument("--since", type=_since, default=None, metavar="YYYY-MM-DD", help="only figures from this date")
    parser.add_argument("--chart", "--charts", dest="charts", nargs="+", default=None, choices=list(CHART_CHOICES),
                        metavar="CHART", help=f"charts to include, from {', '.join(CHART_CHOICES)} "
                        "(pptx default: all; png/svg: the first, default users)")
    parser.add_argument("--db", type=Path, default=None, help="database (default $LANDSCAPE_DB or "
                        "data/landscape.duckdb)")
    parser.set_defaults(run=run_from_args)


def run_from_args(args: argparse.Namespace) -> int:
    return run(args.kind, args.out, args.entities, args.metric, args.since, args.charts, db_path=args.db)


def resolve_entities(db: Database, names: list[str]) -> tuple[str, ...]:
    """Entity ids for names, aliases (豆包 or Doubao) or ids, matched case-insensitively."""
    ids = []
    for name in names:
        found = db.query("""SELECT entity_id FROM entities WHERE lower(entity_id) = lower(?) OR lower(name) = lower(?)
            UNION SELECT entity_id FROM entity_aliases WHERE lower(alias) = lower(?)""", [name, name, name])
        if found.empty:
            raise ExportError(f"unknown entity {name!r}: not a name, alias or id in the database")
        ids.extend(found.entity_id)
    return tuple(dict.fromkeys(ids))


def _as_of_stamp(db: Database, rows) -> str:
    from landscape.export.slide_content import UNREVIEWED_MEANING, as_of_range, unreviewed_count
    from landscape.queries import build_info

    first, last = as_of_range(rows)
    info = build_info(db)
    built = f" · database built {info.built_at.iloc[0]:%-d %b %Y}" if not info.empty else ""
    unreviewed = f" · {UNREVIEWED_MEANING}" if unreviewed_count(rows) else ""
    return (f"Data as of {last:%-d %b %Y}" if last else "Undated") + built + unreviewed


def _write(kind: str, out: Path, db: Database, filters: Filters, charts: list[str]) -> None:
    if kind == "pptx":
        from rich.progress import Progress

        from landscape.export.deck import build_deck

        with Progress(transient=True) as progress:
            # Each chart is one step to collect and one to draw.
            task = progress.add_task("Building deck", total=2 * len(charts))
            data = build_deck(db, charts, filters,
                              on_slide=lambda name: progress.update(task, advance=1, description=name))
    elif kind == "xlsx":
        from landscape.export.workbook import build_workbook

        data = build_workbook(db, filters)
    else:
        from landscape.export.figures import figure_for
        from landscape.export.images import RendererUnavailable, render_image
        from landscape.labels import plotted_sources

        figure, rows = figure_for(db, charts[0], filters)
        if rows.empty:  # an image of empty axes would pass for a chart
            raise ExportError(f"nothing to draw: no rows for the {charts[0]} chart match these filters; "
                              "no file written")
        try:
            data = render_image(figure, kind, plotted_sources(rows), _as_of_stamp(db, rows))
        except RendererUnavailable as err:
            raise ExportError(str(err)) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)


def run(kind: str, out: Path, entities: list[str], metric: str | None, since: date | None,
        charts: list[str] | None, db_path: Path | None = None) -> int:
    from landscape.export.deck import CHART_CHOICES

    try:
        if kind not in KINDS:
            raise ExportError(f"unknown export kind {kind!r}: choose from {', '.join(KINDS)}")
        unknown = [c for c in charts or [] if c not in CHART_CHOICES]
        if unknown:
            raise ExportError(f"unknown chart {', '.join(unknown)}: choose from {', '.join(CHART_CHOICES)}")
        if metric is not None and metric not in METRICS:
            raise ExportError(f"unknown metric {metric!r}: choose from {', '.join(METRICS)}")
        path = db_path or paths.db_path()
        try:
            db = Database(path)
        except DatabaseMissing:
            raise ExportError(f"no database at {path}: run `python -m landscape build` first") from None
        try:
            filters = Filters(entities=resolve_entities(db, entities), start=since, metric=metric)
            chosen = list(charts) if charts else list(CHART_CHOICES) if kind == "pptx" else ["users"]
            _write(kind, out, db, filters, chosen)
        finally:
            db.close()
    except ExportError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return USAGE_ERROR
    except OSError as err:
        print(f"error: cannot write {out}: {err.strerror}", file=sys.stderr)
        return USAGE_ERROR
    except QueryFailed as failed:
        print(f"error: the database could not answer ({failed.reason}); nothing was written", file=sys.stderr)
        return 1
    print(f"Wrote {out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry until cli.py wires `export` in: `python -m landscape.export.command pptx --out x.pptx`."""
    parser = argparse.ArgumentParser(prog="python -m landscape export", description=__doc__)
    add_arguments(parser)
    return run_from_args(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

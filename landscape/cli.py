"""The command line: `python -m landscape build|extract|...`. Errors are messages, never tracebacks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from landscape import paths
from landscape.checks import BuildError


def _build(args: argparse.Namespace) -> int:
    return build_with_progress(args.seeds, args.data, args.db, caches=not args.no_cache)


def build_with_progress(seeds: Path | None, data: Path | None, db: Path | None, caches: bool = True) -> int:
    """Build with a progress bar on stderr; print every problem (exit code 1) or what was built (0)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from landscape.build import build

    console = Console(stderr=True)
    seeds = seeds or paths.SEEDS_DIR
    total = sum(1 for p in seeds.glob("*") if p.suffix.lower() in (".txt", ".md")) if seeds.is_dir() else 0
    try:
        with Progress(TextColumn("Reading documents"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("extract", total=total)
            result = build(seeds, data, db, progress=lambda n: bar.advance(task, n), caches=caches)
    except BuildError as err:
        console.print(f"[bold red]Build failed[/] with {len(err.violations)} problem(s); "
                      "the previous database is untouched:", highlight=False)
        for violation in err.violations:
            console.print(f"  {violation}", highlight=False, markup=False, soft_wrap=True)
        return 1
    for warning in result.warnings:
        console.print(f"[yellow]warning[/] {warning}", highlight=False, soft_wrap=True)
    console.print(f"Built {result.db_path}: {result.documents} documents, {result.facts} facts, "
                  f"{result.events} events.", highlight=False)
    return 0


def _extract(args: argparse.Namespace) -> int:
    from landscape.extract.command import run

    data = args.data or paths.DATA_DIR
    return run(args.files, args.published, args.format, paths.sources_csv(args.seeds or paths.SEEDS_DIR),
               paths.entities_csv(data), paths.aliases_csv(data))


def _changes(args: argparse.Namespace) -> int:
    from landscape.change_summary import as_markdown, overtakes, summary
    from landscape.changes import changes_since, window_start
    from landscape.database import Database, DatabaseMissing, QueryFailed

    try:
        db = Database(args.db or paths.db_path())
    except DatabaseMissing as missing:
        print(f"error: no database at {missing}; build it with `make build`", file=sys.stderr)
        return 2
    try:
        since = args.since or window_start(db)
        frame = changes_since(db, since)
        sentences = summary(frame, overtakes(db, since)) if args.format == "md" else []
    except QueryFailed as failed:
        print(f"error: the database could not answer ({failed.reason}); nothing was written", file=sys.stderr)
        return 1
    if args.format == "md":
        sys.stdout.write(as_markdown(frame, since, sentences))
    else:
        from landscape.export.safe_csv import neutralise

        neutralise(frame).to_csv(sys.stdout, index=False)
    return 0


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


_LIGHT_COMMANDS = ("build", "extract", "changes", "add")


def parser(full: bool = True) -> argparse.ArgumentParser:
    """The command line. With full=False the synth and export commands are listed but not set up,
    which spares `build` importing pandas, plotly and python-pptx (about half a second)."""
    top = argparse.ArgumentParser(prog="python -m landscape", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the DuckDB database from seeds/ and data/")
    build.add_argument("--seeds", type=Path, default=None, help=f"documents (default {paths.SEEDS_DIR})")
    build.add_argument("--data", type=Path, default=None, help=f"curated CSVs (default {paths.DATA_DIR})")
    build.add_argument("--db", type=Path, default=None, help="database to write (default $LANDSCAPE_DB "
                       "or data/landscape.duckdb)")
    build.add_argument("--no-cache", action="store_true",
                       help="build from scratch: do not read or write <db>.extract-cache and <db>.curated-cache/")
    build.set_defaults(run=_build)

    extract = commands.add_parser("extract", help="print the facts the extractor finds in documents")
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE")
    extract.add_argument("--published", type=_date, default=None, metavar="YYYY-MM-DD",
                         help="published date for relative dates (default: front matter or seeds/sources.csv)")
    extract.add_argument("--format", choices=["csv", "json"], default="csv")
    extract.add_argument("--seeds", type=Path, default=None, help="where sources.csv lives (default seeds/)")
    extract.add_argument("--data", type=Path, default=None, help="where the entity tables live (default data/)")
    extract.set_defaults(run=_extract)

    changes = commands.add_parser("changes", help="what changed since a date: a summary, revised and newer figures "
                                  "(old -> new, with the change), first figures and new events")
    changes.add_argument("--since", type=_date, default=None, metavar="YYYY-MM-DD",
                         help="published after this date (default: the 3 months before the newest source)")
    changes.add_argument("--format", choices=["csv", "md"], default="md")
    changes.add_argument("--db", type=Path, default=None, help="database (default $LANDSCAPE_DB or data/landscape.duckdb)")
    changes.set_defaults(run=_changes)

    from landscape.ingest.command import add_arguments as add_add_arguments

    add_add_arguments(commands.add_parser(
        "add", help="add articles from URLs, saved pages, PDFs, text files or RSS/Atom feeds to seeds/, then build"))

    synth = commands.add_parser(
        "synth", help="write a synthetic corpus (labelled synthetic) for benchmarks, never into seeds/ or data/")
    export = commands.add_parser("export", help="write a PPTX deck, an XLSX workbook or a PNG/SVG chart")
    if full:
        from landscape.export import command as export_command
        from landscape.synth import command as synth_command

        synth_command.add_arguments(synth)
        export_command.add_arguments(export)
    return top


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    first = next((word for word in words if not word.startswith("-")), None)
    args = parser(full=first not in _LIGHT_COMMANDS).parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted; the previous database is untouched", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        print(f"error: {err.strerror}: {err.filename}", file=sys.stderr)
        return 1

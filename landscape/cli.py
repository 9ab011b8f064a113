"""The command line: `python -m landscape build|extract|...`. Errors are messages, never tracebacks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from landscape import paths
from landscape.checks import BuildError


def _build(args: argparse.Namespace) -> int:
    from rich.console import Console

    from landscape.build import build

    console = Console(stderr=True)
    try:
        with console.status("Building the landscape database..."):
            result = build(args.seeds, args.data, args.db)
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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m landscape", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the DuckDB database from seeds/ and data/")
    build.add_argument("--seeds", type=Path, default=None, help=f"documents (default {paths.SEEDS_DIR})")
    build.add_argument("--data", type=Path, default=None, help=f"curated CSVs (default {paths.DATA_DIR})")
    build.add_argument("--db", type=Path, default=None, help="database to write (default $LANDSCAPE_DB "
                       "or data/landscape.duckdb)")
    build.set_defaults(run=_build)

    from landscape.export import command as export_command

    export = commands.add_parser("export", help="write a PPTX deck, an XLSX workbook or a PNG/SVG chart")
    export_command.add_arguments(export)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted; the previous database is untouched", file=sys.stderr)
        return 130
    except OSError as err:
        print(f"error: {err.strerror}: {err.filename}", file=sys.stderr)
        return 1

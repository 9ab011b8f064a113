"""`python -m landscape add SOURCE... [--feed] [--no-build]`: add articles to seeds/, then build.

One line per source on stdout (added, already there, or not added and why), then the build's
summary and how many candidates wait for review. A progress bar shows on stderr while it works. Exit
code 0 when every source was added or already there and the build succeeded; 1 otherwise. Never a
traceback. This module only parses arguments and prints: adding.py adds, the build builds.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from landscape import paths
from landscape.ingest.model import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_SECONDS, Limits, Refused

_STYLES = {"added": "green", "already there": "cyan", "not added": "red"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE",
                        help="an http(s) URL, or a .html/.htm/.pdf/.txt/.md file; with --feed, an RSS/Atom feed "
                             "(URL or file)")
    parser.add_argument("--feed", action="store_true", help="the sources are feeds: add every item not seen before")
    parser.add_argument("--no-build", action="store_true", help="only add to seeds/; do not rebuild the database")
    parser.add_argument("--seeds", type=Path, default=None, help=f"where documents go (default {paths.SEEDS_DIR})")
    parser.add_argument("--data", type=Path, default=None,
                        help=f"curated CSVs and the feed memory (default {paths.DATA_DIR})")
    parser.add_argument("--db", type=Path, default=None, help="database to rebuild (default $LANDSCAPE_DB or "
                        "data/landscape.duckdb)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_SECONDS, metavar="SECONDS",
                        help=f"give up on a server silent this long (default {DEFAULT_TIMEOUT_SECONDS:g})")
    parser.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1_000_000, metavar="MB",
                        help=f"largest download or file (default {DEFAULT_MAX_BYTES / 1_000_000:g})")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from landscape.cli import build_with_progress
    from landscape.ingest.adding import ADDED, ALREADY_THERE, NOT_ADDED, Outcome, adding
    from landscape.ingest.rebuild import waiting_for_review

    # The libraries' own warnings ("empty HTML tree", a PDF's wrong pointer) would print through Python's
    # last-resort handler; each source's outcome line says what matters.
    for library in ("trafilatura", "htmldate", "courlan", "pypdf"):
        logging.getLogger(library).setLevel(logging.ERROR)
    out, err = Console(highlight=False, soft_wrap=True), Console(stderr=True)
    seeds, data = args.seeds or paths.SEEDS_DIR, args.data or paths.DATA_DIR
    limits = Limits(timeout=args.timeout, max_bytes=int(args.max_mb * 1_000_000))
    outcomes: list[Outcome] = []

    def report(outcome: Outcome) -> None:
        outcomes.append(outcome)
        out.print(f"[{_STYLES[outcome.status]}]{outcome.status}[/]: ", end="")
        out.print(f"{outcome.source}: {outcome.detail}", markup=False)

    try:
        with adding(seeds, data, limits) as adder, \
                Progress(TextColumn("Adding {task.description}"), BarColumn(), MofNCompleteColumn(),
                         TimeElapsedColumn(), console=err, transient=True) as bar:
            task = bar.add_task("sources", total=len(args.sources))
            for source in args.sources:
                if not args.feed:
                    report(adder.add(source))
                    bar.advance(task)
                    continue
                try:
                    items = adder.feed_items(source)
                except Refused as refused:
                    report(Outcome(source, NOT_ADDED, refused.reason))
                    bar.advance(task)
                    continue
                if not items:
                    report(Outcome(source, ALREADY_THERE, "no items the feed has not shown before"))
                bar.update(task, total=bar.tasks[0].total + len(items), description="feed items")
                for item in items:
                    report(adder.add_feed_item(source, item))
                    bar.advance(task)
                bar.advance(task)
    except Refused as refused:  # another add held the lock too long
        err.print(f"error: {refused.reason}", markup=False)
        return 1
    added = sum(o.status == ADDED for o in outcomes)
    refused_count = sum(o.status == NOT_ADDED for o in outcomes)
    out.print(f"{added} added, {sum(o.status == ALREADY_THERE for o in outcomes)} already there, "
              f"{refused_count} not added.")
    if args.no_build:
        return 1 if refused_count else 0
    db = args.db or paths.db_path()
    if build_with_progress(args.seeds, args.data, db) != 0:
        return 1
    out.print(f"{waiting_for_review(db)} candidates wait for review (the app's Review page).")
    return 1 if refused_count else 0

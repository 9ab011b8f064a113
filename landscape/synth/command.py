"""`python -m landscape synth`: write a synthetic benchmark corpus (never into seeds/ or data/)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from landscape.synth.generator import SynthError, generate
from landscape.synth.sizes import SCALES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="directory to write DIR/seeds and DIR/data into")
    parser.add_argument("--scale", choices=sorted(SCALES), default="full",
                        help="preset sizes (full = 10,000 documents, 1,000,000 facts); the options below override it")
    parser.add_argument("--docs", type=int, default=None, help="number of documents")
    parser.add_argument("--facts", type=int, default=None, help="number of facts")
    parser.add_argument("--events", type=int, default=None, help="number of events")
    parser.add_argument("--entities", type=int, default=None, help="number of entities (at least 12)")
    parser.add_argument("--doc-chars", type=int, default=None, help="approximate characters per document")
    parser.add_argument("--seed", type=int, default=0, help="random seed; the same seed gives the same files")
    parser.set_defaults(run=run_from_args)


def run_from_args(args: argparse.Namespace) -> int:
    overrides = {name: value for name, value in (("docs", args.docs), ("facts", args.facts),
                                                  ("events", args.events), ("entities", args.entities),
                                                  ("doc_chars", args.doc_chars)) if value is not None}
    try:
        sizes = replace(SCALES[args.scale], **overrides)
        result = generate(args.out, sizes, args.seed)
    except (SynthError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"Wrote synthetic corpus to {result.out} in {result.seconds:.1f} s: {result.documents:,} documents "
          f"({result.document_bytes / 1e6:.1f} MB), {result.facts:,} facts ({result.quoted_facts:,} quoted), "
          f"{result.events:,} events, {result.statements:,} chip statements, {result.entities:,} entities.\n"
          f"Build it with: python -m landscape build --seeds {result.seeds_dir} --data {result.data_dir} "
          f"--db {result.out / 'landscape.duckdb'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m landscape.synth.command", description=__doc__)
    add_arguments(parser)
    return run_from_args(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())

"""The floor a build is compared with: read the same files and load the same CSVs into DuckDB,
and nothing else (no parsing, checks, extraction or derived columns).

Run as a script (`python bench/floor.py SEEDS DATA DB`) so its time includes interpreter start-up,
exactly like the real build's command it is compared with.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb


def load(seeds: Path, data: Path, db: Path) -> None:
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db))
    try:
        con.execute("CREATE TABLE documents AS SELECT * FROM read_text(?)", [str(seeds / "*.md")])
        csvs = [seeds / "sources.csv", *sorted(data.glob("*.csv")), *sorted((data / "curated").glob("*.csv"))]
        for number, path in enumerate(csvs):
            con.read_csv(str(path), all_varchar=True, header=True).create(f"csv_{number}")
        con.execute("CHECKPOINT")
    finally:
        con.close()


if __name__ == "__main__":
    load(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))

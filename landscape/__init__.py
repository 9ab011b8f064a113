"""The AI competitive-landscape pipeline: seeds and curated figures into a DuckDB file."""

"""Queries take values only as bound parameters, and hostile or unknown URL parameters are ignored
with a visible note, never an error."""

from __future__ import annotations

import ast
import re

import pytest

from landscape import paths
from tests.apptest_helpers import open_page

SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|WHERE|ATTACH|COPY|FROM|JOIN|AND|BETWEEN)\b")
SQL_CALLS = {"execute", "executemany", "query", "sql"}
# Names interpolated into SQL that hold only identifiers or placeholder clauses built from constants
# (table and column names declared in schema.py, WHERE clauses made of '?' placeholders).
ALLOWED = {
    "landscape/queries.py": {"where", "citation", "restatements", "review", "known", "match", "column", "lanes",
                             "source"},
    # fact_evidence_select's source and leading columns are a table or CTE name and columns written in code.
    "landscape/schema.py": {"name", "key", "column", "values", "condition", "other", "other_column", "_quoted_list",
                            "order", "rule", "columns", "where", "check", "facts", "leading", "fact_evidence_select",
                            # _owned_by's rules quote the constant metric and kind vocabularies it is given.
                            "_sql_list", "metrics", "kinds"},
    "landscape/build.py": {"table", "origin", "name"},
    # reconciled_sql wraps a query its callers build the same way; a bool picks one of two constants.
    "landscape/reconcile.py": {"base", "growth_per_metric", "growth", "per_metric", "_growth_line"},
    # Temp table names made from a file's position, column expressions over generated column names
    # (c0, c1, ...) and the constant vocabularies; cell values are always bound parameters.
    "landscape/curated_bulk.py": {"raw", "table", "name", "columns", "joins", "blank", "key", "lead", "number", "on",
                                  "doc", "quote", "url", "publisher", "cells", "cell", "union", "b"},
    "landscape/bulk_stages.py": {"table", "where", "bulk", "columns", "curated", "_tables", "_select"},
    "landscape/curated_cache.py": {"table"},
    # Table and column names from a loop over a constant tuple of (table, key, date, precision, qualifier).
    "landscape/data_warnings.py": {"table", "key", "day", "precision", "qualifier"},
}
# Functions that return SQL text made only of constants around a query built under these same rules.
SQL_BUILDERS = {"reconciled_sql", "row_scan"}


def _module_constants(tree: ast.Module) -> set[str]:
    """Upper-case names assigned or imported at module level: constants, not values from a user."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            names |= {(a.asname or a.name) for a in node.names if a.name.lstrip("_").isupper()}
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        names |= {t.id for t in targets if isinstance(t, ast.Name) and t.id.lstrip("_").isupper()}
    return names


def _is_sql(node: ast.JoinedStr) -> bool:
    return bool(SQL.search("".join(v.value for v in node.values if isinstance(v, ast.Constant))))


def sql_interpolations(source: str, file: str) -> list[str]:
    """Every value formatted into SQL text that is neither a module constant nor allow-listed."""
    tree = ast.parse(source)
    allowed = _module_constants(tree) | ALLOWED.get(file, set())
    found = []
    for node in ast.walk(tree):
        candidates = []
        if isinstance(node, ast.JoinedStr) and _is_sql(node):
            candidates = [v.value for v in node.values if isinstance(v, ast.FormattedValue)]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS \
                and node.args and isinstance(node.args[0], (ast.BinOp, ast.Call)) \
                and not (isinstance(node.args[0], ast.Call) and getattr(node.args[0].func, "id", "") in SQL_BUILDERS):
            found.append(f"{file}:{node.lineno}: SQL built with {ast.unparse(node.args[0])[:60]}")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant) \
                and SQL.search(str(node.left.value)):
            found.append(f"{file}:{node.lineno}: SQL formatted with %")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
                and isinstance(node.func.value, ast.Constant) and SQL.search(str(node.func.value.value)):
            found.append(f"{file}:{node.lineno}: SQL formatted with str.format")
        for expression in candidates:
            names = {n.id for n in ast.walk(expression) if isinstance(n, ast.Name)}
            found += [f"{file}:{node.lineno}: {{{ast.unparse(expression)}}} interpolates {name!r}"
                      for name in sorted(names - allowed)]
    return found


def _sources() -> dict[str, str]:
    files = [*(paths.ROOT / "landscape").rglob("*.py"), *(paths.ROOT / "views").glob("*.py"), paths.ROOT / "app.py"]
    return {str(f.relative_to(paths.ROOT)): f.read_text(encoding="utf-8") for f in files}


def test_no_sql_is_built_from_values():
    sources = _sources()
    assert len(sources) > 20
    problems = [p for file, source in sources.items() for p in sql_interpolations(source, file)]
    assert problems == [], "bind values as parameters (?), never format them into SQL"


@pytest.mark.parametrize("snippet", [
    'con.execute(f"SELECT * FROM facts WHERE entity_id = \'{entity}\'")',
    'sql = f"DELETE FROM facts WHERE fact_id = {fact_id}"',
    'db.query("SELECT * FROM facts WHERE metric = \'%s\'" % metric)',
    'db.query("SELECT * FROM facts WHERE metric = \'{}\'".format(metric))',
    'con.sql("SELECT * FROM t WHERE x = " + value)',
])
def test_the_scan_catches_values_formatted_into_sql(snippet):
    assert sql_interpolations(snippet, "landscape/new_module.py")


# ---- hostile URL parameters ------------------------------------------------------------------

HOSTILE_PARAMS = {
    "entities": "<script>alert(1)</script>", "from": "DROP", "to": "';DROP TABLE facts;--", "metric": "zzz",
    "status": "<b>reported</b>", "kinds": "zzz", "doc": "../../etc/passwd", "record": "<img src=x onerror=alert(1)>",
    "q": "<script>alert(1)</script>",
}
# The parameters each page reads, each of which must be reported when its value is ignored.
READS = {
    "views/overview.py": (),
    "views/chatbot_users.py": ("entities", "from", "metric", "status"),
    "views/valuations.py": ("entities", "from", "status"),
    "views/chips.py": ("entities", "from", "status"),
    "views/timeline.py": ("entities", "from", "kinds"),
    "views/sources.py": ("doc", "record"),
    "views/explorer.py": ("entities", "from", "metric", "status"),
    "views/presentation.py": ("entities", "from", "status"),
}


@pytest.fixture
def use_project_db(project_db, monkeypatch):
    monkeypatch.setenv("LANDSCAPE_DB", str(project_db))


@pytest.mark.parametrize("page, reads", READS.items())
def test_hostile_url_parameters_are_ignored_with_a_visible_note(use_project_db, page, reads):
    at = open_page(page, HOSTILE_PARAMS)  # asserts that no exception is shown
    assert not at.error
    notes = [w.value for w in at.warning if "Ignored" in w.value]
    for name in reads:
        assert any(f"{name}=" in note for note in notes), f"{page}: no visible note for ?{name}=...; notes: {notes}"
    for note in notes:
        assert not re.search(r"(?<!\\)[<\[]", note), f"markup in the note is escaped: {note}"
    if not reads:
        assert notes == []

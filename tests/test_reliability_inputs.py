"""Malformed input: hundreds of broken documents and CSVs, generated from fixed seeds.

For every one the build either accepts it (with a warning naming the file, where the input is
suspect rather than wrong) or fails with a BuildError whose messages name the file, and the line
where there is one. It never raises anything else, and a failed build leaves the previous database
byte-identical. A sample goes through the command line to check the exit code and that no
traceback is printed.
"""

from __future__ import annotations

import csv
import io
import os
import random
import shutil
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landscape.build import build
from landscape.checks import BuildError
from tests.reliability_helpers import cli_build, copy_inputs, temp_files

SEEDS = "seeds"
SOURCES = "seeds/sources.csv"


@dataclass(frozen=True)
class CsvSpec:
    """What a CSV holds: its key, and which columns carry numbers, dates, entities and enumerations."""

    key: str
    required: tuple[str, ...]
    numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    optional_dates: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    enums: tuple[str, ...] = ()
    free_text: tuple[str, ...] = ()


_FACT = ("fact_id", "entity", "metric", "value", "unit", "as_of", "qualifier", "status")
CSVS = {
    "data/curated/founding_document_facts.csv": CsvSpec(
        "fact_id", _FACT, numbers=("value",), dates=("as_of",), entities=("entity",),
        enums=("metric", "unit", "status", "as_of_precision"), free_text=("note", "definition", "as_of_basis")),
    "data/curated/public_facts.csv": CsvSpec(
        "fact_id", _FACT, numbers=("value",), dates=("as_of",), optional_dates=("citation_published",),
        entities=("entity",), enums=("metric", "unit", "status", "citation_published_is_estimate"),
        free_text=("note", "citation_title")),
    "data/curated/founding_document_events.csv": CsvSpec(
        "event_id", ("event_id", "date", "entity", "kind", "title"), dates=("date",),
        entities=("entity", "counterparty"), enums=("kind", "date_qualifier", "status", "date_precision"),
        free_text=("date_basis",)),
    "data/curated/founding_document_chip_statements.csv": CsvSpec(
        "statement_id", ("statement_id", "buyer", "chip", "vendor", "region", "channel", "status"),
        optional_dates=("as_of",), entities=("buyer", "chip", "vendor"), enums=("status", "as_of_precision"),
        free_text=("channel", "as_of_basis")),
    "data/entities.csv": CsvSpec(
        "entity_id", ("entity_id", "name", "kind", "parent_id", "country", "color", "family"),
        entities=("parent_id",), enums=("kind", "color"), free_text=("country",)),
    "data/entity_aliases.csv": CsvSpec("alias", ("alias", "entity_id"), entities=("entity_id",)),
    SOURCES: CsvSpec(
        "file", ("file", "title", "publisher", "url", "published", "published_is_estimate", "published_basis"),
        optional_dates=("published",), enums=("published_is_estimate",), free_text=("title", "published_basis")),
    "data/fx_rates.csv": CsvSpec(
        "currency", ("currency", "period", "usd_per_unit", "source", "url"), numbers=("usd_per_unit",),
        dates=("period",), enums=("currency",), free_text=("note",)),
}
BAD_NUMBERS = ("abc", "", "1e400", "nan", "inf", "-inf", "1.2.3", "0x1F", "$5", "5bn", "0", "1e-400", "1/2")
NEGATIVE = ("-1", "-60000000", "-0.5", "-1e9")
BAD_DATES = ("2024-13", "2024-02-30", "yesterday", "2024/12/01", "20241201", "2024-Q5", "0000", "99999-01-01",
             "2024-00-01", "Dec 2024", "2024-12-01T00:00", "-2024")
UNKNOWN_NAMES = ("Acme Fictional AI", "<script>x</script>", "豆包豆包")
BAD_ENUM = {"metric": ("revenuez", "MAU"), "unit": ("usd", "parsecs"), "status": ("confirmed", "REPORTED"),
            "kind": ("zzz", "Launch"), "color": ("red", "#12345"), "currency": ("XYZ", "USD"),
            "as_of_precision": ("week", "day"), "date_precision": ("week", "decade"),
            "date_qualifier": ("sometime", "ON"), "published_is_estimate": ("maybe", "2"),
            "citation_published_is_estimate": ("maybe", "yes please")}


@dataclass(frozen=True)
class Case:
    """One malformed input: what it breaks, and what the build must do with it."""

    name: str
    target: str           # path relative to the workspace that the messages must name
    expect: str           # "reject", "warn" or "any" (accepted silently or rejected, never a crash)
    mutate: Callable[[Path], None]
    line: int | None = None


# ---- CSV mutations -------------------------------------------------------------------------------

def _rows(root: Path, target: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((root / target).read_text(encoding="utf-8-sig"), newline="")))


def _write_rows(root: Path, target: str, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (root / target).write_text(buffer.getvalue(), encoding="utf-8")


def _set_cell(target: str, row: int, column: str, value: str) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        rows = _rows(root, target)
        rows[row][rows[0].index(column)] = value
        _write_rows(root, target, rows)
    return mutate


def _edit_rows(target: str, edit: Callable[[list[list[str]]], list[list[str]]]) -> Callable[[Path], None]:
    return lambda root: _write_rows(root, target, edit(_rows(root, target)))


def _edit_bytes(target: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(root: Path) -> None:
        path = root / target
        path.write_bytes(edit(path.read_bytes()))
    return mutate


def _line_offset(data: bytes, line: int) -> int:
    """Byte offset of the start of a 1-based line."""
    offset = 0
    for _ in range(line - 1):
        offset = data.index(b"\n", offset) + 1
    return offset


def _drop_column(rows: list[list[str]], column: str) -> list[list[str]]:
    index = rows[0].index(column)
    return [r[:index] + r[index + 1:] for r in rows]


def csv_cases(target: str, spec: CsvSpec, header: list[str], count: int) -> list[Case]:
    rng = random.Random(target)
    row = lambda: rng.randint(1, count)  # noqa: E731 - a data row, 1-based; its line is row + 1
    cases = []
    for column in header:
        expect = "reject" if column in spec.required else "any"
        cases.append(Case(f"missing column {column}", target, expect,
                          _edit_rows(target, lambda rows, c=column: _drop_column(rows, c)), 1))
    for extra in ("notes_typo", ""):
        cases.append(Case(f"extra column {extra!r}", target, "warn",
                          _edit_rows(target, lambda rows, e=extra: [rows[0] + [e]] + [
                              r + [""] * (len(rows[0]) - len(r)) + ["x"] for r in rows[1:]])))  # short rows padded first
    for _ in range(2):
        r = row()
        cases.append(Case("extra field in one row", target, "reject",
                          _edit_rows(target, lambda rows, r=r: rows[:r] + [rows[r] + ["surplus"]] + rows[r + 1:]), r + 1))
        r = row()
        # The alias table's rows may leave off its optional last column (context); every other file's may not.
        short = "any" if target == "data/entity_aliases.csv" and header[-1] not in spec.required else "reject"
        cases.append(Case("missing field in one row", target, short,
                          _edit_rows(target, lambda rows, r=r: rows[:r] + [rows[r][:-1]] + rows[r + 1:]), r + 1))
    for column in spec.numbers:
        for value in BAD_NUMBERS:
            r = row()
            cases.append(Case(f"bad number {column}={value!r}", target, "reject", _set_cell(target, r, column, value), r + 1))
        for value in NEGATIVE:
            r = row()
            cases.append(Case(f"negative {column}={value!r}", target, "reject", _set_cell(target, r, column, value), r + 1))
    for column in spec.dates + spec.optional_dates:
        for value in BAD_DATES:
            r = row()
            cases.append(Case(f"bad date {column}={value!r}", target, "reject", _set_cell(target, r, column, value), r + 1))
    for column in spec.dates:
        r = row()
        cases.append(Case(f"empty date {column}", target, "reject", _set_cell(target, r, column, ""), r + 1))
    for column in spec.entities:
        for value in UNKNOWN_NAMES:
            r = row()
            cases.append(Case(f"unknown entity {column}={value!r}", target, "reject",
                              _set_cell(target, r, column, value), r + 1))
    for column in spec.enums:
        for value in BAD_ENUM.get(column, ()):
            r = row()
            if column.endswith("_precision") and value == "day":
                cases.append(Case(f"wrong precision {column}", target, "any", _set_cell(target, r, column, value), r + 1))
                continue
            cases.append(Case(f"bad {column}={value!r}", target, "reject", _set_cell(target, r, column, value), r + 1))
    if target in ("data/entities.csv", "data/entity_aliases.csv"):
        r = row()
        column = "name" if target == "data/entities.csv" else "alias"
        cases.append(Case(f"10,000-character {column}", target, "reject", _set_cell(target, r, column, "N" * 10_000), r + 1))
    if target == "data/entity_aliases.csv":
        r = row()
        cases.append(Case("alias reused for another entity", target, "reject",
                          _edit_rows(target, lambda rows, r=r: rows + [[rows[r][0], "openai" if rows[r][1] != "openai"
                                                                         else "bytedance"]]), count + 2))
    else:
        r = row()
        cases.append(Case("duplicate id", target, "reject", _edit_rows(target, lambda rows, r=r: rows + [rows[r]]),
                          count + 2))
    cases += [
        Case("BOM", target, "any", _edit_bytes(target, lambda b: b"\xef\xbb\xbf" + b)),
        Case("double BOM", target, "reject", _edit_bytes(target, lambda b: b"\xef\xbb\xbf\xef\xbb\xbf" + b), 1),
        Case("CRLF line endings", target, "any", _edit_bytes(target, lambda b: b.replace(b"\n", b"\r\n"))),
        Case("NUL byte", target, "reject", _edit_bytes(target, lambda b: b[:5] + b"\x00" + b[5:])),
        Case("empty file", target, "reject", _edit_bytes(target, lambda b: b"")),
        Case("UTF-16", target, "reject", _edit_bytes(target, lambda b: b.decode("utf-8").encode("utf-16"))),
        Case("header only", target, "any", _edit_bytes(target, lambda b: b.split(b"\n")[0] + b"\n")),
    ]
    r = row()
    cases.append(Case("Latin-1 byte in a row", target, "reject",
                      _edit_bytes(target, lambda b, r=r: b[:_line_offset(b, r + 1)] + b"\xe9" + b[_line_offset(b, r + 1):]),
                      r + 1))
    r = row()
    cases.append(Case("unclosed quote", target, "reject",
                      _edit_bytes(target, lambda b, r=r: b[:_line_offset(b, r + 1)] + b'"' + b[_line_offset(b, r + 1):]),
                      r + 1))
    r = row()
    cases.append(Case("text after a closing quote", target, "reject",
                      _edit_bytes(target, lambda b, r=r: b[:_line_offset(b, r + 1)] + b'"x"y,' + b[_line_offset(b, r + 1):]),
                      r + 1))
    for _ in range(3):
        cut = rng.random()
        cases.append(Case(f"truncated at {cut:.2f}", target, "any", _edit_bytes(target, lambda b, c=cut: b[:int(len(b) * c)])))
    for _ in range(3):
        at, byte = rng.random(), rng.randrange(256)
        cases.append(Case(f"byte {byte:#04x} at {at:.2f}", target, "any", _edit_bytes(
            target, lambda b, a=at, v=byte: b[:int(len(b) * a)] + bytes([v]) + b[int(len(b) * a) + 1:])))
    return cases


# ---- document mutations ----------------------------------------------------------------------

def _document(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda root: (root / SEEDS / name).write_bytes(data)


def _front_matter(body: str) -> bytes:
    return f"---\n{body}\n---\nA short fictional article body.\n".encode()


BROKEN_FRONT_MATTER = (
    "title: [unclosed", "title: 'unclosed", ": : :", "- a list\n- not a mapping", "just a string", "title: &a [*a]",
    "title: !!python/object:os.system {}", "published: 2024-02-30", "published: not-a-date", "published: 2024-13-01",
    "published_is_estimate: maybe", "title: " + "[" * 3000 + "]" * 3000, "title: {a: 1}", "publisher: [a, b]",
    "? [a, b]\n: c", "title: \"\\ud800\"", "\ttitle: tab-indented", "title: x\ntitle: y\n  bad: indent",
)


def _write_undecodable_name(root: Path) -> None:
    with open(os.fsencode(root / SEEDS) + b"/bad\xffname.txt", "wb") as handle:
        handle.write(b"A fictional text.\n")


def _is_utf8_text(data: bytes) -> bool:
    try:
        return b"\x00" not in data and bool(data.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def document_cases() -> list[Case]:
    rng = random.Random("documents")
    cases = []
    for i in range(10):
        blob = bytes(rng.randrange(256) for _ in range(rng.randint(16, 4096))) + b"\x00"
        cases.append(Case(f"binary #{i}", f"{SEEDS}/binary_{i}.txt", "reject", _document(f"binary_{i}.txt", blob)))
    for name, blob in (("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ("elf", b"\x7fELF\x02\x01\x01\x00"),
                       ("gzip", b"\x1f\x8b\x08\x00\x00\x00\x00\x00")):
        cases.append(Case(f"binary {name}", f"{SEEDS}/{name}.md", "reject", _document(f"{name}.md", blob)))
    text = "Doubao reached 60 million monthly active users by November, analysts said.\n字节跳动 豆包\n"
    for encoding in ("latin-1", "cp1252", "gb18030", "big5", "shift_jis", "utf-16", "utf-32", "cp437"):
        data = ("Fictional café résumé naïve — “quoted”\n" + text).encode(encoding, errors="replace")
        expect = "any" if _is_utf8_text(data) else "reject"
        cases.append(Case(f"encoding {encoding}", f"{SEEDS}/enc_{encoding}.txt", expect, _document(f"enc_{encoding}.txt", data)))
    cases.append(Case("invalid UTF-8 on line 3", f"{SEEDS}/bad_line3.txt", "reject",
                      _document("bad_line3.txt", b"one\ntwo\nthr\xffee\n"), 3))
    cases.append(Case("overlong UTF-8", f"{SEEDS}/overlong.txt", "reject", _document("overlong.txt", b"a\xc0\xafb\n")))
    cases.append(Case("UTF-8 surrogate", f"{SEEDS}/surrogate.txt", "reject", _document("surrogate.txt", b"a\xed\xa0\x80b\n")))
    for i, data in enumerate((b"", b"   \n\t\n", b"\n\n\n", b"\xef\xbb\xbf", b"---\ntitle: only front matter\n---\n")):
        name = f"empty_{i}.md" if i == 4 else f"empty_{i}.txt"
        cases.append(Case(f"empty #{i}", f"{SEEDS}/{name}", "warn", _document(name, data)))
    cases.append(Case("20 MB text", f"{SEEDS}/huge.txt", "reject", _document("huge.txt", b"word " * 4_000_000)))
    cases.append(Case("20 MB markdown", f"{SEEDS}/huge.md", "reject",
                      _document("huge.md", _front_matter("title: big") + b"x" * 20_000_000)))
    for i, body in enumerate(BROKEN_FRONT_MATTER):
        cases.append(Case(f"front matter {body[:30]!r}", f"{SEEDS}/front_{i}.md", "reject", _document(f"front_{i}.md", _front_matter(body))))
    cases.append(Case("front matter never closed", f"{SEEDS}/unclosed.md", "warn",
                      _document("unclosed.md", b"---\ntitle: never closed\nA short fictional body.\n")))
    for i in range(8):
        chars = "".join(chr(rng.choice([*range(1, 9), *range(14, 32), 127])) for _ in range(5))
        data = f"A fictional article.\nIt has control characters {chars} in line two.\n".encode()
        cases.append(Case(f"control characters #{i}", f"{SEEDS}/control_{i}.txt", "warn", _document(f"control_{i}.txt", data), 2))
    for name in ("report.pdf", "notes.docx", "page.html", "data.json", "README", "article.txt.bak", "table.csv",
                 "image.png"):
        cases.append(Case(f"unknown type {name}", f"{SEEDS}/{name}", "warn", _document(name, b"%PDF-1.4 fictional\n")))
    cases.append(Case("same id as .txt and .md", f"{SEEDS}/twin.txt", "reject",
                      lambda root: [(root / SEEDS / n).write_text("A fictional twin.\n") for n in ("twin.txt", "twin.md")]))
    cases.append(Case("file name not UTF-8", f"{SEEDS}/bad\\xffname.txt", "reject",
                      _write_undecodable_name))
    cases.append(Case("dangling symlink", f"{SEEDS}/dangling.txt", "warn",
                      lambda root: (root / SEEDS / "dangling.txt").symlink_to(root / "nowhere.txt")))
    cases.append(Case("directory named like a document", f"{SEEDS}/folder.md", "any",
                      lambda root: (root / SEEDS / "folder.md").mkdir()))
    cases.append(Case("directory named like a curated CSV", "data/curated/folder.csv", "reject",
                      lambda root: (root / "data/curated/folder.csv").mkdir()))
    cases.append(Case("sources.csv row for a missing file", SOURCES, "reject",
                      lambda root: (root / SOURCES).write_text((root / SOURCES).read_text(encoding="utf-8") +
                                                               "ghost.txt,T,P,,2024-01-01,false,\n", encoding="utf-8"), 3))
    return cases


def all_cases() -> list[Case]:
    cases = document_cases()
    for target, spec in CSVS.items():
        rows = list(csv.reader(io.StringIO((Path(__file__).parent.parent / target).read_text(encoding="utf-8-sig"),
                                           newline="")))
        cases += csv_cases(target, spec, rows[0], len(rows) - 1)
    return cases


CASES = all_cases()
TRIED: Counter[str] = Counter()


# ---- the workspace: one copy of the inputs, restored after every case --------------------------

class Workspace:
    def __init__(self, root: Path):
        self.root = root
        copy_inputs(root)
        self.db = root / "out" / "landscape.duckdb"
        self.pristine = {p: p.read_bytes() for p in self._files()}
        build(root / "seeds", root / "data", self.db)
        self.good = self.db.read_bytes()

    def _files(self) -> list[Path]:
        return [p for d in ("seeds", "data") for p in (self.root / d).rglob("*") if p.is_file() or p.is_symlink()]

    def restore(self) -> None:
        curated = self.root / "data" / "curated"
        for folder in (self.root / "seeds", self.root / "data", curated):
            for entry in folder.iterdir():
                if entry.is_symlink() or (entry.is_file() and entry not in self.pristine):
                    entry.unlink()
                elif entry.is_dir() and entry != curated:
                    shutil.rmtree(entry)
        for path, data in self.pristine.items():
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
        if self.db.read_bytes() != self.good:
            self.db.write_bytes(self.good)

    def run(self, case: Case) -> str:
        """Apply the case, build in-process, check the outcome; return 'accepted' or 'rejected'."""
        self.restore()
        case.mutate(self.root)
        try:
            result = build(self.root / "seeds", self.root / "data", self.db)
        except BuildError as err:
            check_rejection(err, case, self.root)
            assert self.db.read_bytes() == self.good, f"{case.name}: a failed build changed the database"
            outcome = "rejected"
        except Exception as err:  # noqa: BLE001 - anything but a BuildError is a traceback for the analyst
            TRIED["crashed"] += 1
            where = traceback.extract_tb(err.__traceback__)[-1]
            pytest.fail(f"{case.name} ({case.target}): the build crashed with {type(err).__name__}: {err} "
                        f"at {Path(where.filename).name}:{where.lineno}, instead of a BuildError naming the file")
        else:
            assert case.expect != "reject", f"{case.name}: accepted, but it must fail"
            if case.expect == "warn":
                assert any(case.target in w.file for w in result.warnings), \
                    f"{case.name}: accepted without a warning naming {case.target}: {result.warnings}"
            outcome = "accepted"
        assert temp_files(self.db) == [], f"{case.name}: temp files left behind"
        TRIED[outcome] += 1
        return outcome


def check_rejection(err: BuildError, case: Case, root: Path) -> None:
    assert err.violations, f"{case.name}: BuildError with no violations"
    assert case.expect != "warn", f"{case.name}: rejected, but it only deserves a warning: {err}"
    for violation in err.violations:
        assert violation.file.startswith(str(root)), f"{case.name}: a message names no input file: {violation}"
    named = [v for v in err.violations if case.target in v.file]
    if case.expect == "reject":
        assert named, f"{case.name}: no message names {case.target}: {err}"
        if case.line is not None:
            assert any(v.line == case.line for v in named), f"{case.name}: no message names line {case.line}: {err}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory, request):
    space = Workspace(tmp_path_factory.mktemp("malformed"))
    yield space
    summary = (f"malformed inputs tried: {sum(TRIED.values())} "
               f"({TRIED['rejected']} rejected naming file and line, {TRIED['accepted']} accepted, "
               f"{TRIED['crashed']} crashed)")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\n{summary}")
    (Path(str(tmp_path_factory.getbasetemp())) / "malformed_inputs_summary.txt").write_text(summary + "\n")


def test_the_generator_yields_at_least_500_inputs():
    families = {c.name.split(" ")[0] for c in CASES}
    assert len(CASES) + HYPOTHESIS_EXAMPLES >= 500, len(CASES)
    assert {"binary", "encoding", "empty", "20", "front", "control", "unknown", "missing", "extra", "bad",
            "negative", "duplicate", "BOM", "unclosed"} <= families
    assert len({c.name + c.target for c in CASES}) > 0.9 * len(CASES), "cases are mostly distinct"


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.target.split('/')[-1]}:{c.name}"[:80])
def test_malformed_input_is_rejected_with_its_file_and_line_or_accepted(workspace, case):
    workspace.run(case)


# ---- hypothesis: arbitrary text in any cell of any CSV -----------------------------------------

HYPOTHESIS_EXAMPLES = 100
NASTY = ("", " ", "\"", "\"\"", ",", "\n", "\r", "=1+1", "-1", "1e309", "\ufeff", "\u2028", "\x0c", "NULL", "None",
         "ﾠ", "𝟙𝟚", "０", "２０２４-０１", "bytedance ", "BYTEDANCE", "doubao\t", "<script>", "../../etc/passwd")
_CELL_CSVS = sorted(CSVS)


@st.composite
def cell_edits(draw):
    target = draw(st.sampled_from(_CELL_CSVS))
    spec = CSVS[target]
    validated = [spec.key, *spec.numbers, *spec.dates, *spec.optional_dates, *spec.entities, *spec.enums]
    column = draw(st.sampled_from(validated) if draw(st.integers(0, 9)) else st.sampled_from(spec.free_text or validated))
    value = draw(st.sampled_from(NASTY) | st.text(max_size=40) | st.from_regex(r"-?\d{1,5}(\.\d+)?(e-?\d{1,3})?", fullmatch=True)
                 | st.from_regex(r"\d{4}(-\d{1,2}){0,2}|\d{4}-[Qq]\d", fullmatch=True))
    return target, column, draw(st.integers(1, 200)), value


@settings(max_examples=HYPOTHESIS_EXAMPLES, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edit=cell_edits())
def test_any_text_in_any_cell_is_rejected_with_its_line_or_accepted(workspace, edit):
    target, column, row, value = edit
    rows = _rows(workspace.root, target)
    row = 1 + (row - 1) % (len(rows) - 1)
    if column not in rows[0]:
        return
    case = Case(f"cell {column}={value!r}", target, "any", _set_cell(target, row, column, value), row + 1)
    workspace.run(case)


# ---- the command line: exit codes and no traceback, for a sample -------------------------------

_CLI_PICKS = {("binary #0", "binary_0.txt"), ("encoding gb18030", "enc_gb18030.txt"),
              ("front matter 'title: [unclosed'", "front_0.md"), ("unknown type report.pdf", "report.pdf"),
              ("file name not UTF-8", "bad\\xffname.txt"), ("unclosed quote", "sources.csv"),
              ("double BOM", "public_facts.csv"), ("negative usd_per_unit='-1'", "fx_rates.csv")}
CLI_SAMPLE = [c for c in CASES if (c.name, c.target.split("/")[-1]) in _CLI_PICKS]


def test_the_cli_sample_covers_documents_and_csvs():
    assert len(CLI_SAMPLE) == len(_CLI_PICKS)
    assert {c.target.split("/")[0] for c in CLI_SAMPLE} == {"seeds", "data"}


@pytest.mark.parametrize("case", CLI_SAMPLE, ids=lambda c: f"{c.target.split('/')[-1]}:{c.name}"[:80])
def test_cli_exits_0_or_1_naming_the_file_and_never_prints_a_traceback(workspace, case):
    workspace.restore()
    case.mutate(workspace.root)
    done = cli_build(workspace.root / "seeds", workspace.root / "data", workspace.db)
    output = done.stdout + done.stderr
    assert "Traceback" not in output, output[-2000:]
    assert done.returncode in (0, 1), output[-2000:]
    name = case.target.split("/")[-1][-8:]
    if done.returncode == 1:
        assert case.expect != "warn", output
        assert name in done.stderr, f"{case.name}: stderr does not name {case.target}: {done.stderr}"
        assert workspace.db.read_bytes() == workspace.good
    else:
        assert case.expect != "reject", output
        with duckdb.connect(str(workspace.db), read_only=True) as con:
            assert con.execute("SELECT count(*) FROM documents").fetchone()[0] >= 1
    TRIED["accepted" if done.returncode == 0 else "rejected"] += 1

"""Collect every violation, then raise one error that lists them all.

Each violation names the file and line it came from, so an analyst can fix their CSV or
document without reading a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Violation:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"


class BuildError(Exception):
    """Raised once, with every violation found, when the inputs cannot be built."""

    def __init__(self, violations: list[Violation]):
        self.violations = sorted(set(violations))
        super().__init__("\n".join(str(v) for v in self.violations))


@dataclass
class Collector:
    """Gathers violations across stages so the build reports them all at once."""

    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)

    def error(self, file: Path | str, line: int | None, message: str) -> None:
        self.violations.append(Violation(str(file), line, message))

    def warn(self, file: Path | str, line: int | None, message: str) -> None:
        self.warnings.append(Violation(str(file), line, message))

    def raise_if_any(self) -> None:
        if self.violations:
            raise BuildError(self.violations)

"""Whatever a reader is pointed to is in the repository: design notes live in docs/, not beside it."""

from __future__ import annotations

import re
import subprocess

from landscape import paths

# A project document named by the code or the docs: an upper-case name (README.md, say) or a path
# under docs/.
_DOCUMENT = re.compile(r"(?<![\w/.-])((?:docs/[\w./-]+\.md)|(?:[A-Z][A-Z_]+\.md))\b")


def _tracked_text_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    return [name for name in listed.stdout.splitlines()
            if name.endswith((".py", ".md", ".txt", ".toml", ".cfg")) or name in ("Makefile",)
            if not name.startswith(("seeds/", "tests/fixtures/"))]


def test_every_document_the_project_refers_to_is_in_the_repository():
    missing = []
    for name in _tracked_text_files():
        text = (paths.ROOT / name).read_text(encoding="utf-8", errors="replace")
        for line_number, line in enumerate(text.splitlines(), start=1):
            for referred in _DOCUMENT.findall(line):
                if not (paths.ROOT / referred).exists():
                    missing.append(f"{name}:{line_number} refers to {referred}")
    assert not missing, "\n".join(missing)


def test_the_design_notes_cover_what_the_code_defers_to_them():
    design = (paths.ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    for topic in ("_stcore/health", "host-config", "streamlit 1.67", "ATTACH", "/usr/bin/chromium"):
        assert topic in design, topic

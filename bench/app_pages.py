"""The dashboard's pages as app.py declares them: script path, URL path and the widget a
benchmark changes to force a rerun that does real work."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_PAGE = re.compile(r'st\.Page\(\s*"(?P<script>views/[\w]+\.py)"(?P<args>[^)]*)\)')
_URL = re.compile(r'url_path\s*=\s*"(?P<url>[^"]*)"')


@dataclass(frozen=True)
class AppPage:
    script: str  # "views/chatbot_users.py"
    url_path: str  # "" for the default page

    @property
    def name(self) -> str:
        return Path(self.script).stem


def app_pages(app: Path = ROOT / "app.py") -> list[AppPage]:
    """Every page in app.py's navigation whose script exists, in navigation order."""
    found = []
    for match in _PAGE.finditer(app.read_text(encoding="utf-8")):
        if not (app.parent / match["script"]).exists():
            continue
        url = _URL.search(match["args"])
        found.append(AppPage(match["script"], "" if "default=True" in match["args"] or not url else url["url"]))
    return found

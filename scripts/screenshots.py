"""Take the README's screenshots from the real app in Debian's chromium, and one slide of the deck.

Usage: python scripts/screenshots.py [--out docs/images]. Serves the app on a free local port against
$LANDSCAPE_DB (default data/landscape.duckdb), then stops it. Writes, for each main page, `<page>.png`
at 1400 px and `<page>-phone.png` at 400 px; `overview-dark.png` and `valuations-dark.png`; and
`slide-users.png`, the users slide of the exported deck rendered by LibreOffice (when soffice and
pdftoppm are installed: `make system-deps`).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from landscape.serving import CHROMIUM_ARGS, CHROMIUM_PATH, served_app  # noqa: E402

PAGES = {"overview": "", "chatbot-users": "chatbot-users", "valuations": "valuations", "chips": "chips",
         "timeline": "timeline", "sources": "sources"}
DARK_PAGES = ("overview", "valuations")
# (file suffix, viewport width, colour scheme, pages)
SHOTS = (("", 1400, "light", tuple(PAGES)), ("-phone", 400, "light", tuple(PAGES)),
         ("-dark", 1400, "dark", DARK_PAGES))


def _screenshot_pages(out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with served_app() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        for suffix, width, scheme, names in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": 2000}, color_scheme=scheme)
            for name in names:
                page.goto(f"{base}/{PAGES[name]}")
                page.wait_for_selector("[data-testid='stMainBlockContainer']", timeout=60_000)
                if name != "sources":
                    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
                page.wait_for_timeout(1500)
                target = out / f"{name}{suffix}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"wrote {target}")
            page.close()
        browser.close()


def _screenshot_slide(out: Path) -> None:
    """The users slide of the default deck, as LibreOffice draws it."""
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        print("skipped slide-users.png: soffice or pdftoppm missing (make system-deps)")
        return
    from landscape import paths
    from landscape.database import Database
    from landscape.export.deck import CHART_CHOICES, build_deck
    from landscape.queries import Filters

    charts = list(CHART_CHOICES)
    with tempfile.TemporaryDirectory() as folder:
        deck = Path(folder) / "deck.pptx"
        deck.write_bytes(build_deck(Database(paths.db_path()), charts, Filters()))
        subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
                        "--convert-to", "pdf", "--outdir", folder, str(deck)], check=True, capture_output=True)
        page = 2 + charts.index("users")  # the title slide comes first
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(page), "-l", str(page), "-singlefile",
                        str(Path(folder) / "deck.pdf"), str(out / "slide-users")], check=True)
    print(f"wrote {out / 'slide-users.png'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/images"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    _screenshot_pages(args.out)
    _screenshot_slide(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

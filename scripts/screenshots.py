"""Take README screenshots of the main pages from the real app in Debian's chromium.

Usage: python scripts/screenshots.py [--out docs/images] [--width 1400]. Serves the app on a free
local port against $LANDSCAPE_DB (default data/landscape.duckdb), then stops it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from landscape.serving import CHROMIUM_ARGS, CHROMIUM_PATH, served_app  # noqa: E402

PAGES = {"overview": "", "chatbot-users": "chatbot-users", "valuations": "valuations", "chips": "chips",
         "timeline": "timeline", "sources": "sources"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/images"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with served_app() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 2000}, color_scheme=args.theme)
        for name, path in PAGES.items():
            page.goto(f"{base}/{path}")
            page.wait_for_selector("[data-testid='stMainBlockContainer']", timeout=30_000)
            if name != "sources":
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
            page.wait_for_timeout(1500)
            target = args.out / f"{name}{'-dark' if args.theme == 'dark' else ''}.png"
            page.screenshot(path=str(target), full_page=True)
            print(f"wrote {target}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

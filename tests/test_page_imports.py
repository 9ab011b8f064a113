"""A page's first load imports only what drawing it needs: the libraries behind downloads (openpyxl
for XLSX, kaleido for chart images, python-pptx for decks) load when a download is asked for.
Each is a tenth of a second or so of the first load after a server starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from bench.app_pages import app_pages
from landscape import paths

DOWNLOAD_LIBRARIES = ("openpyxl", "kaleido", "pptx")
# The presentation page builds decks and workbooks: it needs them to draw its own choices.
BUILDS_DOWNLOADS = {"views/presentation.py"}

_SCRIPT = textwrap.dedent("""
    import json, sys
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(sys.argv[1], default_timeout=120)
    at.run()
    libraries, loaded = sys.argv[2].split(","), {}
    for page in sys.argv[3:]:
        at.switch_page(page)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        loaded[page] = sorted(m for m in sys.modules if m.split(".")[0] in libraries)
    print(json.dumps(loaded))
""")


def test_no_page_but_the_presentation_loads_the_download_libraries(project_db):
    pages = [p.script for p in app_pages() if p.script not in BUILDS_DOWNLOADS]
    assert len(pages) >= 8, pages
    done = subprocess.run([sys.executable, "-c", _SCRIPT, str(paths.ROOT / "app.py"),
                           ",".join(DOWNLOAD_LIBRARIES), *pages],
                          capture_output=True, text=True, timeout=300, cwd=paths.ROOT,
                          env={**os.environ, "LANDSCAPE_DB": str(project_db)})
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert list(loaded) == pages
    assert all(modules == [] for modules in loaded.values()), loaded

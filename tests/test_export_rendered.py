"""Render the decks with LibreOffice and check every slide came out: right count, none blank.

Conversion is slow, so both decks go through one soffice call per session.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from pptx import Presentation

from landscape.database import Database
from landscape.export.deck import CHART_CHOICES, build_deck, render_deck
from landscape.queries import Filters
from tests.test_export_deck import stress_contents


@pytest.fixture(scope="module")
def rendered(project_db, tmp_path_factory) -> dict[str, tuple[int, list[Path]]]:
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        pytest.skip("LibreOffice (soffice) or pdftoppm is not installed; `make system-deps` installs them")
    db = Database(project_db)
    folder = tmp_path_factory.mktemp("rendered")
    decks = {"real": build_deck(db, list(CHART_CHOICES), Filters()),
             "stress": render_deck(stress_contents(), db, Filters())}
    for name, data in decks.items():
        (folder / f"{name}.pptx").write_bytes(data)
    # A private profile directory: a concurrent soffice (a user's, another test run) cannot lock ours.
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), *(str(folder / f"{n}.pptx") for n in decks)],
                   check=True, capture_output=True, timeout=120)
    result = {}
    for name, data in decks.items():
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(folder / f"{name}.pdf"), str(folder / name)],
                       check=True, timeout=60)
        result[name] = (len(Presentation(io.BytesIO(data)).slides), sorted(folder.glob(f"{name}-*.png")))
    return result


@pytest.mark.parametrize("deck", ["real", "stress"])
def test_every_slide_renders(rendered, deck):
    slides, images = rendered[deck]
    assert len(images) == slides
    for image in images:
        with Image.open(image) as picture:
            assert picture.size == (667, 375)  # 13.333 × 7.5 in at 50 dpi: 16:9
            extrema = ImageStat.Stat(picture.convert("L")).extrema[0]
            assert extrema[0] < 128, f"{image.name} looks blank"

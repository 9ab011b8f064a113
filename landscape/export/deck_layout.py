"""Where everything sits on a 16:9 slide (13.333 × 7.5 in), and text boxes that cannot overflow.

The boxes are fixed and stacked top to bottom without overlapping; text is fitted into its box
(shrunk within bounds, then cut with an ellipsis) before it is written, and autofit is off so
neither PowerPoint nor LibreOffice resizes the box afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from landscape.export.text_fit import FittedText, fit_list, fit_text

SLIDE_WIDTH_IN, SLIDE_HEIGHT_IN = 13.333, 7.5
FONT = "Arial"  # Liberation Sans on Linux has the same metrics, so LibreOffice previews match
INSET_IN = 0.05
INK, MUTED, ACCENT = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x5F, 0x63, 0x68), RGBColor(0x1F, 0x5A, 0xA6)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def emu(self) -> tuple[Emu, Emu, Emu, Emu]:
        return Inches(self.left), Inches(self.top), Inches(self.width), Inches(self.height)


MARGIN = 0.5
WIDTH = SLIDE_WIDTH_IN - 2 * MARGIN
TITLE = Box(MARGIN, 0.3, WIDTH, 0.75)
TAKEAWAY = Box(MARGIN, 1.08, WIDTH, 0.62)
BODY = Box(MARGIN, 1.8, WIDTH, 4.62)  # chart or table when there is no note
BODY_WITH_NOTE = Box(MARGIN, 1.8, WIDTH, 4.3)
NOTE = Box(MARGIN, 6.12, WIDTH, 0.3)
FOOTNOTE = Box(MARGIN, 6.46, WIDTH, 0.6)
STAMP = Box(MARGIN, 7.08, WIDTH, 0.3)
SLIDE_BOXES = (TITLE, TAKEAWAY, BODY, FOOTNOTE, STAMP)


def _inner(box: Box) -> tuple[float, float]:
    return box.width - 2 * INSET_IN, box.height - 2 * INSET_IN


def write_fitted(slide: Slide, box: Box, fitted: FittedText, name: str, *, bold: bool = False,
                 italic: bool = False, color: RGBColor = INK, align: PP_ALIGN = PP_ALIGN.LEFT,
                 anchor: MSO_ANCHOR = MSO_ANCHOR.TOP):
    shape = slide.shapes.add_textbox(*box.emu())
    shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Inches(INSET_IN)
    for index, line in enumerate(fitted.text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        font = run.font
        font.name, font.size, font.bold, font.italic = FONT, Pt(fitted.size_pt), bold, italic
        font.color.rgb = color
    return shape


def add_text(slide: Slide, box: Box, text: str, name: str, max_pt: float, min_pt: float, **style):
    width, height = _inner(box)
    return write_fitted(slide, box, fit_text(text, width, height, max_pt, min_pt), name, **style)


def add_title(slide: Slide, text: str) -> None:
    add_text(slide, TITLE, text, "Title", 28, 18, bold=True, anchor=MSO_ANCHOR.BOTTOM)


def add_takeaway(slide: Slide, text: str) -> None:
    add_text(slide, TAKEAWAY, text, "Takeaway", 16, 11, color=ACCENT)


def add_note(slide: Slide, text: str) -> None:
    add_text(slide, NOTE, text, "Note", 11, 8, italic=True, color=MUTED)


def add_footnote(slide: Slide, sources: list[str], note: str = "") -> None:
    """'Sources: a; b' with only the sources this slide plots, after a note (what * means) if any; a long
    list ends with a pointer to the appendix."""
    width, height = _inner(FOOTNOTE)
    fitted = fit_list(f"{note}Sources: ", sources, "and {} more (see the sources appendix)", width, height, 10, 7.5)
    write_fitted(slide, FOOTNOTE, fitted, "Footnote", color=MUTED)


def add_stamp(slide: Slide, text: str) -> None:
    add_text(slide, STAMP, text, "Stamp", 9, 7, color=MUTED, align=PP_ALIGN.RIGHT)

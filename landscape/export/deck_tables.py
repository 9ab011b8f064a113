"""Draw TableContent as native PowerPoint tables, split across slides so no table runs off the page.

Table rows grow to fit their text in PowerPoint and LibreOffice, so the only way to keep a table
inside its box is to know each row's height before placing it: cells are wrapped at the same
generous estimate as every other text box, capped at a few lines, and rows are paged by height.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.slide import Slide
from pptx.util import Inches, Pt

from landscape.export.deck_layout import FONT, INK, Box
from landscape.export.slide_content import TableContent
from landscape.export.text_fit import LINE_SPACING, truncate, wrap_lines
from landscape.labels import shorten

CELL_MARGIN_IN = 0.05
CELL_MARGIN_VERTICAL_IN = 0.03
MAX_CELL_LINES = 6
MAX_CELL_CHARACTERS = 400
HEADER_FILL, BAND_FILL, WHITE = RGBColor(0x1F, 0x5A, 0xA6), RGBColor(0xEE, 0xF2, 0xF8), RGBColor(0xFF, 0xFF, 0xFF)


def column_widths(content: TableContent, box: Box) -> list[float]:
    total = sum(content.widths)
    return [box.width * w / total for w in content.widths]


def _fit_cell(text: str, width_in: float, font_pt: float) -> tuple[str, int]:
    """The cell's text cut to MAX_CELL_LINES, and how many lines it takes."""
    inner = width_in - 2 * CELL_MARGIN_IN
    height = MAX_CELL_LINES * font_pt * LINE_SPACING / 72
    text = truncate(shorten(text, MAX_CELL_CHARACTERS), inner, height, font_pt)
    return text, max(1, len(wrap_lines(text, inner, font_pt)))


def row_height_in(lines: int, font_pt: float) -> float:
    return lines * font_pt * LINE_SPACING / 72 + 2 * CELL_MARGIN_VERTICAL_IN + 0.03


def paginate(content: TableContent, box: Box) -> list[list[tuple[list[str], float]]]:
    """Pages of (fitted cells, row height); each page's rows plus the header fit the box's height."""
    widths = column_widths(content, box)
    header_height = max(row_height_in(_fit_cell(h, w, content.font_pt)[1], content.font_pt)
                        for h, w in zip(content.header, widths, strict=True))
    pages: list[list[tuple[list[str], float]]] = [[]]
    used = header_height
    for cells in content.cells:
        fitted = [_fit_cell(text, width, content.font_pt) for text, width in zip(cells, widths, strict=True)]
        height = row_height_in(max(lines for _, lines in fitted), content.font_pt)
        if pages[-1] and used + height > box.height:
            pages.append([])
            used = header_height
        pages[-1].append(([text for text, _ in fitted], height))
        used += height
    return pages


def _write_cell(cell, text: str, font_pt: float, *, bold: bool = False, color: RGBColor = INK) -> None:
    cell.margin_left = cell.margin_right = Inches(CELL_MARGIN_IN)
    cell.margin_top = cell.margin_bottom = Inches(CELL_MARGIN_VERTICAL_IN)
    frame = cell.text_frame
    frame.word_wrap = True
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.name, run.font.size, run.font.bold = FONT, Pt(font_pt), bold
        run.font.color.rgb = color


def add_table(slide: Slide, box: Box, content: TableContent, page: list[tuple[list[str], float]]):
    widths = column_widths(content, box)
    header_height = max(row_height_in(_fit_cell(h, w, content.font_pt)[1], content.font_pt)
                        for h, w in zip(content.header, widths, strict=True))
    total_height = header_height + sum(height for _, height in page)
    frame = slide.shapes.add_table(len(page) + 1, len(content.header), Inches(box.left), Inches(box.top),
                                   Inches(box.width), Inches(total_height))
    frame.name = f"Table {content.chart_id}"
    table = frame.table
    table.first_row = True
    for index, width in enumerate(widths):
        table.columns[index].width = Inches(width)
    table.rows[0].height = Inches(header_height)
    for column, text in enumerate(content.header):
        cell = table.cell(0, column)
        cell.fill.solid()
        cell.fill.fore_color.rgb = HEADER_FILL
        _write_cell(cell, _fit_cell(text, widths[column], content.font_pt)[0], content.font_pt, bold=True, color=WHITE)
    for row_index, (cells, height) in enumerate(page, start=1):
        table.rows[row_index].height = Inches(height)
        for column, text in enumerate(cells):
            cell = table.cell(row_index, column)
            cell.fill.solid()
            cell.fill.fore_color.rgb = BAND_FILL if row_index % 2 == 0 else WHITE
            _write_cell(cell, text, content.font_pt)
    return frame

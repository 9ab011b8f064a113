"""Draw ChartContent as a native, editable PowerPoint chart (data embedded, not a picture)."""

from __future__ import annotations

import math
from datetime import date

from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml.ns import qn
from pptx.slide import Slide
from pptx.util import Pt

from landscape.export.deck_layout import FONT, INK, MUTED, Box
from landscape.export.slide_content import ChartContent, Series

EXCEL_EPOCH = date(1899, 12, 30)
# The dashboard's markers (palette.SYMBOLS) in PowerPoint's, so a series keeps its marker in the deck.
MARKER_STYLES = {"circle": XL_MARKER_STYLE.CIRCLE, "square": XL_MARKER_STYLE.SQUARE, "diamond": XL_MARKER_STYLE.DIAMOND,
                 "triangle-up": XL_MARKER_STYLE.TRIANGLE, "star": XL_MARKER_STYLE.STAR, "x": XL_MARKER_STYLE.X,
                 "cross": XL_MARKER_STYLE.PLUS, "hexagon": XL_MARKER_STYLE.DOT, "pentagon": XL_MARKER_STYLE.DASH,
                 "triangle-down": XL_MARKER_STYLE.TRIANGLE}
DEFAULT_COLOR = "#5F6368"


def excel_serial(day: date) -> int:
    return (day - EXCEL_EPOCH).days


def _rgb(color: str | None) -> RGBColor:
    text = (color or DEFAULT_COLOR).lstrip("#")
    return RGBColor.from_string(text.upper() if len(text) == 6 else DEFAULT_COLOR.lstrip("#"))


def _label_points(chart_series, series: Series, size_pt: float,
                  position: XL_LABEL_POSITION | list[XL_LABEL_POSITION]) -> None:
    """Custom per-point labels carry the qualifier ('≈13M', '350k GPUs planned') that a number format cannot."""
    positions = position if isinstance(position, list) else [position] * len(series.values)
    for index, (value, label) in enumerate(zip(series.values, series.labels, strict=True)):
        if value is None or not label:
            continue
        data_label = chart_series.points[index].data_label
        data_label.has_text_frame = True
        data_label.text_frame.text = label
        data_label.position = positions[index]
        font = data_label.text_frame.paragraphs[0].runs[0].font
        font.size, font.name = Pt(size_pt), FONT
        font.color.rgb = INK


def _style_axes(chart: Chart, content: ChartContent) -> None:
    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = content.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_labels.font.size = Pt(10)
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    value_axis.has_title = True
    value_axis.axis_title.text_frame.text = content.axis_title
    title_font = value_axis.axis_title.text_frame.paragraphs[0].runs[0].font
    title_font.size, title_font.bold, title_font.color.rgb = Pt(10), False, MUTED
    chart.category_axis.tick_labels.font.size = Pt(10 if content.kind == "xy" else 11)


def _legend(chart: Chart, content: ChartContent) -> None:
    chart.has_title = False  # the slide title says it; LibreOffice would otherwise title single-series charts
    chart.has_legend = len(content.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(10 if len(content.series) > 6 else 11)


def _set_log_scale(axis) -> None:
    scaling = axis._element.find(qn("c:scaling"))
    log_base = etree.SubElement(scaling, qn("c:logBase"))
    log_base.set("val", "10")
    scaling.remove(log_base)
    scaling.insert(0, log_base)  # the schema wants logBase first


def _span_gaps(chart: Chart) -> None:
    """Draw a series' line across the x slots that belong to other series."""
    element = chart._chartSpace.chart
    blanks = element.find(qn("c:dispBlanksAs"))
    if blanks is None:
        blanks = etree.SubElement(element, qn("c:dispBlanksAs"))
        element.remove(blanks)
        element.insert(list(element).index(element.find(qn("c:plotVisOnly"))) + 1, blanks)
    blanks.set("val", "span")


def add_bar_chart(slide: Slide, box: Box, content: ChartContent):
    """Horizontal bars, first category on top; series overlap so a category's one bar sits centred."""
    data = CategoryChartData(number_format=content.number_format)
    # PowerPoint draws the first category at the bottom of a bar chart; reverse so reading order is top-down.
    data.categories = list(reversed(content.categories))
    for series in content.series:
        data.add_series(series.name, list(reversed(series.values)))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box.emu(), data)
    frame.name = f"Chart {content.chart_id}"
    chart = frame.chart
    chart.font.name, chart.font.size = FONT, Pt(11)
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.overlap = 100 if len(content.series) > 1 else 0
    for chart_series, series in zip(plot.series, content.series, strict=True):
        chart_series.format.fill.solid()
        chart_series.format.fill.fore_color.rgb = _rgb(series.color)
        reversed_series = Series(series.name, list(reversed(series.values)), list(reversed(series.labels)))
        _label_points(chart_series, reversed_series, 11, XL_LABEL_POSITION.OUTSIDE_END)
    _style_axes(chart, content)
    _legend(chart, content)
    return frame


def _shared_x(content: ChartContent) -> tuple[list[date], list[Series]]:
    """Every series over the same x slots, None where it has no point.

    LibreOffice drops XY series that precede a longer one when each series has its own x range;
    a shared x column (as Excel itself writes) renders everywhere. A date repeated within a series
    gets a slot per occurrence, so no point is lost.
    """
    slots = sorted({slot for s in content.series for slot in _numbered(s.x or [])})
    index = {slot: i for i, slot in enumerate(slots)}
    spread = []
    for series in content.series:
        values: list[float | None] = [None] * len(slots)
        labels = [""] * len(slots)
        for slot, value, label in zip(_numbered(series.x or []), series.values, series.labels, strict=True):
            values[index[slot]], labels[index[slot]] = value, label
        spread.append(Series(series.name, values, labels, series.color, dashed=series.dashed, marker=series.marker))
    return [day for day, _ in slots], spread


def _numbered(days: list[date]) -> list[tuple[date, int]]:
    seen: dict[date, int] = {}
    numbered = []
    for day in days:
        numbered.append((day, seen.get(day, 0)))
        seen[day] = seen.get(day, 0) + 1
    return numbered


def _label_positions(spread: list[Series], log_scale: bool) -> list[list[XL_LABEL_POSITION]]:
    """Above a line's points, right of a lone point; where two points on one date nearly coincide,
    the lower label moves below (or left) so the two stay readable."""
    positions = [[XL_LABEL_POSITION.ABOVE if sum(v is not None for v in s.values) > 1 else XL_LABEL_POSITION.RIGHT]
                 * len(s.values) for s in spread]
    values = [v for s in spread for v in s.values if v]
    if not values:
        return positions
    top = max(values)
    for slot in range(len(spread[0].values) if spread else 0):
        points = sorted((s.values[slot], n) for n, s in enumerate(spread) if s.values[slot])
        for (lower, n), (higher, _) in zip(points, points[1:], strict=False):
            close = higher / lower < 2.5 if log_scale else (higher - lower) < 0.06 * top
            if close:
                positions[n][slot] = (XL_LABEL_POSITION.BELOW if positions[n][slot] == XL_LABEL_POSITION.ABOVE
                                      else XL_LABEL_POSITION.LEFT)
    return positions


def add_xy_chart(slide: Slide, box: Box, content: ChartContent):
    """Dates on a value axis (Excel serials shown as 'mmm yyyy'), one series per company and status."""
    days, spread = _shared_x(content)
    data = XyChartData()
    for series in spread:
        chart_series = data.add_series(series.name, number_format=content.number_format)
        for day, value in zip(days, series.values, strict=True):
            chart_series.add_data_point(excel_serial(day), value)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES, *box.emu(), data)
    frame.name = f"Chart {content.chart_id}"
    chart = frame.chart
    chart.font.name, chart.font.size = FONT, Pt(10)
    _span_gaps(chart)
    positions = _label_positions(spread, content.log_scale)
    for chart_series, series, series_positions in zip(chart.plots[0].series, spread, positions, strict=True):
        color = _rgb(series.color)
        chart_series.smooth = False
        line = chart_series.format.line
        line.color.rgb, line.width = color, Pt(2)
        line.dash_style = MSO_LINE_DASH_STYLE.DASH if series.dashed else MSO_LINE_DASH_STYLE.SOLID
        marker = chart_series.marker
        marker.style = MARKER_STYLES.get(series.marker, XL_MARKER_STYLE.CIRCLE)
        marker.size = 9 if series.dashed else 8
        marker.format.fill.solid()
        # Open (white) markers mark figures that are not realised, as they do in the dashboard.
        marker.format.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF) if series.dashed else color
        marker.format.line.color.rgb = color
        _label_points(chart_series, series, 9, series_positions)
    _style_axes(chart, content)
    days = [d for s in content.series for d in (s.x or [])]
    x_axis = chart.category_axis
    x_axis.tick_labels.number_format, x_axis.tick_labels.number_format_is_linked = "mmm yyyy", False
    x_axis.has_major_gridlines = False
    if days:
        # Room on the right for the last points' labels.
        low, high = excel_serial(min(days)) - 45, excel_serial(max(days)) + 110
        x_axis.minimum_scale, x_axis.maximum_scale = low, high
        x_axis.major_unit = max(31, round((high - low) / 8 / 30.4) * 30.4)
    values = [v for s in content.series for v in s.values if v]
    if content.log_scale and values:
        _set_log_scale(chart.value_axis)
        chart.value_axis.minimum_scale = 10 ** math.floor(math.log10(min(values)))
        chart.value_axis.maximum_scale = 10 ** math.ceil(math.log10(max(values)))
        chart.value_axis.major_unit = 10  # on a log axis a factor: a gridline per power of ten
    _legend(chart, content)
    return frame

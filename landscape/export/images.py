"""PNG and SVG of a chart with its sources and as-of date drawn into the image.

Rendering goes through kaleido 1.x and Debian's chromium. Starting a browser costs ~3 s, so one
kaleido sync server is started lazily per process and reused (~0.2 s per image); kaleido
registers its own atexit shutdown, and stop_renderer() is there for tests and long-lived hosts.
Kaleido's sync server is not safe for concurrent callers (replies share one queue), so calls are
serialised with a lock: Streamlit runs sessions on threads. kaleido itself is imported on the first
render, not with this module: every dashboard page imports this module, and few page loads render an image.
"""

from __future__ import annotations

import html
import os
import shutil
import textwrap
import threading
from typing import Literal

import plotly.graph_objects as go

from landscape.charts import legend_below_px, legend_names

ImageFormat = Literal["png", "svg"]
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1200, 650
EXPORT_AXIS_AND_LEGEND_PX = 100
EXPORT_RIGHT_PX = 10  # when the legend moves from the plot's right side to below it
FOOTER_FONT_PX = 11
FOOTER_LINE_PX = 15
MAX_SOURCE_LINES = 6
BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome")

_lock = threading.Lock()
_started = False


class RendererUnavailable(RuntimeError):
    """No chromium to render with."""


def browser_path() -> str | None:
    """BROWSER_PATH wins (as in choreographer); else Debian's chromium on PATH."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    return next((found for name in BROWSER_CANDIDATES if (found := shutil.which(name))), None)


def _ensure_started() -> None:
    global _started
    if _started:
        return
    path = browser_path()
    if path is None:
        raise RendererUnavailable("no chromium found: install Debian's chromium or set BROWSER_PATH")
    import kaleido

    kaleido.start_sync_server(path=path, silence_warnings=True)
    _started = True


def stop_renderer() -> None:
    global _started
    with _lock:
        if _started:
            import kaleido

            kaleido.stop_sync_server(silence_warnings=True)
            _started = False


def footer_lines(sources: list[str], as_of: str, width_px: int) -> list[str]:
    """The source footer wrapped to the image's width, escaped for plotly (which shows '&quot;' verbatim,
    so quotes stay as they are)."""
    # The paper's left edge sits right of the y-axis labels, so leave room for a wide left margin.
    characters = max(40, int(width_px * 0.8 / (FOOTER_FONT_PX * 0.55)))
    text = "Sources: " + "; ".join(sources) if sources else "Sources: none plotted"
    lines = [html.escape(line, quote=False) for line in textwrap.wrap(text, characters)]
    if len(lines) > MAX_SOURCE_LINES:
        lines = lines[: MAX_SOURCE_LINES - 1] + [f"… and more: {len(sources)} sources in all"]
    return [*lines, as_of]


def with_footer(figure: go.Figure, sources: list[str], as_of: str) -> go.Figure:
    """A copy of the figure with the sources and as-of stamp as annotations below the plot area."""
    out = go.Figure(figure)
    width = int(out.layout.width or DEFAULT_WIDTH)
    height = int(out.layout.height or DEFAULT_HEIGHT)
    lines = footer_lines(sources, as_of, width)
    footer_px = FOOTER_LINE_PX * len(lines) + 16
    margin = out.layout.margin
    top = margin.t if margin.t is not None else 60
    # The image lays out its own bottom: axis labels and the legend below the plot, in as many rows as
    # its names fill at the image's width, then the footer. (The figure's bottom and right margins fit
    # its legend on screen, which the image places anew.)
    right = EXPORT_RIGHT_PX if (out.layout.legend.x or 0) > 1 else margin.r
    names = legend_names([trace.to_plotly_json() for trace in out.data], out.layout.to_plotly_json())
    # The legend starts 60 px under the plot here, 15 px lower than on screen.
    legend_px = legend_below_px(names, width - (margin.l or 0) - (right or 0)) + 15 if names else 0
    bottom = max(EXPORT_AXIS_AND_LEGEND_PX, legend_px) + footer_px
    plot_height = max(120, height + footer_px - top - bottom)
    out.update_layout(width=width, height=height + footer_px, margin=dict(b=bottom, t=top, r=right),
                      legend=dict(orientation="h", yref="paper", yanchor="top", y=-60 / plot_height, x=0,
                                  xanchor="left"))
    footer_bottom = -(bottom - 8) / plot_height
    sources_px = FOOTER_LINE_PX * (len(lines) - 1)
    out.add_annotation(text="<br>".join(lines[:-1]), xref="paper", yref="paper", x=0, xanchor="left",
                       y=footer_bottom, yanchor="bottom", align="left", showarrow=False,
                       font=dict(size=FOOTER_FONT_PX, color="#555"))
    out.add_annotation(text=lines[-1], xref="paper", yref="paper", x=1, xanchor="right",
                       y=footer_bottom + (sources_px + 4) / plot_height, yanchor="bottom", showarrow=False,
                       font=dict(size=FOOTER_FONT_PX, color="#333"))
    return out


def render_image(figure: go.Figure, fmt: ImageFormat, sources: list[str], as_of: str) -> bytes:
    if fmt not in ("png", "svg"):
        raise ValueError(f"unsupported image format {fmt!r}; use png or svg")
    framed = with_footer(figure, sources, as_of)
    options = {"format": fmt, "width": framed.layout.width, "height": framed.layout.height, "scale": 1}
    with _lock:
        _ensure_started()
        import kaleido

        return kaleido.calc_fig_sync(framed, opts=options)

"""Helpers for AppTest: open a page through the real navigation and read its plotly figures."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable

import numpy as np
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from landscape import charts, paths

APP = str(paths.ROOT / "app.py")


def open_page(page: str | None, params: dict[str, str] | None = None,
              before_page: Callable[[], object] | None = None) -> AppTest:
    """The app opened on `page` with these link parameters. It opens on the overview first, as a
    browser does; before_page is called between the two runs."""
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    if before_page is not None:
        before_page()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _values(array) -> list:
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array) if array is not None else []


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def traces(figure: dict) -> dict[str, dict]:
    """Trace name -> {'x': [...], 'y': [...], 'text': [...], 'customdata': [...], 'value': [...]}, where
    'value' is the y of upright points and bars and the x of bars lying on their side."""
    out = {}
    for trace in figure["data"]:
        x, y = _values(trace.get("x")), _values(trace.get("y"))
        out[trace.get("name")] = {"x": x, "y": y, "text": trace.get("text"), "customdata": trace.get("customdata"),
                                  "value": x if trace.get("orientation") == "h" else y}
    return out


def bars_of(figure: dict) -> dict[str, dict]:
    """Like traces() for a bar chart, keyed by what each bar belongs to: a chart coloured by entity
    draws all its bars as one trace and names each bar's entity in an eighth customdata field."""
    out = {}
    for name, trace in traces(figure).items():
        custom = trace["customdata"] or []
        if not custom or len(custom[0]) <= len(charts.CUSTOM_FIELDS):
            out[name] = trace
            continue
        for position, row in enumerate(custom):
            out[row[len(charts.CUSTOM_FIELDS)]] = {
                axis: [trace[axis][position]] for axis in ("x", "y", "customdata", "value")} | {
                "text": [trace["text"][position]]}
    return out


def title(figure: dict) -> str:
    """A chart's title: the page writes it above the chart and keeps it in the layout's meta."""
    layout = figure["layout"]
    return layout["title"]["text"] if "title" in layout else layout["meta"]["title"]


def record_downloads(monkeypatch) -> dict[str, Callable[[], bytes | str]]:
    """File name -> the callable each download button registers to build its file when clicked.

    AppTest never clicks through to a deferred download, and a callable that raises only makes the
    button do nothing in a browser; calling these builds each file as a click would."""
    recorded: dict[str, Callable[[], bytes | str]] = {}
    register = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        recorded[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return recorded

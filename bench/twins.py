"""Each page's twin: what the page sent on its first view, recorded so that bench/twin_app.py can
replay exactly that from a pickle, with no DuckDB and no project code on its path.

A recording is plain data (str, list, dict, numbers, dates and pandas DataFrames): the page's
element tree as AppTest saw it, main body and sidebar, layout blocks kept (columns, tabs, expanders,
popovers), every plotly figure as the JSON the page sent, every table as the rows and columns it
sent with its column configuration, every widget with its kind, label, options and value, and the
text around them. The twin's time is then what Streamlit itself costs to show the same thing, and a
page's ratio to it is what our own code costs a reader.
"""

from __future__ import annotations

import base64
import json
import pickle
from datetime import date, datetime, time
from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Dataframe, Element, UnknownElement, Widget

TWIN_APP = Path(__file__).resolve().parent / "twin_app.py"
PAGE_ENV = "BENCH_TWIN_PAGE"  # the one recording an in-process AppTest of the twin replays
DIR_ENV = "BENCH_TWINS"  # the directory of recordings a served twin app replays, one page each
_WIDGET_OPTIONS = ("selectbox", "multiselect", "radio", "select_slider", "button_group")
_TEXT = {"markdown", "caption", "text", "title", "header", "subheader", "code", "latex"}
_ALERTS = {"info", "warning", "error", "success"}


def _value(widget: Widget) -> object:
    try:
        value = widget.value
    except Exception:  # a widget AppTest cannot read back is replayed at its default
        return None
    return value if isinstance(value, (str, int, float, bool, date, datetime, time, list, tuple, type(None))) else None


def _widget(node: Widget) -> dict:
    options = list(getattr(node, "options", []) or [])
    value = _value(node)
    if node.type in ("multiselect",) and isinstance(value, (list, tuple)):
        value = [v for v in value if v in options]  # shown labels, as the twin's options are
    elif node.type in ("selectbox", "radio") and value not in options:
        value = options[0] if options else None
    return {"kind": "widget", "type": node.type, "label": getattr(node.proto, "label", "") or node.type,
            "options": options, "value": value, "key": node.key}


def _element(node: Element) -> dict | None:
    if isinstance(node, Widget):
        return _widget(node)
    if isinstance(node, Dataframe):
        columns = json.loads(node.proto.columns) if node.proto.columns else {}
        return {"kind": "dataframe", "frame": node.value, "column_config": columns, "key": node.key,
                "selectable": bool(node.proto.selection_mode)}
    if isinstance(node, UnknownElement) and node.type == "plotly_chart":
        return {"kind": "plotly_chart", "spec": node.proto.spec, "config": node.proto.config, "key": node.key,
                "selectable": bool(node.proto.selection_mode)}
    kind = node.type
    if kind in _ALERTS or kind in _TEXT or kind == "html":
        body = node.proto.body if hasattr(node.proto, "body") else str(node.value)
        return {"kind": kind, "body": body}
    if kind == "page_link":
        return {"kind": "markdown", "body": node.proto.label}  # a link's text; its target is project code
    if kind in ("divider",):
        return {"kind": "divider"}
    if kind in ("empty",):
        return None
    return {"kind": "markdown", "body": str(getattr(node, "value", ""))[:2000]}


def _block(node: Block) -> dict:
    kind = node.type
    proto = node.proto
    info: dict = {"kind": "block", "type": kind, "children": _children(node)}
    if kind in ("expander", "tab"):
        info["label"] = node.label
    elif kind == "popover":
        info["label"] = proto.popover.label
    elif kind == "column":
        info["weight"] = node.weight
    return info


def _children(node: Block) -> list[dict]:
    out = []
    for _, child in sorted(node.children.items()):
        item = _block(child) if isinstance(child, Block) else _element(child)
        if item is not None:
            out.append(item)
    return out


def record(at: AppTest) -> dict:
    """The page as it stands in this AppTest: {"main": [...], "sidebar": [...]}."""
    tree = at._tree
    return {"main": _children(tree.children[0]), "sidebar": _children(tree.children[1])}


def save(recording: dict, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(recording, protocol=5))
    return path


def write_index(folder: Path, pages: list[tuple[str, str]]) -> Path:
    """The pages a served twin app offers, in the app's order: (recording's stem, URL path)."""
    path = folder / "index.pickle"
    path.write_bytes(pickle.dumps(pages, protocol=5))
    return path


def _walk(items: list[dict]):
    for item in items:
        yield item
        if item["kind"] == "block":
            yield from _walk(item["children"])


def _count(array) -> int:
    if isinstance(array, dict) and "bdata" in array:
        import numpy as np

        return int(np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).size)
    return len(array) if isinstance(array, list) else 0


def spec_points(spec: str) -> int:
    """Points in one plotly figure's JSON (the x values of every trace)."""
    return sum(_count(trace.get("x")) for trace in json.loads(spec).get("data", []))


def shape(recording: dict) -> dict:
    """What a twin must match: points per chart, rows × columns per table, and the widget count."""
    items = [*_walk(recording["main"]), *_walk(recording["sidebar"])]
    return {"chart_points": [spec_points(i["spec"]) for i in items if i["kind"] == "plotly_chart"],
            "tables": [list(i["frame"].shape) for i in items if i["kind"] == "dataframe"],
            "widgets": sum(1 for i in items if i["kind"] == "widget")}


def run_twin(path: Path, timeout: float = 60) -> AppTest:
    """The twin of one recording, run once in-process with AppTest."""
    import os

    os.environ[PAGE_ENV] = str(path)
    at = AppTest.from_file(str(TWIN_APP), default_timeout=timeout)
    at.run()
    return at

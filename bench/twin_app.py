"""A page's twin: a bare Streamlit page replaying what that page sent on its first view, from a
pickle written by bench/twins.py. No DuckDB, no reconciliation, no project code on its path: it
imports only streamlit, plotly and the standard library (pandas comes inside the pickle's tables).

Served (bench/browser.py), it mirrors the app: one st.navigation page per recording in
$BENCH_TWINS, at the page's own URL path. Under AppTest, $BENCH_TWIN_PAGE names the one recording
it replays.

Each figure goes to st.plotly_chart as the JSON the page sent, through a Figure whose to_dict()
returns it: the cheapest way Streamlit draws a given JSON, so the twin is never slowed by a step
the page skips (the ratio to it must not flatter the page).
"""

import os
import pickle
from pathlib import Path

import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Twin", layout="wide")


class _Sent(go.Figure):
    def __init__(self, spec: dict):  # no Figure.__init__: nothing to validate, it is sent as it is
        self._sent = spec

    def to_dict(self) -> dict:
        return self._sent


@st.cache_resource(show_spinner=False)
def _recording(path: str) -> dict:
    """The recording, unpickled once per server and held in memory, figures decoded once."""
    import json

    recording = pickle.loads(Path(path).read_bytes())

    def decode(items):
        for item in items:
            if item["kind"] == "plotly_chart":
                item["figure"] = json.loads(item["spec"])
                item["config_dict"] = json.loads(item["config"]) if item["config"] else {}
            elif item["kind"] == "block":
                decode(item["children"])

    decode(recording["main"])
    decode(recording["sidebar"])
    return recording


def _index(options: list, value) -> int | None:
    return options.index(value) if value in options else (0 if options else None)


def _widget(item: dict, number: int) -> None:
    kind, label, options, value = item["type"], item["label"], item["options"], item["value"]
    key = item["key"] or f"twin-widget-{number}"
    if kind == "multiselect":
        st.multiselect(label, options, default=[v for v in (value or []) if v in options], key=key)
    elif kind == "selectbox":
        st.selectbox(label, options, index=_index(options, value), key=key)
    elif kind == "radio":
        st.radio(label, options, index=_index(options, value), key=key, horizontal=True)
    elif kind == "date_input":
        st.date_input(label, value=value, key=key)
    elif kind == "toggle":
        st.toggle(label, bool(value), key=key)
    elif kind == "checkbox":
        st.checkbox(label, bool(value), key=key)
    elif kind == "download_button":
        st.download_button(label, data=b"", key=key, on_click="ignore")
    elif kind in ("text_input", "text_area"):
        getattr(st, kind)(label, value if isinstance(value, str) else "", key=key)
    elif kind == "number_input":
        st.number_input(label, value=value if isinstance(value, (int, float)) else 0, key=key)
    elif kind == "button_group":
        st.segmented_control(label, options, key=key)
    else:  # buttons, uploaders and anything else: one widget in its place
        st.button(label, key=key)


def _replay(items: list[dict], counter: list[int]) -> None:
    for item in items:
        kind = item["kind"]
        if kind == "block":
            _block(item, counter)
        elif kind == "widget":
            counter[0] += 1
            _widget(item, counter[0])
        elif kind == "plotly_chart":
            selection = {"on_select": "rerun", "selection_mode": "points"} if item["selectable"] else {}
            st.plotly_chart(_Sent(item["figure"]), key=item["key"], config=item["config_dict"], **selection)
        elif kind == "dataframe":
            selection = {"on_select": "rerun", "selection_mode": "single-row"} if item.get("selectable") else {}
            st.dataframe(item["frame"], key=item["key"], column_config=item["column_config"] or None, **selection)
        elif kind == "html":
            st.html(item["body"])
        elif kind in ("info", "warning", "error", "success"):
            getattr(st, kind)(item["body"])
        elif kind == "caption":
            st.caption(item["body"])
        elif kind == "divider":
            st.divider()
        else:
            st.markdown(item["body"])


def _block(item: dict, counter: list[int]) -> None:
    kind, children = item["type"], item["children"]
    if kind == "horizontal" and children and all(c.get("type") == "column" for c in children):
        for column, child in zip(st.columns([c.get("weight") or 1 for c in children]), children, strict=True):
            with column:
                _replay(child["children"], counter)
    elif kind == "tab_container" and children:
        for tab, child in zip(st.tabs([c.get("label") or "Tab" for c in children]), children, strict=True):
            with tab:
                _replay(child["children"], counter)
    elif kind == "expander":
        with st.expander(item.get("label") or "More"):
            _replay(children, counter)
    elif kind == "popover":
        with st.popover(item.get("label") or "More"):
            _replay(children, counter)
    else:  # vertical containers, forms (their submit button replays as a button) and the rest
        with st.container():
            _replay(children, counter)


def show(path: str) -> None:
    recording = _recording(path)
    counter = [0]
    with st.sidebar:
        _replay(recording["sidebar"], counter)
    _replay(recording["main"], counter)


def _page(path: Path):
    def page() -> None:
        show(str(path))

    page.__name__ = f"twin_{path.stem}"
    return page


if os.environ.get("BENCH_TWIN_PAGE"):
    show(os.environ["BENCH_TWIN_PAGE"])
else:
    folder = Path(os.environ["BENCH_TWINS"])
    index = pickle.loads((folder / "index.pickle").read_bytes())  # [(stem, url_path), ...] in app order
    st.navigation([st.Page(_page(folder / f"{stem}.pickle"), title=stem, url_path=url or None, default=not url)
                   for stem, url in index]).run()

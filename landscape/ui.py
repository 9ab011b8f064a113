"""The only streamlit module: cached database access, shared filters, evidence and downloads.

Pages call these widgets so each reads top-down (filters -> query -> chart -> table ->
downloads) with no copy-pasted code. Nothing here computes data; queries.py and charts.py do.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import logging
import pickle
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from landscape import charts, paths, queries, table_columns
from landscape.comparisons import leads
from landscape.database import Database, DatabaseMissing, Identity, QueryFailed, identity
from landscape.export.images import render_image
from landscape.export.safe_csv import csv_bytes, export_file_name
from landscape.extract import calibration
from landscape.labels import counted, fact_label, period_label, plotted_sources, source_label, value_label
from landscape.overrides import append_override
from landscape.reconcile import like_for_like_problems
from landscape.vocabulary import METRIC_LABELS, STATUSES

SOURCES_PAGE = "views/sources.py"
COMPANY_PAGE = "views/company.py"
EXPLORER_PAGE = "views/explorer.py"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_log = logging.getLogger(__name__)


def _measured_precision() -> str:
    """Which unreviewed figures the charts show by default and how often such figures were measured to be right,
    out of fold on the articles the confidence model was fitted on and on held-out ones
    (calibration.MEASURED_PRECISION, at calibration.MEASURED_AT)."""
    dev, holdout = calibration.MEASURED_PRECISION["dev"], calibration.MEASURED_PRECISION["holdout"]
    measured = (f"{dev[0]:.0%} right on the real-news articles the confidence was fitted on (each scored by a model "
                f"fitted without it), {holdout[0]:.0%} on held-out ones")
    if calibration.SHOW_THRESHOLD >= calibration.NONE_SHOWN:
        return (f"none is shown: at no confidence were the extractor's figures surely "
                f"{calibration.TARGET_PRECISION:.0%} right; the closest line, confidence >= "
                f"{calibration.MEASURED_AT:.3g}, had {measured}")
    return f"those with confidence >= {calibration.SHOW_THRESHOLD:.3g} are shown: such figures were {measured}"


def md_escape(text: object) -> str:
    """Text shown through markdown-rendering widgets must never become markup or a link."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


# ---- database ---------------------------------------------------------------------------------

@st.cache_resource(max_entries=2, show_spinner=False)
def _attached(ident: Identity) -> Database:
    return Database(Path(ident.path))


@st.cache_resource(show_spinner=False)
def _long_lived_objects_frozen() -> int:
    """Once per server process: move every object alive when the first page runs (the libraries'
    modules, classes and functions, about 130,000 of them) out of the cycle collector's reach
    (gc.freeze). They live as long as the process, yet each full collection walked them all: at 1M
    facts one came every ninth rerun or so and took about 95 ms, against 30 ms once they are frozen.
    Only this first moment's objects are frozen; whatever a rerun leaves behind is collected as before.
    They are unfrozen at exit, so that the interpreter's shutdown still frees them (DuckDB reports the
    objects it finds unfreed as leaks)."""
    gc.freeze()
    atexit.register(gc.unfreeze)
    return gc.get_freeze_count()


def database() -> Database:
    """The current database; a rebuilt file is picked up on the next interaction."""
    _long_lived_objects_frozen()
    path = paths.db_path()
    try:
        ident = identity(path)
        return _attached(ident)
    except DatabaseMissing:
        st.info(f"No landscape database yet at `{path}`. Build it with `make build` "
                "(or `python -m landscape build`), then reload this page.")
        st.stop()
    except Exception as err:  # a half-copied or foreign file must not show a traceback
        st.warning(f"The database at `{path}` could not be opened ({type(err).__name__}). "
                   "Rebuild it with `make build`.")
        st.stop()


@st.cache_data(max_entries=1024, show_spinner=False)
def _cached(name: str, ident: Identity, args: tuple):
    return getattr(queries, name)(_attached(ident), *args)


def query(name: str, *args):
    """Run queries.<name>(db, *args), cached on the database file's identity and the arguments.

    A query DuckDB cannot answer stops the page with a message, never Streamlit's error page; a
    failure is not cached, so a reload asks again."""
    db = database()
    try:
        return _cached(name, db.identity, args)
    except QueryFailed as failed:
        query_failed(failed, f"query {name}", "This page could not be loaded from the database.")


def query_failed(failed: QueryFailed, what: str, headline: str) -> None:
    """Log a query DuckDB could not answer and stop the page with a message saying so (never
    Streamlit's error page). A failure is not cached, so trying again asks again."""
    _log.warning("%s failed: %s", what, failed, exc_info=failed.__cause__)
    cause = ("The server ran short of memory, most likely because many pages were loading at once. "
             if failed.out_of_memory else f"DuckDB reported {failed.kind}. ")
    st.error(f"**{headline}** {cause}Nothing was changed. "
             "Reload the page to try again; if it keeps failing, rebuild the database with `make build`.",
             icon=":material/error:")
    st.stop()


def _frame_digest(frame: pd.DataFrame) -> str:
    """A cache key for a frame: the digest of its pickle. Equal bytes mean equal content, so a hit is
    never wrong; Streamlit's own DataFrame hashing costs ten times more on string columns."""
    return hashlib.blake2b(pickle.dumps(frame, protocol=5), digest_size=16).hexdigest()


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs={pd.DataFrame: _frame_digest})
def _figure(builder: str, frame: pd.DataFrame, options: tuple) -> dict:
    return getattr(charts, builder).spec(frame, **dict(options))


def figure(builder: str, frame: pd.DataFrame, **options) -> dict:
    """charts.<builder>.spec(frame, **options), cached on the frame's content: a rerun that changes
    nothing in a chart's data does not rebuild its figure.

    It stays the plain dict the cache holds, which chart() sends as it is (charts.for_streamlit) and
    charts.as_figure turns into a Figure where one is needed. Never re-validated: that would give
    every trace a new random uid, so the chart's identity, and with it a clicked point's selection,
    would change on every rerun.
    """
    return _figure(builder, frame, tuple(sorted(options.items())))


def series_to_draw(filters: queries.Filters) -> int | None:
    """How many series a line chart draws (charts.metric_lines' draw_at_most): with no entity chosen,
    the largest few, the rest listed in its legend; with entities chosen, every one of them."""
    return None if filters.entities else charts.MAX_DRAWN_SERIES


# ---- URL query parameters --------------------------------------------------------------------

def param_list(name: str) -> list[str]:
    raw = st.query_params.get(name, "")
    return [v for v in (s.strip() for s in str(raw).split(",")) if v][:200]


def _param_date(name: str) -> date | None:
    raw = st.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(str(raw)[:10])
    except ValueError:
        _ignored(name, raw)
        return None


def ignore_param(name: str, value: object) -> None:
    """Note a link parameter the page could not use; show_ignored() lists them for the reader."""
    _ignored(name, value)


def _ignored(name: str, value: object) -> None:
    st.session_state.setdefault("_ignored_params", []).append(f"{name}={str(value)[:60]}")


def show_ignored() -> None:
    ignored = st.session_state.pop("_ignored_params", [])
    if ignored:
        st.warning("Ignored unknown value(s) in the link: " + ", ".join(md_escape(v) for v in ignored), icon=":material/link_off:")


# Seeded widgets. A widget's value is first set through Session State (from the link or a default)
# and the widget is ALSO created with that value as its default (`value=`, `index=`, `default=`).
# Streamlit loads each widget's browser code on first use; on a busy machine a reader can interact
# before a sidebar widget has mounted, and that widget, mounting later, registers the default carried
# by the latest run, not the value the server holds. Without the default, "every claim status"
# silently became "none" and the page emptied (caught by the rebuild-under-load browser test).

def _init(key: str, value):
    """Seed a widget's value once; return the value the widget now holds, to pass as its default."""
    if key not in st.session_state:
        st.session_state[key] = value
    return st.session_state[key]


def index_of(options: list, value) -> int:
    """A single-choice widget's index for value (the first option if value is no longer offered)."""
    return options.index(value) if value in options else 0


def choice_from_url(name: str, choices: list[str], default: str, key: str) -> str:
    """Seed a single-choice widget from ?name=..., ignoring (and reporting) unknown values."""
    if key not in st.session_state:
        raw = st.query_params.get(name)
        if raw and raw not in choices:
            _ignored(name, raw)
        st.session_state[key] = raw if raw in choices else default
    return st.session_state[key]


def choices_from_url(name: str, choices: list[str], default: list[str], key: str) -> list[str]:
    """Seed a multi-choice widget from ?name=a,b, ignoring (and reporting) unknown values; returns
    the widget's current choices (still offered ones only), to pass as its default."""
    if key not in st.session_state:
        wanted = param_list(name)
        for unknown in [w for w in wanted if w not in choices]:
            _ignored(name, unknown)
        st.session_state[key] = [w for w in wanted if w in choices] or list(default)
    return [w for w in st.session_state[key] if w in choices]


def flag_from_url(name: str, default: bool, key: str) -> bool:
    if key not in st.session_state:
        raw = st.query_params.get(name)
        if raw is not None and raw not in ("0", "1"):
            _ignored(name, raw)
        st.session_state[key] = {"1": True, "0": False}.get(str(raw), default) if raw is not None else default
    return bool(st.session_state[key])


def sync_url(values: dict[str, object]) -> None:
    """Mirror these widgets' values in the URL (others' parameters are left alone), so a copied link
    reproduces the view. Empty values are removed rather than written."""
    for name, value in values.items():
        if value is None or (not isinstance(value, bool) and value in ("", [], ())):
            if name in st.query_params:
                del st.query_params[name]
            continue
        if isinstance(value, (list, tuple)):
            value = ",".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "1" if value else "0"
        elif isinstance(value, date):
            value = value.isoformat()
        if st.query_params.get(name) != str(value):
            st.query_params[name] = str(value)


# ---- sidebar filters -------------------------------------------------------------------------

_EARLIEST, _LATEST = date(1990, 1, 1), date(2100, 1, 1)


def _clamp(day: date) -> date:
    return min(max(day, _EARLIEST), _LATEST)


def sidebar_filters(page: str, options: list[queries.EntityOption], *, metric_choices: list[str] | None = None,
                    default_metric: str | None = None, statuses: bool = True,
                    kinds: list[str] | None = None) -> queries.Filters:
    """Entities (searchable, sorted by value), date range, metric and claim status, mirrored in the URL."""
    names = {o.entity_id: o.name for o in options}
    lo, hi = query("date_bounds")
    ids = list(names)
    key = f"{page}:entities"
    st.session_state[key] = choices_from_url("entities", ids, [], key)
    with st.sidebar:
        st.header("Filters")
        metric = None
        if metric_choices:
            metric = st.selectbox("Metric", metric_choices, key=f"{page}:metric",
                                  index=index_of(metric_choices, choice_from_url(
                                      "metric", metric_choices, default_metric or metric_choices[0], f"{page}:metric")),
                                  format_func=lambda m: METRIC_LABELS.get(m, m))
        chosen = st.multiselect("Entities", ids, key=key, default=st.session_state[key],
                                format_func=lambda i: names.get(i, i),
                                placeholder="All (type to search)",
                                help="Sorted by their largest figure. Leave empty to show all.")
        start_key, end_key = f"{page}:start", f"{page}:end"
        # One above the other: side by side, each field was narrower than its date ("2017 / 01 / (").
        start = st.date_input("From", _init(start_key, _clamp(_param_date("from") or lo)), key=start_key,
                              min_value=_EARLIEST, max_value=_LATEST)
        end = st.date_input("To", _init(end_key, _clamp(_param_date("to") or hi)), key=end_key,
                            min_value=_EARLIEST, max_value=_LATEST)
        chosen_statuses: tuple[str, ...] = STATUSES
        if statuses:
            status_key = f"{page}:status"
            seeded = choices_from_url("status", list(STATUSES), list(STATUSES), status_key)
            chosen_statuses = tuple(st.multiselect("Claim status", list(STATUSES), seeded, key=status_key,
                                                   help="Reported and estimated figures are realised; planned, "
                                                        "prospective, expected and rumoured ones are drawn with "
                                                        "open markers (hatched bars)."))
        chosen_kinds: tuple[str, ...] = ()
        if kinds is not None:
            kinds_key = f"{page}:kinds"
            seeded = choices_from_url("kinds", kinds, [], kinds_key)
            chosen_kinds = tuple(st.multiselect("Event kinds", kinds, seeded, key=kinds_key, placeholder="All kinds"))
        known_key = f"{page}:known"
        known_on = st.date_input("Known as of", _init(known_key, _param_date("known")), key=known_key,
                                 min_value=_EARLIEST, max_value=_LATEST,
                                 help="Show the landscape as it was known on this date: only figures and events "
                                      "published on or before it. Empty means everything known now.")
        unreviewed_key = f"{page}:unreviewed"
        include_unreviewed = st.toggle("Show every unreviewed extracted fact",
                                       flag_from_url("unreviewed", False, unreviewed_key), key=unreviewed_key,
                                       help="Facts the extractor proposed that no analyst has reviewed yet are marked "
                                            "with * and say so on hover. Off, only those it is confident of are shown "
                                            f"({_measured_precision()}); the rest wait in the Review page.")
    show_ignored()
    if start and end and start > end:
        start, end = end, start
    url = {"metric": metric, "entities": chosen, "from": start if start != lo else None,
           "to": end if end != hi else None,
           "status": list(chosen_statuses) if statuses and set(chosen_statuses) != set(STATUSES) else None,
           "kinds": list(chosen_kinds), "unreviewed": True if include_unreviewed else None,
           "known": known_on}
    sync_url(url)
    return queries.Filters(entities=tuple(chosen), start=start, end=end, metric=metric,
                           statuses=chosen_statuses, kinds=chosen_kinds, include_unreviewed=include_unreviewed,
                           known_on=known_on)


# ---- page furniture --------------------------------------------------------------------------

def page_header(title: str, description: str) -> None:
    st.title(title)
    st.caption(description)


def empty_state(what: str, why: str, fix: str) -> None:
    st.info(f"**No {what} to show.** {why} {fix}", icon=":material/search_off:")


def matrix_note(procurement: pd.DataFrame) -> None:
    """Say so when the chip matrix leaves chips out (charts.MAX_MATRIX_CHIPS)."""
    chips = procurement.chip.nunique(dropna=False)
    if chips > charts.MAX_MATRIX_CHIPS:
        st.caption(f"The matrix gives a column to the {charts.MAX_MATRIX_CHIPS} chips with the most records, of "
                   f"{chips:,}, and each cell shows its latest record of each kind; every record is in the chart's "
                   "data download.")


# Charts reflow in the browser, which alone knows the width (Streamlit tells Python none): a chart
# narrower than a phone's width drops the labels of its lines' and matrix's points, which collide
# there (a tap shows each), while bars keep theirs. Only a style tag, so it takes no room on the page.
_CHART_STYLE = """<style>
[data-testid="stPlotlyChart"] { container-type: inline-size; }
@container (max-width: 600px) { .js-plotly-plot .scatterlayer .textpoint { display: none; } }
</style>"""
UNREVIEWED_NOTE = "* unreviewed: proposed by the extractor, not yet checked by an analyst"


def chart(figure: charts.Drawable, key: str, frame: pd.DataFrame) -> None:
    """A plotly chart whose points can be clicked to reveal their evidence, with its source footer
    and server-rendered PNG/SVG copies that carry the same footer. Its title and subtitle are written
    above it as text, which wraps on a phone (plotly cut titles off there)."""
    st.html(_CHART_STYLE)
    title, subtitle = charts.title_of(figure), charts.subtitle_of(figure)
    if title:
        st.markdown(f"**{md_escape(title)}**")
    if subtitle:
        st.caption(md_escape(subtitle))
    event = st.plotly_chart(charts.for_streamlit(charts.on_screen(figure)), key=key, on_select="rerun",
                            selection_mode="points",
                            config={"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["toImage"]})
    sources, as_of = _footer_of(frame)
    source_footer(sources, as_of)
    unreviewed = "review_state" in frame.columns and bool((frame.review_state == "unreviewed").any())
    if unreviewed:
        st.caption(md_escape(UNREVIEWED_NOTE) + " (see the Review page).")
    image_downloads(figure, key, frame, sources, as_of, unreviewed)
    selected = [p.get("customdata", [None])[0] for p in (event.selection.points if event else [])]
    selected = [s for s in selected if s]
    if selected:
        evidence_panel(selected[:5])


@st.cache_data(max_entries=256, show_spinner=False, hash_funcs={pd.DataFrame: _frame_digest})
def _footer_of(frame: pd.DataFrame) -> tuple[list[str], date | None]:
    """The sources and latest date of a chart's rows, remembered like its figure."""
    return plotted_sources(frame), latest_date(frame)


def latest_date(frame: pd.DataFrame) -> date | None:
    """The latest as-of (or event) date among these rows."""
    column = next((c for c in ("as_of", "date") if c in frame.columns), None)
    if column is None or frame.empty:
        return None
    latest = pd.to_datetime(frame[column], errors="coerce", format="ISO8601").max()
    return None if pd.isna(latest) else latest.date()


# A chart's footer names this many sources; past that it says how many more there are. Hundreds of
# sources in one caption are unreadable, and at scale the caption grew to hundreds of kilobytes that
# the browser laid out before it drew the chart above it.
FOOTER_SOURCES = 10


def source_footer(sources: list[str], as_of: date | None) -> None:
    if not sources:
        return
    stamp = f"As of {as_of:%d %b %Y}. " if as_of else ""
    shown = "; ".join(md_escape(s) for s in sources[:FOOTER_SOURCES])
    more = len(sources) - FOOTER_SOURCES
    if more > 0:
        shown += f"; and {more:,} more (each point's source is in its hover and in the chart's data download)"
    st.caption(stamp + "Sources: " + shown)


def image_downloads(figure: charts.Drawable, key: str, frame: pd.DataFrame, sources: list[str],
                    as_of: date | None, unreviewed: bool = False) -> None:
    """This chart's own data as CSV, and PNG/SVG rendered by kaleido only when clicked, with the
    sources and as-of stamp drawn in (and what * means, where unreviewed figures are drawn)."""
    stamp = (f"As of {as_of:%d %b %Y}" if as_of else "Undated") + (f" · {UNREVIEWED_NOTE}" if unreviewed else "")
    name = charts.title_of(figure) or key
    with st.popover("Download this chart", icon=":material/download:"):
        st.download_button("Chart data (CSV)", data=lambda: csv_bytes(frame), file_name=export_file_name(name, as_of, "csv"),
                           mime="text/csv", key=f"{key}-data", on_click="ignore", icon=":material/table:")
        for fmt, mime in (("png", "image/png"), ("svg", "image/svg+xml")):
            st.download_button(f"Download {fmt.upper()}",
                               data=lambda fmt=fmt: render_image(charts.as_figure(figure), fmt, sources, stamp),
                               file_name=export_file_name(name, as_of, fmt), mime=mime, key=f"{key}-{fmt}",
                               on_click="ignore", icon=":material/download:")


def evidence_panel(record_ids: list[str]) -> None:
    """The quote, source and as-of date behind the clicked points, with a link to the document."""
    for record_id in record_ids:
        found = query("evidence_record", record_id)
        if found.empty:
            continue
        row = found.iloc[0]
        what = METRIC_LABELS.get(row.what, row.what)
        figure = (f" · **{md_escape(value_label(row.value, row.unit or '', row.qualifier, row.range_low, row.range_high))}**"
                  if pd.notna(row.value) else "")
        with st.container(border=True, key=f"evidence-{re.sub(r'[^A-Za-z0-9_-]', '-', record_id)}"):
            st.markdown(f"**{md_escape(row.subject)}** · {md_escape(what)}{figure}"
                        f" · as of {md_escape(period_label(row.as_of, row.as_of_precision))} · {md_escape(row.status)}")
            if isinstance(row.quote, str) and row.quote:
                st.text(f"“{row.quote}”")
            st.caption("Source: " + md_escape(source_label(row.to_dict())))
            url = row.citation_url
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                st.link_button("Open the source", url)
            if isinstance(row.doc_id, str) and row.doc_id:
                st.page_link(SOURCES_PAGE, label="Show it in the document", icon=":material/description:",
                             query_params={"doc": row.doc_id, "record": record_id})
            if isinstance(row.company_id, str):
                st.page_link(COMPANY_PAGE, label=f"{row.subject if row.record_kind != 'fact' else 'Company'} profile",
                             icon=":material/business:", query_params={"entity": row.company_id})
            if isinstance(row.override_reason, str):
                st.caption("Chosen by an analyst's override: " + md_escape(row.override_reason))
            if row.record_kind == "fact":
                for other in query("other_sources", record_id).itertuples():
                    st.caption(f"Also stated by {md_escape(other.publisher or 'an unnamed publisher')}, "
                               f"“{md_escape(other.title)}”: {md_escape(other.quote)}")
                override_picker(record_id)


def override_picker(fact_id: str) -> None:
    """Where sources disagree, let the analyst choose the figure to show; saved to data/overrides.csv."""
    competing = query("competing_facts", fact_id)
    if len(competing) < 2 or competing.n_values.max() < 2:
        return
    with st.expander(f"Sources disagree ({len(competing)} figures): choose which to show"):
        options = list(competing.fact_id)
        labels = {r["fact_id"]: f"{fact_label(r)} · {r['status']} · {source_label(r)}"
                  for r in competing.to_dict("records")}
        chosen = competing[competing.chosen].fact_id.iloc[0]
        with st.form(key=f"override-{fact_id}"):
            pick = st.radio("Show this figure", options, index=options.index(chosen), format_func=labels.get,
                            key=f"override-pick-{fact_id}")
            reason = st.text_input("Why", key=f"override-reason-{fact_id}", placeholder="e.g. company filing beats "
                                   "a third-party estimate")
            if st.form_submit_button("Save override", key=f"override-save-{fact_id}"):
                if not reason.strip():
                    st.error("Give a reason; it is shown beside the figure.")
                else:
                    try:
                        append_override(paths.overrides_file(), pick, reason)
                        st.success("Saved to data/overrides.csv; it applies at the next build.")
                    except OSError as err:
                        st.error(f"Could not write {paths.overrides_file()}: {err.strerror}. Nothing was saved.")


def _column_config(spec: table_columns.Column) -> Mapping[str, object]:
    """A column description (landscape/table_columns.py) as Streamlit column configuration."""
    kinds = table_columns
    config = st.column_config
    shared = {"label": spec.label, "help": spec.help, "width": spec.width}
    if spec.kind in (kinds.COUNT, kinds.COMPACT, kinds.USD_BILLIONS, kinds.PERCENT, kinds.RATE):
        formats = {kinds.COUNT: "%,d", kinds.COMPACT: "compact", kinds.USD_BILLIONS: "$%,.2fbn",
                   kinds.PERCENT: "%+.0f%%", kinds.RATE: "%.4f"}
        return config.NumberColumn(**shared, format=formats[spec.kind])
    if spec.kind == kinds.DATE:
        return config.DateColumn(**shared, format="YYYY-MM-DD")
    if spec.kind == kinds.LINK:
        return config.LinkColumn(**shared)
    if spec.kind == kinds.FLAG:
        return config.CheckboxColumn(**shared)
    if spec.kind == kinds.SHARE:
        return config.ProgressColumn(**shared, min_value=0.0, max_value=1.0)
    return config.TextColumn(**shared)


def table(frame: pd.DataFrame, columns: list[str], key: str) -> None:
    """An evidence-carrying table: every column with a human label and a format (table_columns.py), empty
    cells left blank; clicking a row shows its evidence. Downloads take `frame` itself, raw names and all."""
    shown, described = table_columns.display_frame(frame, columns)
    id_column = next((c for c in ("fact_id", "event_id", "record_id") if c in frame.columns), None)
    event = st.dataframe(
        shown, key=key, hide_index=True, placeholder="",
        on_select="rerun" if id_column else "ignore", selection_mode="single-row",
        column_config={name: _column_config(spec) for name, spec in described.items()})
    rows = event.selection.rows if id_column and event else []
    if rows and id_column:
        evidence_panel([str(frame.iloc[rows[0]][id_column])])


def downloads(frame: pd.DataFrame, view: str, key: str) -> None:
    """CSV (and XLSX) of exactly the rows behind a chart, built only when clicked."""
    as_of = latest_date(frame)
    columns = st.columns(2)
    columns[0].download_button("Download CSV", data=lambda: csv_bytes(frame), file_name=export_file_name(view, as_of, "csv"),
                               mime="text/csv", key=f"{key}-csv", on_click="ignore", icon=":material/download:")
    columns[1].download_button("Download XLSX", data=lambda: _workbook(frame, view[:31]),
                                   file_name=export_file_name(view, as_of, "xlsx"), key=f"{key}-xlsx",
                                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                   on_click="ignore", icon=":material/download:")


def _workbook(frame: pd.DataFrame, sheet: str) -> bytes:
    # Imported when a workbook is asked for: openpyxl is a tenth of a second of every page's first load.
    from landscape.export.workbook import dataset_workbook

    return dataset_workbook(frame, sheet, database())


def freshness() -> str:
    info = query("build_info")
    if info.empty:
        return ""
    row = info.iloc[0]
    built = pd.Timestamp(row.built_at).to_pydatetime()
    return (f"Built {built:%d %b %Y %H:%M} UTC from {counted(int(row.documents), 'document')}: "
            f"{counted(int(row.facts), 'fact')}, {counted(int(row.events), 'event')}.")


def toggle(label: str, name: str, page: str, default: bool, help: str | None = None) -> bool:
    """A sidebar toggle mirrored in the URL as ?name=1|0."""
    key = f"{page}:{name}"
    value = st.sidebar.toggle(label, flag_from_url(name, default, key), key=key, help=help)
    sync_url({name: value})
    show_ignored()
    return value


def radio(label: str, name: str, page: str, options: dict[str, str], default: str) -> str:
    """A horizontal sidebar radio mirrored in the URL."""
    key = f"{page}:{name}"
    index = index_of(list(options), choice_from_url(name, list(options), default, key))
    value = st.sidebar.radio(label, list(options), index, key=key, format_func=options.get, horizontal=True)
    sync_url({name: value if value != default else None})
    show_ignored()
    return value


def like_for_like_note(frame: pd.DataFrame) -> None:
    """A visible warning whenever one axis carries figures that measure different things."""
    problems = like_for_like_problems(frame)
    if problems:
        st.warning("Not like-for-like: these figures differ in " + "; ".join(md_escape(p) for p in problems) +
                   ". Each series is labelled with what it measures; compare across them with care.",
                   icon=":material/warning:")


def latest_points_note(per_query: list[pd.DataFrame], filters: queries.Filters) -> None:
    """Say so when charts show only the latest figures of their series, and link to every figure.

    Each frame is one query's rows, all of its series: the query's limit (queries.series_limit)
    depends on how many series it returned. A series that reached its limit may have had more."""
    limits = []
    for every in per_query:
        if not every.empty:
            sizes = every.groupby(["entity_id", "metric"]).size()
            limit = queries.series_limit(len(sizes), filters)
            if sizes.max() >= limit:
                limits.append((limit, len(sizes)))
    if not limits:
        return
    limit, series = min(limits)
    st.caption(f"Each series shows its latest {counted(limit, 'figure')}"
               + (" (a chart of fewer series shows more of each)." if series > 1 else "."))
    st.page_link(EXPLORER_PAGE, label="Every figure in the Data explorer", icon=":material/table_view:",
                 query_params={"entities": ",".join(filters.entities)} if filters.entities else None)


def leads_note(facts: pd.DataFrame, value_column: str = "value", limit: int = 5) -> None:
    """The leader's lead over the next company, as a ratio and a gap, for each kind of figure two or
    more companies report (comparisons.py: like for like only)."""
    found = leads(facts, value_column)
    if found:
        st.markdown("**Leads, like for like**\n" + "\n".join(f"- {md_escape(lead.sentence())}" for lead in found[:limit]))
        st.caption("Each company's latest realised figure; only figures that measure the same thing (metric, basis, "
                   "market) are compared. Figures whose basis or period the source leaves unsaid are not.")

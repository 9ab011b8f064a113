import html
import math

import streamlit as st

from landscape import paths, ui
from landscape.labels import period_label, value_label
from landscape.periods import period_code
from landscape.queries import REVIEW_STATES, WAITING_STATES
from landscape.review import CLEARED, Decision, DecisionError, append_decision
from landscape.vocabulary import (
    BASES_BY_METRIC,
    MARKETS,
    METRIC_LABELS,
    METRICS,
    QUALIFIERS,
    REVIEW_STATE_MEANINGS,
    STATUSES,
    UNITS,
)

PAGE = "review"
PAGE_SIZE = 25
NEEDS_ATTENTION = list(WAITING_STATES)
ui.page_header("Review extracted facts", "Facts the extractor proposed from the documents in seeds/. Accept, "
               "correct or reject each one; decisions are appended to data/review.csv and take effect at the next "
               "build (`make build`). A rejected candidate never comes back.")
ui.database()

# ?doc=<id> narrows the queue to one document's candidates (the Add articles page links here so).
doc = str(st.query_params.get("doc") or "") or None
doc_label = ui.query("document_label", doc) if doc else None
if doc and doc_label is None:
    ui.ignore_param("doc", doc)
    doc = None
if doc:
    st.info(f"Candidates from **{ui.md_escape(doc_label)}** only.", icon=":material/filter_alt:")
    if st.button("Show every document's candidates", key=f"{PAGE}:all-documents"):
        del st.query_params["doc"]
        st.rerun()

counts = ui.query("candidate_counts", doc)
if counts.empty:
    ui.empty_state("candidates", "The extractor proposed nothing beyond the curated facts.",
                   "Add an article to seeds/ and rebuild.")
    st.stop()
st.caption("What the extractor proposed: " + " · ".join(
    f"{r.candidates:,} {r.review_state} ({REVIEW_STATE_MEANINGS.get(r.review_state, '')})" for r in counts.itertuples()))

states_key = f"{PAGE}:states"
seeded = ui.choices_from_url("states", list(REVIEW_STATES), NEEDS_ATTENTION, states_key)
ui.show_ignored()
states = st.sidebar.multiselect("Review state", list(REVIEW_STATES), seeded, key=states_key,
                                help="\n".join(f"- **{s}**: {m}" for s, m in REVIEW_STATE_MEANINGS.items()))
ui.sync_url({"states": states if set(states) != set(NEEDS_ATTENTION) else None})

waiting = int(counts[counts.review_state.isin(states)].candidates.sum())
if not waiting:
    ui.empty_state("candidates", "Nothing is waiting in these review states.", "Pick other states in the sidebar.")
    st.stop()
# A page at a time: at scale the queue holds thousands, and every card is a dozen widgets that each
# click on the page redraws (200 cards took half a second a rerun at 1M facts).
pages = math.ceil(waiting / PAGE_SIZE)
page_key = f"{PAGE}:page"
if st.session_state.get(page_key, 1) > pages:  # fewer pages after a change of states
    st.session_state[page_key] = pages
number = (st.sidebar.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=page_key)
          if pages > 1 else 1)
first = (number - 1) * PAGE_SIZE
candidates = ui.query("candidates", tuple(states), doc, PAGE_SIZE, first)
st.caption(f"Showing {first + 1:,}–{first + len(candidates):,} of {waiting:,}, most confident first, "
           f"{PAGE_SIZE} a page" + (" (turn the page in the sidebar)." if pages > 1 else "."))

entities = ui.query("entity_names")
entity_names = dict(zip(entities.entity_id.tolist(), entities.name.tolist(), strict=True))
decided_here = st.session_state.setdefault(f"{PAGE}:decided", {})


def record(row, decision: str, **fields) -> bool:
    """Append the decision; False (with the reason on the page) when it was not saved."""
    try:
        append_decision(paths.review_file(), Decision(
            candidate_key=row.candidate_key, doc_sha256=row.doc_sha256, span_start=int(row.span_start),
            span_end=int(row.span_end), decision=decision, **fields))
    except DecisionError as err:
        st.error(f"Not saved: {ui.md_escape(err)}")
        return False
    except OSError as err:
        st.error(f"Could not write {paths.review_file()}: {err.strerror}. Nothing was saved.")
        return False
    decided_here[row.candidate_key] = decision
    st.toast(f"Saved: {decision}. It takes effect at the next build.")
    return True


def card_heading(row) -> str:
    """'**Doubao** · Daily active users · **10M–15M** · H20 · China · as of Nov 2024 · estimate · ...'."""
    if row.kind != "fact":
        return (f"**{ui.md_escape(row.entity)}** · event: {ui.md_escape(row.title)} · "
                f"{ui.md_escape(period_label(row.as_of, row.as_of_precision))} · *{ui.md_escape(row.review_state)}*")
    figure = value_label(row.value, row.unit, row.qualifier, row.range_low, row.range_high)
    described = [text for text in (row.chip, row.basis, row.market) if isinstance(text, str) and text]
    return " · ".join([f"**{ui.md_escape(row.entity)}**", ui.md_escape(METRIC_LABELS.get(row.metric, row.metric)),
                       f"**{ui.md_escape(figure)}**", *(ui.md_escape(d) for d in described),
                       f"as of {ui.md_escape(period_label(row.as_of, row.as_of_precision))}",
                       ui.md_escape(row.status), f"confidence {row.confidence:.2f}",
                       f"*{ui.md_escape(row.review_state)}*"])


def _choice(label: str, options: list[str], current, key: str, names: dict | None = None) -> str:
    """A selectbox on the candidate's current value; "" stands for none (no chip, basis or market)."""
    if isinstance(current, str) and current and current not in options:
        options = [*options, current]
    names = names or {}
    return st.selectbox(label, options, ui.index_of(options, current if isinstance(current, str) else ""),
                        key=key, format_func=lambda o: names.get(o, o) if o else "none")


def _number(label: str, value, key: str, help: str | None = None) -> float | None:
    return st.number_input(label, min_value=0.0, value=None if value is None or value != value else float(value),
                           format="%.0f", key=key, help=help, placeholder="none")


def correction_form(row) -> None:
    """Everything a fact can be corrected in: the figure, its range, and how it is described."""
    ids = list(entity_names)
    chips = {i: entity_names[i] for i in entities[entities.kind == "chip"].entity_id}
    with st.form(key=f"correct-{row.candidate_id}"):
        left, right = st.columns(2)
        with left:
            entity = st.selectbox("Entity", ids, format_func=entity_names.get, key=f"entity-{row.candidate_id}",
                                  index=ui.index_of(ids, row.entity_id))
            metric = st.selectbox("Metric", METRICS, key=f"metric-{row.candidate_id}",
                                  index=ui.index_of(list(METRICS), row.metric), format_func=lambda m: METRIC_LABELS.get(m, m))
            value = _number("Value (base units)", row.value, f"value-{row.candidate_id}")
            low = _number("Range from", row.range_low, f"range-low-{row.candidate_id}",
                          help="For a figure the source gives as a range (10 to 15 million): both ends, with the "
                               "value between them. Leave empty for a single figure.")
            high = _number("Range to", row.range_high, f"range-high-{row.candidate_id}")
            unit = st.selectbox("Unit", UNITS, index=ui.index_of(list(UNITS), row.unit), key=f"unit-{row.candidate_id}")
        with right:
            as_of = st.text_input("As of (YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)", key=f"as-of-{row.candidate_id}",
                                  value=period_code(row.as_of, row.as_of_precision)
                                  if row.as_of == row.as_of and row.as_of else "")
            qualifier = _choice("Qualifier", list(QUALIFIERS), row.qualifier, f"qualifier-{row.candidate_id}")
            status = _choice("Status", list(STATUSES), row.status, f"status-{row.candidate_id}")
            basis = _choice("Basis (valuation, funding, GPUs)", ["", *dict.fromkeys(
                b for bases in BASES_BY_METRIC.values() for b in bases)], row.basis, f"basis-{row.candidate_id}")
            # An extracted chip name the entity table does not know was never kept on the fact: none.
            chip = _choice("Chip", ["", *chips], row.chip_id if row.chip_id in chips else "", f"chip-{row.candidate_id}",
                           chips)
            market = _choice("Market", ["", *MARKETS], row.market, f"market-{row.candidate_id}")
        if st.form_submit_button("Save correction", key=f"save-{row.candidate_id}"):
            ranged = low is not None or high is not None
            saved = record(row, "correct", entity=entity, metric=metric, value="" if value is None else repr(value),
                   unit=unit, as_of=as_of, qualifier=qualifier,
                   range_low=repr(low) if low is not None else ("" if ranged else CLEARED),
                   range_high=repr(high) if high is not None else ("" if ranged else CLEARED),
                   status=status, basis=basis or CLEARED, chip=chip or CLEARED, market=market or CLEARED)
            if saved:  # a refusal stays on the page, saying why
                st.rerun()


for row in candidates.itertuples():
    with st.container(border=True, key=f"candidate-{row.candidate_id}"):
        st.markdown(card_heading(row))
        st.html(f'<blockquote style="border-left:4px solid #fbc02d;padding-left:.8em;margin:0;'
                f'overflow-wrap:anywhere"><mark style="background:#fff3b0;color:#000">{html.escape(row.quote)}</mark>'
                f'</blockquote>')
        st.caption(f"{ui.md_escape(row.doc_title)} — {ui.md_escape(row.doc_publisher or 'unknown publisher')} · "
                   f"characters {row.span_start}–{row.span_end}" + (f" · {ui.md_escape(row.note)}" if row.note else ""))
        if row.candidate_key in decided_here:
            st.success(f"Recorded: {decided_here[row.candidate_key]} (applies at the next build).")
            continue
        if row.review_state in ("rejected", "merged"):
            continue
        accept, reject = st.columns(2)
        if accept.button("Accept", key=f"accept-{row.candidate_id}", type="primary",
                         disabled=row.review_state in ("new entity", "undated")):
            if record(row, "accept"):
                st.rerun()
        reason = reject.text_input("Why reject it? (required; kept in data/review.csv)",
                                   key=f"reason-{row.candidate_id}", placeholder="e.g. not a user count")
        if reject.button("Reject", key=f"reject-{row.candidate_id}", disabled=not reason.strip()):
            if record(row, "reject", reason=reason.strip()):
                st.rerun()
        if row.kind != "fact":
            continue
        # Lazy: a form's fields (an entity list of every name) are built only for an open expander;
        # 200 closed forms of 2,000 names each took seconds to send at 1M facts.
        correction = st.expander("Correct it", key=f"correcting-{row.candidate_id}", on_change="rerun")
        if correction.open:
            with correction:
                correction_form(row)

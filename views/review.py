import html
import math

import streamlit as st

from landscape import paths, ui
from landscape.labels import period_label, value_label
from landscape.queries import REVIEW_STATES, WAITING_STATES
from landscape.review import Decision, DecisionError, append_decision
from landscape.vocabulary import METRIC_LABELS, METRICS, UNITS

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
st.caption(" · ".join(f"{r.review_state}: {r.candidates}" for r in counts.itertuples()))

states_key = f"{PAGE}:states"
seeded = ui.choices_from_url("states", list(REVIEW_STATES), NEEDS_ATTENTION, states_key)
ui.show_ignored()
states = st.sidebar.multiselect("Review state", list(REVIEW_STATES), seeded, key=states_key)
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


def record(row, decision: str, **fields) -> None:
    try:
        append_decision(paths.review_file(), Decision(
            candidate_key=row.candidate_key, doc_sha256=row.doc_sha256, span_start=int(row.span_start),
            span_end=int(row.span_end), decision=decision, **fields))
    except DecisionError as err:
        st.error(f"Not saved: {err}")
        return
    except OSError as err:
        st.error(f"Could not write {paths.review_file()}: {err.strerror}. Nothing was saved.")
        return
    decided_here[row.candidate_key] = decision
    st.toast(f"Saved: {decision}. It takes effect at the next build.")


for row in candidates.itertuples():
    with st.container(border=True, key=f"candidate-{row.candidate_id}"):
        if row.kind == "fact":
            figure = value_label(row.value, row.unit, row.qualifier)
            st.markdown(f"**{ui.md_escape(row.entity)}** · {ui.md_escape(METRIC_LABELS.get(row.metric, row.metric))}"
                        f" · **{ui.md_escape(figure)}** · as of {ui.md_escape(period_label(row.as_of, row.as_of_precision))}"
                        f" · {ui.md_escape(row.status)} · confidence {row.confidence:.2f} · *{ui.md_escape(row.review_state)}*")
        else:
            st.markdown(f"**{ui.md_escape(row.entity)}** · event: {ui.md_escape(row.title)} · "
                        f"{ui.md_escape(period_label(row.as_of, row.as_of_precision))} · *{ui.md_escape(row.review_state)}*")
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
            record(row, "accept")
            st.rerun()
        reason = reject.text_input("Reason to reject", key=f"reason-{row.candidate_id}",
                                   placeholder="e.g. not a user count", label_visibility="collapsed")
        if reject.button("Reject", key=f"reject-{row.candidate_id}", disabled=not reason.strip()):
            record(row, "reject", reason=reason.strip())
            st.rerun()
        if row.kind != "fact":
            continue
        # Lazy: a form's fields (an entity list of every name) are built only for an open expander;
        # 200 closed forms of 2,000 names each took seconds to send at 1M facts.
        correction = st.expander("Correct it", key=f"correcting-{row.candidate_id}", on_change="rerun")
        if not correction.open:
            continue
        with correction:
            with st.form(key=f"correct-{row.candidate_id}"):
                ids = list(entity_names)
                entity = st.selectbox("Entity", ids, format_func=entity_names.get, key=f"entity-{row.candidate_id}",
                                      index=ids.index(row.entity_id) if row.entity_id in ids else 0)
                metric = st.selectbox("Metric", METRICS, key=f"metric-{row.candidate_id}",
                                      index=METRICS.index(row.metric) if row.metric in METRICS else 0,
                                      format_func=lambda m: METRIC_LABELS.get(m, m))
                value = st.number_input("Value (base units)", min_value=0.0, value=float(row.value), format="%.0f",
                                        key=f"value-{row.candidate_id}")
                unit = st.selectbox("Unit", UNITS, index=UNITS.index(row.unit) if row.unit in UNITS else 0,
                                    key=f"unit-{row.candidate_id}")
                as_of = st.text_input("As of (YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD)", key=f"as-of-{row.candidate_id}",
                                      value=row.as_of.strftime("%Y-%m") if row.as_of == row.as_of and row.as_of else "")
                if st.form_submit_button("Save correction", key=f"save-{row.candidate_id}"):
                    record(row, "correct", entity=entity, metric=metric, value=repr(value), unit=unit, as_of=as_of)
                    st.rerun()

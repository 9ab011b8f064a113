import streamlit as st

from landscape import ui
from landscape.database import QueryFailed
from landscape.export.deck import CHART_CHOICES, build_deck
from landscape.export.safe_csv import export_file_name
from landscape.export.workbook import build_workbook
from landscape.vocabulary import METRICS

PAGE = "presentation"
ui.page_header("Presentation", "Build an editable PowerPoint deck (native charts with their data embedded, "
               "sources on every slide) or a full XLSX workbook from the current filters.")
ui.database()

# The deck's timeline slide can show a company that has events but no figure yet.
with_figures = ui.query("entity_options", METRICS)
named = {o.entity_id for o in with_figures}
filters = ui.sidebar_filters(PAGE, with_figures + [o for o in ui.query("timeline_entity_options")
                                                   if o.entity_id not in named])
charts_key = f"{PAGE}:charts"
seeded = ui.choices_from_url("charts", list(CHART_CHOICES), list(CHART_CHOICES), charts_key)
ui.show_ignored()
chosen = st.multiselect("Slides to include", list(CHART_CHOICES), seeded, key=charts_key, format_func=CHART_CHOICES.get)
ui.sync_url({"charts": chosen if set(chosen) != set(CHART_CHOICES) else None})

as_of = ui.query("newest_source")
deck_column, workbook_column = st.columns(2)
with deck_column.container(border=True):
    st.markdown("**PowerPoint deck (16:9)**")
    st.caption(f"Title slide, {len(chosen)} chart or table slide(s), and a sources appendix.")
    if st.button("Build the deck", type="primary", disabled=not chosen, key=f"{PAGE}:build"):
        with st.status("Building the deck…", expanded=True) as status:
            progress = st.progress(0.0)
            steps = max(1, len(chosen) + 2)
            done = {"n": 0}

            def step(name: str) -> None:
                done["n"] += 1
                progress.progress(min(1.0, done["n"] / steps), text=name)

            try:
                st.session_state[f"{PAGE}:deck"] = build_deck(ui.database(), chosen, filters, on_slide=step)
            except QueryFailed as failed:
                status.update(label="Deck not built", state="error", expanded=True)
                ui.query_failed(failed, "deck build", "The deck could not be built from the database.")
            status.update(label="Deck ready", state="complete", expanded=False)
    deck = st.session_state.get(f"{PAGE}:deck")
    if deck:
        st.download_button("Download PPTX", data=deck, file_name=export_file_name("ai-landscape-deck", as_of, "pptx"),
                           mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                           on_click="ignore", icon=":material/download:", key=f"{PAGE}:pptx")
with workbook_column.container(border=True):
    st.markdown("**XLSX workbook**")
    st.caption("One sheet per dataset, a Sources sheet and a README sheet (metric definitions, FX rates, build time).")
    st.download_button("Download XLSX", data=lambda: build_workbook(ui.database(), filters),
                       file_name=export_file_name("ai-landscape", as_of, "xlsx"), on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", key=f"{PAGE}:xlsx")
st.caption("The command line builds the same files: `python -m landscape export pptx --out deck.pptx "
           "[--entities ...] [--metric ...] [--since DATE]`.")

"""Entry point: page config and navigation. Each view lives in pages/."""

import streamlit as st

st.set_page_config(page_title="AI landscape", page_icon="assets/favicon.png", layout="wide")

navigation = st.navigation({
    "Landscape": [
        st.Page("pages/overview.py", title="Overview", icon=":material/explore:", default=True),
        st.Page("pages/chatbot_users.py", title="Chatbot users", icon=":material/groups:", url_path="chatbot-users"),
        st.Page("pages/valuations.py", title="Valuations & funding", icon=":material/payments:", url_path="valuations"),
        st.Page("pages/chips.py", title="Chips & compute", icon=":material/memory:", url_path="chips"),
        st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
        st.Page("pages/company.py", title="Company profiles", icon=":material/business:", url_path="company"),
        st.Page("pages/changes.py", title="What changed", icon=":material/difference:", url_path="changes"),
    ],
    "Evidence": [
        st.Page("pages/sources.py", title="Sources & evidence", icon=":material/description:", url_path="sources"),
        st.Page("pages/explorer.py", title="Data explorer", icon=":material/table_view:", url_path="explorer"),
        st.Page("pages/review.py", title="Review", icon=":material/rule:", url_path="review"),
    ],
    "Export": [
        st.Page("pages/presentation.py", title="Presentation", icon=":material/slideshow:", url_path="presentation"),
    ],
})
navigation.run()

"""Entry point: page config and navigation. Each view lives in views/.

Not in pages/: Streamlit takes a pages/ directory beside the entry point for an old-style multipage
app in a server's first session, and a first deep link (a shared /chatbot-users) then opened under a
"Page not found" dialog (streamlit/streamlit#9624); tests/test_browser.py checks it does not.
"""

import streamlit as st

st.set_page_config(page_title="AI landscape", page_icon="assets/favicon.png", layout="wide")

navigation = st.navigation({
    "Landscape": [
        st.Page("views/overview.py", title="Overview", icon=":material/explore:", default=True),
        st.Page("views/chatbot_users.py", title="Chatbot users", icon=":material/groups:", url_path="chatbot-users"),
        st.Page("views/valuations.py", title="Valuations & funding", icon=":material/payments:", url_path="valuations"),
        st.Page("views/chips.py", title="Chips & compute", icon=":material/memory:", url_path="chips"),
        st.Page("views/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
        st.Page("views/company.py", title="Company profiles", icon=":material/business:", url_path="company"),
        st.Page("views/changes.py", title="What changed", icon=":material/difference:", url_path="changes"),
    ],
    "Evidence": [
        st.Page("views/sources.py", title="Sources & evidence", icon=":material/description:", url_path="sources"),
        st.Page("views/explorer.py", title="Data explorer", icon=":material/table_view:", url_path="explorer"),
        st.Page("views/review.py", title="Review", icon=":material/rule:", url_path="review"),
        st.Page("views/add_articles.py", title="Add articles", icon=":material/playlist_add:", url_path="add"),
    ],
    "Export": [
        st.Page("views/presentation.py", title="Presentation", icon=":material/slideshow:", url_path="presentation"),
    ],
})
navigation.run()

"""Entry point: page config and navigation. Each view lives in pages/."""

import streamlit as st

st.set_page_config(page_title="AI landscape", page_icon="🧭", layout="wide")

navigation = st.navigation({
    "Landscape": [
        st.Page("pages/overview.py", title="Overview", icon="🧭", default=True),
        st.Page("pages/chatbot_users.py", title="Chatbot users", icon="👥", url_path="chatbot-users"),
        st.Page("pages/valuations.py", title="Valuations & funding", icon="💰", url_path="valuations"),
        st.Page("pages/chips.py", title="Chips & compute", icon="🖥️", url_path="chips"),
        st.Page("pages/timeline.py", title="Timeline", icon="🗓️", url_path="timeline"),
    ],
    "Evidence": [
        st.Page("pages/sources.py", title="Sources & evidence", icon="📄", url_path="sources"),
        st.Page("pages/explorer.py", title="Data explorer", icon="🔍", url_path="explorer"),
    ],
})
navigation.run()

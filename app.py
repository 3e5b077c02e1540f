"""Entry point: page config, shared chrome (sidebar filters), navigation."""
from pathlib import Path

import streamlit as st

from ntm import filters, web
from ntm.i18n import t

HERE = Path(__file__).parent

st.set_page_config(page_title="Nông thôn mới", page_icon=":material/agriculture:", layout="wide")
st.html(HERE / "pages" / "style.css")

filters_now = filters.sidebar(web.query("districts"), web.query("phases"))
st.session_state["_filters"] = filters_now
lang = filters_now.lang

pages = [
    st.Page(HERE / "pages" / "overview.py", title=t("page.overview", lang), icon=":material/dashboard:",
            url_path="tong-quan", default=True),
]
st.navigation(pages, position="sidebar").run()

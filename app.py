"""Entry point: page config, shared chrome (sidebar filters), navigation."""
from pathlib import Path

import streamlit as st

from ntm import filters, web
from ntm.i18n import t

HERE = Path(__file__).parent

st.set_page_config(page_title="Nông thôn mới", page_icon=":material/agriculture:", layout="wide")
st.html(HERE / "pages" / "style.css")

filters_now = filters.sidebar(web.query("districts"), web.query("phases"), web.query("criteria_groups"))
st.session_state["_filters"] = filters_now
lang = filters_now.lang

pages = [
    st.Page(HERE / "pages" / "overview.py", title=t("page.overview", lang), icon=":material/dashboard:",
            url_path="tong-quan", default=True),
    st.Page(HERE / "pages" / "phases.py", title=t("page.phases", lang), icon=":material/compare_arrows:",
            url_path="so-sanh-giai-doan"),
    st.Page(HERE / "pages" / "criteria.py", title=t("page.criteria", lang), icon=":material/grid_on:",
            url_path="theo-tieu-chi"),
    st.Page(HERE / "pages" / "communes.py", title=t("page.communes", lang), icon=":material/home_pin:",
            url_path="xa"),
    st.Page(HERE / "pages" / "mobilisation.py", title=t("page.mobilisation", lang), icon=":material/groups:",
            url_path="dan-van-nguon-luc"),
]
st.navigation(pages, position="sidebar").run()

"""Entry point: page config, shared chrome (sidebar filters), navigation."""
import copy
import logging
from pathlib import Path

import streamlit as st

from ntm import filters, startup, web, widgets
from ntm.i18n import DEFAULT_LANG, LANGUAGES, t
from ntm.store import StoreUnavailable

HERE = Path(__file__).parent

# With a `pages/` folder beside app.py, a fresh server serves its first session with
# Streamlit's folder-based navigation until st.navigation has run once; end that at once
# (`make run` does it before Streamlit starts; under plain `streamlit run` the very first run
# of the first session was already chosen before this line, see README).
from streamlit.runtime.pages_manager import PagesManager  # noqa: E402

PagesManager.uses_pages_directory = False

st.set_page_config(page_title="Nông thôn mới", page_icon=":material/agriculture:", layout="wide")


@st.cache_resource(show_spinner=False)
def style() -> str:
    """The stylesheet, read once per server (st.html of a path reads the file on every run)."""
    return "<style>" + (HERE / "pages" / "style.css").read_text(encoding="utf-8") + "</style>"


st.html(style())

# Before the filters exist: the language the session or the address asks for.
lang = st.session_state.get(filters.STATE["lang"]) or st.query_params.get("lang", DEFAULT_LANG)
lang = lang if lang in LANGUAGES else DEFAULT_LANG
try:
    startup.start()  # once per server: `make run` did it before starting; plain `streamlit run` here
    web.begin_run()
    filters_now = filters.sidebar(web.choices())
except StoreUnavailable:  # the shared store unreachable and no version kept on this server
    st.error(t("store.down.page", lang), icon=":material/cloud_off:")
    web.watch_store()
    st.stop()
except Exception:  # a viewer never sees a traceback, here either
    logging.getLogger("ntm").exception("page failed before navigation")
    st.error(t("error.unexpected", lang), icon=":material/error:")
    st.stop()
st.session_state["_filters"] = filters_now
lang = filters_now.lang
if common := widgets.common_css(lang):
    st.html(common)  # Streamlit's own words on pickers, in Vietnamese
if web.store_down():
    web.outage_banner(lang)
    web.watch_store()



@st.cache_resource(show_spinner=False)
def navigation(lang: str) -> list:
    """The pages in a language, built once per server: an st.Page resolves its file on disk,
    a cost every page run of every session paid before. A run gets copies (st.navigation marks
    the page it lets run on the object itself, and sessions run at the same time)."""
    return [
        # The overview is served at "/" (a default page's own path is not matched by Streamlit)
        # and at "/tong-quan", the address links and bookmarks name it by, through a hidden page.
        st.Page(HERE / "pages" / "overview.py", title=t("page.overview", lang), icon=":material/dashboard:",
                url_path="trang-chu", default=True),
        st.Page(HERE / "pages" / "overview.py", title=t("page.overview", lang), icon=":material/dashboard:",
                url_path="tong-quan", visibility="hidden"),
        st.Page(HERE / "pages" / "phases.py", title=t("page.phases", lang), icon=":material/compare_arrows:",
                url_path="so-sanh-giai-doan"),
        st.Page(HERE / "pages" / "criteria.py", title=t("page.criteria", lang), icon=":material/grid_on:",
                url_path="theo-tieu-chi"),
        st.Page(HERE / "pages" / "communes.py", title=t("page.communes", lang), icon=":material/home_pin:",
                url_path="xa"),
        st.Page(HERE / "pages" / "map.py", title=t("page.map", lang), icon=":material/map:", url_path="ban-do"),
        st.Page(HERE / "pages" / "mobilisation.py", title=t("page.mobilisation", lang), icon=":material/groups:",
                url_path="dan-van-nguon-luc"),
        st.Page(HERE / "pages" / "published.py", title=t("page.published", lang), icon=":material/fact_check:",
                url_path="so-lieu-cong-bo"),
        st.Page(HERE / "pages" / "present.py", title=t("page.present", lang), icon=":material/slideshow:",
                url_path="trinh-chieu"),
        st.Page(HERE / "pages" / "data.py", title=t("page.data", lang), icon=":material/database:", url_path="du-lieu"),
    ]


try:
    st.navigation([copy.copy(p) for p in navigation(lang)], position="sidebar").run()
except StoreUnavailable:  # the store went away during the run: nothing was changed; back by itself
    logging.getLogger("ntm").warning("page run stopped: store unreachable")
    st.warning(t("store.down.midrun", lang), icon=":material/cloud_off:")
    web.watch_store()
except Exception:  # a viewer never sees a traceback: a short message here, the details in the log
    logging.getLogger("ntm").exception("page failed")
    st.error(t("error.unexpected", lang), icon=":material/error:")

"""Tổng quan — the programme's picture across phases, in one screen (built in ntm.overview)."""
import streamlit as st

from ntm import measures, overview, web
from ntm.i18n import province, t

f = web.filters()
lang = f.lang
web.header(t("app.title", lang, province=province()), f)

if not f.phases:
    st.info(t("filter.no_phase", lang), icon=":material/filter_alt_off:")
    st.stop()

view = web.view(overview.build, f)
if view is None:
    web.empty(lang)
    st.stop()

if view.progress:  # a phase still running: said between the finding and the cards
    web.headline(view.headline)
    st.info(view.progress, icon=":material/pending_actions:")
    web.summary([], view.cards, view.weights, view.beside)
else:
    web.summary(view.headline, view.cards, view.weights, view.beside)
left, right = st.columns(2)
with left:
    on_today = False
    if view.today is not None:  # two ways to look at history once the units changed
        ways = {"time": t("history.time", lang), "today": t("history.today", lang)}
        on_today = st.segmented_control(t("history.label", lang), list(ways), format_func=ways.get,
                                        key="overview_history", default="time") == "today"
    web.plot(view.today if on_today else view.line, key="overview_today" if on_today else "overview_line")
    if on_today:
        st.caption(view.today_note)
with right:
    web.plot(view.bands, key="overview_bands")
web.method(measures.EXPLAINED, lang, intro=True)

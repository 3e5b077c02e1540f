"""So sánh giai đoạn — each district at the end of the chosen phases, sorted by change (built in
ntm.comparison)."""
import streamlit as st

from ntm import comparison, measures, web
from ntm.i18n import t

f = web.filters()
lang = f.lang
web.header(t("phases.title", lang), f)

if web.chosen_phases(f).empty:
    web.empty(lang)
    st.stop()

options = measures.phase_measures(web.query("indicators"), lang)
measure_id = st.selectbox(t("phases.measure", lang), list(options), format_func=lambda m: options[m]["label"],
                          key="phases_measure")
view = web.view(comparison.build, f, measure_id)
if view is None:
    st.info(t("phases.need_data", lang), icon=":material/filter_alt_off:")
    st.stop()


def pick_district():
    """Chart selection → the shared district filter (runs before the rerun, so it may set it)."""
    points = st.session_state["phases_chart"].selection.get("points", [])
    codes = [p["customdata"][0] for p in points if p.get("customdata")]
    if codes:
        f.select_districts(list(dict.fromkeys(codes)))


if view.progress:
    st.info(view.progress, icon=":material/pending_actions:")
if view.extremes:
    st.caption(view.extremes)
web.plot(view.figure, key="phases_chart", on_select=pick_district, selection_mode="points")
left, right = st.columns([3, 1])
with left:
    for caption in view.captions:
        st.caption(caption)
with right:
    if f.districts:
        st.button(t("phases.clear", lang), on_click=f.select_districts, args=([],), icon=":material/close:")

st.subheader(t("phases.table.title", lang))
web.table(view.table)
web.downloads(view.export, view.export_name, lang, view.export_kinds)
if view.beside is not None:
    st.subheader(t("published.beside.title", lang), help=t("published.beside.help", lang))
    web.table(view.beside)

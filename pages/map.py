"""Bản đồ — where the districts stand: a measure by district, their targets, recognitions and pace."""
import streamlit as st

from ntm import mapview, measures, web
from ntm.i18n import t
from ntm.text import md_literal

f = web.filters()
lang = f.lang
web.header(t("map.title", lang), f)

phases = web.chosen_phases(f)
if phases.empty:
    web.empty(lang)
    st.stop()

options = measures.phase_measures(web.query("indicators"), lang)
views = measures.phase_views(phases, lang)
last = phases.iloc[-1].phase_id
# The views on a row of their own: with three phases and the change they are wider than half the page.
measure_id = st.selectbox(t("phases.measure", lang), list(options), format_func=lambda m: options[m]["label"],
                          key="map_measure", width=420)
view = st.segmented_control(t("map.view", lang), list(views), format_func=views.get, key="map_view",
                            default=last) or last
if view not in views:  # a phase no longer chosen
    view = last
shown = web.view(mapview.build, f, measure_id, view)
if shown.figure is None:
    st.info(t("phases.need_data", lang), icon=":material/filter_alt_off:")
    st.stop()


def pick_district():
    """Map selection → the shared district filter (runs before the rerun, so it may set it)."""
    points = st.session_state["map_chart"].selection.get("points", [])
    codes = [p["customdata"][0] for p in points if p.get("customdata")]
    if codes:
        f.select_districts(list(dict.fromkeys(codes)))


# No toolbar: the map neither zooms nor pans, and the toolbar would cover the title.
web.plot(shown.figure, key="map_chart", on_select=pick_district, selection_mode="points",
         config={"displayModeBar": False, "displaylogo": False})
if shown.notes:
    st.caption(shown.notes)
c1, c2 = st.columns([3, 1])
with c1:
    st.caption(t("phases.picked", lang, names=", ".join(map(md_literal, f.district_names))) if f.districts
               else t("map.pick", lang))
with c2:
    if f.districts:
        st.button(t("phases.clear", lang), on_click=f.select_districts, args=([],), icon=":material/close:",
                  key="map_clear")

# Targets and pace: the province's targets in words, then every target of the chosen districts.
st.subheader(t("plan.title", lang))
version = web.active_version()
if {"targets", "district_recognitions"} & set(version.illustrative):
    st.caption(f":orange-badge[:material/info: {t('sample.badge', lang)}] " + t("target.illustrative", lang))
if shown.target_table is None:
    st.info(t("plan.none", lang), icon=":material/flag:")
else:
    st.markdown(shown.targets)
    web.table(shown.target_table)
    web.downloads(shown.target_export, "ke-hoach", lang)

# The year each district would have all its communes meeting the standard at its recent pace.
st.subheader(t("projection.title", lang))
st.caption(t("projection.caption", lang))
if shown.projection:
    st.markdown(shown.projection)
if shown.projection_table is not None:
    if shown.projection_note:
        st.caption(shown.projection_note)
    web.table(shown.projection_table)
    web.downloads(shown.projection_export, "du-bao-dat-chuan", lang)

web.method(("target", "pace", "projection", "recognised"), lang)

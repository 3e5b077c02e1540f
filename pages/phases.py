"""So sánh giai đoạn — each district at the end of the chosen phases, sorted by change."""
import streamlit as st

from ntm import findings, measures, web
from ntm.charts.phases import dumbbell
from ntm.i18n import t
from ntm.text import md_literal

f = web.filters()
lang = f.lang
web.header(t("phases.title", lang), f)

phases = web.chosen_phases(f)
if phases.empty:
    web.empty(lang)
    st.stop()

options = measures.phase_measures(web.query("indicators"), lang)
measure_id = st.selectbox(t("phases.measure", lang), list(options), format_func=lambda m: options[m]["label"],
                          key="phases_measure")
measure = options[measure_id]

# All districts are drawn so they can be compared; the district filter highlights them. Values,
# changes and ranks between the first and the last chosen phase come from one query.
phase_ids = list(phases["phase_id"])
comp = web.query("district_comparison", measure=measure_id, phases=phase_ids)
if comp[["first", "last"]].isna().all().all():
    st.info(t("phases.need_data", lang), icon=":material/filter_alt_off:")
    st.stop()
# Reference lines: the province's values (never filtered), and the chosen districts taken together.
prov = web.query("measure_by_phase", measure=measure_id, phases=phase_ids)
prov = dict(zip(prov["phase_id"], prov["value"]))
selection = None
if f.districts:
    chosen = web.query("measure_by_phase", measure=measure_id, phases=phase_ids, **f.params)
    selection = dict(zip(chosen["phase_id"], chosen["value"]))


def pick_district():
    """Chart selection → the shared district filter (runs before the rerun, so it may set it)."""
    points = st.session_state["phases_chart"].selection.get("points", [])
    codes = [p["customdata"][0] for p in points if p.get("customdata")]
    if codes:
        f.select_districts(list(dict.fromkeys(codes)))


shown = measures.extremes(comp)
if len(shown) < len(comp):
    st.caption(t("chart.extremes", lang, n=len(shown), total=len(comp)))
title = findings.district_comparison(comp, phases, measure, lang)
fig = dumbbell(shown, phases, measure, prov, lang, web.note(lang), title, selection, highlight=f.districts or ())
web.plot(fig, key="phases_chart", on_select=pick_district, selection_mode="points")
left, right = st.columns([3, 1])
with left:
    st.caption(t("phases.picked", lang, names=", ".join(map(md_literal, f.district_names))) if f.districts
               else t("phases.pick", lang))
with right:
    if f.districts:
        st.button(t("phases.clear", lang), on_click=f.select_districts, args=([],), icon=":material/close:")

# Ranking table, in the UI language, with the same numbers as the chart.
first, last = phases.iloc[0], phases.iloc[-1]
name_a, name_b = f"{first.start_year}–{first.end_year}", f"{last.start_year}–{last.end_year}"
kind = measure["kind"]
if len(phases) > 1:
    columns = {"rank_last": t("col.rank", lang), "district_name": t("col.district", lang), "first": name_a,
               "last": name_b, "change": t("col.change", lang), "rank_change": t("col.rank_change", lang)}
else:  # one phase: its values and ranks only
    columns = {"rank_first": t("col.rank", lang), "district_name": t("col.district", lang), "first": name_a}
formats = {"first": lambda v: measures.fmt_value(v, kind, lang), "last": lambda v: measures.fmt_value(v, kind, lang),
           "change": lambda v: measures.fmt_value(v, kind, lang, sign=True), "rank_change": measures.rank_move}
table = comp.assign(**{c: comp[c].map(fmt) for c, fmt in formats.items()})[list(columns)].rename(columns=columns)
st.subheader(t("phases.table.title", lang))
st.dataframe(table, hide_index=True, width="stretch")

export_columns = {"district_code": "district_code", "district_name": t("col.district", lang), "first": name_a,
                  "last": name_b, "change": t("col.change", lang), "rank_first": f"{t('col.rank', lang)} {name_a}",
                  "rank_last": f"{t('col.rank', lang)} {name_b}", "rank_change": t("col.rank_change", lang)}
if len(phases) == 1:
    export_columns = {k: v for k, v in export_columns.items() if k not in ("last", "change", "rank_last", "rank_change")}
export = comp[list(export_columns)].rename(columns=export_columns)
web.downloads(export, f"so-sanh-giai-doan-{measure_id.replace(':', '-')}", lang)

"""So sánh giai đoạn — each district at the end of the chosen phases, sorted by change."""
import streamlit as st

from ntm import measures, web
from ntm.charts.phases import dumbbell
from ntm.i18n import t

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

# All districts are drawn so they can be compared; the district filter highlights them.
values = measures.district_values(measure, web.query("phase_results_by_district"),
                                  web.query("indicator_by_district_phase", indicator=measure["indicator"])
                                  if measure["indicator"] else None)
values = values[values["phase_id"].isin(phases["phase_id"])]
if values["value"].isna().all():
    st.info(t("phases.need_data", lang), icon=":material/filter_alt_off:")
    st.stop()
comp = measures.comparison(values, list(phases["phase_id"]), measure["higher_is_better"])
if measure["indicator"]:
    prov = web.query("indicator_by_phase")
    prov = prov[prov["indicator_id"] == measure["indicator"]].set_index("phase_id")["value"].to_dict()
else:
    prov = web.query("phase_results").set_index("phase_id")[measure_id].to_dict()


def pick_district():
    """Chart selection → the shared district filter (runs before the rerun, so it may set it)."""
    points = st.session_state["phases_chart"].selection.get("points", [])
    codes = [p["customdata"][0] for p in points if p.get("customdata")]
    if codes:
        f.select_districts(list(dict.fromkeys(codes)))


shown = measures.extremes(comp)
if len(shown) < len(comp):
    st.caption(t("chart.extremes", lang, n=len(shown), total=len(comp)))
fig = dumbbell(shown, phases, measure, prov, lang, web.note(lang), highlight=f.districts or ())
web.plot(fig, key="phases_chart", on_select=pick_district, selection_mode="points")
left, right = st.columns([3, 1])
with left:
    st.caption(t("phases.picked", lang, names=", ".join(f.district_names)) if f.districts else t("phases.pick", lang))
with right:
    if f.districts:
        st.button(t("phases.clear", lang), on_click=f.select_districts, args=([],), icon=":material/close:")

# Ranking table, in the UI language, with the same numbers as the chart.
first, last = phases.iloc[0], phases.iloc[-1]
name_a, name_b = f"{first.start_year}–{first.end_year}", f"{last.start_year}–{last.end_year}"
kind = measure["kind"]
table = comp.assign(
    **{t("col.rank", lang): comp["rank_last"],
       t("col.district", lang): comp["district_name"],
       name_a: comp["first"].map(lambda v: measures.fmt_value(v, kind, lang)),
       name_b: comp["last"].map(lambda v: measures.fmt_value(v, kind, lang)),
       t("col.change", lang): comp["change"].map(lambda v: measures.fmt_value(v, kind, lang, sign=True)),
       t("col.rank_change", lang): comp["rank_change"].map(
           measures.rank_move)},
)[[t("col.rank", lang), t("col.district", lang), name_a, name_b, t("col.change", lang), t("col.rank_change", lang)]]
if len(phases) == 1:
    table = table.drop(columns=[name_b, t("col.change", lang), t("col.rank_change", lang)])
st.subheader(t("phases.table.title", lang))
st.dataframe(table, hide_index=True, width="stretch")

export = comp.rename(columns={"district_code": "district_code", "district_name": t("col.district", lang),
                              "first": name_a, "last": name_b, "change": t("col.change", lang),
                              "rank_first": f"{t('col.rank', lang)} {name_a}",
                              "rank_last": f"{t('col.rank', lang)} {name_b}",
                              "rank_change": t("col.rank_change", lang)})
web.downloads(export, f"so-sanh-giai-doan-{measure_id.replace(':', '-')}", lang)

"""Dân vận & nguồn lực — mobilisation, people's contributions and progress."""
import streamlit as st

from ntm import findings, measures, web
from ntm.charts.mobilisation import indicator_bars, mobilisation_scatter, resource_mix
from ntm.i18n import t

f = web.filters()
lang = f.lang
web.header(t("mob.title", lang), f)

phases = web.chosen_phases(f)
indicators = web.query("indicators")
if phases.empty or indicators.empty:
    web.empty(lang)
    st.stop()
name_col = "name_vi" if lang == "vi" else "name_en"
names = dict(zip(indicators["indicator_id"], indicators[name_col]))
info = indicators.set_index("indicator_id")
note = web.note(lang)
last = phases.iloc[-1]
last_name = f"{last.start_year}–{last.end_year}"
phase_ids = list(phases["phase_id"])
# Indicators are found by the role they play (the indicators table says), never by id.
people_cash, total_investment, models = (measures.indicator_with_role(indicators, role)
                                         for role in ("contrib_money", "investment_total", "models"))

pick_ind, pick_mob = st.columns(2)
ind = pick_ind.selectbox(t("mob.indicator", lang), list(names), format_func=names.get, key="mob_indicator",
                         index=list(names).index(people_cash) if people_cash in names else 0)
mob = pick_mob.selectbox(t("mob.scatter.x_pick", lang), list(names), format_func=names.get, key="mob_x",
                         index=list(names).index(models) if models in names else 0)

# 1. One indicator by district and phase, aggregated as the indicator says.
values = web.query("indicator_by_district_phase", indicator=ind, phases=phase_ids, **f.params)
if values["value"].notna().any():
    unit = info.at[ind, "unit"]
    title = findings.indicator_leader(values[values["phase_id"] == last.phase_id], names[ind], unit,
                                      bool(info.at[ind, "higher_is_better"]), last_name, lang)
    top = measures.top_districts(values[values["phase_id"] == last.phase_id], bool(info.at[ind, "higher_is_better"]))
    if len(top) < values["district_code"].nunique():
        st.caption(t("chart.top", lang, n=len(top), total=values["district_code"].nunique()))
    web.plot(web.figure(indicator_bars, values[values["district_code"].isin(top)], phases, unit, lang, note, title), key="mob_bars")
    st.caption(t(f"mob.agg.{info.at[ind, 'aggregation']}", lang))
    web.downloads(values[["district_code", "district_name", "phase_id", "value", "change"]].rename(columns={
        "district_name": t("col.district", lang), "phase_id": t("col.phase", lang),
        "value": f"{names[ind]} ({unit})", "change": t("col.change", lang)}), f"chi-so-{ind}", lang)
else:
    web.empty(lang)

left, right = st.columns(2)
# 2. Composition of resources: people's cash against the rest of the investment mobilised.
selected = web.query("indicator_by_phase", phases=phase_ids, **f.params)
wide = selected.pivot(index="phase_id", columns="indicator_id", values="value")
with left:
    if people_cash and total_investment and {people_cash, total_investment} <= set(wide.columns):
        mix = phases.set_index("phase_id")[["start_year", "end_year"]].join(wide[[people_cash, total_investment]])
        mix = mix.dropna().rename(columns={people_cash: "people", total_investment: "total"})
        mix["other"] = (mix["total"] - mix["people"]).clip(lower=0)
        mix = mix[mix["total"] > 0]
        if len(mix):
            web.plot(web.figure(resource_mix, mix, lang, note, findings.resource_mix(mix, lang)), key="mob_mix")
            web.downloads(mix.reset_index().rename(columns={
                "phase_id": t("col.phase", lang), "people": t("mob.mix.people", lang),
                "other": t("mob.mix.other", lang), "total": names.get(total_investment, "total")}),
                "co-cau-nguon-luc", lang)

# 3. Mobilisation per commune against progress, one point per district.
with right:
    pts = web.query("mobilisation_vs_progress", indicator=mob, phases=[last.phase_id], **f.params)
    pts = pts.dropna(subset=["indicator_per_commune", "gain_share"])
    if len(pts) >= 2:
        title = findings.mobilisation(pts, names[mob], lang)
        web.plot(web.figure(mobilisation_scatter, pts, t("mob.scatter.x", lang, name=names[mob], phase=last_name),
                                      t("mob.scatter.y", lang, phase=last_name), lang, note, title), key="mob_scatter")
        st.caption(t("mob.scatter.caption", lang))
        web.downloads(pts[["district_code", "district_name", "communes", "indicator_value", "indicator_per_commune",
                           "gain_share"]].rename(columns={
            "district_name": t("col.district", lang), "communes": t("col.communes", lang),
            "indicator_value": names[mob], "indicator_per_commune": t("col.per_commune", lang),
            "gain_share": t("col.gain", lang)}), f"dan-van-tien-bo-{mob}", lang)
    else:
        web.empty(lang)

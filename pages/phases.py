"""So sánh giai đoạn — each district at the end of the chosen phases, sorted by change."""
import pandas as pd
import streamlit as st

from ntm import findings, measures, web
from ntm.charts.phases import dumbbell
from ntm.i18n import province, t
from ntm.published import source_label
from ntm.schema import province_code
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


# A phase still under way: how far its data reach and its pace toward its target.
results = measures.with_data(web.query("phase_results", phases=phase_ids, **f.params))
status = web.query("target_status")
if len(results):
    scope = measures.scope_targets(web.query("target_status", **f.params), f.districts)
    progress = findings.phase_progress(results.iloc[-1], measures.target_for(scope, int(results.iloc[-1]["end_year"])),
                                       lang)
    if progress:
        st.info(md_literal(" ".join(progress)), icon=":material/pending_actions:")
# Targets (each district's in the last chosen phase, the province's per phase) and recognitions.
marks = web.query("map_districts", measure=measure_id, phases=phase_ids)
marks = marks[marks["phase_id"] == phases.iloc[-1]["phase_id"]]
province_targets = measures.phase_targets(status[status["district_code"].isna()], phases, measure_id)

shown = measures.extremes(comp)
if len(shown) < len(comp):
    st.caption(t("chart.extremes", lang, n=len(shown), total=len(comp)))
title = findings.district_comparison(comp, phases, measure, lang)
fig = web.figure(dumbbell, shown, phases, measure, prov, lang, web.note(lang), title, selection, highlight=f.districts or (),
               marks=marks, targets=province_targets)
web.plot(fig, key="phases_chart", on_select=pick_district, selection_mode="points")
left, right = st.columns([3, 1])
with left:
    st.caption(t("phases.picked", lang, names=", ".join(map(md_literal, f.district_names))) if f.districts
               else t("phases.pick", lang))
    last_end = int(phases.iloc[-1]["end_year"])
    if (marks["recognised_year"] <= last_end).any():
        st.caption(t("phases.chart.recognised", lang))
    district_status = status.dropna(subset=["district_code"])
    district_status = district_status[(district_status["measure"] == measure_id)
                                      & district_status["target_year"].between(phases.iloc[-1]["start_year"], last_end)]
    for _, group in district_status.groupby("target_year"):
        sentence = findings.targets_summary(group, lang)
        if sentence:
            st.caption(md_literal(sentence))
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
table = comp.assign(**{c: comp[c].map(fmt) for c, fmt in formats.items()})
if marks["target"].notna().any():  # each district against its target in the last chosen phase
    by_code = marks.set_index("district_code")
    table["target"] = table["district_code"].map(lambda c: measures.fmt_value(by_code["target"].get(c), kind, lang))
    table["target_status"] = table["district_code"].map(
        lambda c: findings.target_status(by_code["target_status"].get(c), lang))
    columns |= {"target": t("plan.col.target", lang), "target_status": t("plan.col.status", lang)}
table = table[list(columns)].rename(columns=columns)
st.subheader(t("phases.table.title", lang))
web.table(table)

export_columns = {"district_code": "district_code", "district_name": t("col.district", lang), "first": name_a,
                  "last": name_b, "change": t("col.change", lang), "rank_first": f"{t('col.rank', lang)} {name_a}",
                  "rank_last": f"{t('col.rank', lang)} {name_b}", "rank_change": t("col.rank_change", lang)}
if len(phases) == 1:
    export_columns = {k: v for k, v in export_columns.items() if k not in ("last", "change", "rank_last", "rank_change")}
export = comp[list(export_columns)].rename(columns=export_columns)
web.downloads(export, f"so-sanh-giai-doan-{measure_id.replace(':', '-')}", lang)

# Published figures beside the commune data at the chosen phases' result years: the province and
# the chosen districts (every district when none is chosen), differences beyond the tolerance flagged.
commune_sample = "criteria_status" in web.active_version().illustrative
beside = web.query("published_beside_communes", province=province_code(),
                   province_name=t("published.province", lang, name=province()),
                   areas=[province_code(), *f.districts] if f.districts else None,
                   years=[int(y) for y in phases["result_year"]])
lines = findings.published_beside(beside, lang, commune_sample)
if lines:
    st.subheader(t("published.beside.title", lang), help=t("published.beside.help", lang))
    web.table(pd.DataFrame({
        t("published.col.area", lang): [x["area"] for x in lines],
        t("published.col.as_of", lang): [x["as_of_label"] for x in lines],
        t("published.col.value", lang): [x["published"] for x in lines],
        t("published.col.year", lang): [x["year"] for x in lines],
        t("published.col.commune_value.sample" if commune_sample else "published.col.commune_value", lang):
            [x["data"] for x in lines],
        t("published.col.flag", lang): [f"{t('published.flag.diff', lang)} {x['diff']}" if x["flagged"]
                                         else t("published.flag.ok", lang) for x in lines],
        t("published.col.source", lang): [source_label(x["source"], 50) for x in lines],
    }))

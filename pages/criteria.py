"""Theo tiêu chí — which criteria hold communes back, and where."""
import streamlit as st

from ntm import findings, measures, web
from ntm.charts.criteria import hardest_bar, heatmap
from ntm.i18n import t
from ntm.text import md_literal

f = web.filters()
lang = f.lang
web.header(t("criteria.title", lang), f, group_applies=True)

phases = web.chosen_phases(f)
if phases.empty:
    web.empty(lang)
    st.stop()

first, last = phases.iloc[0], phases.iloc[-1]
views = measures.phase_views(phases, lang)
view = st.segmented_control(t("criteria.view", lang), list(views), format_func=views.get, key="criteria_view",
                            default=last.phase_id) or last.phase_id
name = "name_vi" if lang == "vi" else "name_en"
note = web.note(lang)
# Only the phases this view draws (one, or the two compared).
drawn_phases = [first.phase_id, last.phase_id] if view == "change" else [view]
cells = web.query("criterion_share_by_district_phase", group=f.group, phases=drawn_phases, **f.params)
if cells.empty:
    web.empty(lang)
    st.stop()

if view == "change":
    shown = cells[cells["phase_id"] == last.phase_id]  # its change from the first phase comes from the query
    column, year = "change", int(last.result_year)
    title = findings.about(f.area, findings.heatmap_change(shown, int(first.result_year), year, lang), lang)
else:
    shown = cells[cells["phase_id"] == view]
    if shown["share"].isna().all():
        web.empty(lang)
        st.stop()
    column, year = "share", int(phases.set_index("phase_id").at[view, "result_year"])
    title = findings.about(f.area, findings.heatmap_share(shown, year, lang), lang)

# The heatmap keeps its rows readable: the districts lowest in what it shows (from the query).
drawn = web.query("criterion_share_by_district_phase", group=f.group, phases=drawn_phases, lowest=measures.MAX_CHART_ROWS,
                  rank_by=column, **f.params)
drawn = drawn[drawn["phase_id"] == (last.phase_id if view == "change" else view)]
if drawn["district_code"].nunique() < shown["district_code"].nunique():
    st.caption(t("chart.lowest", lang, n=drawn["district_code"].nunique(), total=shown["district_code"].nunique()))
event = web.plot(web.figure(heatmap, drawn, column, lang, note, title), key="criteria_heatmap", on_select="rerun",
                 selection_mode="points")
st.caption(t("criteria.heatmap.pick", lang))
# A comparison across criteria sets says which criteria it cannot compare.
changes = findings.criteria_changes(web.query("criteria_changes", phases=list(phases["phase_id"])), lang)
if changes:
    st.caption(md_literal(changes))
table = shown[["district_name", "criterion_id", name, "group_id", "communes", "meeting", "share"]
              + (["change"] if column == "change" else [])]
web.downloads(table.rename(columns={"district_name": t("col.district", lang), "criterion_id": t("col.criterion", lang),
                                    name: t("col.criterion_name", lang),
                                    "group_id": t("col.group", lang), "communes": t("col.communes", lang),
                                    "meeting": t("col.met", lang), "share": t("col.share", lang),
                                    "change": t("col.change", lang)}), f"tieu-chi-huyen-{year}", lang,
              kinds={t("col.share", lang): "share", t("col.change", lang): "points"})

# A selected cell: that district's communes that do and do not meet the criterion.
points_ = (event.selection.get("points") if event else None) or []
picked = points_[0].get("customdata") if points_ else None
if picked and picked[0] in set(shown["district_code"]):  # a cell still on the chart after a filter change
    code, crit_name, crit_id = picked
    district = shown.loc[shown["district_code"] == code, "district_name"].iloc[0]
    communes = web.query("communes_by_criterion", district=code, year=year, criterion=int(crit_id))
    with st.container(border=True):
        st.markdown("**" + t("criteria.cell.title", lang, criterion=md_literal(f"{int(crit_id)}. {crit_name}"),
                             district=md_literal(district), year=year) + "**")
        yes, no = communes[communes["met"]], communes[~communes["met"]]
        c1, c2 = st.columns(2)
        c1.markdown(f":blue-badge[{t('criteria.cell.met', lang, n=len(yes))}]")
        c1.dataframe(yes[["commune_name", "criteria_met"]].rename(columns={
            "commune_name": t("col.commune", lang), "criteria_met": t("col.criteria_met", lang)}), hide_index=True)
        c2.markdown(f":orange-badge[{t('criteria.cell.not_met', lang, n=len(no))}]")
        c2.dataframe(no[["commune_name", "criteria_met"]].rename(columns={
            "commune_name": t("col.commune", lang), "criteria_met": t("col.criteria_met", lang)}), hide_index=True)

# Province share per criterion in each chosen phase, hardest first.
shares = web.query("criterion_share_by_phase", group=f.group, phases=list(phases["phase_id"]), **f.params)
bar_title = findings.about(f.area, findings.hardest_criteria(shares, last.phase_id, int(last.result_year), lang), lang)
web.plot(web.figure(hardest_bar, shares, phases, lang, note, bar_title), key="criteria_bar")
web.downloads(shares[["phase_id", "criterion_id", name, "communes", "meeting", "share", "change"]].rename(columns={
    "phase_id": t("col.phase", lang), "criterion_id": t("col.criterion", lang), name: t("col.criterion_name", lang),
    "communes": t("col.communes", lang), "meeting": t("col.met", lang), "share": t("col.share", lang),
    "change": t("col.change", lang)}), "tieu-chi-toan-tinh", lang,
    kinds={t("col.share", lang): "share", t("col.change", lang): "points"})

# The office's own form of the year shown, for the districts chosen.
web.form_download(year, f.params.get("districts"), lang, key="criteria_form_download")

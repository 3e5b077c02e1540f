"""Bản đồ — where the districts stand: a measure by district, their targets, recognitions and pace."""
import streamlit as st

from ntm import findings, measures, web
from ntm.charts import map as maps
from ntm.i18n import number, t
from ntm.text import md_literal

f = web.filters()
lang = f.lang
web.header(t("map.title", lang), f)

phases = web.chosen_phases(f)
if phases.empty:
    web.empty(lang)
    st.stop()

options = measures.phase_measures(web.query("indicators"), lang)
first, last = phases.iloc[0], phases.iloc[-1]
views = {p.phase_id: f"{p.start_year}–{p.end_year} ({int(p.result_year)})" for p in phases.itertuples()}
if len(phases) > 1:
    views["change"] = t("criteria.view.change", lang, a=f"{first.start_year}–{first.end_year}",
                        b=f"{last.start_year}–{last.end_year}")
left, right = st.columns([2, 3])
measure_id = left.selectbox(t("phases.measure", lang), list(options), format_func=lambda m: options[m]["label"],
                            key="map_measure")
view = right.segmented_control(t("map.view", lang), list(views), format_func=views.get, key="map_view",
                               default=last.phase_id) or last.phase_id
if view not in views:  # a phase no longer chosen
    view = last.phase_id
measure = options[measure_id]
phase_ids = list(phases["phase_id"])

# Every district is drawn; the district filter outlines the chosen ones. Values, targets and
# recognitions of the phase shown (the last chosen phase in the change view) come from one query.
rows = web.query("map_districts", measure=measure_id, phases=phase_ids)
status = web.query("target_status")
by_id = phases.set_index("phase_id", drop=False)
if view == "change":
    comp = web.query("district_comparison", measure=measure_id, phases=phase_ids)
    shown = maps.map_frame(rows[rows["phase_id"] == last.phase_id], by_id.loc[last.phase_id], measure, status, lang,
                           comp=comp, first=by_id.loc[first.phase_id])
    column, title = "change", findings.district_comparison(comp, phases, measure, lang)
    legend = t("map.colorbar.change", lang)
else:
    phase = by_id.loc[view]
    shown = maps.map_frame(rows[rows["phase_id"] == view], phase, measure, status, lang)
    column = "value"
    title = findings.district_comparison(shown.rename(columns={"value": "first"}), by_id.loc[[view]], measure, lang)
    legend = measure["label"] + (f" ({measure['unit']})" if measure["unit"] else "")
if shown[column].isna().all():
    st.info(t("phases.need_data", lang), icon=":material/filter_alt_off:")
    st.stop()

boundaries = web.query("district_boundaries")
shapes = maps.boundary_shapes(boundaries, shown) if len(boundaries) else {}
if not shapes:
    shapes = maps.tile_shapes(maps.tile_layout(shown))


def pick_district():
    """Map selection → the shared district filter (runs before the rerun, so it may set it)."""
    points = st.session_state["map_chart"].selection.get("points", [])
    codes = [p["customdata"][0] for p in points if p.get("customdata")]
    if codes:
        f.select_districts(list(dict.fromkeys(codes)))


fig = web.figure(maps.district_map, shown, shapes, measure, column, lang, web.note(lang), title, legend,
                        highlight=f.districts or ())
# No toolbar: the map neither zooms nor pans, and the toolbar would cover the title.
st.plotly_chart(fig, theme=None, key="map_chart", width="stretch", on_select=pick_district, selection_mode="points",
                config={"displayModeBar": False, "displaylogo": False})

notes = [t("map.tiles", lang) if not len(boundaries) else ""]
missing = shown.loc[~shown["district_code"].isin(list(shapes)), "district_name"]
if len(missing):
    notes.append(t("map.no_boundary", lang, names=", ".join(map(md_literal, missing))))
if shown["recognised"].any():
    notes.append(t("map.legend.recognised", lang))
if (shown["target_mark"] != "").any():
    notes.append(t("map.legend.target", lang))
st.caption(" · ".join(n for n in notes if n))
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
chosen_status = web.query("target_status", **f.params)
if chosen_status.empty:
    st.info(t("plan.none", lang), icon=":material/flag:")
else:
    sentences = [findings.province_target(row, lang)
                 for _, row in chosen_status[chosen_status["district_code"].isna()].iterrows()]
    districts_only = chosen_status.dropna(subset=["district_code"])
    sentences += [findings.targets_summary(group, lang)
                  for _, group in districts_only.groupby(["measure", "target_year"], sort=True)]
    # One list, one element.
    st.markdown("\n".join("- " + md_literal(s) for s in sentences if s))
    table = chosen_status.assign(
        area=chosen_status["district_name"].fillna(t("plan.province", lang)),
        measure_name=chosen_status["measure"].map(lambda m: t(f"target.measure.{m}", lang)),
        target_text=[findings.target_value(v, m, lang) for v, m in zip(chosen_status["target"], chosen_status["measure"])],
        actual=[findings.target_value(a if y <= ly else lv, m, lang) + ("" if y <= ly else f" ({int(ly)})")
                for a, lv, y, ly, m in zip(chosen_status["value_at_year"], chosen_status["latest_value"],
                                           chosen_status["target_year"], chosen_status["latest_year"],
                                           chosen_status["measure"])],
        status_text=chosen_status["status"].map(lambda s: findings.target_status(s, lang)))
    columns = {"area": t("plan.col.area", lang), "measure_name": t("plan.col.measure", lang),
               "target_year": t("plan.col.year", lang), "target_text": t("plan.col.target", lang),
               "actual": t("plan.col.actual", lang), "status_text": t("plan.col.status", lang)}
    web.table(table[list(columns)].rename(columns=columns))
    web.downloads(table[list(columns)].rename(columns=columns), "ke-hoach", lang)

# The year each district would have all its communes meeting the standard at its recent pace.
st.subheader(t("projection.title", lang))
st.caption(t("projection.caption", lang))
projection = web.query("district_projection", **f.params)
if not projection.empty:
    province_row = projection[projection["district_code"].isna()]
    if len(province_row):
        st.markdown(md_literal(findings.projection(province_row.iloc[0], t("plan.province", lang), lang)))
    per_district = projection.dropna(subset=["district_code"])
    latest = int(projection["latest_year"].max())
    table = per_district.assign(
        meeting_text=[f"{number(m, lang=lang)}/{number(c, lang=lang)}" for m, c in
                      zip(per_district["meeting"], per_district["communes"])],
        pace_text=per_district["pace"].map(lambda v: number(v, 1, lang, sign=True)),
        year_text=[findings.projection_year(r, lang) for _, r in per_district.iterrows()])
    columns = {"district_name": t("col.district", lang), "meeting_text": t("projection.col.meeting", lang, year=latest),
               "pace_text": t("projection.col.pace", lang), "year_text": t("projection.col.year", lang)}
    web.table(table[list(columns)].rename(columns=columns))

web.method(("target", "pace", "projection", "recognised"), lang)

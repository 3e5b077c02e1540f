"""Xã — every commune of a district, criterion by criterion, and one commune's profile."""
import pandas as pd
import streamlit as st

from ntm.tables import html_table
from ntm import cards, web
from ntm.text import md_literal, plotly_literal
from ntm.charts.communes import matrix, profile
from ntm.i18n import number, t

f = web.filters()
lang = f.lang
web.header(t("communes.title", lang), f, group_applies=True)

districts = web.query("districts")
if f.districts:
    districts = districts[districts["district_code"].isin(f.districts)]
years = web.query("data_years")["year"].tolist()
if districts.empty or not years:
    web.empty(lang)
    st.stop()

names = dict(zip(districts["district_code"], districts["district_name"]))
# Open on the district furthest behind in the latest year: the one a leader asks about first.
latest = web.query("standard_by_district_year", **f.params).query("year == year.max()")
behind = latest.sort_values("share_meeting")["district_code"].tolist()
start = list(names).index(behind[0]) if behind and behind[0] in names else 0
c1, c2 = st.columns([2, 3])
district = c1.selectbox(t("communes.district", lang), list(names), format_func=names.get, key="communes_district",
                        index=start)
year = c2.select_slider(t("communes.year", lang), years, value=years[-1], key="communes_year")
cells = web.query("commune_matrix", district=district, year=year, group=f.group)
if cells.empty:
    web.empty(lang)
    st.stop()

name = "name_vi" if lang == "vi" else "name_en"
per_commune = cells.drop_duplicates("commune_code")
missing = cells[~cells["met"]].groupby(["criterion_id", name]).size().sort_values(ascending=False)
worst = f"{plotly_literal(missing.index[0][1])} ({missing.iloc[0]} {t('unit.communes', lang)})" if len(missing) else ""
title = t("communes.matrix.title" if worst else "communes.matrix.title.all", lang, district=plotly_literal(names[district]),
          year=year,
          meeting=int(per_commune["meets_standard"].sum()), communes=len(per_commune), worst=worst)
# Counts are over the communes that reported this year; say when fewer reported than the year before.
coverage = web.query("commune_coverage", district=district, year=year).iloc[0]
if coverage["missing"]:
    partial = t("communes.partial", lang, reported=int(coverage["reported"]), before=int(coverage["reported_before"]))
    title += f"<br><sup>{partial}</sup>"
    st.warning(t("communes.partial.detail", lang, year=year, reported=int(coverage["reported"]),
                 before=int(coverage["reported_before"]), prev=int(coverage["previous_year"]),
                 names=md_literal(", ".join(coverage["missing_names"]))), icon=":material/hourglass_top:")
note = web.note(lang)
web.plot(web.figure(matrix, cells, lang, note, title), key="communes_matrix")
web.downloads(cells[["commune_code", "commune_name", "criteria_met", "criterion_id", name, "met"]].assign(
    met=cells["met"].map({True: t("met.yes", lang), False: t("met.no", lang)})).rename(columns={
        "commune_name": t("col.commune", lang), "criteria_met": t("col.criteria_met", lang),
        "criterion_id": t("col.criterion", lang), name: t("col.criterion_name", lang), "met": t("col.met", lang)}),
    f"xa-{district}-{year}", lang)

# One commune's profile: criteria met by year, the year it met the standard, what is missing.
communes = dict(zip(per_commune["commune_code"], per_commune["commune_name"]))
commune = st.selectbox(t("communes.commune", lang), list(communes), format_func=communes.get, key="communes_commune")
history = web.query("commune_profile", commune=commune, year=year)
missing = web.query("commune_missing_criteria", commune=commune, year=year)
left, right = st.columns([3, 2])
with left:
    web.plot(web.figure(profile, history, lang, note, t("communes.profile.title", lang, commune=plotly_literal(communes[commune]))),
             key="communes_profile")
with right:
    first = history["first_year_meeting"].dropna()
    now = history[history["year"] == year]
    web.kpis([cards.Card(t("communes.first_year", lang),
                         str(int(first.iloc[0])) if len(first) else t("communes.not_yet", lang)),
              cards.Card(t("communes.criteria_now", lang, year=year),
                         f"{number(now['criteria_met'].iloc[0], lang=lang)}/{int(now['criteria_total'].iloc[0])}")
              if len(now) else None])
    if missing.empty:
        st.markdown(f"**{t('communes.missing', lang, year=year)}**")
        st.success(t("communes.missing.none", lang, year=year), icon=":material/check_circle:")
    else:  # the heading and the list as one element
        st.markdown(f"**{t('communes.missing', lang, year=year)}**\n\n" + "\n".join(
            f"- {int(r.criterion_id)}. {md_literal(getattr(r, name))}" for r in missing.itertuples()))
# What the offices reported of the commune (summaries, recognition decisions): beside its criteria, never mixed in.
reports = web.query("commune_reports", commune=commune, year=year)
if len(reports):
    st.markdown(f"**{t('communes.reports', lang)}**")
    st.html(html_table(pd.DataFrame({
        t("col.year", lang): reports["year"],
        t("communes.reports.what", lang): [
            t("communes.reports.summary", lang, n=int(r.criteria_met)) if r.kind == "summary"
            else t(f"communes.reports.level.{r.level}", lang) for r in reports.itertuples()],
        t("communes.reports.decision", lang): [
            t("communes.reports.decision_of", lang, decision=r.decision or "–",
              date=".".join(reversed(r.decision_date.split("-"))).replace(".", "/"))
            if isinstance(r.decision_date, str) and r.decision_date else (r.decision or "")
            for r in reports.itertuples()]})))

# A unit made by the reorganisation: the old communes it came from, each as it stood last.
parts = web.query("commune_parts", commune=commune, year=year)
if len(parts):
    st.markdown(f"**{t('communes.parts', lang, n=len(parts))}**")
    levels = {1: t("communes.reports.level.dat_chuan", lang), 2: t("communes.reports.level.nang_cao", lang),
              3: t("communes.reports.level.kieu_mau", lang)}
    st.html(html_table(pd.DataFrame({
        t("col.commune_old", lang): parts["part_name"],
        t("communes.parts.mapping", lang): [t(f"communes.parts.{m}", lang) for m in parts["mapping"]],
        t("col.year", lang): [str(int(y)) if pd.notna(y) else "–" for y in parts["year"]],
        t("col.criteria_met", lang): [f"{int(m)}/{int(k)}" if pd.notna(m) else "–"
                                      for m, k in zip(parts["criteria_met"], parts["criteria_total"])],
        t("communes.parts.level", lang): [levels.get(int(v), "–") if pd.notna(v) else "–" for v in parts["level_rank"]],
    })))
    st.caption(t("communes.parts.rule", lang))

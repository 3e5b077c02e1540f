"""Tổng quan — the programme's picture across phases, in one screen."""
import html

import streamlit as st

from ntm import measures, web
from ntm.measures import between_years
from ntm.charts import overview as charts
from ntm.i18n import number, percent, points, province, t

f = web.filters()
lang = f.lang
web.header(t("app.title", lang, province=province()), f)

if not f.phases:
    st.info(t("filter.no_phase", lang), icon=":material/filter_alt_off:")
    st.stop()

results = web.query("phase_results", **f.params)
chosen = measures.with_data(results[results["phase_id"].isin(f.phases)])
if chosen.empty:
    web.empty(lang)
    st.stop()

for sentence in measures.headline(chosen, lang):
    # Phase names come from data: escaped, so they show as text.
    st.markdown(f"<p class='ntm-headline'>{html.escape(sentence)}</p>", unsafe_allow_html=True)

# KPI cards: the latest chosen phase, its change from the previous one, earlier phases below.
last = chosen.iloc[-1]
prev = chosen.iloc[-2] if len(chosen) > 1 else None
earlier = chosen.iloc[:-1]
indicators = web.query("indicator_by_phase", **f.params)
contrib = indicators.pivot(index="phase_id", columns="indicator_id", values="value")
unit = dict(zip(indicators["indicator_id"], indicators["unit"]))


def card(label, column, fmt, inverse=False, tooltip=None, table=chosen.set_index("phase_id")):
    value = table.at[last["phase_id"], column] if last["phase_id"] in table.index else None
    before = table.at[prev["phase_id"], column] if prev is not None and prev["phase_id"] in table.index else None
    delta = None
    if value is not None and before is not None and not (value != value or before != before):
        delta = fmt(value - before, sign=True)
    st.metric(label, fmt(value) if value is not None else "–", delta,
              delta_color="inverse" if inverse else "normal", border=True, help=tooltip)
    st.caption(" · ".join(t("kpi.earlier", lang, phase=f"{r.start_year}–{r.end_year}",
                            value=fmt(table.at[r.phase_id, column]))
                          for r in earlier.itertuples() if r.phase_id in table.index))


cols = st.columns(5)
count = lambda v, sign=False: number(v, 0, lang, sign)  # noqa: E731
with cols[0]:
    card(t("kpi.meeting", lang), "meeting", count)
with cols[1]:
    card(t("kpi.share", lang), "share_meeting", lambda v, sign=False: (points if sign else percent)(v, lang=lang))
with cols[2]:
    card(t("kpi.avg", lang), "avg_criteria", lambda v, sign=False: number(v, 1, lang, sign))
with cols[3]:
    card(t("kpi.under10", lang), "under_10", count, inverse=True)
with cols[4]:
    if "contrib_money" in contrib.columns:
        row = contrib.loc[last["phase_id"]] if last["phase_id"] in contrib.index else {}
        card(t("kpi.contrib", lang, unit=unit.get("contrib_money", "")), "contrib_money", count, table=contrib,
             tooltip=t("kpi.contrib.help", lang, land=number(row.get("contrib_land"), lang=lang),
                    labour=number(row.get("contrib_labour"), lang=lang)))

# Charts over the years of the chosen phases (from the base year of the first one).
phases = web.query("phases")
phases = phases[phases["phase_id"].isin(chosen["phase_id"])]
first_year, last_year = int(chosen["base_year"].min()), int(chosen["result_year"].max())
yearly = between_years(web.query("standard_by_year", **f.params), first_year, last_year)
bands = between_years(web.query("bands_by_year", **f.params), first_year, last_year)
note = web.note(lang)
left, right = st.columns(2)
with left:
    web.plot(charts.standard_line(yearly, phases, lang, note), key="overview_line")
with right:
    web.plot(charts.bands_bar(bands, lang, note), key="overview_bands")

with st.expander(t("method.title", lang), icon=":material/functions:"):
    st.caption(t("method.intro", lang))
    for m in measures.EXPLAINED:
        st.markdown(f"**{t('measure.' + m, lang)}** — {t('measure.' + m + '.how', lang)}")

"""Số liệu công bố — real, published figures with their dates and sources: the country, the
province and any district; each measure over time, the latest report, and what the commune
data says beside it."""
import html
import re

import pandas as pd
import streamlit as st

from ntm import cards, findings, tables, web
from ntm.charts import footnote
from ntm.charts.published import series as series_chart
from ntm.i18n import province, t, version_label
from ntm.published import as_of_label, beside_markdown, fmt_figure, is_link, note_label, source_label
from ntm.schema import province_code

f = web.filters()
lang = f.lang
version = web.active_version()
# Published figures are real: the illustrative badge is shown only if they themselves were (never
# for the bundled ones); the commune data beside them says on its own when it is illustrative.
figures_sample = "published_figures" in version.illustrative
commune_sample = "criteria_status" in version.illustrative

about = t("sample.notice", lang) if figures_sample else t("published.badge.help", lang)
if commune_sample:
    about += " " + t("published.badge.commune_sample", lang)
web.header(t("published.title", lang), f, line=t("published.caption", lang, version=version_label(version, lang)),
           badge=(t("sample.badge", lang), about, "sample") if figures_sample
           else (t("published.badge", lang), about, "confirmed"))

home, home_name = province_code(), t("published.province", lang, name=province())
areas = web.query("published_areas", province=home, province_name=home_name)
names = {r.area_code: (t("published.country", lang) if r.level == "country" else r.area_name)
         for r in areas.itertuples()}
levels = dict(zip(areas["area_code"], areas["level"]))
# The district chosen in the sidebar, when it is just one; else the province.
default = f.districts[0] if f.districts and len(f.districts) == 1 and f.districts[0] in names else home
if st.session_state.get("published_area") not in names:
    st.session_state["published_area"] = default if default in names else next(iter(names))
with st.container(horizontal=True):
    area = st.selectbox(t("published.area", lang), list(names), format_func=lambda c: names[c],
                        key="published_area", width=360)
area_name = names[area]
rows = web.query("published_series", area=area)
if rows.empty:
    st.info(t("published.none", lang), icon=":material/info:")
    st.stop()

# The latest report as a sentence with its date and source, then the latest figure of each measure.
headline = findings.published_headline(rows, area_name, lang)
if headline:
    sentence, source = headline
    link = tables.source_html(source, 90)
    st.html(f"<p class='ntm-headline'>{html.escape(sentence)}</p>"
            f"<p class='ntm-source' style='color:#4B5563;margin:0 0 0.6rem 0'>"
            f"{html.escape(t('published.headline.source', lang, source='')).strip()} {link}</p>")

latest = web.query("published_latest", area=area)
for start in range(0, len(latest), 5):
    part = [cards.Card(r["name_vi"] if lang == "vi" else r["name_en"], fmt_figure(r["value"], lang, r["unit"]),
                       notes=(t("published.as_of_source", lang, as_of=as_of_label(r["as_of"], lang),
                                source=source_label(r["source"], 40)),), help=r["source"])
            for _, r in latest.iloc[start:start + 5].iterrows()]
    web.kpis(part + [None] * (max(3, min(5, len(latest))) - len(part)))

# What the commune data says for the same area and year (the province or a district).
if area == home or levels.get(area) == "district":
    beside = web.query("published_beside_communes", province=home, province_name=home_name, areas=[area])
    lines = findings.published_beside(beside, lang, illustrative=commune_sample)
    if lines:
        st.subheader(t("published.beside.title", lang), help=t("published.beside.help", lang))
        st.markdown("\n\n".join(beside_markdown(line, lang) for line in lines[:6]))

# Each measure over time: points at their as-of dates, the source on hover.
st.subheader(t("published.series", lang))
note = footnote(version_label(version, lang), figures_sample, lang)
charts = [(m, part) for m, part in rows.groupby("measure", sort=False)]
for start in range(0, len(charts), 2):
    cols = st.columns(2)
    for col, (measure, part) in zip(cols, charts[start:start + 2]):
        with col:
            web.plot(web.figure(series_chart, part, lang, note, findings.published_series(part, lang)),
                     key=f"published_chart_{measure}")

# Every figure with its source: web sources as links (http and https only), documents as text.
st.subheader(t("published.table", lang))
table = rows.sort_values(["as_of_date", "measure_order"], ascending=[False, True])
view = pd.DataFrame({
    t("published.col.as_of", lang): [as_of_label(a, lang) for a in table["as_of"]],
    t("published.col.measure", lang): table["name_vi" if lang == "vi" else "name_en"].to_numpy(),
    t("published.col.value", lang): [fmt_figure(v, lang, u) for v, u in zip(table["value"], table["unit"])],
    t("published.col.link", lang): pd.array([s if is_link(s) else None for s in table["source"]], dtype="string"),
    t("published.col.reference", lang): ["" if is_link(s) else s for s in table["source"]],
    t("published.col.note", lang): [note_label(n, lang) for n in table["note"]],
})
# A source or note column with nothing in it (a district's figures are all documents) is left out.
view = view.drop(columns=[c for c in (t("published.col.link", lang), t("published.col.reference", lang),
                                      t("published.col.note", lang)) if view[c].fillna("").eq("").all()])
web.table(view, links=(t("published.col.link", lang),))
st.caption(t("published.table.caption", lang))
export = pd.DataFrame({
    "as_of": table["as_of"].to_numpy(), "area_code": area, t("published.col.area", lang): area_name,
    "measure": table["measure"].to_numpy(), t("published.col.measure", lang): view[t("published.col.measure", lang)],
    "value": table["value"].to_numpy(), "unit": table["unit"].to_numpy(), "source": table["source"].to_numpy(),
    "note": [note_label(n, lang) for n in table["note"]],
})
web.downloads(export, "so-lieu-cong-bo-" + re.sub(r"[^0-9A-Za-z_-]", "", area), lang)

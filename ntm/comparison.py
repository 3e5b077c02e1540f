"""What the phase comparison page shows for given filters and measure: each district at the end of
the chosen phases (chart, captions, ranking table, downloads, published figures beside) — built from
the named queries without Streamlit, once per (data version, filters, measure, language)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from . import findings, measures
from .charts.phases import dumbbell
from .i18n import phase_years, province, t
from .published import source_label
from .schema import province_code
from .text import area_label, md_literal


@dataclass(frozen=True)
class Comparison:
    progress: str             # Markdown, "" when no phase is under way
    extremes: str             # "only n of N districts drawn", "" when all are
    figure: go.Figure         # shared between sessions: never changed after
    captions: list[str]       # Markdown, under the chart
    table: pd.DataFrame       # the ranking, formatted, in the UI language
    export: pd.DataFrame      # the ranking as numbers, for the downloads
    export_name: str
    export_kinds: dict        # the downloads' columns that hold shares or changes of shares
    beside: pd.DataFrame | None  # published figures beside the commune data


def build(fetch: Callable[..., pd.DataFrame], f, note: str, illustrative: tuple[str, ...],
          measure_id: str) -> Comparison | None:
    """The comparison for filters `f` and `measure_id`; None when the measure has no data in the
    chosen phases. `fetch(name, **params)` runs a named query; `note` is the charts' footnote."""
    lang = f.lang
    phases = measures.chosen(fetch("phases"), f.phases)
    measure = measures.phase_measures(fetch("indicators"), lang)[measure_id]

    # All districts are drawn so they can be compared; the district filter highlights them. Values,
    # changes and ranks between the first and the last chosen phase come from one query.
    phase_ids = list(phases["phase_id"])
    comp = fetch("district_comparison", measure=measure_id, phases=phase_ids)
    if comp[["first", "last"]].isna().all().all():
        return None
    # Reference lines: the province's values (never filtered), and the chosen districts taken together.
    prov = fetch("measure_by_phase", measure=measure_id, phases=phase_ids)
    prov = dict(zip(prov["phase_id"], prov["value"]))
    selection = None
    if f.districts:
        chosen = fetch("measure_by_phase", measure=measure_id, phases=phase_ids, **f.params)
        selection = dict(zip(chosen["phase_id"], chosen["value"]))

    # A phase still under way: how far its data reach and its pace toward its target.
    progress = []
    results = measures.with_data(fetch("phase_results", phases=phase_ids, **f.params))
    status = fetch("target_status")
    if len(results):
        scope = measures.scope_targets(fetch("target_status", **f.params), f.districts)
        progress = findings.phase_progress(results.iloc[-1], measures.target_for(scope, int(results.iloc[-1]["end_year"])),
                                           lang)
    # Targets (each district's in the last chosen phase, the province's per phase) and recognitions.
    marks = fetch("map_districts", measure=measure_id, phases=phase_ids)
    marks = marks[marks["phase_id"] == phases.iloc[-1]["phase_id"]]
    province_targets = measures.phase_targets(status[status["district_code"].isna()], phases, measure_id)

    shown = measures.extremes(comp)
    title = findings.district_comparison(comp, phases, measure, lang)
    figure = dumbbell(shown, phases, measure, prov, lang, note, title, selection, highlight=f.districts or (),
                      marks=marks, targets=province_targets)

    captions = [t("phases.picked", lang, names=", ".join(md_literal(area_label(n, lang)) for n in f.district_names)) if f.districts
                else t("phases.pick", lang)]
    last_end = int(phases.iloc[-1]["end_year"])
    if (marks["recognised_year"] <= last_end).any():
        captions.append(t("phases.chart.recognised", lang))
    district_status = status.dropna(subset=["district_code"])
    district_status = district_status[(district_status["measure"] == measure_id)
                                      & district_status["target_year"].between(phases.iloc[-1]["start_year"], last_end)]
    for _, group in district_status.groupby("target_year"):
        sentence = findings.targets_summary(group, lang)
        if sentence:
            captions.append(md_literal(sentence))
    # Phases judged on different criteria sets: their change includes the change of set.
    if phases["criteria_set"].nunique() > 1 and not measure_id.startswith("ind:"):
        captions.append(t("phases.other_sets", lang, first=phase_years(phases.iloc[0]),
                          last=phase_years(phases.iloc[-1])))

    return Comparison(
        progress=md_literal(" ".join(progress)) if progress else "",
        extremes=t("chart.extremes", lang, n=len(shown), total=len(comp)) if len(shown) < len(comp) else "",
        figure=figure, captions=captions, table=_ranking(comp, phases, marks, measure, lang),
        export=_export(comp, phases, lang), export_name=f"so-sanh-giai-doan-{measure_id.replace(':', '-')}",
        export_kinds=_export_kinds(phases, measure["kind"], lang),
        beside=_beside(fetch, f, phases, "criteria_status" in illustrative))


def _ranking(comp: pd.DataFrame, phases: pd.DataFrame, marks: pd.DataFrame, measure: dict, lang: str) -> pd.DataFrame:
    """The ranking table, in the UI language, with the same numbers as the chart; in the order of
    the rank it shows first (the last phase's), ties in the chart's order (by change)."""
    first, last = phases.iloc[0], phases.iloc[-1]
    name_a, name_b = phase_years(first), phase_years(last)
    kind = measure["kind"]
    comp = comp.sort_values("rank_last" if len(phases) > 1 else "rank_first", kind="stable", na_position="last")
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
    return table[list(columns)].rename(columns=columns)


def _export(comp: pd.DataFrame, phases: pd.DataFrame, lang: str) -> pd.DataFrame:
    first, last = phases.iloc[0], phases.iloc[-1]
    name_a, name_b = phase_years(first), phase_years(last)
    columns = {"district_code": "district_code", "district_name": t("col.district", lang), "first": name_a,
               "last": name_b, "change": t("col.change", lang), "rank_first": f"{t('col.rank', lang)} {name_a}",
               "rank_last": f"{t('col.rank', lang)} {name_b}", "rank_change": t("col.rank_change", lang)}
    if len(phases) == 1:
        columns = {k: v for k, v in columns.items() if k not in ("last", "change", "rank_last", "rank_change")}
    return comp[list(columns)].rename(columns=columns)


def _export_kinds(phases: pd.DataFrame, kind: str, lang: str) -> dict:
    """A share measure's values are shares and its change points, as the export names them."""
    if kind != "share":
        return {}
    return {phase_years(phases.iloc[0]): "share", phase_years(phases.iloc[-1]): "share",
            t("col.change", lang): "points"}


def _beside(fetch, f, phases: pd.DataFrame, commune_sample: bool) -> pd.DataFrame | None:
    """Published figures beside the commune data at the chosen phases' result years: the province
    and the chosen districts (every district when none is chosen), differences beyond the tolerance
    flagged."""
    lang = f.lang
    found = fetch("published_beside_communes", province=province_code(),
                  province_name=t("published.province", lang, name=province()),
                  areas=[province_code(), *f.districts] if f.districts else None,
                  years=[int(y) for y in phases["result_year"]])
    lines = findings.published_beside(found, lang, commune_sample)
    if not lines:
        return None
    return pd.DataFrame({
        t("published.col.area", lang): [x["area"] for x in lines],
        t("published.col.as_of", lang): [x["as_of_label"] for x in lines],
        t("published.col.value", lang): [x["published"] for x in lines],
        t("published.col.year", lang): [x["year"] for x in lines],
        t("published.col.commune_value.sample" if commune_sample else "published.col.commune_value", lang):
            [x["data"] for x in lines],
        t("published.col.flag", lang): [f"{t('published.flag.diff', lang)} {x['diff']}" if x["flagged"]
                                         else t("published.flag.ok", lang) for x in lines],
        t("published.col.source", lang): [source_label(x["source"], 50) for x in lines],
    })

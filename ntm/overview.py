"""What the overview page shows for given filters: headline, progress, KPI cards, the published
figures beside, its two figures — built from the named queries, without Streamlit, so that the
page is built once per (data version, filters, language) and a run only draws it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from . import cards, findings, measures, published
from .charts import overview as charts
from .i18n import number, percent, phase_years, points, province, t, unit_name
from .measures import between_years
from .schema import province_code
from .text import md_literal


@dataclass(frozen=True)
class Overview:
    headline: list[str]
    progress: str            # Markdown, "" when no phase is under way
    cards: list[cards.Card]
    weights: list[float]
    beside: str              # HTML lines (published figures beside), "" when none
    line: go.Figure          # shared between sessions: never changed after
    bands: go.Figure
    today: go.Figure | None = None   # the same years on today's units (None: the units never changed)
    today_note: str = ""


def build(fetch: Callable[..., pd.DataFrame], f, note: str, illustrative: tuple[str, ...]) -> Overview | None:
    """The overview for filters `f` (phases chosen); None when the chosen phases have no data.
    `fetch(name, **params)` runs a named query; `note` is the charts' footnote; `illustrative`:
    the version's illustrative datasets."""
    lang = f.lang

    def about(sentence):  # a finding of the chosen districts names them
        return findings.about(f.area, sentence, lang)
    # The chosen phases' results; each change is from the previous chosen phase with data (SQL).
    results = fetch("phase_results", phases=list(f.phases), **f.params)
    chosen = measures.with_data(results)
    if chosen.empty:
        return None

    # Targets of what the page covers (the province, or the one district chosen); a phase still
    # under way says how far its data reach, its result so far and its pace toward its target.
    targets = measures.scope_targets(fetch("target_status", **f.params), f.districts)
    progress = findings.phase_progress(chosen.iloc[-1], measures.target_for(targets, int(chosen.iloc[-1]["end_year"])),
                                       lang)

    # KPI cards: the latest chosen phase, its change from the previous one, earlier phases below.
    last = chosen.iloc[-1]
    earlier = chosen.iloc[:-1]

    def card(label, table, column, change, fmt, inverse=False, tooltip=None, notes=()) -> cards.Card:
        """A KPI of the last chosen phase; `change` is the query's column of change since the
        previous phase; earlier chosen phases' values listed under it."""
        row = table.loc[last["phase_id"]] if last["phase_id"] in table.index else None
        value = row[column] if row is not None else None
        delta = row[change] if row is not None and len(earlier) else None
        before = " · ".join(t("kpi.earlier", lang, phase=phase_years(r),
                              value=fmt(table.at[r.phase_id, column]))
                            for r in earlier.itertuples() if r.phase_id in table.index)
        shown = delta is not None and not pd.isna(delta)
        if shown and bool(last.get("set_changed")) and column in ("meeting", "share_meeting"):
            # a change from a phase judged on another set
            notes = (t("kpi.other_set", lang), *notes)
        return cards.Card(label, fmt(value), fmt(delta, sign=True) if shown else None, float(delta) if shown else 0.0,
                          inverse=inverse, notes=(before, *notes), help=tooltip)

    count = lambda v, sign=False: number(v, 0, lang, sign)  # noqa: E731
    by_phase = chosen.set_index("phase_id")
    row = [card(t("kpi.meeting", lang), by_phase, "meeting", "change_meeting", count),
           card(t("kpi.share", lang), by_phase, "share_meeting", "change_share",
                lambda v, sign=False: (points if sign else percent)(v, lang=lang)),
           card(t("kpi.avg", lang), by_phase, "avg_criteria", "change_avg_criteria",
                lambda v, sign=False: number(v, 1, lang, sign))]
    weights = [0.95, 1.25, 0.95]
    if not pd.isna(last["under_10"]):  # a measure of the 19-criterion sets
        row.append(card(t("kpi.under10", lang), by_phase, "under_10", "change_under_10", count, inverse=True))
        weights.append(0.95)
    # Communes recognised above the standard (nâng cao, kiểu mẫu), with the plan's shares.
    if (chosen["advanced"].fillna(0) + chosen["model"].fillna(0)).any():
        plan = [measures.target_for(targets, int(last["end_year"]), (m,)) for m in ("share_advanced", "share_model")]
        levels = lambda v, sign=False: v if isinstance(v, str) else "–"  # noqa: E731
        shown = by_phase.assign(levels=[t("kpi.levels.value", lang, advanced=number(a, lang=lang),
                                          model=number(m, lang=lang))
                                        for a, m in zip(by_phase["advanced"], by_phase["model"])], no_change=None)
        row.append(card(t("kpi.levels", lang), shown, "levels", "no_change", levels,
                        notes=(" · ".join(findings.target_short(g, lang) for g in plan if g is not None),),
                        tooltip=t("kpi.levels.help", lang)))
        weights.append(1.2)
    # People's contributions: the indicators playing those roles, whatever their ids.
    indicators = fetch("indicator_by_phase", phases=list(f.phases), **f.params)
    roles = {role: measures.indicator_with_role(indicators, role)
             for role in ("contrib_money", "contrib_land", "contrib_labour")}
    if roles["contrib_money"] is not None:
        def of(role):
            part = indicators[indicators["indicator_id"] == roles[role]]
            return part.set_index("phase_id") if len(part) else None

        money = of("contrib_money")
        extras = {role: (of(role).at[last["phase_id"], "value"] if of(role) is not None else None)
                  for role in ("contrib_land", "contrib_labour")}
        row.append(card(t("kpi.contrib", lang, unit=unit_name(money["unit"].iloc[0], lang)), money, "value", "change", count,
                        tooltip=t("kpi.contrib.help", lang, land=number(extras["contrib_land"], lang=lang),
                                  labour=number(extras["contrib_labour"], lang=lang))))
        weights.append(1.2)
    recognitions = fetch("recognitions_by_phase", phases=list(f.phases), **f.params)
    if not fetch("recognitions").empty:  # none recorded is not "none recognised"
        total = int(recognitions["districts"].max())
        goal = measures.target_for(targets, int(last["end_year"]), ("districts_recognised",))
        by_phase_r = recognitions.set_index("phase_id")
        advanced = by_phase_r.at[last["phase_id"], "advanced"] if last["phase_id"] in by_phase_r.index else 0
        row.append(card(t("kpi.recognised", lang), by_phase_r, "recognised", "change",
                        lambda v, sign=False: number(v, 0, lang, sign) if sign else t(
                            "kpi.recognised.value", lang, n=number(v, lang=lang), total=total),
                        notes=(findings.target_short(goal, lang) if goal is not None else "",
                               t("kpi.recognised.advanced", lang, n=number(advanced, lang=lang)) if advanced else ""),
                        tooltip=t("kpi.recognised.help", lang)))
        weights.append(1.05)

    # The province's own recognition (hoàn thành nhiệm vụ), when the province is shown and one is
    # recorded: the level by the end of each chosen phase.
    levels = fetch("province_level_by_phase", phases=list(f.phases)) if not f.districts else None
    if levels is not None and len(levels):
        by_phase_p = levels.set_index("phase_id").assign(
            shown=[t("kpi.province_level.done" if not pd.isna(y) else "kpi.province_level.not_yet", lang)
                   for y in levels["recognised_year"]], no_change=None)
        year = by_phase_p.at[last["phase_id"], "recognised_year"] if last["phase_id"] in by_phase_p.index else None
        row.append(card(t("kpi.province_level", lang), by_phase_p, "shown", "no_change",
                        lambda v, sign=False: v if isinstance(v, str) else "–",
                        notes=(t("kpi.province_level.when", lang, year=int(year)) if year is not None and not pd.isna(year)
                               else "",), tooltip=t("kpi.province_level.help", lang)))
        weights.append(1.1)

    # Published figures beside the commune data (the province, or the one district chosen): same
    # area and year within the charts' years, the difference beyond the measure's tolerance flagged.
    beside = ""
    if not f.districts or len(f.districts) == 1:
        found = fetch("published_beside_communes", province=province_code(), areas=[(f.districts or [province_code()])[0]],
                      province_name=t("published.province", lang, name=province()),
                      years=list(range(int(chosen["base_year"].min()), int(chosen["result_year"].max()) + 1)))
        lines = findings.published_beside(found, lang, "criteria_status" in illustrative)[:2]
        beside = "<br>".join(published.beside_html(line, lang) for line in lines)

    # Charts over the years of the chosen phases (from the base year of the first one).
    phases = fetch("phases")
    phases = phases[phases["phase_id"].isin(chosen["phase_id"])]
    first_year, last_year = int(chosen["base_year"].min()), int(chosen["result_year"].max())
    yearly = between_years(fetch("standard_by_year", **f.params), first_year, last_year)
    bands = between_years(fetch("bands_by_year", **f.params), first_year, last_year)
    # History on today's units: the years before a unit began read on the old units it was made of.
    today, today_note = None, ""
    history = between_years(fetch("history_today", **f.params), first_year, last_year)
    if len(history) and not history["on_itself"].all():
        today = charts.standard_line(history, phases, lang, note, about(findings.history_today(history, lang)))
        today_note = findings.history_today_rule(history, lang)
    return Overview(
        today=today, today_note=today_note,
        headline=[about(s) if i == 0 else s for i, s in enumerate(findings.headline(chosen, lang))],
        progress=md_literal(" ".join(progress)) if progress else "",
        cards=row, weights=weights, beside=beside,
        line=charts.standard_line(yearly, phases, lang, note, about(findings.standard_line(yearly, lang)),
                                  targets[targets["measure"] == "meeting"]),
        bands=charts.bands_bar(bands, lang, note, about(findings.under_10(yearly, lang))))

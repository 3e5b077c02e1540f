"""What the mobilisation page shows for given filters and indicators: one indicator by district
and phase, the resource mix, mobilisation against progress (charts, captions, downloads) — built
from the named queries without Streamlit, once per (data version, filters, indicators, language)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from . import findings, measures
from .charts.mobilisation import indicator_bars, mobilisation_scatter, resource_mix
from .i18n import phase_years, t, unit_name


@dataclass(frozen=True)
class Part:
    figure: go.Figure         # shared between sessions: never changed after
    above: str                # caption over the chart, "" when none
    below: str                # caption under it, "" when none
    export: pd.DataFrame      # its data, for the downloads
    export_name: str


@dataclass(frozen=True)
class Mobilisation:
    bars: Part | None         # None when the indicator has no value in the chosen phases
    mix: Part | None          # None without both a people's and a total investment value
    scatter: Part | None      # None with fewer than two districts to compare


def choices(indicators: pd.DataFrame, lang: str) -> tuple[dict[str, str], str, str]:
    """The indicators by name, the one drawn by district at first (people's cash) and the one set
    against progress at first (the models): found by the role they play, never by id."""
    names = dict(zip(indicators["indicator_id"], indicators["name_vi" if lang == "vi" else "name_en"]))
    first = next(iter(names))
    cash, models = (measures.indicator_with_role(indicators, role) for role in ("contrib_money", "models"))
    return names, cash if cash in names else first, models if models in names else first


def build(fetch: Callable[..., pd.DataFrame], f, note: str, illustrative: tuple[str, ...],
          indicator: str, mobilisation: str) -> Mobilisation:
    """The page for filters `f` (phases with data chosen), the `indicator` drawn by district and the
    `mobilisation` indicator set against progress. `fetch(name, **params)` runs a named query."""
    lang = f.lang
    phases = measures.chosen(fetch("phases"), f.phases)
    indicators = fetch("indicators")
    names, *_ = choices(indicators, lang)
    info = indicators.set_index("indicator_id")
    return Mobilisation(_bars(fetch, f, note, phases, names, info, indicator),
                        _mix(fetch, f, note, phases, names, indicators),
                        _scatter(fetch, f, note, phases, names, mobilisation))


def _bars(fetch, f, note, phases, names, info, ind) -> Part | None:
    """One indicator by district and phase, aggregated as the indicator says."""
    lang = f.lang
    values = fetch("indicator_by_district_phase", indicator=ind, phases=list(phases["phase_id"]), **f.params)
    if not values["value"].notna().any():
        return None
    unit, better = unit_name(info.at[ind, "unit"], lang), bool(info.at[ind, "higher_is_better"])
    # Drawn: the chosen phases with a value (a phase just begun may have none yet); the leader in
    # the last of them. A phase without one is named under the chart, not drawn as an empty bar.
    has_values = phases["phase_id"].isin(values.dropna(subset=["value"])["phase_id"])
    drawn = phases[has_values]
    latest = drawn.iloc[-1]
    in_last = values[values["phase_id"] == latest.phase_id]
    title = findings.indicator_leader(in_last, names[ind], unit, better, phase_years(latest), lang)
    top = measures.top_districts(in_last, better)
    total = values["district_code"].nunique()
    export = values[["district_code", "district_name", "phase_id", "value", "change"]].rename(columns={
        "district_name": t("col.district", lang), "phase_id": t("col.phase", lang),
        "value": f"{names[ind]} ({unit})", "change": t("col.change", lang)})
    below = " ".join(filter(None, [t(f"mob.agg.{info.at[ind, 'aggregation']}", lang),
                                   _not_drawn("mob.no_values", phases[~has_values], lang)]))
    shown = values[values["district_code"].isin(top) & values["phase_id"].isin(drawn["phase_id"])]
    return Part(indicator_bars(shown, drawn, unit, lang, note, title),
                t("chart.top", lang, n=len(top), total=total) if len(top) < total else "", below, export,
                f"chi-so-{ind}")


def _mix(fetch, f, note, phases, names, indicators) -> Part | None:
    """Composition of resources: people's cash against the rest of the investment mobilised; a
    chosen phase without both values is named under the chart."""
    lang = f.lang
    mix = fetch("resource_mix", phases=list(phases["phase_id"]), **f.params)
    if mix.empty:
        return None
    total = names.get(measures.indicator_with_role(indicators, "investment_total"), "total")
    export = mix[["phase_id", "start_year", "end_year", "people", "total", "other"]].rename(columns={
        "phase_id": t("col.phase", lang), "people": t("mob.mix.people", lang), "other": t("mob.mix.other", lang),
        "total": total})
    below = _not_drawn("mob.mix.missing", phases[~phases["phase_id"].isin(mix["phase_id"])], lang)
    return Part(resource_mix(mix, lang, note, findings.about(f.area, findings.resource_mix(mix, lang), lang)), "", below, export,
                "co-cau-nguon-luc")


def progress_points(fetch: Callable[..., pd.DataFrame], params: dict, phases: pd.DataFrame,
                    indicator: str) -> tuple[pd.DataFrame, pd.Series | None, pd.DataFrame]:
    """Indicator `indicator` per commune against the gain in progress, one row per district, in
    the last of `phases` (chosen, in order) where two districts have both: its rows, that phase
    (None when no phase has two) and the phases after it. A phase just begun may have none yet."""
    for k in range(len(phases) - 1, -1, -1):  # the last first; an earlier one only when it has fewer
        phase = phases.iloc[k]
        pts = fetch("mobilisation_vs_progress", indicator=indicator, phases=[phase.phase_id], **params)
        pts = pts.dropna(subset=["indicator_per_commune", "gain_share"])
        if len(pts) >= 2:
            return pts, phase, phases.iloc[k + 1:]
    return pd.DataFrame(), None, phases.iloc[0:0]


def _scatter(fetch, f, note, phases, names, mob) -> Part | None:
    """Mobilisation per commune against progress, one point per district, in the last chosen phase
    with two districts to compare; a later chosen phase without them is named under the chart."""
    lang = f.lang
    pts, last, later = progress_points(fetch, f.params, phases, mob)
    if last is None:
        return None
    figure = mobilisation_scatter(pts, t("mob.scatter.x", lang, name=names[mob], phase=phase_years(last)),
                                  t("mob.scatter.y", lang, phase=phase_years(last)), lang, note,
                                  findings.mobilisation(pts, names[mob], lang))
    export = pts[["district_code", "district_name", "communes", "indicator_value", "indicator_per_commune",
                  "gain_share"]].rename(columns={
        "district_name": t("col.district", lang), "communes": t("col.communes", lang),
        "indicator_value": names[mob], "indicator_per_commune": t("col.per_commune", lang),
        "gain_share": t("col.gain", lang)})
    below = " ".join(filter(None, [t("mob.scatter.caption", lang), _not_drawn("mob.scatter.too_few", later, lang)]))
    return Part(figure, "", below, export, f"dan-van-tien-bo-{mob}")


def _not_drawn(key: str, phases: pd.DataFrame, lang: str) -> str:
    """The sentence (`key`) naming the chosen `phases` a chart leaves out; "" when there are none."""
    return t(key, lang, phases=", ".join(phase_years(p) for p in phases.itertuples())) if len(phases) else ""

"""The measures the dashboard reports, their explanation keys and how to show them.

The numbers themselves come from the SQL in ``queries/`` (each measure defined once there);
this module names them, formats them and picks which rows a chart draws. The sentences
about them are made in ``findings``. It does not import Streamlit.
"""
from __future__ import annotations

import pandas as pd

from .i18n import number, percent, phase_years, points, t, unit_name

# Measures explained on the "Cách tính" panel, in display order (strings: measure.<id>[.how]).
EXPLAINED = ["meeting", "share", "avg", "bands", "criterion", "phase", "change", "gain", "indicator",
             "recognised", "target", "pace", "projection", "sets", "levels", "units"]


def phase_name(row, lang: str) -> str:
    """A phase's name in the UI language, marked when its result is read before its end."""
    name = row["name_vi"] if lang == "vi" else row["name_en"]
    result_year = row.get("result_year")
    if pd.notna(result_year) and int(result_year) < int(row["end_year"]):
        name += f" ({t('phase.to_year', lang, year=int(result_year))})"
    return name


def chosen(phases: pd.DataFrame, ids) -> pd.DataFrame:
    """The phases (rows of the `phases` query) among `ids` that have a result year, in order."""
    return phases[phases["phase_id"].isin(ids) & phases["result_year"].notna()]


def with_data(phase_results: pd.DataFrame) -> pd.DataFrame:
    """The phases that have a result (some communes in their result year)."""
    return phase_results[phase_results["communes"].notna() & (phase_results["communes"] > 0)]


# -- measures a page can compare between phases ------------------------------------------
# kind: how values read — share (0–1, shown as %), count, decimal; indicators take "number".
# The ids are those the measure_by_phase and district_comparison queries take.
STANDARD_MEASURES = [
    # id (column of phase_results), string key, kind
    ("share_meeting", "measure.share", "share"),
    ("meeting", "measure.meeting", "count"),
    ("avg_criteria", "measure.avg", "decimal"),
    ("advanced", "measure.advanced", "count"),
    ("model", "measure.model", "count"),
]


def phase_measures(indicators: pd.DataFrame, lang: str) -> dict[str, dict]:
    """Every measure comparable by district and phase: the standard ones, then each indicator."""
    out = {m: {"id": m, "label": t(key, lang), "kind": kind, "unit": "", "higher_is_better": True,
               "indicator": None} for m, key, kind in STANDARD_MEASURES}
    for r in indicators.itertuples():
        out[f"ind:{r.indicator_id}"] = {
            "id": f"ind:{r.indicator_id}", "label": r.name_vi if lang == "vi" else r.name_en, "kind": "number",
            "unit": unit_name(r.unit, lang), "higher_is_better": bool(r.higher_is_better), "indicator": r.indicator_id,
            "aggregation": r.aggregation}
    return out


def indicator_with_role(indicators: pd.DataFrame, role: str) -> str | None:
    """The id of the indicator playing `role` (schema.INDICATOR_ROLES) in the `indicators` query,
    the first by id when several do; None when none does."""
    ids = indicators.loc[indicators["role"] == role, "indicator_id"] if "role" in indicators else []
    return sorted(ids)[0] if len(ids) else None


def fmt_value(value, kind: str, lang: str, sign: bool = False) -> str:
    """A measure's value as text: shares as % (changes in points), counts whole, others by size."""
    if kind == "share":
        return points(value, lang=lang) if sign else percent(value, lang=lang)
    if kind == "count":
        return number(value, 0, lang, sign)
    digits = 1 if kind == "decimal" or (value is not None and pd.notna(value) and abs(value) < 100) else 0
    return number(value, digits, lang, sign)


def d3_format(kind: str) -> str:
    """The Plotly (d3) format of a measure's values for axes and hover."""
    return {"share": ".1%", "count": ",.0f", "decimal": ",.1f"}.get(kind, ",.1f")


def rank_move(change) -> str:
    """A change of rank as text: ▲ 2 (up two places), ▼ 1, = (unchanged), blank when unknown."""
    if change is None or pd.isna(change):
        return ""
    change = int(change)
    return f"▲ {change}" if change > 0 else f"▼ {-change}" if change < 0 else "="


# -- keeping charts readable at national scale ------------------------------------------
MAX_CHART_ROWS = 30


def extremes(comp: pd.DataFrame, n: int = MAX_CHART_ROWS) -> pd.DataFrame:
    """The n/2 districts that gained most and the n/2 that gained least (comp is sorted by change)."""
    if len(comp) <= n:
        return comp
    return pd.concat([comp.head(n // 2), comp.tail(n - n // 2)])


def top_districts(values: pd.DataFrame, higher_is_better: bool = True, n: int = MAX_CHART_ROWS) -> list[str]:
    """Codes of the n districts with the best values (all when there are n or fewer)."""
    ranked = values.dropna(subset=["value"]).sort_values("value", ascending=not higher_is_better)
    return list(ranked["district_code"].head(n)) if len(ranked) > n else list(values["district_code"].unique())


def furthest_from_goal(projection: pd.DataFrame, n: int = MAX_CHART_ROWS) -> pd.DataFrame:
    """The n districts of a district_projection result furthest from every commune meeting the
    standard (all when there are n or fewer): those without a positive pace first, then the latest
    projected year; ties by district code."""
    if len(projection) <= n:
        return projection
    done = projection["complete_year"].notna()
    never = projection["projected_year"].isna() & ~done
    ranked = projection.assign(_never=never, _done=done).sort_values(
        ["_never", "_done", "projected_year", "district_code"], ascending=[False, True, False, True])
    return ranked.head(n).drop(columns=["_never", "_done"])


def phase_views(phases: pd.DataFrame, lang: str) -> dict[str, str]:
    """A page's views of the chosen phases: each phase by its years (and result year), then the
    change between the first and the last when there are two or more."""
    out = {p.phase_id: f"{phase_years(p)} ({int(p.result_year)})" for p in phases.itertuples()}
    if len(phases) > 1:
        first, last = phases.iloc[0], phases.iloc[-1]
        out["change"] = t("criteria.view.change", lang, a=phase_years(first), b=phase_years(last))
    return out


def between_years(frame: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Rows of a yearly result from `first` to `last` inclusive."""
    return frame[frame["year"].between(first, last)]


# -- targets of what a page shows ----------------------------------------------------------
TARGET_PREFERENCE = ("meeting", "share_meeting", "avg_criteria")


def scope_targets(status: pd.DataFrame, districts) -> pd.DataFrame:
    """The targets (target_status rows) of what a page's numbers cover: the province's without a
    district filter, the district's when one is chosen; none for several districts taken together."""
    if not districts:
        return status[status["district_code"].isna()]
    if len(districts) == 1:
        return status[status["district_code"] == districts[0]]
    return status.iloc[0:0]


def phase_targets(targets: pd.DataFrame, phases: pd.DataFrame, measure: str) -> dict:
    """phase_id → the target (a target_status row) of `measure` due within each phase, the latest
    one when several are."""
    out = {}
    for p in phases.itertuples():
        due = targets[(targets["measure"] == measure) & targets["target_year"].between(p.start_year, p.end_year)]
        if len(due):
            out[p.phase_id] = due.sort_values("target_year").iloc[-1]
    return out


def target_for(targets: pd.DataFrame, year: int, measures_=TARGET_PREFERENCE):
    """The target due in `year`, of the first of `measures_` that has one; None when none is."""
    due = targets[targets["target_year"] == year]
    for m in measures_:
        rows = due[due["measure"] == m]
        if len(rows):
            return rows.iloc[0]
    return None

"""The measures the dashboard reports, their explanation keys and how to read a phase.

The numbers themselves come from the SQL in ``queries/``; this module names them and
turns a phase's results into the headline sentences. It does not import Streamlit.
"""
from __future__ import annotations

import pandas as pd

from .i18n import number, percent, points, t

# Measures explained on the "Cách tính" panel, in display order (strings: measure.<id>[.how]).
EXPLAINED = ["meeting", "share", "avg", "bands", "criterion", "phase", "change", "gain", "indicator"]


def phase_name(row, lang: str) -> str:
    """A phase's name in the UI language, marked when its result is read before its end."""
    name = row["name_vi"] if lang == "vi" else row["name_en"]
    result_year = row.get("result_year")
    if pd.notna(result_year) and int(result_year) < int(row["end_year"]):
        name += f" ({t('phase.to_year', lang, year=int(result_year))})"
    return name


def with_data(phase_results: pd.DataFrame) -> pd.DataFrame:
    """The phases that have a result (some communes in their result year)."""
    return phase_results[phase_results["communes"].notna() & (phase_results["communes"] > 0)]


def headline(phase_results: pd.DataFrame, lang: str) -> list[str]:
    """One or two sentences stating the headline of the chosen phases."""
    rows = with_data(phase_results).sort_values("phase_order")
    if rows.empty:
        return []
    last = rows.iloc[-1]
    fmt = dict(year=int(last["result_year"]), meeting=number(last["meeting"], lang=lang),
               communes=number(last["communes"], lang=lang), share=percent(last["share_meeting"], lang=lang))
    if len(rows) < 2:
        return [t("headline.first", lang, **fmt),
                t("headline.avg.single", lang, avg=number(last["avg_criteria"], 1, lang),
                  under=number(last["under_10"], lang=lang))]
    prev = rows.iloc[-2]
    sentences = [t("headline.gain", lang, phase=phase_name(last, lang),
                   gain=number(last["gain_meeting"], lang=lang), **fmt)]
    before, now = int(prev["under_10"]), int(last["under_10"])
    key = "headline.under.down" if now < before else "headline.under.up" if now > before else "headline.under.same"
    sentences.append(t("headline.avg", lang, avg=number(last["avg_criteria"], 1, lang),
                       delta=number(last["avg_criteria"] - prev["avg_criteria"], 1, lang, sign=True),
                       prev=int(prev["result_year"]),
                       under_change=t(key, lang, prev=number(before, lang=lang), now=number(now, lang=lang))))
    return sentences


# -- measures a page can compare between phases ------------------------------------------
# kind: how values read — share (0–1, shown as %), count, decimal; indicators take "number".
STANDARD_MEASURES = [
    # id (column of phase_results_by_district), string key, kind
    ("share_meeting", "measure.share", "share"),
    ("meeting", "measure.meeting", "count"),
    ("avg_criteria", "measure.avg", "decimal"),
]


def phase_measures(indicators: pd.DataFrame, lang: str) -> dict[str, dict]:
    """Every measure comparable by district and phase: the standard ones, then each indicator."""
    out = {m: {"id": m, "label": t(key, lang), "kind": kind, "unit": "", "higher_is_better": True,
               "indicator": None} for m, key, kind in STANDARD_MEASURES}
    for r in indicators.itertuples():
        out[f"ind:{r.indicator_id}"] = {
            "id": f"ind:{r.indicator_id}", "label": r.name_vi if lang == "vi" else r.name_en, "kind": "number",
            "unit": r.unit, "higher_is_better": bool(r.higher_is_better), "indicator": r.indicator_id,
            "aggregation": r.aggregation}
    return out


def district_values(measure: dict, by_district: pd.DataFrame, indicators_by_district: pd.DataFrame | None) -> pd.DataFrame:
    """Long table (district_code, district_name, phase_id, phase_order, value) of one measure."""
    if measure["indicator"] is None:
        df = by_district[["district_code", "district_name", "phase_id", "phase_order", measure["id"]]]
        return df.rename(columns={measure["id"]: "value"})
    df = indicators_by_district[indicators_by_district["indicator_id"] == measure["indicator"]]
    return df[["district_code", "district_name", "phase_id", "phase_order", "value"]]


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


def comparison(values: pd.DataFrame, phase_ids: list[str], higher_is_better: bool = True) -> pd.DataFrame:
    """One row per district: value in the first and last chosen phase, change, ranks and rank change.

    Rank 1 is the best value (highest, or lowest when lower is better); districts without a
    value in a phase have no rank there.
    """
    first, last = phase_ids[0], phase_ids[-1]
    wide = values.pivot(index="district_code", columns="phase_id", values="value").reindex(columns=phase_ids)
    names = values.drop_duplicates("district_code").set_index("district_code")["district_name"]
    out = pd.DataFrame({"district_name": names, "first": wide[first], "last": wide[last]})
    out = out.rename_axis("district_code").reset_index()
    out["change"] = out["last"] - out["first"]
    asc = not higher_is_better
    out["rank_first"] = out["first"].rank(ascending=asc, method="min").astype("Int64")
    out["rank_last"] = out["last"].rank(ascending=asc, method="min").astype("Int64")
    out["rank_change"] = out["rank_first"] - out["rank_last"]  # positive: moved up
    return out.sort_values(["change", "last"], ascending=[False, False], na_position="last").reset_index(drop=True)


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


def lowest_districts(cells: pd.DataFrame, column: str, n: int = MAX_CHART_ROWS) -> pd.DataFrame:
    """Rows of the n districts with the lowest mean of `column` (all when there are n or fewer)."""
    if cells["district_code"].nunique() <= n:
        return cells
    keep = cells.groupby("district_code")[column].mean().nsmallest(n).index
    return cells[cells["district_code"].isin(keep)]


def between_years(frame: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Rows of a yearly result from `first` to `last` inclusive."""
    return frame[frame["year"].between(first, last)]

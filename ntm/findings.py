"""Every chart title and headline sentence, made from the numbers the named queries return.

Shared by the analysis pages, the presentation slides and the hand-outs, so a chart says
the same thing wherever it appears. A sentence says what its numbers say: a rise is a rise,
a fall is a fall, no change is no change (judged on the value as shown, after rounding), and
a sentence comparing districts is made only when there are at least two to compare.

Findings are plain text: the chart builders escape them for Plotly, the pages for Markdown.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .i18n import number, percent, points, t
from .measures import fmt_value, phase_name, with_data


def _missing(x) -> bool:
    return x is None or pd.isna(x)


def direction(change, digits: int = 0, scale: float = 1.0) -> str | None:
    """"up", "down" or "same" as a change reads once rounded to `digits` (after × `scale`, e.g.
    100 for a share shown in percentage points); None when unknown."""
    if _missing(change):
        return None
    shown = round(float(change) * scale, digits)
    return "up" if shown > 0 else "down" if shown < 0 else "same"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def criterion_name_col(lang: str) -> str:
    return "name_vi" if lang == "vi" else "name_en"


# -- the overview's headline --------------------------------------------------------------
def headline(phase_results: pd.DataFrame, lang: str) -> list[str]:
    """Two sentences on the latest chosen phase: communes meeting the standard (and the change
    within the phase), then the average criteria and communes under 10 criteria against the
    previous chosen phase. `phase_results` is the phase_results query for the chosen phases."""
    rows = with_data(phase_results).sort_values("phase_order")
    if rows.empty:
        return []
    last = rows.iloc[-1]
    fmt = dict(year=int(last["result_year"]), meeting=number(last["meeting"], lang=lang),
               communes=number(last["communes"], lang=lang), share=percent(last["share_meeting"], lang=lang))
    prev = rows.iloc[-2] if len(rows) > 1 else None
    gain = direction(last["gain_meeting"]) if prev is not None else None
    if gain is None:
        first = t("headline.first", lang, **fmt)
    else:
        key = {"up": "headline.gain", "down": "headline.gain.down", "same": "headline.gain.same"}[gain]
        first = t(key, lang, phase=phase_name(last, lang), gain=number(abs(last["gain_meeting"]), lang=lang), **fmt)
    avg = number(last["avg_criteria"], 1, lang)
    avg_dir, under_dir = direction(last.get("change_avg_criteria"), 1), direction(last.get("change_under_10"))
    if prev is None or avg_dir is None or under_dir is None:
        return [first, t("headline.avg.single", lang, avg=avg, under=number(last["under_10"], lang=lang))]
    avg_change = t(f"headline.avg.{avg_dir}", lang, delta=number(abs(last["change_avg_criteria"]), 1, lang),
                   prev=int(prev["result_year"]))
    under_change = t(f"headline.under.{under_dir}", lang, prev=number(prev["under_10"], lang=lang),
                     now=number(last["under_10"], lang=lang))
    return [first, t("headline.avg", lang, avg=avg, avg_change=avg_change, under_change=under_change)]


# -- the overview's charts ---------------------------------------------------------------
_OVER_YEARS = {  # title keys by direction: the first key reads "rose", the other "fell"
    "meeting": {"up": "chart.line.title", "down": "chart.line.title.down", "same": "chart.line.title.same",
                "one": "chart.line.title.one"},
    "under_10": {"up": "chart.bands.title.up", "down": "chart.bands.title", "same": "chart.bands.title.same",
                 "one": "chart.bands.title.one"},
}


def _over_years(yearly: pd.DataFrame, column: str, lang: str) -> str:
    first, last = yearly.iloc[0], yearly.iloc[-1]
    values = dict(first=number(first[column], lang=lang), first_year=int(first["year"]),
                  last=number(last[column], lang=lang), last_year=int(last["year"]))
    d = direction(last[column] - first[column]) if len(yearly) > 1 else "one"
    return t(_OVER_YEARS[column][d], lang, **values)


def standard_line(yearly: pd.DataFrame, lang: str) -> str:
    """Title of the communes meeting the standard per year (standard_by_year rows, in order)."""
    return _over_years(yearly, "meeting", lang)


def under_10(yearly: pd.DataFrame, lang: str) -> str:
    """Title of the bands per year: communes under 10 criteria, first year against last."""
    return _over_years(yearly, "under_10", lang)


# -- districts across phases (the phases page and slide 2) ------------------------------
def district_comparison(comp: pd.DataFrame, phases: pd.DataFrame, measure: dict, lang: str) -> str:
    """Title of the districts' comparison between the first and the last chosen phase.

    `comp` is the district_comparison query; `phases` the chosen phases in order; `measure` one
    of measures.phase_measures. Districts are compared only when at least two have a value;
    with one, the sentence is about that district alone."""
    kind, higher = measure["kind"], measure["higher_is_better"]
    first, last = phases.iloc[0], phases.iloc[-1]
    shown = comp.dropna(subset=["last"]) if len(phases) > 1 else comp.dropna(subset=["first"])
    value_col = "last" if len(phases) > 1 else "first"
    year = int((last if len(phases) > 1 else first)["result_year"])
    fmt = lambda v, sign=False: fmt_value(v, kind, lang, sign=sign)  # noqa: E731
    if shown.empty:
        return t("find.none", lang)
    if len(shown) == 1:
        row = shown.iloc[0]
        if len(phases) < 2 or _missing(row["first"]):
            return t("find.one.value", lang, name=row["district_name"], value=fmt(row[value_col]), year=year)
        d = _change_direction(row["change"], kind)
        return t(f"find.one.{d}", lang, name=row["district_name"], first=fmt(row["first"]),
                 first_year=int(first["result_year"]), last=fmt(row["last"]), last_year=year)
    if len(phases) < 2:
        ordered = shown.sort_values(value_col, ascending=False, kind="stable")
        return t("phases.chart.title.single", lang, best=ordered.iloc[0]["district_name"],
                 worst=ordered.iloc[-1]["district_name"], year=year)
    # Worst at the last phase: the lowest value, or the highest when lower is better.
    worst = shown.loc[shown["last"].idxmin() if higher else shown["last"].idxmax()]
    worst_key = "low" if higher else "high"
    changed = shown.dropna(subset=["change"])
    if changed.empty:
        return _capital(t(f"find.worst.{worst_key}", lang, name=worst["district_name"], year=year,
                          value=fmt(worst["last"])))
    # Best change: the largest rise, or the largest fall when lower is better.
    best = changed.loc[changed["change"].idxmax() if higher else changed["change"].idxmin()]
    d = _change_direction(best["change"], kind)
    if d == "same":
        best_part = t("find.best.none.up" if higher else "find.best.none.down", lang)
    else:
        most = (d == "up") == higher  # rising when higher is better (or falling when lower is)
        best_part = t(f"find.best.{d}.{'most' if most else 'least'}", lang, name=best["district_name"],
                      change=fmt(best["change"], sign=True))
    if d != "same" and best["district_code"] == worst["district_code"]:
        return _capital(t(f"find.still.{worst_key}", lang, best=best_part, year=year, value=fmt(worst["last"])))
    worst_part = t(f"find.worst.{worst_key}", lang, name=worst["district_name"], year=year, value=fmt(worst["last"]))
    return _capital(f"{best_part}; {worst_part}")


def _change_direction(change, kind: str) -> str:
    """Direction of a measure's change as its value is shown (shares in points, one decimal)."""
    if kind == "share":
        return direction(change, 1, 100) or "same"
    if kind == "count":
        return direction(change, 0) or "same"
    digits = 1 if kind == "decimal" or abs(float(change)) < 100 else 0
    return direction(change, digits) or "same"


# -- the mobilisation page ---------------------------------------------------------------
def indicator_leader(values: pd.DataFrame, name: str, unit: str, higher_is_better: bool, phase: str,
                     lang: str) -> str:
    """Title of one indicator by district: the district with the best value in the last phase.
    `values`: the rows of indicator_by_district_phase for that phase."""
    known = values.dropna(subset=["value"])
    if known.empty:
        return t("mob.bar.title", lang, name=name, best="–", phase=phase, value="–", unit=unit)
    lead = known.loc[known["value"].idxmax() if higher_is_better else known["value"].idxmin()]
    key = "mob.bar.title" if len(known) > 1 else "mob.bar.title.one"
    return t(key, lang, name=name, best=lead["district_name"], phase=phase, unit=unit,
             value=fmt_value(lead["value"], "number", lang))


def resource_mix(mix: pd.DataFrame, lang: str) -> str:
    """Title of the resource mix: the people's share of the investment in the last phase."""
    last = mix.iloc[-1]
    return t("mob.mix.title", lang, share=percent(last["people"] / last["total"], 1, lang),
             phase=f"{int(last['start_year'])}–{int(last['end_year'])}")


def correlation(points_: pd.DataFrame) -> float:
    """Pearson r of mobilisation per commune against the gain in share; 0 when undefined."""
    x, y = points_["indicator_per_commune"], points_["gain_share"]
    if len(points_) < 2 or x.nunique() < 2 or y.nunique() < 2:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])


def mobilisation(points_: pd.DataFrame, indicator_name: str, lang: str) -> str:
    """Title of the mobilisation scatter, worded by the strength of the association."""
    r = correlation(points_)
    key = "mob.scatter.title.pos" if r >= 0.3 else "mob.scatter.title.neg" if r <= -0.3 else "mob.scatter.title.none"
    return t(key, lang, name=indicator_name.lower() if lang == "en" else indicator_name, r=number(r, 2, lang))


# -- the criteria page and slides --------------------------------------------------------
def heatmap_share(shown: pd.DataFrame, year: int, lang: str) -> str:
    """Title of the districts × criteria heatmap of shares: the lowest cell."""
    low = shown.loc[shown["share"].idxmin()]
    return t("criteria.heatmap.title", lang, year=year, worst=low[criterion_name_col(lang)],
             district=low["district_name"], value=percent(low["share"], 0, lang))


def heatmap_change(shown: pd.DataFrame, year_a: int, year_b: int, lang: str) -> str:
    """Title of the heatmap of changes: the largest rise, else the largest fall, else no change."""
    known = shown.dropna(subset=["change"])
    if known.empty:
        return t("criteria.heatmap.title.change", lang, a=year_a, b=year_b, best="–", district="–", value="–")
    top, low = known.loc[known["change"].idxmax()], known.loc[known["change"].idxmin()]
    name = criterion_name_col(lang)
    if direction(top["change"], 0, 100) == "up":
        return t("criteria.heatmap.title.change", lang, a=year_a, b=year_b, best=top[name],
                 district=top["district_name"], value=points(top["change"], 0, lang))
    if direction(low["change"], 0, 100) == "down":
        return t("criteria.heatmap.title.change.down", lang, a=year_a, b=year_b, worst=low[name],
                 district=low["district_name"], value=points(low["change"], 0, lang))
    return t("criteria.heatmap.title.change.same", lang, a=year_a, b=year_b)


def hardest_criteria(shares: pd.DataFrame, phase_id: str, year: int, lang: str, n: int = 3) -> str:
    """Title of the province bar per criterion: the n criteria met by the fewest communes."""
    hardest = shares[shares["phase_id"] == phase_id].nsmallest(n, "share")
    name = criterion_name_col(lang)
    return t("criteria.bar.title", lang, year=year,
             names=", ".join(f"{r[name]} ({percent(r['share'], 0, lang)})" for _, r in hardest.iterrows()))

"""The one-line findings that chart titles and slides state, computed from query results.

Shared by the analysis pages, the presentation slides and the hand-outs, so a chart says
the same thing wherever it appears.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .i18n import number, percent, points, t


def criterion_name_col(lang: str) -> str:
    return "name_vi" if lang == "vi" else "name_en"


def heatmap_share(shown: pd.DataFrame, year: int, lang: str) -> str:
    """Title of the districts × criteria heatmap of shares: the lowest cell."""
    low = shown.loc[shown["share"].idxmin()]
    return t("criteria.heatmap.title", lang, year=year, worst=low[criterion_name_col(lang)],
             district=low["district_name"], value=percent(low["share"], 0, lang))


def heatmap_change(shown: pd.DataFrame, year_a: int, year_b: int, lang: str) -> str:
    """Title of the heatmap of changes: the largest rise."""
    if not shown["change"].notna().any():
        return t("criteria.heatmap.title.change", lang, a=year_a, b=year_b, best="–", district="–", value="–")
    top = shown.loc[shown["change"].idxmax()]
    return t("criteria.heatmap.title.change", lang, a=year_a, b=year_b, best=top[criterion_name_col(lang)],
             district=top["district_name"], value=points(top["change"], 0, lang))


def hardest_criteria(shares: pd.DataFrame, phase_id: str, year: int, lang: str, n: int = 3) -> str:
    """Title of the province bar per criterion: the n criteria met by the fewest communes."""
    hardest = shares[shares["phase_id"] == phase_id].nsmallest(n, "share")
    name = criterion_name_col(lang)
    return t("criteria.bar.title", lang, year=year,
             names=", ".join(f"{r[name]} ({percent(r['share'], 0, lang)})" for _, r in hardest.iterrows()))


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

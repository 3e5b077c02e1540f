"""The measures the dashboard reports, their explanation keys and how to read a phase.

The numbers themselves come from the SQL in ``queries/``; this module names them and
turns a phase's results into the headline sentences. It does not import Streamlit.
"""
from __future__ import annotations

import pandas as pd

from .i18n import number, percent, t

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

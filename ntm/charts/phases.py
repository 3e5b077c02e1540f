"""Figures of the phases-by-district page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import t
from ..measures import d3_format, fmt_value
from .base import PHASE_COLOURS, finish


def dumbbell(comp: pd.DataFrame, phases: pd.DataFrame, measure: dict, province: dict, lang: str, note: str,
             highlight: tuple[str, ...] = ()) -> go.Figure:
    """Each district's value at the end of the first and last chosen phase, sorted by change.

    `comp` comes from measures.comparison; `phases` holds the chosen phases in order;
    `province` maps phase_id to the province value drawn as a reference line.
    """
    kind, fmt = measure["kind"], d3_format(measure["kind"])
    rows = comp.iloc[::-1]  # largest change at the top
    labels = [f"<b>{n}</b>" if c in highlight else n for c, n in zip(rows["district_code"], rows["district_name"])]
    first, last = phases.iloc[0], phases.iloc[-1]
    fig = go.Figure()
    # grey connectors, one per district
    xs, ys = [], []
    for lab, a, b in zip(labels, rows["first"], rows["last"]):
        xs += [a, b, None]
        ys += [lab, lab, None]
    fig.add_scatter(x=xs, y=ys, mode="lines", line=dict(color="#C7CDD4", width=6), hoverinfo="skip",
                    showlegend=False)
    ends = [(first, "first")] if len(phases) == 1 else [(first, "first"), (last, "last")]
    for p, col in ends:
        colour = PHASE_COLOURS[(int(p["phase_order"]) - 1) % len(PHASE_COLOURS)]
        name = f"{p['start_year']}–{p['end_year']}"
        fig.add_scatter(
            x=rows[col], y=labels, mode="markers", name=name,
            marker=dict(size=16, color=colour, line=dict(color="white", width=1.5)),
            customdata=rows[["district_code", "change"]].to_numpy(),
            hovertemplate=f"%{{y}}<br>{name}: %{{x:{fmt}}}<br>{t('col.change', lang)}: "
                          f"%{{customdata[1]:+{fmt}}}<extra></extra>")
        ref = province.get(p["phase_id"])
        if ref is not None and pd.notna(ref):
            # The province value as a dotted line across all districts, named in the legend.
            fig.add_scatter(x=[ref, ref], y=[labels[0], labels[-1]], mode="lines",
                            line=dict(color=colour, dash="dot", width=2), hoverinfo="skip",
                            name=f"{t('phases.chart.province', lang, year=int(p['result_year']))}: "
                                 f"{fmt_value(ref, kind, lang)}")
    ranked = comp.dropna(subset=["last"])
    year = int(last["result_year"])
    if len(phases) > 1 and ranked["change"].notna().any():
        best = ranked.loc[ranked["change"].idxmax()]
        worst = ranked.loc[ranked["last"].idxmin() if measure["higher_is_better"] else ranked["last"].idxmax()]
        title = t("phases.chart.title", lang, best=best["district_name"],
                  best_change=fmt_value(best["change"], kind, lang, sign=True),
                  worst=worst["district_name"], year=year, worst_value=fmt_value(worst["last"], kind, lang))
    else:
        top = ranked.sort_values("first", ascending=not measure["higher_is_better"])
        title = t("phases.chart.title.single", lang, best=top.iloc[0]["district_name"],
                  worst=top.iloc[-1]["district_name"], year=int(first["result_year"]))
    axis = measure["label"] + (f" ({measure['unit']})" if measure["unit"] else "")
    fig.update_xaxes(title_text=axis, tickformat=fmt.replace(".1%", ".0%"), gridcolor="#E5E7EB", showgrid=True,
                     rangemode="tozero" if kind != "share" else "normal")
    if kind == "share":
        fig.update_xaxes(range=[-0.03, 1.03])
    fig.update_yaxes(showgrid=False, tickfont=dict(size=15))
    fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", font=dict(size=14)),
                      clickmode="event+select", dragmode=False)
    return finish(fig, title, note, lang, height=170 + 40 * len(rows), title_width=72, above=34)

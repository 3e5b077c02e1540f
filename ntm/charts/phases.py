"""Figures of the phases-by-district page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import t
from ..measures import d3_format, fmt_value
from ..text import plotly_literal
from .base import PHASE_COLOURS, PHONE_TITLE, TARGET_COLOUR, finish

RECOGNISED = "★"  # before a district recognised by decision


def dumbbell(comp: pd.DataFrame, phases: pd.DataFrame, measure: dict, province: dict, lang: str, note: str,
             title: str, selection: dict | None = None, highlight: tuple[str, ...] = (),
             marks: pd.DataFrame | None = None, targets: dict | None = None) -> go.Figure:
    """Each district's value at the end of the first and last chosen phase, sorted by change.

    `comp` is the district_comparison query; `phases` holds the chosen phases in order;
    `province` maps phase_id to the province's value (measure_by_phase without a district
    filter), drawn as a reference line labelled as the province's; `selection` (when districts
    are chosen) maps phase_id to the chosen districts' value taken together, labelled as such.
    `title` comes from findings.district_comparison. `marks` (the map_districts rows of the last
    chosen phase) adds each district's target for the measure in that phase as a tick, and a star
    before the districts recognised by its end; `targets` maps phase_id to the province's target
    row (target_status) for the measure in that phase, drawn as a dash-dot line.
    """
    kind, fmt = measure["kind"], d3_format(measure["kind"])
    rows = comp.iloc[::-1]  # largest change at the top
    last_end = int(phases.iloc[-1]["end_year"])
    starred = set() if marks is None else set(
        marks.loc[marks["recognised_year"].notna() & (marks["recognised_year"] <= last_end), "district_code"])
    names = [f"{RECOGNISED} {n}" if c in starred else n for c, n in zip(rows["district_code"], rows["district_name"])]
    labels = [f"<b>{plotly_literal(n)}</b>" if c in highlight else plotly_literal(n)
              for c, n in zip(rows["district_code"], names)]
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
        references = [("phases.chart.province", province, dict(color=colour, dash="dot", width=2))]
        if selection is not None:
            references.append(("phases.chart.selection", selection, dict(color=colour, dash="dash", width=2)))
        for key, values, line in references:
            ref = values.get(p["phase_id"])
            if ref is None or pd.isna(ref):
                continue
            # A reference value as a line across the whole plot (one district or many), named in
            # the legend by an entry of its own.
            fig.add_vline(x=ref, line=line, layer="below")
            fig.add_scatter(x=[None], y=[None], mode="lines", line=line, hoverinfo="skip",
                            name=f"{t(key, lang, year=int(p['result_year']))}: {fmt_value(ref, kind, lang)}")
    # Targets: each district's as a tick on its row, the province's as a line across the plot.
    if marks is not None and marks["target"].notna().any():
        by_code = marks.set_index("district_code")
        ticks = [(lab, by_code.at[c, "target"], by_code.at[c, "target_year"], by_code.at[c, "target_status"])
                 for c, lab in zip(rows["district_code"], labels)
                 if c in by_code.index and pd.notna(by_code.at[c, "target"])]
        fig.add_scatter(x=[v for _, v, _, _ in ticks], y=[lab for lab, _, _, _ in ticks], mode="markers",
                        name=t("phases.chart.target.district", lang),
                        marker=dict(symbol="line-ns-open", size=26, color=TARGET_COLOUR, line=dict(width=4)),
                        text=[f"{t('chart.target', lang, year=int(y), value=fmt_value(v, kind, lang))} — "
                              f"{t(f'target.short.{s}', lang) if isinstance(s, str) else '–'}" for _, v, y, s in ticks],
                        hovertemplate="%{y}<br>%{text}<extra></extra>")
    for p in phases.itertuples():
        goal = (targets or {}).get(p.phase_id)
        if goal is None:
            continue
        line = dict(color=TARGET_COLOUR, dash="dashdot", width=2)
        fig.add_vline(x=goal["target"], line=line, layer="below")
        fig.add_scatter(x=[None], y=[None], mode="lines", line=line, hoverinfo="skip",
                        name=t("phases.chart.target", lang, year=int(goal["target_year"]),
                               value=fmt_value(goal["target"], kind, lang)))
    axis = measure["label"] + (f" ({measure['unit']})" if measure["unit"] else "")
    fig.update_xaxes(title_text=plotly_literal(axis), tickformat=fmt.replace(".1%", ".0%"), gridcolor="#E5E7EB",
                     showgrid=True, rangemode="tozero" if kind != "share" else "normal")
    if kind == "share":
        fig.update_xaxes(range=[-0.03, 1.03])
    fig.update_yaxes(showgrid=False, tickfont=dict(size=15))
    fig.update_layout(legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom", font=dict(size=14)),
                      clickmode="event+select", dragmode=False)
    # The legend sits between the title and the plot, two entries a row: room for every row of it.
    entries = sum(1 for d in fig.data if d.showlegend is not False and d.name)
    rows_ = max(1, -(-entries // 2))
    return finish(fig, title, note, lang, height=170 + 40 * len(rows) + 24 * (rows_ - 1), title_width=PHONE_TITLE,
                  above=34 + 24 * (rows_ - 1))

"""Figures of the overview page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import number, t
from ..text import plotly_literal
from .base import BAND_COLOURS, PHASE_COLOURS, TARGET_COLOUR, count_ticks, finish, fixed_y_margin, shade_phases


def standard_line(yearly: pd.DataFrame, phases: pd.DataFrame, lang: str, note: str, title: str,
                  targets: pd.DataFrame | None = None) -> go.Figure:
    """Communes meeting the standard per year, the phases shaded behind (title: findings.standard_line);
    `targets` (target_status rows of the measure "meeting" for what the line covers) drawn as marks
    at their years within the line's years."""
    highest = float(yearly["meeting"].max()) if len(yearly) else 0.0  # sets the widest y tick label
    fig = go.Figure(go.Scatter(
        x=yearly["year"], y=yearly["meeting"], mode="lines+markers+text",
        line=dict(color=PHASE_COLOURS[0], width=4), marker=dict(size=9),
        text=[f"{v:.0f}" if i in (0, len(yearly) - 1) or y in set(phases["end_year"]) else ""
              for i, (v, y) in enumerate(zip(yearly["meeting"], yearly["year"]))],
        textposition="top center", textfont=dict(size=16),
        customdata=yearly[["communes", "share_meeting"]].to_numpy(),
        hovertemplate=(f"{t('chart.year', lang)} %{{x}}<br>{t('chart.line.y', lang)}: %{{y:,.0f}}"
                       f" / %{{customdata[0]:,.0f}}<br>{t('chart.line.share', lang)}: %{{customdata[1]:.1%}}"
                       "<extra></extra>"),
    ))
    shade_phases(fig, phases, lang)
    if targets is not None and len(yearly):
        shown = targets[targets["target_year"].between(yearly["year"].min(), yearly["year"].max())]
        # A value labelled near its year's target line (whose label is above it) is labelled
        # below and to the right of its point, where the line has gone on.
        near = dict(zip(shown["target_year"], shown["target"]))
        top = max(float(yearly["meeting"].max()), float(shown["target"].max()) if len(shown) else 0.0) or 1.0
        fig.update_traces(textposition=["bottom right" if y in near and abs(near[y] - v) < 0.15 * top else "top center"
                                        for v, y in zip(yearly["meeting"], yearly["year"])])
        starts = [int(phases.loc[(phases["start_year"] <= y) & (phases["end_year"] >= y), "start_year"].min())
                  if ((phases["start_year"] <= y) & (phases["end_year"] >= y)).any() else int(y)
                  for y in shown["target_year"]]
        target_lines(fig, starts, shown["target_year"], shown["target"],
                     [t("chart.target", lang, year=int(y), value=number(v, lang=lang))
                      for y, v in zip(shown["target_year"], shown["target"])])
        if len(shown):
            highest = max(float(shown["target"].max()), highest)
    if highest > 0:  # room above the highest point or target for its label
        fig.update_yaxes(range=[0, highest * 1.15])
    fig.update_xaxes(title_text=t("chart.year", lang), tickformat="d", tickangle=0, nticks=7)
    fig.update_yaxes(title_text=t("chart.line.y", lang), rangemode="tozero")
    count_ticks(fig, highest * 1.15)
    fig.update_layout(showlegend=False)
    return fixed_y_margin(finish(fig, title, note, lang), number(highest * 1.15, 0, lang))


def target_lines(fig: go.Figure, starts, years, values, labels: list[str], colour: str = TARGET_COLOUR) -> None:
    """Each target as a dashed line at its value over the years leading to it (from `starts`, the
    first year of its phase, to its year), labelled at its left end ("Kế hoạch 2020: 96")."""
    for x0, x1, y, label in zip(starts, years, values, labels):
        fig.add_shape(type="line", x0=x0 - 0.5, x1=x1 + 0.5, y0=y, y1=y, layer="above",
                      line=dict(color=colour, width=2.5, dash="dash"))
        fig.add_annotation(x=x0 - 0.5, y=y, xanchor="left", yanchor="bottom", showarrow=False,
                           text=plotly_literal(label), font=dict(size=14, color=colour))


def bands_bar(bands: pd.DataFrame, lang: str, note: str, title: str) -> go.Figure:
    """Communes per band of criteria met, stacked per year, best band at the bottom (title: findings.under_10)."""
    fig = go.Figure()
    for band in sorted(bands["band"].unique()):
        part = bands[bands["band"] == band]
        name = t(f"band.{band}", lang)
        fig.add_bar(x=part["year"], y=part["communes"], name=name, marker_color=BAND_COLOURS.get(band, "#999"),
                    customdata=part[["share"]].to_numpy(),
                    hovertemplate=f"{name}<br>%{{x}}: %{{y:,.0f}} ({'%{customdata[0]:.1%}'})<extra></extra>")
    fig.update_layout(barmode="stack", bargap=0.15,
                      legend=dict(traceorder="reversed", orientation="v", x=1.02, xanchor="left", y=0.5,
                                  yanchor="middle", font=dict(size=14)))
    # Beside its legend the plot is narrow: a year label every five years at most (2010, 2015, 2020).
    fig.update_xaxes(title_text=t("chart.year", lang), tickformat="d", tickangle=0, nticks=4)
    fig.update_yaxes(title_text=t("chart.bands.y", lang))
    highest = bands.groupby("year")["communes"].sum().max() if len(bands) else 0  # Plotly pads bars by 5 %
    count_ticks(fig, highest * 1.05)
    return fixed_y_margin(finish(fig, title, note, lang), number(highest * 1.05, 0, lang))

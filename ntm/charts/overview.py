"""Figures of the overview page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import t
from .base import BAND_COLOURS, PHASE_COLOURS, finish, shade_phases


def standard_line(yearly: pd.DataFrame, phases: pd.DataFrame, lang: str, note: str, title: str) -> go.Figure:
    """Communes meeting the standard per year, the phases shaded behind (title: findings.standard_line)."""
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
    fig.update_xaxes(title_text=t("chart.year", lang), tickformat="d", tickangle=0, nticks=7)
    fig.update_yaxes(title_text=t("chart.line.y", lang), rangemode="tozero", tickformat=",d")
    fig.update_layout(showlegend=False)
    return finish(fig, title, note, lang)


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
    fig.update_xaxes(title_text=t("chart.year", lang), tickformat="d", tickangle=0, nticks=7)
    fig.update_yaxes(title_text=t("chart.bands.y", lang), tickformat=",d")
    return finish(fig, title, note, lang)

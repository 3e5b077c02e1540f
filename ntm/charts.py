"""Plotly figure builders and the one shared template.

Every builder takes plain DataFrames from the named queries and returns a figure
whose title states its finding and whose footnote names the data version (and says
"Dữ liệu minh họa" while sample data is active), so a screenshot carries both.
"""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .i18n import plotly_separators, t

# Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
PHASE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
# Bands from "all criteria" (darkest) to "under 5" (lightest), a single-hue blue scale.
BAND_COLOURS = {1: "#08306B", 2: "#2171B5", 3: "#6BAED6", 4: "#C6DBEF", 5: "#E3E3E3"}
FONT = "Be Vietnam Pro, Segoe UI, Roboto, Noto Sans, DejaVu Sans, Arial, sans-serif"
TEXT = "#1F2937"
MUTED = "#6B7280"

pio.templates["ntm"] = go.layout.Template(layout=go.Layout(
    font=dict(family=FONT, size=16, color=TEXT),
    title=dict(font=dict(size=20, color=TEXT), x=0, xanchor="left", y=0.97, yanchor="top"),
    colorway=PHASE_COLOURS,
    paper_bgcolor="white", plot_bgcolor="white",
    xaxis=dict(showgrid=False, linecolor="#9CA3AF", ticks="outside", tickcolor="#9CA3AF",
               title=dict(font=dict(size=16)), tickfont=dict(size=15), automargin=True),
    yaxis=dict(gridcolor="#E5E7EB", zeroline=False, title=dict(font=dict(size=16)), tickfont=dict(size=15),
               automargin=True),
    legend=dict(font=dict(size=15), orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
    hoverlabel=dict(font=dict(size=16, family=FONT)),
    margin=dict(l=10, r=10, t=90, b=70),
))


def wrap(text: str, width: int = 52) -> str:
    """Break a long chart title onto lines (Plotly does not wrap titles)."""
    return "<br>".join(textwrap.wrap(text, width)) or text


def footnote(version_label: str, sample: bool, lang: str) -> str:
    text = t("footnote", lang, version=version_label)
    if sample:
        text += " · " + t("sample.badge", lang).upper()
    return text


def finish(fig: go.Figure, title: str, note: str, lang: str, height: int = 420, title_width: int = 42,
           bottom: int = 78) -> go.Figure:
    """Apply the template, the finding as title, the language's separators and the footnote."""
    lines = wrap(title, title_width).count("<br>") + 1
    fig.update_layout(template="ntm", title=dict(text=wrap(title, title_width)), height=height,
                      separators=plotly_separators(lang), margin=dict(t=30 + 28 * lines, b=bottom))
    fig.add_annotation(text=note, xref="paper", yref="paper", x=0, y=0, yshift=-(bottom - 22), xshift=-48,
                       xanchor="left",
                       yanchor="top", showarrow=False, font=dict(size=13, color=MUTED))
    return fig


def shade_phases(fig: go.Figure, phases: pd.DataFrame, lang: str) -> None:
    """Shade each phase's years behind a time axis and label it at the top."""
    for i, p in enumerate(phases.itertuples()):
        colour = PHASE_COLOURS[(p.phase_order - 1) % len(PHASE_COLOURS)]
        fig.add_vrect(x0=p.start_year - 0.5, x1=p.end_year + 0.5, fillcolor=colour, opacity=0.10,
                      line_width=0, layer="below")
        fig.add_annotation(x=(p.start_year + p.end_year) / 2, y=1, yref="paper", yanchor="bottom",
                           text=f"{p.start_year}–{p.end_year}", showarrow=False,
                           font=dict(size=15, color=colour))


def standard_line(yearly: pd.DataFrame, phases: pd.DataFrame, lang: str, note: str) -> go.Figure:
    """Communes meeting the standard per year, the phases shaded behind."""
    first, last = yearly.iloc[0], yearly.iloc[-1]
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
    title = t("chart.line.title", lang, first=f"{first.meeting:.0f}", first_year=int(first.year),
              last=f"{last.meeting:.0f}", last_year=int(last.year))
    fig.update_layout(showlegend=False)
    return finish(fig, title, note, lang)


def bands_bar(bands: pd.DataFrame, lang: str, note: str) -> go.Figure:
    """Communes per band of criteria met, stacked per year (best band at the bottom)."""
    fig = go.Figure()
    for band in sorted(bands["band"].unique()):
        part = bands[bands["band"] == band]
        name = t(f"band.{band}", lang)
        fig.add_bar(x=part["year"], y=part["communes"], name=name, marker_color=BAND_COLOURS.get(band, "#999"),
                    customdata=part[["share"]].to_numpy(),
                    hovertemplate=f"{name}<br>%{{x}}: %{{y:,.0f}} ({'%{customdata[0]:.1%}'})<extra></extra>")
    yearly = bands.assign(under=bands["band"] >= 4).query("under").groupby("year")["communes"].sum()
    title = t("chart.bands.title", lang, first=f"{yearly.iloc[0]:.0f}", first_year=int(yearly.index[0]),
              last=f"{yearly.iloc[-1]:.0f}", last_year=int(yearly.index[-1]))
    fig.update_layout(barmode="stack", bargap=0.15,
                      legend=dict(traceorder="reversed", orientation="v", x=1.02, xanchor="left", y=0.5,
                                  yanchor="middle", font=dict(size=14)))
    fig.update_xaxes(title_text=t("chart.year", lang), tickformat="d", tickangle=0, nticks=7)
    fig.update_yaxes(title_text=t("chart.bands.y", lang), tickformat=",d")
    return finish(fig, title, note, lang)

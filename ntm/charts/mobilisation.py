"""Figures of the mobilisation and resources page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import number, phase_years, t
from ..text import plotly_literal
from .base import MUTED, PHASE_COLOURS, PHONE_TITLE, finish


def short_name(district: str) -> str:
    """"Huyện Định Hóa" → "Định Hóa" for labels on crowded charts."""
    for prefix in ("Thành phố ", "Thị xã ", "Huyện ", "Quận "):
        if district.startswith(prefix):
            return district[len(prefix):]
    return district


def indicator_bars(values: pd.DataFrame, phases: pd.DataFrame, unit: str, lang: str, note: str,
                   title: str) -> go.Figure:
    """One indicator per district, a bar per chosen phase."""
    order = (values[values["phase_id"] == phases.iloc[-1]["phase_id"]]
             .sort_values("value", ascending=False)["district_code"].tolist())
    labels = dict(zip(values["district_code"], values["district_name"].map(short_name).map(plotly_literal)))
    fig = go.Figure()
    for p in phases.itertuples():
        part = values[values["phase_id"] == p.phase_id].set_index("district_code").reindex(order)
        name = phase_years(p)
        fig.add_bar(x=[labels[c] for c in order], y=part["value"], name=name,
                    marker_color=PHASE_COLOURS[(int(p.phase_order) - 1) % len(PHASE_COLOURS)],
                    hovertemplate="%{x}<br>" + name + ": %{y:,.1f} " + plotly_literal(unit) + "<extra></extra>")
    fig.update_yaxes(title_text=plotly_literal(unit), tickformat=",.0f")
    fig.update_xaxes(tickangle=0, tickfont=dict(size=13))
    fig.update_layout(barmode="group", legend=dict(orientation="h", x=1, xanchor="right", y=1.0, yanchor="bottom"))
    return finish(fig, title, note, lang, height=430, title_width=PHONE_TITLE)


def resource_mix(mix: pd.DataFrame, lang: str, note: str, title: str) -> go.Figure:
    """Investment per phase split into people's contributions and other sources (stacked); `mix`
    from the resource_mix query."""
    fig = go.Figure()
    x = [phase_years(r) for r in mix.itertuples()]
    for col, label, colour in (("people", t("mob.mix.people", lang), PHASE_COLOURS[1]),
                               ("other", t("mob.mix.other", lang), "#9DB9D3")):
        fig.add_bar(x=x, y=mix[col], name=label, marker_color=colour,
                    text=[number(v, 0, lang) for v in mix[col]], textposition="inside", insidetextanchor="middle",
                    textfont=dict(size=15), customdata=mix[f"{col}_share"],
                    hovertemplate=label + "<br>%{x}: %{y:,.0f} " + t("mob.mix.y", lang).lower()
                                  + " (%{customdata:.1%})<extra></extra>")
    fig.update_yaxes(title_text=t("mob.mix.y", lang), tickformat=",.0f")
    fig.update_layout(barmode="stack", bargap=0.35, legend=dict(orientation="h", x=0, y=1.0, yanchor="bottom"))
    return finish(fig, title, note, lang, height=440, title_width=38, above=50)


def mobilisation_scatter(points: pd.DataFrame, x_title: str, y_title: str, lang: str, note: str,
                         title: str) -> go.Figure:
    """One point per district: mobilisation per commune against the gain in share meeting the standard."""
    labelled = len(points) <= 30  # names only where they stay readable
    fig = go.Figure(go.Scatter(
        x=points["indicator_per_commune"], y=points["gain_share"], mode="markers+text" if labelled else "markers",
        text=points["district_name"].map(short_name).map(plotly_literal), textposition="top center",
        textfont=dict(size=13),
        cliponaxis=False,
        marker=dict(size=14 if labelled else 7, color=PHASE_COLOURS[0], line=dict(color="white", width=1),
                    opacity=1 if labelled else 0.6),
        customdata=list(zip(points["district_name"].map(plotly_literal), points["communes"])),
        hovertemplate="%{customdata[0]} (%{customdata[1]} " + t("unit.communes", lang) + ")<br>"
                      + "%{x:,.1f}<br>%{y:+.1%}<extra></extra>"))
    if len(points) >= 2 and points["indicator_per_commune"].nunique() > 1:
        import numpy as np
        slope, intercept = np.polyfit(points["indicator_per_commune"], points["gain_share"], 1)
        xs = np.array([points["indicator_per_commune"].min(), points["indicator_per_commune"].max()])
        fig.add_scatter(x=xs, y=slope * xs + intercept, mode="lines", hoverinfo="skip", showlegend=False,
                        line=dict(color=MUTED, dash="dash", width=2))
    fig.update_xaxes(title_text=plotly_literal(x_title), showgrid=True, gridcolor="#E5E7EB", tickformat=",.0f")
    fig.update_layout(margin=dict(r=50))
    fig.update_yaxes(title_text=plotly_literal(y_title), tickformat="+.0%")
    fig.update_layout(showlegend=False)
    return finish(fig, title, note, lang, height=440, title_width=38)

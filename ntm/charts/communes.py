"""Figures of the communes page."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import t
from ..text import plotly_literal
from .base import PHASE_COLOURS, PHONE_TITLE, finish
from .criteria import criteria_key

MET, NOT_MET = "#0072B2", "#F5C77E"  # blue / light orange: readable with any colour vision


def matrix(cells: pd.DataFrame, lang: str, note: str, title: str) -> go.Figure:
    """Communes × criteria, met or not, communes ordered by criteria met (most at the top)."""
    communes = cells.drop_duplicates("commune_code")  # already ordered by the query
    crit = cells.drop_duplicates("criterion_id").sort_values(["group_id", "criterion_id"])
    z = cells.pivot(index="commune_code", columns="criterion_id", values="met").astype(float)
    z = z.reindex(index=communes["commune_code"], columns=crit["criterion_id"])
    y = [f"{plotly_literal(n)} ({m})" for n, m in zip(communes["commune_name"], communes["criteria_met"])]
    names = crit["name_vi" if lang == "vi" else "name_en"].map(plotly_literal).tolist()
    yes, no = t("met.yes", lang), t("met.no", lang)
    custom = [[[name, yes if v == 1 else no] for name, v in zip(names, row)] for row in z.to_numpy()]
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(), x=[str(int(c)) for c in crit["criterion_id"]], y=y, zmin=0, zmax=1,
        colorscale=[[0, NOT_MET], [0.5, NOT_MET], [0.5, MET], [1, MET]], showscale=False, xgap=2, ygap=2,
        customdata=custom, hovertemplate="%{y}<br>%{x}. %{customdata[0]}: <b>%{customdata[1]}</b><extra></extra>"))
    # A legend for the two colours.
    for label, colour in ((yes, MET), (no, NOT_MET)):
        fig.add_scatter(x=[None], y=[None], mode="markers", name=label,
                        marker=dict(size=14, color=colour, symbol="square"))
    fig.update_xaxes(type="category", side="top", tickfont=dict(size=13), ticks="", showline=False)
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=13), showgrid=False)
    fig.update_layout(legend=dict(orientation="h", x=1, xanchor="right", y=0, yanchor="top"))
    key_height = criteria_key(fig, crit, lang)
    return finish(fig, title, note, lang, height=max(190 + 24 * len(y), key_height + 190), title_width=PHONE_TITLE, above=20)


def profile(years: pd.DataFrame, lang: str, note: str, title: str) -> go.Figure:
    """A commune's criteria met per year, the standard of each year's criteria set drawn as a line
    (a step where the set changes: 19 criteria to 2025, 10 from 2026)."""
    total = int(years["criteria_total"].max())
    colours = [PHASE_COLOURS[0] if m else "#9DB9D3" for m in years["meets_standard"]]
    fig = go.Figure(go.Bar(x=years["year"], y=years["criteria_met"], marker_color=colours,
                           text=years["criteria_met"], textposition="outside", textfont=dict(size=14),
                           cliponaxis=False, customdata=years["criteria_total"],
                           hovertemplate="%{x}: %{y}/%{customdata}<extra></extra>"))
    # The standard of each run of years on one set: a dashed segment over those years, labelled.
    runs = (years["criteria_total"] != years["criteria_total"].shift()).cumsum()
    for _, run in years.groupby(runs):
        n = int(run["criteria_total"].iloc[0])
        x0, x1 = int(run["year"].min()) - 0.45, int(run["year"].max()) + 0.45
        fig.add_shape(type="line", x0=x0, x1=x1, y0=n, y1=n, line=dict(color=PHASE_COLOURS[1], dash="dash", width=2))
        fig.add_annotation(x=x0, xanchor="left", y=n, yanchor="bottom", yshift=18, showarrow=False,  # over the bar labels
                           text=t("communes.standard_line", lang, n=n), font=dict(size=13, color=PHASE_COLOURS[1]))
    fig.update_xaxes(title_text=t("col.year", lang), tickformat="d", tickangle=0, nticks=8,
                     dtick=1 if len(years) <= 8 else None)
    fig.update_yaxes(title_text=t("col.criteria_met", lang), range=[0, total + 4])
    fig.update_layout(showlegend=False)
    return finish(fig, title, note, lang, height=400, title_width=52)

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


BAR_ROW = 56    # px a phase takes on the bars of one district (bars of BAR_ROW × (1 - BAR_GAP) px)
BAR_GAP = 0.3


def indicator_bars(values: pd.DataFrame, phases: pd.DataFrame, unit: str, lang: str, note: str,
                   title: str) -> go.Figure:
    """One indicator per district, a bar per chosen phase; one district: `one_district_bars`."""
    if values["district_code"].nunique() == 1:
        return one_district_bars(values, phases, unit, lang, note, title)
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


def one_district_bars(values: pd.DataFrame, phases: pd.DataFrame, unit: str, lang: str, note: str,
                      title: str) -> go.Figure:
    """One district's indicator per phase: a horizontal bar per phase (named on its axis, no
    legend), its value written at its end, each bar BAR_ROW px apart whatever the page's width."""
    part = values.set_index("phase_id").reindex(phases["phase_id"])
    names = [phase_years(p) for p in phases.itertuples()]
    fig = go.Figure(go.Bar(
        y=names, x=part["value"], orientation="h",
        marker_color=[PHASE_COLOURS[(int(p.phase_order) - 1) % len(PHASE_COLOURS)] for p in phases.itertuples()],
        text=["" if pd.isna(v) else number(v, 0 if abs(v) >= 100 else 1, lang) for v in part["value"]],
        textposition="outside", textfont=dict(size=15), cliponaxis=False,
        hovertemplate="%{y}: %{x:,.1f} " + plotly_literal(unit) + "<extra></extra>"))
    top = float(part["value"].max()) if part["value"].notna().any() else 0.0
    fig.update_xaxes(title_text=plotly_literal(unit), tickformat=",.0f", showgrid=True, gridcolor="#E5E7EB",
                     range=[0, top * 1.2 or 1])
    fig.update_yaxes(autorange="reversed", showgrid=False, tickfont=dict(size=15))
    fig.update_layout(bargap=BAR_GAP, showlegend=False)
    fig = finish(fig, title, note, lang, title_width=PHONE_TITLE)
    margin = fig.layout.margin
    fig.update_layout(height=margin.t + margin.b + BAR_ROW * len(names))
    return fig


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


LABEL_FONT = 13      # px: the district names beside the scatter's points
SCATTER_PLOT = (290, 210)  # px: the least plot area the scatter is drawn in (half a 1280 px page)
MARKER = 14          # px: a labelled point
# Where a name may go around its point, the first free one taken.
PLACES = ("top center", "bottom center", "middle right", "middle left", "top right", "top left",
          "bottom right", "bottom left")


def label_box(x: float, y: float, text: str, position: str, size: int = LABEL_FONT) -> tuple:
    """The box (left, right, bottom, top) in px from the plot's bottom left that a name written at
    `position` of a point at (x, y) px takes: about 0.6 of the type size a character, 1.25 a line."""
    w, h, gap = len(text) * 0.6 * size, 1.25 * size, MARKER / 2 + 2
    vertical, horizontal = position.split()
    cx = x + {"left": -(gap + w / 2), "right": gap + w / 2}.get(horizontal, 0.0)
    cy = y + {"top": gap + h / 2, "bottom": -(gap + h / 2)}.get(vertical, 0.0)
    if horizontal in ("left", "right") and vertical != "middle":
        cx = x + (w / 2 if horizontal == "right" else -w / 2)
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def place_labels(xs: list[float], ys: list[float], texts: list[str], plot=SCATTER_PLOT,
                 size: int = LABEL_FONT) -> tuple[list, list]:
    """Positions for the names of points (x, y in data units) such that no two names and no name
    and point overlap on a plot of `plot` px (width, height), the axes spanning the data with
    Plotly's padding: each name takes the first free place of PLACES, points left to right; a name
    with no free place is left off (the point still names its district on hover)."""
    def scale(values, px):
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        low, high = low - 0.08 * span, high + 0.08 * span
        return [(v - low) / (high - low) * px for v in values]
    px, py = scale(xs, plot[0]), scale(ys, plot[1])
    half = MARKER / 2
    taken = [(x - half, x + half, y - half, y + half) for x, y in zip(px, py)]
    positions, shown = ["top center"] * len(xs), [""] * len(xs)
    for i in sorted(range(len(xs)), key=lambda k: (px[k], -py[k])):
        own = taken[i]
        for place in PLACES:
            box = label_box(px[i], py[i], texts[i], place, size)
            if not any(_overlap(box, other) for other in taken if other is not own):
                positions[i], shown[i] = place, texts[i]
                taken.append(box)
                break
    return positions, shown


def mobilisation_scatter(points: pd.DataFrame, x_title: str, y_title: str, lang: str, note: str,
                         title: str, plot=SCATTER_PLOT, label_size: int = LABEL_FONT) -> go.Figure:
    """One point per district: mobilisation per commune against the gain in share meeting the
    standard; names placed apart (`place_labels`) for a plot of at least `plot` px, in `label_size`."""
    labelled = len(points) <= 30  # names only where they stay readable
    names = points["district_name"].map(short_name).tolist()
    places, shown = place_labels(points["indicator_per_commune"].astype(float).tolist(),
                                 points["gain_share"].astype(float).tolist(), names, plot, label_size)
    fig = go.Figure(go.Scatter(
        x=points["indicator_per_commune"], y=points["gain_share"], mode="markers+text" if labelled else "markers",
        text=[plotly_literal(n) for n in shown], textposition=places,
        textfont=dict(size=label_size),
        cliponaxis=False,
        marker=dict(size=MARKER if labelled else 7, color=PHASE_COLOURS[0], line=dict(color="white", width=1),
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

"""Figures of the by-criterion page."""
from __future__ import annotations

import re
import textwrap

import pandas as pd
import plotly.graph_objects as go

from ..i18n import number, percent, phase_years, t
from ..text import plotly_literal
from .base import MUTED, PHASE_COLOURS, PHONE_TITLE, TEXT, finish

SHARE_SCALE = [[0, "#F7FBFF"], [0.5, "#6BAED6"], [1, "#08306B"]]
CHANGE_SCALE = [[0, "#B35806"], [0.5, "#F7F7F7"], [1, "#542788"]]  # orange–purple, colour-blind safe
KEY_WRAP = 27       # characters of a line of the criteria key
KEY_FONT = 12       # its type size, px (kept on slides: it is a reference table, not a label)
KEY_LINE = 15.5     # px per line of it
ROW_MAX = 56        # px: the tallest row of the heatmap (one district is a row of cells, not a wall)
GROUP_LABEL = "criteria_group_"  # the name of a group's label above its columns, then "number:columns"


def heatmap(cells: pd.DataFrame, column: str, lang: str, note: str, title: str, key_wrap: int = KEY_WRAP) -> go.Figure:
    """Districts × criteria, coloured by `column` (share, or change between phases).

    `cells` holds one row per district and criterion with district_code, district_name,
    criterion_id, name_vi/name_en, group_id, group_vi/group_en and the value column.
    Criteria are ordered by group; group names run above their columns.
    """
    crit = cells.drop_duplicates("criterion_id").sort_values(["group_id", "criterion_id"])
    districts = cells.drop_duplicates("district_code").sort_values("district_code")
    z = cells.pivot(index="district_code", columns="criterion_id", values=column)
    z = z.reindex(index=districts["district_code"], columns=crit["criterion_id"])
    names = crit["name_vi" if lang == "vi" else "name_en"].tolist()
    x = [f"{int(c)}" for c in crit["criterion_id"]]
    y = districts["district_name"].map(plotly_literal).tolist()
    is_change = column == "change"
    # Cell text: whole percentages without the sign (the colour bar carries the unit).
    text = [[("" if pd.isna(v) else number(v * 100, 0, lang, sign=is_change)) for v in row] for row in z.to_numpy()]
    # customdata carries ids and the name as written (read back on a click); hover shows the
    # name escaped for Plotly.
    custom = [[[code, name, cid] for name, cid in zip(names, crit["criterion_id"])] for code in z.index]
    shown_names = [[plotly_literal(name) for name in names] for _ in z.index]
    fig = go.Figure(go.Heatmap(
        z=z.to_numpy(), x=x, y=y, text=text, texttemplate="%{text}", textfont=dict(size=11),
        colorscale=CHANGE_SCALE if is_change else SHARE_SCALE,
        zmin=-1 if is_change else 0, zmax=1, zmid=0 if is_change else None,
        customdata=custom, hovertext=shown_names, xgap=2, ygap=2,
        showscale=False,  # every cell prints its value; the criteria key takes the right side
        hovertemplate="%{y}<br>" + t("col.criterion", lang) + " %{x}: %{hovertext}<br>"
                      + (t("col.change", lang) if is_change else t("col.share", lang)) + ": %{text}%<extra></extra>",
    ))
    # Heatmap cells cannot be selected in Plotly: an invisible marker on each cell carries the
    # click (and the hover), so choosing a cell works like choosing a bar.
    heat = fig.data[0]
    cells_xy = [(xi, yi, custom[r][c]) for r, yi in enumerate(y) for c, xi in enumerate(x)
                if not pd.isna(z.iat[r, c])]
    fig.add_scatter(x=[a for a, _, _ in cells_xy], y=[b for _, b, _ in cells_xy],
                    customdata=[cd for _, _, cd in cells_xy], mode="markers", showlegend=False,
                    hovertext=[shown_names[r][c] for r in range(len(y)) for c in range(len(x))
                               if not pd.isna(z.iat[r, c])],
                    marker=dict(symbol="square", size=30, opacity=0), hovertemplate=heat.hovertemplate,
                    hoverlabel=dict(bgcolor="#1F2937", font_color="white"),
                    text=[text[r][c] for r in range(len(y)) for c in range(len(x)) if not pd.isna(z.iat[r, c])],
                    selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)))
    heat.hoverinfo, heat.hovertemplate = "skip", None
    # Group names above their columns, thin separators between groups.
    for gid, part in crit.groupby("group_id", sort=True):
        idx = [x.index(str(int(c))) for c in part["criterion_id"]]
        gname = part.iloc[0]["group_vi" if lang == "vi" else "group_en"]
        fig.add_annotation(x=(min(idx) + max(idx)) / 2, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                           text=t("criteria.group.short", lang, n=int(gid)) if len(idx) > 2 else f"{int(gid)}",
                           hovertext=plotly_literal(gname), font=dict(size=13, color=MUTED),
                           name=f"{GROUP_LABEL}{int(gid)}:{len(idx)}")
        if min(idx) > 0:
            fig.add_vline(x=min(idx) - 0.5, line=dict(color="white", width=5))
    fig.update_xaxes(title_text=t("criteria.heatmap.x.change" if is_change else "criteria.heatmap.x", lang),
                     type="category", side="bottom", tickfont=dict(size=14), showline=False, ticks="")
    fig.update_xaxes(range=[-0.5, len(x) - 0.5])  # the cells exactly, no padding for the markers
    fig.update_yaxes(range=[len(y) - 0.5, -0.5], tickfont=dict(size=14), showgrid=False)
    fig.update_layout(clickmode="event+select", dragmode=False)
    key_height = criteria_key(fig, crit, lang, key_wrap)
    fig = finish(fig, title, note, lang, height=max(170 + 38 * len(y), key_height + 200), title_width=PHONE_TITLE, above=26)
    return cap_rows(fig)


def cap_rows(fig: go.Figure) -> go.Figure:
    """Rows of the heatmap at most ROW_MAX px tall: when the criteria key beside it sets a height
    that few districts would stretch, the cells keep to the top of the plot (the criterion numbers
    and the axis title right under them) and the key runs on below."""
    rows = len(fig.data[0].y)
    margin = fig.layout.margin
    plot = fig.layout.height - margin.t - margin.b
    share = min(1.0, rows * ROW_MAX / plot) if rows and plot > 0 else 1.0
    fig.update_yaxes(domain=[1 - share, 1])
    return fig


def row_height(fig: go.Figure) -> float:
    """The height in px of one row of a heatmap built here, as drawn."""
    margin, domain = fig.layout.margin, fig.layout.yaxis.domain or (0, 1)
    return (fig.layout.height - margin.t - margin.b) * (domain[1] - domain[0]) / len(fig.data[0].y)


def key_lines(crit: pd.DataFrame, lang: str) -> list[tuple[str, bool]]:
    """The criteria of a chart by group, as plain text: ("Nhóm 1 — Quy hoạch", True), then
    ("1. Quy hoạch", False) … `crit` holds criterion_id, name_vi/name_en, group_id, group_vi/group_en."""
    name, group = ("name_vi", "group_vi") if lang == "vi" else ("name_en", "group_en")
    lines = []
    for gid, part in crit.sort_values(["group_id", "criterion_id"]).groupby("group_id", sort=True):
        lines.append((t("criteria.group.title", lang, n=int(gid), name=part.iloc[0][group]), True))
        lines += [(f"{int(r.criterion_id)}. {getattr(r, name)}", False) for r in part.itertuples()]
    return lines


def criteria_key(fig: go.Figure, crit: pd.DataFrame, lang: str, wrap: int = KEY_WRAP) -> int:
    """Name every criterion of a chart whose axis shows criterion numbers: a key to the right of the
    plot, by group ("Nhóm 1 — Quy hoạch", then "1. Quy hoạch" …), so the chart reads without
    hovering on the page, the slides and the hand-outs. Lines are wrapped at `wrap` characters.
    Sets the right margin it needs; returns its height in px."""
    lines = []
    for text, header in key_lines(crit, lang):
        if header:
            lines += [f"<b>{plotly_literal(w)}</b>" for w in textwrap.wrap(text, wrap)]
        else:
            lines += [plotly_literal(w) for w in textwrap.wrap(text, wrap, subsequent_indent="    ")]
    # Bold group headers run wider than the criteria under them.
    widest = max((len(re.sub(r"<[^>]+>", "", line)) * (1.1 if line.startswith("<b>") else 1.0) for line in lines),
                 default=0)
    fig.add_annotation(name="criteria_key", text="<br>".join(lines), xref="paper", yref="paper", x=1, y=1,
                       xanchor="left", yanchor="top", xshift=14, align="left", showarrow=False,
                       font=dict(size=KEY_FONT, color=TEXT))
    fig.update_layout(margin=dict(r=int(widest * KEY_FONT * 0.56) + 34))
    return int(len(lines) * KEY_LINE)


def without_key(fig: go.Figure, lang: str | None = None) -> go.Figure:
    """A copy of a figure without its criteria key (a hand-out that sets the key as text beside it).
    With `lang`, every group above the columns is named in full ("Nhóm 1", not "1"), a group of one
    or two criteria too (beside the key as text, a bare number would read as a criterion's); over a
    single column the name takes two lines, so it stays clear of the next group's."""
    out = go.Figure(fig)
    out.layout.annotations = [a for a in out.layout.annotations if a.name != "criteria_key"]
    if lang is not None:
        for a in out.layout.annotations:
            if (a.name or "").startswith(GROUP_LABEL):
                gid, columns = map(int, a.name[len(GROUP_LABEL):].split(":"))
                label = plotly_literal(t("criteria.group.short", lang, n=gid))
                a.text = label.rsplit(" ", 1)[0] + "<br>" + label.rsplit(" ", 1)[1] if columns == 1 else label
    out.update_layout(margin=dict(r=20))
    return out


def hardest_bar(shares: pd.DataFrame, phases: pd.DataFrame, lang: str, note: str, title: str) -> go.Figure:
    """Province share per criterion for each chosen phase, hardest (lowest in the last phase) on top."""
    last = phases.iloc[-1]["phase_id"]
    order = shares[shares["phase_id"] == last].sort_values("hardness", ascending=False)["criterion_id"].tolist()
    name_col = "name_vi" if lang == "vi" else "name_en"
    labels = {r.criterion_id: f"{int(r.criterion_id)}. {plotly_literal(getattr(r, name_col))}"
              for r in shares.itertuples()}
    fig = go.Figure()
    for p in phases.itertuples():
        part = shares[shares["phase_id"] == p.phase_id].set_index("criterion_id").reindex(order)
        colour = PHASE_COLOURS[(int(p.phase_order) - 1) % len(PHASE_COLOURS)]
        fig.add_bar(y=[labels[c] for c in order], x=part["share"], orientation="h", name=phase_years(p),
                    marker_color=colour, text=[percent(v, 0, lang) for v in part["share"]], textposition="outside",
                    textfont=dict(size=12), cliponaxis=False,
                    hovertemplate="%{y}<br>" + phase_years(p) + ": %{x:.1%}<extra></extra>")
    fig.update_xaxes(title_text=t("criteria.bar.x", lang), tickformat=".0%", range=[0, 1.12], showgrid=True,
                     gridcolor="#E5E7EB")
    fig.update_yaxes(tickfont=dict(size=14), showgrid=False)
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05,
                      legend=dict(orientation="h", x=1, xanchor="right", y=1.0, yanchor="bottom"))
    return finish(fig, title, note, lang, height=160 + (14 + 12 * len(phases)) * len(order), title_width=PHONE_TITLE)

"""The one shared Plotly template and what every figure gets: title, footnote, separators.

Every builder takes plain DataFrames from the named queries and returns a figure
whose title states its finding and whose footnote names the data version (and says
"Dữ liệu minh họa" while sample data is active), so a screenshot carries both.
"""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ..i18n import phase_years, plotly_separators, t
from ..text import plotly_literal

# Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
PHASE_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00"]
# Bands from "all criteria" (darkest) to "under 5" (lightest), a single-hue blue scale.
BAND_COLOURS = {1: "#08306B", 2: "#2171B5", 3: "#6BAED6", 4: "#C6DBEF", 5: "#E3E3E3"}
FONT = "Be Vietnam Pro, Segoe UI, Roboto, Noto Sans, DejaVu Sans, Arial, sans-serif"
TEXT = "#1F2937"
MUTED = "#6B7280"
TARGET_COLOUR = "#D55E00"  # targets: Okabe–Ito vermilion, apart from the phase colours in use
# Width in px of one character of a tick label at the template's tick size (the widest of FONT's
# fonts draws digits 9.55 px wide at 15 px), and what a y axis takes beside its labels (tick, title).
TICK_CHAR = 9.6
Y_AXIS_BESIDE = 40
# A footnote line: characters that fit under a half-width chart at 1280 px, and its height in px.
NOTE_WIDTH = 52
NOTE_LINE = 20
# Charts that scroll sideways in their own box on a phone (pages/style.css) wrap their title to
# the width a phone shows, so that it is read without scrolling.
PHONE_TITLE = 40
LEGEND_ROW = 30  # px: one row of a horizontal legend

pio.templates["ntm"] = go.layout.Template(layout=go.Layout(
    font=dict(family=FONT, size=16, color=TEXT),
    title=dict(font=dict(size=20, color=TEXT), x=0, xanchor="left", yref="container", y=1, yanchor="top",
               pad=dict(t=10)),
    colorway=PHASE_COLOURS,
    paper_bgcolor="white", plot_bgcolor="white",
    xaxis=dict(showgrid=False, linecolor="#9CA3AF", ticks="outside", tickcolor="#9CA3AF",
               title=dict(font=dict(size=16)), tickfont=dict(size=15), automargin=True),
    # The y title 10 px from the widest tick label (by default Plotly ignores a wider top label).
    yaxis=dict(gridcolor="#E5E7EB", zeroline=False, title=dict(font=dict(size=16), standoff=10), tickfont=dict(size=15),
               automargin=True),
    legend=dict(font=dict(size=15), orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0),
    hoverlabel=dict(font=dict(size=16, family=FONT)),
    margin=dict(l=10, r=10, t=90, b=70),
))


def wrap(text: str, width: int = 52) -> str:
    """A plain-text title as Plotly text, broken onto lines (Plotly does not wrap titles)."""
    return "<br>".join(plotly_literal(line) for line in textwrap.wrap(text, width)) or plotly_literal(text)


def footnote(version_label: str, sample: bool, lang: str) -> str:
    text = t("footnote", lang, version=version_label)
    if sample:
        text += " · " + t("sample.badge", lang).upper()
    return text


def note_lines(note: str, width: int = NOTE_WIDTH) -> list[str]:
    """The footnote's parts (split at " · ") packed into lines of at most `width` characters, so
    that it stays whole under a half-width chart."""
    lines: list[str] = []
    for part in note.split(" · "):
        if lines and len(lines[-1]) + 3 + len(part) <= width:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return lines


def finish(fig: go.Figure, title: str, note: str, lang: str, height: int = 420, title_width: int = 40,
           bottom: int = 92, above: int = 0) -> go.Figure:
    """Apply the template, the finding as title, the language's separators and the footnote.

    `title` and `note` are plain text (names in them show as written). `above`: extra pixels
    between the title and the plot, for a legend or labels placed there. A footnote longer than a
    half-width chart takes a second line (the bottom margin grows by it).
    """
    lines = wrap(title, title_width).count("<br>") + 1
    notes = note_lines(note)
    # A one-row legend above the plot (the template's place for it) gets a row of its own under
    # the title; a chart with more rows says so through `above`.
    legend = fig.layout.legend
    if (legend.y is None or legend.y >= 1) and fig.layout.showlegend is not False \
            and sum(1 for d in fig.data if d.showlegend is not False and d.name) > 1:
        above = max(above, LEGEND_ROW)
    # Plotly lifts a title of two lines or more about 20 px above its anchor (whatever the number of
    # lines, as drawn in Chromium): pad it back down.
    fig.update_layout(template="ntm", title=dict(text=wrap(title, title_width), pad=dict(t=10 if lines == 1 else 30)),
                      height=height, separators=plotly_separators(lang),
                      margin=dict(t=30 + 28 * lines + above, b=bottom + NOTE_LINE * (len(notes) - 1)))
    fig.add_annotation(text="<br>".join(map(plotly_literal, notes)), name="footnote", xref="paper", yref="paper",
                       x=0, y=0, yshift=-(bottom - 14), xshift=-48, xanchor="left", yanchor="top", align="left",
                       showarrow=False, font=dict(size=13, color=MUTED))
    return fig


def fixed_y_margin(fig: go.Figure, widest: str) -> go.Figure:
    """The left margin from the widest y tick label (`widest`, as Plotly will write it) and the
    axis title, instead of Plotly's automargin, which draws a figure, measures its labels and draws
    it again. For figures redrawn at every filter change; `for_projection` turns automargin back on.
    Labels over five characters are left to automargin (the estimate counts separators as digits)."""
    if len(widest) > 5:
        return fig
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    fig.update_layout(margin=dict(l=round(len(widest) * TICK_CHAR) + Y_AXIS_BESIDE))
    return fig


def shade_phases(fig: go.Figure, phases: pd.DataFrame, lang: str) -> None:
    """Shade each phase's years behind a time axis and label it at the top."""
    for i, p in enumerate(phases.itertuples()):
        colour = PHASE_COLOURS[(p.phase_order - 1) % len(PHASE_COLOURS)]
        fig.add_vrect(x0=p.start_year - 0.5, x1=p.end_year + 0.5, fillcolor=colour, opacity=0.10,
                      line_width=0, layer="below")
        fig.add_annotation(x=(p.start_year + p.end_year) / 2, y=1, yref="paper", yanchor="bottom",
                           text=phase_years(p), showarrow=False,
                           font=dict(size=13, color=colour))


def for_projection(fig: go.Figure, height: int) -> go.Figure:
    """A figure resized for a slide: no title (the slide states it), type readable across a room."""
    fig.update_layout(title=None, height=height, font=dict(size=20), margin=dict(t=40, b=110),
                      legend=dict(font=dict(size=18)), hoverlabel=dict(font=dict(size=18)),
                      uniformtext=dict(minsize=16, mode="show"))
    fig.update_xaxes(tickfont=dict(size=18), title_font=dict(size=20), automargin=True)
    fig.update_yaxes(tickfont=dict(size=18), title_font=dict(size=20), automargin=True)
    for ann in fig.layout.annotations:
        if ann.name != "criteria_key":  # a reference table beside the chart keeps its size
            ann.font.size = max(ann.font.size or 0, 16)
        if ann.name == "footnote":  # a slide is as wide as the screen: the footnote on one line
            ann.text = ann.text.replace("<br>", " · ")
    fig.update_traces(textfont=dict(size=18), selector=dict(type="scatter"))
    fig.update_traces(textfont=dict(size=14), selector=dict(type="heatmap"))  # "100" fits a cell beside the key
    fig.update_traces(textfont=dict(size=16), constraintext="none", selector=dict(type="bar"))
    return fig

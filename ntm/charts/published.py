"""Figures of the published-figures page: one measure's published series over time."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..i18n import t
from ..published import as_of_label, fmt_figure, note_label, source_label
from ..text import plotly_literal
from .base import PHASE_COLOURS, finish, wrap


def series(rows: pd.DataFrame, lang: str, note: str, title: str, height: int = 340) -> go.Figure:
    """One measure's figures at their as-of dates (published_series rows of one measure, in date
    order), each point labelled with its value; the date as written and the source on hover."""
    unit = rows["unit"].iloc[0] if len(rows) else None
    labels = [fmt_figure(v, lang, unit) for v in rows["value"]]
    hover = [f"{plotly_literal(as_of_label(a, lang))}: {plotly_literal(lbl)}<br>"
             f"{t('published.hover.source', lang)}: {plotly_literal(source_label(s, 70))}"
             + (f"<br>{plotly_literal(note_label(n, lang))}" if isinstance(n, str) and n else "")
             for a, lbl, s, n in zip(rows["as_of"], labels, rows["source"], rows["note"])]
    # Two figures of the same date (two sources): the lower one labelled below its point.
    dates, values = list(rows["as_of_date"]), list(rows["value"])
    below = [any(d2 == d and v2 > v for d2, v2 in zip(dates, values)) for d, v in zip(dates, values)]
    # Values written beside the points: the first and the last, and between them only those far
    # enough from the previous one written (hover shows every point).
    when = pd.to_datetime(rows["as_of_date"]).tolist()
    gap = (max(when) - min(when)) * 0.14 if when else pd.Timedelta(0)
    shown, previous = [], None
    for i, d in enumerate(when):
        keep = i in (0, len(when) - 1) or previous is None or d - previous >= gap
        if keep and i != len(when) - 1 and len(when) > 1 and when[-1] - d < gap:
            keep = False  # too close to the last, which is always written
        shown.append(labels[i] if keep else "")
        previous = d if keep else previous
    fig = go.Figure(go.Scatter(
        x=pd.to_datetime(rows["as_of_date"]), y=rows["value"], mode="lines+markers+text",
        line=dict(color=PHASE_COLOURS[0], width=3), marker=dict(size=9),
        text=[plotly_literal(v) for v in shown], textfont=dict(size=14),
        textposition=["bottom center" if b else "top center" for b in below],
        hovertext=hover, hovertemplate="%{hovertext}<extra></extra>", cliponaxis=False,
    ))
    span = pd.to_datetime(rows["as_of_date"])
    pad = max((span.max() - span.min()) * 0.06, pd.Timedelta(days=120)) if len(rows) else pd.Timedelta(days=120)
    fig.update_xaxes(title_text=t("published.series.x", lang), range=[span.min() - pad, span.max() + pad],
                     tickformat="%Y" if (span.max() - span.min()).days > 3 * 365 else "%-m/%Y" if lang == "vi" else "%b %Y")
    top = float(rows["value"].max()) if len(rows) else 1.0
    fig.update_yaxes(rangemode="tozero", range=[0, top * 1.22 or 1], tickformat=",~r",
                     ticksuffix="%" if unit == "%" else "")
    fig.update_layout(showlegend=False)
    fig = finish(fig, title, note, lang, height=height, title_width=38, bottom=80)
    fig.update_layout(margin=dict(l=58, r=16))  # room for the footnote, which starts left of the plot
    return fig


QUOTE_SHIFT = 28  # px between the plot's top and the quote box: the phase names' row


def quote_box(fig: go.Figure, quote: str) -> go.Figure:
    """A published figure quoted with its date and source (plain text) in a box above the plot's
    top left, over the row of phase names: clear of the line, its values and the targets' labels
    whatever the data. `quote_room` makes the top margin hold it once the figure has its size."""
    text = "<br>".join(wrap(part, 70) for part in quote.split(" — "))  # the source on a line of its own
    fig.add_annotation(text=text, name="quote", xref="paper", yref="paper", x=0, y=1, yshift=QUOTE_SHIFT,
                       xanchor="left", yanchor="bottom", align="left", showarrow=False,
                       bgcolor="rgba(255,255,255,0.9)", bordercolor="#9CA3AF", borderwidth=1, borderpad=6,
                       font=dict(size=15, color="#1F2937"))
    return quote_room(fig)


def quote_height(ann) -> float:
    """The height in px of a quote box: its lines at 1.3 of its type size, its padding and border."""
    return (ann.text.count("<br>") + 1) * 1.3 * ann.font.size + 2 * (ann.borderpad + ann.borderwidth)


def quote_room(fig: go.Figure) -> go.Figure:
    """The top margin raised to hold the quote box above the plot (after any resizing that set it)."""
    for ann in fig.layout.annotations:
        if ann.name == "quote":
            need = round(QUOTE_SHIFT + quote_height(ann) + 8)
            fig.update_layout(margin=dict(t=max(fig.layout.margin.t or 0, need)))
    return fig

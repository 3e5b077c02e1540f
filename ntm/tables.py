"""Read-only tables as one block of HTML: a plain table is drawn by the browser as text, where
an interactive data grid loads its own scripts and draws on a canvas.

Every cell is escaped here; a column of links shows each web address (http and https only) as a
link by its host, opened apart from the dashboard.
"""
from __future__ import annotations

import html

import pandas as pd

from .published import is_link, source_label


def source_html(source: str, width: int = 60) -> str:
    """A source as HTML: a web address as a link by its site, opened apart from the dashboard;
    anything else as escaped text (shortened to `width`)."""
    shown = html.escape(source_label(source, width))
    if not is_link(source):
        return shown
    return f"<a href='{html.escape(source, quote=True)}' target='_blank' rel='noopener noreferrer'>{shown}</a>"


def _cell(value, link: bool) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    text = str(value)
    return source_html(text) if link and is_link(text) else html.escape(text)


def html_table(df: pd.DataFrame, links: tuple[str, ...] = ()) -> str:
    """The frame's columns and rows (no index) as an HTML table; numbers right-aligned."""
    numeric = [pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in df.columns]
    head = "".join(f"<th{' class=num' if n else ''}>{html.escape(str(c))}</th>" for c, n in zip(df.columns, numeric))
    rows = "".join(
        "<tr>" + "".join(f"<td{' class=num' if n else ''}>{_cell(v, c in links)}</td>"
                         for v, c, n in zip(r, df.columns, numeric)) + "</tr>"
        for r in df.itertuples(index=False, name=None))
    return f"<div class='ntm-table'><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"

"""Read-only tables as one block of HTML: a plain table is drawn by the browser as text, where
an interactive data grid loads its own scripts and draws on a canvas.

Every cell is escaped here; a column of links shows each web address (http and https only) as a
link by its host, opened apart from the dashboard.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from .published import is_link

HOST = re.compile(r"https?://(?:www\.)?([^/?#]+)")


def _cell(value, link: bool) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    text = str(value)
    if link and is_link(text):
        shown = HOST.match(text).group(1) if HOST.match(text) else text
        return (f"<a href='{html.escape(text, quote=True)}' target='_blank' rel='noopener noreferrer'>"
                f"{html.escape(shown)}</a>")
    return html.escape(text)


def html_table(df: pd.DataFrame, links: tuple[str, ...] = ()) -> str:
    """The frame's columns and rows (no index) as an HTML table; numbers right-aligned."""
    numeric = [pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in df.columns]
    head = "".join(f"<th{' class=num' if n else ''}>{html.escape(str(c))}</th>" for c, n in zip(df.columns, numeric))
    rows = "".join(
        "<tr>" + "".join(f"<td{' class=num' if n else ''}>{_cell(v, c in links)}</td>"
                         for v, c, n in zip(r, df.columns, numeric)) + "</tr>"
        for r in df.itertuples(index=False, name=None))
    return f"<div class='ntm-table'><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"

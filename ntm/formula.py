"""Text a spreadsheet would run as a formula, and the apostrophe that keeps it text.

A cell is formula-like when it starts with = + - or @ (after any leading white space), or
with a tab or CR: Excel, LibreOffice and Google Sheets evaluate such cells
(``=HYPERLINK(…)``, ``+cmd|…``, ``-2+3``, ``@SUM(…)``). Files we write put an apostrophe in
front of them (spreadsheets show the text; the apostrophe marks it as text), and our importer
takes exactly one such apostrophe away again, so a value survives export and import unchanged.

Text that already starts with apostrophes before a formula-like start gets one more, so
``unquote(quote(v)) == v`` for every string. No heavy imports: ingest uses this too.
"""
from __future__ import annotations

import re

_FORMULA = re.compile(r"[\t\r]|\s*[=+\-@]")
_QUOTED = re.compile(r"'*(?:[\t\r]|\s*[=+\-@])")


def is_formula_like(value) -> bool:
    """Whether a spreadsheet would treat this text as a formula."""
    return isinstance(value, str) and _FORMULA.match(value) is not None


def needs_quote(value) -> bool:
    """Formula-like text, or text that is apostrophes in front of formula-like text."""
    return isinstance(value, str) and _QUOTED.match(value) is not None


def quote(value):
    """Text made safe to open in a spreadsheet (other values unchanged)."""
    return "'" + value if needs_quote(value) else value


def unquote(text: str) -> str:
    """The text :func:`quote` was given: one leading apostrophe before formula-like text removed."""
    if text.startswith("'") and _QUOTED.match(text, 1):
        return text[1:]
    return text

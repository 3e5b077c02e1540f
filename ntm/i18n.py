"""Translation lookup and number formatting in the UI language.

Vietnamese writes ``6.000`` and ``79,6%``; English ``6,000`` and ``79.6%``.
"""
from __future__ import annotations

import calendar
import math
import os
from decimal import ROUND_HALF_UP, Decimal

from .strings import LANGUAGES

DEFAULT_LANG = "vi"


def province() -> str:
    """The province the dashboard is set up for (``NTM_PROVINCE``, default Thái Nguyên)."""
    return os.environ.get("NTM_PROVINCE", "Thái Nguyên")


def t(key: str, lang: str = DEFAULT_LANG, **values) -> str:
    table = LANGUAGES.get(lang, LANGUAGES[DEFAULT_LANG])
    text = table.get(key) or LANGUAGES[DEFAULT_LANG][key]
    return text.format(**values) if values else text


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or str(x) in ("<NA>", "NaT")


def number(x, digits: int = 0, lang: str = DEFAULT_LANG, sign: bool = False) -> str:
    """``1234.5`` → ``1.234,5`` (vi) or ``1,234.5`` (en); ``–`` for a missing value."""
    if _missing(x):
        return "–"
    # Half away from zero, as printed reports round (14,25 -> 14,3), not Python's half-to-even.
    rounded = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{rounded:{'+' if sign else ''},.{digits}f}"
    if text.lstrip("+-").strip("0.,") == "":  # no sign in front of zero
        text = text.lstrip("+-")
    if lang == "vi":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def percent(share, digits: int = 1, lang: str = DEFAULT_LANG, sign: bool = False) -> str:
    """A share (0.796) as a percentage: ``79,6%``."""
    if _missing(share):
        return "–"
    return number(float(share) * 100, digits, lang, sign) + "%"


def points(share_change, digits: int = 1, lang: str = DEFAULT_LANG) -> str:
    """A change of shares in percentage points: ``+12,3 điểm %``."""
    if _missing(share_change):
        return "–"
    unit = " điểm %" if lang == "vi" else " pp"
    return number(float(share_change) * 100, digits, lang, sign=True) + unit


def unit_name(text: str, lang: str = DEFAULT_LANG, value=None) -> str:
    """A data file's unit in the language shown (`value`: the number it follows, for one or many):
    the programme's own units, written in Vietnamese ("xã", "huyện", "tiêu chí", "tỷ đồng"), from the
    strings; any other as the file writes it."""
    for name in ("communes", "districts", "criteria", "money"):
        if text == t(f"unit.{name}", "vi"):
            return t(f"unit.{name}.1" if value is not None and abs(value) == 1 else f"unit.{name}", lang)
    return text


def version_label(v, lang: str = DEFAULT_LANG) -> str:
    """A data version as captions name it: number, date and time as the pages write dates
    ("v3 · 07/12/2026 10:18 · lan"; "7 Dec 2026 10:18" in English), the bundled sample's author
    as "dữ liệu mẫu" / "sample data"."""
    return f"v{int(v.id)} · {date_time(v.created_at, lang)} · {version_author(v, lang)}"


def date_time(stamp: str, lang: str = DEFAULT_LANG) -> str:
    """An ISO time ("2026-12-06T00:25:13+07:00") as the pages write dates, to the minute:
    "06/12/2026 00:25"; "6 Dec 2026 00:25" in English. Anything else as given."""
    try:
        year, month, day = (int(p) for p in stamp[:10].split("-"))
    except (TypeError, ValueError):
        return str(stamp or "")
    clock = stamp[11:16]
    return (f"{day:02d}/{month:02d}/{year} {clock}" if lang == "vi"
            else f"{day} {calendar.month_abbr[month]} {year} {clock}").strip()


def version_author(v, lang: str = DEFAULT_LANG) -> str:
    """Who wrote a version: the analyst, or "dữ liệu mẫu" / "sample data" for the bundled sample."""
    return t("version.author.sample", lang) if v.bundled_sample else v.author


def phase_years(phase) -> str:
    """A phase as every page and chart names it, by its years ("2016–2020"); `phase`: a row of the
    `phases` query (a Series or a named tuple)."""
    return f"{phase.start_year}–{phase.end_year}"


def plotly_separators(lang: str) -> str:
    """Plotly's ``separators`` layout value: decimal mark, then thousands mark."""
    return ",." if lang == "vi" else ".,"

"""Published figures: numbers officials quote (the ministry's, the province's, the statistics
office's), each with its date and source, beside what the commune data says.

Plain functions, no Streamlit: reading an "as of" date, writing a figure and its date the way
the reader's language does, telling a web link from a document reference, and checking that a
published percentage agrees with its own counts. The SQL side (dates, the area hierarchy, the
side-by-side with the commune data) is in ``queries/derived/70_published.sql`` and
``queries/published_*.sql``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import html
import math
import re
import unicodedata
from urllib.parse import urlsplit

import pandas as pd

from .i18n import number, t
from .schema import YEAR_MAX, YEAR_MIN

COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"
# Other ways a file may name the whole country.
COUNTRY_ALIASES = ("Việt Nam", "Viet Nam", "Vietnam", "Cả nước", "Toàn quốc", "Nước Việt Nam")

# The measures of the bundled figures (published_measures.csv): id, names, unit, the counts a
# percentage is made of (numerator / denominator), what the commune data calls the same thing,
# and how far the two may differ before the difference is flagged.
MEASURES = [
    ("communes_standard", "Xã đạt chuẩn NTM", "Communes meeting the standard", "xã",
     "", "", "meeting", "0"),
    ("communes_total", "Tổng số xã", "Communes in all", "xã", "", "", "communes", "0"),
    ("share_standard_pct", "Tỷ lệ xã đạt chuẩn", "Share meeting the standard", "%",
     "communes_standard", "communes_total", "share_meeting_pct", "1"),
    ("avg_criteria", "Tiêu chí bình quân/xã", "Average criteria per commune", "tiêu chí",
     "", "", "avg_criteria", "0.1"),
    ("districts_completed", "Huyện đạt chuẩn NTM", "Districts meeting the standard",
     "huyện", "", "", "", "0"),
    ("communes_advanced", "Xã NTM nâng cao", "Advanced communes", "xã", "", "", "advanced", "0"),
    ("communes_model", "Xã NTM kiểu mẫu", "Model communes", "xã", "", "", "model", "0"),
    ("share_advanced_pct", "Tỷ lệ xã NTM nâng cao (trên số xã đạt chuẩn)", "Share of advanced communes (of those meeting the standard)", "%",
     "", "", "share_advanced_pct", "1"),  # no counts to check it by: the ministry's base is not given
    ("share_model_pct", "Tỷ lệ xã NTM kiểu mẫu (trên số xã đạt chuẩn)", "Share of model communes (of those meeting the standard)", "%",
     "", "", "share_model_pct", "1"),
]

_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})[-/.](\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(?:(?:tháng|thang|t)\s*)?(\d{1,2})\s*[-/.]\s*(\d{4})$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_SERIAL = re.compile(r"^(\d{5})(?:\.0+)?$")  # a date cell of a spreadsheet, as Excel stores it
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def parse_as_of(text: str):
    """(canonical text, None) or (None, (problem code, params)) for an "as of" cell.

    A year (2022), a year and month (2022-06, 2022/6, 6/2022, tháng 6/2022) or a date
    (2022-06-30, 30/6/2022 — day first, as Vietnamese writes it — or a spreadsheet's date cell)
    becomes 2022, 2022-06 or 2022-06-30."""
    s = " ".join(unicodedata.normalize("NFC", str(text)).split())
    year = month = day = None
    if m := _YEAR.match(s):
        year = int(m[1])
    elif m := _YEAR_MONTH.match(s):
        year, month = int(m[1]), int(m[2])
    elif m := _MONTH_YEAR.match(s):
        month, year = int(m[1]), int(m[2])
    elif m := _DATE.match(s):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(s):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _SERIAL.match(s):
        serial = int(m[1])
        date = _EXCEL_EPOCH + dt.timedelta(days=serial)
        if not YEAR_MIN <= date.year <= YEAR_MAX:
            return None, ("as_of_format", {})
        year, month, day = date.year, date.month, date.day
    else:
        return None, ("as_of_format", {})
    if not YEAR_MIN <= year <= YEAR_MAX:
        return None, ("year_range", {"min": YEAR_MIN, "max": YEAR_MAX})
    if month is not None and not 1 <= month <= 12:
        return None, ("as_of_date", {})
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None, ("as_of_date", {})
        return f"{year:04d}-{month:02d}-{day:02d}", None
    return (f"{year:04d}-{month:02d}", None) if month is not None else (f"{year:04d}", None)


def as_of_end(as_of: str) -> dt.date:
    """The day a canonical "as of" stands for: the last day of its year or month, or the day."""
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(*parts)


def note_label(note, lang: str = "vi") -> str:
    """A figure's note in the language shown: the date as its source writes it, which the
    reference files note in Vietnamese, in `lang`; any other note as written."""
    if not isinstance(note, str):
        return ""
    prefix = t("published.note.as_written", "vi", written="")
    if note.startswith(prefix):
        return t("published.note.as_written", lang, written=note[len(prefix):])
    return note


def as_of_label(as_of, lang: str = "vi") -> str:
    """2022 → 2022; 2022-06 → 6/2022 (Jun 2022); 2023-12-28 → 28/12/2023 (28 Dec 2023)."""
    if as_of is None or (not isinstance(as_of, str) and pd.isna(as_of)):
        return "–"
    parts = str(as_of).split("-")
    if len(parts) == 1 or not all(p.isdigit() for p in parts):
        return str(as_of)
    if len(parts) == 2:
        y, m = int(parts[0]), int(parts[1])
        return f"{m}/{y}" if lang == "vi" else f"{_MONTHS_EN[m - 1]} {y}"
    y, m, d = (int(p) for p in parts)
    return f"{d}/{m}/{y}" if lang == "vi" else f"{d} {_MONTHS_EN[m - 1]} {y}"


def decimals(value) -> int:
    """Decimals a published value is written with (79.6 → 1, 17.87 → 2, 109 → 0), at most 3."""
    if value is None or pd.isna(value):
        return 0
    for d in range(4):
        if math.isclose(round(float(value), d), float(value), abs_tol=1e-9):
            return d
    return 3


def fmt_figure(value, lang: str = "vi", unit: str | None = None) -> str:
    """A published value as written (its own decimals), "%" after a percentage: 6.084, 79,6%."""
    if value is None or pd.isna(value):
        return "–"
    text = number(value, decimals(value), lang)
    return text + "%" if unit == "%" else text


def is_link(source) -> bool:
    """Whether a source is a web address that may be shown as a link: http(s), a host, and no
    white space, control or quote characters anywhere in it."""
    if not isinstance(source, str) or not source or len(source) > 2000:
        return False
    if any(ch.isspace() or unicodedata.category(ch).startswith("C") or ch in "\"'<>\\`" for ch in source):
        return False
    try:
        parts = urlsplit(source)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and source.lower().startswith(
        ("http://", "https://"))


def source_label(source, width: int = 60) -> str:
    """A source as a short text: the site of a web address (without www.), else the reference,
    shortened to `width` characters."""
    if not isinstance(source, str):
        return ""
    if is_link(source):
        host = urlsplit(source).hostname or source
        return host[4:] if host.startswith("www.") else host
    text = " ".join(source.split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def agrees(share, numerator, denominator) -> bool:
    """Whether a published percentage agrees with its counts as far as its own rounding goes:
    100 × numerator / denominator rounded to the percentage's decimals (within half a unit of
    its last decimal), or cut there (63,48 written 63,4)."""
    if any(v is None or pd.isna(v) for v in (share, numerator, denominator)) or not denominator:
        return True
    exact = 100.0 * float(numerator) / float(denominator)
    d = decimals(share)
    unit = 10.0 ** -d
    cut = math.floor(exact / unit + 1e-9) * unit
    return abs(float(share) - exact) <= unit / 2 + 1e-9 or math.isclose(float(share), cut, abs_tol=1e-9)


def share_mismatches(figures: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Published percentages that disagree with their own counts (same area and "as of"):
    the percentage's row with the counts used and the percentage they make.

    `figures`: rows of published_figures; `measures`: rows of published_measures (a measure with
    a numerator and a denominator is a percentage of those two). Counts from the percentage's
    own source are used when there are; else those of any source (the first by source)."""
    cols = ["as_of", "area_code", "measure", "source", "value", "numerator", "denominator", "n", "d", "expected"]
    if figures.empty or measures.empty:
        return pd.DataFrame(columns=cols)
    ratios = measures.dropna(subset=["numerator", "denominator"])
    ratios = ratios[(ratios["numerator"] != "") & (ratios["denominator"] != "")]
    found = []
    by_key = {k: g for k, g in figures.groupby(["area_code", "as_of"], sort=False)}
    for r in ratios.itertuples():
        shares = figures[figures["measure"] == r.measure_id]
        for s in shares.itertuples():
            group = by_key.get((s.area_code, s.as_of))
            pick = {}
            for part, measure in (("n", r.numerator), ("d", r.denominator)):
                rows = group[group["measure"] == measure].sort_values("source")
                same = rows[rows["source"] == s.source]
                pick[part] = (same if len(same) else rows)["value"].iloc[0] if len(rows) else None
            if pick["n"] is None or pick["d"] is None or agrees(s.value, pick["n"], pick["d"]):
                continue
            found.append((s.as_of, s.area_code, s.measure, s.source, s.value, r.numerator, r.denominator,
                          pick["n"], pick["d"], 100.0 * pick["n"] / pick["d"]))
    return pd.DataFrame(found, columns=cols)


# -- the collected list (area level and name) as the dataset's canonical rows ----------------
REFERENCE_MEASURES = {"district_completed": "districts_completed"}
_GSO_CODE = re.compile(r"\[GSO (\d+)\]\s*$")


def from_reference(rows: pd.DataFrame, province_code: str) -> pd.DataFrame:
    """The collected list of published figures (columns area_level, area_name, as_of, measure,
    value, source) as rows of published_figures: the country as VN, the province by its code, a
    district by the statistics office's code in its name ("… [GSO 164]"); a date written with a
    remark ("2019-10 (GSO pull)") or as a span ("2010-2020": its last year) keeps what was
    written in the note."""
    out = []
    for r in rows.itertuples():
        level = r.area_level.strip()
        if level == "national":
            code = COUNTRY_CODE
        elif level == "province":
            code = province_code
        else:
            m = _GSO_CODE.search(r.area_name)
            if not m:
                raise ValueError(f"no code in {r.area_name!r}")
            code = m[1]
        written = r.as_of.strip()
        bare = re.sub(r"\s*\(.*\)\s*$", "", written)
        span = re.fullmatch(r"(\d{4})-(\d{4})", bare)
        as_of, problem = parse_as_of(span[2] if span else bare)
        if problem:
            raise ValueError(f"as_of {written!r}: {problem}")
        note = "" if written == as_of else t("published.note.as_written", "vi", written=written)
        out.append((as_of, code, REFERENCE_MEASURES.get(r.measure, r.measure), r.value, r.source, note))
    return pd.DataFrame(out, columns=["as_of", "area_code", "measure", "value", "source", "note"])


def beside_markdown(line: dict, lang: str) -> str:
    """One line of the side-by-side (findings.published_beside) as Markdown for a page: a warning
    or a check mark, the sentence and its source, names from data shown as written."""
    from .text import md_literal

    icon = ":orange[:material/warning:]" if line["flagged"] else ":green[:material/check:]"
    return f"{icon} {md_literal(line['text'])} · {md_literal(_beside_source(line, lang))}"


def beside_html(line: dict, lang: str) -> str:
    """The same line as HTML, for a block of plain text: the mark a coloured symbol, every text escaped."""
    mark = "<span class='ntm-flag'>⚠</span>" if line["flagged"] else "<span class='ntm-check'>✓</span>"
    return f"{mark} {html.escape(line['text'])} · {html.escape(_beside_source(line, lang))}"


def _beside_source(line: dict, lang: str) -> str:
    from .i18n import t

    return t("published.beside.source", lang, source=source_label(line["source"], 50))

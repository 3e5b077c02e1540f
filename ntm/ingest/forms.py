"""The offices' own forms read as they are: a grid of sheets → how it was read, and a long table.

Three shapes, each one row per commune under a header of one to three rows:

- the commune × criterion summary form ("Biểu tổng hợp kết quả thực hiện Bộ tiêu chí … năm YYYY"):
  a column per criterion (numbered, or by short name), a mark where it is met → ``criteria_status``;
- the per-commune summary (``Tên xã | Số tiêu chí đạt | Năm đạt chuẩn | Số quyết định``)
  → ``commune_summaries``;
- the list of recognition decisions ("Danh sách xã đạt chuẩn NTM năm 2019": commune, decision
  number and date, level) → ``commune_recognitions``.

Around the table: title lines (the year from "năm YYYY", else the sheet's name), district rows
(Roman numerals, "Huyện Định Hóa") that make a commune's name unambiguous, total rows, blank
rows and signature lines — each skipped with its reason. A workbook is read sheet by sheet,
each with its own year. The reading (`FormReading`) says which rows made the header, which
column is which criterion, which rows were skipped and why and how each mark was read; what it
cannot place (a column, a mark) is listed for the analyst to map, and a saved mapping (a form
profile) answers those questions for the next file of the same shape. The office's own
cross-checks — its "Số tiêu chí đạt" against its marks, total and district rows against their
communes, communes missing, twice or under another district — become warnings with row and
column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from .errors import Count, Problem, refuse
from .marks import BASIC, MET, NOT_MET, status_of, mark_key
from .read import Table
from .values import fold, name_key
from .workbook import Sheet
from .xlsx import _column_number, column_letters

FORM_DATASETS = ("criteria_status", "commune_summaries", "commune_recognitions")
MAX_LISTED = 200
HEADER_SCAN = 40          # rows searched for the header
LEVELS = ("dat_chuan", "nang_cao", "kieu_mau")

_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_YEAR_SHEET = re.compile(r"^(?:nam\s*)?((?:19|20)\d\d)$")
_YEAR_TITLE = re.compile(r"\bnam\s+((?:19|20)\d\d)\b")
_YEAR_ANY = re.compile(r"\b((?:19|20)\d\d)\b")
_CRITERION = re.compile(r"^(?:tc|tieu chi)?\s*(?:so\s*)?(\d{1,2})(?:\s*[.):]\s*.*)?$")
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-]((?:19|20)\d\d)|((?:19|20)\d\d)-(\d{2})-(\d{2})")
_SIGNATURE = ("nguoi lap", "lap bieu", "ky ten", "ky, ghi ro", "ky ghi ro", "giam doc", "chu tich", "truong phong",
              "xac nhan", "noi nhan", "tm ubnd", "tm. ", "kt. ", "kt giam doc", "pho giam doc", "thu truong")
_TOTAL = ("tong cong", "toan tinh", "tong so", "tong", "cong", "toan huyen", "cong huyen", "ca tinh")
_DISTRICT_PREFIX = ("huyen ", "thi xa ", "thanh pho ", "tp ", "tp. ", "tx ", "tx. ", "quan ")
# Header words of the columns other than criteria, tried in this order on a column's header text.
_ROLES = (
    ("stt", ("stt", "tt", "so tt", "so thu tu")),
    ("code", ("ma xa", "ma dvhc", "ma don vi", "ma", "ma so")),
    ("district", ("huyen", "ten huyen", "don vi cap huyen", "huyen, thanh pho, thi xa", "huyen thanh pho thi xa")),
    ("count", ("so tieu chi dat", "tong so tieu chi dat", "so tc dat", "tieu chi dat", "so tieu chi da dat",
               "tong so tieu chi", "tong tieu chi dat", "so tieu chi")),
    ("recognised_year", ("nam dat chuan", "nam cong nhan", "nam dat", "nam duoc cong nhan")),
    ("decision_date", ("ngay quyet dinh", "ngay qd", "ngay ky", "ngay ban hanh", "ngay")),
    ("decision", ("so quyet dinh", "quyet dinh", "so qd", "qd cong nhan", "quyet dinh cong nhan", "so")),
    ("level", ("muc dat chuan", "muc do", "cap do", "muc", "loai", "muc do dat chuan", "muc dat")),
    ("note", ("ghi chu",)),
    ("name", ("ten xa", "don vi", "xa", "ten don vi", "dia ban", "ten xa, phuong, thi tran", "xa, phuong, thi tran",
              "ten xa phuong thi tran", "xa phuong thi tran", "ten", "don vi hanh chinh")),
)
ROLES = tuple(r for r, _ in _ROLES) + ("ignore",)


@dataclass
class Places:
    """What a form's names are matched against: the active version's units and criteria."""
    districts: dict[str, str]            # code -> name
    communes: dict[str, str]             # code -> name
    commune_district: dict[str, str]     # commune code -> district code
    criteria: dict[int, str]             # id -> Vietnamese name (of any set)
    other_names: tuple[tuple[int, str], ...] = ()  # (id, name) of the other sets' criteria
    set_sizes: dict[int, int] | None = None        # year -> criteria in the set in force that year
    # Every unit as (code, name, district, first year, last year): a code may be reused, a name
    # borne by units of different years; without it, `communes` holds for every year.
    units: tuple[tuple[str, str, str | None, int, int], ...] = ()

    def in_year(self, codes: list[str], key: str, year: int | None) -> list[str]:
        """The codes borne in `year` by a unit of the name `key` (all of them when the year is unknown)."""
        if year is None:
            return codes
        return [c for c in codes if any(a <= year <= b for a, b in self.spans.get((c, key), [(0, 9999)]))]

    def size(self, year: int | None) -> int:
        """How many criteria a form of `year` lists (the set in force that year)."""
        return (self.set_sizes or {}).get(year, len(self.criteria)) if year else len(self.criteria)

    def __post_init__(self):
        self.district_keys: dict[str, list[str]] = {}
        for code, name in self.districts.items():
            self.district_keys.setdefault(name_key(name), []).append(code)
        self.commune_keys: dict[tuple[str | None, str], list[str]] = {}
        self.spans: dict[tuple[str, str], list[tuple[int, int]]] = {}  # (code, name key) -> years
        rows = self.units or tuple((c, n, self.commune_district.get(c), 0, 9999) for c, n in self.communes.items())
        for code, name, district, first, last in rows:
            self.spans.setdefault((code, name_key(name)), []).append((first, last))
            for d in (district, None):
                codes = self.commune_keys.setdefault((d, name_key(name)), [])
                if code not in codes:
                    codes.append(code)
        self.criterion_keys = {fold(n): i for i, n in self.other_names}
        self.criterion_keys.update({fold(n): i for i, n in self.criteria.items()})
        self.code_width = max((len(c) for c in self.communes if c.isdigit()), default=5)


@dataclass
class Options:
    year: int | None = None              # the year when neither title nor sheet name gives one
    profile: dict | None = None          # a saved form profile: {"columns": {...}, "marks": {...}}
    sheet: str | None = None


@dataclass
class SheetReading:
    sheet: str
    kind: str = ""
    year: int | None = None
    year_from: str = ""                   # "sheet", "title", "given"
    title: list[str] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    columns: list[dict] = field(default_factory=list)   # {"column", "header", "role", "criterion", "from"}
    skipped: list[dict] = field(default_factory=list)   # {"row", "reason", "text"}
    communes: int = 0
    marks: dict[str, dict] = field(default_factory=dict)  # mark as written -> {"status", "cells"}
    meeting: int = 0                      # communes meeting every criterion of the form

    def to_dict(self) -> dict:
        return {"sheet": self.sheet, "kind": self.kind, "year": self.year, "year_from": self.year_from,
                "title": self.title, "header_rows": self.header_rows, "columns": self.columns,
                "skipped": self.skipped, "communes": self.communes, "marks": self.marks, "meeting": self.meeting}


@dataclass
class FormReading:
    dataset: str
    sheets: list[SheetReading] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unknown_marks: dict[str, int] = field(default_factory=dict)     # mark as written -> cells
    unknown_columns: list[dict] = field(default_factory=list)       # {"sheet", "column", "header", "key"}
    table: Table | None = None

    def to_dict(self) -> dict:
        return {"dataset": self.dataset, "sheets": [s.to_dict() for s in self.sheets],
                "unknown_marks": self.unknown_marks, "unknown_columns": self.unknown_columns}


def _text(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""


def _column_key(header: str, index: int) -> str:
    """How a profile names a column: its header text, or its letter when it has none."""
    return fold(header) if header else "@" + column_letters(index + 1)


def _criterion_of(text: str, places: Places) -> int | None:
    key = fold(text)
    if not key:
        return None
    m = _CRITERION.match(key)
    if m and int(m.group(1)) in places.criteria:
        return int(m.group(1))
    if key in places.criterion_keys:
        return places.criterion_keys[key]
    for name, cid in places.criterion_keys.items():  # a short name: "Môi trường" for "Môi trường và an toàn …"
        if len(key) >= 4 and (name.startswith(key + " ") or key.startswith(name + " ")):
            return cid
    return None


def _criteria_row(rows: list[tuple[int, list[str]]], places: Places, mapped: dict[str, object]) -> int | None:
    """Index (in `rows`) of the header row naming the most criteria (3 at least), the lower on a tie."""
    best, best_n = None, 3
    for idx, (_, cells) in enumerate(rows[:HEADER_SCAN]):
        found = set()
        for i, c in enumerate(cells):
            target = mapped.get(_column_key(c, i)) if c else None
            cid = target if isinstance(target, int) else _criterion_of(c, places) if c else None
            if cid is not None:
                found.add(cid)
        if len(found) >= best_n:
            best, best_n = idx, len(found)
    return best


def _role_of(header: str) -> str | None:
    key = fold(header).strip(" :")
    key = re.sub(r"\(.*?\)", "", key).strip()
    for role, words in _ROLES:
        if key in words:
            return role
    for role, words in _ROLES:  # "Tên xã (phường, thị trấn)", "Số tiêu chí đạt (tiêu chí)"
        if any(len(w) > 3 and key.startswith(w + " ") for w in words):
            return role
    return None


def _header_start(rows, crit_idx: int | None, last: int) -> int:
    """The first header row: up to three rows above the last one, while they hold header words."""
    start = last
    for idx in range(last - 1, max(last - 3, 0) - 1, -1):
        cells = rows[idx][1]
        words = [fold(c) for c in cells if c]
        if not words:
            break
        if any(_role_of(c) for c in cells if c) or any(w.startswith("nhom") or w.startswith("tieu chi")
                                                        for w in words) or len(words) >= 3:
            start = idx
        else:
            break
    return start


def _own_texts(rows, start: int, last: int, width: int) -> list[str]:
    """Each column's own header text: its lowest header cell with a value (a merged cell's value
    stands in its top cell)."""
    own = [""] * width
    for idx in range(start, last + 1):
        for i, c in enumerate(rows[idx][1][:width]):
            if c:
                own[i] = c
    return own


def _header_texts(rows, start: int, last: int, width: int) -> list[str]:
    """Each column's header text over the header rows, a merged (blank) cell taking the text on
    its left in rows above the last (a group spanning its columns)."""
    texts = [[] for _ in range(width)]
    for idx in range(start, last + 1):
        cells = rows[idx][1] + [""] * (width - len(rows[idx][1]))
        filled = list(cells)
        if idx < last:
            below = rows[last][1] + [""] * (width - len(rows[last][1]))
            for i in range(1, width):
                if not filled[i] and filled[i - 1] and below[i]:
                    filled[i] = filled[i - 1]
        for i, c in enumerate(filled):
            if c and (not texts[i] or texts[i][-1] != c):
                texts[i].append(c)
    return [" ".join(t) for t in texts]


def _is_numbering(cells: list[str]) -> bool:
    """A row numbering the columns: "(1) (2) (3)…", "1 2 3…" or "A B 1 2…" from the first column."""
    values = [fold(c).strip("()") for c in cells if c]
    if len(values) < 3 or len(values) < len(cells) * 0.6:
        return False
    digits = [v for v in values if v.isdigit()]
    return len(digits) >= len(values) - 2 and all(int(b) == int(a) + 1 for a, b in zip(digits, digits[1:]))


def _year_of(sheet: Sheet, title: list[str], options: Options) -> tuple[int | None, str, int | None]:
    """(year, where it came from, the title's year when it disagrees with the sheet's name)."""
    from_sheet = _YEAR_SHEET.match(fold(sheet.name))
    from_title = next((int(m.group(1)) for t in title for m in [_YEAR_TITLE.search(fold(t))] if m), None)
    if from_title is None:
        from_title = next((int(m.group(1)) for t in title for m in [_YEAR_ANY.search(fold(t))] if m), None)
    if options.year is not None:
        return options.year, "given", None
    if from_sheet:
        year = int(from_sheet.group(1))
        return year, "sheet", from_title if from_title not in (None, year) else None
    if from_title is not None:
        return from_title, "title", None
    return None, "", None


def _number(text: str) -> int | None:
    t = text.replace(" ", "")
    return int(float(t.replace(",", "."))) if re.fullmatch(r"\d+([.,]0+)?", t) else None


def _decision_date(text: str) -> str:
    m = _DATE.search(text)
    if not m:
        return ""
    if m.group(3):
        return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return f"{m.group(4)}-{m.group(5)}-{m.group(6)}"


def _level_of(text: str, title: str) -> str:
    key = fold(text) or fold(title)
    if "kieu mau" in key:
        return "kieu_mau"
    if "nang cao" in key:
        return "nang_cao"
    return "dat_chuan"


class _Reader:
    def __init__(self, dataset: str, places: Places, options: Options):
        self.dataset, self.places, self.options = dataset, places, options
        self._year: int | None = None  # the year of the sheet being read
        profile = options.profile or {}
        self.mapped_columns: dict[str, object] = {k: (int(v) if str(v).isdigit() else v)
                                                  for k, v in (profile.get("columns") or {}).items()}
        self.mapped_marks: dict[str, str] = {mark_key(k): v for k, v in (profile.get("marks") or {}).items()}
        self.reading = FormReading(dataset)
        self.seen: dict[tuple[int, str], tuple[str, int]] = {}   # (year, commune) -> (sheet, row)
        self.out: dict[str, list] = {}
        self.rownums: list[int] = []
        self.listed = 0

    def problem(self, severity: str, code: str, sheet: str, row: int | None, column: str | None,
                value: str | None, **params) -> None:
        target = self.reading.problems if severity == "error" else self.reading.warnings
        if len(target) < MAX_LISTED:
            target.append(Problem(code, row=row, column=column, value=value, params=params, sheet=sheet))

    # -- one sheet ---------------------------------------------------------------------------
    def sheet(self, sheet: Sheet) -> None:
        rows = sheet.rows
        r = SheetReading(sheet.name)
        if not rows:
            return
        crit_idx = _criteria_row(rows, self.places, self.mapped_columns)
        if crit_idx is None:  # a summary or a list: the header is the row with a name column
            crit_idx_roles = next((i for i, (_, cells) in enumerate(rows[:HEADER_SCAN])
                                   if sum(1 for c in cells if c and _role_of(c)) >= 2), None)
            if crit_idx_roles is None:
                self.problem("error", "form_no_header", sheet.name, rows[0][0], None, None)
                self.reading.sheets.append(r)
                return
            last = crit_idx_roles
            # A second header row under a merged one ("Quyết định công nhận" over "Số | Ngày").
            while last + 1 < len(rows) and all(not c or _role_of(c) for c in rows[last + 1][1]):
                last += 1
        else:
            last = crit_idx
        start = _header_start(rows, crit_idx, last)
        width = max(len(c) for _, c in rows)
        headers = _header_texts(rows, start, last, width)
        own = _own_texts(rows, start, last, width)
        r.header_rows = [rows[i][0] for i in range(start, last + 1)]
        r.title = [" ".join(c for c in cells if c) for _, cells in rows[:start]]
        for n, cells in rows[:start]:
            r.skipped.append({"row": n, "reason": "title", "text": " ".join(c for c in cells if c)[:120]})
        # Each column: a criterion, a role, or unknown.
        crit_cols: dict[int, int] = {}
        roles: dict[str, int] = {}
        last_cells = rows[last][1]
        for i in range(width):
            header = headers[i]
            key = _column_key(header, i)
            target = self.mapped_columns.get(key)
            how = "profile" if target is not None else "header"
            if target is None:
                cid = _criterion_of(_text(last_cells, i), self.places) if crit_idx is not None else None
                target = cid if cid is not None else (_role_of(own[i]) or _role_of(header)) if header else None
                if target is None and header and crit_idx is not None:
                    target = _criterion_of(header, self.places)
            if isinstance(target, int):
                if target in crit_cols.values():
                    self.problem("error", "form_criterion_twice", sheet.name, rows[last][0],
                                 column_letters(i + 1), header, criterion=target)
                    continue
                crit_cols[i] = target
            elif target in ROLES and target != "ignore":
                roles.setdefault(target, i)
            r.columns.append({"column": column_letters(i + 1), "header": header,
                              "role": "criterion" if isinstance(target, int) else target or "unknown",
                              "criterion": target if isinstance(target, int) else None, "from": how})
        if "name" not in roles and "code" not in roles:
            # No "Tên xã" header: the first text column left of the criteria.
            left = min(crit_cols) if crit_cols else width
            for i in range(left):
                if i not in roles.values() and any(_text(c, i) and not _text(c, i).isdigit()
                                                   for _, c in rows[last + 1:last + 20]):
                    roles["name"] = i
                    r.columns[i].update(role="name", **{"from": "values"})
                    break
        r.kind = ("criteria_status" if crit_cols else
                  "commune_recognitions" if ("decision" in roles or "level" in roles) and "count" not in roles else
                  "commune_summaries")
        if r.kind != self.dataset:
            self.problem("error", "form_other_kind", sheet.name, rows[last][0], None, None,
                         kind=r.kind, dataset=self.dataset)
            self.reading.sheets.append(r)
            return
        year, year_from, other = _year_of(sheet, r.title, self.options)
        r.year, r.year_from = year, year_from
        for col in r.columns:
            if col["role"] == "unknown" and (col["header"] or any(_text(c, _column_number(col["column"]) - 1) for _, c in rows[last + 1:])):
                self.reading.unknown_columns.append({"sheet": sheet.name, "column": col["column"],
                                                     "header": col["header"],
                                                     "key": _column_key(col["header"], _column_number(col["column"]) - 1)})
                # On a criteria form with a criterion missing, the column may be it: asked, never dropped.
                missing = r.kind == "criteria_status" and len(crit_cols) < self.places.size(year)
                self.problem("error" if missing else "warning", "form_unknown_column", sheet.name, rows[last][0],
                             col["column"], col["header"] or "–")
        if other is not None:
            self.problem("warning", "form_year_differs", sheet.name, None, None, sheet.name, sheet_year=year,
                         title_year=other)
        if year is None and r.kind != "commune_recognitions":
            self.problem("error", "form_no_year", sheet.name, None, None, None)
        self._body(sheet, rows[last + 1:], r, crit_cols, roles, " ".join(r.title))
        self.reading.sheets.append(r)

    # -- the rows under the header -----------------------------------------------------------
    def _body(self, sheet: Sheet, rows, r: SheetReading, crit_cols: dict[int, int], roles: dict[str, int],
              title: str) -> None:
        self._year = r.year  # names are matched among the units of the form's year
        name_col, code_col, stt_col = roles.get("name"), roles.get("code"), roles.get("stt")
        district: str | None = None
        district_row: tuple[int, list[str]] | None = None
        footer = False
        under: dict[str | None, list[dict]] = {}   # district row's code -> the communes read under it
        district_rows: list[tuple[str, int, list[str]]] = []
        totals: list[tuple[int, list[str], str | None]] = []
        communes: list[dict] = []
        previous = rows[0][0] - 1 if rows else 0
        for n, cells in rows:
            for gap in range(previous + 1, n):
                if not footer:
                    r.skipped.append({"row": gap, "reason": "blank", "text": ""})
            previous = n
            joined = " ".join(c for c in cells if c)
            folded = fold(joined)
            name = _text(cells, name_col)
            code = _text(cells, code_col)
            stt = fold(_text(cells, stt_col))
            label = fold(name or code or joined)
            if footer or (communes and any(w in folded for w in _SIGNATURE)) or re.search(
                    r"\bngay\b.*\bthang\b.*\bnam\b", folded) and communes:
                footer = True
                r.skipped.append({"row": n, "reason": "signature", "text": joined[:120]})
                continue
            if _is_numbering(cells):
                r.skipped.append({"row": n, "reason": "numbering", "text": joined[:120]})
                continue
            if any(label == w or label.startswith(w + " ") or label.startswith(w + ":") for w in _TOTAL):
                own = None
                if label.startswith(("toan huyen", "cong huyen")):
                    own = district
                totals.append((n, cells, own))
                r.skipped.append({"row": n, "reason": "total", "text": joined[:120]})
                continue
            found_district = self._district(name or joined, stt, bool(code), cells, crit_cols)
            if found_district is not False:
                district = found_district
                district_row = (n, cells)
                if district is None:
                    self.problem("warning", "form_unknown_district", sheet.name, n,
                                 column_letters((name_col or 0) + 1), name or joined)
                else:
                    district_rows.append((district, n, cells))
                under.setdefault(district, [])
                r.skipped.append({"row": n, "reason": "district", "text": joined[:120]})
                continue
            if not name and not code:
                r.skipped.append({"row": n, "reason": "blank", "text": joined[:120]})
                continue
            commune = self._commune(sheet.name, n, name, code, name_col, code_col, district)
            if commune is None:
                continue
            r.communes += 1
            entry = {"row": n, "code": commune, "cells": cells}
            communes.append(entry)
            under.setdefault(district, []).append(entry)
            if district and district_row and self.places.commune_district.get(commune) not in (None, district):
                self.problem("warning", "form_wrong_district", sheet.name, n,
                             column_letters((name_col if name_col is not None else code_col or 0) + 1),
                             name or code, district=self.places.districts.get(district, district),
                             actual=self.places.districts.get(self.places.commune_district[commune], ""))
            if r.year is not None or r.kind == "commune_recognitions":
                key = (r.year or 0, commune)
                if key in self.seen:
                    first_sheet, first_row = self.seen[key]
                    self.problem("error", "form_commune_twice", sheet.name, n,
                                 column_letters((name_col if name_col is not None else code_col or 0) + 1),
                                 name or code, first=first_row, first_sheet=first_sheet)
                    continue
                self.seen[key] = (sheet.name, n)
            if r.kind == "criteria_status":
                self._marks(sheet.name, n, cells, commune, r, crit_cols, roles)
            elif r.year is not None or r.kind == "commune_recognitions":
                self._summary(sheet.name, n, cells, commune, r, roles, title)
        if r.kind == "criteria_status" and r.year is not None:
            self._cross_checks(sheet.name, r, crit_cols, communes, under, district_rows, totals)

    def _district(self, text: str, stt: str, has_code: bool, cells, crit_cols) -> str | None | bool:
        """The district a row names (None: a district row not found), or False for another row."""
        key = fold(text)
        prefixed = key.startswith(_DISTRICT_PREFIX)
        roman = bool(stt) and bool(_ROMAN.match(stt))
        codes = self.places.district_keys.get(name_key(text), [])
        # A commune's row has marks ("x", "Đạt"); a district's row holds counts or nothing.
        marks = any(_number(_text(cells, i)) is None and status_of(_text(cells, i)) == MET for i in crit_cols)
        if prefixed and not key.startswith(("xa ", "phuong ", "thi tran ")) and (codes or roman):
            return codes[0] if len(codes) == 1 else None
        if roman and not has_code:
            return codes[0] if len(codes) == 1 else None
        if codes and not marks and not has_code and name_key(text) not in {k for _, k in self.places.commune_keys}:
            return codes[0] if len(codes) == 1 else None
        return False

    def _commune(self, sheet: str, n: int, name: str, code: str, name_col, code_col, district) -> str | None:
        places = self.places
        if code:
            if code.isdigit() and len(code) < places.code_width:
                code = code.zfill(places.code_width)
            if code in places.communes:
                return code
            self.problem("error", "form_unknown_code", sheet, n, column_letters((code_col or 0) + 1), code)
            return None
        key = name_key(name)
        codes = places.in_year(places.commune_keys.get((district, key), []), key, self._year) if district else None
        if not codes:
            codes = places.in_year(places.commune_keys.get((None, key), []), key, self._year)
        if len(codes) == 1:
            return codes[0]
        column = column_letters((name_col or 0) + 1)
        if len(codes) > 1:
            names = ", ".join(f"{places.communes[c]} ({places.districts.get(places.commune_district.get(c), '')})"
                              for c in sorted(codes))
            self.problem("error", "form_ambiguous_commune", sheet, n, column, name, names=names)
        else:
            import difflib

            pool = [places.communes[c] for (d, _), cs in places.commune_keys.items() if d == district
                    for c in cs] if district else list(places.communes.values())
            close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
            self.problem("error", "form_unknown_commune", sheet, n, column, name, suggestions=", ".join(close) or "–")
        return None

    def _add(self, n: int, **values) -> None:
        for k, v in values.items():
            self.out.setdefault(k, []).append(v)
        self.rownums.append(n)

    def _marks(self, sheet: str, n: int, cells, commune: str, r: SheetReading, crit_cols, roles) -> None:
        met = 0
        statuses = []
        for i, cid in crit_cols.items():
            raw = _text(cells, i)
            status = status_of(raw, self.mapped_marks)
            entry = r.marks.setdefault(raw, {"status": status, "cells": 0})
            entry["cells"] += 1
            if status is None:
                self.reading.unknown_marks[raw] = self.reading.unknown_marks.get(raw, 0) + 1
                self.problem("error", "form_unknown_mark", sheet, n, f"{column_letters(i + 1)} ({cid})", raw)
                statuses.append(None)
                continue
            met += status == MET
            statuses.append(status)
            self._add(n, year=str(r.year), commune_code=commune, criterion_id=str(cid),
                      met="1" if status == MET else "0", status=status if status == BASIC else "")
        if all(s == MET for s in statuses):
            r.meeting += 1
        count = _text(cells, roles.get("count"))
        if count and None not in statuses:
            stated = _number(count)
            if stated is None or stated != met:
                self.problem("warning", "form_count_differs", sheet, n, column_letters(roles["count"] + 1), count,
                             stated=count, marks=Count(met))

    def _summary(self, sheet: str, n: int, cells, commune: str, r: SheetReading, roles, title: str) -> None:
        decision = _text(cells, roles.get("decision"))
        date = _decision_date(_text(cells, roles.get("decision_date")) or decision)
        recognised = _text(cells, roles.get("recognised_year"))
        if r.kind == "commune_summaries":
            count = _text(cells, roles.get("count"))
            self._add(n, year=str(r.year), commune_code=commune, criteria_met=count,
                      recognised_year=recognised, decision=decision)
        else:
            year = recognised or (date[:4] if date else str(r.year or ""))
            if not year:
                self.problem("error", "form_no_year", sheet, n, None, None)
                return
            self._add(n, commune_code=commune, level=_level_of(_text(cells, roles.get("level")), title), year=year,
                      decision=decision, decision_date=date)

    def _cross_checks(self, sheet, r, crit_cols, communes, under, district_rows, totals) -> None:
        def met_count(entries, i):
            return sum(1 for e in entries if status_of(_text(e["cells"], i), self.mapped_marks) == MET)

        checks = [(n, cells, communes) for n, cells, own in totals if own is None]
        checks += [(n, cells, under.get(own, [])) for n, cells, own in totals if own is not None]
        checks += [(n, cells, under.get(d, [])) for d, n, cells in district_rows]
        for n, cells, entries in checks:
            for i, cid in crit_cols.items():
                stated = _number(_text(cells, i))
                if stated is None:
                    continue
                counted = met_count(entries, i)
                if stated != counted:
                    self.problem("warning", "form_sum_differs", sheet, n, f"{column_letters(i + 1)} ({cid})",
                                 _text(cells, i), stated=_text(cells, i), counted=Count(counted))


COLUMNS = {
    "criteria_status": ["year", "commune_code", "criterion_id", "met", "status"],
    "commune_summaries": ["year", "commune_code", "criteria_met", "recognised_year", "decision"],
    "commune_recognitions": ["commune_code", "level", "year", "decision", "decision_date"],
}


def read_form(sheets: list[Sheet], dataset: str, places: Places, options: Options) -> FormReading:
    """Read every sheet of a form; the long table in `reading.table` (None when nothing was read)."""
    reader = _Reader(dataset, places, options)
    for sheet in sheets:
        reader.sheet(sheet)
    reading = reader.reading
    if not any(s.communes for s in reading.sheets) and not reading.problems:
        raise refuse("form_no_communes")
    names = COLUMNS[dataset]
    columns = [pa.array(reader.out.get(c, []), type=pa.string()) for c in names]
    reading.table = Table(names, columns, np.asarray(reader.rownums, dtype=np.int64), [], "", None)
    return reading


__all__ = ["FORM_DATASETS", "LEVELS", "Options", "Places", "FormReading", "read_form", "BASIC", "NOT_MET", "MET", "ROLES"]

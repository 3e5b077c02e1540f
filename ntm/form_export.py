"""The office's own form written back out: the commune × criterion table of a year as XLSX.

The shape the offices keep and the importer reads (``ingest.forms``): the issuing body and the
title with the province and year above a two-row header — the criteria groups merged over their
criteria, the criterion numbers below, STT / Tên xã / Mã xã / Số tiêu chí đạt / Ghi chú merged
down —, a row per district (Roman numeral, its counts per criterion) before its communes, a mark
per criterion (``x`` met, ``CBĐ`` largely met, blank not met), the total row, and the signature
lines. Print-ready: A4 landscape, fitted to the page width, the header rows repeated on every
page. Importing the file back changes nothing.
"""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from . import queries
from .export import neutralise
from .i18n import province, t

MARKS = {"dat": "x", "co_ban_dat": "CBĐ", "chua_dat": None}
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def form_xlsx(con, year: int, districts: list[str] | None = None, lang: str = "vi") -> bytes:
    """XLSX bytes of the summary form of `year` (the chosen districts, or all)."""
    rows = queries.run(con, "form_matrix", year=year, districts=districts or None)
    criteria = queries.run(con, "criteria_by_set", year=year)
    if rows.empty:
        raise ValueError(t("form.export.empty", lang, year=year))
    ids = list(criteria["criterion_id"])
    first = 4                                  # columns A–C: STT, Tên xã, Mã xã
    last = first + len(ids) - 1
    count_col, note_col = last + 1, last + 2
    wb = Workbook()
    ws = wb.active
    ws.title = str(year)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    ws.cell(1, 1, t("form.export.issuer", lang, province=province().upper())).font = bold
    ws.cell(3, 1, t("form.export.title", lang, year=year)).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=note_col)
    ws.cell(3, 1).alignment = Alignment(horizontal="center", wrap_text=True)
    ws.cell(4, 1, t("form.export.subtitle", lang, province=province())).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=4, start_column=1, end_row=4, end_column=note_col)
    h1, h2 = 6, 7
    for col, key in ((1, "form.export.stt"), (2, "form.export.commune"), (3, "form.export.code"),
                     (count_col, "form.export.count"), (note_col, "form.export.note")):
        ws.cell(h1, col, t(key, lang))
        ws.merge_cells(start_row=h1, start_column=col, end_row=h2, end_column=col)
    narrow = set(range(first, last + 1))
    groups = criteria.groupby(["group_id", "group_vi"], sort=True)["criterion_id"].agg(["min", "max"]).reset_index()
    for g in groups.itertuples():
        lo, hi = first + ids.index(g.min), first + ids.index(g.max)
        ws.cell(h1, lo, t("form.export.group", lang, roman=roman(int(g.group_id)), name=g.group_vi))
        if hi > lo:
            ws.merge_cells(start_row=h1, start_column=lo, end_row=h1, end_column=hi)
        else:  # a group of one criterion: its column wide enough for the group's name
            narrow.discard(lo)
    for i, cid in enumerate(ids):
        ws.cell(h2, first + i, int(cid))
    for r in (h1, h2):
        for c in range(1, note_col + 1):
            ws.cell(r, c).font, ws.cell(r, c).alignment, ws.cell(r, c).border = bold, centre, box

    r = h2 + 1
    totals = [0] * len(ids)
    for d_i, (code, district) in enumerate(rows[["district_code", "district_name"]].drop_duplicates().itertuples(
            index=False), start=1):
        block = rows[rows["district_code"] == code]
        ws.cell(r, 1, roman(d_i)).font = bold
        ws.cell(r, 2, neutralise(district)).font = bold
        for i, cid in enumerate(ids):
            n = int((block[(block["criterion_id"] == cid)]["status"] == "dat").sum())
            ws.cell(r, first + i, n).font = bold
            totals[i] += n
        _boxed(ws, r, note_col, box)
        r += 1
        for n, (commune, name, met) in enumerate(block[["commune_code", "commune_name", "criteria_met"]]
                                                 .drop_duplicates().itertuples(index=False), start=1):
            marks = dict(zip(block.loc[block["commune_code"] == commune, "criterion_id"],
                             block.loc[block["commune_code"] == commune, "status"]))
            ws.cell(r, 1, n)
            ws.cell(r, 2, neutralise(name))
            ws.cell(r, 3, str(commune)).number_format = "@"
            for i, cid in enumerate(ids):
                ws.cell(r, first + i, MARKS.get(marks.get(cid, "chua_dat"))).alignment = centre
            ws.cell(r, count_col, int(met)).alignment = centre
            _boxed(ws, r, note_col, box)
            r += 1
    ws.cell(r, 2, t("form.export.total", lang)).font = bold
    for i, n in enumerate(totals):
        ws.cell(r, first + i, n).font = bold
    _boxed(ws, r, note_col, box)
    ws.cell(r + 2, count_col - 6, t("form.export.place_date", lang, province=province(), year=year))
    ws.cell(r + 3, 2, t("form.export.preparer", lang)).font = bold
    ws.cell(r + 3, count_col - 6, t("form.export.signer", lang)).font = bold

    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 5, 24, 8
    for i in range(len(ids)):
        ws.column_dimensions[get_column_letter(first + i)].width = 4.5 if first + i in narrow else 11
    ws.column_dimensions[get_column_letter(count_col)].width = 9
    ws.column_dimensions[get_column_letter(note_col)].width = 12
    ws.row_dimensions[h1].height = 48
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{h1}:{h2}"
    ws.freeze_panes = ws.cell(h2 + 1, first)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _boxed(ws, r: int, last: int, box) -> None:
    for c in range(1, last + 1):
        ws.cell(r, c).border = box

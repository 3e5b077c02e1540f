"""Offices' forms as the tests need them: a grid of cells (title, a grouped header, district rows,
communes, a total row, signatures) and writers for XLSX, XLS, ODS and CSV made by libraries.

A commune is (name, marks): one mark per criterion 1–19 as the office writes it.
"""
from __future__ import annotations

import io

GROUPS = [("Nhóm I: Quy hoạch", 1, 1), ("Nhóm II: Hạ tầng kinh tế - xã hội", 2, 9),
          ("Nhóm III: Kinh tế và tổ chức sản xuất", 10, 13), ("Nhóm IV: Văn hóa - Xã hội - Môi trường", 14, 17),
          ("Nhóm V: Hệ thống chính trị", 18, 19)]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
MET_MARKS = {"x", "X", "Đ", "Đạt", "1", "✓"}


def met(marks: list[str]) -> int:
    return sum(1 for m in marks if m in MET_MARKS)


def criteria_form(year: int | None, districts: dict[str, list[tuple[str, list[str]]]], *, codes: dict | None = None,
                  counts: dict | None = None, total: bool = True, title_year: bool = True,
                  district_sums: bool = False) -> tuple[list[list], list[tuple[int, int, int, int]]]:
    """(rows, merges) of a commune × criterion summary form; merges as (row, col, row, col), 0-based.

    `codes` maps a commune name to its code (a code column is added); `counts` overrides the stated
    "Số tiêu chí đạt" of a commune (to test the cross-check)."""
    width = 2 + (1 if codes else 0) + 19 + 2
    first = 2 + (1 if codes else 0)
    blank = lambda: [""] * width  # noqa: E731
    rows, merges = [], []
    rows.append(["UBND TỈNH THÁI NGUYÊN"] + [""] * (width - 1))
    rows.append(["BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MTQG"] + [""] * (width - 1))
    title = "BIỂU TỔNG HỢP KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ QUỐC GIA VỀ XÃ NÔNG THÔN MỚI"
    rows.append([title + (f" NĂM {year}" if title_year and year else "")] + [""] * (width - 1))
    merges.append((2, 0, 2, width - 1))
    rows.append(["(Kèm theo Báo cáo số 215/BC-BCĐ ngày 20/12 của Ban Chỉ đạo)"] + [""] * (width - 1))
    rows.append(blank())
    h1, h2 = blank(), blank()
    h1[0], h1[1] = "STT", "Tên xã"
    merges += [(5, 0, 6, 0), (5, 1, 6, 1)]
    if codes:
        h1[2] = "Mã xã"
        merges.append((5, 2, 6, 2))
    for label, lo, hi in GROUPS:
        h1[first + lo - 1] = label
        if hi > lo:
            merges.append((5, first + lo - 1, 5, first + hi - 1))
    for cid in range(1, 20):
        h2[first + cid - 1] = cid
    h1[first + 19], h1[first + 20] = "Số tiêu chí đạt", "Ghi chú"
    merges += [(5, first + 19, 6, first + 19), (5, first + 20, 6, first + 20)]
    rows += [h1, h2]
    all_communes = []
    for d_i, (district, communes) in enumerate(districts.items()):
        row = blank()
        row[0], row[1] = ROMAN[d_i], district
        if district_sums:
            for cid in range(19):
                row[first + cid] = sum(1 for _, m in communes if m[cid] in MET_MARKS)
        rows.append(row)
        for c_i, (name, marks) in enumerate(communes, start=1):
            row = blank()
            row[0], row[1] = c_i, name
            if codes:
                row[2] = codes[name]
            for cid, mark in enumerate(marks):
                row[first + cid] = mark
            row[first + 19] = (counts or {}).get(name, met(marks))
            rows.append(row)
            all_communes.append(marks)
    if total:
        row = blank()
        row[1] = "Tổng cộng"
        for cid in range(19):
            row[first + cid] = sum(1 for m in all_communes if m[cid] in MET_MARKS)
        rows.append(row)
    rows.append(blank())
    rows.append([""] * (width - 6) + ["Thái Nguyên, ngày 20 tháng 12 năm 2020"] + [""] * 5)
    rows.append(["NGƯỜI LẬP BIỂU"] + [""] * (width - 6) + ["TM. BAN CHỈ ĐẠO"] + [""] * 4)
    return rows, merges


def summary_form(year: int, communes: list[tuple[str, int, str, str]]) -> tuple[list[list], list]:
    """STT | Tên xã | Số tiêu chí đạt | Năm đạt chuẩn | Số quyết định."""
    rows = [[f"BÁO CÁO TỔNG HỢP KẾT QUẢ XÂY DỰNG NÔNG THÔN MỚI NĂM {year}", "", "", "", ""], [""] * 5,
            ["STT", "Tên xã", "Số tiêu chí đạt", "Năm đạt chuẩn", "Số quyết định"]]
    for i, (name, count, recognised, decision) in enumerate(communes, start=1):
        rows.append([i, name, count, recognised, decision])
    rows.append(["", "Tổng cộng", sum(c for _, c, _, _ in communes), "", ""])
    return rows, [(0, 0, 0, 4)]


def recognitions_form(year: int, communes: list[tuple[str, str, str, str]], level_title: str = "") -> tuple[list, list]:
    """Danh sách xã đạt chuẩn NTM: STT | Tên xã | Huyện | Quyết định công nhận (Số | Ngày) | Mức."""
    rows = [[f"DANH SÁCH XÃ ĐẠT CHUẨN NÔNG THÔN MỚI {level_title}NĂM {year}", "", "", "", "", ""], [""] * 6,
            ["STT", "Tên xã", "Huyện", "Quyết định công nhận", "", "Mức đạt chuẩn"],
            ["", "", "", "Số", "Ngày", ""]]
    for i, (name, district, decision, date, *level) in enumerate(communes, start=1):
        rows.append([i, name, district, decision, date, level[0] if level else ""])
    return rows, [(0, 0, 0, 5), (2, 3, 2, 4), (2, 0, 3, 0), (2, 1, 3, 1), (2, 2, 3, 2), (2, 5, 3, 5)]


def xlsx(sheets: dict[str, tuple[list[list], list]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (rows, merges) in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append([None if v == "" else v for v in r])
        for r1, c1, r2, c2 in merges:
            ws.merge_cells(start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xls(sheets: dict[str, tuple[list[list], list]]) -> bytes:
    """Excel 97–2003, written by xlwt (merged cells included)."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for name, (rows, merges) in sheets.items():
        ws = wb.add_sheet(name)
        starts = {(r1, c1): (r1, c1, r2, c2) for r1, c1, r2, c2 in merges}
        inside = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if (r, c) in starts:
                    r1, c1, r2, c2 = starts[(r, c)]
                    ws.write_merge(r1, r2, c1, c2, v)
                elif (r, c) not in inside and v != "":
                    ws.write(r, c, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def ods(sheets: dict[str, tuple[list[list], list]]) -> bytes:
    """LibreOffice's format, written by pandas through odfpy."""
    import pandas as pd

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="odf") as w:
        for name, (rows, _) in sheets.items():
            pd.DataFrame(rows).to_excel(w, sheet_name=name, header=False, index=False)
    return buf.getvalue()


def csv_cp1258(rows: list[list]) -> bytes:
    """As Excel saves CSV on a Vietnamese Windows: ``;`` and Windows-1258 (decomposed tones)."""
    import csv
    import unicodedata

    from ntm.bench.hostile import cp1258

    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return cp1258(unicodedata.normalize("NFC", out.getvalue()))

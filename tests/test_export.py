"""Exports read back with pandas and openpyxl: Vietnamese intact, formulas neutralised."""
import io

import openpyxl
import pandas as pd
import pytest

from ntm.export import to_csv_bytes, to_xlsx_bytes

FRAME = pd.DataFrame({
    "Huyện": ["Huyện Định Hóa", "=HYPERLINK(\"http://x\",\"bấm\")", "+1", "-2+3", "@SUM(A1)", "<script>x</script>"],
    "Tỷ lệ": [0.5, 0.25, None, -0.1, 1.0, 0.0],
})


def test_csv_has_bom_and_reads_back():
    data = to_csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["Huyện", "Tỷ lệ"]
    assert back["Huyện"][0] == "Huyện Định Hóa" and back["Huyện"][5] == "<script>x</script>"
    assert list(back["Huyện"][1:5]) == ["'=HYPERLINK(\"http://x\",\"bấm\")", "'+1", "'-2+3", "'@SUM(A1)"]
    assert back["Tỷ lệ"][3] == -0.1  # numbers are not touched


def test_xlsx_stores_formula_like_text_as_text():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(FRAME, "Dữ liệu")))
    ws = wb.active
    assert ws.title == "Dữ liệu" and ws["A1"].value == "Huyện" and ws["A2"].value == "Huyện Định Hóa"
    for row in range(3, 7):
        assert ws.cell(row, 1).data_type == "s", ws.cell(row, 1).value
    assert ws["A3"].value.startswith("=HYPERLINK")
    assert ws["B4"].value is None and ws["B5"].value == pytest.approx(-0.1)
    back = pd.read_excel(io.BytesIO(to_xlsx_bytes(FRAME)))
    assert back["Huyện"][4] == "@SUM(A1)"

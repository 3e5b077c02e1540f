"""Downloads typed as a spreadsheet opens them: integers, rounded floats, shares, codes, headers."""
import csv
import io

import openpyxl
import pandas as pd
import pytest

from ntm import templates
from ntm.export import stored_csv_bytes, to_csv_bytes, to_xlsx_bytes, typed

from test_targets import pace_store  # noqa: F401  (a store with targets of the province and of districts)

# A small frame as the queries return it (hand-computed: 1/14 = 0.0714…, 11 communes as 11.0).
FRAME = pd.DataFrame({
    "district_code": ["007", "164"], "commune_code": ["00085", "05485"],
    "communes": [11.0, 139.0], "share": [1 / 14, 0.5], "pace": [30.919999999999987, 989.6400000000001],
    "latest_year": [2024.0, 2024.0], "remaining": [3.0, 0.0],
})


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("lang, headers", [
    ("vi", ["Mã huyện", "Mã xã", "Số xã", "Tỷ lệ đạt (%)", "Tốc độ bình quân (xã/năm)", "Năm số liệu mới nhất",
            "Số xã còn lại"]),
    ("en", ["District code", "Commune code", "Communes", "Share meeting (%)", "Mean gain (communes/year)",
            "Latest year", "Communes remaining"]),
])
def test_csv_is_typed_and_headers_in_the_page_language(lang, headers):
    rows = _csv_rows(to_csv_bytes(typed(FRAME, lang)))
    from ntm.i18n import t
    assert rows[0] == [h.replace("Tỷ lệ đạt", t("col.share", "vi")) if lang == "vi" else h for h in headers]
    assert rows[1] == ["007", "00085", "11", "7.1", "30.9", "2024", "3"]
    assert rows[2] == ["164", "05485", "139", "50.0", "989.6", "2024", "0"]


def test_xlsx_cells_are_typed():
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(typed(FRAME, "en"), "x"))).active
    code, commune, communes, share, pace, year = (ws.cell(2, i) for i in range(1, 7))
    assert (code.value, code.data_type) == ("007", "s") and commune.value == "00085"
    assert communes.value == 11 and isinstance(communes.value, int)
    assert isinstance(year.value, int) and year.value == 2024
    assert share.data_type == "n" and share.value == pytest.approx(0.071) and share.number_format == "0.0%"
    assert pace.value == 30.9


def test_numeric_codes_get_their_zeros_back_and_changes_are_points():
    frame = pd.DataFrame({"district_code": [7], "change": [-0.0123]})
    t_ = typed(frame, "vi", kinds={"change": "points"})
    rows = _csv_rows(to_csv_bytes(t_))
    assert rows == [["Mã huyện", "change (điểm %)"], ["007", "-1.2"]]
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(t_))).active
    assert ws["B2"].number_format.startswith("+0.0%") and ws["B2"].value == pytest.approx(-0.012)


def test_rounding_is_half_away_from_zero_as_the_page():
    rows = _csv_rows(to_csv_bytes(typed(pd.DataFrame({"pace": [14.25, -0.05]}), "en")))
    assert [r[0] for r in rows[1:]] == ["14.3", "-0.1"]


def test_formula_like_text_stays_neutralised_in_a_typed_download():
    rows = _csv_rows(to_csv_bytes(typed(pd.DataFrame({"district_name": ["=1+1"], "communes": [2.0]}), "vi")))
    assert rows[1] == ["'=1+1", "2"]


@pytest.mark.parametrize("dataset, numeric, codes", [
    ("criteria_status", ["year", "criterion_id", "met"], ["commune_code"]),
    ("districts", ["lat", "lon"], ["district_code"]),
    ("indicator_values", ["year", "value"], ["area_code"]),
    ("targets", ["year", "target"], ["area_code"]),
])
def test_template_cells_are_typed(dataset, numeric, codes):
    ws = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx(dataset))).active
    header = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(header, ws[2])}
    for name in numeric:
        assert row[name].data_type == "n" and isinstance(row[name].value, (int, float)), name
    for name in codes:
        assert row[name].data_type == "s", name
    assert row.get("commune_code") is None or row["commune_code"].value == "05485"
    csv_row = dict(zip(*_csv_rows(templates.template_csv(dataset))[:2]))
    assert all("." not in csv_row[n] or n in ("lat", "lon", "value") for n in numeric)


def test_stored_booleans_are_written_as_1_and_0(fixture_store):
    rows = _csv_rows(stored_csv_bytes(fixture_store.active(), "criteria_status"))
    met = rows[0].index("met")
    assert {r[met] for r in rows[1:]} == {"0", "1"}


def test_plan_download_holds_numbers(pace_store):
    """ke-hoach: targets and actual values as numbers, shares as numbers with a percent format."""
    from types import SimpleNamespace

    from ntm import queries
    from ntm.store import load_database
    con = load_database(pace_store.active())
    from ntm.mapview import _targets
    f = SimpleNamespace(lang="vi", params={})
    _, _, export = _targets(lambda name, **p: queries.run(con, name, **p), f)
    assert export is not None and len(export) == 9  # the nine targets of the fixture
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(typed(export, "vi")))).active
    cells = [c for row in ws.iter_rows(min_row=2) for c in row]
    assert not any(isinstance(c.value, str) and c.value.rstrip("%").replace(",", "").isdigit() for c in cells)
    header = [c.value for c in ws[1]]
    assert "Kế hoạch (%)" in header
    shares = [r[header.index("Kế hoạch (%)")] for r in ws.iter_rows(min_row=2) if r[header.index("Kế hoạch (%)")].value is not None]
    assert shares and all(c.data_type == "n" and c.number_format == "0.0%" for c in shares)


def test_the_phase_comparison_of_a_share_downloads_percentages(fixture_db):
    """Every commune of the fixture meets the standard by P3's year (2019): 100 % in each district."""
    from ntm import comparison, queries
    from ntm.filters import Filters

    f = Filters(lang="vi", districts=None, phases=("P1", "P3"), district_names=(), phase_names=())
    view = comparison.build(lambda n, **p: queries.run(fixture_db, n, **p), f, "note", (), "share_meeting")
    rows = _csv_rows(to_csv_bytes(typed(view.export, "vi", view.export_kinds)))
    assert rows[0][2:5] == ["2014–2015 (%)", "2018–2019 (%)", "Thay đổi (điểm %)"], rows[0]
    assert sorted(r[3] for r in rows[1:]) == ["100.0", "100.0", "100.0"], rows

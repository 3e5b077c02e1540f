"""Files we write, scanned for live formulas in every cell and header, and read back.

Every download builder (chart data CSV/XLSX, templates, data dictionary, the stored dataset on
the data page) and ``ntm export`` is run on names a hostile upload could have stored; none may
hold a cell a spreadsheet would evaluate, numbers stay numbers, and importing the file again
(through ``ntm.ingest``) gives back the original text.
"""
import csv
import io

import openpyxl
import pandas as pd
import pytest

from conftest import TABLES, write_dataset
from ntm import cli, templates
from ntm.export import stored_csv_bytes, to_csv_bytes, to_xlsx_bytes
from ntm.formula import is_formula_like, quote, unquote
from ntm.ingest import dry_run
from ntm.ingest.read import clean, read_table
from ntm.schema import DATASETS
from ntm.store import Store

# Text a spreadsheet would run, as stored names (after ingest, so without surrounding spaces).
HOSTILE = ['=HYPERLINK("http://x","bấm")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "=1+1",
           "'=already quoted", "''@twice", "- gạch đầu dòng"]
# The same after a leading tab, CR or space (possible in chart data and old files).
SPACED = ["\t=HYPERLINK(\"http://x\")", "\r+cmd|' /C calc'!A0", " =1+1", "\t\r-2+3"]
HARMLESS = ["Huyện Định Hóa", "<script>x</script>", "a=b", "'quoted", "2010-2015", "x@y.vn", ""]


def live_formulas(data: bytes, kind: str) -> list[str]:
    """Cells (headers included) a spreadsheet would evaluate: CSV text cells that are formula-like
    and not plain numbers; XLSX cells stored as formulas, or formula-like text without the
    quote prefix."""
    found = []
    if kind == "csv":
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
            for cell in row:
                try:
                    float(cell)
                except ValueError:
                    if is_formula_like(cell):
                        found.append(cell)
    else:
        wb = openpyxl.load_workbook(io.BytesIO(data))
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f" or (is_formula_like(cell.value) and not cell.quotePrefix):
                        found.append(f"{cell.coordinate}: {cell.value!r}")
    return found


def chart_frame(names: list[str]) -> pd.DataFrame:
    """A chart download shaped like the mobilisation page's: names as rows and as headers."""
    return pd.DataFrame({
        "Huyện": names,
        "Giai đoạn": pd.Categorical(names),
        "Giá trị": [-0.1 * i for i in range(len(names))],
        **{name or "(trống)": [i - 2 for i in range(len(names))] for name in names[:6]},
    })


@pytest.fixture
def hostile_store(tmp_path, monkeypatch) -> Store:
    """A store whose active version holds hostile district, commune, criterion, phase and indicator
    names, and negative numbers. (Ingest trims cells, so stored names never start with white space.)"""
    names = HOSTILE
    districts = [TABLES["districts"][0]] + [
        ["D1", names[0], "Huyện", "-21.5", "-105.8"], ["D2", names[1], "Thành phố", "", ""],
        ["D3", names[2], "Huyện", "", ""]] + [
        [f"X{i}", n, "Huyện", "", ""] for i, n in enumerate(names[3:])]
    communes = [TABLES["communes"][0]] + [[f"C{i}", n, "D1"] for i, n in enumerate(names, 1)]
    criteria = [TABLES["criteria"][0]] + [[str(k), names[k % len(names)], "@en", "1", "+g", "-g"]
                                          for k in range(1, 20)]
    indicators = TABLES["indicators"][:2] + [["models", HOSTILE[3], HOSTILE[0], "=u", "district", "last", "1"]] \
        + TABLES["indicators"][3:]
    values = TABLES["indicator_values"] + [["2018", "D1", "contrib_money", "-2.5"]]
    store = Store(tmp_path / "store")
    store.add_version(write_dataset(tmp_path / "src", {
        "districts": districts, "communes": communes, "criteria": criteria, "indicators": indicators,
        "indicator_values": values}), author="test", source="fixture")
    monkeypatch.setenv("NTM_DATA_DIR", str(store.root))
    return store


def _cli_export(store, dataset, tmp_path):
    out = tmp_path / f"{dataset}.csv"
    assert cli.main(["export", dataset, "--output", str(out)]) == 0
    return out.read_bytes()


def _cli_query(name, params=()):
    """`ntm query NAME` as CSV, as a file it is redirected to would hold."""
    import contextlib
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["query", name, *[a for p in params for a in ("--param", p)]]) == 0
    return out.getvalue().encode("utf-8")


# (name, kind, builder(store, tmp_path) -> bytes): every file the app or the CLI writes from data.
BUILDERS = [
    ("chart csv", "csv", lambda s, p: to_csv_bytes(chart_frame(HOSTILE + SPACED + HARMLESS))),
    ("chart xlsx", "xlsx", lambda s, p: to_xlsx_bytes(chart_frame(HOSTILE + SPACED + HARMLESS), "=x")),
    *[(f"template csv {d}", "csv", lambda s, p, d=d: templates.template_csv(d)) for d in DATASETS],
    *[(f"template xlsx {d}", "xlsx", lambda s, p, d=d: templates.template_xlsx(d)) for d in DATASETS],
    *[(f"dictionary {d}", "csv", lambda s, p, d=d: to_csv_bytes(templates.dictionary(d, "vi"))) for d in DATASETS],
    *[(f"data page {d}", "csv", lambda s, p, d=d: stored_csv_bytes(s.active(), d, bom=True))
      for d in DATASETS],
    *[(f"ntm export {d}", "csv", lambda s, p, d=d: _cli_export(s, d, p)) for d in DATASETS],
    *[(f"ntm query {q}", "csv", lambda s, p, q=q, a=a: _cli_query(q, a)) for q, a in [
        ("districts", ()), ("communes_by_criterion", ("district=D1", "year=2015", "criterion=2")),
        ("indicators", ()), ("criteria_groups", ()), ("communes", ())]],
]


@pytest.mark.parametrize("name, kind, build", BUILDERS, ids=[b[0] for b in BUILDERS])
def test_no_live_formula_in_any_cell_or_header(hostile_store, tmp_path, name, kind, build):
    data = build(hostile_store, tmp_path)
    assert live_formulas(data, kind) == []


def test_the_scan_finds_what_a_plain_writer_leaves():
    """The scanner itself: the raw stored file and a plain openpyxl sheet are caught."""
    raw = "name,=HEADER\n" + "".join(f'"{n.replace(chr(34), chr(34) * 2)}",1\n' for n in HOSTILE + SPACED)
    assert len(live_formulas(raw.encode(), "csv")) == 1 + len(HOSTILE) + len(SPACED) - 2  # two start with '
    wb = openpyxl.Workbook()
    wb.active.append(["=HEADER", "-2+3"])
    buf = io.BytesIO()
    wb.save(buf)
    assert live_formulas(buf.getvalue(), "xlsx") == ["A1: '=HEADER'", "B1: '-2+3'"]


@pytest.mark.parametrize("value", HOSTILE + SPACED + HARMLESS + ["'", "''", "'\t", "-", "'-"])
def test_quote_then_unquote_is_the_identity(value):
    assert unquote(quote(value)) == value
    assert not is_formula_like(quote(value))


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_chart_download_reads_back_through_ingest(kind):
    frame = chart_frame(HOSTILE + HARMLESS[:-1])
    data = to_csv_bytes(frame) if kind == "csv" else to_xlsx_bytes(frame)
    table = read_table(data, f"x.{kind}")
    assert table.header == [str(c) for c in frame.columns]
    assert [clean(v) for v in table.columns[0].to_pylist()] == HOSTILE + HARMLESS[:-1]


@pytest.mark.parametrize("value", SPACED)
def test_leading_tab_cr_or_space_survive_a_round_trip(value):
    """Ingest trims cells; the apostrophe in front keeps the white space of formula-like text."""
    frame = pd.DataFrame({"name": [value], value: [1]})
    for kind, data in (("csv", to_csv_bytes(frame)), ("xlsx", to_xlsx_bytes(frame))):
        table = read_table(data, f"x.{kind}")
        assert table.header[1] == value and clean(table.columns[0].to_pylist()[0]) == value, kind


def test_negative_numbers_stay_numbers():
    frame = pd.DataFrame({"Huyện": ["-2+3", "A"], "Thay đổi": [-0.1, -2.0], "Số": pd.array([-3, None], "Int64")})
    back = pd.read_csv(io.BytesIO(to_csv_bytes(frame)), encoding="utf-8-sig")
    assert list(back["Thay đổi"]) == [-0.1, -2.0] and back["Số"][0] == -3 and back["Huyện"][0] == "'-2+3"
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame))).active
    assert ws["B2"].data_type == "n" and ws["B2"].value == pytest.approx(-0.1) and ws["C2"].value == -3
    assert ws["A2"].data_type == "s" and ws["A2"].value == "-2+3" and ws["A2"].quotePrefix


def test_stored_numbers_are_written_as_stored(hostile_store):
    version = hostile_store.active()
    rows = list(csv.reader(io.StringIO(stored_csv_bytes(version, "districts").decode())))
    assert rows[1][:5] == ["D1", "'" + HOSTILE[0], "Huyện", "-21.5", "-105.8"]
    values = stored_csv_bytes(version, "indicator_values").decode()
    assert "2018,D1,contrib_money,-2.5" in values.splitlines()


def test_a_file_without_formulas_is_exported_as_stored(fixture_store):
    from ntm.store import dataset_csv
    version = fixture_store.active()
    for dataset in DATASETS:
        stored = dataset_csv(version, dataset)
        if any(c.type == "bool" for c in DATASETS[dataset].columns):  # booleans written as 1/0
            continue
        assert stored_csv_bytes(version, dataset) == stored
        assert stored_csv_bytes(version, dataset, bom=True) == b"\xef\xbb\xbf" + stored


@pytest.mark.parametrize("dataset", ["districts", "communes", "criteria", "indicators"])
def test_ntm_export_imports_back_unchanged(hostile_store, tmp_path, dataset):
    """Export a dataset with hostile names, check it again as an upload: nothing new, nothing changed."""
    data = _cli_export(hostile_store, dataset, tmp_path)
    assert "'=HYPERLINK" in data.decode() or "'@SUM" in data.decode()
    report = dry_run(hostile_store, dataset, data, f"{dataset}.csv", mode="replace")
    assert report.accepted, [p.as_dict() for p in report.problems]
    assert (report.new, report.changed, report.removed) == (0, 0, 0)
    assert report.unchanged == report.rows_total > 0


def test_csv_has_bom_and_reads_back():
    frame = pd.DataFrame({"Huyện": ["Huyện Định Hóa", "<script>x</script>"], "Tỷ lệ": [0.5, None]})
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["Huyện", "Tỷ lệ"] and back["Huyện"][0] == "Huyện Định Hóa"
    assert back["Huyện"][1] == "<script>x</script>" and pd.isna(back["Tỷ lệ"][1])


def test_xlsx_shows_formula_like_text_as_text():
    frame = pd.DataFrame({"=Tiêu đề": ["Huyện Định Hóa", "@SUM(A1)"], "Tỷ lệ": [0.5, None]})
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame, "Dữ liệu")))
    ws = wb.active
    assert ws.title == "Dữ liệu" and ws["A2"].value == "Huyện Định Hóa"
    assert (ws["A1"].value, ws["A1"].data_type, ws["A1"].quotePrefix) == ("=Tiêu đề", "s", True)
    assert (ws["A3"].value, ws["A3"].data_type, ws["A3"].quotePrefix) == ("@SUM(A1)", "s", True)
    assert ws["B3"].value is None
    back = pd.read_excel(io.BytesIO(to_xlsx_bytes(frame)))
    assert list(back.columns) == ["=Tiêu đề", "Tỷ lệ"] and back["=Tiêu đề"][1] == "@SUM(A1)"

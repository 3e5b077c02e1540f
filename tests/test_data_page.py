"""The data page in AppTest: read-only without analysts, sign-in, dry run, commit, restore."""
from ntm import auth
from ntm.store import Store

from journey_helpers import header
from test_app import run

PAGE = "pages/data.py"
GOOD = "year,commune_code,criterion_id,met\n2021,Xã Một,1,Đạt\n2021,C2,1,0\n".encode()
BAD = "year,commune_code,criterion_id,met\n2021,Xã Mộtt,1,1\n".encode()


def signed_in(monkeypatch):
    monkeypatch.setenv("NTM_ANALYSTS", f"lan:{auth.hash_password('matkhau123', 1000)}")
    at = run({}, PAGE)
    at.text_input(key="signin_name").input("lan")
    at.text_input(key="signin_password").input("matkhau123")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception and at.session_state["analyst"] == "lan"
    return at


def test_read_only_without_analysts(fixture_store):
    at = run({}, PAGE)
    assert "add-analyst" in " ".join(i.value for i in at.info)
    assert not at.file_uploader


def test_the_no_analysts_message_gives_the_command_the_readme_gives():
    """The page and the README name the same command (the venv's Python) for adding an analyst."""
    import re

    from conftest import ROOT
    from ntm.i18n import t

    readme = set(re.findall(r"(\S+ -m ntm add-analyst)", (ROOT / "README.md").read_text(encoding="utf-8")))
    assert readme
    for lang in ("vi", "en"):
        said = set(re.findall(r"`(\S+ -m ntm add-analyst)", t("data.no_analysts", lang)))
        assert said and said <= readme, (lang, said, readme)


def test_wrong_password(fixture_store, monkeypatch):
    monkeypatch.setenv("NTM_ANALYSTS", f"lan:{auth.hash_password('matkhau123', 1000)}")
    at = run({}, PAGE)
    at.text_input(key="signin_name").input("lan")
    at.text_input(key="signin_password").input("sai")
    at.button[0].click().run()
    assert "Sai tên đăng nhập" in " ".join(e.value for e in at.error) and "analyst" not in at.session_state


def test_upload_dry_run_then_commit(fixture_store, monkeypatch):
    at = signed_in(monkeypatch)
    at.file_uploader(key="upload_file_0").set_value(("moi.csv", GOOD, "text/csv")).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Mới"] == "2" and metrics["Bị loại"] == "0"
    assert fixture_store.active_id() == "000001"  # nothing stored by the dry run
    at.button(key="upload_commit").click().run()
    assert fixture_store.active_id() == "000002"
    assert "Đã lưu phiên bản" in " ".join(s.value for s in at.success)
    assert Store(fixture_store.root).version("000002").author == "lan"


def test_bad_upload_lists_row_and_column_and_stores_nothing(fixture_store, monkeypatch):
    at = signed_in(monkeypatch)
    at.file_uploader(key="upload_file_0").set_value(("sai.csv", BAD, "text/csv")).run()
    problems = at.dataframe[0].value
    assert list(problems.iloc[0][:3]) == ["2", "commune_code", "Xã Mộtt"]
    assert "Xã Một" in problems.iloc[0, 3]
    assert not [b for b in at.button if b.key == "upload_commit"]
    assert fixture_store.active_id() == "000001"


def test_a_warning_about_no_row_says_so_instead_of_none(fixture_store, monkeypatch):
    """GOOD's year is in no phase: a warning about the column, on no row."""
    at = signed_in(monkeypatch)
    at.file_uploader(key="upload_file_0").set_value(("moi.csv", GOOD, "text/csv")).run()
    warnings = next(d.value for d in at.dataframe if "Năm 2021" in d.value.to_string())
    assert list(warnings.iloc[0][:3]) == ["—", "year", "2021"], warnings
    assert "None" not in warnings.to_string()


def test_the_history_names_an_upload_by_its_dataset_label(fixture_store, monkeypatch):
    at = signed_in(monkeypatch)
    at.file_uploader(key="upload_file_0").set_value(("moi.csv", GOOD, "text/csv")).run()
    at.button(key="upload_commit").click().run()
    history = next(d.value for d in at.dataframe if "Phiên bản" in " ".join(map(str, d.value.columns)))
    notes = history.iloc[:, 4].tolist()
    assert notes[0] == "Kết quả tiêu chí theo xã · moi.csv", history
    assert not any("criteria_status" in str(n) for n in notes)


def test_restore_from_history(fixture_store, monkeypatch):
    at = signed_in(monkeypatch)
    at.file_uploader(key="upload_file_0").set_value(("moi.csv", GOOD, "text/csv")).run()
    at.button(key="upload_commit").click().run()
    assert "v2" in header(at)[1]  # the header shows the new version at once
    at.selectbox(key="restore_version").set_value("000001").run()
    changes = at.dataframe[-1].value  # what the restore will change, before it is confirmed
    assert list(changes.iloc[0][["Thêm", "Bỏ"]]) == [0, 2]
    assert at.button(key="restore_button").disabled
    at.checkbox(key="restore_confirm").check().run()
    at.button(key="restore_button").click().run()
    assert fixture_store.active_id() == "000003"
    assert Store(fixture_store.root).version("000003").source == "restore"
    assert "v3" in header(at)[1] and "Đã khôi phục" in " ".join(s.value for s in at.success)


def test_a_file_that_changes_nothing_stores_nothing(fixture_store, monkeypatch):
    at = signed_in(monkeypatch)
    same = "year,commune_code,criterion_id,met\n2014,C1,1,1\n".encode()
    at.file_uploader(key="upload_file_0").set_value(("cu.csv", same, "text/csv")).run()
    at.button(key="upload_commit").click().run()
    assert "Không có thay đổi" in " ".join(i.value for i in at.info)
    assert fixture_store.active_id() == "000001"


def test_an_unrecognised_mark_is_mapped_saved_as_a_profile_and_the_next_file_takes_it(fixture_store, monkeypatch):
    """The mapping step: a form whose mark "o" no one knows is refused with the cell named; the
    analyst maps it, saves the mapping as a profile, and the same shape then reads with no questions."""
    import form_files as ff

    rows, merges = ff.criteria_form(2021, {"Huyện A": [("Xã Một", ["x"] * 4 + ["o"] + ["x"] * 14),
                                                       ("Hai", ["x"] * 19)]})
    data = ff.xlsx({"Sheet1": (rows, merges)})
    at = signed_in(monkeypatch)
    at.file_uploader(key="upload_file_0").set_value(("bieu.xlsx", data, "application/octet-stream")).run()
    assert not at.exception
    assert "Biểu, trang “Sheet1”" in " ".join(x.value for x in at.text)
    problems = next(d.value for d in at.dataframe if "Giá trị" in d.value.columns and "Trang" in d.value.columns)
    assert list(problems.iloc[0][["Trang", "Dòng", "Cột", "Giá trị"]]) == ["Sheet1", "9", "G (5)", "o"]
    assert not [b for b in at.button if b.key == "upload_commit"]
    at.selectbox(key="form_map_mark_o").set_value("co_ban_dat")
    at.file_uploader(key="upload_file_0").set_value(("bieu.xlsx", data, "application/octet-stream")).run()
    assert [b for b in at.button if b.key == "upload_commit"]        # read again, now accepted
    upload = lambda: at.file_uploader(key="upload_file_0").set_value(  # noqa: E731  (AppTest keeps it one run)
        ("bieu.xlsx", data, "application/octet-stream"))
    upload()
    at.text_input(key="form_profile_name").input("bieu-huyen").run()
    upload()
    at.button(key="form_profile_save").click().run()
    assert "Đã lưu mẫu biểu “bieu-huyen”" in " ".join(s.value for s in at.success)
    assert fixture_store.active_id() == "000002"                      # the profile, a version of its own
    # Next year's file of the same shape: the profile answers the question.
    assert at.selectbox(key="form_map_mark_o").value == ""   # the answers were cleared with the save
    at.selectbox(key="form_profile").set_value("bieu-huyen")
    upload()
    at.run()
    assert not at.exception and [b for b in at.button if b.key == "upload_commit"]
    upload()
    at.button(key="upload_commit").click().run()
    con = __import__("ntm.store", fromlist=["load_database"]).load_database(Store(fixture_store.root).active())
    assert con.execute("select met, status from criteria_status where year = 2021 and commune_code = 'C1' "
                       "and criterion_id = 5").fetchall() == [(False, "co_ban_dat")]


def test_the_criteria_and_data_pages_hand_out_the_form_of_a_year(fixture_store):
    """Both pages offer the office's form of a year as XLSX (made only when clicked)."""
    for page, year in (("pages/criteria.py", 2019), ("pages/data.py", 2019)):
        at = run({}, page)
        labels = [b.proto.label for b in at.get("download_button")]
        assert f"Tải biểu tổng hợp năm {year} (XLSX)" in labels, (page, labels)

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
    assert list(problems.iloc[0][:3]) == [2, "commune_code", "Xã Mộtt"]
    assert "Xã Một" in problems.iloc[0, 3]
    assert not [b for b in at.button if b.key == "upload_commit"]
    assert fixture_store.active_id() == "000001"


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

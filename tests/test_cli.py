"""The command line, run as a user would, on the fixture store."""
import json
import subprocess
import sys


def ntm(*args, env_store):
    import os
    env = dict(os.environ, NTM_DATA_DIR=str(env_store.root))
    return subprocess.run([sys.executable, "-m", "ntm", *args], capture_output=True, text=True, env=env)


def test_query_as_csv(fixture_store):
    out = ntm("query", "standard_by_year", "--param", "districts=D1", env_store=fixture_store)
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0] == ("year,communes,meeting,share_meeting,avg_criteria,under_10,criteria_total,advanced,"
                        "share_advanced,model,share_model")
    assert lines[2] == "2015,2,1,0.5,13.5,1,19,0,0.0,0,0.0"


def test_query_as_json_with_a_list(fixture_store):
    out = ntm("query", "phase_results", "--param", "districts=D1,D2", "--format", "json", env_store=fixture_store)
    rows = json.loads(out.stdout)
    assert [r["meeting"] for r in rows] == [1, 2, 3]  # D1+D2: 2015 C1; 2017 C1,C3; 2019 C1,C2,C3


def test_summary_json_has_every_phase_and_district(fixture_store):
    out = ntm("summary", "--json", env_store=fixture_store)
    data = json.loads(out.stdout)
    assert [r["phase_id"] for r in data["province"]] == ["P1", "P2", "P3"]
    assert {(r["district_code"], r["phase_id"]) for r in data["districts"]} == {
        (d, p) for d in ("D1", "D2", "D3") for p in ("P1", "P2", "P3")}
    assert data["headline"][0].startswith("Giai đoạn 2018–2019 có thêm 2 xã")


def test_summary_text(fixture_store):
    out = ntm("summary", env_store=fixture_store)
    assert out.returncode == 0 and "Huyện C" in out.stdout and "100,0%" in out.stdout


def test_unknown_query_fails_cleanly(fixture_store):
    out = ntm("query", "drop_everything", env_store=fixture_store)
    assert out.returncode == 2 and "unknown query" in out.stderr and "Traceback" not in out.stderr


def test_import_dry_run_then_commit_history_restore_export(fixture_store, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text("year,commune_code,criterion_id,met\n2020,Xã Một,1,Đạt\n", encoding="utf-8")
    out = ntm("import", "criteria_status", str(good), "--dry-run", "--json", env_store=fixture_store)
    assert out.returncode == 0 and json.loads(out.stdout)["new"] == 1 and fixture_store.active_id() == "000001"
    out = ntm("import", "criteria_status", str(good), env_store=fixture_store)
    assert out.returncode == 0 and "ĐƯỢC CHẤP NHẬN" in out.stdout and fixture_store.active_id() == "000002"
    bad = tmp_path / "bad.csv"
    bad.write_text("year,commune_code,criterion_id,met\n2020,Xã Không Có,1,1\n", encoding="utf-8")
    out = ntm("import", "criteria_status", str(bad), env_store=fixture_store)
    assert out.returncode == 1 and "dòng 2" in out.stdout and "commune_code" in out.stdout
    history = json.loads(ntm("history", "--json", env_store=fixture_store).stdout)
    assert [h["version"] for h in history] == ["000001", "000002"] and history[1]["active"]
    assert ntm("restore", "1", env_store=fixture_store).returncode == 0
    assert fixture_store.active_id() == "000003"
    exported = tmp_path / "out.csv"
    assert ntm("export", "communes", "--output", str(exported), env_store=fixture_store).returncode == 0
    assert exported.read_text(encoding="utf-8").splitlines()[0] == (
        "commune_code,commune_name,district_code,group_code,unit_type,valid_from,valid_to,province_code")


def test_add_analyst_from_stdin(fixture_store, tmp_path, monkeypatch):
    import ntm.auth as auth
    secrets = tmp_path / "secrets.toml"
    monkeypatch.setenv("NTM_SECRETS", str(secrets))
    out = subprocess.run([sys.executable, "-m", "ntm", "add-analyst", "lan", "--password-stdin"],
                         input="matkhau123\n", capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert auth.sign_in("lan", "matkhau123", secrets) and "matkhau123" not in secrets.read_text(encoding="utf-8")


def test_import_a_form_dry_run_with_a_profile_then_export_form(fixture_store, tmp_path):
    """`ntm import --dry-run` prints how the form was read; `--profile` answers its unknown mark;
    `ntm export-form` writes the year's form, which imports back with no change."""
    import form_files as ff

    from ntm.ingest import commit
    from ntm.ingest.profiles import as_upload, spec

    rows, merges = ff.criteria_form(2021, {"Huyện A": [("Xã Một", ["x"] * 18 + ["o"]), ("Hai", ["x"] * 19)]})
    form = tmp_path / "bieu-2021.xls"
    form.write_bytes(ff.xls({"Năm 2021": (rows, merges)}))
    out = ntm("import", "criteria_status", str(form), "--dry-run", env_store=fixture_store)
    assert out.returncode == 1
    assert "Biểu, trang “Năm 2021”: biểu tổng hợp theo tiêu chí; năm 2021 (theo tên trang)" in out.stdout
    assert "C–U tiêu chí 1–19" in out.stdout and "dòng huyện 8" in out.stdout
    assert "lỗi   trang “Năm 2021” dòng 9 cột U (19) giá trị 'o'" in out.stdout
    assert ntm("import", "criteria_status", str(form), "--profile", "khong-co", env_store=fixture_store).returncode == 2
    commit(fixture_store, "form_profiles", as_upload("p", "criteria_status", spec(marks={"o": "co_ban_dat"})), "p.csv",
           author="t")
    out = ntm("import", "criteria_status", str(form), "--profile", "p", env_store=fixture_store)
    assert out.returncode == 0 and "ĐƯỢC CHẤP NHẬN" in out.stdout and "→ cơ bản đạt (1)" in out.stdout
    assert ntm("export-form", "2021", "-o", str(tmp_path / "out.xlsx"), env_store=fixture_store).returncode == 0
    again = ntm("import", "criteria_status", str(tmp_path / "out.xlsx"), "--dry-run", env_store=fixture_store)
    assert "mới 0, thay đổi 0, không đổi 38" in again.stdout


def test_deck_for_a_district_and_phases_as_the_page_makes_it(fixture_store, tmp_path):
    """`ntm deck --district NAME --phases …` hands out the deck of that district and those phases;
    an unknown district fails with the known ones listed and writes nothing."""
    import io

    from pptx import Presentation

    out = tmp_path / "d.pptx"
    r = ntm("deck", "-o", str(out), "--district", "Huyện A", "--phases", "P2", "P3", env_store=fixture_store)
    assert r.returncode == 0, r.stderr
    prs = Presentation(io.BytesIO(out.read_bytes()))
    first = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    assert first[0].endswith(" — Huyện A") and first[1].startswith("Huyện A: Giai đoạn 2018–2019")
    assert "2014" not in " ".join(first)  # P1 not chosen
    bad = ntm("deck", "-o", str(tmp_path / "x.pptx"), "--district", "Huyện Z", env_store=fixture_store)
    assert bad.returncode == 2 and "Huyện Z" in bad.stderr and "D1 Huyện A" in bad.stderr
    assert not (tmp_path / "x.pptx").exists()


def test_export_writes_met_as_1_and_0(fixture_store, tmp_path):
    """`ntm export criteria_status` writes met as the bundled files and the templates do: 1 or 0."""
    out = tmp_path / "status.csv"
    assert ntm("export", "criteria_status", "--output", str(out), env_store=fixture_store).returncode == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    met = lines[0].split(",").index("met")
    assert {line.split(",")[met] for line in lines[1:]} == {"0", "1"}


def test_check_as_text_names_the_store_and_every_version(fixture_store):
    out = ntm("check", env_store=fixture_store)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert out.stdout.splitlines()[0] == f"kho dữ liệu: {fixture_store.display} · ACTIVE = 000001"
    assert "  000001  ok" in out.stdout


def test_check_as_text_on_postgres_hides_the_password(pg_url, tmp_path):
    import os
    from ntm.store import Store

    url = pg_url.replace("postgres@", "postgres:secret@")  # trust authentication: any password does
    Store(url).resolve()
    env = dict(os.environ, NTM_STORE=url, NTM_CACHE_DIR=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-m", "ntm", "check"], capture_output=True, text=True, env=env)
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert out.stdout.startswith("kho dữ liệu: postgresql://postgres:***@") and "secret" not in out.stdout
    assert "  000001  ok" in out.stdout

"""The programme after 2020 on a hand-computed fixture: criteria sets per phase, three-valued
statuses, recognition levels, units that change (a merger of three under a reused code, a split),
history on today's units, and the checks of an upload against the set and the units of its year.

The fixture, written out:
- sets S19a (19 criteria; phase P1 2019–2020), S19b (19, criterion 11 renamed; P2 2021–2025),
  S10 (10 criteria; P3 2026–2030);
- old communes to 30/6/2025: A1 Xã An, A2 Xã Bình, A3 Xã Cường (district D1), B1 Xã Đông and
  S1 Xã Sơn (D2); from 1/7/2025: A1 Xã Mới (A1 + A2 + A3: the code A1 reused, grouped with D1),
  N2 Xã Hai Mới (B1 and part of S1, grouped with D2), N3 Xã Ba Mới (the rest of S1, no group);
- criteria met: 2020 A1 19, A2 19, A3 15, B1 19, S1 10; 2024 A1 19, A2 18 + 11 "cơ bản đạt",
  A3 19, B1 19, S1 19; 2025 A1 19, N2 19, N3 17; 2026 (of 10) A1 9, N2 10, N3 10;
- recognitions: old A1 đạt chuẩn 2020, nâng cao 2022, kiểu mẫu 2024; B1 đạt chuẩn 2020, nâng cao
  2023; N2 đạt chuẩn 2025, nâng cao 2026 — none for the new A1; district D1 đạt chuẩn 2020,
  nâng cao 2026; the province hoàn thành nhiệm vụ 2026 (QĐ 9/QĐ-TTg).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ntm import findings, queries
from ntm.ingest import dry_run
from ntm.store import Store, load_database

from conftest import TABLES as BASE

OLD = ["A1", "A2", "A3", "B1", "S1"]
MET = {  # year -> commune -> criteria met (the first k of the year's set)
    2020: {"A1": 19, "A2": 19, "A3": 15, "B1": 19, "S1": 10},
    2024: {"A1": 19, "A2": 18, "A3": 19, "B1": 19, "S1": 19},
    2025: {"A1": 19, "N2": 19, "N3": 17},
    2026: {"A1": 9, "N2": 10, "N3": 10},
}


def _criteria():
    rows = [["criterion_id", "name_vi", "name_en", "group_id", "group_vi", "group_en", "set_id", "change_vi",
             "change_en"]]
    for sid in ("S19a", "S19b"):
        for k in range(1, 20):
            name = "Nghèo đa chiều" if (sid, k) == ("S19b", 11) else f"Tiêu chí {k}"
            change = "Chuẩn nghèo đa chiều" if (sid, k) == ("S19b", 11) else ""
            g = 1 + (k - 1) // 4
            rows.append([str(k), name, f"Criterion {k}", str(g), f"Nhóm {g}", f"Group {g}", sid, change, ""])
    rows += [[str(k), f"Tiêu chí mới {k}", f"New criterion {k}", str(1 + (k - 1) // 2), f"Nhóm {1 + (k - 1) // 2}",
              f"Group {1 + (k - 1) // 2}", "S10", "", ""] for k in range(1, 11)]
    return rows


def _status():
    rows = [["year", "commune_code", "criterion_id", "met", "status"]]
    for year, communes in MET.items():
        n = 10 if year >= 2026 else 19
        for code, k in communes.items():
            for c in range(1, n + 1):
                if (year, code, c) == (2024, "A2", 11):
                    rows.append([str(year), code, str(c), "0", "co_ban_dat"])
                    continue
                if (year, code) == (2024, "A2") and c == 19:  # its 18 met: every criterion but 11
                    rows.append([str(year), code, str(c), "1", ""])
                    continue
                rows.append([str(year), code, str(c), "1" if c <= k else "0", ""])
    return rows


TABLES = {
    "districts": [["district_code", "district_name", "district_type", "lat", "lon"],
                  ["D1", "Huyện A", "Huyện", "", ""], ["D2", "Huyện B", "Huyện", "", ""]],
    "communes": [
        ["commune_code", "commune_name", "district_code", "group_code", "unit_type", "valid_from", "valid_to"],
        ["A1", "Xã An", "D1", "", "Xã", "", "2025-06-30"], ["A2", "Xã Bình", "D1", "", "Xã", "", "2025-06-30"],
        ["A3", "Xã Cường", "D1", "", "Xã", "", "2025-06-30"], ["B1", "Xã Đông", "D2", "", "Xã", "", "2025-06-30"],
        ["S1", "Xã Sơn", "D2", "", "Xã", "", "2025-06-30"],
        ["A1", "Xã Mới", "", "D1", "Xã", "2025-07-01", ""], ["N2", "Xã Hai Mới", "", "D2", "Xã", "2025-07-01", ""],
        ["N3", "Xã Ba Mới", "", "", "Xã", "2025-07-01", ""],
    ],
    "criteria_sets": [["set_id", "name_vi", "name_en", "decision"], ["S19a", "Bộ 19 (cũ)", "Set 19 (old)", ""],
                      ["S19b", "Bộ 19 (mới)", "Set 19 (new)", ""], ["S10", "Bộ 10", "Set 10", ""]],
    "criteria": _criteria(),
    "phases": [["phase_id", "name_vi", "name_en", "start_year", "end_year", "criteria_set"],
               ["P1", "Giai đoạn 2019–2020", "Phase 2019–2020", "2019", "2020", "S19a"],
               ["P2", "Giai đoạn 2021–2025", "Phase 2021–2025", "2021", "2025", "S19b"],
               ["P3", "Giai đoạn 2026–2030", "Phase 2026–2030", "2026", "2030", "S10"]],
    "criteria_status": _status(),
    "commune_recognitions": [
        ["commune_code", "level", "year", "decision", "decision_date"],
        ["A1", "dat_chuan", "2020", "", ""], ["A1", "nang_cao", "2022", "", ""], ["A1", "kieu_mau", "2024", "", ""],
        ["B1", "dat_chuan", "2020", "", ""], ["B1", "nang_cao", "2023", "", ""],
        ["N2", "dat_chuan", "2025", "", ""], ["N2", "nang_cao", "2026", "", ""],
    ],
    "district_recognitions": [["district_code", "year", "decision", "level"], ["D1", "2020", "", "dat_chuan"],
                              ["D1", "2026", "", "nang_cao"]],
    "province_recognitions": [["year", "level", "decision"], ["2026", "hoan_thanh", "QĐ 9/QĐ-TTg"]],
    "unit_changes": [
        ["old_commune_code", "old_name", "new_commune_code", "new_name", "date", "mapping", "old_district", "resolution"],
        ["A1", "Xã An", "A1", "Xã Mới", "", "full", "Huyện A", "NQ 1"], ["A2", "Xã Bình", "A1", "Xã Mới", "", "full", "", ""],
        ["A3", "Xã Cường", "A1", "Xã Mới", "", "full", "", ""], ["B1", "Xã Đông", "N2", "Xã Hai Mới", "", "full", "", ""],
        ["S1", "Xã Sơn", "N2", "Xã Hai Mới", "", "partial", "", ""],
        ["S1", "Xã Sơn", "N3", "Xã Ba Mới", "", "partial", "", ""],
    ],
}


@pytest.fixture
def programme(tmp_path, monkeypatch):
    return _programme(tmp_path, monkeypatch, TABLES)


def _programme(tmp_path, monkeypatch, tables):
    store = Store(tmp_path / "store")
    folder = tmp_path / "src"
    folder.mkdir()
    paths = {}
    for name, rows in {**{k: BASE[k] for k in ("indicators", "indicator_values")}, **tables}.items():
        paths[name] = folder / f"{name}.csv"
        paths[name].write_bytes(_csv(rows))
    store.add_version(paths, author="test", source="fixture")
    monkeypatch.setenv("NTM_DATA_DIR", str(store.root))
    return store, load_database(store.active())


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def test_meeting_is_every_criterion_of_the_set_in_force(programme):
    _, con = programme
    cy = {(y, c): (m, k, s) for y, c, m, k, s in con.execute(
        "select year, commune_code, criteria_met, criteria_total, meets_standard from commune_year").fetchall()}
    # A1 (the new Xã Mới from 2025) meets all 19 of S19b in 2025, 9 of the 10 of S10 in 2026.
    assert cy[(2025, "A1")] == (19, 19, True) and cy[(2026, "A1")] == (9, 10, False)
    assert cy[(2026, "N2")] == (10, 10, True)
    # "Cơ bản đạt" is not met: A2 has 18 of 19 in 2024.
    assert cy[(2024, "A2")] == (18, 19, False)
    results = queries.run(con, "phase_results").set_index("phase_id")
    assert (results.at["P1", "meeting"], results.at["P1", "communes"]) == (3, 5)
    assert (results.at["P2", "meeting"], results.at["P2", "communes"]) == (2, 3)
    assert (results.at["P3", "meeting"], results.at["P3", "communes"]) == (2, 3)
    assert list(results["criteria_set"]) == ["S19a", "S19b", "S10"]
    assert list(results["criteria_total"]) == [19, 19, 10]
    # Under 10 criteria and bands are of the 19-criterion sets: none on S10, so no change either.
    assert results.at["P2", "under_10"] == 0 and results["under_10"].isna()["P3"]
    assert results["change_avg_criteria"].isna().all()  # every phase on another set than the one before
    assert results.at["P3", "base_set_changed"] and results.at["P3", "base_meeting"] == 2


def test_the_headline_of_a_phase_on_a_new_set(programme):
    _, con = programme
    sentences = findings.headline(queries.run(con, "phase_results"), "vi")
    assert sentences[0] == ("Năm 2026, năm đầu theo bộ 10 tiêu chí mới: 2/3 xã (66,7%) đạt chuẩn "
                            "(năm 2025 theo bộ trước: 2 xã). Đã công nhận 1 xã nâng cao, 0 xã kiểu mẫu.")
    assert sentences[1] == "Bình quân mỗi xã đạt 9,7/10 tiêu chí."


def test_levels_per_year_never_carried_to_a_new_unit(programme):
    _, con = programme
    yearly = queries.run(con, "standard_by_year").set_index("year")
    # 2024: old A1 kiểu mẫu (so also advanced), B1 nâng cao.
    assert (yearly.at[2024, "advanced"], yearly.at[2024, "model"]) == (2, 1)
    assert yearly.at[2024, "share_advanced"] == pytest.approx(2 / 4)  # of the 4 meeting the standard
    # 2025: the new A1 bears old A1's code but none of its decisions; N2 only đạt chuẩn.
    assert (yearly.at[2025, "advanced"], yearly.at[2025, "model"]) == (0, 0)
    results = queries.run(con, "phase_results").set_index("phase_id")
    assert (results.at["P3", "advanced"], results.at["P3", "model"]) == (1, 0)
    assert results.at["P3", "share_advanced"] == pytest.approx(1 / 2)


def test_a_reused_code_is_read_with_its_year(programme):
    _, con = programme
    old = queries.run(con, "commune_profile", commune="A1", year=2020)
    new = queries.run(con, "commune_profile", commune="A1", year=2026)
    assert list(old["year"]) == [2020, 2024] and list(new["year"]) == [2025, 2026]
    assert old["first_year_meeting"].iloc[0] == 2020 and new["first_year_meeting"].iloc[0] == 2025
    reports = queries.run(con, "commune_reports", commune="A1", year=2026)
    assert reports.empty  # old Xã An's decisions are not the new Xã Mới's
    assert set(queries.run(con, "commune_reports", commune="A1", year=2024)["level"]) == {
        "dat_chuan", "nang_cao", "kieu_mau"}
    matrix = queries.run(con, "commune_matrix", district="D1", year=2026)
    assert set(matrix["commune_name"]) == {"Xã Mới"} and matrix["criterion_id"].max() == 10


def test_a_merged_units_history_is_the_sum_of_its_parts(programme):
    _, con = programme
    h = queries.run(con, "history_today").set_index("year")
    # 2020 on today's three units: A1+A2+A3 (into Xã Mới) and B1 (into N2) counted, S1 split:
    # named, never counted. Meeting: A1, A2, B1.
    assert (h.at[2020, "units"], h.at[2020, "communes"], h.at[2020, "meeting"]) == (3, 4, 3)
    assert h.at[2020, "split_names"] == "Xã Sơn" and h.at[2020, "split_parts"] == 1
    # Beside it, the units of the time: 5 communes, 3 meeting.
    assert (h.at[2020, "communes_then"], h.at[2020, "meeting_then"]) == (5, 3)
    # 2024: A2's "cơ bản đạt" keeps it out; the parts' own levels (A1 kiểu mẫu, B1 nâng cao) summed.
    assert (h.at[2024, "meeting"], h.at[2024, "advanced"], h.at[2024, "model"]) == (3, 2, 1)
    # From 2025 on the units themselves.
    assert (h.at[2025, "communes"], h.at[2025, "meeting"], bool(h.at[2025, "on_itself"])) == (3, 2, True)
    parts = queries.run(con, "commune_parts", commune="A1", year=2026)
    assert list(parts["part_name"]) == ["Xã An", "Xã Bình", "Xã Cường"]
    assert list(parts["year"]) == [2024] * 3 and list(parts["criteria_met"]) == [19, 18, 19]
    assert list(parts["level_rank"].fillna(0)) == [3, 0, 0]
    split = queries.run(con, "commune_parts", commune="N3", year=2026)
    assert list(zip(split["part_name"], split["mapping"])) == [("Xã Sơn", "partial")]
    assert queries.run(con, "commune_parts", commune="A1", year=2020).empty  # the old Xã An was made of nothing


def test_units_without_a_district_are_grouped_or_counted_for_the_province(programme):
    _, con = programme
    g = queries.run(con, "district_grouping", from_year=2021, to_year=2030).iloc[0]
    assert (g["since"], g["grouped"], g["ungrouped"]) == ("2025-07-01", 2, 1)
    assert queries.run(con, "district_grouping", from_year=2019, to_year=2020).iloc[0]["grouped"] == 0
    by_district = queries.run(con, "phase_results_by_district", phases=["P3"]).set_index("district_code")
    assert by_district.at["D1", "communes"] == 1 and by_district.at["D2", "communes"] == 1  # N3 in neither


def test_a_cluster_the_province_defines_groups_new_communes_like_a_district(tmp_path, monkeypatch):
    # The fixture with a cluster K1 "Cụm Bắc" (a districts row of type Cụm) grouping N3, which
    # had no group: from 2025 the pages by district show K1 with N3 alone (1 commune, meeting 10
    # of 10 in 2026); A1 and N2 stay with their old districts; nothing counts for the province only.
    tables = {**TABLES,
              "districts": TABLES["districts"] + [["K1", "Cụm Bắc", "Cụm", "", ""]],
              "communes": [r[:3] + ["K1"] + r[4:] if r[0] == "N3" else r for r in TABLES["communes"]]}
    store, con = _programme(tmp_path, monkeypatch, tables)
    # An analyst's districts file with the cluster goes in (Cụm is a type of the table).
    report = dry_run(store, "districts", _csv(tables["districts"]), "huyen.csv")
    assert report.accepted and not report.problems, [p.as_dict() for p in report.problems]
    g = queries.run(con, "district_grouping", from_year=2021, to_year=2030).iloc[0]
    assert (g["grouped"], g["clustered"], g["ungrouped"]) == (2, 1, 0)
    by_district = queries.run(con, "phase_results_by_district", phases=["P3"]).set_index("district_code")
    assert (by_district.at["K1", "communes"], by_district.at["K1", "meeting"]) == (1, 1)
    assert by_district.at["D1", "communes"] == 1 and by_district.at["D2", "communes"] == 1
    assert by_district.at["K1", "district_name"] == "Cụm Bắc"
    # Before 7/2025 the cluster has no unit: it carries no commune in the 2019–2020 phase.
    early = queries.run(con, "phase_results_by_district", phases=["P1"])
    assert "K1" not in set(early.loc[early["communes"] > 0, "district_code"])
    # A cluster is no district to be recognised: 1 of 2 districts by the end of 2020, not of 3.
    recognised = queries.run(con, "recognitions_by_phase", phases=["P1"]).iloc[0]
    assert (recognised["recognised"], recognised["districts"]) == (1, 2)


def test_the_province_level_by_phase_on_the_overview_the_slides_and_the_summary(programme, tmp_path, monkeypatch):
    from ntm import cli, overview, slides
    from ntm.filters import Filters

    _, con = programme
    fetch = lambda n, **p: queries.run(con, n, **p)  # noqa: E731
    levels = fetch("province_level_by_phase").set_index("phase_id")
    assert levels["recognised_year"].isna()[["P1", "P2"]].all() and levels.at["P3", "recognised_year"] == 2026
    assert findings.province_level(levels.loc["P2"], "vi") == (
        "Tỉnh Thái Nguyên chưa được công nhận hoàn thành nhiệm vụ xây dựng nông thôn mới (đến hết năm 2025).")
    said = ("Tỉnh Thái Nguyên được công nhận hoàn thành nhiệm vụ xây dựng nông thôn mới năm 2026 (QĐ 9/QĐ-TTg).")
    assert findings.province_level(levels.loc["P3"], "vi") == said
    # The overview's card: the level by the end of the last chosen phase, the earlier one under it.
    f = Filters(lang="vi", districts=None, phases=("P2", "P3"), district_names=(), phase_names=())
    card = next(c for c in overview.build(fetch, f, "n", ()).cards if c.label == "Cấp tỉnh")
    assert card.value == "Hoàn thành nhiệm vụ" and "năm 2026" in card.notes and "Chưa công nhận" in card.notes[0]
    one = Filters(lang="vi", districts=("D1",), phases=("P2", "P3"), district_names=("Huyện A",), phase_names=())
    assert all(c.label != "Cấp tỉnh" for c in overview.build(fetch, one, "n", ()).cards)  # a district: not said
    assert said in slides.build(fetch, {}, ["P2", "P3"], "vi", "n")[-1].points
    data = cli.summary(con)
    assert [(r["phase_id"], r["recognised_year"]) for r in data["province_level"]] == [
        ("P1", None), ("P2", None), ("P3", 2026)]
    # None recorded says nothing: no row, no card.
    (tmp_path / "bare").mkdir()
    _, bare = _programme(tmp_path / "bare", monkeypatch, {k: v for k, v in TABLES.items() if k != "province_recognitions"})
    assert queries.run(bare, "province_level_by_phase").empty and cli.summary(bare)["province_level"] == []


def test_a_districts_advanced_level_is_on_the_map_from_its_year(programme):
    from ntm import measures
    from ntm.charts import map as maps

    _, con = programme
    fetch = lambda n, **p: queries.run(con, n, **p)  # noqa: E731
    rows = fetch("map_districts", measure="share_meeting", phases=["P2", "P3"])
    phases = fetch("phases").set_index("phase_id", drop=False)
    measure = measures.phase_measures(fetch("indicators"), "vi")["share_meeting"]

    def hover(phase):
        shown = maps.map_frame(rows[rows["phase_id"] == phase], phases.loc[phase], measure, fetch("target_status"), "vi")
        return shown.set_index("district_code")["hover"]
    assert "★ Nâng cao năm 2026" in hover("P3")["D1"] and "Đạt chuẩn NTM năm 2020" in hover("P3")["D1"]
    assert "Nâng cao" not in hover("P2")["D1"] and "Nâng cao" not in hover("P3")["D2"]


def test_criteria_follow_the_phase_and_say_what_changed(programme):
    _, con = programme
    shares = queries.run(con, "criterion_share_by_phase", phases=["P1", "P2"])
    p2 = shares[shares["phase_id"] == "P2"].set_index("criterion_id")
    assert p2.at[11, "name_vi"] == "Nghèo đa chiều" and bool(p2.at[11, "changed"])
    assert p2["change"].isna()[11] and not p2["change"].isna()[1]  # renamed: no change drawn
    changes = queries.run(con, "criteria_changes", phases=["P1", "P2"])
    assert list(changes["criterion_id"]) == [11]
    text = findings.criteria_changes(changes, "vi")
    assert text == ("Bộ 19 (mới) đổi 11. Tiêu chí 11 → Nghèo đa chiều (Chuẩn nghèo đa chiều): không tính thay đổi "
                    "của các tiêu chí này so với bộ trước.")
    new_set = queries.run(con, "criteria_changes", phases=["P2", "P3"])
    assert len(new_set) == 1 and new_set["criterion_id"].isna().all()
    assert queries.run(con, "criteria_changes", phases=["P1"]).empty
    assert list(queries.run(con, "criteria_by_set", year=2026)["criterion_id"]) == list(range(1, 11))
    assert len(queries.run(con, "criteria_by_set", year=2020)) == 19


@pytest.mark.parametrize("row, code, column", [
    (["2026", "N2", "15", "1", ""], "criterion_not_in_set", "criterion_id"),  # S10 has 10 criteria
    (["2026", "A2", "1", "1", ""], "unit_not_valid", "commune_code"),         # old A2 ended on 30/6/2025
    (["2024", "N2", "1", "1", ""], "unit_not_valid", "commune_code"),         # N2 began on 1/7/2025
    (["2024", "A1", "1", "1", "dat_lai"], "not_allowed", "status"),           # not a status of the set
])
def test_an_upload_is_checked_against_the_set_and_units_of_its_year(programme, row, code, column):
    store, _ = programme
    before = store.active().id
    data = _csv([["year", "commune_code", "criterion_id", "met", "status"], ["2024", "A1", "1", "1", ""], row])
    report = dry_run(store, "criteria_status", data, "tc.csv")
    problems = [(p.code, p.row, p.column) for p in report.problems]
    assert (code, 3, column) in problems, problems
    assert not report.accepted and store.active().id == before


def test_the_same_code_goes_in_for_the_old_and_the_new_unit(programme):
    store, _ = programme
    data = _csv([["year", "commune_code", "criterion_id", "met"], ["2024", "A1", "1", "1"], ["2026", "A1", "1", "1"]])
    report = dry_run(store, "criteria_status", data, "tc.csv")
    assert report.accepted and not report.problems, [p.as_dict() for p in report.problems]


def test_the_crosswalk_says_its_splits_and_reused_codes(programme):
    store, _ = programme
    rows = TABLES["unit_changes"] + [TABLES["unit_changes"][2]]  # a row given twice: kept once
    report = dry_run(store, "unit_changes", _csv(rows), "crosswalk.csv")
    assert report.accepted
    codes = {w.code: w for w in report.warnings}
    assert set(codes) >= {"units_split", "codes_reused", "repeated_row"}
    assert "Xã Sơn (S1) → Xã Ba Mới, Xã Hai Mới" in codes["units_split"].message("vi")
    assert "A1: Xã An → Xã Mới" in codes["codes_reused"].message("vi")
    assert codes["repeated_row"].row == 8
    assert (report.new, report.unchanged) == (0, 6)


def test_summary_json_per_phase(programme, capsys):
    import json

    from ntm import cli
    assert cli.main(["summary", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    by_phase = {r["phase_id"]: r for r in data["province"]}
    assert {k: by_phase["P3"][k] for k in ("criteria_set", "communes", "meeting", "advanced", "model")} == {
        "criteria_set": "S10", "communes": 3, "meeting": 2, "advanced": 1, "model": 0}
    assert by_phase["P2"]["criteria_set"] == "S19b"


def test_the_sample_keeps_its_retrospective_and_reaches_2026(sample_store):
    con = load_database(sample_store.active())
    results = queries.run(con, "phase_results").set_index("phase_id")
    assert (results.at["2016-2020", "meeting"], results.at["2016-2020", "communes"]) == (89, 137)
    assert (results.at["2010-2015", "meeting"], results.at["2010-2015", "communes"]) == (22, 139)
    assert (results.at["2021-2025", "meeting"], results.at["2021-2025", "communes"]) == (34, 77)
    assert (results.at["2026-2030", "meeting"], results.at["2026-2030", "communes"]) == (12, 77)
    yearly = queries.run(con, "standard_by_year").set_index("year")
    # calibrated to the province's end of 2023: 33 advanced, 10 model communes
    assert (yearly.at[2023, "advanced"], yearly.at[2023, "model"]) == (33, 10)
    assert len(queries.run(con, "criteria_by_set", year=2026)) == 10
    # On today's 77 communes, 2024 reads the 220 old communes wholly in them, old Bắc Kạn's too (3 split: named).
    today = queries.run(con, "history_today").set_index("year")
    assert (today.at[2024, "units"], today.at[2024, "communes"], today.at[2024, "communes_then"]) == (76, 220, 137)
    assert today.at[2024, "split_names"] == "Xã Lương Hạ, Xã Na Mao, Xã Thượng Đình"
    assert Path(__file__).resolve().parent.parent.joinpath("data", "unit_changes.csv").is_file()


def test_the_office_form_of_a_year_lists_that_years_set(programme):
    import openpyxl

    from ntm.form_export import form_xlsx
    _, con = programme
    for year, n in ((2026, 10), (2024, 19)):
        ws = openpyxl.load_workbook(io.BytesIO(form_xlsx(con, year))).active
        numbers = [c.value for c in ws[7] if isinstance(c.value, int)]
        assert numbers == list(range(1, n + 1)), (year, numbers)


def test_a_districts_levels_by_phase(programme):
    _, con = programme
    r = queries.run(con, "recognitions_by_phase").set_index("phase_id")
    # D1 đạt chuẩn from 2020 (counted once, whatever its later level), nâng cao from 2026.
    assert list(r["recognised"]) == [1, 1, 1] and list(r["advanced"]) == [0, 0, 1]
    assert list(queries.run(con, "recognitions")["district_code"]) == ["D1"]

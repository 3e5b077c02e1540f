"""Targets and pace, districts recognised, a phase under way and the closing slide, against a small
hand-computed fixture (PACE below), and the illustrative sample's plan and recognitions."""
import pandas as pd
import pytest

from ntm import findings, measures, queries, sample, slides
from ntm.ingest import dry_run
from ntm.store import SAMPLE_DIR, Store, load_database

from conftest import TABLES
from test_app import kpis, run

# Communes meeting all 19 criteria per district and year (the others meet 10). D1 has six
# communes A1–A6, D2 four (B1–B4), D3 one (E1): 11 in all.
MEETING = {  # year: {district: communes meeting the standard}
    2016: {"D1": 0, "D2": 1, "D3": 0},
    2017: {"D1": 1, "D2": 2, "D3": 1},
    2018: {"D1": 1, "D2": 2, "D3": 1},
    2019: {"D1": 2, "D2": 2, "D3": 1},
    2020: {"D1": 3, "D2": 2, "D3": 1},
}
COMMUNES = {"D1": ["A1", "A2", "A3", "A4", "A5", "A6"], "D2": ["B1", "B2", "B3", "B4"], "D3": ["E1"]}
# By hand, latest year 2020, base year 2017 (three years before):
#   D1: 3 of 6 in 2020, 1 in 2017 → +2 in 3 years (2/3 a year); 3 to go → ⌈3 × 3 / 2⌉ = 5 years → 2025
#   D2: 2 of 4, 2 in 2017 → no gain: no year can be projected
#   D3: its one commune meets the standard since 2017
#   province: 6 of 11, 4 in 2017 → 2/3 a year; 5 to go → ⌈5 × 3 / 2⌉ = 8 years → 2028 at its own
#   pace, but D2 will not finish at its pace: no year for the province either
# Without 2017 the base is 2018 (the earliest year within the three): D1 +2 in 2 years → 3 to go in
# 3 years → 2023; the province +2 in 2 years → 5 to go → 2025.
TARGETS = [
    ["year", "area_code", "measure", "target"],
    ["2017", "19", "meeting", "4"],             # 2017: 4 → met
    ["2019", "Thái Nguyên", "share_meeting", "45.5"],  # 5/11 = 45,45…% shows as 45,5% → met (as shown)
    ["2019", "19", "avg_criteria", "15"],       # (5 × 19 + 6 × 10) / 11 = 14,09 → missed
    ["2023", "19", "meeting", "10"],            # 6 + 2/3 × 3 = 8 < 10 → behind; needs (10 − 6)/3 a year
    ["2024", "19", "meeting", "8"],             # 6 + 2/3 × 4 = 8,7 → on track
    ["2020", "19", "districts_recognised", "2"],  # D3 (2017) only by 2020 → missed
    ["2020", "D3", "share_meeting", "100"],     # 1/1 → met
    ["2021", "Huyện Hai", "meeting", "2"],      # D2 by its name: 2 already → reached
    ["2020", "D1", "share_meeting", "60"],      # 3/6 = 50% → missed
]
RECOGNITIONS = [["district_code", "year", "decision"], ["D3", "2017", "QĐ 1/2017"], ["D2", "2021", "QĐ 2/2021"]]
PHASES = [["phase_id", "name_vi", "name_en", "start_year", "end_year"],
          ["P1", "Giai đoạn 2016–2017", "Phase 2016–2017", "2016", "2017"],
          ["P2", "Giai đoạn 2018–2022", "Phase 2018–2022", "2018", "2022"]]  # under way: data up to 2020


def status_rows(meeting: dict) -> list[list[str]]:
    rows = [["year", "commune_code", "criterion_id", "met"]]
    for year, by_district in meeting.items():
        for district, n in by_district.items():
            for i, commune in enumerate(COMMUNES[district]):
                met = 19 if i < n else 10
                rows += [[str(year), commune, str(c), "1" if c <= met else "0"] for c in range(1, 20)]
    return rows


def tables(meeting=MEETING, targets=TARGETS, recognitions=RECOGNITIONS, phases=PHASES) -> dict:
    return {
        "districts": [["district_code", "district_name", "district_type", "lat", "lon"],
                      ["D1", "Huyện Một", "Huyện", "21.8", "105.7"], ["D2", "Huyện Hai", "Huyện", "21.6", "105.9"],
                      ["D3", "Thành phố Ba", "Thành phố", "21.5", "105.8"]],
        "communes": [["commune_code", "commune_name", "district_code"]]
        + [[c, f"Xã {c}", d] for d, cs in COMMUNES.items() for c in cs],
        "criteria_status": status_rows(meeting), "phases": phases, "indicator_values": [["year", "area_code",
                                                                                       "indicator_id", "value"]],
        "targets": targets, "district_recognitions": recognitions,
    }


def write_dataset(folder, overrides: dict) -> dict:
    """The conftest fixture's tables with these replaced (criteria_status included), as CSV files."""
    import csv
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, rows in dict(TABLES, **overrides).items():
        paths[name] = folder / f"{name}.csv"
        with open(paths[name], "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(rows)
    return paths


@pytest.fixture
def pace_store(tmp_path, monkeypatch):
    """A store whose active version is the PACE fixture (targets and recognitions checked on the way in)."""
    store = Store(tmp_path / "store")
    overrides = tables()
    store.add_version(write_dataset(tmp_path / "src", {k: v for k, v in overrides.items()
                                                        if k not in ("targets", "district_recognitions")}),
                      author="test", source="fixture")
    monkeypatch.setenv("NTM_DATA_DIR", str(store.root))
    from ntm.ingest import commit
    for name in ("targets", "district_recognitions"):
        csv = "\n".join(",".join(r) for r in overrides[name]).encode()
        report, version = commit(store, name, csv, f"{name}.csv", author="test")
        assert version is not None, [p.as_dict() for p in report.problems]
    return store


@pytest.fixture
def pace_db(pace_store):
    return load_database(pace_store.active())


def db_of(tmp_path, meeting):
    store = Store(tmp_path / "other")
    store.add_version(write_dataset(tmp_path / "src2", {k: v for k, v in tables(meeting).items()
                                                         if k not in ("targets", "district_recognitions")}),
                      author="test", source="fixture")
    return load_database(store.active())


# -- the projected year ---------------------------------------------------------------------------
# D2 gaining one commune in 2019 (B1): D2 1 of 4 in 2020, 0 in 2017 → 1 a year at ⌈3 × 3 / 1⌉ = 9
# years → 2029; the province 5 of 11, 2 in 2017 → 1 a year, 6 to go → 2026 at its own pace, but it
# cannot finish before D2: 2029, decided by Huyện Hai.
D2_GAINS = {y: dict(v, D2={2016: 0, 2017: 0, 2018: 0}.get(y, 1)) for y, v in MEETING.items()}


@pytest.mark.parametrize("meeting, drop, expected", [
    # district: (communes, meeting, remaining, base year, pace, complete year, projected year, limited by)
    # D2 has no pace: no year for the province either, though its own pace would give 2028
    (MEETING, None, {None: (11, 6, 5, 2017, 2 / 3, None, None, "Huyện Hai"),
                     "D1": (6, 3, 3, 2017, 2 / 3, None, 2025, None),
                     "D2": (4, 2, 2, 2017, 0.0, None, None, None), "D3": (1, 1, 0, 2017, 0.0, 2017, None, None)}),
    (MEETING, 2017, {None: (11, 6, 5, 2018, 1.0, None, None, "Huyện Hai"),
                     "D1": (6, 3, 3, 2018, 1.0, None, 2023, None),
                     "D2": (4, 2, 2, 2018, 0.0, None, None, None), "D3": (1, 1, 0, 2018, 0.0, 2018, None, None)}),
    (D2_GAINS, None, {None: (11, 5, 6, 2017, 1.0, None, 2029, "Huyện Hai"),
                      "D1": (6, 3, 3, 2017, 2 / 3, None, 2025, None),
                      "D2": (4, 1, 3, 2017, 1 / 3, None, 2029, None), "D3": (1, 1, 0, 2017, 0.0, 2017, None, None)}),
])
def test_projection_of_the_year_all_communes_meet_the_standard(tmp_path, meeting, drop, expected):
    con = db_of(tmp_path, {y: v for y, v in meeting.items() if y != drop})
    got = queries.run(con, "district_projection")
    rows = {(None if pd.isna(r.district_code) else r.district_code):
            (r.communes, r.meeting, r.remaining, r.base_year, r.pace,
             None if pd.isna(r.complete_year) else r.complete_year,
             None if pd.isna(r.projected_year) else r.projected_year,
             None if pd.isna(r.limited_by) else r.limited_by) for r in got.itertuples()}
    assert rows.keys() == expected.keys()
    for key, want in expected.items():
        assert rows[key][:4] == want[:4] and rows[key][4] == pytest.approx(want[4]) and rows[key][5:] == want[5:], key
    # One rule across levels: the province never finishes before a district.
    province = rows[None][6]
    assert province is None or all(r[6] is None or r[6] <= province for r in rows.values())


def test_projection_keeps_the_chosen_districts(pace_db):
    got = queries.run(pace_db, "district_projection", districts=["D2"])
    assert [None if pd.isna(c) else c for c in got["district_code"]] == [None, "D2"]  # the province, then D2


@pytest.mark.parametrize("lang, row, name, expected", [
    ("vi", {"complete_year": None, "projected_year": 2028, "remaining": 5, "base_year": 2017, "latest_year": 2020,
            "pace": 2 / 3}, "Toàn tỉnh",
     "Toàn tỉnh: còn 5 xã; với tốc độ 2017–2020 (0,7 xã/năm), mọi xã đạt chuẩn vào khoảng năm 2028 (dự báo)."),
    ("vi", {"complete_year": None, "projected_year": None, "remaining": 2, "base_year": 2017, "latest_year": 2020,
            "pace": 0.0}, "Huyện Hai",
     "Huyện Hai: còn 2 xã; số xã đạt chuẩn không tăng trong 2017–2020 nên chưa dự báo được năm hoàn thành."),
    ("en", {"complete_year": 2017, "projected_year": None, "remaining": 0, "base_year": 2017, "latest_year": 2020,
            "pace": 0.0}, "Thành phố Ba", "Thành phố Ba: all communes have met the standard since 2017."),
    ("vi", {"complete_year": None, "projected_year": 2029, "remaining": 6, "base_year": 2017, "latest_year": 2020,
            "pace": 1.0, "limited_by": "Huyện Hai"}, "Toàn tỉnh",
     "Toàn tỉnh: còn 6 xã; mọi xã đạt chuẩn vào khoảng năm 2029 (dự báo), khi huyện chậm nhất, Huyện Hai, đạt với "
     "tốc độ gần đây của huyện đó."),
    ("en", {"complete_year": None, "projected_year": None, "remaining": 5, "base_year": 2017, "latest_year": 2020,
            "pace": 2 / 3, "limited_by": "Huyện Hai"}, "The province",
     "The province: 5 communes to go; no year can be projected, as the communes meeting the standard in Huyện Hai "
     "did not rise over the last three years."),
])
def test_projection_sentence_says_it_is_a_projection(lang, row, name, expected):
    assert findings.projection(pd.Series(row), name, lang) == expected


# -- targets: met, missed, reached, on track, behind -----------------------------------------------
@pytest.mark.parametrize("year, area, measure, status, actual, needed", [
    (2017, None, "meeting", "met", 4, None),
    (2019, None, "share_meeting", "met", 5 / 11, None),
    (2019, None, "avg_criteria", "missed", 155 / 11, None),
    (2023, None, "meeting", "behind", 8, 4 / 3),
    (2024, None, "meeting", "on_track", 6 + 8 / 3, 0.5),
    (2020, None, "districts_recognised", "missed", 1, None),
    (2020, "D3", "share_meeting", "met", 1.0, None),
    (2021, "D2", "meeting", "reached", 2, 0.0),
    (2020, "D1", "share_meeting", "missed", 0.5, None),
])
def test_target_status(pace_db, year, area, measure, status, actual, needed):
    got = queries.run(pace_db, "target_status")
    area_match = got["district_code"].isna() if area is None else got["district_code"] == area
    row = got[area_match & (got["target_year"] == year) & (got["measure"] == measure)]
    assert len(row) == 1
    row = row.iloc[0]
    assert row["status"] == status and row["expected"] == pytest.approx(actual)
    assert (pd.isna(row["needed_pace"]) if needed is None else row["needed_pace"] == pytest.approx(needed))


def test_target_status_for_chosen_districts_keeps_the_province(pace_db):
    got = queries.run(pace_db, "target_status", districts=["D1"])
    assert set(got["district_code"].dropna()) == {"D1"} and got["district_code"].isna().sum() == 6


@pytest.mark.parametrize("csv, problems", [
    # the province by code or name, a district by code or name: accepted
    ("year,area_code,measure,target\n2020,19,meeting,5\n2020,Tỉnh Thái Nguyên,avg_criteria,15\n"
     "2020,D1,share_meeting,70\n2020,Huyện Hai,meeting,3\n", []),
    ("year,area_code,measure,target\n2020,XX,meeting,5\n", [(2, "area_code", "Không phải mã tỉnh (19)")]),
    ("year,area_code,measure,target\n2020,19,share_meeting,170\n", [(2, "target", "Tỷ lệ phải nằm trong khoảng 0–100")]),
    ("year,area_code,measure,target\n2020,D1,districts_recognised,1\n",
     [(2, "area_code", "chỉ đặt cho cả tỉnh")]),
    ("year,area_code,measure,target\n2020,19,communes_total,5\n", [(2, "measure", "")]),
    ("year,area_code,measure,target\n2020,19,meeting,-1\n", [(2, "target", "")]),
])
def test_targets_are_validated(pace_store, csv, problems):
    report = dry_run(pace_store, "targets", csv.encode(), "ke-hoach.csv")
    got = [(p.row, p.column, p.message("vi")) for p in report.problems]
    assert [(r, c) for r, c, _ in got] == [(r, c) for r, c, _ in problems]
    assert all(m in g[2] for g, (_, _, m) in zip(got, problems))


@pytest.mark.parametrize("row, lang, expected", [
    ({"target_year": 2020, "measure": "share_meeting", "target": 0.7, "status": "missed", "latest_year": 2020,
      "latest_value": 0.649635, "value_at_year": 0.649635, "pace": 0.1, "needed_pace": None},
     "vi", "Kế hoạch toàn tỉnh 2020 (tỷ lệ xã đạt chuẩn): 70,0%; thực tế 65,0% — không đạt kế hoạch."),
    ({"target_year": 2023, "measure": "meeting", "target": 10, "status": "behind", "latest_year": 2020,
      "latest_value": 6, "value_at_year": 6, "pace": 2 / 3, "needed_pace": 4 / 3},
     "vi", "Kế hoạch toàn tỉnh 2023 (số xã đạt chuẩn): 10; năm 2020 đạt 6, cần +1,3/năm, tốc độ 3 năm gần nhất "
           "+0,7/năm — chậm so với kế hoạch."),
    ({"target_year": 2023, "measure": "meeting", "target": 10, "status": "behind", "latest_year": 2020,
      "latest_value": 6, "value_at_year": 6, "pace": 2 / 3, "needed_pace": 4 / 3},
     "en", "Province target 2023 (communes meeting the standard): 10; 6 in 2020, +1.3 a year needed, recent pace "
           "+0.7 a year — behind the plan."),
])
def test_province_target_sentence(row, lang, expected):
    assert findings.province_target(pd.Series(row), lang) == expected


@pytest.mark.parametrize("statuses, expected", [
    (["met", "met"], "Kế hoạch 2020 (tỷ lệ xã đạt chuẩn): 2/2 huyện đạt."),
    (["met", "missed"], "Kế hoạch 2020 (tỷ lệ xã đạt chuẩn): 1/2 huyện đạt; chưa đạt: Huyện Hai."),
    (["on_track", "behind"], "Kế hoạch 2020 (tỷ lệ xã đạt chuẩn): 1/2 huyện đạt; chưa đạt: Huyện Hai."),
])
def test_districts_against_their_targets(statuses, expected):
    rows = pd.DataFrame({"district_code": ["D1", "D2"], "district_name": ["Huyện Một", "Huyện Hai"],
                         "target_year": [2020, 2020], "measure": ["share_meeting"] * 2, "status": statuses})
    assert findings.targets_summary(rows, "vi") == expected


# -- districts recognised --------------------------------------------------------------------------
@pytest.mark.parametrize("districts, expected", [
    (None, [("P1", 1, 3, None), ("P2", 2, 3, 1)]),          # D3 in 2017; D2 in 2021, within P2 (2018–2022)
    (["D1", "D2"], [("P1", 0, 2, None), ("P2", 1, 2, 1)]),   # of the two chosen, D2 only
])
def test_recognitions_by_phase(pace_db, districts, expected):
    got = queries.run(pace_db, "recognitions_by_phase", districts=districts)
    assert [(r.phase_id, r.recognised, r.districts, None if pd.isna(r.change) else r.change)
            for r in got.itertuples()] == expected


def test_recognitions_listed_in_order(pace_db):
    got = queries.run(pace_db, "recognitions")
    assert list(zip(got["district_code"], got["year"], got["decision"])) == [("D3", 2017, "QĐ 1/2017"),
                                                                            ("D2", 2021, "QĐ 2/2021")]


def test_recognitions_kpi_on_the_overview(pace_store):
    at = run({}, None)
    card = next(m for m in kpis(at) if m.label == "Huyện đạt chuẩn NTM")
    assert card.value == "2/3" and card.delta == "+1"  # D3 and D2 by 2022 (P2), D3 alone by 2017 (P1)
    assert "2016–2017: 1/3" in card.notes


def test_no_recognitions_no_kpi(fixture_store):
    at = run({}, None)
    assert "Huyện đạt chuẩn NTM" not in [m.label for m in kpis(at)]


# -- a phase under way -----------------------------------------------------------------------------
PROGRESS_VI = ("Giai đoạn 2018–2022 đang thực hiện — số liệu đến năm 2020 (3/5 năm, 2018–2020). Đến nay 6/11 xã "
               "(54,5%) đạt chuẩn, +2 xã so với năm 2017. Kế hoạch 2022: 9; cần +1,5/năm, tốc độ 3 năm gần nhất "
               "+0,7/năm — chậm so với kế hoạch.")
PROGRESS_EN = ("Phase 2018–2022 is under way — data up to 2020 (3/5 years, 2018–2020). So far 6/11 communes (54.5%) "
               "meet the standard, +2 since 2017. Target 2022: 9; +1.5 a year needed, recent pace +0.7 a year — "
               "behind the plan.")


@pytest.mark.parametrize("lang, expected", [("vi", PROGRESS_VI), ("en", PROGRESS_EN)])
def test_phase_under_way(tmp_path, lang, expected):
    store = Store(tmp_path / "s")
    store.add_version(write_dataset(tmp_path / "src", tables(targets=[TARGETS[0], ["2022", "19", "meeting", "9"]])),
                      author="test", source="fixture")
    con = load_database(store.active())
    results = measures.with_data(queries.run(con, "phase_results"))
    target = measures.target_for(measures.scope_targets(queries.run(con, "target_status"), None), 2022)
    assert " ".join(findings.phase_progress(results.iloc[-1], target, lang)) == expected
    # a finished phase says nothing of the kind
    assert findings.phase_progress(results.iloc[0], target, lang) == []


def test_phase_under_way_on_the_overview_and_phases_page(pace_store):
    at = run({}, None)
    info = " ".join(i.value for i in at.info).replace("\\", "")  # shown as Markdown, escaped
    assert "đang thực hiện — số liệu đến năm 2020 (3/5 năm, 2018–2020)" in info and "6/11 xã (54,5%)" in info
    at = run({}, "pages/phases.py")
    assert "đang thực hiện — số liệu đến năm 2020" in " ".join(i.value for i in at.info)


# -- targets on the charts -------------------------------------------------------------------------
def test_targets_drawn_on_the_overview_line(pace_store):
    at = run({}, None)
    import json
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    labels = {a["text"] for a in spec["layout"]["annotations"] if a.get("text", "").startswith("Kế hoạch")}
    assert labels == {"Kế hoạch 2017: 4"}  # the targets due within the line's years (2016–2020)


def test_targets_and_recognitions_on_the_phases_chart(pace_store):
    import json
    at = run({}, "pages/phases.py")
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {d.get("name") for d in spec["data"]}
    assert "Kế hoạch của huyện" in names and "Kế hoạch toàn tỉnh 2019: 45,5%" in names
    ticks = next(d for d in spec["data"] if d.get("name") == "Kế hoạch của huyện")
    assert sorted(ticks["x"]) == [0.6, 1.0]  # D1 60%, D3 100% by 2020; D2's target is a count
    # D3 (2017) and D2 (2021) recognised by the end of P2 (2022)
    assert {y for y in spec["data"][1]["y"] if y.startswith("★ ")} == {"★ Thành phố Ba", "★ Huyện Hai"}


# -- the closing slide -----------------------------------------------------------------------------
def test_summary_slide_findings(pace_db):
    deck = slides.build(lambda n, **p: queries.run(pace_db, n, **p), {}, ["P1", "P2"], "vi", "n")
    last = deck[-1]
    assert last.key == "summary" and last.figure is None
    assert last.points == [
        "Giai đoạn 2018–2022 (đến năm 2020) có thêm 2 xã đạt chuẩn nông thôn mới: đến năm 2020, 6/11 xã (54,5%) "
        "đã đạt chuẩn.",
        "Giai đoạn 2018–2022 đang thực hiện — số liệu đến năm 2020 (3/5 năm, 2018–2020).",
        deck[1].message,
        deck[4].message,
        # the province's own pace would give 2028, but Huyện Hai gains none: no year (one rule across levels)
        "Toàn tỉnh: còn 5 xã; chưa dự báo được năm mọi xã đạt chuẩn vì số xã đạt chuẩn của Huyện Hai không tăng "
        "trong 3 năm gần nhất.",
    ]  # five at most: the districts recognised (2/3 by 2022) come next, left out


@pytest.mark.parametrize("targets, point", [
    # a target for the phase's end: the pace needed against the recent pace
    ([TARGETS[0], ["2022", "19", "meeting", "9"]],
     "Giai đoạn 2018–2022 đang thực hiện — số liệu đến năm 2020 (3/5 năm, 2018–2020). Kế hoạch 2022: 9; cần "
     "+1,5/năm, tốc độ 3 năm gần nhất +0,7/năm — chậm so với kế hoạch."),
    ([TARGETS[0], ["2022", "19", "meeting", "7"]],
     "Giai đoạn 2018–2022 đang thực hiện — số liệu đến năm 2020 (3/5 năm, 2018–2020). Kế hoạch 2022: 7; cần "
     "+0,5/năm, tốc độ 3 năm gần nhất +0,7/năm — đúng tiến độ."),
])
def test_summary_slide_of_a_phase_under_way(tmp_path, targets, point):
    store = Store(tmp_path / "s")
    store.add_version(write_dataset(tmp_path / "src", tables(targets=targets)), author="test", source="fixture")
    con = load_database(store.active())
    deck = slides.build(lambda n, **p: queries.run(con, n, **p), {}, ["P1", "P2"], "vi", "n")
    assert deck[-1].points[1] == point


def test_summary_slide_in_the_pptx_names_the_criteria(pace_db, browser):  # Kaleido renders with Chromium
    import io

    from pptx import Presentation

    from ntm import report
    deck = slides.build(lambda n, **p: queries.run(pace_db, n, **p), {}, ["P1", "P2"], "vi", "n")
    prs = Presentation(io.BytesIO(report.pptx_bytes(deck, "vi", "Toàn tỉnh")))
    text = "\n".join(sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame)
    for name in ("Nhóm 1 — Nhóm 1", "1. Tiêu chí 1", "19. Tiêu chí 19", "Nhóm 5 — Nhóm 5"):
        assert name in text
    assert "1. Giai đoạn 2018–2022 (đến năm 2020) có thêm 2 xã" in text and "5. Toàn tỉnh: còn 5 xã" in text


# -- the illustrative sample -----------------------------------------------------------------------
def test_sample_plan_and_recognitions_are_reproduced_and_illustrative(tmp_path):
    sample.generate_province(tmp_path)
    for name in ("targets", "district_recognitions"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (SAMPLE_DIR / f"{name}.csv").read_bytes(), name
    store = Store(tmp_path / "store")
    assert {"targets", "district_recognitions"} <= set(store.active().illustrative)
    recognised = pd.read_csv(SAMPLE_DIR / "district_recognitions.csv", dtype=str)
    # to 2020 the two cities, each the first year all its communes met the standard in the sample;
    # then those whose communes all meet the 2021–2025 standard from a year of it
    pairs = list(zip(recognised["district_code"], recognised["year"]))
    assert pairs[:2] == [("164", "2019"), ("165", "2020")]
    assert pairs[2:] == [("168", "2022"), ("169", "2023"), ("171", "2023"), ("172", "2021")]
    # a city or town "hoàn thành nhiệm vụ", a rural district "đạt chuẩn"
    assert dict(zip(recognised["district_code"], recognised["level"])) == {
        "164": "hoan_thanh", "165": "hoan_thanh", "168": "dat_chuan", "169": "dat_chuan", "171": "dat_chuan",
        "172": "hoan_thanh"}
    assert recognised["decision"].str.contains("minh họa").all()


@pytest.mark.parametrize("name", ["targets", "district_recognitions", "district_boundaries", "criteria_sets",
                                  "unit_changes", "commune_recognitions"])
def test_export_and_templates_know_the_new_datasets(sample_store, name, capsys):
    from ntm import cli, templates
    assert cli.main(["export", name]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    from ntm.schema import DATASETS
    assert header == ",".join(DATASETS[name].column_names)
    assert templates.template_csv(name).decode("utf-8-sig").splitlines()[0] == header


def test_the_projection_table_lists_the_districts_furthest_from_the_goal():
    """With more districts than a table shows: those without a positive pace first, then the latest
    projected years, then the ones already there; all of them when there are few."""
    from ntm.measures import furthest_from_goal
    rows = pd.DataFrame({"district_code": ["a", "b", "c", "d", "e", "f"],
                         "projected_year": [2030, None, 2041, None, 2030, None],
                         "complete_year": [None, None, None, 2019, None, None]})
    assert list(furthest_from_goal(rows, 4)["district_code"]) == ["b", "f", "c", "a"]
    assert list(furthest_from_goal(rows, 6)["district_code"]) == list("abcdef")  # all, in their order

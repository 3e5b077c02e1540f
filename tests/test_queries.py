"""Every named query against the hand-computed fixture (see conftest.CRITERIA_MET)."""
import math

import pandas as pd
import pytest

from ntm import queries


def rows(df: pd.DataFrame, key: list[str], cols: list[str]) -> dict:
    """{key tuple: {col: value}} with NaN/NA turned into None."""
    out = {}
    for r in df.to_dict("records"):
        k = tuple(r[c] for c in key)
        out[k if len(k) > 1 else k[0]] = {c: (None if pd.isna(r[c]) else r[c]) for c in cols}
    return out


def close(a, b):
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9))


COLS = ["communes", "meeting", "share_meeting", "avg_criteria", "under_10"]


@pytest.mark.parametrize("year, expected", [
    # communes, meeting, share, average criteria, under 10 — computed from CRITERIA_MET by hand
    (2014, [4, 0, 0.0, 41 / 4, 1]),
    (2015, [4, 1, 0.25, 57 / 4, 1]),
    (2016, [4, 2, 0.5, 68 / 4, 0]),
    (2017, [4, 2, 0.5, 57 / 4, 1]),   # C4 has left, C5 has joined
    (2019, [4, 4, 1.0, 19.0, 0]),
])
def test_standard_by_year(fixture_db, year, expected):
    got = rows(queries.run(fixture_db, "standard_by_year"), ["year"], COLS)
    assert sorted(got) == [2014, 2015, 2016, 2017, 2019]  # 2018 is missing, not invented
    assert all(close(got[year][c], e) for c, e in zip(COLS, expected)), got[year]


def test_standard_by_year_filtered_to_one_district(fixture_db):
    got = rows(queries.run(fixture_db, "standard_by_year", districts=["D1"]), ["year"], COLS)
    assert got[2015] == {"communes": 2, "meeting": 1, "share_meeting": 0.5, "avg_criteria": 13.5, "under_10": 1}


def test_standard_by_district_year(fixture_db):
    got = rows(queries.run(fixture_db, "standard_by_district_year"), ["district_code", "year"], COLS)
    assert got[("D2", 2017)] == {"communes": 1, "meeting": 1, "share_meeting": 1.0, "avg_criteria": 19.0,
                                 "under_10": 0}
    assert ("D3", 2015) not in got and got[("D3", 2017)]["avg_criteria"] == 9.0


@pytest.mark.parametrize("year, counts", [
    (2014, [0, 1, 2, 0, 1]),  # C1 10, C2 4, C3 15, C4 12
    (2015, [1, 1, 1, 1, 0]),  # C1 19, C2 8, C3 16, C4 14
])
def test_bands_by_year(fixture_db, year, counts):
    df = queries.run(fixture_db, "bands_by_year")
    part = df[df["year"] == year].sort_values("band")
    assert list(part["band"]) == [1, 2, 3, 4, 5]
    assert list(part["communes"]) == counts
    assert math.isclose(part["share"].sum(), 1.0)


def test_phases_result_and_base_years(fixture_db):
    got = rows(queries.run(fixture_db, "phases"), ["phase_id"], ["phase_order", "result_year", "base_year"])
    assert got == {
        "P1": {"phase_order": 1, "result_year": 2015, "base_year": 2014},  # no 2013: first year inside
        "P2": {"phase_order": 2, "result_year": 2017, "base_year": 2015},
        "P3": {"phase_order": 3, "result_year": 2019, "base_year": 2017},  # third phase, 2018 missing
    }


PHASE_COLS = ["meeting", "share_meeting", "avg_criteria", "under_10", "gain_meeting",
              "change_meeting", "change_share", "change_avg_criteria", "change_under_10"]


@pytest.mark.parametrize("phase, expected", [
    ("P1", [1, 0.25, 14.25, 1, 1, None, None, None, None]),
    ("P2", [2, 0.5, 14.25, 1, 1, 1, 0.25, 0.0, 0]),
    ("P3", [4, 1.0, 19.0, 0, 2, 2, 0.5, 4.75, -1]),
])
def test_phase_results(fixture_db, phase, expected):
    got = rows(queries.run(fixture_db, "phase_results"), ["phase_id"], PHASE_COLS)[phase]
    assert all(close(got[c], e) for c, e in zip(PHASE_COLS, expected)), got


@pytest.mark.parametrize("district, phase, expected", [
    ("D1", "P1", [1, 0.5, 13.5, 1, 1, None, None, None, None]),
    ("D1", "P2", [1, 0.5, 14.5, 0, 0, 0, 0.0, 1.0, -1]),
    ("D2", "P2", [1, 1.0, 19.0, 0, 1, 1, 1.0, 4.0, 0]),     # C4 left: denominator 1
    ("D3", "P1", [None] * 9),                               # no data in the first phase
    ("D3", "P2", [0, 0.0, 9.0, 1, None, None, None, None, None]),
    ("D3", "P3", [1, 1.0, 19.0, 0, 1, 1, 1.0, 10.0, -1]),
])
def test_phase_results_by_district(fixture_db, district, phase, expected):
    got = rows(queries.run(fixture_db, "phase_results_by_district"), ["district_code", "phase_id"], PHASE_COLS)
    assert all(close(got[(district, phase)][c], e) for c, e in zip(PHASE_COLS, expected)), got[(district, phase)]


def test_phase_results_by_district_filtered(fixture_db):
    df = queries.run(fixture_db, "phase_results_by_district", districts=["D3"])
    assert set(df["district_code"]) == {"D3"} and len(df) == 3


@pytest.mark.parametrize("indicator, values, changes", [
    ("contrib_money", [33, 37, 5], [None, 4, -32]),          # sum of years, summed over districts
    ("models", [10, 18, None], [None, 8, None]),             # last year in phase; none in P3
    ("poor", [11.5, 3, None], [None, -8.5, None]),           # mean of years, mean over districts
    ("teams", [9, None, None], [None, None, None]),          # commune values rolled up to districts
])
def test_indicator_by_phase(fixture_db, indicator, values, changes):
    df = queries.run(fixture_db, "indicator_by_phase")
    part = df[df["indicator_id"] == indicator].sort_values("phase_order")
    got_v = [None if pd.isna(v) else v for v in part["value"]]
    got_c = [None if pd.isna(v) else v for v in part["change"]]
    assert all(close(g, e) for g, e in zip(got_v, values)) and len(got_v) == 3, got_v
    assert all(close(g, e) for g, e in zip(got_c, changes)), got_c


def test_indicator_by_district_phase(fixture_db):
    df = queries.run(fixture_db, "indicator_by_district_phase", districts=["D1"])
    part = df[df["indicator_id"] == "contrib_money"].sort_values("phase_order")
    assert list(part["value"]) == [3, 7, 5] and list(part["change"].fillna(0)) == [0, 4, -2]


def test_districts_and_indicators_lists(fixture_db):
    d = queries.run(fixture_db, "districts")
    assert dict(zip(d["district_code"], d["communes"])) == {"D1": 2, "D2": 2, "D3": 1}
    assert list(queries.run(fixture_db, "indicators")["indicator_id"]) == ["contrib_money", "models", "poor", "teams"]


def test_every_query_is_tested():
    """A new .sql file must come with a test here (or, for the programme after 2020, in test_programme)."""
    import inspect
    import sys
    from pathlib import Path
    source = inspect.getsource(sys.modules[__name__]) + (Path(__file__).parent / "test_programme.py").read_text("utf-8")
    untested = [q for q in queries.available() if f'"{q}"' not in source]
    assert not untested, f"queries without a test: {untested}"


@pytest.mark.parametrize("name, params, error", [
    ("no_such_query", {}, "unknown query"),
    ("../store", {}, "unknown query"),
    ("phases", {"districts": ["D1"]}, "takes no parameter"),
])
def test_bad_query_calls(fixture_db, name, params, error):
    with pytest.raises(queries.QueryError, match=error):
        queries.run(fixture_db, name, **params)


def test_district_values_are_bound_not_spliced(fixture_db):
    df = queries.run(fixture_db, "standard_by_year", districts=["D1') or true --"])
    assert df.empty


@pytest.mark.parametrize("phase, criterion, share, change", [
    ("P1", 9, 0.75, None),   # 2015: C1 19, C2 8, C3 16, C4 14
    ("P1", 15, 0.5, None),
    ("P1", 17, 0.25, None),
    ("P2", 9, 1.0, 0.25),    # 2017: C1 19, C2 10, C3 19, C5 9 (all four meet criterion 9)
    ("P2", 17, 0.5, 0.25),
    ("P3", 17, 1.0, 0.5),
])
def test_criterion_share_by_phase(fixture_db, phase, criterion, share, change):
    got = rows(queries.run(fixture_db, "criterion_share_by_phase"), ["phase_id", "criterion_id"], ["share", "change"])
    assert close(got[(phase, criterion)]["share"], share) and close(got[(phase, criterion)]["change"], change)


def test_criterion_share_by_phase_for_one_group(fixture_db):
    df = queries.run(fixture_db, "criterion_share_by_phase", group=5)
    assert sorted(set(df["criterion_id"])) == [17, 18, 19] and len(df) == 9


def test_criterion_share_by_district_phase(fixture_db):
    got = rows(queries.run(fixture_db, "criterion_share_by_district_phase", districts=["D2"]),
               ["phase_id", "district_code", "criterion_id"], ["communes", "share", "change"])
    assert got[("P1", "D2", 15)] == {"communes": 2, "share": 0.5, "change": None}    # C3 yes, C4 no
    assert got[("P2", "D2", 15)] == {"communes": 1, "share": 1.0, "change": 0.5}     # C4 has left
    assert {k[1] for k in got} == {"D2"}


def test_communes_by_criterion(fixture_db):
    df = queries.run(fixture_db, "communes_by_criterion", district="D1", year=2017, criterion=12)
    assert list(zip(df["commune_code"], df["met"], df["criteria_met"])) == [("C2", False, 10), ("C1", True, 19)]


def test_commune_matrix(fixture_db):
    df = queries.run(fixture_db, "commune_matrix", district="D1", year=2015)
    assert len(df) == 38 and list(dict.fromkeys(df["commune_code"])) == ["C1", "C2"]
    c2 = df[df["commune_code"] == "C2"]
    assert list(c2.loc[c2["met"], "criterion_id"]) == list(range(1, 9))
    g3 = queries.run(fixture_db, "commune_matrix", district="D1", year=2015, group=3)
    assert sorted(set(g3["criterion_id"])) == [9, 10, 11, 12] and not g3[g3["commune_code"] == "C2"]["met"].any()


@pytest.mark.parametrize("commune, years, first", [
    ("C4", [2014, 2015, 2016], 2016),
    ("C2", [2014, 2015, 2016, 2017, 2019], 2019),
    ("C5", [2017, 2019], 2019),
])
def test_commune_profile(fixture_db, commune, years, first):
    df = queries.run(fixture_db, "commune_profile", commune=commune)
    assert list(df["year"]) == years and set(df["first_year_meeting"]) == {first}


@pytest.mark.parametrize("commune, year, missing", [
    ("C2", 2017, list(range(11, 20))),
    ("C2", 2016, list(range(13, 20))),
    ("C2", None, []),           # latest year (2019): all met
    ("C5", 2017, list(range(10, 20))),
])
def test_commune_missing_criteria(fixture_db, commune, year, missing):
    df = queries.run(fixture_db, "commune_missing_criteria", commune=commune, year=year)
    assert list(df["criterion_id"]) == missing


def test_communes_years_and_groups(fixture_db):
    assert list(queries.run(fixture_db, "communes", district="D1")["commune_code"]) == ["C2", "C1"]
    assert len(queries.run(fixture_db, "communes")) == 5
    assert list(queries.run(fixture_db, "data_years")["year"]) == [2014, 2015, 2016, 2017, 2019]
    assert list(queries.run(fixture_db, "criteria_groups")["group_id"]) == [1, 2, 3, 4, 5]


def test_mobilisation_vs_progress(fixture_db):
    got = rows(queries.run(fixture_db, "mobilisation_vs_progress", indicator="models"),
               ["district_code", "phase_id"], ["communes", "gain_share", "indicator_value", "indicator_per_commune"])
    assert got[("D1", "P1")] == {"communes": 2, "gain_share": 0.5, "indicator_value": 7, "indicator_per_commune": 3.5}
    assert got[("D2", "P2")] == {"communes": 1, "gain_share": 1.0, "indicator_value": 6, "indicator_per_commune": 6}
    assert got[("D3", "P1")]["communes"] is None


def test_optional_filters_of_the_per_district_views(fixture_db):
    one = queries.run(fixture_db, "criterion_share_by_district_phase", phases=["P2"])
    assert set(one["phase_id"]) == {"P2"} and len(one) == 3 * 19  # D1, D2, D3 have data in P2
    money = queries.run(fixture_db, "indicator_by_district_phase", indicator="contrib_money")
    assert set(money["indicator_id"]) == {"contrib_money"} and len(money) == 3 * 3


def test_keeping_charts_readable():
    import pandas as pd

    from ntm.measures import extremes
    comp = pd.DataFrame({"district_code": list("abcdef"), "change": [6, 5, 4, 3, 2, 1]})
    assert list(extremes(comp, 4)["district_code"]) == ["a", "b", "e", "f"]


def test_top_districts():
    import pandas as pd

    from ntm.measures import top_districts
    v = pd.DataFrame({"district_code": list("abcd"), "value": [3.0, 9.0, None, 5.0]})
    assert top_districts(v, True, 2) == ["b", "d"] and top_districts(v, False, 2) == ["a", "d"]
    assert top_districts(v, True, 10) == ["a", "b", "c", "d"]


# --- one definition of every measure ---------------------------------------------------------
def _recomputed(year: int, districts=None) -> dict:
    """The commune measures of `year` recomputed with plain Python from the fixture's rows
    (criteria_status and communes), never through the SQL."""
    from conftest import TABLES, status_rows

    owner = {c: d for c, _, d in TABLES["communes"][1:]}
    met: dict[str, int] = {}
    for y, commune, _, m in status_rows()[1:]:
        if int(y) == year and (not districts or owner[commune] in districts):
            met[commune] = met.get(commune, 0) + int(m)
    n = len(met)
    meeting = sum(1 for k in met.values() if k >= 19)
    return {"communes": n, "meeting": meeting, "share_meeting": meeting / n if n else None,
            "avg_criteria": sum(met.values()) / n if n else None,
            "under_10": sum(1 for k in met.values() if k < 10)}


RESULT_YEARS = {"P1": 2015, "P2": 2017, "P3": 2019}


@pytest.mark.parametrize("districts", [None, ["D1"], ["D2"], ["D3"], ["D1", "D3"], ["D1", "D2", "D3"]])
def test_province_results_equal_the_communes_rows(fixture_db, districts):
    """phase_results and standard_by_year over any set of districts equal the measures recomputed
    from every commune's rows; phase_results_by_district does the same per district."""
    res = queries.run(fixture_db, "phase_results", districts=districts).set_index("phase_id")
    by_year = queries.run(fixture_db, "standard_by_year", districts=districts).set_index("year")
    for phase, year in RESULT_YEARS.items():
        want = _recomputed(year, districts)
        for col in COLS:
            got = res.at[phase, col]
            assert close(None if pd.isna(got) else got, want[col] if want["communes"] else None), (phase, col)
            if want["communes"]:
                assert close(by_year.at[year, col], want[col]), (year, col)
    per = queries.run(fixture_db, "phase_results_by_district", districts=districts).set_index(["district_code",
                                                                                            "phase_id"])
    for (district, phase), row in per.iterrows():
        want = _recomputed(RESULT_YEARS[phase], [district])
        for col in COLS:
            got = None if pd.isna(row[col]) else row[col]
            assert close(got, want[col] if want["communes"] else None), (district, phase, col)


def test_criterion_shares_equal_the_communes_rows(fixture_db):
    from conftest import CRITERIA_MET

    got = queries.run(fixture_db, "criterion_share_by_phase").set_index(["phase_id", "criterion_id"])["share"]
    for phase, year in RESULT_YEARS.items():
        met = CRITERIA_MET[year].values()  # a commune meeting k criteria meets criteria 1..k
        for criterion in range(1, 20):
            assert close(got[(phase, criterion)], sum(k >= criterion for k in met) / len(met)), (phase, criterion)


# Phases 1 and 3 chosen: every "change" is phase 3 minus phase 1, in every query (the chart, the
# table and the download read the same column). Hand-computed from conftest.CRITERIA_MET.
P13 = ["P1", "P3"]


@pytest.mark.parametrize("query, params, key, column, expected", [
    ("phase_results", {}, "P3", "change_meeting", 3),                    # 1 → 4 (not 2 → 4)
    ("phase_results", {}, "P3", "change_share", 0.75),                   # 25% → 100%
    ("phase_results", {}, "P3", "change_avg_criteria", 4.75),            # 14,25 → 19
    ("phase_results", {}, "P3", "change_under_10", -1),                  # 1 → 0
    ("phase_results", {}, "P1", "change_meeting", None),
    ("phase_results", {"districts": ["D1"]}, "P3", "change_avg_criteria", 5.5),   # 13,5 → 19
    ("phase_results_by_district", {}, ("D2", "P3"), "change_share", 1.0),          # 0/2 → 1/1 (C4 left)
    ("phase_results_by_district", {}, ("D3", "P3"), "change_share", None),         # no data in P1
    ("indicator_by_phase", {}, ("contrib_money", "P3"), "change", -28),           # 33 → 5
    ("indicator_by_district_phase", {"districts": ["D1"]}, ("contrib_money", "P3"), "change", 2),  # 3 → 5
    ("criterion_share_by_phase", {}, (17, "P3"), "change", 0.75),                  # 25% → 100%
    ("criterion_share_by_district_phase", {"districts": ["D2"]}, (15, "P3"), "change", 0.5),  # 1/2 → 1/1
    ("district_comparison", {"measure": "share_meeting"}, "D2", "change", 1.0),
    ("district_comparison", {"measure": "share_meeting"}, "D1", "change", 0.5),
    ("district_comparison", {"measure": "share_meeting"}, "D3", "change", None),
    ("district_comparison", {"measure": "meeting"}, "D1", "change", 1),
    ("district_comparison", {"measure": "ind:contrib_money"}, "D1", "change", 2),
])
def test_change_between_the_chosen_phases(fixture_db, query, params, key, column, expected):
    df = queries.run(fixture_db, query, phases=P13, **params)
    assert set(df["phase_id"]) <= set(P13) if "phase_id" in df else True
    index = {"phase_results": ["phase_id"], "phase_results_by_district": ["district_code", "phase_id"],
             "indicator_by_phase": ["indicator_id", "phase_id"],
             "indicator_by_district_phase": ["indicator_id", "phase_id"],
             "criterion_share_by_phase": ["criterion_id", "phase_id"],
             "criterion_share_by_district_phase": ["criterion_id", "phase_id"],
             "district_comparison": ["district_code"]}[query]
    got = rows(df, index, [column])[key][column]
    assert close(got, expected), got


def test_change_skips_a_phase_without_data(fixture_db):
    """D3 has no data in P1: with every phase chosen its P2 has no change and its P3 changes from P2."""
    got = rows(queries.run(fixture_db, "phase_results_by_district", districts=["D3"]), ["phase_id"],
               ["change_meeting", "change_avg_criteria"])
    assert got["P2"] == {"change_meeting": None, "change_avg_criteria": None}
    assert got["P3"] == {"change_meeting": 1, "change_avg_criteria": 10.0}


@pytest.mark.parametrize("measure, phases, expected", [
    # district: (first, last, change, rank_first, rank_last, rank_change), largest change first
    ("share_meeting", P13, {"D2": (0.0, 1.0, 1.0, 2, 1, 1), "D1": (0.5, 1.0, 0.5, 1, 1, 0),
                            "D3": (None, 1.0, None, None, 1, None)}),
    ("avg_criteria", ["P2"], {"D2": (19.0, 19.0, 0.0, 1, 1, 0), "D1": (14.5, 14.5, 0.0, 2, 2, 0),
                              "D3": (9.0, 9.0, 0.0, 3, 3, 0)}),
    # lower is better: 8 (D1) ranks above 15 (D2); D2 has no value in P2
    ("ind:poor", ["P1", "P2"], {"D1": (8.0, 3.0, -5.0, 1, 1, 0), "D2": (15.0, None, None, 2, None, None),
                                "D3": (None, None, None, None, None, None)}),
    ("under_10", P13, {"D2": (0, 0, 0, 1, 1, 0), "D1": (1, 0, -1, 2, 1, 1), "D3": (None, 0, None, None, 1, None)}),
])
def test_district_comparison(fixture_db, measure, phases, expected):
    df = queries.run(fixture_db, "district_comparison", measure=measure, phases=phases)
    cols = ["first", "last", "change", "rank_first", "rank_last", "rank_change"]
    got = rows(df, ["district_code"], cols)
    assert list(df["district_code"])[:2] == list(expected)[:2]
    for district, values in expected.items():
        assert all(close(got[district][c], v) for c, v in zip(cols, values)), (district, got[district])


@pytest.mark.parametrize("measure, districts, phases, expected", [
    ("share_meeting", None, P13, [0.25, 1.0]),
    ("share_meeting", ["D1"], P13, [0.5, 1.0]),         # the selection, not the province
    ("meeting", None, None, [1, 2, 4]),
    ("ind:contrib_money", None, P13, [33, 5]),
    ("ind:poor", ["D2"], ["P1", "P2"], [15, None]),
    ("no_such_measure", None, None, []),
])
def test_measure_by_phase(fixture_db, measure, districts, phases, expected):
    df = queries.run(fixture_db, "measure_by_phase", measure=measure, districts=districts, phases=phases)
    got = [None if pd.isna(v) else v for v in df["value"]]
    assert len(got) == len(expected) and all(close(g, e) for g, e in zip(got, expected)), got


@pytest.mark.parametrize("roles, expected", [
    (None, {"contrib_money": "", "models": "", "poor": "", "teams": ""}),  # no role column: empty
    ({"contrib_money": "contrib_money", "teams": "teams"},
     {"contrib_money": "contrib_money", "models": "", "poor": "", "teams": "teams"}),
])
def test_indicator_roles(tmp_path, roles, expected):
    from conftest import TABLES, write_dataset
    from ntm.store import Store, load_database

    table = TABLES["indicators"]
    if roles is not None:
        table = [table[0] + ["role"]] + [r + [roles.get(r[0], "")] for r in table[1:]]
    store = Store(tmp_path / "store")
    store.add_version(write_dataset(tmp_path / "src", {"indicators": table}), author="test", source="fixture")
    got = queries.run(load_database(store.active()), "indicators")
    assert dict(zip(got["indicator_id"], got["role"])) == expected


@pytest.mark.parametrize("district, year, expected", [
    # D2 = C3, C4; C4 leaves after 2016: in 2017 one of the two communes of 2016 reports.
    ("D2", 2017, {"reported": 1, "listed": 2, "previous_year": 2016, "reported_before": 2, "missing": 1,
                  "missing_names": ["Xã Bốn"]}),
    ("D1", 2019, {"reported": 2, "listed": 2, "previous_year": 2017, "reported_before": 2, "missing": 0,
                  "missing_names": None}),
    ("D3", 2017, {"reported": 1, "listed": 1, "previous_year": None, "reported_before": 0, "missing": 0,
                  "missing_names": None}),
])
def test_commune_coverage(fixture_db, district, year, expected):
    row = queries.run(fixture_db, "commune_coverage", district=district, year=year).iloc[0]
    got = {k: int(row[k]) for k in ("reported", "listed", "reported_before", "missing")}
    got["previous_year"] = None if pd.isna(row["previous_year"]) else int(row["previous_year"])
    got["missing_names"] = list(row["missing_names"]) if row["missing"] else None
    assert got == expected


# --- published figures (see test_published.PUBLISHED) ----------------------------------------
@pytest.fixture
def published_db(tmp_path):
    """The fixture with the published measures and figures of test_published."""
    from conftest import write_dataset
    from ntm.store import Store, load_database
    from test_published import published_tables

    store = Store(tmp_path / "store")
    store.add_version(write_dataset(tmp_path / "src", published_tables()), author="test", source="fixture")
    return load_database(store.active())


def test_published_areas(published_db):
    got = queries.run(published_db, "published_areas", province="19", province_name="Tỉnh Thái Nguyên")
    # the country, the province, every district (with figures or not), and a commune with figures
    assert list(zip(got["area_code"], got["level"], got["figures"], got["parent_code"].fillna("–"))) == [
        ("VN", "country", 5, "–"), ("19", "province", 5, "VN"), ("D1", "district", 3, "19"),
        ("D2", "district", 0, "19"), ("D3", "district", 0, "19"), ("C3", "commune", 1, "D2")]
    assert list(got["area_name"][:3]) == ["Việt Nam", "Tỉnh Thái Nguyên", "Huyện A"]


def test_published_series(published_db):
    got = queries.run(published_db, "published_series", area="19")
    # measures in their table's order, each in date order; a year stands for its last day
    assert list(zip(got["measure"], got["as_of"], got["value"])) == [
        ("communes_standard", "2018", 3.0), ("communes_standard", "2019-06", 4.0),
        ("communes_total", "2019-06", 4.0), ("share_standard_pct", "2019-06", 100.0), ("avg_criteria", "2015", 14.3)]
    assert [str(d)[:10] for d in got["as_of_date"]] == ["2018-12-31", "2019-06-30", "2019-06-30", "2019-06-30",
                                                        "2015-12-31"]
    assert list(got["numerator"].fillna("")) == ["", "", "", "communes_standard", ""]


def test_published_latest(published_db):
    got = queries.run(published_db, "published_latest", area="VN")
    # 2018 and 2018-12-31 stand for the same day: the dated figure is the more precise
    assert list(zip(got["measure"], got["as_of"], got["value"])) == [
        ("communes_standard", "2018-12-31", 3790.0), ("share_standard_pct", "2016-02", 19.7)]
    assert queries.run(published_db, "published_latest", area="D2").empty


@pytest.mark.parametrize("areas, years, expected", [
    # area, as_of, measure: published, commune data, difference, flagged (tolerances 0, 0, 1 point, 0,1)
    (["D1"], None, [("D1", "2015", "communes_standard", 1, 1, 0, False),
                    ("D1", "2015", "communes_total", 3, 2, 1, True),
                    ("D1", "2015", "share_standard_pct", 33.3, 50.0, -16.7, True)]),
    (["19"], None, [("19", "2019-06", "communes_standard", 4, 4, 0, False),
                    ("19", "2019-06", "communes_total", 4, 4, 0, False),
                    ("19", "2019-06", "share_standard_pct", 100, 100, 0, False),
                    ("19", "2015", "avg_criteria", 14.3, 14.25, 0.05, False)]),   # 2018: no commune data
    (["19", "D1"], [2019], [("19", "2019-06", "communes_standard", 4, 4, 0, False),
                            ("19", "2019-06", "communes_total", 4, 4, 0, False),
                            ("19", "2019-06", "share_standard_pct", 100, 100, 0, False)]),
    (["VN", "C3", "D2"], None, []),  # the country and a commune are not in the commune data's areas
])
def test_published_beside_communes(published_db, areas, years, expected):
    got = queries.run(published_db, "published_beside_communes", province="19", province_name="Tỉnh Thái Nguyên",
                      areas=areas, years=years)
    rows = list(zip(got["area_code"], got["as_of"], got["measure"], got["published"], got["commune_value"],
                    got["difference"], got["flagged"]))
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected):
        assert row[:3] == want[:3] and row[6] == want[6]
        assert all(close(a, b) for a, b in zip(row[3:6], want[3:6])), row


# --- map, targets, recognitions and projections without the optional datasets ---------------------
@pytest.mark.parametrize("district, phase, value, change", [
    ("D1", "P1", 0.5, None), ("D1", "P3", 1.0, 0.5),
    ("D2", "P1", 0.0, None), ("D2", "P3", 1.0, 1.0),
    ("D3", "P1", None, None), ("D3", "P3", 1.0, None),   # no value in P1: no change to speak of
])
def test_map_districts(fixture_db, district, phase, value, change):
    got = queries.run(fixture_db, "map_districts", measure="share_meeting", phases=["P1", "P3"])
    assert len(got) == 6 and got["target"].isna().all() and got["recognised_year"].isna().all()
    row = rows(got, ["district_code", "phase_id"], ["value", "change", "lat", "lon"])[(district, phase)]
    assert close(row["value"], value) and close(row["change"], change)
    assert (row["lat"], row["lon"]) == ((21.5, 105.8) if district == "D1" else (None, None))


def test_district_projection(fixture_db):
    got = queries.run(fixture_db, "district_projection")
    # complete: the province and D1 since 2019, D2 since 2017 (C4 left, C3 met it), D3 since 2019;
    # pace from 2016 (three years before 2019), D3 from 2017, its first year
    want = {None: (4, 0, 2019, 2 / 3), "D1": (2, 0, 2019, 1 / 3), "D2": (1, 0, 2017, 0.0), "D3": (1, 0, 2019, 0.5)}
    got = {(None if pd.isna(k) else k): v for k, v in
           rows(got, ["district_code"], ["communes", "remaining", "complete_year", "pace", "projected_year"]).items()}
    assert got.keys() == want.keys()
    for code, (communes, remaining, complete, pace) in want.items():
        r = got[code]
        assert (r["communes"], r["remaining"], r["complete_year"], r["projected_year"]) == (communes, remaining,
                                                                                            complete, None)
        assert close(r["pace"], pace), (code, r)


def test_target_status_recognitions_and_boundaries_are_optional(fixture_db):
    assert queries.run(fixture_db, "target_status").empty
    assert queries.run(fixture_db, "recognitions").empty
    assert queries.run(fixture_db, "district_boundaries").empty
    got = queries.run(fixture_db, "recognitions_by_phase")
    assert [(r.phase_id, r.recognised, r.districts) for r in got.itertuples()] == [("P1", 0, 3), ("P2", 0, 3),
                                                                                  ("P3", 0, 3)]


# 2017 (P2's result year): D1 = C1 (19) + C2 (10): criteria 1–10 at 1.0, 11–19 at 0.5, mean 14.5/19;
# D2 = C3 (19): mean 1.0; D3 = C5 (9): mean 9/19. Change from 2015 (P1): D1 +0.5 on criteria 9–10
# (C2 had 8), mean 1/19; D2 (C3 16, C4 14 in 2015) +0.5 on 15–16 and +1 on 17–19, mean 4/19;
# D3 has no data in P1, so no change.
@pytest.mark.parametrize("phases, lowest, rank_by, expected", [
    (["P2"], 1, None, {"D3"}),
    (["P2"], 2, None, {"D3", "D1"}),
    (["P2"], 2, "share", {"D3", "D1"}),
    (["P2"], 3, None, {"D1", "D2", "D3"}),            # no more districts than asked: all
    (["P1", "P2"], 1, "change", {"D1"}),
    (["P1", "P2"], 2, "change", {"D1", "D2"}),         # D3 has no change: left out when ranking
    (["P1", "P2"], 3, "change", {"D1", "D2", "D3"}),
    (["P2"], None, None, {"D1", "D2", "D3"}),
])
def test_criterion_shares_of_the_lowest_districts(fixture_db, phases, lowest, rank_by, expected):
    df = queries.run(fixture_db, "criterion_share_by_district_phase", phases=phases, lowest=lowest, rank_by=rank_by)
    assert set(df["district_code"]) == expected
    assert len(df) == 19 * len({(r.district_code, r.phase_id) for r in df.itertuples()})  # whole rows of 19 criteria
    if phases == ["P1", "P2"] and lowest == 1:
        assert set(df["phase_id"]) == {"P1", "P2"}  # both phases of the kept district


# People's cash (role contrib_money) against the total investment (role investment_total), summed
# over each phase's years: P1 (2014–2015) people D1 1+2, D2 10+20 = 33; total D1 40, D2 20 = 60.
# P2 (2016–2017): people D1 3+4, D2 30 = 37; total D1 50 = 50. P3: people D1 5, no total.
@pytest.mark.parametrize("districts, expected", [
    (None, [("P1", 33, 60, 27, 0.55, 0.45), ("P2", 37, 50, 13, 0.74, 0.26)]),
    (["D1"], [("P1", 3, 40, 37, 0.075, 0.925), ("P2", 7, 50, 43, 0.14, 0.86)]),
    (["D2"], [("P1", 30, 20, 0, 1.5, 0.0)]),  # more than the total: no other part; no total in P2
])
def test_resource_mix(tmp_path, districts, expected):
    from conftest import TABLES, write_dataset
    from ntm.store import Store, load_database

    head, *rows = TABLES["indicators"]
    indicators = [head + ["role"]] + [r + ["contrib_money" if r[0] == "contrib_money" else ""] for r in rows] \
        + [["invest", "Tổng vốn huy động", "Total investment", "tỷ đồng", "district", "sum", "1", "investment_total"]]
    values = TABLES["indicator_values"] + [["2014", "D1", "invest", "40"], ["2015", "D2", "invest", "20"],
                                           ["2017", "D1", "invest", "50"]]
    store = Store(tmp_path / "store")
    store.add_version(write_dataset(tmp_path / "data", {"indicators": indicators, "indicator_values": values}),
                      author="test", source="fixture")
    df = queries.run(load_database(store.active()), "resource_mix", districts=districts)
    got = [(r.phase_id, r.people, r.total, r.other, round(r.people_share, 3), round(r.other_share, 3))
           for r in df.itertuples()]
    assert got == expected


def test_form_matrix_lists_every_commune_of_the_year_in_district_order(fixture_db):
    """2015 of the fixture: C1 meets 19, C2 8, C3 16, C4 14 (a commune meeting k meets criteria 1..k)."""
    rows = queries.run(fixture_db, "form_matrix", year=2015)
    assert list(rows.drop_duplicates("commune_code")["commune_code"]) == ["C1", "C2", "C3", "C4"]
    met = rows[rows["status"] == "dat"].groupby("commune_code").size().to_dict()
    assert met == {"C1": 19, "C2": 8, "C3": 16, "C4": 14}
    assert set(rows["status"]) == {"dat", "chua_dat"}
    only = queries.run(fixture_db, "form_matrix", year=2015, districts=["D2"])
    assert set(only["commune_code"]) == {"C3", "C4"}


def test_criteria_by_set_and_form_profiles(fixture_db):
    assert list(queries.run(fixture_db, "criteria_by_set")["criterion_id"]) == list(range(1, 20))
    assert queries.run(fixture_db, "form_profiles").empty   # none saved in the fixture


def test_commune_reports_beside_the_criteria(fixture_store, tmp_path):
    """A summary and a recognition of C1 come back as two rows, latest first; criteria untouched."""
    from ntm.ingest import commit
    from ntm.store import load_database

    commit(fixture_store, "commune_summaries", b"year,commune_code,criteria_met\n2019,C1,19\n", "s.csv", author="t")
    commit(fixture_store, "commune_recognitions",
           b"commune_code,level,year,decision\nC1,dat_chuan,2020,12/QD-UBND\n", "r.csv", author="t")
    db = load_database(fixture_store.active())
    rows = queries.run(db, "commune_reports", commune="C1")
    assert list(zip(rows["kind"], rows["year"], rows["criteria_met"].fillna(-1), rows["level"].fillna(""))) == [
        ("recognition", 2020, -1, "dat_chuan"), ("summary", 2019, 19, "")]


@pytest.mark.parametrize("phases", [["P1", "P3"], ["P3"], ["P1"]])
def test_hardest_criteria_are_the_same_in_the_title_and_the_chart(fixture_db, phases):
    """Ties broken by criterion number in both (in P3 every commune meets every criterion: 1, 2, 3)."""
    from ntm import findings
    from ntm.charts.criteria import hardest_bar

    shares = queries.run(fixture_db, "criterion_share_by_phase", phases=phases)
    chosen = queries.run(fixture_db, "phases").set_index("phase_id").loc[phases].reset_index()
    last = shares[shares["phase_id"] == phases[-1]]
    by_hand = sorted(last.itertuples(), key=lambda r: (r.share, r.criterion_id))[:3]
    title = findings.hardest_criteria(shares, phases[-1], 2019, "vi")
    assert title == "Tiêu chí khó nhất năm 2019: " + ", ".join(
        f"{r.name_vi} ({findings.percent(r.share, 0, 'vi')})" for r in by_hand)
    fig = hardest_bar(shares, chosen, "vi", "note", title)
    top = list(fig.data[-1].y)[::-1][:3]  # the chart's top three, hardest first
    assert top == [f"{int(r.criterion_id)}. {r.name_vi}" for r in by_hand]
    if phases[-1] == "P3":
        assert [r.criterion_id for r in by_hand] == [1, 2, 3]

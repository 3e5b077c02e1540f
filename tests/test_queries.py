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
    """A new .sql file must come with a test here."""
    import inspect
    import sys
    source = inspect.getsource(sys.modules[__name__])
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

    from ntm.measures import extremes, lowest_districts
    comp = pd.DataFrame({"district_code": list("abcdef"), "change": [6, 5, 4, 3, 2, 1]})
    assert list(extremes(comp, 4)["district_code"]) == ["a", "b", "e", "f"]
    cells = pd.DataFrame({"district_code": list("aabbcc"), "share": [0.1, 0.3, 0.9, 0.9, 0.5, 0.5]})
    assert set(lowest_districts(cells, "share", 2)["district_code"]) == {"a", "c"}


def test_top_districts():
    import pandas as pd

    from ntm.measures import top_districts
    v = pd.DataFrame({"district_code": list("abcd"), "value": [3.0, 9.0, None, 5.0]})
    assert top_districts(v, True, 2) == ["b", "d"] and top_districts(v, False, 2) == ["a", "d"]
    assert top_districts(v, True, 10) == ["a", "b", "c", "d"]

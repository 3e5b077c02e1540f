"""The bundled sample: reproducible from its generator and calibrated to published figures."""
import pytest

from ntm import queries, sample
from ntm.store import SAMPLE_DIR, load_database


def test_generator_reproduces_the_bundled_files(tmp_path):
    sample.generate_province(tmp_path)
    for name in ("phases", "indicators", "criteria_status", "indicator_values"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (SAMPLE_DIR / f"{name}.csv").read_bytes(), name


@pytest.fixture(scope="module")
def sample_db():
    from ntm.store import Store
    import tempfile
    return load_database(Store(tempfile.mkdtemp()).active())


def test_official_units(sample_db):
    d = queries.run(sample_db, "districts")
    assert len(d) == 9 and d["communes"].sum() == 139
    sizes = dict(sample_db.sql("select set_id, count(*) from criteria group by all").fetchall())
    assert sizes == {"2010-2020": 19, "318-2022": 19, "51-2025": 10}


def test_mid_2015_bands_match_the_published_figures(sample_db):
    bands = queries.run(sample_db, "bands_by_year")
    y2015 = dict(zip(bands[bands["year"] == 2015]["band"], bands[bands["year"] == 2015]["communes"]))
    assert abs(y2015[1] - 20) <= 3 and abs(y2015[2] - 31) <= 5 and abs(y2015[3] - 50) <= 5, y2015


def test_2020_is_below_the_2022_share_and_mobilisation_is_large(sample_db):
    y = queries.run(sample_db, "standard_by_year").set_index("year")
    assert 0.55 <= y.at[2020, "share_meeting"] < 0.796
    assert y.at[2020, "communes"] < y.at[2019, "communes"]  # communes became wards
    ind = queries.run(sample_db, "indicator_by_phase").set_index(["indicator_id", "phase_id"])["value"]
    assert ind[("dvk_models", "2016-2020")] > 6000 and ind[("mobilisation_teams", "2016-2020")] > 3000


def test_cities_lead_and_mountain_districts_trail(sample_db):
    r = queries.run(sample_db, "phase_results_by_district")
    share = r[r["phase_id"] == "2016-2020"].set_index("district_code")["share_meeting"]
    assert min(share["164"], share["165"]) > share.drop(["164", "165"]).max() - 1e-9
    assert set(share.nsmallest(2).index) == {"167", "170"}  # Định Hóa, Võ Nhai


def test_hardest_criteria(sample_db):
    hardest = sample_db.sql("""select criterion_id from criteria_status where year = 2015
                               group by 1 order by avg(met::int) limit 4""").df()["criterion_id"]
    assert set(hardest) == {10, 11, 13, 17}

"""Generator of the bundled, illustrative sample data.

    python -m ntm.sample data/                      # Thái Nguyên, 2010–2020 (the bundled sample)
    python -m ntm.sample OUT --national             # ~9,000 communes in 700 districts, 2010–2025

The districts, communes and criteria of Thái Nguyên are the official lists
(data/districts.csv, data/communes.csv, data/criteria.csv). Everything else is
generated from a fixed seed and calibrated to the province's published figures:
about 20 communes meeting all 19 criteria in mid-2015, 31 at 15–18 and 50 at 10–14;
roughly seven in ten communes meeting the standard by 2020; more than 6,000
"dân vận khéo" models and 3,000 mobilisation teams by 2020. The cities lead, the
mountain districts Võ Nhai and Định Hóa trail; income, poor households, environment
and production organisation are the hardest criteria. The province's and the districts'
targets and the districts recognised by decision (each district in the first year all its
communes meet the standard) are illustrative too. It is illustrative data only.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import pandas as pd

from . import published, sample_after_2020
from .schema import DATASETS, province_code

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SEED = 20101

PHASES = [
    ("2010-2015", "Giai đoạn 2010–2015", "Phase 2010–2015", 2010, 2015),
    ("2016-2020", "Giai đoạn 2016–2020", "Phase 2016–2020", 2016, 2020),
]
NATIONAL_PHASES = PHASES + [("2021-2025", "Giai đoạn 2021–2025", "Phase 2021–2025", 2021, 2025)]

INDICATORS = [
    # id, name_vi, name_en, unit, level, aggregation, higher_is_better, role
    ("contrib_money", "Nhân dân đóng góp tiền", "People's cash contributions", "tỷ đồng", "district", "sum", 1,
     "contrib_money"),
    ("contrib_land", "Nhân dân hiến đất", "Land donated by residents", "m²", "district", "sum", 1, "contrib_land"),
    ("contrib_labour", "Nhân dân góp ngày công", "Labour days contributed", "ngày công", "district", "sum", 1,
     "contrib_labour"),
    ("investment_total", "Tổng vốn huy động", "Total investment mobilised", "tỷ đồng", "district", "sum", 1,
     "investment_total"),
    ("income_per_capita", "Thu nhập bình quân đầu người", "Income per capita", "triệu đồng/người/năm",
     "district", "last", 1, ""),
    ("poor_household_rate", "Tỷ lệ hộ nghèo", "Poor-household rate", "%", "district", "mean", 0, ""),
    ("dvk_models", "Mô hình “dân vận khéo”", "“Dân vận khéo” models", "mô hình", "district", "last", 1, "models"),
    ("mobilisation_teams", "Tổ dân vận", "Mobilisation teams", "tổ", "district", "last", 1, "teams"),
]

# How far ahead each district was (cities ahead, mountain districts behind) and how
# intensively it mobilised residents. Unknown districts (national scale) draw both.
DISTRICT_READINESS = {"164": 1.3, "165": 1.0, "172": 0.6, "173": 0.15, "169": 0.05,
                      "168": 0.25, "171": -0.1, "167": -0.8, "170": -1.25}
DISTRICT_MOBILISATION = {"164": 0.25, "165": 0.1, "172": 0.2, "173": 0.15, "169": -0.05,
                         "168": 0.1, "171": 0.0, "167": -0.15, "170": -0.25}
# Difficulty of each criterion (higher = met later).
CRITERION_DIFFICULTY = {1: -1.0, 2: 0.55, 3: -0.5, 4: -1.5, 5: 0.3, 6: 0.6, 7: 0.1, 8: -1.2, 9: -0.2,
                        10: 1.25, 11: 1.15, 12: -0.4, 13: 1.0, 14: -0.3, 15: -0.5, 16: -0.6,
                        17: 1.3, 18: -0.8, 19: -1.3}
# Communes that become wards and leave the programme in 2020 (illustrative).
LEAVE_IN_2020 = {"05881": 2020, "05887": 2020}

# Published figures the status data is calibrated to (share of communes).
TARGET_2015_BANDS = {"19": 20 / 139, "15-18": 31 / 139, "10-14": 50 / 139}
TARGET_2020_STANDARD = 0.70
TARGET_2010_AVERAGE = 5.5

# Illustrative plan (not the province's real one): the province's targets for 2015, 2020 and 2025,
# and each district's share of communes meeting the standard by 2020 (in %).
PROVINCE_TARGETS = [(2015, "meeting", 20), (2015, "share_meeting", 15), (2020, "meeting", 96),
                    (2020, "share_meeting", 70), (2020, "districts_recognised", 3), (2025, "share_meeting", 90)]
DISTRICT_TARGETS_2020 = {"164": 100, "165": 100, "167": 40, "168": 60, "169": 70, "170": 30, "171": 70,
                         "172": 90, "173": 70}
RECOGNITION_DECISION = "Quyết định minh họa (không phải quyết định thật)"


def _latent(rng, readiness, mobilisation, n_criteria=19, sigma=0.3):
    """Per commune × criterion lateness: criterion difficulty minus commune readiness, plus noise."""
    n = len(readiness)
    difficulty = np.array([CRITERION_DIFFICULTY.get(k, 0.0) for k in range(1, n_criteria + 1)])
    commune = readiness + 0.8 * mobilisation + rng.normal(0, 0.9, n)
    return difficulty[None, :] - commune[:, None] + rng.normal(0, sigma, (n, n_criteria))


def _bands(met_counts):
    return {"19": np.mean(met_counts == 19), "15-18": np.mean((met_counts >= 15) & (met_counts <= 18)),
            "10-14": np.mean((met_counts >= 10) & (met_counts <= 14))}


def calibrate(latent):
    """Offset and scale turning lateness into the year a criterion is met, fitted to the published figures."""
    best, best_err = (0.0, 1.0), float("inf")
    for offset in np.arange(2.0, 9.01, 0.1):
        for scale in np.arange(1.5, 8.01, 0.1):
            year_met = 2010 + offset + scale * latent
            c15 = (year_met <= 2015).sum(axis=1)
            c20 = (year_met <= 2020).sum(axis=1)
            c10 = (year_met <= 2010).sum(axis=1)
            b = _bands(c15)
            err = sum((b[k] - v) ** 2 for k, v in TARGET_2015_BANDS.items()) + 3 * (b["19"] - TARGET_2015_BANDS["19"]) ** 2
            err += (np.mean(c20 == 19) - TARGET_2020_STANDARD) ** 2
            err += ((c10.mean() - TARGET_2010_AVERAGE) / 19) ** 2
            if err < best_err:
                best, best_err = (float(offset), float(scale)), err
    return best


def status_rows(communes: pd.DataFrame, years: range, rng, leave=None, params=None):
    """Yearly criteria status of every commune, monotone (a criterion once met stays met)."""
    leave = leave or {}
    readiness = communes["district_code"].map(DISTRICT_READINESS).to_numpy(dtype=float)
    mobil = communes["district_code"].map(DISTRICT_MOBILISATION).to_numpy(dtype=float)
    latent = _latent(rng, readiness, mobil)
    offset, scale = params or calibrate(latent)
    year_met = np.ceil(2010 + offset + scale * latent).astype(int)
    # No commune was recognised before the programme's first assessments in 2012.
    last = year_met.argmax(axis=1)
    rows = np.arange(len(year_met))
    year_met[rows, last] = np.maximum(year_met[rows, last], 2012)
    codes = communes["commune_code"].to_numpy()
    frames = []
    for year in years:
        present = np.array([year < leave.get(c, 10_000) for c in codes])
        met = (year_met <= year)[present]
        n = present.sum()
        frames.append(pd.DataFrame({
            "year": year,
            "commune_code": np.repeat(codes[present], 19),
            "criterion_id": np.tile(np.arange(1, 20), n),
            "met": met.reshape(-1).astype(int),
        }))
    return pd.concat(frames, ignore_index=True)


def indicator_rows(districts: pd.DataFrame, communes: pd.DataFrame, years: range, rng):
    """Yearly district indicators scaled by the number of communes and the district's readiness."""
    counts = communes.groupby("district_code").size()
    rows = []
    for code in districts["district_code"]:
        n = int(counts.get(code, 0))
        ready = DISTRICT_READINESS.get(code, 0.0)
        mob = DISTRICT_MOBILISATION.get(code, 0.0)
        models = n * (3.0 + 6.0 * mob + rng.uniform(0, 0.8))
        teams = n * (11.0 + rng.uniform(0, 2.5))
        for year in years:
            t = year - 2010
            wave = 1.0 + 0.35 * np.sin((t - 2) / 3)  # road building peaks mid-decade
            noise = lambda s=0.12: float(rng.lognormal(0, s))  # noqa: E731
            models = models * (1.0 + 0.29 + 0.25 * mob) * noise(0.04) if t else models
            teams = teams * (1.0 + 0.065 + 0.04 * mob) * noise(0.03) if t else teams
            poor = (16.0 - 9.0 * ready) * 0.86 ** t * (1.45 if year >= 2016 else 1.0)
            values = {
                "contrib_money": n * (0.9 + 0.35 * ready + 0.08 * t) * wave * noise(),
                "contrib_land": n * (3200 + 900 * mob * 4) * wave * noise(0.2),
                "contrib_labour": n * (3600 + 1500 * mob) * wave * noise(),
                "investment_total": n * (9.0 + 3.5 * ready + 1.1 * t) * noise(),
                "income_per_capita": (15.0 + 5.0 * ready) * 1.105 ** t * noise(0.03),
                "poor_household_rate": max(0.8, poor * noise(0.05)),
                "dvk_models": round(models),
                "mobilisation_teams": round(teams),
            }
            for ind, value in values.items():
                digits = 0 if ind in ("dvk_models", "mobilisation_teams", "contrib_land", "contrib_labour") else 2
                rows.append((year, code, ind, round(float(value), digits)))
    return pd.DataFrame(rows, columns=["year", "area_code", "indicator_id", "value"])


def target_rows(province_code: str) -> pd.DataFrame:
    """The illustrative plan: the province's targets, then each district's for 2020."""
    rows = [(y, province_code, m, v) for y, m, v in PROVINCE_TARGETS]
    rows += [(2020, code, "share_meeting", v) for code, v in sorted(DISTRICT_TARGETS_2020.items())]
    return pd.DataFrame(rows, columns=DATASETS["targets"].column_names)


def recognition_rows(status: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Each district recognised (illustratively) in the first year from which all its communes meet
    the standard in every later year of the data."""
    met = status.groupby(["year", "commune_code"])["met"].min().reset_index()
    met = met.merge(communes[["commune_code", "district_code"]], on="commune_code")
    complete = met.groupby(["district_code", "year"])["met"].min().unstack().sort_index(axis=1)
    rows = []
    for code, by_year in complete.iterrows():
        years = [int(y) for y, ok in by_year.items() if ok == 1]
        later = [int(y) for y, ok in by_year.items() if ok == 0]
        first = min((y for y in years if all(y > z for z in later)), default=None)
        if first is not None:
            rows.append((code, first, RECOGNITION_DECISION))
    return pd.DataFrame(rows, columns=DATASETS["district_recognitions"].column_names[:3])


def _write(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _write_dims(out: Path, phases) -> None:
    _write(pd.DataFrame(phases, columns=["phase_id", "name_vi", "name_en", "start_year", "end_year"]),
           out / "phases.csv")
    _write(pd.DataFrame(INDICATORS, columns=DATASETS["indicators"].column_names), out / "indicators.csv")


def generate_province(out: Path, source: Path = DATA_DIR, crosswalk: Path | None = None,
                      levels: Path | None = None) -> None:
    """Write the bundled sample: official dimensions from `source`, generated facts."""
    rng = np.random.default_rng(SEED)
    out.mkdir(parents=True, exist_ok=True)
    read = lambda name: pd.read_csv(source / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    districts, communes = read("districts"), read("communes")
    if "valid_from" in communes:  # the province's units of 2010–2020 (those from 1 July 2025, and old
        # Bắc Kạn's, come after)
        other = communes["province_code"] != "" if "province_code" in communes else False
        communes = communes[(communes["valid_from"] == "") & ~other][["commune_code", "commune_name", "district_code"]]
    if out.resolve() != source.resolve():
        # The official lists, and the published figures (real, with their sources: never generated).
        for name in ("districts", "communes", "criteria", "published_figures", "unit_changes"):
            if (source / f"{name}.csv").is_file():
                _write(read(name), out / f"{name}.csv")
    _write_dims(out, PHASES)
    _write(pd.DataFrame(published.MEASURES, columns=DATASETS["published_measures"].column_names),
           out / "published_measures.csv")
    # No other province is bundled: the dashboard's own is known by its code (schema.province_code).
    _write(pd.DataFrame(columns=DATASETS["provinces"].column_names), out / "provinces.csv")
    years = range(2010, 2021)
    status = status_rows(communes, years, rng, LEAVE_IN_2020)
    _write(status, out / "criteria_status.csv")
    _write(indicator_rows(districts, communes, years, rng), out / "indicator_values.csv")
    _write(target_rows(province_code()), out / "targets.csv")
    _write(recognition_rows(status, communes), out / "district_recognitions.csv")
    sample_after_2020.generate(out, crosswalk, levels)


def generate_national(out: Path, n_districts: int = 700, n_communes: int = 9000,
                      years: range = range(2010, 2026), source: Path = DATA_DIR) -> None:
    """A national-scale dataset of the same family: synthetic districts and communes."""
    rng = np.random.default_rng(SEED + 1)
    out.mkdir(parents=True, exist_ok=True)
    dcodes = [f"{i:03d}" for i in range(1, n_districts + 1)]
    types = rng.choice(["Huyện", "Thị xã", "Thành phố"], n_districts, p=[0.8, 0.1, 0.1])
    districts = pd.DataFrame({"district_code": dcodes, "district_name": [f"{t} Mẫu {i}" for i, t in
                                                                          enumerate(types, 1)],
                              "district_type": types, "lat": "", "lon": ""})
    for code, kind in zip(dcodes, types):
        DISTRICT_READINESS.setdefault(code, float(rng.normal(0.5 if kind != "Huyện" else -0.1, 0.5)))
        DISTRICT_MOBILISATION.setdefault(code, float(rng.normal(0, 0.15)))
    owner = np.sort(rng.integers(0, n_districts, n_communes))
    communes = pd.DataFrame({"commune_code": [f"{i:05d}" for i in range(1, n_communes + 1)],
                             "commune_name": [f"Xã Mẫu {i}" for i in range(1, n_communes + 1)],
                             "district_code": [dcodes[i] for i in owner]})
    _write(districts, out / "districts.csv")
    _write(communes, out / "communes.csv")
    _write(pd.read_csv(source / "criteria.csv", dtype=str), out / "criteria.csv")
    _write_dims(out, NATIONAL_PHASES)
    leave = {c: 2018 + int(rng.integers(0, 8)) for c in rng.choice(communes["commune_code"], 150, replace=False)}
    status = status_rows(communes, years, rng, leave, params=(4.0, 3.5))
    _write(status, out / "criteria_status.csv")
    _write(indicator_rows(districts, communes, years, rng), out / "indicator_values.csv")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--national", action="store_true")
    ap.add_argument("--crosswalk", type=Path, help="the 2025 crosswalk of units (read once into unit_changes)")
    ap.add_argument("--levels", type=Path, help="published figures on levels (read once into published_figures)")
    a = ap.parse_args(argv)
    if a.national:
        generate_national(a.out)
    else:
        generate_province(a.out, crosswalk=a.crosswalk, levels=a.levels)
    with open(a.out / "criteria_status.csv", encoding="utf-8") as f:
        print(f"{a.out}: {sum(1 for _ in csv.reader(f)) - 1:,} status rows")


if __name__ == "__main__":
    main()

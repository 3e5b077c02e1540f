"""The bundled sample after 2020, added to the 2010–2020 sample as data (illustrative, like it).

    python -m ntm.sample data/ --crosswalk PATH   # once: the real 2025 crosswalk into data/unit_changes.csv

What is real: the criteria sets (Decision 318/QĐ-TTg of 08/03/2022 renamed criteria 3, 11, 12
and 13; Decision 51/2025/QĐ-TTg of 29/12/2025 has 10 criteria), the 77 communes of the province
from 1 July 2025 and the crosswalk of every old unit to its new one (Resolution 1683/NQ-UBTVQH15),
the province's 2025 plan (97% / 40% / 10%) and the published figures. What is generated, from a
fixed seed and calibrated to those figures: the criteria status of 2021–2024 on the old communes
(about 100, 109, 118 and 122 of 137 meeting the standard), of the end of 2025 on the new units
(a new unit meets a criterion its old parts all met, or caught up on; units from Bắc Kạn start
lower), of 2026 on the 10 new criteria, of 2010–2024 on the old communes of Bắc Kạn (another
province then: counted only in the history of today's communes); the recognitions — đạt chuẩn in
the year a commune first meets every criterion, nâng cao and kiểu mẫu on old units (33 and 10 at
the end of 2023), and on the new units at the end of 2025 only where at least half their old
parts held the level (a recognition does not carry over by itself). The old communes are kept as
they were in 2019 up to 30 June 2025 (the mergers of 2020–2024 are not replayed); old Bắc Kạn's
communes carry no district here.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .schema import DATASETS, province_code

SEED = 20211
OLD_SET, SET_2021, SET_2026 = "2010-2020", "318-2022", "51-2025"
OLD_UNITS_END, NEW_UNITS_START = "2025-06-30", "2025-07-01"
DECISION = "Quyết định minh họa (không phải quyết định thật)"
RESOLUTION = "1683/NQ-UBTVQH15"

SETS = [
    (OLD_SET, "Bộ tiêu chí quốc gia 2010–2020 (19 tiêu chí)", "National criteria 2010–2020 (19 criteria)",
     "491/QĐ-TTg ngày 16/4/2009; 1980/QĐ-TTg ngày 17/10/2016"),
    (SET_2021, "Bộ tiêu chí xã nông thôn mới 2021–2025 (19 tiêu chí)", "Commune criteria 2021–2025 (19 criteria)",
     "318/QĐ-TTg ngày 08/3/2022"),
    (SET_2026, "Bộ tiêu chí xã nông thôn mới 2026–2030 (10 tiêu chí, 47 chỉ tiêu)",
     "Commune criteria 2026–2030 (10 criteria, 47 indicators)", "51/2025/QĐ-TTg ngày 29/12/2025"),
]
PHASES_AFTER = [
    ("2021-2025", "Giai đoạn 2021–2025", "Phase 2021–2025", 2021, 2025, SET_2021),
    ("2026-2030", "Giai đoạn 2026–2030", "Phase 2026–2030", 2026, 2030, SET_2026),
]
# Decision 318: the same 19 numbers and groups; these renamed (and 11 judged on another standard).
RENAMED_2021 = {
    3: ("Thủy lợi và phòng, chống thiên tai", "Irrigation and disaster prevention", "", ""),
    11: ("Nghèo đa chiều", "Multidimensional poverty",
         "Tính theo chuẩn nghèo đa chiều thay cho tỷ lệ hộ nghèo theo thu nhập.",
         "Judged on the multidimensional poverty standard instead of the income-poverty rate."),
    12: ("Lao động", "Labour", "", ""),
    13: ("Tổ chức sản xuất và phát triển kinh tế nông thôn", "Production organisation and rural economic development",
         "", ""),
}
# Decision 51/2025: 10 criteria. The groups are the dashboard's, after the five of the sets before
# (the decision groups communes, not criteria), so the criteria views filter alike across sets.
GROUPS = {1: ("Quy hoạch", "Planning"), 2: ("Hạ tầng kinh tế - xã hội", "Socio-economic infrastructure"),
          3: ("Kinh tế và tổ chức sản xuất", "Economy and production"),
          4: ("Văn hóa - Xã hội - Môi trường", "Culture, society and environment"),
          5: ("Hệ thống chính trị", "Political system")}
CRITERIA_2026 = [
    (1, "Quy hoạch", "Planning", 1),
    (2, "Hạ tầng kinh tế - xã hội", "Socio-economic infrastructure", 2),
    (3, "Phát triển kinh tế nông thôn", "Rural economic development", 3),
    (4, "Đào tạo nguồn nhân lực nông thôn", "Rural workforce training", 3),
    (5, "Văn hóa, giáo dục, y tế", "Culture, education and health", 4),
    (6, "Giảm nghèo và an sinh xã hội", "Poverty reduction and social security", 3),
    (7, "Khoa học công nghệ và chuyển đổi số", "Science, technology and digital transformation", 3),
    (8, "Môi trường và cảnh quan nông thôn", "Rural environment and landscape", 4),
    (9, "Xây dựng hệ thống chính trị và hành chính công", "Political system and public administration", 5),
    (10, "Tiếp cận pháp luật và an ninh, quốc phòng", "Access to law, security and defence", 5),
]
NEW_SET_CHANGE = ("Tiêu chí của bộ mới (10 tiêu chí, 47 chỉ tiêu, ngưỡng theo 3 nhóm xã).",
                  "A criterion of the new set (10 criteria, 47 indicators, thresholds for 3 groups of communes).")

# Calibration (illustrative): old communes meeting the 318 standard at the end of 2021–2024; old
# communes at nâng cao or above and at kiểu mẫu (33 and 10 at the end of 2023: the province's figures).
MEETING_2021_2024 = {2021: 100, 2022: 109, 2023: 118, 2024: 122}
ADVANCED = {2021: 6, 2022: 18, 2023: 33, 2024: 45}
MODEL = {2022: 3, 2023: 10, 2024: 14}
MEETING_2026_SHARE = 0.16
# Harder criteria of the 2021 set (met later), by number.
DIFFICULTY_2021 = {10: 1.2, 11: 1.3, 13: 1.0, 17: 1.4, 5: 0.4, 6: 0.5, 2: 0.4}


def criteria_rows(base: pd.DataFrame) -> pd.DataFrame:
    """The three sets' criteria: the bundled 19 (as the 2010–2020 set), 318's 19, 51's 10."""
    old = base[base["set_id"].isin(["", OLD_SET])] if "set_id" in base else base
    old = old[["criterion_id", "name_vi", "name_en", "group_id", "group_vi", "group_en"]].assign(
        set_id=OLD_SET, change_vi="", change_en="")
    new = old.copy().assign(set_id=SET_2021)
    for cid, (vi, en, cvi, cen) in RENAMED_2021.items():
        at = new["criterion_id"].astype(int) == cid
        new.loc[at, ["name_vi", "name_en", "change_vi", "change_en"]] = [vi, en, cvi, cen]
    latest = pd.DataFrame([(str(cid), vi, en, str(g), *GROUPS[g], SET_2026, *NEW_SET_CHANGE)
                           for cid, vi, en, g in CRITERIA_2026], columns=list(old.columns))
    return pd.concat([old, new, latest], ignore_index=True)[DATASETS["criteria"].column_names]


def unit_changes_from_crosswalk(crosswalk: pd.DataFrame) -> pd.DataFrame:
    """The crosswalk of 1 July 2025 (old unit of 2019 → new unit) as rows of unit_changes, the
    old units it could not place included (new unit blank)."""
    rows = crosswalk
    return pd.DataFrame({
        "old_commune_code": rows["old_commune_code"], "old_name": rows["old_name"],
        "new_commune_code": rows["new_commune_code"], "new_name": rows["new_name"], "date": "",  # the units' own start
        "mapping": rows["mapping_2025"], "old_district": rows["old_district"],
        "resolution": rows["resolution_2025"],
    }).drop_duplicates().reset_index(drop=True)  # an old unit reaching one new unit by two steps: once


def new_units(changes: pd.DataFrame, new_xa: set[str], old: pd.DataFrame) -> pd.DataFrame:
    """The communes (xã) from 1 July 2025, without a district; each grouped with the old district
    most of its old communes of the sample were in (none for units made of old Bắc Kạn communes)."""
    units = changes[changes["new_commune_code"].isin(new_xa)].drop_duplicates("new_commune_code")
    district_of = old.set_index("commune_code")["district_code"]
    parts = changes.assign(district=changes["old_commune_code"].map(district_of)).dropna(subset=["district"])
    group = parts.groupby("new_commune_code")["district"].agg(lambda d: d.value_counts().sort_index().idxmax())
    return pd.DataFrame({"commune_code": units["new_commune_code"], "commune_name": units["new_name"],
                         "district_code": "", "group_code": units["new_commune_code"].map(group).fillna(""),
                         "unit_type": "Xã", "valid_from": NEW_UNITS_START, "valid_to": ""})


def _status_frame(year: int, codes, met: np.ndarray, ids) -> pd.DataFrame:
    return pd.DataFrame({"year": year, "commune_code": np.repeat(codes, len(ids)),
                         "criterion_id": np.tile(ids, len(codes)), "met": met.reshape(-1).astype(int)})


def _old_units_2021_2024(status_2020: pd.DataFrame, readiness: pd.Series, rng) -> tuple[pd.DataFrame, pd.Series]:
    """2021–2024 on the communes present in 2020: the top-ranked communes meet every criterion
    (MEETING_2021_2024), the others miss their hardest criteria, fewer each year."""
    counts = status_2020.groupby("commune_code")["met"].sum()
    codes = counts.index.to_numpy()
    score = counts.to_numpy() + 2.0 * readiness.reindex(codes).to_numpy() + rng.normal(0, 1.5, len(codes))
    rank = np.argsort(-score).argsort()             # 0 = the commune furthest ahead
    ids = np.arange(1, 20)
    hardness = np.array([DIFFICULTY_2021.get(k, 0.0) for k in ids])[None, :] + rng.normal(0, 0.6, (len(codes), 19))
    order = np.argsort(-hardness, axis=1)           # each commune's criteria, hardest first
    frames = []
    for year, n_meeting in MEETING_2021_2024.items():
        missing = np.clip(np.round((19 - counts.to_numpy()) * 0.6 + 2.5 - 0.6 * (year - 2021)
                                   + (rank / len(codes)) * 3), 1, 12).astype(int)
        met = np.ones((len(codes), 19), dtype=bool)
        for i in range(len(codes)):
            if rank[i] >= n_meeting:
                met[i, order[i, :missing[i]]] = False
        frames.append(_status_frame(year, codes, met, ids))
    return pd.concat(frames, ignore_index=True), pd.Series(rank, index=codes)


BK_PROVINCE = "06"
BK_ADVANCED = {2023: 4, 2024: 8}
BK_MODEL = {2024: 2}


def other_province_units(crosswalk: pd.DataFrame) -> pd.DataFrame:
    """The communes (xã) of old Bắc Kạn to 30 June 2025, as rows of communes: no district here (its
    districts are not the province's), its province's code."""
    rows = crosswalk[(crosswalk["old_province_code"] == BK_PROVINCE) & (crosswalk["old_unit_type"] == "Xã")]
    rows = rows.drop_duplicates("old_commune_code")
    return pd.DataFrame({"commune_code": rows["old_commune_code"], "commune_name": rows["old_name"], "district_code": "",
                         "group_code": "", "unit_type": "Xã", "valid_from": "", "valid_to": OLD_UNITS_END,
                         "province_code": BK_PROVINCE}).reset_index(drop=True)


def _other_province_history(codes, rng) -> pd.DataFrame:
    """2010–2024 of old Bắc Kạn's communes (illustrative, behind old Thái Nguyên): each starts with a
    few criteria and gains some each year, the easiest first; a few meet every criterion by 2020,
    about a third by 2024 (the old province planned 37 of its 108 units for 2025)."""
    ids = np.arange(1, 20)
    difficulty = np.array([DIFFICULTY_2021.get(k, 0.0) + (k in (10, 11, 13, 17)) * 0.8 for k in ids])
    order = np.argsort(difficulty[None, :] + rng.normal(0, 0.7, (len(codes), 19)), axis=1)  # easiest first
    start, gain = rng.uniform(2, 7, len(codes)), rng.uniform(0.5, 1.35, len(codes))
    frames = []
    for year in range(2010, 2025):
        k = np.minimum(19, np.floor(start + gain * (year - 2010))).astype(int)
        met = np.zeros((len(codes), 19), dtype=bool)
        for i in range(len(codes)):
            met[i, order[i, :k[i]]] = True
        frames.append(_status_frame(year, np.asarray(codes), met, ids))
    return pd.concat(frames, ignore_index=True)


def _new_units_2025(status_2024: pd.DataFrame, changes: pd.DataFrame, units: pd.DataFrame, rng) -> pd.DataFrame:
    """The end of 2025 on the new units: a criterion met where every old part held it in 2024,
    else caught up on by chance (a unit without any part with data drawn on its own)."""
    held = status_2024.pivot(index="commune_code", columns="criterion_id", values="met")
    ids = np.arange(1, 20)
    met = np.zeros((len(units), 19), dtype=bool)
    for i, code in enumerate(units["commune_code"]):
        parts = [p for p in changes.loc[changes["new_commune_code"] == code, "old_commune_code"] if p in held.index]
        if parts:
            all_met = held.loc[parts].min(axis=0).to_numpy().astype(bool)
            met[i] = all_met | (rng.random(19) < 0.45)
        else:  # no old part with data: about a third meet every criterion
            ahead = rng.random() < 0.33
            met[i] = True if ahead else rng.random(19) < rng.uniform(0.55, 0.9)
    return _status_frame(2025, units["commune_code"].to_numpy(), met, ids)


def _new_units_2026(status_2025: pd.DataFrame, rng) -> pd.DataFrame:
    """2026, the first year on the 10 new criteria: few communes meet all of them."""
    counts = status_2025.groupby("commune_code")["met"].sum()
    codes = counts.index.to_numpy()
    score = counts.to_numpy() + rng.normal(0, 2.0, len(codes))
    top = np.argsort(-score)[: int(round(MEETING_2026_SHARE * len(codes)))]
    met = rng.random((len(codes), 10)) < np.clip(0.25 + score[:, None] / 30, 0.2, 0.92)
    met[top] = True
    for i in set(range(len(codes))) - set(top.tolist()):
        if met[i].all():
            met[i, rng.integers(0, 10)] = False
    return _status_frame(2026, codes, met, np.arange(1, 11))


def _first_meeting(status: pd.DataFrame) -> pd.Series:
    """Each commune's first year meeting every criterion of its year (19 before 2026)."""
    full = status.groupby(["commune_code", "year"])["met"].min()
    full = full[full == 1].reset_index()
    return full.groupby("commune_code")["year"].min()


def recognition_rows(status_old: pd.DataFrame, status_new: pd.DataFrame, rank: pd.Series,
                     changes: pd.DataFrame, rng, other: pd.DataFrame | None = None) -> pd.DataFrame:
    """Commune recognitions: đạt chuẩn in the year a commune first meets every criterion (old
    units to 2024, new units at the end of 2025); nâng cao and kiểu mẫu of old units by the counts
    above, the communes furthest ahead first; a new unit nâng cao / kiểu mẫu only where its old
    part of it held the level, at least half of them (and it meets the standard)."""
    rows = [(c, "dat_chuan", int(y), DECISION, f"{int(y)}-12-20") for c, y in _first_meeting(status_old).items()]
    first = _first_meeting(status_old)
    level_of: dict[str, str] = {}
    for level, counts in (("nang_cao", ADVANCED), ("kieu_mau", MODEL)):
        chosen: list[str] = []
        for year, n in counts.items():
            pool = [c for c in rank.sort_values().index
                    if c not in chosen and first.get(c, 9999) < year
                    and (level == "nang_cao" or any(r[0] == c and r[1] == "nang_cao" and r[2] < year for r in rows))]
            for c in pool[: n - len(chosen)]:
                chosen.append(c)
                rows.append((c, level, year, DECISION, f"{year}-12-{15 + int(rng.integers(0, 10))}"))
                level_of[c] = level
    if other is not None and len(other):  # old Bắc Kạn: đạt chuẩn when first meeting; a few above, earliest first
        first_bk = _first_meeting(other)
        rows += [(c, "dat_chuan", int(y), DECISION, f"{int(y)}-12-18") for c, y in first_bk.items()]
        for level, counts in (("nang_cao", BK_ADVANCED), ("kieu_mau", BK_MODEL)):
            chosen = []
            for year, n in counts.items():
                pool = [c for c in first_bk.sort_values().index if c not in chosen and first_bk[c] < year
                        and (level == "nang_cao" or level_of.get(c) == "nang_cao")]
                for c in pool[: n - len(chosen)]:
                    chosen.append(c)
                    rows.append((c, level, year, DECISION, f"{year}-12-{12 + int(rng.integers(0, 10))}"))
                    level_of[c] = level
        known = set(rank.index) | set(other["commune_code"])
    else:
        known = set(rank.index)
    met_2025 = status_new[status_new["year"] == 2025].groupby("commune_code")["met"].min()
    for code, ok in met_2025.items():
        if not ok:
            continue
        rows.append((code, "dat_chuan", 2025, DECISION, "2025-12-26"))
        parts = changes.loc[changes["new_commune_code"] == code, "old_commune_code"]
        held = [level_of.get(p) for p in parts if p in known]
        if held and sum(h in ("nang_cao", "kieu_mau") for h in held) * 2 >= len(held):
            rows.append((code, "nang_cao", 2025, DECISION, "2025-12-29"))
            if sum(h == "kieu_mau" for h in held) * 2 >= len(held):
                rows.append((code, "kieu_mau", 2025, DECISION, "2025-12-30"))
    return pd.DataFrame(rows, columns=DATASETS["commune_recognitions"].column_names)


def indicator_rows(values: pd.DataFrame, rng) -> pd.DataFrame:
    """District indicators 2021–2024 (the districts end on 30 June 2025), from each one's 2020
    value: flows and stocks grow, the poverty rate falls."""
    last = values[values["year"] == values["year"].max()]
    rows = []
    for year in range(2021, 2025):
        t = year - int(last["year"].iloc[0])
        for r in last.itertuples():
            growth = {"poor_household_rate": 0.85, "dvk_models": 1.06, "mobilisation_teams": 1.02,
                      "income_per_capita": 1.08}.get(r.indicator_id, 1.04)
            value = float(r.value) * growth ** t * float(rng.lognormal(0, 0.05))
            digits = 0 if r.indicator_id in ("dvk_models", "mobilisation_teams", "contrib_land", "contrib_labour") else 2
            rows.append((year, r.area_code, r.indicator_id, round(value, digits)))
    return pd.DataFrame(rows, columns=["year", "area_code", "indicator_id", "value"])


def district_recognition_rows(status: pd.DataFrame, communes: pd.DataFrame, recognised: set[str],
                              towns: set[str]) -> pd.DataFrame:
    """Districts not yet recognised whose communes all meet the standard from a year of 2021–2024
    to 2024, by the rule of the 2010–2020 sample (sample.recognition_rows); a city or town
    "hoàn thành nhiệm vụ"."""
    from .sample import recognition_rows as first_complete_years

    rows = first_complete_years(status, communes)
    rows = rows[~rows["district_code"].isin(recognised)].assign(decision=DECISION)
    return rows.assign(level=["hoan_thanh" if c in towns else "dat_chuan" for c in rows["district_code"]])

def published_rows(levels: pd.DataFrame) -> pd.DataFrame:
    """The published figures on levels that the dashboard's measures hold (LEVEL_MEASURES): the
    province's and the country's, with their sources."""
    from . import published

    rows = levels[levels["measure"].isin(LEVEL_MEASURES) & levels["area_level"].isin(["province", "national"])
                  & levels["area_name"].isin(["Thái Nguyên", "Việt Nam", "Thái Nguyên (new: old TN + Bắc Kạn)"])
                  & ~levels["year"].str.contains("plan|target|unknown")]
    return published.from_reference(rows.rename(columns={"year": "as_of"}), province_code())


LEVEL_MEASURES = ("communes_advanced", "communes_model", "share_advanced_pct", "share_model_pct", "communes_total")


def generate(out: Path, crosswalk: Path | None = None, levels: Path | None = None) -> None:
    """Add 2021–2026 to the sample in `out` (its 2010–2020 files already written there); with
    `crosswalk` and `levels` (the collected lists), the unit changes and the published figures on
    levels are read from them once."""
    rng = np.random.default_rng(SEED)
    read = lambda name: pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)  # noqa: E731
    write = lambda df, name: df.to_csv(out / f"{name}.csv", index=False, lineterminator="\n",  # noqa: E731
                                       encoding="utf-8")
    if crosswalk is not None:
        write(unit_changes_from_crosswalk(pd.read_csv(crosswalk, dtype=str, keep_default_na=False)), "unit_changes")
    changes = read("unit_changes")
    new_xa = set(pd.read_csv(crosswalk, dtype=str, keep_default_na=False).query("new_unit_type == 'Xã'")
                 ["new_commune_code"]) if crosswalk is not None else set(
        read("communes").query("valid_from == @NEW_UNITS_START")["commune_code"]) if "valid_from" in read(
        "communes") else set()

    communes = read("communes")
    province = communes.get("province_code", pd.Series("", index=communes.index))
    if crosswalk is not None:
        other = other_province_units(pd.read_csv(crosswalk, dtype=str, keep_default_na=False))
    else:
        other = communes[province == BK_PROVINCE].reset_index(drop=True)
    old = communes[(communes.get("valid_from", pd.Series("", index=communes.index)) == "") & (province == "")][
        ["commune_code", "commune_name", "district_code"]].assign(group_code="", unit_type="Xã", valid_from="",
                                                                  valid_to=OLD_UNITS_END, province_code="")
    units = new_units(changes, new_xa, old).assign(province_code="")
    write(pd.concat([old, other, units], ignore_index=True), "communes")
    write(pd.DataFrame(SETS, columns=DATASETS["criteria_sets"].column_names), "criteria_sets")
    write(criteria_rows(read("criteria")), "criteria")
    phases = read("phases")
    phases = phases[~phases["phase_id"].isin([p[0] for p in PHASES_AFTER])].assign(criteria_set=OLD_SET)
    write(pd.concat([phases, pd.DataFrame(PHASES_AFTER, columns=DATASETS["phases"].column_names)],
                    ignore_index=True), "phases")

    status = read("criteria_status")  # the province's own 2010–2020 (old Bắc Kạn's is made below)
    status = status[(status["year"].astype(int) <= 2020) & ~status["commune_code"].isin(other["commune_code"])]
    status_2020 = status[status["year"] == "2020"].assign(met=lambda d: d["met"].astype(int))
    from .sample import DISTRICT_READINESS
    readiness = old.set_index("commune_code")["district_code"].map(DISTRICT_READINESS).astype(float)
    old_after, rank = _old_units_2021_2024(status_2020, readiness, rng)
    other_status = _other_province_history(other["commune_code"].tolist(), np.random.default_rng(SEED + 6))
    parts_2024 = pd.concat([old_after[old_after["year"] == 2024], other_status[other_status["year"] == 2024]])
    new_2025 = _new_units_2025(parts_2024, changes, units, rng)
    new_2026 = _new_units_2026(new_2025, rng)
    write(pd.concat([status.assign(year=status["year"].astype(int), criterion_id=status["criterion_id"].astype(int),
                                   met=status["met"].astype(int)),
                     old_after, other_status, new_2025, new_2026],
                    ignore_index=True)[DATASETS["criteria_status"].column_names[:4]],
          "criteria_status")

    old_status = pd.concat([status.assign(year=status["year"].astype(int), met=status["met"].astype(int)),
                            old_after.assign(commune_code=old_after["commune_code"].astype(str))])
    write(recognition_rows(old_status, pd.concat([new_2025, new_2026]), rank, changes, rng, other_status),
          "commune_recognitions")

    values = read("indicator_values")
    values = values[values["year"].astype(int) <= 2020].assign(year=lambda d: d["year"].astype(int))
    write(pd.concat([values, indicator_rows(values, rng)], ignore_index=True), "indicator_values")

    districts = read("district_recognitions")
    towns = set(read("districts").query("district_type != 'Huyện'")["district_code"])  # a city or town completes the task
    districts = districts[districts["year"].astype(int) <= 2020]
    districts = districts.assign(level=["hoan_thanh" if c in towns else "dat_chuan" for c in districts["district_code"]])
    write(pd.concat([districts, district_recognition_rows(old_after, old, set(districts["district_code"]), towns)],
                    ignore_index=True), "district_recognitions")

    if levels is not None:
        figures = read("published_figures")
        more = published_rows(pd.read_csv(levels, dtype=str, keep_default_na=False))
        write(pd.concat([figures, more.astype(str)], ignore_index=True).drop_duplicates(
            ["as_of", "area_code", "measure", "source"]), "published_figures")

    targets = read("targets")
    targets = targets[targets["year"].astype(int) <= 2024]
    plan = pd.DataFrame([(2025, province_code(), "share_meeting", 97), (2025, province_code(), "share_advanced", 40),
                         (2025, province_code(), "share_model", 10)], columns=DATASETS["targets"].column_names)
    write(pd.concat([targets, plan], ignore_index=True), "targets")

"""A sweep in AppTest: every page × both languages × a few dozen filter combinations, on the
bundled sample and on the hand-computed three-phase fixture.

Per combination: no exception and no error shown; every share within [0, 100]; no count above
its total; the overview's and the slides' headline and KPI numbers equal both the named query
and a plain-pandas recomputation from the version's CSV rows; a value labelled as the
province's is the province's; a page naming the criteria group in its caption changes its
numbers with it. One AppTest per (dataset, page, language); combinations are applied by
changing the sidebar widgets, as a user does.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import write_dataset
from journey_helpers import (NOT_APPLIED, Expected, counts_above_total, dataframes, figures, fmt_number, fmt_percent,
                             header, html_texts, kpis, numbers_fingerprint, plain, qp_list, shares_outside, texts, tracebacks)
from ntm import queries
from ntm.store import Store, load_database

APP = str(Path(__file__).resolve().parent.parent / "app.py")
# Every page app.py navigates to, in its order.
PAGES = [f"pages/{m}.py" for m in re.findall(r'"pages" / "(\w+)\.py"', Path(APP).read_text(encoding="utf-8"))]
ANALYSIS = set(PAGES) - {"pages/data.py"}
EMPTY = {"vi": "Không có dữ liệu", "en": "No data"}
UNEXPECTED = {"vi": "lỗi không mong muốn", "en": "unexpected error"}
PROVINCE = {"vi": "Toàn tỉnh", "en": "Province"}

# (districts, phases, criteria group); phases () = none chosen (every phase with data).
COMBOS = {
    "fixture": [
        ((), ("P1", "P2", "P3"), 0),
        (("D1",), ("P1", "P2", "P3"), 0),
        (("D3",), ("P1", "P2", "P3"), 0),          # D3 has no data in P1
        (("D1", "D2"), ("P1", "P2", "P3"), 0),
        (("D1", "D2", "D3"), ("P1", "P2", "P3"), 0),
        ((), ("P1",), 0),
        ((), ("P2",), 0),
        ((), ("P3",), 0),
        ((), ("P1", "P3"), 0),                      # phases 1 and 3: the change skips P2
        ((), ("P1", "P2"), 0),
        ((), ("P2", "P3"), 0),
        (("D2",), ("P2", "P3"), 0),                 # C4 leaves D2 after 2016
        (("D2",), ("P1", "P3"), 0),
        (("D3",), ("P1",), 0),                      # nothing at all
        (("D3",), ("P1", "P3"), 0),
        ((), (), 0),                                # no phase chosen: every phase with data
        (("D1", "D3"), (), 0),
        ((), ("P1", "P2", "P3"), 1),
        ((), ("P1", "P2", "P3"), 2),
        ((), ("P1", "P2", "P3"), 3),
        ((), ("P1", "P2", "P3"), 4),
        ((), ("P1", "P2", "P3"), 5),
        (("D1",), ("P1", "P3"), 2),
        (("D2", "D3"), ("P2",), 5),
        (("D3",), ("P1", "P3"), 3),
    ],
    "sample": [
        ((), ("2010-2015", "2016-2020"), 0),
        (("171",), ("2010-2015", "2016-2020"), 0),  # Đại Từ: the province lines stay the province's
        (("170",), ("2010-2015", "2016-2020"), 0),
        (("164", "165"), ("2010-2015", "2016-2020"), 0),
        (("167", "168", "169", "170", "171", "172", "173"), ("2010-2015", "2016-2020"), 0),
        ((), ("2010-2015",), 0),
        ((), ("2016-2020",), 0),
        (("171",), ("2016-2020",), 0),
        ((), (), 0),
        ((), ("2010-2015", "2016-2020"), 1),
        ((), ("2010-2015", "2016-2020"), 2),
        ((), ("2010-2015", "2016-2020"), 3),
        ((), ("2010-2015", "2016-2020"), 4),
        ((), ("2010-2015", "2016-2020"), 5),
        (("170", "171"), ("2010-2015", "2016-2020"), 2),
        (("164",), ("2010-2015",), 4),
    ],
}


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Path]:
    """Two stores: the fixture's three phases, and one seeded from the bundled sample."""
    base = tmp_path_factory.mktemp("sweep")
    fixture = Store(base / "fixture")
    fixture.add_version(write_dataset(base / "src"), author="test", source="fixture")
    sample = Store(base / "sample")
    sample.active()  # seeds from the bundled sample
    return {"fixture": fixture.root, "sample": sample.root}


def sidebar(at: AppTest, kind: str, name: str):
    """A sidebar filter widget (key `w_<name>`; plain `<name>` in earlier versions of the app)."""
    keys = {w.key for w in getattr(at, kind)}
    return getattr(at, kind)(key=f"w_{name}" if f"w_{name}" in keys else name)


def apply(at: AppTest, districts, phases, group) -> None:
    sidebar(at, "multiselect", "districts").set_value(list(districts))
    sidebar(at, "multiselect", "phases").set_value(list(phases))
    sidebar(at, "selectbox", "group").set_value(group)
    at.run()


def group_label(exp: Expected, group: int, lang: str) -> str:
    vi, en = exp.groups[group]
    return vi if lang == "vi" else en


def claims_group(at: AppTest, exp: Expected, group: int, lang: str) -> bool:
    """The page names the criteria group as applied (not 'does not apply here')."""
    label = group_label(exp, group, lang)
    words = [plain(w) for w in [c.value for c in at.caption] + [m.value for m in at.markdown] + html_texts(at)]
    named = [w for w in words if label in w]
    return bool(named) and not any(NOT_APPLIED.search(w) for w in named)


class Checks:
    """What must hold on a page for one combination; returns the problems found."""

    def __init__(self, exp: Expected, con, lang: str):
        self.exp, self.con, self.lang = exp, con, lang

    def common(self, at, page) -> list[str]:
        out = [f"exception: {e.value[:200]}" for e in at.exception] + [f"traceback: {s}" for s in tracebacks(at)]
        if page in ANALYSIS:
            out += [f"error shown: {e.value[:160]}" for e in at.error]
        else:
            out += [f"unexpected-error message: {s[:160]}" for s in texts(at, False, False)
                    if UNEXPECTED[self.lang] in s.lower()]
        out += [f"share outside [0, 100]: {s}" for s in shares_outside(at, self.lang)]
        out += [f"count above its total: {s}" for s in counts_above_total(at, self.lang)]
        return out

    # -- the overview: headline and KPI cards --------------------------------------------
    def overview(self, at, districts, phases, group) -> list[str]:
        exp, lang = self.exp, self.lang
        chosen = exp.chosen(phases, districts)
        if not chosen:
            infos = " ".join(i.value for i in at.info)
            return [] if EMPTY[lang] in infos else [f"no data, yet no '{EMPTY[lang]}' message: {infos[:120]!r}"]
        grouped = bool(group) and claims_group(at, exp, group, lang)
        g = group if grouped else None
        last = exp.phase_measures(chosen[-1], districts, g)
        out = []
        if len(kpis(at)) < 4:
            return [f"{len(kpis(at))} KPI cards shown"]
        shown = [m.value for m in kpis(at)[:4]]
        want = [fmt_number(last["meeting"], 0, lang), fmt_percent(last["share"], lang),
                fmt_number(last["avg"], 1, lang), fmt_number(last["under_10"], 0, lang)]
        for i, (s, w) in enumerate(zip(shown, want)):
            if last["under_10"] is None and i == 3:
                continue
            if s != w:
                out.append(f"KPI {kpis(at)[i].label!r} shows {s}, the rows give {w}"
                           + (f" (group {g}: meeting every criterion of the group)" if g else ""))
        if len(chosen) > 1:
            prev = exp.phase_measures(chosen[-2], districts, g)
            delta = fmt_number(last["meeting"] - prev["meeting"], 0, lang, sign=True)
            if (kpis(at)[0].delta or "") != delta:
                out.append(f"KPI meeting change {kpis(at)[0].delta!r}, the rows give {delta} "
                           f"({chosen[-1]} against {chosen[-2]})")
        # The named query gives the same numbers as the rows (no group: the query's own definition).
        if not g:
            res = queries.run(self.con, "phase_results", districts=list(districts) or None).set_index("phase_id")
            q = res.loc[chosen[-1]]
            for col, key in (("meeting", "meeting"), ("communes", "communes"), ("under_10", "under_10")):
                if (None if pd.isna(q[col]) else int(q[col])) != last[key]:  # under 10: none on 10 criteria
                    out.append(f"phase_results.{col} = {q[col]}, the rows give {last[key]}")
            if abs(float(q["share_meeting"]) - last["share"]) > 1e-9:
                out.append(f"phase_results.share_meeting = {q['share_meeting']}, the rows give {last['share']}")
        # Headline: "m/n xã (s%)" with the latest chosen phase's numbers.
        m, n = fmt_number(last["meeting"], 0, lang), fmt_number(last["communes"], 0, lang)
        pair = f"{m}/{n}" if lang == "vi" else f"{m} of {n}"
        heads = " ".join(html_texts(at))
        if f"{pair}" not in heads or fmt_percent(last["share"], lang) not in heads:
            out.append(f"headline lacks {pair} ({fmt_percent(last['share'], lang)}): {heads[:200]!r}")
        return out

    # -- province reference lines (phases page, slide 2) ---------------------------------
    def province_lines(self, at, phases, group, fig) -> list[str]:
        """Every trace named 'Toàn tỉnh <year>: <value>' carries the province's share that year."""
        exp, lang = self.exp, self.lang
        out = []
        grouped = bool(group) and claims_group(at, exp, group, lang)
        for d in fig.get("data", []):
            name = d.get("name") or ""
            labelled = re.fullmatch(rf"{PROVINCE[lang]} (\d{{4}}): (\S+%)", name)
            if not labelled:  # not a value labelled as the province's in a year
                continue
            year, value = int(labelled.group(1)), labelled.group(2)
            province = exp.measures(year, None, group if grouped else None)
            plain = exp.measures(year, None, None)
            allowed = {fmt_percent(province["share"], lang), fmt_percent(plain["share"], lang)}
            if value not in allowed:
                out.append(f"{name!r}: the province's share in {year} is {fmt_percent(plain['share'], lang)}")
        return out

    def phases(self, at, districts, phases, group) -> list[str]:
        exp, lang = self.exp, self.lang
        chosen = exp.chosen(phases)
        if not chosen or not dataframes(at):
            return []
        out = []
        for fig in figures(at):
            out += self.province_lines(at, phases, group, fig)
        grouped = bool(group) and claims_group(at, exp, group, lang)
        table = dataframes(at)[0]
        district_col = table.columns[1]
        names = {v: k for k, v in exp.district_names.items()}
        for pid in dict.fromkeys((chosen[0], chosen[-1])):
            col = exp.phase_span(pid)
            if col not in table.columns:
                out.append(f"table has no column {col}: {list(table.columns)}")
                continue
            for name, shown in zip(table[district_col], table[col]):
                m = exp.phase_measures(pid, [names[name]], group if grouped else None)
                want = fmt_percent(m["share"], lang) if m["communes"] else "–"
                if shown != want:
                    out.append(f"{name} {col}: table {shown}, the rows give {want}")
        return out

    def communes(self, at, districts, phases, group) -> list[str]:
        exp, lang = self.exp, self.lang
        if not figures(at):
            return []
        district = at.selectbox(key="communes_district").value
        year = at.select_slider(key="communes_year").value
        title = " ".join(figures(at)[0]["layout"]["title"]["text"].split("<br>"))
        m = exp.measures(int(year), [district])
        pairs = [f"{m['meeting']}/{m['communes']}" if lang == "vi" else f"{m['meeting']} of {m['communes']}"]
        if group:
            g = exp.measures(int(year), [district], group)
            pairs.append(f"{g['meeting']}/{g['communes']}" if lang == "vi" else f"{g['meeting']} of {g['communes']}")
        if not any(p in title for p in pairs):
            return [f"matrix title {title!r} lacks {pairs[0]} ({exp.district_names[district]}, {year})"]
        return []

    def present(self, at, districts, phases, group) -> list[str]:
        exp, lang = self.exp, self.lang
        chosen = exp.chosen(phases, districts)
        infos = " ".join(i.value for i in at.info)
        if not chosen:
            return [] if EMPTY[lang] in infos else ["no data, yet no empty message"]
        if EMPTY[lang] in infos:
            return [f"slides say '{EMPTY[lang]}' though {chosen} hold data"]
        out = []
        grouped = bool(group) and claims_group(at, exp, group, lang)
        last = exp.phase_measures(chosen[-1], districts, group if grouped else None)
        m, n = fmt_number(last["meeting"], 0, lang), fmt_number(last["communes"], 0, lang)
        pair = f"{m}/{n}" if lang == "vi" else f"{m} of {n}"
        message = (html_texts(at) or [""])[0]
        if pair not in message:
            out.append(f"slide 1 message lacks {pair}: {message[:200]!r}")
        # Slide 2: the districts across phases, with the province's lines.
        at.session_state["slide"] = 2
        at.run()
        for fig in figures(at):
            out += self.province_lines(at, phases, group, fig)
        # The slide's message alone (its title names the chosen district on its own).
        found = re.search(r"<div class='ntm-slide-message'>(.*?)</div>", at.html[0].value, re.S) if at.html else None
        message = found.group(1) if found else ""
        if len(districts) == 1:
            name = exp.district_names[districts[0]]
            if message.count(name) > 1:
                out.append(f"slide 2 compares {name} with itself: {message[-160:]!r}")
        at.session_state["slide"] = 1
        return out


def _combo_id(combo) -> str:
    d, p, g = combo
    return f"d={','.join(d) or '-'} p={','.join(p) or '-'} g={g}"


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("dataset", ["fixture", "sample"])
def test_sweep(stores, monkeypatch, caplog, dataset, page, lang):
    monkeypatch.setenv("NTM_DATA_DIR", str(stores[dataset]))
    version = Store(stores[dataset]).active()
    checks = Checks(Expected(version), load_database(version), lang)
    specific = getattr(checks, Path(page).stem, None)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(page).run()
    problems = []
    baseline = {}
    caplog.clear()
    # English: every group (labels follow the language) and every other district/phase combination.
    combos = [c for i, c in enumerate(COMBOS[dataset]) if lang == "vi" or c[2] or i % 2 == 0]
    for combo in combos:
        districts, phases, group = combo
        apply(at, districts, phases, group)
        found = checks.common(at, page)
        # The cause of an error shown to the viewer, from the log.
        found += [f"logged: {r.exc_info[1]!r}"[:300] for r in caplog.records if r.levelno >= 40 and r.exc_info]
        caplog.clear()
        if not found and specific:
            found += specific(at, districts, phases, group)  # the slides: back on slide 1 at the next run
        if group and page in ANALYSIS and not at.exception:
            # A page that names the group must show other numbers than without it.
            named = claims_group(at, checks.exp, group, lang)
            fingerprint = numbers_fingerprint(at)
            key = (districts, phases)
            if key not in baseline:
                apply(at, districts, phases, 0)
                baseline[key] = numbers_fingerprint(at)
            if named and fingerprint == baseline[key]:
                found.append(f"caption names group {group} but the numbers are those of all criteria")
        problems += [f"[{_combo_id(combo)}] {p}" for p in found]
        if not group:
            baseline[(districts, phases)] = numbers_fingerprint(at)
        caplog.clear()
    assert not problems, f"{len(problems)} problems on {page} ({lang}, {dataset}):\n" + "\n".join(problems)


# --- the province's figures are the recomputation from the commune rows ------------------------


@pytest.mark.parametrize("dataset", ["fixture", "sample"])
def test_province_and_district_results_equal_the_commune_rows(stores, dataset):
    version = Store(stores[dataset]).active()
    exp, con = Expected(version), load_database(version)
    problems = []
    province = queries.run(con, "phase_results").set_index("phase_id")
    by_district = queries.run(con, "phase_results_by_district")
    for pid in exp.phases["phase_id"]:
        want = exp.phase_measures(pid)
        if not want:
            continue
        got = province.loc[pid]
        for col, key in (("communes", "communes"), ("meeting", "meeting"), ("under_10", "under_10")):
            if (None if pd.isna(got[col]) else int(got[col])) != want[key]:  # under 10: none on 10 criteria
                problems.append(f"province {pid} {col}: query {got[col]}, rows {want[key]}")
        for col, key in (("share_meeting", "share"), ("avg_criteria", "avg")):
            if abs(float(got[col]) - want[key]) > 1e-9:
                problems.append(f"province {pid} {col}: query {got[col]}, rows {want[key]}")
        # The districts add up to the province (from 1 July 2025 the communes grouped with none
        # count for the province only: exp's rows of district '').
        rows = by_district[by_district["phase_id"] == pid]
        ungrouped = exp.phase_measures(pid, [""])
        if int(rows["communes"].fillna(0).sum()) + ungrouped["communes"] != want["communes"] or \
                int(rows["meeting"].fillna(0).sum()) + ungrouped["meeting"] != want["meeting"]:
            problems.append(f"districts of {pid} do not add up to the province")
        for r in rows.itertuples():
            d = exp.phase_measures(pid, [r.district_code])
            if d["communes"] == 0:
                if not pd.isna(r.communes) and r.communes:
                    problems.append(f"{r.district_code} {pid}: {r.communes} communes, the rows have none")
                continue
            if int(r.meeting) != d["meeting"] or abs(float(r.share_meeting) - d["share"]) > 1e-9:
                problems.append(f"{r.district_code} {pid}: query {r.meeting}/{r.communes}, "
                                f"rows {d['meeting']}/{d['communes']}")
    # Every year's province measures.
    for r in queries.run(con, "standard_by_year").itertuples():
        want = exp.measures(int(r.year))
        under = None if pd.isna(r.under_10) else int(r.under_10)  # none on 10 criteria
        if (int(r.communes), int(r.meeting), under) != (want["communes"], want["meeting"], want["under_10"]):
            problems.append(f"standard_by_year {r.year}: {r.meeting}/{r.communes}, rows {want['meeting']}/{want['communes']}")
    # Each criterion's share at each phase's result year; counts never above the communes present.
    for r in queries.run(con, "criterion_share_by_phase").itertuples():
        year = exp.result_year(r.phase_id)
        if year is None:
            continue
        met, n = exp.criterion_share(year, int(r.criterion_id))
        if (int(r.meeting), int(r.communes)) != (met, n):
            problems.append(f"criterion {r.criterion_id} {r.phase_id}: query {r.meeting}/{r.communes}, rows {met}/{n}")
    for r in queries.run(con, "criterion_share_by_district_phase").itertuples():
        if pd.isna(r.communes) or not r.communes:
            continue
        present = exp.measures(exp.result_year(r.phase_id), [r.district_code])["communes"]
        if not 0 <= r.meeting <= r.communes <= present:
            problems.append(f"{r.district_code} criterion {r.criterion_id} {r.phase_id}: "
                            f"{r.meeting}/{r.communes} with {present} communes present")
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("query", ["phase_results", "phase_results_by_district"])
def test_change_between_phases_one_and_three_is_between_those_phases(stores, query):
    """With phases 1 and 3 chosen, a query's change is phase 3 minus phase 1, as the charts show."""
    version = Store(stores["fixture"]).active()
    exp, con = Expected(version), load_database(version)
    assert "phases" in queries.parameters(query), f"{query} does not take the chosen phases"
    got = queries.run(con, query, phases=["P1", "P3"])
    if "district_code" not in got.columns:
        got = got.assign(district_code=None)
    for code, rows in got.groupby("district_code", dropna=False):
        districts = None if code is None or code != code else [code]
        one, three = exp.phase_measures("P1", districts), exp.phase_measures("P3", districts)
        row = rows.set_index("phase_id").loc["P3"]
        if not one["communes"]:
            assert row["change_share"] != row["change_share"], code  # no phase 1: no change
            continue
        assert abs(float(row["change_share"]) - (three["share"] - one["share"])) < 1e-9, code
        assert int(row["change_meeting"]) == three["meeting"] - one["meeting"], code


# --- defects, one test each -------------------------------------------------------------------


def _app(lang="vi") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    return at


def test_filters_survive_every_page_switch(stores, monkeypatch):
    """Defect 1 (in AppTest): districts, phases, group and language stay through every page."""
    monkeypatch.setenv("NTM_DATA_DIR", str(stores["fixture"]))
    at = _app()
    apply(at, ("D1", "D2"), ("P1", "P3"), 2)
    sidebar(at, "segmented_control", "lang").set_value("en").run()
    for page in PAGES[1:] + PAGES[:1]:
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert sidebar(at, "multiselect", "districts").value == ["D1", "D2"], page
        assert sidebar(at, "multiselect", "phases").value == ["P1", "P3"], page
        assert sidebar(at, "selectbox", "group").value == 2, page
        captions = plain(header(at)[1])
        if "Showing:" in captions:  # a page that shows the filters names the districts chosen
            assert "Huyện A" in captions, page
        assert qp_list(at, "d") == ["D1", "D2"] and qp_list(at, "p") == ["P1", "P3"], (page, dict(at.query_params))
        assert qp_list(at, "g") == ["2"] and qp_list(at, "lang") == ["en"], (page, dict(at.query_params))


@pytest.mark.parametrize("page", ["pages/criteria.py", "pages/overview.py", "pages/communes.py"])
def test_group_then_english_never_crashes(stores, monkeypatch, page):
    """Defect 2: a criteria group, then English, then the page: ids in the URL, no traceback."""
    monkeypatch.setenv("NTM_DATA_DIR", str(stores["sample"]))
    at = _app()
    sidebar(at, "selectbox", "group").set_value(2).run()
    sidebar(at, "segmented_control", "lang").set_value("en").run()
    at.switch_page(page).run()
    assert not at.exception and not at.error, [e.value for e in list(at.exception) + list(at.error)]
    assert qp_list(at, "g") == ["2"]
    assert sidebar(at, "selectbox", "group").value == 2
    if page != "pages/overview.py" or claims_group(at, Expected(Store(stores["sample"]).active()), 2, "en"):
        assert "Socio-economic infrastructure" in header(at)[1]


def test_group_in_the_url_is_read_as_an_id(stores, monkeypatch):
    """Defect 2: a label in the URL (`g=2. Hạ tầng…`, as the broken app wrote) is ignored, not a crash."""
    monkeypatch.setenv("NTM_DATA_DIR", str(stores["sample"]))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": "en", "g": "2. Hạ tầng kinh tế - xã hội"})
    at.run()
    at.switch_page("pages/criteria.py").run()
    assert not at.exception and not at.error


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_slides_label_the_province_with_the_province(stores, monkeypatch, lang):
    """Defect 3: /trinh-chieu?d=171, slide 2: the province lines carry 15,8% / 65,0% (not Đại Từ's
    7,1% / 78,6%), and the message does not name Đại Từ as both gaining most and lowest."""
    monkeypatch.setenv("NTM_DATA_DIR", str(stores["sample"]))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": lang, "d": "171", "s": "2", "p": ["2010-2015", "2016-2020"]})
    at.run()
    at.switch_page("pages/present.py").run()
    assert not at.exception
    names = [d.get("name") or "" for fig in figures(at) for d in fig["data"]]
    sep = "," if lang == "vi" else "."
    assert f"{PROVINCE[lang]} 2015: 15{sep}8%" in names and f"{PROVINCE[lang]} 2020: 65{sep}0%" in names, names
    # The message (the slide's title above it names the chosen district on its own).
    message = re.search(r"<div class='ntm-slide-message'>(.*?)</div>", at.html[0].value, re.S).group(1)
    assert message.count("Đại Từ") <= 1, message


def _group(sample_dir: Path, district: str = "170") -> list[str]:
    """The communes of 1 July 2025 grouped with an old district."""
    import csv
    with open(sample_dir / "communes.csv", encoding="utf-8") as fh:
        return [r["commune_code"] for r in csv.DictReader(fh) if r["group_code"] == district]


def _partial_year(sample_dir: Path, district: str = "170", n: int = 5, year: int = 2031) -> bytes:
    """`year` (in no phase) results for the first `n` communes grouped with `district`, copied from
    their 2026 rows."""
    import csv
    codes = _group(sample_dir, district)[:n]
    lines = ["year,commune_code,criterion_id,met"]
    with open(sample_dir / "criteria_status.csv", encoding="utf-8") as fh:
        lines += [f"{year},{r['commune_code']},{r['criterion_id']},{r['met']}" for r in csv.DictReader(fh)
                  if r["year"] == "2026" and r["commune_code"] in codes]
    return ("\n".join(lines) + "\n").encode()


def test_partial_year_is_reported_and_shown_as_partial(tmp_path, monkeypatch):
    """Defect 5: 2031 results for 5 of the communes grouped with Võ Nhai: the dry run warns that 2031
    is in no phase and that communes are missing; the communes page says 5/N, never '5/5 … mọi xã đạt'."""
    from ntm.ingest import commit, dry_run
    from ntm.store import SAMPLE_DIR
    monkeypatch.setenv("NTM_DATA_DIR", str(tmp_path / "store"))
    store = Store(tmp_path / "store")
    store.active()
    data = _partial_year(SAMPLE_DIR)
    n = len(_group(SAMPLE_DIR))
    report = dry_run(store, "criteria_status", data, "ket-qua-2031.csv")
    assert report.accepted and not report.problems
    warnings = " ".join(" ".join(str(v) for v in w.as_dict("vi").values()) for w in report.warnings)
    assert "2031" in warnings and "giai đoạn" in warnings.lower(), warnings
    assert "Võ Nhai" in warnings and f"5/{n}" in warnings, warnings
    _, version = commit(store, "criteria_status", data, "ket-qua-2031.csv", author="lan")
    assert version is not None
    at = _app()
    apply(at, ("170",), (), 0)
    at.switch_page("pages/communes.py").run()
    at.select_slider(key="communes_year").set_value(2031).run()
    assert not at.exception and not at.error
    shown = " ".join(texts(at))
    assert f"5/{n}" in shown, shown[:400]
    assert "mọi xã đạt đủ" not in shown or f"5/{n}" in shown

"""The map: tiles placed by centroids, boundaries from GeoJSON (read, bounded, validated, drawn
offline), the map page and its slide, a click on a district filtering every page."""
import json
import time

import numpy as np
import pandas as pd
import pytest

from ntm import queries
from ntm.charts import map as maps
from ntm.ingest import commit, dry_run
from ntm.ingest.errors import Refused
from ntm.ingest.geojson import MAX_FEATURES, MAX_POSITIONS
from ntm.ingest.read import read_table
from ntm.store import SAMPLE_DIR, Store, load_database

from conftest import wait_for_charts
from journey_helpers import header
from test_app import dataframes, html_texts, run


# -- tiles placed by centroids ------------------------------------------------------------------
def frame(rows):
    return pd.DataFrame(rows, columns=["district_code", "lat", "lon"])


@pytest.mark.parametrize("rows, expected", [
    # four corners of a square: each at its corner (the empty middle column is removed)
    ([("NW", 21.9, 105.6), ("NE", 21.9, 106.0), ("SW", 21.5, 105.6), ("SE", 21.5, 106.0)],
     {"NW": (0, 0), "NE": (1, 0), "SW": (0, 1), "SE": (1, 1)}),
    # three on a parallel, west to east: one row, in order
    ([("W", 21.6, 105.6), ("M", 21.6, 105.8), ("E", 21.6, 106.0)], {"W": (0, 0), "M": (1, 0), "E": (2, 0)}),
    # two at the same point still get a tile each; a district without a centroid goes below
    ([("D1", 21.6, 105.8), ("D2", 21.6, 105.8), ("D3", None, None)], {"D1": (0, 0), "D2": (1, 0), "D3": (0, 1)}),
    # no centroids at all (the national sample): a grid in code order
    ([(c, None, None) for c in ("005", "001", "003", "002", "004")],
     {"001": (0, 0), "002": (1, 0), "003": (2, 0), "004": (0, 1), "005": (1, 1)}),
    # one district
    ([("D1", 21.6, 105.8)], {"D1": (0, 0)}),
])
def test_tile_layout(rows, expected):
    got = maps.tile_layout(frame(rows))
    assert {r.district_code: (r.col, r.row) for r in got.itertuples()} == expected


def test_tile_layout_of_the_province_follows_its_geography():
    """Thái Nguyên's nine units by their centroids (data/districts.csv): Định Hóa alone at the top
    (north-west), Võ Nhai north-east, the city in the middle, Phổ Yên, Sông Công and Phú Bình along
    the south."""
    districts = pd.read_csv(SAMPLE_DIR / "districts.csv", dtype={"district_code": str})
    got = maps.tile_layout(districts)
    at = {r.district_code: (r.col, r.row) for r in got.itertuples()}
    assert at == {"167": (0, 0), "168": (1, 1), "170": (2, 1), "171": (0, 2), "164": (1, 2), "169": (2, 2),
                  "172": (0, 3), "165": (1, 3), "173": (2, 3)}


@pytest.mark.parametrize("n, located", [(9, 1.0), (60, 0.9), (700, 1.0), (700, 0.0)])
def test_every_district_has_its_own_tile(n, located):
    rng = np.random.default_rng(n)
    lat = np.where(rng.random(n) < located, rng.uniform(8, 23, n), np.nan)
    lon = np.where(np.isnan(lat), np.nan, rng.uniform(102, 110, n))
    districts = pd.DataFrame({"district_code": [f"{i:03d}" for i in range(n)], "lat": lat, "lon": lon})
    started = time.perf_counter()
    got = maps.tile_layout(districts)
    assert time.perf_counter() - started < 20  # generous: the country's 700 districts
    assert sorted(got["district_code"]) == sorted(districts["district_code"])
    assert not got.duplicated(["col", "row"]).any()
    shapes = maps.tile_shapes(got)
    boxes = [(min(xs), max(xs), min(ys), max(ys)) for s in shapes.values() for xs, ys in s["rings"]]
    for i, a in enumerate(boxes[:80]):  # tiles never overlap
        for b in boxes[i + 1:80]:
            assert a[1] <= b[0] or b[1] <= a[0] or a[3] <= b[2] or b[3] <= a[2]


# -- boundaries: GeoJSON read, bounded and validated ---------------------------------------------
def square(x, y, d=0.1):
    return [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]


def feature(props, geometry):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


GOOD = collection(feature({"district_code": "167"}, {"type": "Polygon", "coordinates": square(105.6, 21.85)}),
                  feature({"ma_huyen": 170}, {"type": "MultiPolygon",
                                              "coordinates": [square(106.0, 21.75), square(106.2, 21.75, 0.05)]}),
                  feature({"district_name": "Đại Từ"}, {"type": "Polygon", "coordinates": square(105.55, 21.6)}))


@pytest.mark.parametrize("data, code, message", [
    (b'{"type": "FeatureCollection", "features": [', "geojson_bad", "sai cú pháp JSON ở dòng 1"),
    (b'{"type": "Feature", "properties": {"code": 1}, "geometry": {"type": "Polygon", "coordinates": [[[NaN, 1]]]}}',
     "geojson_bad", "có giá trị NaN"),
    (b'{"a": ' + b"[" * 5000 + b"]" * 5000 + b"}", "geojson_bad", "lồng nhau quá sâu"),
    (b'{"a": 1' + b"7" * 5000 + b"}", "geojson_bad", "số quá dài"),
    (b'{"type": "Feature" \xff}', "geojson_bad", "không phải UTF-8"),
    (b'{"type": "Polygon", "coordinates": []}', "geojson_not_features", "FeatureCollection"),
    (b'{"type": "FeatureCollection", "features": []}', "empty", "Tệp trống"),
    (collection(feature({"code": "167"}, {"type": "Point", "coordinates": [105.6, 21.9]})),
     "geojson_feature", "Đối tượng thứ 1 (167): hình học phải là Polygon hoặc MultiPolygon"),
    (collection(feature({"code": "167"}, {"type": "Polygon", "coordinates": [[[105, 21], [106, 21], [105, 22]]]})),
     "geojson_feature", "ít nhất 4 điểm"),
    (collection(feature({"code": "167"}, {"type": "Polygon", "coordinates": [[[105, 21], [106, 21], [106, 22],
                                                                              [105, 22]]]})),
     "geojson_feature", "không khép kín"),
    (collection(feature({"code": "167"}, {"type": "Polygon", "coordinates": square(205.6, 21.85)})),
     "geojson_feature", "ngoài khoảng kinh độ"),
    (collection(feature({"code": "167"}, {"type": "Polygon", "coordinates": [[[105, 21], [106, "x"], [106, 22],
                                                                              [105, 21]]]})),
     "geojson_feature", "không phải cặp số"),
    (collection(feature({"name_en": "x"}, {"type": "Polygon", "coordinates": square(105.6, 21.85)})),
     "geojson_no_code", "Đối tượng thứ 1 không có mã huyện"),
    (collection(*[feature({"code": str(i)}, {"type": "Polygon", "coordinates": square(105, 21)})
                  for i in range(MAX_FEATURES + 1)]), "geojson_too_many_features", "nhiều hơn giới hạn"),
    (collection(feature({"code": "167"}, {"type": "Polygon", "coordinates": [[[105, 21]] * (MAX_POSITIONS + 1)]})),
     "geojson_too_many_points", "đơn giản hóa"),
    (b"{" + b" " * (25 << 20) + b"}", "geojson_too_big", "Tệp GeoJSON quá lớn"),
])
def test_hostile_geojson_is_refused_with_a_reason(data, code, message):
    with pytest.raises(Refused) as caught:
        read_table(data, "ranh-gioi.geojson", dataset="district_boundaries")
    assert caught.value.problem.code == code
    assert message in caught.value.problem.message("vi"), caught.value.problem.message("vi")


def test_geojson_for_another_dataset_is_refused():
    with pytest.raises(Refused) as caught:
        read_table(GOOD, "x.json", dataset="targets")
    assert "chỉ dùng cho bảng “Ranh giới huyện”" in caught.value.problem.message("vi")


def test_geojson_becomes_a_table_of_codes_and_compact_geometry():
    table = read_table(GOOD, "ranh-gioi.geojson", dataset="district_boundaries")
    assert table.header == ["district_code", "geometry"] and list(table.numbers) == [1, 2, 3]
    codes = table.columns[0].to_pylist()
    assert codes == ["167", "170", "Đại Từ"]  # a name is resolved to its code when checked
    geometry = json.loads(table.columns[1].to_pylist()[1])
    assert geometry["type"] == "MultiPolygon" and len(geometry["coordinates"]) == 2


@pytest.mark.parametrize("data, accepted, problems", [
    (GOOD, True, []),
    # a district the province does not have, named by its feature number
    (collection(feature({"code": "999"}, {"type": "Polygon", "coordinates": square(105.6, 21.85)})), False,
     [(1, "district_code")]),
    # the same district twice
    (collection(feature({"code": "167"}, {"type": "Polygon", "coordinates": square(105.6, 21.85)}),
                feature({"code": "167"}, {"type": "Polygon", "coordinates": square(105.7, 21.85)})), False,
     [(2, "district_code")]),
    # a CSV with a geometry cell that is not a boundary
    ('district_code,geometry\n167,"{""type"":""Polygon"",""coordinates"":[[[1,2],[3,4],[1,2]]]}"\n170,abc\n'.encode(),
     False, [(2, "geometry"), (3, "geometry")]),
])
def test_boundaries_are_checked_like_any_dataset(sample_store, data, accepted, problems):
    report = dry_run(sample_store, "district_boundaries", data, "ranh-gioi.geojson")
    assert report.accepted == accepted, (report.refused, [p.as_dict() for p in report.problems])
    assert [(p.row, p.column) for p in report.problems] == problems


def test_boundaries_are_versioned_and_restorable(sample_store):
    from ntm.ingest import restore

    before = sample_store.active()
    report, version = commit(sample_store, "district_boundaries", GOOD, "ranh-gioi.geojson", author="lan")
    assert version is not None and report.new == 3
    assert set(report.to_dict()["preview"][0]["geometry"][-1:]) == {"…"} or len(
        report.to_dict()["preview"][0]["geometry"]) <= 121  # the report keeps a shape's start only
    con = load_database(version)
    got = queries.run(con, "district_boundaries")
    assert list(got["district_code"]) == ["167", "170", "171"]
    restored = restore(sample_store, before.id, author="lan")
    assert queries.run(load_database(restored), "district_boundaries").empty


def test_boundary_shapes_are_projected_and_labelled():
    boundaries = pd.DataFrame({"district_code": ["A", "B"],
                               "geometry": [json.dumps({"type": "Polygon", "coordinates": square(105.0, 21.0, 0.2)}),
                                            json.dumps({"type": "MultiPolygon", "coordinates": [
                                                square(106.0, 21.0), square(106.5, 21.0, 0.3)]})]})
    districts = pd.DataFrame({"district_code": ["A", "B"], "lat": [21.1, 30.0], "lon": [105.1, 120.0]})
    shapes = maps.boundary_shapes(boundaries, districts)
    scale = np.cos(np.radians(316.2 / 15))  # the mean latitude of the 15 points drawn
    xs, ys = shapes["A"]["rings"][0]
    assert np.allclose(xs, np.array([105.0, 105.2, 105.2, 105.0, 105.0]) * scale) and ys[2] == pytest.approx(21.2)
    assert shapes["A"]["label"] == pytest.approx((105.1 * scale, 21.1))  # its centroid, inside the shape
    # B's centroid lies outside its shape: the label goes to the middle of its largest ring
    assert len(shapes["B"]["rings"]) == 2 and shapes["B"]["label"][1] == pytest.approx(21.15)


def test_long_rings_are_thinned_for_drawing():
    ring = [[105 + 0.1 * np.cos(a), 21 + 0.1 * np.sin(a)] for a in np.linspace(0, 2 * np.pi, 50_000)]
    ring[-1] = ring[0]
    boundaries = pd.DataFrame({"district_code": ["A"],
                               "geometry": [json.dumps({"type": "Polygon", "coordinates": [ring]})]})
    shapes = maps.boundary_shapes(boundaries, pd.DataFrame({"district_code": ["A"], "lat": [None], "lon": [None]}))
    xs, ys = shapes["A"]["rings"][0]
    assert len(xs) <= maps.MAX_DRAWN_POINTS + 1 and (xs[0], ys[0]) == (xs[-1], ys[-1])


# -- the figure: offline, every district, its values --------------------------------------------
MEASURE = {"id": "share_meeting", "label": "Tỷ lệ xã đạt chuẩn", "kind": "share", "unit": "", "higher_is_better": True}


def test_the_map_needs_nothing_from_the_internet():
    rows = pd.DataFrame({"district_code": ["D1", "D2", "D3"], "district_name": ["Huyện A", "Thành phố B", "Huyện C"],
                         "lat": [21.5, 21.6, None], "lon": [105.8, 106.0, None], "value": [0.5, 1.0, None],
                         "recognised": [False, True, False], "target_mark": ["KH 60,0% ✗", "", ""],
                         "hover": ["Huyện A\n50,0%", "Thành phố B", "Huyện C"]})
    fig = maps.district_map(rows, maps.tile_shapes(maps.tile_layout(rows)), MEASURE, "value", "vi", "v1", "Tiêu đề",
                            "Tỷ lệ")
    spec = fig.to_plotly_json()
    assert not {"geo", "map", "mapbox"} & set(spec["layout"])
    assert {d["type"] for d in spec["data"]} == {"scatter"}
    labels = next(d for d in spec["data"] if d.get("mode") == "markers+text")
    assert [c[0] for c in labels["customdata"]] == ["D1", "D2", "D3"]  # the click carries the district
    assert "★ TP B" in labels["text"][1] and "100,0%" in labels["text"][1]
    assert "KH 60,0% ✗" in labels["text"][0] and labels["text"][2].split("<br>")[-1] == "–"


# -- the page ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang, heading, plan", [("vi", "Các huyện trên bản đồ", "Kế hoạch và tiến độ"),
                                                 ("en", "Districts on the map", "Targets and pace")])
def test_map_page_on_the_sample(sample_store, lang, heading, plan):
    at = run({"lang": lang, "p": ["2010-2015", "2016-2020"]}, "pages/map.py")  # the retrospective's plan
    assert header(at)[0] == heading and plan in [h.value for h in at.subheader]
    assert len(at.get("plotly_chart")) == 1
    texts = " ".join([m.value for m in at.markdown] + html_texts(at))
    # the province's plan for 2020, the districts against theirs, and the projection
    if lang == "vi":
        assert "Kế hoạch toàn tỉnh 2020 \\(tỷ lệ xã đạt chuẩn\\)\\: 70\\,0\\%\\; thực tế 65\\,0\\%" in texts
        assert "5\\/9 huyện đạt" in texts
    # The data reach 2026, one year on the 10 new criteria: no pace yet, so no projection.
    projection = dataframes(at)[1]
    assert dict(zip(projection.iloc[:, 0], projection.iloc[:, 3]))["Huyện Võ Nhai"].startswith(
        "chưa dự báo được" if lang == "vi" else "no projection")


@pytest.mark.parametrize("view", ["2010-2015", "2016-2020", "change"])
@pytest.mark.parametrize("measure", ["share_meeting", "meeting", "ind:dvk_models"])
def test_map_page_every_view_and_measure(sample_store, view, measure):
    at = run({"p": ["2010-2015", "2016-2020"]}, "pages/map.py")  # phases with indicators (to 2024)
    at.selectbox(key="map_measure").set_value(measure).run()
    at.segmented_control(key="map_view").set_value(view).run()
    assert not at.exception and len(at.get("plotly_chart")) == 1


def test_map_page_with_boundaries(sample_store):
    commit(sample_store, "district_boundaries", GOOD, "ranh-gioi.geojson", author="lan")
    at = run({}, "pages/map.py")
    caption = " ".join(c.value for c in at.caption)
    assert "Chưa có ranh giới nên không vẽ" in caption and "Thành phố Thái Nguyên" in caption
    assert "Mỗi ô là một huyện" not in caption


def test_map_page_without_targets_or_recognitions(fixture_store):
    at = run({}, "pages/map.py")
    assert "Chưa có kế hoạch" in " ".join(i.value for i in at.info)
    assert "★" not in " ".join(c.value for c in at.caption)


@pytest.mark.browser
def test_clicking_a_district_on_the_map_filters_every_page(browser, app_server):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(app_server) else None)
    page.goto(f"{app_server}/ban-do")
    wait_for_charts(page, 1)
    assert page.locator("[data-testid=stException]").count() == 0
    # No map tiles, no topojson, nothing else from outside (Streamlit's favicon for the app's
    # :material/…: page icon is the one request it makes, and it fails harmlessly offline).
    assert not [u for u in outside if not u.startswith(("data:", "blob:")) and "materialsymbols" not in u], outside
    # the label of Võ Nhai's tile (the invisible marker under it takes the click)
    index = page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        const t = gd.data.findIndex(d => d.mode === 'markers+text');
        return [t, gd.data[t].customdata.findIndex(c => c[0] === '170')];
    }""")
    x, y = page.evaluate("""([t, i]) => {
        const gd = document.querySelector('.js-plotly-plot'), fl = gd._fullLayout, box = gd.getBoundingClientRect();
        const d = gd.data[t];
        return [box.left + fl.xaxis._offset + fl.xaxis.l2p(d.x[i]), box.top + fl.yaxis._offset + fl.yaxis.l2p(d.y[i])];
    }""", index)
    page.mouse.click(x, y)
    page.wait_for_function("() => document.body.innerText.includes('Đang lọc theo')", timeout=30_000)
    assert "Huyện Võ Nhai" in page.locator("[data-testid=stCaptionContainer]", has_text="Đang lọc theo").inner_text()
    page.locator("[data-testid=stSidebarNavLink]", has_text="Tổng quan").click()
    wait_for_charts(page, 2)
    header = page.locator(".ntm-scope").first.inner_text()
    assert "Huyện Võ Nhai" in header and "Toàn tỉnh" not in header
    page.close()


@pytest.mark.parametrize("labels, sizes, shown", [
    # two labels 0,5 units apart at 100 px a unit overlap (each about 60 px wide): the larger district keeps its own
    ([(0.0, 0.0), (0.5, 0.0)], [2.0, 1.0], [True, False]),
    ([(0.0, 0.0), (0.5, 0.0)], [1.0, 2.0], [False, True]),
    # far enough apart: both kept
    ([(0.0, 0.0), (2.0, 0.0)], [1.0, 2.0], [True, True]),
])
def test_labels_of_small_boundaries_never_overlap(labels, sizes, shown):
    texts = ["<b>Phú Lương</b><br>69,2%", "<b>Đồng Hỷ</b><br>76,9%"]
    got = maps._declutter(texts, [x for x, _ in labels], [y for _, y in labels], sizes, per_unit=100.0)
    assert [bool(t) for t in got] == shown


def test_map_has_no_toolbar(sample_store):
    at = run({}, "pages/map.py")
    assert json.loads(at.get("plotly_chart")[0].proto.config)["displayModeBar"] is False


@pytest.mark.browser
def test_boundaries_drawn_in_chromium(browser, tmp_path):
    """With boundaries uploaded, the map draws each district's shape; still nothing from outside."""
    from conftest import ROOT
    from ntm.bench.browser import serve
    store = Store(tmp_path / "store")
    report, version = commit(store, "district_boundaries", GOOD, "ranh-gioi.geojson", author="lan")
    assert version is not None
    with serve(ROOT / "app.py", {"NTM_DATA_DIR": str(tmp_path / "store")}) as (url, _):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        outside = []
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(url) else None)
        page.goto(f"{url}/ban-do?lang=en")
        wait_for_charts(page, 1)
        assert page.locator("[data-testid=stException]").count() == 0
        drawn = page.evaluate("""() => {
            const gd = document.querySelector('.js-plotly-plot');
            const fills = gd.data.filter(d => d.fill === 'toself');
            return [fills.reduce((n, d) => n + d.x.filter(v => v === null).length, 0),  // rings drawn
                    gd.querySelectorAll('.scatterlayer .trace path.js-fill').length >= 1];
        }""")
        # Định Hóa, Võ Nhai (two rings) and Đại Từ have boundaries; the others are named below
        assert drawn == [4, True]
        assert "No boundary, so not drawn" in page.locator("body").inner_text()
        assert not [u for u in outside if not u.startswith(("data:", "blob:")) and "materialsymbols" not in u]
        page.close()


def test_districts_of_one_colour_are_one_trace_and_keep_their_colour():
    """Hundreds of districts are drawn as a few traces: one per fill step and outline. Each district
    keeps the colour of its value (to the step) and the chosen ones their dark outline."""
    rows = pd.DataFrame({"district_code": ["a", "b", "c", "d"], "district_name": ["A", "B", "C", "D"],
                         "value": [0.0, 0.0, 1.0, None]})
    shapes = {c: {"rings": [([i, i + 1, i + 1, i], [0, 0, 1, 1])], "label": (i + 0.5, 0.5), "size": 1.0, "tile": True}
              for i, c in enumerate("abcd")}
    measure = {"kind": "share", "id": "share_meeting", "label": "Tỷ lệ", "unit": ""}
    fig = maps.district_map(rows, shapes, measure, "value", "vi", "v1", "T", "L", highlight=("b",))
    fills = [d for d in fig.data if d.fill == "toself"]
    # a and b share a colour but b is chosen: two traces; c its own colour; d no value (grey)
    assert len(fills) == 4 and sum(list(d.x).count(None) for d in fills) == 4
    b = fills[-1]
    assert b.line.color != "white" and list(b.x) == [1, 2, 2, 1, None]  # b, outlined, on top
    a = next(d for d in fills[:-1] if list(d.x)[:4] == [0, 1, 1, 0])
    assert a.fillcolor == b.fillcolor and a.line.color == "white"
    assert next(d for d in fills if list(d.x)[:1] == [3]).fillcolor == "#F3F4F6"


def test_seven_hundred_districts_are_a_few_dozen_traces():
    n = 700
    rows = pd.DataFrame({"district_code": [f"{i:03d}" for i in range(n)], "district_name": [f"H{i}" for i in range(n)],
                         "value": [i / (n - 1) for i in range(n)]})
    shapes = {c: {"rings": [([i, i + 1, i + 1, i], [0, 0, 1, 1])], "label": (i + 0.5, 0.5), "size": 1.0, "tile": True}
              for i, c in enumerate(rows["district_code"])}
    measure = {"kind": "share", "id": "share_meeting", "label": "Tỷ lệ", "unit": ""}
    fig = maps.district_map(rows, shapes, measure, "value", "vi", "v1", "T", "L")
    fills = [d for d in fig.data if d.fill == "toself"]
    assert len(fills) <= maps.COLOUR_STEPS + 1 and sum(list(d.x).count(None) for d in fills) == n


def test_tile_names_are_set_in_a_type_that_fits_their_tile():
    # The sample's longest tile label ("★ TP Thái Nguyên", bold, with its value under it) cut at 14 px
    # in a tile of the 720 px map: the type shrinks until every label fits 92 % of the tile.
    labels = ["<b>★ TP Thái Nguyên</b><br>100,0%", "<b>Võ Nhai</b><br>12,5%"]
    w, h = 131.0, 92.0  # a tile of the sample's four-column map at 720 px
    assert maps.label_extent(labels[0], 14)[0] > 0.92 * w        # too wide at the old 14 px
    size = maps.fit_label_size(labels, w, h, 14)
    assert maps.LEAST_LABEL <= size < 14
    assert all(maps.label_extent(t, size)[0] <= 0.92 * w and maps.label_extent(t, size)[1] <= 0.92 * h
               for t in labels)
    assert maps.fit_label_size(["<b>A</b>"], w, h, 14) == 14     # a short name keeps the full size

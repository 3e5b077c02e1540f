"""The dashboard in a real headless Chromium."""
import pytest

from conftest import ROOT, wait_for_charts, wait_idle

pytestmark = pytest.mark.browser


def test_overview_renders_its_charts(browser, app_server):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(app_server + "/")
    wait_for_charts(page, 2)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator("h1").first.inner_text() == "Nông thôn mới Thái Nguyên"
    # Each chart carries the illustrative-data notice so a screenshot does too.
    notes = page.eval_on_selector_all(".js-plotly-plot .annotation-text", "els => els.map(e => e.textContent)")
    assert sum("DỮ LIỆU MINH HỌA" in n for n in notes) == 2
    page.close()


def test_the_district_picker_lists_districts_in_vietnamese_without_select_all(browser, app_server):
    """Streamlit's own "Select all" is not offered: choosing none already means the whole province."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(app_server + "/")
    wait_for_charts(page, 2)
    picker = page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first
    picker.locator("input").first.click()
    options = page.get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert "Huyện Đại Từ" in texts and not any("select all" in x.lower() for x in texts), texts
    assert "Select all" not in page.locator("body").inner_text()
    page.close()


def test_link_with_filters_reproduces_the_view(browser, app_server):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(app_server + "/?lang=en&d=170&p=2016-2020")
    wait_for_charts(page, 2)
    assert page.locator("h1").first.inner_text().startswith("New Rural Development")
    assert "Huyện Võ Nhai" in page.locator(".ntm-scope").first.inner_text()
    page.close()


def test_how_measures_are_computed_opens_on_click(browser, app_server):
    """The method's text is not sent while its expander is closed; a click opens it with the text."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(app_server + "/")
    wait_for_charts(page, 2)
    box = page.locator("[data-testid=stExpander]").filter(has_text="Cách tính")
    assert "chia cho số xã có trong chương trình" not in page.content()
    box.locator("summary").click()
    box.get_by_text("chia cho số xã có trong chương trình", exact=False).first.wait_for(timeout=30_000)
    assert page.locator("[data-testid=stException]").count() == 0
    page.close()


PAGES = [("tong-quan", 2), ("so-sanh-giai-doan", 1), ("theo-tieu-chi", 2), ("xa", 2), ("dan-van-nguon-luc", 3)]


@pytest.mark.parametrize("path, charts", PAGES)
def test_every_page_renders_without_exception(browser, app_server, path, charts):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{app_server}/{path}")
    wait_for_charts(page, charts)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator(".js-plotly-plot").count() == charts
    # Every address in the list is a page of its own: no "Page not found" before the default page.
    assert page.get_by_text("Page not found").count() == 0
    page.close()


def test_selecting_a_district_on_the_phases_chart_filters_other_pages(browser, app_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{app_server}/so-sanh-giai-doan")
    wait_for_charts(page, 1)
    # The last marker trace's first point is the district drawn at the bottom of the chart.
    point = page.locator(".js-plotly-plot .scatterlayer .trace").nth(1).locator(".points path").first
    point.click(force=True)
    page.wait_for_function("() => document.body.innerText.includes('Đang lọc theo')", timeout=30_000)
    chosen = page.locator("[data-testid=stCaptionContainer]", has_text="Đang lọc theo").inner_text()
    district = chosen.split(":", 1)[1].strip()
    page.locator("[data-testid=stSidebarNavLink]", has_text="Tổng quan").click()
    wait_for_charts(page, 2)
    header = page.locator(".ntm-scope").first.inner_text()
    assert district in header and "Toàn tỉnh" not in header
    assert "d=" in page.url
    page.close()


def test_upload_through_the_browser_then_the_new_year_is_on_the_overview(browser, tmp_path):
    """An analyst signs in, uploads a 2031–2035 phase (on the 2026 set) and 2031 results; the
    overview shows 2031."""
    import csv

    from ntm import auth
    from ntm.bench.browser import serve
    from ntm.store import SAMPLE_DIR

    phases = tmp_path / "giai-doan.csv"
    phases.write_text("phase_id,name_vi,name_en,start_year,end_year,criteria_set\n"
                      "2031-2035,Giai đoạn 2031–2035,Phase 2031–2035,2031,2035,51-2025\n", encoding="utf-8")
    status = tmp_path / "ket-qua-2031.csv"
    with open(SAMPLE_DIR / "criteria_status.csv", encoding="utf-8") as src, open(status, "w", encoding="utf-8") as out:
        rows = [r for r in csv.DictReader(src) if r["year"] == "2026"]
        out.write("Năm;Mã xã;Số tiêu chí;Đạt\n")
        out.writelines(f"2031;{r['commune_code']};{r['criterion_id']};Đạt\n" for r in rows)
    env = {"NTM_DATA_DIR": str(tmp_path / "store"), "NTM_ANALYSTS": f"lan:{auth.hash_password('matkhau123', 1000)}"}
    with serve(ROOT / "app.py", env) as (url, _):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/du-lieu")
        page.get_by_label("Tên đăng nhập").fill("lan")
        page.get_by_label("Mật khẩu").fill("matkhau123")
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Đăng nhập: lan").wait_for(timeout=30_000)
        for version, option, path in ((2, "Giai đoạn", phases), (3, "Kết quả tiêu chí theo xã", status)):
            page.locator(".st-key-upload_dataset").get_by_label("Bảng dữ liệu").click()
            page.get_by_role("option", name=option, exact=True).click()
            wait_idle(page)  # a fresh uploader after each commit
            page.locator("input[type=file]").set_input_files(str(path))
            page.get_by_text(path.name).first.wait_for()
            wait_idle(page)
            page.get_by_role("button", name="Lưu thành phiên bản mới").click(timeout=60_000)
            page.get_by_text(f"Đã lưu phiên bản v{version} ").wait_for(timeout=60_000)
        page.goto(url + "/?p=2026-2030&p=2031-2035")
        wait_for_charts(page, 2)
        assert "đến năm 2031" in page.locator(".ntm-headline").first.inner_text()
        titles = page.eval_on_selector_all(".js-plotly-plot .gtitle", "els => els.map(e => e.textContent)")
        assert any("(2031)" in t for t in titles), titles
        assert "DỮ LIỆU MINH HỌA" in " ".join(page.eval_on_selector_all(
            ".js-plotly-plot .annotation-text", "els => els.map(e => e.textContent)"))  # still mostly sample
        page.close()


def test_present_pages_through_with_the_keyboard_and_fits_the_screen(browser, app_server):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{app_server}/trinh-chieu")
    seen, ticked = [], 0
    for n in range(1, 7):
        wait_for_charts(page, 1)
        page.wait_for_function("n => location.search.includes('s=' + n)", arg=n, timeout=30_000)
        wait_idle(page)
        assert page.locator("[data-testid=stSidebar]").is_hidden()
        box = page.locator(".js-plotly-plot").first.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 720, (n, box)
        assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight") <= 722
        sizes = page.eval_on_selector_all(".js-plotly-plot .xtick text, .js-plotly-plot .ytick text",
                                          "els => els.map(e => parseFloat(e.style.fontSize))")
        assert min(sizes, default=17) >= 17, (n, min(sizes))  # the map slide has no axes
        ticked += bool(sizes)
        seen.append(page.locator(".ntm-slide-message").inner_text())
        page.keyboard.press("ArrowRight" if n % 2 else "PageDown")
    assert len(set(seen)) == 6 and ticked >= 5
    page.keyboard.press("PageUp")
    page.wait_for_function("() => location.search.includes('s=6')", timeout=30_000)  # from the 7th, last slide
    page.close()


def test_analysis_pages_print_without_sidebar_or_cut_charts(browser, app_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{app_server}/theo-tieu-chi")
    wait_for_charts(page, 2)
    page.emulate_media(media="print")
    assert page.locator("[data-testid=stSidebar]").is_hidden()
    breaks = page.eval_on_selector_all("[data-testid=stPlotlyChart]", "els => els.map(e => getComputedStyle(e).breakInside)")
    assert breaks and all(b == "avoid" for b in breaks)
    assert len(page.pdf(format="A4")) > 10_000
    page.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("top", [3, 96, 960, 8_290, 9_500, 123_456])
def test_overview_figures_set_the_margin_automargin_would(browser, tmp_path, top, lang):
    """The overview's figures set their left margin themselves (no second draw by Plotly's
    automargin): at every magnitude within a few pixels of what automargin gives, the y tick
    labels and the axis title inside the figure, the title clear of every label (the top one too)."""
    import pandas as pd
    import plotly.graph_objects as go

    from ntm.charts.overview import bands_bar, standard_line

    years = list(range(2010, 2021))
    rising = [round(top * i / 10) for i in range(11)]
    yearly = pd.DataFrame({"year": years, "meeting": rising, "communes": [top] * 11,
                           "share_meeting": [i / 10 for i in range(11)]})
    phases = pd.DataFrame({"phase_id": [1, 2], "start_year": [2011, 2016], "end_year": [2015, 2020],
                           "phase_order": [1, 2]})
    targets = pd.DataFrame({"target_year": [2020], "target": [top * 1.02]})
    bands = pd.DataFrame({"year": years * 2, "band": [1] * 11 + [5] * 11,
                          "communes": rising + [top - v for v in rising], "share": [0.5] * 22})

    def drawn(fig):
        html = tmp_path / "fig.html"
        fig.write_html(html, include_plotlyjs=True, full_html=True, default_width=440, default_height=420)
        page = browser.new_page(viewport={"width": 600, "height": 500})
        page.goto(html.as_uri())
        page.wait_for_selector(".ytick text")
        boxes = page.evaluate("""() => {
            const svg = document.querySelector('.main-svg').getBoundingClientRect();
            const box = e => { const r = e.getBoundingClientRect(); return [r.left - svg.left, r.right - svg.left, r.top]; };
            return {ticks: [...document.querySelectorAll('.ytick text')].map(box),
                    title: box(document.querySelector('.ytitle')),
                    left: document.querySelector('.js-plotly-plot')._fullLayout._size.l}; }""")
        page.close()
        return boxes

    for fig in (standard_line(yearly, phases, lang, "note", "Title", targets), bands_bar(bands, lang, "note", "Title")):
        # Fixed margins up to five-character labels ("8.000"), Plotly's automargin beyond.
        if top < 9_000:
            assert fig.layout.yaxis.automargin is False
        elif top > 10_000:
            assert fig.layout.yaxis.automargin is None
        if fig.layout.yaxis.automargin is None:  # Plotly's own layout: nothing of ours to check
            continue
        ours = drawn(fig)
        auto = drawn(go.Figure(fig).update_xaxes(automargin=True).update_yaxes(automargin=True))
        assert abs(ours["left"] - auto["left"]) <= 12, (top, ours["left"], auto["left"])
        assert ours["title"][0] >= 0 and min(a for a, *_ in ours["ticks"]) >= 0, (top, ours)
        assert ours["title"][1] + 5 <= min(a for a, *_ in ours["ticks"]), (top, ours)


def test_the_bench_sends_a_page_as_the_page_draws_it(browser, tmp_path, monkeypatch):
    """The bench's bare page that sends a page's recorded element messages draws what our page
    draws, element by element; after a district is chosen in its sidebar, the filtered state."""
    from ntm.bench.browser import serve
    from ntm.bench.figures import FIGURES_PAGE, record

    store = tmp_path / "store"
    monkeypatch.setenv("NTM_DATA_DIR", str(store))
    pages = [("/", "pages/overview.py"), ("/xa", "pages/communes.py")]
    recorded = record(str(ROOT / "app.py"), pages, "170", tmp_path / "recorded.json", ["Huyện Võ Nhai"], ["Tổng quan"])
    (tmp_path / "figures.py").write_text(FIGURES_PAGE, encoding="utf-8")

    def drawn(url, charts, district=None):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url)
        wait_for_charts(page, charts)
        if district:  # as the bench chooses it
            page.locator("[data-testid=stSidebar] [data-testid=stMultiSelect]").first.click()
            page.keyboard.type(district)
            page.get_by_role("option", name=district, exact=True).click()
            wait_idle(page)
            wait_for_charts(page, charts)
        # Every element's text but the charts' (a chart may still be redrawing when read).
        texts = page.locator("[data-testid=stMain] [data-testid=stElementContainer]"
                             ":not(:has(.js-plotly-plot))").all_inner_texts()
        charts_drawn = page.locator("[data-testid=stMain] .js-plotly-plot").count()
        sidebar = tuple(page.locator(f"[data-testid=stSidebar] [data-testid={kind}]").count()
                        for kind in ("stButtonGroup", "stMultiSelect", "stSelectbox"))
        assert page.locator("[data-testid=stException]").count() == 0
        page.close()
        return texts, sidebar, charts_drawn

    with serve(ROOT / "app.py", {"NTM_DATA_DIR": str(store)}) as (ours, _), \
            serve(tmp_path / "figures.py", {"NTM_BENCH_FIGURES": str(recorded)}) as (bare, _):
        for path, charts in [("/", 2), ("/xa", 2)]:
            texts, sidebar, charts_drawn = drawn(ours + path, charts)
            assert len(texts) >= 2 and sidebar == (1, 2, 1) and charts_drawn == charts
            assert drawn(f"{bare}{path}?page={path}&replay=1", charts) == (texts, sidebar, charts_drawn)
            # The same with the floor's one select for filters: the page as it was, the sidebar's select alone.
            assert drawn(f"{bare}{path}?page={path}&replay=1&filters=0", charts) == (texts, (0, 0, 1), charts_drawn)
        chosen = drawn(ours + "/", 2, "Huyện Võ Nhai")
        assert any("Huyện Võ Nhai" in t for t in chosen[0])
        assert drawn(f"{bare}/?page=/&replay=1", 2, "Huyện Võ Nhai") == chosen


def choose(page, label: str, option: str) -> None:
    """Pick an option of a select box as a person does: open it, type the start of the option, click it."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def test_a_form_with_an_unknown_mark_is_mapped_in_the_browser_and_the_profile_takes_the_next_year(browser, tmp_path):
    """An analyst uploads an office's .xls form with a mark "o" the reader does not know: the cell is
    named, the mark is mapped to "cơ bản đạt" in the page, the mapping saved as a profile; next
    year's form of the same shape, read with that profile, goes in with no question."""
    import form_files as ff

    from ntm import auth
    from ntm.bench.browser import serve
    from ntm.store import Store, load_database

    def bieu(year):
        rows, merges = ff.criteria_form(year, {"Huyện Định Hóa": [("Xã Linh Thông", ["x"] * 4 + ["o"] + ["x"] * 14),
                                                                  ("Lam Vỹ", ["x"] * 15 + [""] * 4)]})
        path = tmp_path / f"bieu-{year}.xls"
        path.write_bytes(ff.xls({f"Năm {year}": (rows, merges)}))
        return path

    env = {"NTM_DATA_DIR": str(tmp_path / "store"), "NTM_ANALYSTS": f"lan:{auth.hash_password('matkhau123', 1000)}"}
    with serve(ROOT / "app.py", env) as (url, _):
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url + "/du-lieu")
        page.get_by_label("Tên đăng nhập").fill("lan")
        page.get_by_label("Mật khẩu").fill("matkhau123")
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Đăng nhập: lan").wait_for(timeout=30_000)
        page.locator("input[type=file]").set_input_files(str(bieu(2019)))
        page.get_by_text("Biểu, trang “Năm 2019”").wait_for(timeout=60_000)
        page.get_by_text("Ký hiệu “o” (1 ô) nghĩa là").wait_for(timeout=30_000)   # asked (the cell: AppTest)
        assert not page.get_by_role("button", name="Lưu thành phiên bản mới").count()
        page.screenshot(path=str(tmp_path / "mark-unknown.png"))
        wait_idle(page)
        choose(page, "Ký hiệu “o” (1 ô) nghĩa là", "cơ bản đạt")
        page.get_by_role("button", name="Lưu thành phiên bản mới").wait_for(timeout=60_000)
        page.get_by_label("Lưu đối chiếu thành mẫu biểu tên").fill("bieu-dinh-hoa")
        page.get_by_label("Lưu đối chiếu thành mẫu biểu tên").press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="Lưu mẫu biểu").click()
        page.get_by_text("Đã lưu mẫu biểu “bieu-dinh-hoa”").wait_for(timeout=60_000)
        # Next year's form, read with the saved profile.
        wait_idle(page)
        choose(page, "Mẫu biểu đã lưu", "bieu-dinh-hoa")
        wait_idle(page)
        page.locator("input[type=file]").set_input_files(str(bieu(2020)))
        page.get_by_text("Biểu, trang “Năm 2020”").wait_for(timeout=60_000)
        assert not page.get_by_text("Ký hiệu “o” (1 ô) nghĩa là").count()   # no question asked
        page.get_by_role("button", name="Lưu thành phiên bản mới").click(timeout=60_000)
        page.get_by_text("Đã lưu phiên bản v3 ").wait_for(timeout=60_000)
        page.close()
    con = load_database(Store(tmp_path / "store").active())
    assert con.execute("select year, status from criteria_status where commune_code = '05539' and criterion_id = 5 "
                       "and year = 2020").fetchall() == [(2020, "co_ban_dat")]

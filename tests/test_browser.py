"""The dashboard in a real headless Chromium."""
import pytest

from conftest import wait_for_charts

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


def test_link_with_filters_reproduces_the_view(browser, app_server):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(app_server + "/?lang=en&d=170&p=2016-2020")
    wait_for_charts(page, 2)
    assert page.locator("h1").first.inner_text().startswith("New Rural Development")
    assert "Huyện Võ Nhai" in page.locator("[data-testid=stCaptionContainer]").first.inner_text()
    page.close()


PAGES = [("tong-quan", 2), ("so-sanh-giai-doan", 1), ("theo-tieu-chi", 2), ("xa", 2), ("dan-van-nguon-luc", 3)]


@pytest.mark.parametrize("path, charts", PAGES)
def test_every_page_renders_without_exception(browser, app_server, path, charts):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(f"{app_server}/{path}")
    wait_for_charts(page, charts)
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.locator(".js-plotly-plot").count() == charts
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
    header = page.locator("[data-testid=stCaptionContainer]").first.inner_text()
    assert district in header and "Toàn tỉnh" not in header
    assert "d=" in page.url
    page.close()

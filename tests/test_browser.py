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

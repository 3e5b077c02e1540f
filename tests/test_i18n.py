"""Number formatting and the string tables."""
import pytest

from ntm.i18n import number, percent, plotly_separators, points, t, unit_name
from ntm.strings import LANGUAGES


@pytest.mark.parametrize("value, digits, lang, sign, expected", [
    (6000, 0, "vi", False, "6.000"),
    (6000, 0, "en", False, "6,000"),
    (1234.5, 1, "vi", False, "1.234,5"),
    (1234.5, 1, "en", False, "1,234.5"),
    (17.87, 1, "vi", False, "17,9"),
    (67, 0, "vi", True, "+67"),
    (-32, 0, "vi", True, "-32"),
    (-0.04, 1, "vi", True, "0,0"),
    (None, 0, "vi", False, "–"),
    (float("nan"), 1, "en", False, "–"),
])
def test_number(value, digits, lang, sign, expected):
    assert number(value, digits, lang, sign) == expected


@pytest.mark.parametrize("share, lang, expected", [(0.796, "vi", "79,6%"), (0.796, "en", "79.6%"), (1, "vi", "100,0%")])
def test_percent(share, lang, expected):
    assert percent(share, lang=lang) == expected


def test_points_and_separators():
    assert points(0.491, lang="vi") == "+49,1 điểm %"
    assert points(-0.05, lang="en") == "-5.0 pp"
    assert plotly_separators("vi") == ",." and plotly_separators("en") == ".,"


def test_languages_have_the_same_keys():
    vi, en = LANGUAGES["vi"], LANGUAGES["en"]
    assert set(vi) == set(en), set(vi) ^ set(en)


def test_translation_with_values_and_fallback():
    assert t("app.title", "vi", province="Thái Nguyên") == "Nông thôn mới Thái Nguyên"
    assert t("page.overview", "xx") == "Tổng quan"


@pytest.mark.parametrize("text, lang, value, expected", [
    ("xã", "en", 28, "communes"), ("xã", "en", 1, "commune"), ("xã", "en", -1, "commune"),
    ("tiêu chí", "en", 14.3, "criteria"), ("huyện", "en", None, "districts"), ("huyện", "vi", 1, "huyện"),
    ("xã", "vi", 28, "xã"), ("ha", "en", 3, "ha"), ("", "en", 3, ""),
])
def test_units_of_published_figures(text, lang, value, expected):
    """The programme's units, written in Vietnamese in a data file, shown in the page's language;
    any other unit as the file writes it."""
    assert unit_name(text, lang, value) == expected

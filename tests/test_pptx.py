"""The PowerPoint hand-out as an office opens it: chart type legible at the size each picture is
placed, no footnote repeated inside a chart, pictures described, every run in the deck's language."""
import io
import re
import struct

import pytest
from pptx import Presentation
from pptx.util import Emu

from ntm import queries, report, slides
from ntm.store import Store, load_database

NOTE = "v1 · DỮ LIỆU MINH HỌA"
PICTURE = 13  # MSO_SHAPE_TYPE.PICTURE


@pytest.fixture(scope="module", params=["vi", "en"])
def handout(request, tmp_path_factory):
    con = load_database(Store(tmp_path_factory.mktemp(f"pptx-store-{request.param}")).active())
    deck = slides.build(lambda n, **p: queries.run(con, n, **p), {}, ["2010-2015", "2016-2020"], request.param, NOTE)
    return request.param, deck


@pytest.fixture(scope="module")
def opened(handout, browser):
    """The deck rendered once per language (Kaleido renders with the system Chromium)."""
    lang, deck = handout
    return lang, deck, Presentation(io.BytesIO(report.pptx_bytes(deck, lang, f"Toàn tỉnh · {NOTE}")))


def png_width(blob: bytes) -> int:
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", blob[16:20])[0]  # IHDR width


def em(text) -> float:
    """The smallest relative size (<span style='font-size:0.8em'>) in a text or list of texts."""
    texts = text if isinstance(text, (list, tuple)) else [text]
    found = [float(m) for t in texts if isinstance(t, str) for m in re.findall(r"font-size:\s*([0-9.]+)em", t)]
    return min([1.0, *found])


def smallest(size) -> float:
    return min(size) if isinstance(size, (list, tuple)) else size


def chart_texts(fig) -> dict[str, float]:
    """Every text a figure draws and its type size in px, inherited sizes resolved (trace or
    element → the template's → the layout font)."""
    layout, tpl = fig.layout, fig.layout.template.layout
    base = layout.font.size or tpl.font.size
    sizes = {"layout font": base}
    for name in [k for k in layout if re.fullmatch(r"[xy]axis\d*", k)] + ["xaxis", "yaxis"]:
        axis, default = layout[name], tpl[name.rstrip("0123456789")]
        if axis.showticklabels is not False and axis.visible is not False:
            sizes[f"{name} ticks"] = axis.tickfont.size or default.tickfont.size or base
        if axis.title.text:
            sizes[f"{name} title"] = axis.title.font.size or default.title.font.size or base
    if any(tr.showlegend is not False and tr.name for tr in fig.data):
        sizes["legend"] = layout.legend.font.size or tpl.legend.font.size or base
    for n, a in enumerate(layout.annotations):
        if a.visible is not False and a.text:
            sizes[f"annotation {a.name or n}: {a.text[:20]}"] = (a.font.size or base) * em(a.text)
    for n, tr in enumerate(fig.data):
        drawn = tr.text is not None and (tr.type != "scatter" or "text" in (tr.mode or ""))
        if tr.type == "heatmap":
            drawn = tr.texttemplate is not None and tr.text is not None
        if drawn and tr.visible is not False:
            sizes[f"{tr.type} {n} text"] = smallest(tr.textfont.size or base) * em(tr.text)
        bar = getattr(tr, "marker", None)
        if tr.type in ("heatmap", "choropleth") and tr.showscale is not False or \
                (bar is not None and getattr(bar, "showscale", False)):
            colorbar = tr.colorbar if tr.type in ("heatmap", "choropleth") else bar.colorbar
            sizes[f"{tr.type} {n} colour bar"] = colorbar.tickfont.size or base
            if colorbar.title.text:
                sizes[f"{tr.type} {n} colour bar title"] = colorbar.title.font.size or base
    return sizes


def test_every_chart_text_is_legible_at_its_placed_size(opened):
    lang, deck, prs = opened
    charts = [s for s in deck if s.figure is not None]
    pictures = [sh for slide in prs.slides for sh in slide.shapes if sh.shape_type == PICTURE]
    assert len(pictures) == len(charts)
    least = {}
    for s, picture in zip(charts, pictures):
        fig = report.deck_figure(s, lang)
        # one image px prints at this many pt: the picture's width in pt over the PNG's width
        pt_per_px = Emu(picture.width).inches * 72 / png_width(picture.image.blob)
        sizes = {k: v * report.DECK_SCALE * pt_per_px for k, v in chart_texts(fig).items()}
        key = min(sizes, key=sizes.get)
        least[s.key] = (key, round(sizes[key], 1))
        assert sizes[key] >= 12, (s.key, key, sizes[key])
    assert {"headline", "criteria", "lagging", "map"} <= set(least)


def test_no_footnote_inside_the_charts(handout):
    lang, deck = handout
    for s in deck:
        if s.figure is None:
            continue
        assert any(a.name == "footnote" for a in s.figure.layout.annotations)  # the page's chart has it
        fig = report.deck_figure(s, lang)
        assert not [a for a in fig.layout.annotations if a.name == "footnote" or NOTE in (a.text or "")], s.key


def test_criteria_groups_are_named_in_full(handout):
    lang, deck = handout
    s = next(s for s in deck if s.key == "criteria")
    word = "Nhóm" if lang == "vi" else "Group"
    groups = [a.text for a in report.deck_figure(s, lang).layout.annotations
              if (a.name or "").startswith("criteria_group_")]
    assert groups and all(re.fullmatch(rf"{word}(<br>| )\d+", g) for g in groups), groups


def test_pictures_are_described_by_their_chart_title(opened):
    lang, deck, prs = opened
    described = [(slide.shapes.title.text if slide.shapes.title else None,
                  sh._element.nvPicPr.cNvPr.get("descr"))
                 for slide in prs.slides for sh in slide.shapes if sh.shape_type == PICTURE]
    assert [d for _, d in described] == [s.title for s in deck if s.figure is not None]


def test_every_run_carries_the_deck_language(opened):
    lang, _, prs = opened
    tags = {run.font._rPr.get("lang") if run.font._rPr is not None else None
            for slide in prs.slides for sh in slide.shapes if sh.has_text_frame
            for p in sh.text_frame.paragraphs for run in p.runs}
    assert tags == {"vi-VN" if lang == "vi" else "en-US"}


def test_html_report_names_its_language(handout):
    lang, deck = handout
    assert f'<html lang="{lang}">' in report.html_bytes(deck, lang, "Toàn tỉnh").decode("utf-8")

"""Hand-outs of the current slides: a PowerPoint deck and a self-contained HTML report.

Chart images for the deck are rendered by Kaleido, which drives the system Chromium.
"""
from __future__ import annotations

import html
import io
import math
import re
import textwrap
import threading

import plotly.graph_objects as go
import plotly.io as pio

from .charts.criteria import without_key
from .i18n import province, t

_KALEIDO = threading.Lock()  # one Kaleido browser at a time, shared by every session

# A chart on a slide is laid out at the size it prints (96 px an inch) and drawn at DECK_SCALE
# device pixels per px, sharp on a projector; every text in it is at least MIN_PT there.
MIN_PT = 12
PX_PER_INCH = 96
DECK_SCALE = 2
SLIDE = (13.333, 7.5)            # inches, 16:9
CHART_LEFT, CHART_WIDTH = 0.5, 12.3
CHART_BOTTOM = 6.95              # the footer below
KEY_WIDTH = 3.3                  # the criteria key set as text beside a heatmap
KEY_PT = 12
MESSAGE_PT, MESSAGE_TOP = 20, 0.9
MESSAGE_CHARS = 84               # characters of a message's line at MESSAGE_PT across the slide
POINTS_PT, POINTS_CHARS = 22, 70  # the closing slide's findings, and characters of their line
POINTS_HEIGHT = 4.9
LANGS = {"vi": "vi-VN", "en": "en-US"}
_EM = re.compile(r"font-size:\s*([0-9.]+)em")


def chart_images(figures) -> list[bytes]:
    """PNG images of the figures at their layout's width and height × DECK_SCALE, in one Kaleido session."""
    import kaleido

    with _KALEIDO:
        kaleido.start_sync_server(silence_warnings=True)
        try:
            return [fig.to_image(format="png", width=fig.layout.width, height=fig.layout.height, scale=DECK_SCALE)
                    for fig in figures]
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def message_lines(message: str) -> int:
    return max(1, len(textwrap.wrap(message, MESSAGE_CHARS)))


def chart_box(slide) -> tuple[float, float, float, float]:
    """Where a slide's chart goes (left, top, width, height in inches): under its message, whose
    lines push it down; a heatmap with a criteria key leaves the key's width beside it."""
    top = MESSAGE_TOP + 0.12 + message_lines(slide.message) * MESSAGE_PT * 1.2 / 72 + 0.1
    width = CHART_WIDTH - (KEY_WIDTH + 0.2 if slide.criteria else 0)
    return CHART_LEFT, top, width, CHART_BOTTOM - top


def min_font(width_in: float, width_px: int) -> float:
    """The least type size (px) that prints at MIN_PT in a figure `width_px` wide set `width_in` wide."""
    return math.ceil(MIN_PT * width_px / (72 * width_in) * 10) / 10


def _raise(node, least: float) -> None:
    """Every font size set in a figure's JSON (layout, its template, traces), raised to at least `least`.
    Sizes left unset inherit from the layout's font or the template's, raised too."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict) and value.get("size") is not None:
                size = value["size"]
                value["size"] = [max(v, least) for v in size] if isinstance(size, (list, tuple)) else max(size, least)
            _raise(value, least)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _raise(value, least)


def _em_at_least(text, base: float, least: float):
    """Text with relative sizes (<span style='font-size:0.8em'>) no smaller than `least` px."""
    if isinstance(text, str):
        return _EM.sub(lambda m: f"font-size:{max(float(m.group(1)), least / base):.3g}em", text)
    if isinstance(text, (list, tuple)):
        return [_em_at_least(v, base, least) for v in text]
    return text


def deck_figure(slide, lang: str) -> go.Figure:
    """A copy of a slide's chart as the deck draws it: laid out at the size of its place on the
    slide, every text at least MIN_PT there, without the footnote (the slide's footer carries it),
    a criteria key left to the text beside it and its groups named in full."""
    _, _, width_in, height_in = chart_box(slide)
    width, height = round(width_in * PX_PER_INCH), round(height_in * PX_PER_INCH)
    least = min_font(width_in, width)
    fig = without_key(slide.figure, lang) if slide.criteria else go.Figure(slide.figure)
    fig.layout.annotations = [a for a in fig.layout.annotations if a.name != "footnote"]
    spec = fig.to_plotly_json()
    _raise(spec, least)
    layout = spec.setdefault("layout", {})
    layout.setdefault("font", {})["size"] = max(layout["font"].get("size") or 0, least)
    # No footnote under the plot: the axis title (automargin) is all the bottom margin holds.
    layout.setdefault("margin", {})["b"] = 20
    layout.update(width=width, height=height)
    fig = go.Figure(spec)
    if any((a.name or "").startswith("criteria_group_") and "<br>" in (a.text or "") for a in fig.layout.annotations):
        fig.update_layout(margin=dict(t=(fig.layout.margin.t or 40) + round(least * 1.3)))  # two-line group names
    base = fig.layout.font.size
    # Grouped bars thinner than their labels: only the last series (the phase the message speaks
    # of) keeps its values, the others' would print over each other.
    bars = [tr for tr in fig.data if tr.type == "bar" and tr.text is not None]
    if len(bars) > 1:
        categories = max(len(tr.y if tr.orientation == "h" else tr.x) for tr in bars)
        thickness = height * 0.7 / (categories * len(bars)) if bars[0].orientation == "h" else None
        if thickness is not None and thickness < least * 1.2:
            for tr in bars[:-1]:
                tr.text = None
    for trace in fig.data:
        if getattr(trace, "text", None) is not None:
            size = trace.textfont.size if "textfont" in trace and trace.textfont.size is not None else base
            smallest = min(size) if isinstance(size, (list, tuple)) else size
            trace.text = _em_at_least(trace.text, smallest, least)
    return fig


def _run(paragraph, text: str, size: float, lang: str, bold: bool = False, colour=None):
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(size), bold
    run.font.color.rgb = colour or RGBColor(0x1F, 0x29, 0x37)
    run.font._rPr.set("lang", LANGS.get(lang, lang))  # spelling and voice in the slide's language
    return run


def points_size(points: list[str]) -> int:
    """The closing slide's type size: POINTS_PT, smaller while the findings overrun their box."""
    for size in range(POINTS_PT, 15, -1):
        chars = int(POINTS_CHARS * POINTS_PT / size)
        lines = sum(max(1, len(textwrap.wrap(f"{n}. {p}", chars))) for n, p in enumerate(points, 1))
        if lines * size * 1.2 / 72 + len(points) * (size * 0.6) / 72 <= POINTS_HEIGHT:
            return size
    return 16


def pptx_bytes(slides, lang: str, footer: str) -> bytes:
    """A 16:9 deck, one slide per chart: title, message, the chart and a footnote of filters."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE[0]), Inches(SLIDE[1])
    blank = deck.slide_layouts[6]
    charts = [s for s in slides if s.figure is not None]
    images = dict(zip(map(id, charts), chart_images([deck_figure(s, lang) for s in charts])))
    for i, s in enumerate(slides, 1):
        page = deck.slides.add_slide(blank)
        for text, top, height, size, bold, colour in (
                (s.title, 0.3, 0.6, 28, True, None),
                (s.message, MESSAGE_TOP, message_lines(s.message) * MESSAGE_PT * 1.2 / 72 + 0.12, MESSAGE_PT, False,
                 None),
                (f"{i}/{len(slides)} · {footer}", 7.0, 0.4, 11, False, RGBColor(0x6B, 0x72, 0x80))):
            box = page.shapes.add_textbox(Inches(0.5), Inches(top), Inches(12.3), Inches(height))
            frame = box.text_frame
            frame.word_wrap = True
            _run(frame.paragraphs[0], text, size, lang, bold, colour)
        if s.figure is not None:
            left, top, width, height = chart_box(s)
            picture = page.shapes.add_picture(io.BytesIO(images[id(s)]), Inches(left), Inches(top),
                                              width=Inches(width), height=Inches(height))
            picture._element.nvPicPr.cNvPr.set("descr", s.title)  # what a screen reader says of the chart
            if s.criteria:
                frame = page.shapes.add_textbox(Inches(left + width + 0.2), Inches(top), Inches(KEY_WIDTH),
                                                Inches(height)).text_frame
                frame.word_wrap = True
                for n, (text, header) in enumerate(s.criteria):
                    _run(frame.paragraphs[0] if n == 0 else frame.add_paragraph(), text, KEY_PT, lang, header)
            continue
        # The closing slide: its findings, numbered.
        frame = page.shapes.add_textbox(Inches(0.7), Inches(1.9), Inches(11.9), Inches(POINTS_HEIGHT)).text_frame
        frame.word_wrap = True
        size = points_size(s.points)
        for n, point in enumerate(s.points, 1):
            paragraph = frame.paragraphs[0] if n == 1 else frame.add_paragraph()
            paragraph.space_after = Pt(round(size * 0.6))
            _run(paragraph, f"{n}. {point}", size, lang)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def html_bytes(slides, lang: str, footer: str) -> bytes:
    """One HTML file with every chart interactive; plotly.js is embedded so it opens offline."""
    parts = []
    first_chart = True
    for s in slides:
        if s.figure is None:  # the closing slide: its findings, numbered
            items = "".join(f"<li>{html.escape(p)}</li>" for p in s.points)
            parts.append(f"<section><h2>{html.escape(s.title)}</h2><p class='message'>{html.escape(s.message)}</p>"
                         f"<ol class='points'>{items}</ol></section>")
            continue
        # No toolbar: it would cover the legend at the top of a slide's chart.
        chart = pio.to_html(s.figure, include_plotlyjs="inline" if first_chart else False, full_html=False,
                            config={"displaylogo": False, "displayModeBar": False, "responsive": True},
                            default_width="100%")
        first_chart = False
        parts.append(f"<section><h2>{html.escape(s.title)}</h2><p class='message'>{html.escape(s.message)}</p>"
                     f"{chart}</section>")
    title = t("report.title", lang, province=province())
    doc = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #1F2937; max-width: 1200px;
       margin: 2rem auto; padding: 0 1rem; }}
h1 {{ font-size: 2rem; margin-bottom: .2rem; }} h2 {{ font-size: 1.4rem; margin: 2rem 0 .2rem; }}
.message {{ font-size: 1.2rem; margin: 0 0 .5rem; }} .footer {{ color: #6B7280; }}
.points {{ font-size: 1.15rem; line-height: 1.5; }} .points li {{ margin-bottom: .5rem; }}
section {{ break-inside: avoid; page-break-inside: avoid; }}
</style></head><body>
<h1>{html.escape(title)}</h1><p class="footer">{html.escape(footer)}</p>
{''.join(parts)}
</body></html>"""
    return doc.encode("utf-8")

"""Hand-outs of the current slides: a PowerPoint deck and a self-contained HTML report.

Chart images for the deck are rendered by Kaleido, which drives the system Chromium.
"""
from __future__ import annotations

import html
import io
import threading

import plotly.io as pio

from .charts.criteria import without_key
from .i18n import province, t

_KALEIDO = threading.Lock()  # one Kaleido browser at a time, shared by every session
IMAGE_SIZE = (1600, 820)


def chart_images(figures) -> list[bytes]:
    """PNG images of the figures, rendered in one Kaleido session."""
    import kaleido

    with _KALEIDO:
        kaleido.start_sync_server(silence_warnings=True)
        try:
            return [fig.to_image(format="png", width=IMAGE_SIZE[0], height=IMAGE_SIZE[1]) for fig in figures]
        finally:
            kaleido.stop_sync_server(silence_warnings=True)


def pptx_bytes(slides, lang: str, footer: str) -> bytes:
    """A 16:9 deck, one slide per chart: title, message, the chart and a footnote of filters."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches, Pt

    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    # A chart with a criteria key is drawn without it, the key set as text beside the picture.
    images = iter(chart_images([without_key(s.figure) if s.criteria else s.figure for s in slides if s.figure is not None]))
    for i, s in enumerate(slides, 1):
        page = deck.slides.add_slide(blank)
        for text, top, height, size, bold, colour in (
                (s.title, 0.3, 0.6, 28, True, RGBColor(0x1F, 0x29, 0x37)),
                (s.message, 0.9, 0.9, 20, False, RGBColor(0x1F, 0x29, 0x37)),
                (f"{i}/{len(slides)} · {footer}", 7.0, 0.4, 11, False, RGBColor(0x6B, 0x72, 0x80))):
            box = page.shapes.add_textbox(Inches(0.5), Inches(top), Inches(12.3), Inches(height))
            frame = box.text_frame
            frame.word_wrap = True
            run = frame.paragraphs[0].add_run()
            run.text = text
            run.font.size, run.font.bold = Pt(size), bold
            run.font.color.rgb = colour
        if s.figure is not None and s.criteria:
            page.shapes.add_picture(io.BytesIO(next(images)), Inches(0.4), Inches(1.85), width=Inches(9.4))
            frame = page.shapes.add_textbox(Inches(9.9), Inches(1.85), Inches(3.2), Inches(5.1)).text_frame
            frame.word_wrap = True
            for n, (text, header) in enumerate(s.criteria):
                paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
                run = paragraph.add_run()
                run.text = text
                run.font.size, run.font.bold = Pt(10), header
                run.font.color.rgb = RGBColor(0x1F, 0x29, 0x37)
            continue
        if s.figure is not None:
            page.shapes.add_picture(io.BytesIO(next(images)), Inches(0.9), Inches(1.85), height=Inches(5.1))
            continue
        # The closing slide: its findings, numbered.
        frame = page.shapes.add_textbox(Inches(0.7), Inches(1.9), Inches(11.9), Inches(4.9)).text_frame
        frame.word_wrap = True
        for n, point in enumerate(s.points, 1):
            paragraph = frame.paragraphs[0] if n == 1 else frame.add_paragraph()
            paragraph.space_after = Pt(14)
            run = paragraph.add_run()
            run.text = f"{n}. {point}"
            run.font.size = Pt(22)
            run.font.color.rgb = RGBColor(0x1F, 0x29, 0x37)
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

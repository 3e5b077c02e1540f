"""Streamlit's own words on its widgets, in the page's language.

Streamlit writes some text of its widgets in English only and offers no option for it: the file
uploader's button, its size limit and file types, the drop hint, an uploaded file's size
("80.0KB"), and a picker's "No results". In Vietnamese that text is hidden (not only made
invisible: hidden text is left out of what the page reads as text) and the Vietnamese words shown
in its place by CSS, keyed by the widgets' data-testid. In English, Streamlit's words stay.
"""
from __future__ import annotations

from .i18n import number, t

_HIDE = "font-size: 0 !important; visibility: hidden;"


def _css_string(text: str) -> str:
    """A CSS string literal for `content:` (quotes, backslashes and line breaks escaped)."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\\n\r' or ord(c) < 32 else c for c in text) + '"'


def _replace(selector: str, text: str, size: str) -> str:
    """Hide the text of `selector` and write `text` in its place, at `size`."""
    return (f"{selector} {{ {_HIDE} }}\n"
            f"{selector}::after {{ content: {_css_string(text)}; visibility: visible; font-size: {size}; }}\n")


def file_size(size: int, lang: str) -> str:
    """A file's size as the uploader writes it (powers of 1000), in the language's number format:
    "80,0 KB", "1,5 MB"."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if size >= scale:
            return f"{number(size / scale, 1, lang)} {unit}"
    return f"{number(size, lang=lang)} B"


def common_css(lang: str) -> str:
    """Every page: a picker's "No results" (the sidebar's district picker, searchable selectboxes)."""
    if lang == "en":
        return ""
    empty = "[role=listbox] > [role=option][style*='contents'] > span:only-child"
    return "<style>\n" + _replace(empty, t("widget.no_results", lang), "1rem") + "</style>"


def uploader_css(key: str, types: list[str], max_mb: int, lang: str, size: int | None = None) -> str:
    """One file uploader (by its widget key): its button, size limit and types, drop hint and the
    uploaded file's `size` in bytes, in `lang`."""
    if lang == "en":
        return ""
    box = f".st-key-{key} [data-testid=stFileUploaderDropzone]"
    limit = t("widget.upload.limit", lang, size=f"{number(max_mb, lang=lang)} MB",
              types=", ".join(x.upper() for x in types))
    css = (_replace(f"{box} button [data-testid=stMarkdownContainer] p", t("widget.upload.button", lang), "0.875rem")
           + _replace(f"{box} [data-testid=stFileUploaderDropzoneInstructions] span", limit, "0.875rem")
           + _replace(f"{box} > input + div > span", t("widget.upload.drop", lang), "1rem"))
    if size is not None:
        css += _replace(f".st-key-{key} [data-testid=stFileChipName] + div", file_size(size, lang), "0.75rem")
    return "<style>\n" + css + "</style>"

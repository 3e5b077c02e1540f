"""Names from data shown as they are written, in Markdown and in Plotly text.

Names of districts, communes, criteria, indicators and phases come from uploaded files. A
name such as ``**x**``, ``![](…)``, ``[a](b)`` or ``<b>x</b>`` must show literally wherever
it appears, never as formatting, an image, a link or markup.
"""
from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# leaves no emphasis, link, image, HTML, entity, heading, list, table, math ($) or Streamlit
# directive (:blue[…]) in the text.
_MD_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
# Streamlit replaces some text after parsing, where escapes no longer count: emoji and logo
# shortcodes (:smile:, :streamlit:), arrows/relations written with two symbols (->, >=) and
# bare links. An invisible word joiner after the colon, between the two symbols or inside the
# link's start keeps them as written.
_SHORTCODE = re.compile(r":(?=[\w+-])")
# GFM autolink literals (www.…, http://…, name@host) are also found after parsing.
_AUTOLINK = re.compile(r"(?i)\b(https?|mailto|xmpp|www)(?=[:.])|(@)")
_SYMBOL_PAIR = re.compile(r"(?<=[<>=~-])(?=[<>=~-])")
_WORD_JOINER = "\u2060"
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def md_literal(s) -> str:
    """Text for st.markdown / st.caption / widget labels that shows exactly as written."""
    if s is None:
        return ""
    text = _LINE_BREAKS.sub(" ", str(s))
    text = _SYMBOL_PAIR.sub(_WORD_JOINER, text)
    text = _SHORTCODE.sub(":" + _WORD_JOINER, text)
    text = _AUTOLINK.sub(lambda m: m.group(0) + _WORD_JOINER, text)
    return _MD_PUNCT.sub(r"\\\1", text)


# Plotly reads a subset of HTML (<b>, <i>, <br>, <a href>, <sup>, <span style>) and entities in
# every title, tick label, legend entry, annotation and hover label; it treats text between
# dollar signs as LaTeX, and %{…} in hover and text templates as a value to substitute.
_PLOTLY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;"}


def plotly_literal(s) -> str:
    """Text for a Plotly title, label, legend entry or hover text that shows exactly as written."""
    if s is None:
        return ""
    text = "".join(_PLOTLY.get(ch, ch) for ch in str(s))
    return text.replace("%{", "&#37;{")


# A district's name in a sentence: Vietnamese as written; English with its administrative
# prefix translated after the name ("Huyện Võ Nhai" → "Võ Nhai District"), as English writes it.
_PREFIXES_EN = (("Thành phố ", "City"), ("Thị xã ", "Town"), ("Thị trấn ", "Township"), ("Huyện ", "District"),
                ("Quận ", "District"), ("Tỉnh ", "Province"), ("Xã ", "Commune"), ("Phường ", "Ward"))


def area_label(name, lang: str) -> str:
    """A district's (or commune's) name as a sentence in `lang` writes it; in English the prefix
    ("Thành phố", "Thị xã", "Huyện", …) follows the name in English: "Thái Nguyên City",
    "Phổ Yên Town", "Võ Nhai District". Names without a known prefix are kept as written."""
    if name is None or (not isinstance(name, str) and name != name):  # None or NaN
        return ""
    name = str(name)
    if lang == "vi":
        return name
    for prefix, english in _PREFIXES_EN:
        if name.startswith(prefix) and name[len(prefix):].strip():
            return f"{name[len(prefix):].strip()} {english}"
    return name

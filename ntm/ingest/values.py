"""Reading one cell: numbers in Vietnamese or English style, yes/no, names and headers."""
from __future__ import annotations

import re
import unicodedata

TRUE = {"1", "x", "đạt", "dat", "có", "co", "true", "yes", "y", "đ", "v", "✓", "✔"}
FALSE = {"0", "", "không đạt", "khong dat", "chưa đạt", "chua dat", "không", "khong", "false", "no", "n",
         "kđ", "kd", "-"}
ADMIN_PREFIXES = ("thành phố", "thanh pho", "thị xã", "thi xa", "thị trấn", "thi tran", "huyện", "huyen",
                  "quận", "quan", "phường", "phuong", "xã", "xa", "tp.", "tp", "tx.", "tx", "tt.", "tt")
# The five tone marks (decomposed). Old and new spellings put them on different vowels of a
# syllable ("Hoá"/"Hóa", "Thuỷ"/"Thủy", "Qúy"/"Quý"); the other marks (circumflex, breve, horn)
# belong to their letter and stay in place.
TONE_MARKS = {"\u0300": "1", "\u0301": "2", "\u0309": "3", "\u0303": "4", "\u0323": "5"}

_VI_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")   # 1.234.567,8
_EN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")   # 1,234,567.8
_PLAIN = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")
# Scientific notation as Excel writes it in either locale: 1,5E+03, 1.5E3, 2E-4.
_SCIENTIFIC = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)[eE][+-]?\d{1,4}$")


def fold(text: str) -> str:
    """Lower case without accents, đ as d, spaces and underscores collapsed: for matching."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return re.sub(r"[\s_\-.]+", " ", text).strip()


def _syllable_key(word: str) -> str:
    """A syllable with its tone mark moved to the end: "hoá" and "hóa" both give "hoa2"."""
    marks = unicodedata.normalize("NFD", word)
    tones = "".join(TONE_MARKS[ch] for ch in marks if ch in TONE_MARKS)
    return unicodedata.normalize("NFC", "".join(ch for ch in marks if ch not in TONE_MARKS)) + tones


def name_key(name: str) -> str:
    """A district or commune name for matching: no administrative prefix, case-folded, the same
    for NFC and NFD text and for the old and new placement of tone marks."""
    text = " ".join(unicodedata.normalize("NFC", name).split()).casefold()
    for prefix in ADMIN_PREFIXES:
        if text.startswith(prefix + " "):
            text = text[len(prefix) + 1:]
            break
    return " ".join(_syllable_key(w) for w in text.split())


def decimal_comma(values: list[str], separator: str | None) -> bool:
    """Whether the file writes decimals with a comma (1.234,5), judged from its numbers."""
    vi = sum(bool(_VI_THOUSANDS.match(v)) and "," in v for v in values)
    en = sum(bool(_EN_THOUSANDS.match(v)) and "." in v for v in values)
    if vi != en:
        return vi > en
    return separator in (";", "\t") and any(re.match(r"^[+-]?\d+,\d+$", v) for v in values)


def parse_number(text: str, comma_decimal: bool) -> float:
    """A number written as 1234.5, 1234,5, 1.234,5, 1,234.5 or 1,5E+03; ValueError if it is not one.

    The result may be infinite (400 nines): callers refuse non-finite values."""
    s = text.replace(" ", "").replace("\u2212", "-")
    if not s:
        raise ValueError("empty")
    if _SCIENTIFIC.match(s):  # one decimal mark at most, before the exponent: . or , alike
        return float(s.replace(",", "."))
    if _VI_THOUSANDS.match(s) and (comma_decimal or "," in s or s.count(".") > 1):
        return float(s.replace(".", "").replace(",", "."))
    if _EN_THOUSANDS.match(s) and (not comma_decimal or "." in s or s.count(",") > 1):
        return float(s.replace(",", ""))
    if _PLAIN.match(s):
        return float(s.replace(",", ".")) if "," in s else float(s)
    raise ValueError(text)


def parse_bool(text: str) -> bool:
    key = " ".join(text.casefold().split())
    if key in TRUE:
        return True
    if key in FALSE:
        return False
    raise ValueError(text)

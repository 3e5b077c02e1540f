"""The legacy TCVN3 (ABC) encoding of Vietnamese: recognise it and convert it to Unicode.

TCVN3 fonts (.VnTime, .VnArial …) put Vietnamese letters on byte values that other
code pages use for symbols (0xA1–0xBF) and Latin letters. Upper-case toned letters live
in separate "H" fonts on the same byte values, so they convert to lower case here.
"""
from __future__ import annotations

import re

# Byte value (as a Latin-1 character) → Vietnamese letter.
_TCVN3 = dict(zip(
    "µ¸¶·¹" "¨»¾¼½Æ" "©ÇÊÈÉË" "®ÌÐÎÏÑ" "ªÒÕÓÔÖ" "×ÝØÜÞ" "ßãáâä" "«åèæçé" "¬êíëìî" "ïóñòô" "\xadõøö÷ù"
    "úýûüþ" "¡¢§£¤¥¦",
    "àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đèéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ" "ôồốổỗộ" "ơờớởỡợ" "ùúủũụ" "ưừứửữự"
    "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ",
))
_TABLE = str.maketrans(_TCVN3)
# A symbol byte (0xA1–0xBF) between Latin letters: a word written in TCVN3.
_SIGNATURE = re.compile(r"[A-Za-z][\xa1-\xbf]|[\xa1-\xbf][A-Za-z]")


def looks_like_tcvn3(data: bytes) -> bool:
    """True when the bytes read as Vietnamese written in TCVN3 rather than a Unicode or Windows code page."""
    high = sum(b >= 0x80 for b in data)
    if high < 3:
        return False
    text = data.decode("latin-1")
    in_words = len(_SIGNATURE.findall(text))
    symbols = sum(0xA1 <= b <= 0xBF for b in data)
    return in_words >= 3 and symbols / high > 0.3


def decode_tcvn3(data: bytes) -> str:
    return data.decode("latin-1").translate(_TABLE)

"""Which encoding a text file is in, decided on the whole file and checked, never guessed from a sample.

Strict UTF-8 first (with or without BOM; UTF-16 with a BOM). Only where UTF-8 fails is a
Vietnamese legacy encoding tried — TCVN3 (ABC), Windows-1258, Windows-1252 — and only kept if
the whole file decodes in it and reads as Vietnamese (every non-ASCII character a Vietnamese
letter, tone mark or common punctuation). A UTF-8 file with a few lines in a code page is
refused, not decoded wholly in that code page: its UTF-8 names would become mojibake. Every
refusal names the first line that does not decode.
"""
from __future__ import annotations

import codecs
import unicodedata

from .errors import Count, refuse
from .tcvn3 import decode_tcvn3, looks_like_tcvn3

CHUNK = 4 << 20
LEGACY = ["cp1258", "cp1252"]
LABELS = {"cp1258": "Windows-1258", "cp1252": "Windows-1252"}


def _vietnamese_letters() -> set[str]:
    letters = set("đĐ")
    for base in "aăâeêioôơuưy":
        for mark in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
            ch = unicodedata.normalize("NFC", base + mark)
            letters |= {ch, ch.upper()}
    return letters


# Non-ASCII characters a Vietnamese table may hold. UTF-8 bytes read in a code page give
# characters outside this set ("Ã¡", "Ä‘", "áº¡"): the mark of a wrong guess.
VIETNAMESE = frozenset(_vietnamese_letters() | set("\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
                       | set("\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022\u00b0\u00b2\u00b3\u00d7\ufeff"))


def reads_as_vietnamese(text: str) -> bool:
    """True when every non-ASCII character of the text is a Vietnamese letter, mark or common punctuation."""
    return all(ch in VIETNAMESE for ch in set(text) if ch > "\x7f")


def line_of(data: bytes, offset: int) -> int:
    """The line (1 = first) holding byte `offset`, for LF, CRLF and CR line ends."""
    lf = data.count(b"\n", 0, offset)
    return (lf if lf else data.count(b"\r", 0, offset)) + 1


def _first_utf8_error(data: bytes) -> int | None:
    """Offset of the first byte that is not valid UTF-8, or None; reads in chunks, keeps no text."""
    if data.isascii():  # codes and numbers only (a national results file): UTF-8 as it is
        return None
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    for start in range(0, len(data), CHUNK):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(data[start:start + CHUNK], final=start + CHUNK >= len(data))
        except UnicodeDecodeError as exc:
            return start - pending + exc.start
    return None


def _utf8_evidence(data: bytes) -> tuple[int, int]:
    """(valid non-ASCII characters, invalid bytes) when the bytes are read as UTF-8."""
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    valid = invalid = 0
    for start in range(0, len(data), CHUNK):
        text = decoder.decode(data[start:start + CHUNK], final=start + CHUNK >= len(data))
        bad = text.count("\ufffd")
        invalid += bad
        valid += len(text) - len(text.encode("ascii", "ignore")) - bad
    return valid, invalid


def _first_foreign(text: str) -> int | None:
    """Index of the first character that is neither ASCII nor Vietnamese, or None."""
    foreign = {ch for ch in set(text) if ch > "\x7f" and ch not in VIETNAMESE}
    return min(text.index(ch) for ch in foreign) if foreign else None


def _legacy(data: bytes) -> tuple[str, str] | int:
    """(text, encoding label) in the first legacy encoding that decodes the whole file as Vietnamese;
    else the byte offset the furthest-reaching one got to (where the file stops being Vietnamese)."""
    furthest = 0
    if looks_like_tcvn3(data):
        text = decode_tcvn3(data)
        bad = _first_foreign(text)
        if bad is None:
            return text, "TCVN3 (ABC)"
        furthest = max(furthest, bad)  # one byte per character
    fits = {}
    for enc in LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            bad = _first_foreign(data[:exc.start].decode(enc))
            furthest = max(furthest, exc.start if bad is None else bad)
            continue
        bad = _first_foreign(text)
        if bad is None:
            fits[enc] = text
        else:
            furthest = max(furthest, bad)  # single-byte code pages: character index = byte offset
    if len(fits) > 1:
        # Both code pages read as Vietnamese: let charset-normalizer judge, on the lines that
        # differ (those with bytes above 0x7F).
        from charset_normalizer import from_bytes

        sample = b"\n".join(ln for ln in data.splitlines() if max(ln, default=0) > 0x7F)[:1_000_000]
        best = from_bytes(sample, cp_isolation=list(fits)).best()
        if best is not None and best.encoding in fits:
            return fits[best.encoding], LABELS[best.encoding]
    for enc in LEGACY:
        if enc in fits:
            return fits[enc], LABELS[enc]
    return furthest


def to_utf8(data: bytes) -> tuple[bytes, str]:
    """The file as UTF-8 bytes (no BOM) and the name of the encoding it was in; Refused if none fits."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").lstrip("\ufeff").encode("utf-8"), "UTF-16"
        except UnicodeDecodeError as exc:
            line = data[:exc.start].decode("utf-16", errors="ignore").count("\n") + 1
            raise refuse("bad_encoding", row=line, line=Count(line)) from None
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    bad = _first_utf8_error(body)
    if bad is None:
        return body, "UTF-8 (BOM)" if bom else "UTF-8"
    line = line_of(body, bad)
    valid, invalid = _utf8_evidence(body)
    if bom or valid > invalid:
        # Mostly UTF-8: the lines that are not were written in another encoding (or damaged).
        raise refuse("mixed_encoding", row=line, line=Count(line))
    found = _legacy(body)
    if isinstance(found, int):  # no encoding reads the whole file: name where the best one stopped
        line = max(line, line_of(body, found))
        raise refuse("bad_encoding", row=line, line=Count(line))
    text, label = found
    return text.encode("utf-8"), label

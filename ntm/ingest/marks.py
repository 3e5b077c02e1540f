"""What a mark in an office's form means: đạt, cơ bản đạt or chưa đạt.

Offices write a met criterion as ``x``, ``X``, ``Đ``, ``Đạt``, ``1`` or ``✓`` and leave it blank,
or write ``CĐ``, ``Chưa đạt``, ``0``, ``-`` when not; some give a third value, "cơ bản đạt"
(largely met), kept as its own status: it does not count as met. Anything else is not guessed:
the form's reading names it, and the analyst maps it (kept in a form profile).
"""
from __future__ import annotations

from .values import fold

MET, BASIC, NOT_MET = "dat", "co_ban_dat", "chua_dat"
STATUSES = (MET, BASIC, NOT_MET)

_KNOWN = {
    MET: {"x", "d", "dat", "1", "✓", "✔", "☑", "v", "co", "true", "yes", "+", "da dat", "hoan thanh"},
    BASIC: {"cbd", "co ban dat", "co ban", "cb", "cbđ", "gan dat"},
    NOT_MET: {"", "0", "-", "–", "—", "cd", "chua dat", "chua", "khong dat", "kd", "khong", "k", "✗", "✘",
              "false", "no", "chua hoan thanh"},
}
_BY_KEY = {key: status for status, keys in _KNOWN.items() for key in keys}


def mark_key(text: str) -> str:
    """A mark as matched: folded (no accents, đ as d, case and spaces collapsed)."""
    return fold(text)


def status_of(text: str, mapping: dict[str, str] | None = None) -> str | None:
    """The status a mark stands for, by the analyst's mapping first; None when not recognised."""
    key = mark_key(text)
    if mapping and key in mapping:
        return mapping[key]
    return _BY_KEY.get(key)

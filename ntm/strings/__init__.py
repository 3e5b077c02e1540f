"""UI strings: one dictionary per language (vi.py, en.py) with the same keys."""
from . import en, vi

LANGUAGES = {"vi": vi.STRINGS, "en": en.STRINGS}

"""Problems found in a file: a message key (see ntm/strings) with its values, and where."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import number, t


class Count(int):
    """A count shown in a message the way the reader's language writes numbers (1.000.000 / 1,000,000)."""


@dataclass(frozen=True)
class Phrase:
    """A part of a message that is itself a string key with values (translated with the message)."""
    key: str
    params: dict = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(self.key, lang, **_values(self.params, lang))


def _values(params: dict, lang: str) -> dict:
    return {k: number(v, lang=lang) if isinstance(v, Count) else v.text(lang) if isinstance(v, Phrase) else v
            for k, v in params.items()}


@dataclass(frozen=True)
class Problem:
    code: str                     # strings key after "ingest.", e.g. "missing_column"
    row: int | None = None        # row number as a spreadsheet shows it (header = 1)
    column: str | None = None
    value: str | None = None
    params: dict = field(default_factory=dict)
    sheet: str | None = None      # the sheet of a workbook read whole (an office's form)

    def message(self, lang: str = "vi") -> str:
        return t(f"ingest.{self.code}", lang, **_values(self.params, lang))

    def as_dict(self, lang: str = "vi") -> dict:
        out = {"row": self.row, "column": self.column, "value": self.value, "message": self.message(lang)}
        if self.sheet is not None:
            out = {"sheet": self.sheet, **out}
        return out


class Refused(Exception):
    """The whole file is refused before its rows are read (not a table, too big, empty …)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem


def refuse(code: str, row: int | None = None, column: str | None = None, value: str | None = None,
           **params) -> Refused:
    """A Refused for one problem: ``raise refuse("too_many_columns", n=Count(n), max=Count(50))``."""
    return Refused(Problem(code, row=row, column=column, value=value, params=params))

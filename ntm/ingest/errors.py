"""Problems found in a file: a message key (see ntm/strings) with its values, and where."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..i18n import t


@dataclass(frozen=True)
class Problem:
    code: str                     # strings key after "ingest.", e.g. "missing_column"
    row: int | None = None        # row number as a spreadsheet shows it (header = 1)
    column: str | None = None
    value: str | None = None
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "vi") -> str:
        return t(f"ingest.{self.code}", lang, **self.params)

    def as_dict(self, lang: str = "vi") -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message(lang)}


class Refused(Exception):
    """The whole file is refused before its rows are read (not a table, too big, empty …)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.code)
        self.problem = problem

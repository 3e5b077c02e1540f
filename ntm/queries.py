"""Run a named query from ``queries/<name>.sql`` with bound ``$name`` parameters.

Pages, the CLI and the tests refer to queries by name only. Values are always bound as
parameters; a query's text is never built from values. Nothing here imports Streamlit.
"""
from __future__ import annotations

import functools
import re

import duckdb

from .store import QUERY_DIR

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


class QueryError(ValueError):
    """An unknown query, or a parameter the query does not take."""


def available() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


@functools.lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    if not _NAME.match(name) or not (QUERY_DIR / f"{name}.sql").is_file():
        raise QueryError(f"unknown query: {name!r} (known: {', '.join(available())})")
    return (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")


def parameters(name: str) -> set[str]:
    """The ``$name`` parameters a query takes (comments included; unused ones bind as null)."""
    return set(_PARAM.findall(sql_text(name)))


def normalise(params: dict) -> dict:
    """Parameters in a hashable, canonical form: lists become sorted tuples."""
    out = {}
    for k, v in params.items():
        if isinstance(v, (list, tuple, set, frozenset)):
            v = tuple(sorted(v))
        out[k] = v
    return out


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Execute query ``name`` on a fresh cursor of ``con`` and return a DataFrame.

    Parameters the query takes but the caller leaves out are bound as null (for the
    district filter that means "all districts").
    """
    takes = parameters(name)
    unknown = set(params) - takes
    if unknown:
        raise QueryError(f"query {name!r} takes no parameter {', '.join(sorted(unknown))}")
    bound = {k: None for k in takes}
    for k, v in params.items():
        bound[k] = list(v) if isinstance(v, (tuple, set, frozenset)) else v
    cur = con.cursor()
    try:
        return cur.execute(sql_text(name), bound).df()
    finally:
        cur.close()

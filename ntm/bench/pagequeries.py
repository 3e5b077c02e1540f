"""The queries each page runs, recorded from a real run of the page, timed cold and warm."""
from __future__ import annotations

import statistics
import time

from .. import queries
from ..store import Store, load_database

PAGES = ["pages/overview.py", "pages/phases.py", "pages/criteria.py", "pages/communes.py", "pages/mobilisation.py",
         "pages/present.py"]


def record(app: str, page: str) -> list[tuple[str, dict]]:
    """(query, parameters) of every query the page ran in an AppTest run, in order."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    calls: list[tuple[str, dict]] = []
    original = queries.run

    def spy(con, name, **params):
        calls.append((name, params))
        return original(con, name, **params)

    queries.run = spy
    try:
        at = AppTest.from_file(app, default_timeout=300)
        at.run()
        st.cache_data.clear()  # every query of the page must reach queries.run to be recorded
        from .. import web
        web._deck.clear()  # the presentation's slides and the pages' views are cached apart from the queries
        web._view.clear()
        calls.clear()
        at.switch_page(page).run()
    finally:
        queries.run = original
    return list(dict.fromkeys((n, tuple(sorted(queries.normalise(p).items()))) for n, p in calls))


def time_page(store: Store, calls, repeats: int = 5) -> tuple[float, float]:
    """Seconds for all of a page's queries: cold (first run on a freshly loaded version), warm (median)."""
    con = load_database(store.active())
    def once():
        t0 = time.perf_counter()
        for name, params in calls:
            queries.run(con, name, **dict(params))
        return time.perf_counter() - t0
    cold = once()
    warm = statistics.median(once() for _ in range(repeats))
    return cold, warm

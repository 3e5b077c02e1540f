"""The Streamlit edge: the shared database, cached query results and page furniture.

Only this module, ``filters`` and the pages import Streamlit.
"""
from __future__ import annotations

import html
import importlib
import time

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import cards, findings, measures, queries, tables
from .charts import footnote
from .export import to_csv_bytes, to_xlsx_bytes, typed
from .filters import Choices
from .i18n import number, t, version_label
from .published import as_of_label
from .schema import DATASETS
from .store import Resolved, Store, StoreUnavailable, Version, load_database


@st.cache_resource(max_entries=64, show_spinner=False)
def _problems(location: str, version_id: str) -> tuple[str, ...]:
    """A version's integrity, checked once per process: versions never change once written."""
    return tuple(Store(location).verify(version_id))


def begin_run() -> Resolved:
    """Fix the data version for this script run (app.py calls it first): every query, title
    and footnote of one page run reads the same version, even if an upload lands meanwhile.
    The version served is the active one, or the last good one if it is damaged; reading
    writes nothing (an empty store is seeded from the bundled sample).

    When the shared store cannot be reached, the run serves the version this server last
    served (its database and blobs are local) and `store_down()` is true: the pages say so and
    refuse writes. With no such version, StoreUnavailable (app.py shows the unreachable page)."""
    store = Store()
    st.session_state["_run_at"] = time.monotonic()
    try:
        resolved = store.resolve(checked=lambda vid: list(_problems(store.location, vid)))
        st.session_state["_store_down"] = False
    except StoreUnavailable:
        resolved = store.last_resolved()
        if resolved is None:
            st.session_state.pop("_resolved", None)
            raise
        st.session_state["_store_down"] = True
    st.session_state["_resolved"] = resolved
    st.session_state["_resolved_at"] = store.location
    return resolved


def store_down() -> bool:
    """This run serves a kept version because the shared store cannot be reached."""
    return bool(st.session_state.get("_store_down"))


@st.fragment(run_every=5)
def watch_store() -> None:
    """While the store is unreachable: every few seconds, one cheap look (the store's own
    back-off decides whether it really tries); once it answers, the whole page runs again
    (at most once per tick: never on the page's own run, which has just found it down)."""
    if time.monotonic() - st.session_state.get("_run_at", 0.0) < 4:
        return
    store = Store()
    try:
        store.active_id()
    except StoreUnavailable:
        return
    except Exception:  # the page's own message stands; the details go to the log
        import logging
        logging.getLogger("ntm").exception("store check failed")
        return
    st.rerun(scope="app")


def outage_banner(lang: str) -> None:
    """While the store is unreachable: which version is shown, and that new figures will follow."""
    if store_down():
        st.warning(t("store.down.banner", lang, version=version_label(active_version(), lang)),
                   icon=":material/cloud_off:")


def active_version() -> Version:
    """The data version of this run."""
    if "_resolved" not in st.session_state:
        begin_run()
    return st.session_state["_resolved"].version


@st.cache_resource(max_entries=4, show_spinner=False)
def database(location: str, version_id: str):
    """One in-memory DuckDB database per data version, shared by every session."""
    return load_database(Store(location).version(version_id))


@st.cache_data(max_entries=2048, show_spinner=False)
def _cached(name: str, location: str, version_id: str, params: tuple) -> pd.DataFrame:
    return queries.run(database(location, version_id), name, **dict(params))


def query(name: str, **params) -> pd.DataFrame:
    """Run a named query on the active version; results cached per (query, parameters, version)."""
    v = active_version()
    return _cached(name, st.session_state["_resolved_at"], v.id, _key(params))


def _key(params: dict) -> tuple:
    return tuple(sorted(queries.normalise(params).items()))


def _fetcher(location: str, version_id: str):
    """`fetch(name, **params)` for builders outside Streamlit: the same cached query results."""
    def fetch(name: str, **params) -> pd.DataFrame:
        return _cached(name, location, version_id, _key(params))
    return fetch


@st.cache_resource(max_entries=4, show_spinner=False)
def _choices(location: str, version_id: str) -> Choices:
    fetch = _fetcher(location, version_id)
    return Choices.of(fetch("districts"), fetch("phases"), fetch("criteria_groups"))


def choices() -> Choices:
    """What the filters offer for the active version (districts, phases, criteria groups), built
    once per version and shared by every session: never change it."""
    return _choices(st.session_state["_resolved_at"], active_version().id)


@st.cache_resource(max_entries=64, show_spinner=False)
def _deck(location: str, version_id: str, params: tuple, phases: tuple, lang: str, note: str) -> list:
    from . import slides
    return slides.build(_fetcher(location, version_id), dict(params), list(phases), lang, note)


def deck(params: dict, phases, lang: str) -> list:
    """The presentation's slides for these filters, built once per (version, filters, language)
    and shared by every session (the slides' figures are never changed after)."""
    v = active_version()
    return _deck(st.session_state["_resolved_at"], v.id, _key(params), tuple(phases), lang, note(lang))


@st.cache_resource(max_entries=256, show_spinner=False)
def _view(module: str, name: str, location: str, version_id: str, f, note: str, illustrative: tuple, args: tuple):
    return getattr(importlib.import_module(module), name)(_fetcher(location, version_id), f, note, illustrative, *args)


def view(build, f, *args):
    """`build(fetch, f, note, illustrative, *args)`: what a page shows for the filters `f` (and the
    page's own choices `args`), built from the named queries once per (version, filters, choices,
    language) and shared by every session, so that a run of the page only draws it. What it
    returns is shared: never change it after."""
    v = active_version()
    return _view(build.__module__, build.__qualname__, st.session_state["_resolved_at"], v.id, f, note(f.lang),
                 tuple(v.illustrative), args)


def note(lang: str) -> str:
    """The chart footnote for the active version."""
    v = active_version()
    return footnote(version_label(v, lang), v.sample, lang)


@st.cache_resource(max_entries=512, show_spinner=False)
def _figure(module: str, name: str, args: tuple, kwargs: tuple):
    return getattr(importlib.import_module(module), name)(*args, **dict(kwargs))


def figure(build, *args, **kwargs):
    """`build(*args, **kwargs)`, built once per distinct inputs and shared by every session:
    Plotly validates each call that builds a figure, which costs more than the page's queries.
    The inputs (query results, titles, the footnote naming the version, the language) are the
    key, so a new version or filter builds anew. The figure is shared: never change it after."""
    module, name = build.__module__, build.__qualname__
    if getattr(importlib.import_module(module), name, None) is not build:  # a lambda, a local function
        raise ValueError(f"figure() needs a module-level builder, not {module}.{name}")
    return _figure(module, name, args, tuple(sorted(kwargs.items())))


class _Built(go.Figure):
    """A built figure's dict, handed to `st.plotly_chart` as a Figure: Streamlit takes a Figure's
    `to_dict()` as already valid, so the dict (a deep copy with its arrays encoded, ~2 ms a
    chart) is made once per figure instead of on every run. Nothing else of it is read."""

    def __init__(self, spec: dict):  # Figure.__init__ skipped on purpose: it would validate again
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


def plot(fig, key: str | None = None, config: dict | None = None, **kwargs):
    """Show a figure with the shared template (Streamlit's own theme off) and a clean toolbar
    (`config`: Plotly's, for a page that needs another). The figure is shared: never change it."""
    spec = fig.__dict__.get("_ntm_spec")
    if spec is None:
        spec = fig._ntm_spec = fig.to_dict()
    return st.plotly_chart(_Built(spec), theme=None, key=key, width="stretch",
                           config=config or {"displaylogo": False}, **kwargs)


def filters():
    """The filters app.py set for this run. A page opened on its own (only possible in a fresh
    server's first session, by its file name) goes through app.py instead."""
    if "_filters" not in st.session_state:
        st.switch_page("app.py")
    return st.session_state["_filters"]


def chosen_phases(f) -> pd.DataFrame:
    """The chosen phases that have data, in order (from the `phases` query)."""
    return measures.chosen(query("phases"), f.phases)


def header(title: str, f, group_applies: bool = False, line: str | None = None,
           badge: tuple[str, str, str] | None = None, about_area: bool = True) -> None:
    """Page title, a line under it and a badge (its notice on hover), as one element of plain
    text; then a warning if the store is damaged. The line is the applied filters (`group_applies`:
    the page's numbers apply the criteria-group filter, else the line says they do not), or `line`.
    The badge is the illustrative one while sample data is active, or `badge`: (text, notice,
    "sample" or "confirmed"). The title names the chosen districts (unless the page's numbers are
    not theirs: `about_area` False, or a `line` of its own)."""
    v = active_version()
    if about_area and line is None:
        title = findings.titled(title, f.area, f.lang)
    line = f.caption(version_label(v, f.lang), group_applies, markdown=False) if line is None else line
    if badge is None and v.sample:
        badge = illustrative_badge(v, f.lang)
    shown = (f"<span class='ntm-badge ntm-{badge[2]}' title='{html.escape(badge[1], quote=True)}'>"
             f"{html.escape(badge[0])}</span> ") if badge else ""
    grouping = _grouping_note(f)
    st.html(f"<div class='ntm-header'><h1>{html.escape(title)}</h1><p class='ntm-scope'>{shown}"
            f"{html.escape(line)}</p>" + (f"<p class='ntm-scope'>{html.escape(grouping)}</p>" if grouping else "")
            + "</div>")
    resolved = st.session_state.get("_resolved")
    if resolved is not None and resolved.problems:
        st.warning(t("store.damaged", f.lang, version=version_label(v, f.lang), problems="; ".join(resolved.problems[:3])),
                   icon=":material/warning:")


def illustrative_badge(v, lang: str) -> tuple[str, str, str]:
    """The bundled sample: "Dữ liệu minh họa"; after uploads merged into it, the datasets still
    illustrative by name ("Còn minh họa: Tình trạng tiêu chí xã, …")."""
    if v.bundled_sample:
        return t("sample.badge", lang), t("sample.notice", lang), "sample"
    names = ", ".join(DATASETS[d].label_vi if lang == "vi" else DATASETS[d].label_en
                      for d in v.illustrative if d in DATASETS)
    return t("sample.badge.partial", lang, names=names), t("sample.notice.partial", lang, names=names), "sample"


def _grouping_note(f) -> str | None:
    """What the pages by district do with the units without a district in the chosen phases'
    years (none before the district level ended), or None."""
    return _grouping(st.session_state["_resolved_at"], active_version().id, tuple(f.phases or ()), f.lang)


@st.cache_resource(max_entries=256, show_spinner=False)
def _grouping(location: str, version_id: str, phase_ids: tuple, lang: str) -> str | None:
    """The grouping note, worked out once per (version, phases, language): every page's header
    shows it, and reading its two query results back from the data cache costs more than the
    rest of the header."""
    fetch = _fetcher(location, version_id)
    phases = fetch("phases")
    chosen = phases[phases["phase_id"].isin(phase_ids)] if phase_ids else phases
    if chosen.empty:
        return None
    g = fetch("district_grouping", from_year=int(chosen["start_year"].min()), to_year=int(chosen["end_year"].max()))
    if g.empty or pd.isna(g.at[0, "since"]) or not (g.at[0, "grouped"] + g.at[0, "ungrouped"]):
        return None
    return t("grouping.note", lang, since=as_of_label(str(g.at[0, "since"]), lang),
             grouped=number(g.at[0, "grouped"], lang=lang), ungrouped=number(g.at[0, "ungrouped"], lang=lang))


def _headline(sentences: list[str]) -> str:
    return "".join(f"<p class='ntm-headline'>{html.escape(' '.join(s.split()))}</p>" for s in sentences)


def headline(sentences: list[str]) -> None:
    """The page's finding in large type, one paragraph per sentence, as one element. Plain text:
    not read as Markdown, names from data escaped as HTML."""
    if sentences:
        st.html(_headline(sentences))


def kpis(row: list, weights: list[float] | None = None) -> None:
    """KPI cards (``ntm.cards.Card``) side by side, drawn as one element."""
    st.html(cards.row(row, weights))


def summary(sentences: list[str], row: list, weights: list[float] | None = None, note: str = "") -> None:
    """The headline, the KPI cards and a note under them (`note`: HTML, its texts escaped by
    its maker) as one element."""
    st.html(_headline(sentences) + cards.row(row, weights) + (f"<p class='ntm-note'>{note}</p>" if note else ""))


def table(df: pd.DataFrame, links: tuple[str, ...] = ()) -> None:
    """A read-only table, drawn as one HTML element (`links`: columns of web addresses)."""
    st.html(tables.html_table(df, links))


def method(names, lang: str, intro: bool = False) -> None:
    """How the named measures are computed, in a closed expander, as one text element. Its text
    is sent only while it is open (opening it reruns the page): a closed one costs no redraw."""
    box = st.expander(t("method.title", lang), icon=":material/functions:", key="method_" + "_".join(names),
                      on_change="rerun")
    if box.open:
        box.markdown("\n\n".join(([f"*{t('method.intro', lang)}*"] if intro else [])
                                   + [f"**{t('measure.' + m, lang)}** — {t('measure.' + m + '.how', lang)}" for m in names]))


def empty(lang: str) -> None:
    st.info(t("empty", lang), icon=":material/filter_alt_off:")


def downloads(table: pd.DataFrame, name: str, lang: str, kinds: dict | None = None) -> None:
    """CSV (UTF-8 with BOM) and XLSX downloads of a chart's data, built only when clicked, typed
    as ``ntm.export.typed`` says (`kinds`: the kind of a column it cannot know, e.g. a share)."""
    row = st.container(horizontal=True)
    with row:
        st.download_button(t("download.csv", lang), lambda: to_csv_bytes(typed(table, lang, kinds)), f"{name}.csv", "text/csv",
                           key=f"dl_csv_{name}", on_click="ignore", icon=":material/download:",
                           help=t("download.help", lang))
        st.download_button(t("download.xlsx", lang), lambda: to_xlsx_bytes(typed(table, lang, kinds), name), f"{name}.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"dl_xlsx_{name}", on_click="ignore", icon=":material/download:",
                           help=t("download.help", lang))


def form_download(year: int, districts, lang: str, key: str) -> None:
    """A button handing out the office's commune × criterion form of `year` (XLSX), made when clicked."""
    from .form_export import form_xlsx

    v = active_version()
    con = database(st.session_state["_resolved_at"], v.id)
    st.download_button(t("form.export.button", lang, year=year),
                       lambda: form_xlsx(con, year, list(districts) if districts else None),
                       f"bieu-tong-hop-{year}.xlsx", on_click="ignore", icon=":material/table_view:", key=key)

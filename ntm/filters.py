"""Filters shared by every page and mirrored in the URL query string.

``?lang=en&d=167&d=170&p=2016-2020&g=2`` reproduces a view. The applied filters live in
session keys of their own (``f_*``); the widgets (``w_*`` in the sidebar, ``present_*`` on
the presentation page) are views of them, set from them before every draw and copied back
by their callbacks. Streamlit forgets the state of a widget that a run did not draw (a run
cut short by a click on a page link while the first page is still loading); the applied
filters survive that, and any sequence of page switches.

Widget values are ids (district codes, phase ids, group numbers, language codes); labels
follow the current language through ``format_func`` only.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from .findings import area_name
from .i18n import DEFAULT_LANG, phase_years, t
from .strings import LANGUAGES
from .text import area_label, md_literal

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}
# Applied filter -> session key holding it.
STATE = {"lang": "f_lang", "districts": "f_districts", "phases": "f_phases", "group": "f_group"}


@dataclass(frozen=True)
class Filters:
    lang: str
    districts: tuple[str, ...] | None  # None: the whole province
    phases: tuple[str, ...]            # never empty when a phase has data: none chosen means all
    district_names: tuple[str, ...]
    phase_names: tuple[str, ...]
    group: int | None = None  # criteria group; None: all criteria (0 in the widget)
    group_name: str = ""
    all_phases: bool = False  # no phase chosen: every phase with data is shown

    @property
    def area(self) -> str | None:
        """The chosen districts as titles name them; None for the whole province."""
        return area_name(self.district_names, self.lang) if self.districts else None

    @property
    def params(self) -> dict:
        """Parameters for the named queries."""
        return {"districts": list(self.districts) if self.districts else None}

    def scope(self, group_applies: bool = True, markdown: bool = True) -> str:
        """The applied districts, criteria group and phases in words ("Toàn tỉnh · 2010–2015, …").
        The group is named only where the numbers apply it; elsewhere the text says it does not
        apply. With `markdown`, names from data are escaped for st.caption; without, plain text."""
        lit = md_literal if markdown else str
        districts = lit(", ".join(area_label(n, self.lang) for n in self.district_names)) if self.districts else t("filter.districts.all", self.lang)
        if self.group:
            group = lit(self.group_name)
            districts += (f" · {group}" if group_applies else " · " + t("filter.group.not_here", self.lang, group=group))
        phases = ", ".join(self.phase_names)
        if self.all_phases:
            phases = t("filter.phases.all", self.lang, phases=phases)
        return f"{districts} · {phases}"

    def caption(self, version_label: str, group_applies: bool = True, markdown: bool = True) -> str:
        """The applied filters and the data version, for a page's header."""
        return t("filter.applied", self.lang, scope=self.scope(group_applies, markdown), version=version_label)

    def select_districts(self, codes: list[str]) -> None:
        """Set the district filter (from a chart selection); call from a widget callback."""
        st.session_state[STATE["districts"]] = list(codes)


@dataclass(frozen=True)
class Choices:
    """What the filters offer for one data version, as plain mappings: built once per version
    (``web.choices``) so that a run of the sidebar reads no data frame."""
    districts: dict        # district code -> name, in the query's order
    phases: dict           # phase id -> its years ("2016–2020"), in order
    with_data: tuple       # ids of the phases that have results
    groups: dict           # language -> {group id -> "1. Quy hoạch"}

    @classmethod
    def of(cls, districts: pd.DataFrame, phases: pd.DataFrame, groups: pd.DataFrame) -> Choices:
        """From the `districts`, `phases` and `criteria_groups` queries."""
        return cls(
            districts=dict(zip(districts["district_code"], districts["district_name"])),
            phases=phase_labels(phases),
            with_data=tuple(phases.loc[phases["result_year"].notna(), "phase_id"]),
            groups={lang: {int(r.group_id): f"{int(r.group_id)}. " + (r.group_vi if lang == "vi" else r.group_en)
                           for r in groups.itertuples()} for lang in LANGUAGES})

    def group_names(self, lang: str) -> dict:
        return self.groups.get(lang, self.groups[DEFAULT_LANG])


def _from_url(c: Choices) -> None:
    """Seed the applied filters from the URL once per session, dropping unknown values."""
    if STATE["lang"] in st.session_state:
        return
    qp = st.query_params
    lang = qp.get("lang", DEFAULT_LANG)
    group = qp.get("g", "")
    st.session_state.update({
        STATE["districts"]: [d for d in qp.get_all("d") if d in c.districts],
        STATE["phases"]: [p for p in qp.get_all("p") if p in c.phases],
        STATE["group"]: int(group) if group.isdigit() and int(group) in c.group_names(DEFAULT_LANG) else 0,
        # The language last, as the marker that the session is seeded.
        STATE["lang"]: lang if lang in LANGUAGES else DEFAULT_LANG,
    })


def _to_url(f: Filters) -> None:
    chosen_phases = [] if f.all_phases else list(f.phases)
    wanted = {"lang": f.lang, "d": list(f.districts or []), "p": chosen_phases,
              "g": str(f.group) if f.group else None}
    current = {"lang": st.query_params.get("lang"), "d": st.query_params.get_all("d"),
               "p": st.query_params.get_all("p"), "g": st.query_params.get("g")}
    for key, value in wanted.items():  # only our keys: a page may keep its own (e.g. the slide)
        if value != current[key]:
            if value:
                st.query_params[key] = value
            else:
                del st.query_params[key]


def _copy_back(name: str, widget_key: str) -> None:
    """Widget callback: the widget's value becomes the applied filter (a deselected language
    toggle keeps the language)."""
    value = st.session_state.get(widget_key)
    st.session_state["_changed_widget"] = widget_key  # the browser shows this value: see _bind
    if name == "lang" and value not in LANGUAGES:
        return
    st.session_state[STATE[name]] = value


def _bind(name: str, widget_key: str, allowed, shown) -> dict:
    """Set a widget's state from the applied filter before it is drawn; its keyword arguments.

    Written on every run (the browser may not have drawn the widget yet: a page opened while
    the first was loading), except for the widget the user has just changed, whose value the
    browser itself sent: writing it would make the browser redraw it. Unless it is drawn with
    other texts (`shown`: its language and options — a new language or data version makes it a
    new widget to Streamlit, which starts from the written state)."""
    value = st.session_state.get(STATE[name])
    if isinstance(value, list):
        value = [v for v in value if v in allowed]
    elif value not in allowed:
        value = None if name == "lang" else 0
    drawn = st.session_state.setdefault("_drawn_with", {})
    just_changed = st.session_state.get("_changed_widget") == widget_key
    if not (just_changed and drawn.get(widget_key) == shown and st.session_state.get(widget_key) == value):
        st.session_state[widget_key] = value
    drawn[widget_key] = shown
    return {"key": widget_key, "on_change": _copy_back, "args": (name, widget_key)}


def phase_labels(phases: pd.DataFrame) -> dict:
    """Each phase's id → its years as the filters show them ("2016–2020")."""
    return {r.phase_id: phase_years(r) for r in phases.itertuples()}


def district_widget(names: dict, lang: str, key: str, **kwargs) -> None:
    st.multiselect(t("filter.districts", lang), list(names), format_func=names.get,
                   placeholder=t("filter.districts.all", lang), select_all=False,  # none chosen is all
                   **_bind("districts", key, names, (lang, names)),
                   **kwargs)


def phase_widget(phase_names: dict, lang: str, key: str, **kwargs) -> None:
    st.multiselect(t("filter.phases", lang), list(phase_names), format_func=phase_names.get,
                   placeholder=t("filter.phases.none", lang), select_all=False,  # none chosen is all
                   **_bind("phases", key, phase_names, (lang, phase_names)), **kwargs)


def sidebar(c: Choices) -> Filters:
    """Draw the language toggle and the filters in the sidebar; return the applied filters."""
    _from_url(c)
    lang = st.session_state.get(STATE["lang"]) or DEFAULT_LANG
    group_names = c.group_names(lang)
    with st.sidebar:
        st.segmented_control(t("lang.label", lang), list(LANG_NAMES), format_func=LANG_NAMES.get,
                             selection_mode="single", **_bind("lang", "w_lang", LANG_NAMES, lang))
        district_widget(c.districts, lang, "w_districts")
        phase_widget(c.phases, lang, "w_phases")
        st.selectbox(t("filter.group", lang), [0, *group_names],
                     format_func=lambda g: group_names.get(g, t("filter.group.all", lang)),
                     **_bind("group", "w_group", [0, *group_names], (lang, group_names)))
    st.session_state.pop("_changed_widget", None)
    return applied(c)


def applied(c: Choices) -> Filters:
    """The applied filters, validated against the known districts, phases and groups."""
    state = st.session_state
    lang = state.get(STATE["lang"]) if state.get(STATE["lang"]) in LANGUAGES else DEFAULT_LANG
    group_names = c.group_names(lang)
    chosen_d = tuple(d for d in (state.get(STATE["districts"]) or ()) if d in c.districts)
    chosen_p = tuple(p for p in c.phases if p in (state.get(STATE["phases"]) or ()))
    group = state.get(STATE["group"])
    group = group if isinstance(group, int) and group in group_names else None
    f = Filters(lang=lang, districts=chosen_d or None, phases=chosen_p or c.with_data,
                district_names=tuple(c.districts[d] for d in chosen_d),
                phase_names=tuple(c.phases[p] for p in (chosen_p or c.with_data)), group=group,
                group_name=group_names.get(group, ""), all_phases=not chosen_p)
    _to_url(f)
    return f

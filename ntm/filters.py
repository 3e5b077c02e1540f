"""Filters shared by every page and mirrored in the URL query string.

``?lang=en&d=167&d=170&p=2016-2020`` reproduces a view: the sidebar widgets start from
the URL on a session's first run and write their values back on every run.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from .i18n import DEFAULT_LANG, t
from .strings import LANGUAGES

LANG_NAMES = {"vi": "Tiếng Việt", "en": "English"}


@dataclass(frozen=True)
class Filters:
    lang: str
    districts: tuple[str, ...] | None  # None: the whole province
    phases: tuple[str, ...]
    district_names: tuple[str, ...]
    phase_names: tuple[str, ...]
    group: int | None = None  # criteria group; None: all criteria (0 in the widget)
    group_name: str = ""

    @property
    def params(self) -> dict:
        """Parameters for the named queries."""
        return {"districts": list(self.districts) if self.districts else None}

    def caption(self, version_label: str) -> str:
        districts = ", ".join(self.district_names) if self.districts else t("filter.districts.all", self.lang)
        if self.group:
            districts += f" · {self.group_name}"
        return t("filter.applied", self.lang, districts=districts, phases=", ".join(self.phase_names),
                 version=version_label)

    def select_districts(self, codes: list[str]) -> None:
        """Set the district filter (from a chart selection); call from a widget callback."""
        st.session_state["districts"] = list(codes)


def _from_url(districts: pd.DataFrame, phases: pd.DataFrame, groups: pd.DataFrame) -> None:
    """Seed the widget state from the URL once per session, dropping unknown values."""
    if st.session_state.get("_filters_seeded"):
        return
    qp = st.query_params
    lang = qp.get("lang", DEFAULT_LANG)
    st.session_state["lang"] = lang if lang in LANGUAGES else DEFAULT_LANG
    known_d = set(districts["district_code"])
    st.session_state["districts"] = [d for d in qp.get_all("d") if d in known_d]
    known_p = list(phases["phase_id"])
    chosen = [p for p in qp.get_all("p") if p in known_p]
    st.session_state["phases"] = chosen or list(phases.loc[phases["result_year"].notna(), "phase_id"])
    group = qp.get("g", "")
    st.session_state["group"] = int(group) if group.isdigit() and int(group) in set(groups["group_id"]) else 0
    st.session_state["_filters_seeded"] = True


def _to_url(f: Filters) -> None:
    wanted = {"lang": f.lang, "d": list(f.districts or []), "p": list(f.phases),
              "g": str(f.group) if f.group else None}
    current = {"lang": st.query_params.get("lang"), "d": st.query_params.get_all("d"),
               "p": st.query_params.get_all("p"), "g": st.query_params.get("g")}
    for key, value in wanted.items():  # only our keys: a page may keep its own (e.g. the slide)
        if value != current[key]:
            if value:
                st.query_params[key] = value
            else:
                del st.query_params[key]


def sidebar(districts: pd.DataFrame, phases: pd.DataFrame, groups: pd.DataFrame) -> Filters:
    """Draw the language toggle and the filters in the sidebar; return the applied filters."""
    _from_url(districts, phases, groups)
    lang = st.session_state.get("lang", DEFAULT_LANG)
    with st.sidebar:
        st.segmented_control(t("lang.label", lang), list(LANG_NAMES), format_func=LANG_NAMES.get,
                             key="lang", selection_mode="single")
        lang = st.session_state.get("lang") or DEFAULT_LANG
        names = dict(zip(districts["district_code"], districts["district_name"]))
        st.multiselect(t("filter.districts", lang), list(names), format_func=names.get, key="districts",
                       placeholder=t("filter.districts.all", lang))
        phase_names = {r.phase_id: f"{r.start_year}–{r.end_year}" for r in phases.itertuples()}
        st.multiselect(t("filter.phases", lang), list(phase_names), format_func=phase_names.get, key="phases")
        group_names = {int(r.group_id): f"{int(r.group_id)}. " + (r.group_vi if lang == "vi" else r.group_en)
                       for r in groups.itertuples()}
        st.selectbox(t("filter.group", lang), [0, *group_names], key="group",
                     format_func=lambda g: group_names.get(g, t("filter.group.all", lang)))
    chosen_d = tuple(st.session_state.get("districts") or ())
    chosen_p = tuple(p for p in phase_names if p in (st.session_state.get("phases") or ()))
    f = Filters(lang=lang, districts=chosen_d or None, phases=chosen_p,
                district_names=tuple(names[d] for d in chosen_d),
                phase_names=tuple(phase_names[p] for p in chosen_p), group=st.session_state.get("group") or None,
                group_name=group_names.get(st.session_state.get("group"), ""))
    _to_url(f)
    return f

"""The data page's part for an office's form: the profile and year asked before reading, how the
form was read, the mapping of what was not recognised, and saving that mapping as a profile.

The mapping lives in the session (`form_map`); each choice re-reads the form at once (the dry
run is keyed on it), so the analyst sees the result of every answer before storing anything.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from .i18n import t
from .ingest import commit
from .ingest.forms import ROLES, Options
from .ingest.marks import STATUSES
from .ingest.profiles import as_upload, spec
from .ingest.reading import column_text, lines, mark_text

_COL, _MARK = "form_map_col_", "form_map_mark_"


_ANSWERS = "form_answers"


def mapping() -> dict:
    """The answers given so far: kept in the session, updated from the mapping widgets' own state
    (so a choice counts in the very run it triggers, and stays once the form reads without it)."""
    state = st.session_state
    answers = state.setdefault(_ANSWERS, {"columns": {}, "marks": {}})
    for k, v in list(state.items()):
        k = str(k)
        if k.startswith(_COL):
            answers["columns"].pop(k[len(_COL):], None) if v == "" else answers["columns"].update({k[len(_COL):]: v})
        elif k.startswith(_MARK):
            answers["marks"].pop(k[len(_MARK):], None) if not v else answers["marks"].update({k[len(_MARK):]: v})
    return answers


def _forget() -> None:
    for k in [k for k in st.session_state if str(k).startswith((_COL, _MARK))]:
        del st.session_state[k]
    st.session_state.pop(_ANSWERS, None)


def options(profiles: pd.DataFrame, dataset: str, lang: str) -> tuple[Options, str]:
    """The profile and year widgets (`profiles`: the query form_profiles); the reading options with
    the session's mapping on top, and a key of them for the dry run's cache."""
    mine = profiles[profiles["dataset"] == dataset]
    saved = list(mine["profile"])
    c1, c2 = st.columns(2)
    profile = c1.selectbox(t("form.profile.label", lang), [""] + saved, key="form_profile",
                           format_func=lambda p: p or t("form.profile.none", lang))
    year = c2.number_input(t("form.map.year", lang), min_value=1990, max_value=2100, value=None, step=1,
                           key="form_year")
    base = (json.loads(mine.loc[mine["profile"] == profile, "spec"].iloc[0]) if profile
            else {"columns": {}, "marks": {}})
    current = mapping()
    merged = {"columns": {**base.get("columns", {}), **current["columns"]},
              "marks": {**base.get("marks", {}), **current["marks"]}}
    opts = Options(year=int(year) if year else None, profile=merged)
    return opts, json.dumps([profile, year, merged], sort_keys=True, ensure_ascii=False)


def reading(report, lang: str) -> None:
    """How the form was read: one line a sheet, and the detail in tables."""
    form = report.form
    st.markdown(f"**{t('form.heading', lang)}**")
    st.text("\n".join(lines(form, lang)))
    for s in form["sheets"]:
        with st.expander(f"{t('form.data.sheet', lang)} “{s['sheet']}”"):
            st.dataframe(pd.DataFrame([{t("form.table.column", lang): c["column"],
                                        t("form.table.header", lang): c["header"],
                                        t("form.table.read_as", lang): column_text(c, lang)} for c in s["columns"]]),
                         hide_index=True, width="stretch")
            if s["skipped"]:
                st.dataframe(pd.DataFrame([{t("form.table.row", lang): k["row"],
                                            t("form.table.reason", lang): t(f"form.reason.{k['reason']}", lang),
                                            t("form.table.text", lang): k["text"]} for k in s["skipped"]]),
                             hide_index=True, width="stretch")
            if s["marks"]:
                st.dataframe(pd.DataFrame([{t("form.table.mark", lang): mark_text(m, lang),
                                            t("form.table.status", lang): t(f"form.status.{v['status'] or 'unknown'}",
                                                                            lang),
                                            t("form.table.cells", lang): v["cells"]} for m, v in s["marks"].items()]),
                             hide_index=True, width="stretch")


def map_unknown(report, lang: str) -> None:
    """A choice for each column and mark the form reading could not place."""
    form = report.form
    answers = mapping()
    columns = form["unknown_columns"] + [{"column": "", "header": k, "key": k} for k in answers["columns"]]
    marks = {**{m: 0 for m in answers["marks"]}, **form["unknown_marks"]}
    if not columns and not marks:
        return
    st.markdown(f"**{t('form.map.heading', lang)}**")
    targets = [""] + list(range(1, 100)) + [r for r in ROLES if r != "ignore"] + ["ignore"]
    shown = {c["criterion"] for s in form["sheets"] for c in s["columns"] if c["criterion"] and c["from"] != "profile"}
    targets = [x for x in targets if not isinstance(x, int) or x not in shown]

    def label(x):
        if x == "":
            return t("form.map.choose", lang)
        return column_text({"role": "criterion", "criterion": x} if isinstance(x, int) else {"role": x}, lang)

    asked = set()
    for col in columns:
        if col["key"] in asked:   # the same header on several sheets: one question
            continue
        asked.add(col["key"])
        st.selectbox(t("form.map.column", lang, column=col["column"], header=col["header"] or "–"),
                     targets[:1] + [x for x in targets[1:] if not isinstance(x, int) or x <= 30],
                     format_func=label, key=_COL + col["key"])
    for mark, cells in marks.items():
        st.selectbox(t("form.map.mark", lang, mark=mark_text(mark, lang), cells=cells), [""] + list(STATUSES),
                     format_func=lambda s: t(f"form.status.{s}", lang) if s else t("form.map.choose", lang),
                     key=_MARK + mark)


def save_profile(store, dataset: str, opts: Options, analyst: str, lang: str) -> None:
    """Save the mapping in use (the chosen profile's and the answers given) under a name."""
    if not (opts.profile and (opts.profile["columns"] or opts.profile["marks"])):
        return
    with st.container(horizontal=True, vertical_alignment="bottom"):
        name = st.text_input(t("form.profile.name", lang), key="form_profile_name").strip()
        if st.button(t("form.profile.save", lang), key="form_profile_save", disabled=not name,
                     icon=":material/bookmark_add:"):
            body = as_upload(name, dataset, spec(opts.profile["columns"], opts.profile["marks"]))
            report, version = commit(store, "form_profiles", body, f"{name}.csv", author=analyst)
            if version or report.no_change:
                st.session_state["data_flash"] = t("form.profile.saved", lang, name=name)
                _forget()
                st.rerun()
            st.error(report.refused.message(lang) if report.refused else
                     "; ".join(p.message(lang) for p in report.problems))

"""Dữ liệu — templates, the data dictionary, uploads with a dry run, version history."""
import hashlib

import pandas as pd
import streamlit as st

from ntm import auth, formpanel, history, templates, web
from ntm.export import stored_csv_bytes, to_csv_bytes
from ntm.i18n import number, t, version_label
from ntm.ingest import commit, dry_run, restore
from ntm.ingest.forms import FORM_DATASETS, Options
from ntm.schema import DATASETS
from ntm.store import DamagedVersion, NoChange, Store, StoreUnavailable, StoreWriteFailed


def _issues(items, lang: str) -> pd.DataFrame:
    """Problems or warnings as a table: a place the file does not have (a whole-file problem has no
    row) shown as "—", not "None"."""
    frame = pd.DataFrame([p.as_dict(lang) for p in items])
    for col in ("sheet", "row", "column"):
        if col in frame:
            frame[col] = frame[col].map(lambda v: "—" if v is None or pd.isna(v) else str(v))
    return frame


def _note(v, names: dict) -> str:
    """A version's note as the history shows it: an upload by its dataset's label and file."""
    upload = v.manifest.get("upload") or {}
    if v.source == "upload" and upload.get("dataset") in names:
        return f"{names[upload['dataset']]} · {upload.get('file', '')}"
    return v.note


f = web.filters()
lang = f.lang
web.header(t("data.title", lang), f, about_area=False)
store = Store()
names = {name: ds.label(lang) for name, ds in DATASETS.items()}
analyst = st.session_state.get("analyst")

flash = st.session_state.pop("data_flash", None)  # the outcome of the last commit or restore, after the rerun
if flash:
    st.success(flash, icon=":material/check_circle:")
upload_tab, dict_tab, history_tab = st.tabs([t("data.tab.upload", lang), t("data.tab.dictionary", lang),
                                             t("data.tab.history", lang)])

with dict_tab:
    form_years = web.query("data_years")["year"].tolist()
    if form_years:  # the office's summary form of a year, as it hands it upward
        with st.container(horizontal=True, vertical_alignment="bottom"):
            form_year = st.selectbox(t("form.export.year", lang), form_years[::-1], key="data_form_year")
            web.form_download(int(form_year), f.params.get("districts"), lang, key="data_form_download")
    ds_name = st.selectbox(t("data.dataset", lang), list(names), format_func=names.get, key="data_dict_dataset")
    ds = DATASETS[ds_name]
    st.caption(ds.desc_vi if lang == "vi" else ds.desc_en)
    st.dataframe(templates.dictionary(ds_name, lang), hide_index=True, width="stretch")
    st.caption(t("data.key", lang, keys=", ".join(ds.key)))
    with st.container(horizontal=True):
        st.download_button(t("data.template.csv", lang), lambda: templates.template_csv(ds_name),
                           f"mau-{ds_name}.csv", "text/csv", on_click="ignore", icon=":material/download:")
        st.download_button(t("data.template.xlsx", lang), lambda: templates.template_xlsx(ds_name),
                           f"mau-{ds_name}.xlsx", on_click="ignore", icon=":material/download:")
        st.download_button(t("data.dictionary.csv", lang),
                           lambda: to_csv_bytes(templates.dictionary(ds_name, lang)),
                           f"tu-dien-{ds_name}.csv", "text/csv", on_click="ignore", icon=":material/download:")
        st.download_button(t("data.current.csv", lang),
                           lambda v=web.active_version(): stored_csv_bytes(v, ds_name, bom=True),
                           f"{ds_name}.csv", "text/csv", on_click="ignore", icon=":material/download:")

down = web.store_down()  # the shared store unreachable: this version is shown, nothing can be written


def refused() -> None:
    st.warning(t("store.down.refused", lang), icon=":material/cloud_off:")


with upload_tab:
    if down:
        refused()
    elif not auth.analysts():
        st.info(t("data.no_analysts", lang), icon=":material/lock:")
    elif not analyst:
        st.caption(t("data.signin.why", lang))
        with st.form("signin"):
            st.markdown(f"**{t('data.signin', lang)}**")
            name = st.text_input(t("data.signin.name", lang), key="signin_name")
            password = st.text_input(t("data.signin.password", lang), type="password", key="signin_password")
            if st.form_submit_button(t("data.signin.submit", lang)):
                client = auth.client_key(st.context.ip_address, st.context.headers, st.session_state)
                try:
                    signed_in = auth.sign_in(name, password, client=client)
                except StoreUnavailable:
                    refused()
                    st.stop()
                if signed_in:
                    st.session_state["analyst"] = name.strip()
                    st.rerun()
                st.error(t("data.signin.locked", lang, seconds=number(signed_in.wait, lang=lang)) if signed_in.wait
                         else t("data.signin.failed", lang))
    else:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(t("data.signin.as", lang, name=analyst))
            if st.button(t("data.signout", lang), key="signout"):
                st.session_state.pop("analyst", None)
                st.rerun()
        c1, c2 = st.columns([1, 2])
        dataset = c1.selectbox(t("data.dataset", lang), list(names), format_func=names.get, key="upload_dataset",
                               index=list(names).index("criteria_status"))
        mode = c2.radio(t("data.mode", lang), ["merge", "replace"], key="upload_mode",
                        format_func=lambda m: t(f"data.mode.{m}", lang))
        sheet = st.text_input(t("data.sheet", lang), key="upload_sheet").strip() or None
        # A new uploader after each commit: the stored file is not offered for a second commit.
        form, form_key = (formpanel.options(web.query("form_profiles"), dataset, lang) if dataset in FORM_DATASETS
                          else (Options(), ""))
        file = st.file_uploader(t("data.file", lang), type=["csv", "txt", "tsv", "xlsx", "xls", "ods", "geojson", "json"],
                                key=f"upload_file_{st.session_state.get('upload_round', 0)}")
        if file is not None:
            data = file.getvalue()
            check_key = (hashlib.sha256(data).hexdigest(), dataset, mode, sheet, web.active_version().id, form_key)
            if st.session_state.get("upload_check", (None,))[0] != check_key:
                st.session_state["upload_check"] = (check_key, dry_run(store, dataset, data, file.name, mode, sheet,
                                                                       form=form))
            report = st.session_state["upload_check"][1]
            st.subheader(t("data.report", lang))
            if report.refused:
                st.error(t("data.refused", lang, message=report.refused.message(lang)), icon=":material/block:")
            else:
                st.caption(t("data.read_as", lang, encoding=report.encoding,
                             separator=repr(report.separator) if report.separator else "–"))
                if report.form is not None:
                    formpanel.reading(report, lang)
                    formpanel.map_unknown(report, lang)
                cols = st.columns(6)
                for col, (key, value) in zip(cols, [("rows", report.rows_total), ("new", report.new),
                                                    ("changed", report.changed), ("unchanged", report.unchanged),
                                                    ("rejected", report.rejected), ("removed", report.removed)]):
                    col.metric(t(f"data.{key}", lang), number(value, lang=lang))
                issue_cols = {"sheet": t("form.data.sheet", lang), "row": t("col.row", lang),
                              "column": t("data.col.column", lang),
                              "value": t("col.value", lang), "message": t("col.message", lang)}
                if report.problems:
                    st.markdown(f"**{t('data.problems', lang)}**")
                    st.dataframe(_issues(report.problems, lang).rename(columns=issue_cols),
                                 hide_index=True, width="stretch")
                if report.warnings:
                    st.markdown(f"**{t('data.warnings', lang)}**")
                    st.dataframe(_issues(report.warnings, lang).rename(columns=issue_cols),
                                 hide_index=True, width="stretch")
                if len(report.preview):
                    st.markdown(f"**{t('data.preview', lang)}**")
                    st.dataframe(report.preview.rename(columns={
                        "district": t("col.district", lang), "year": t("col.year", lang),
                        "new": t("data.new", lang), "changed": t("data.changed", lang)}), hide_index=True, width="stretch")
            if report.form is not None:
                formpanel.save_profile(store, dataset, form, analyst, lang)
            if report.accepted:
                if st.button(t("data.commit", lang), type="primary", key="upload_commit", icon=":material/save:"):
                    try:
                        final, version = commit(store, dataset, data, file.name, author=analyst, mode=mode,
                                                sheet=sheet, form=form)
                    except StoreUnavailable:
                        refused()
                        st.stop()
                    except StoreWriteFailed as exc:
                        st.error(t("store.write_failed", lang, reason=exc), icon=":material/hard_drive:")
                        st.stop()
                    st.session_state.pop("upload_check", None)
                    if version:  # rerun so the header, every figure and the history show the new version
                        st.session_state["data_flash"] = t("data.committed", lang, version=version_label(version, lang))
                        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
                        st.rerun()
                    elif final.no_change:
                        st.info(t("data.no_change", lang), icon=":material/info:")
                    else:
                        st.error(t("data.not_accepted", lang))
            else:
                st.warning(t("data.not_accepted", lang), icon=":material/edit_note:")

with history_tab:
    if down:
        st.info(t("store.down.history", lang), icon=":material/cloud_off:")
        st.stop()
    versions = store.versions()
    active = web.active_version().id
    checked = {v["version"]: v for v in store.check()["versions"]}
    sources = {s: t(f"data.source.{s}", lang) for s in ("sample", "upload", "restore")}
    table = pd.DataFrame([{
        t("data.history.version", lang): int(v.id), t("data.history.time", lang): v.created_at.replace("T", " ")[:16],
        t("data.history.author", lang): v.author, t("data.history.source", lang): sources.get(v.source, v.source),
        t("data.history.note", lang): _note(v, names), t("data.history.active", lang): "✓" if v.id == active else "",
        t("data.history.state", lang): "" if checked.get(v.id, {}).get("ok", True) else t("data.history.damaged", lang),
    } for v in reversed(versions)])
    st.dataframe(table, hide_index=True, width="stretch")
    restorable = [v for v in reversed(versions) if v.id != active and checked.get(v.id, {}).get("ok")]
    if analyst and restorable:
        by_id = {v.id: v for v in restorable}
        chosen = st.selectbox(t("data.restore", lang), list(by_id), format_func=lambda v: f"{version_label(by_id[v], lang)} · {_note(by_id[v], names)}",
                              key="restore_version", index=None, placeholder=t("data.restore.pick", lang))
        if chosen:
            diff = history.changes(web.active_version(), by_id[chosen])
            st.markdown(f"**{t('data.restore.changes', lang, version=version_label(by_id[chosen], lang))}**")
            if diff.empty:
                st.info(t("data.restore.same", lang), icon=":material/info:")
            else:
                st.dataframe(diff.assign(dataset=diff["dataset"].map(names)).rename(columns={
                    "dataset": t("data.dataset", lang), "rows_now": t("data.restore.rows_now", lang),
                    "rows_after": t("data.restore.rows_after", lang), "added": t("data.restore.added", lang),
                    "removed": t("data.restore.removed", lang), "changed": t("data.changed", lang)}),
                    hide_index=True, width="stretch")
                sure = st.checkbox(t("data.restore.confirm", lang), key="restore_confirm")
                if st.button(t("data.restore.button", lang), disabled=not sure, key="restore_button",
                             icon=":material/history:"):
                    try:
                        new = restore(store, chosen, author=analyst)
                    except StoreUnavailable:
                        refused()
                    except StoreWriteFailed as exc:
                        st.error(t("store.write_failed", lang, reason=exc), icon=":material/hard_drive:")
                    except NoChange:
                        st.info(t("data.restore.same", lang), icon=":material/info:")
                    except DamagedVersion as exc:
                        st.error(t("data.restore.damaged", lang, problems="; ".join(exc.problems)))
                    else:
                        for key in ("restore_version", "restore_confirm"):
                            st.session_state.pop(key, None)
                        st.session_state["data_flash"] = t("data.restored", lang, version=version_label(new, lang))
                        st.rerun()
    elif not analyst and auth.analysts():
        st.caption(t("data.restore.need_signin", lang))

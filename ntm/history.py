"""What switching between two stored versions changes, dataset by dataset (for the restore
confirmation and the history). Reads only; nothing here imports Streamlit."""
from __future__ import annotations

import duckdb
import pandas as pd

from .i18n import date_time, t, version_author
from .schema import DATASETS, LOAD_ORDER, ident
from .store import Version, load_database


def changes(current: Version, target: Version) -> pd.DataFrame:
    """One row per dataset that differs: rows now, rows after, and rows added, removed and
    changed (same key, other values) when `target` replaces `current`."""
    rows = []
    differing = [n for n in LOAD_ORDER if current.files.get(n) != target.files.get(n)]
    if not differing:
        return pd.DataFrame(columns=["dataset", "rows_now", "rows_after", "added", "removed", "changed"])
    now, after = load_database(current, differing), load_database(target, differing)
    con = duckdb.connect(":memory:")
    for name in differing:
        con.register("now_rows", now.table(name).to_arrow_table())
        con.register("after_rows", after.table(name).to_arrow_table())
        keys = " and ".join(f"a.{ident(k)} is not distinct from n.{ident(k)}" for k in DATASETS[name].key)
        same = " and ".join(f"a.{ident(c)} is not distinct from n.{ident(c)}" for c in DATASETS[name].column_names)
        rows.append({"dataset": name, **dict(zip(
            ["rows_now", "rows_after", "added", "removed", "changed"],
            con.execute(f"""
                select (select count(*) from now_rows), (select count(*) from after_rows),
                       (select count(*) from after_rows a anti join now_rows n on {keys}),
                       (select count(*) from now_rows n anti join after_rows a on {keys}),
                       (select count(*) from after_rows a join now_rows n on {keys} where not ({same}))
            """).fetchall()[0]))})
        con.unregister("now_rows")
        con.unregister("after_rows")
    return pd.DataFrame(rows)


def note(v: Version, names: dict, lang: str) -> str:
    """A version's note as the history shows it, in the page's language: an upload by its dataset's
    label and file, a restore by the version it brought back, the bundled sample as such."""
    upload = v.manifest.get("upload") or {}
    if v.source == "upload" and upload.get("dataset") in names:
        return f"{names[upload['dataset']]} · {upload.get('file', '')}"
    restored = v.manifest.get("restored_from")
    if v.source == "restore" and restored is not None and str(restored).isdigit():
        return t("data.history.note.restore", lang, version=int(restored))
    if v.bundled_sample:
        return t("data.history.note.sample", lang)
    return v.note


def table(versions: list[Version], active: str, checked: dict, names: dict, lang: str) -> pd.DataFrame:
    """The history tab's table, newest first: version, time as the pages write dates, author (the
    bundled sample's as "dữ liệu mẫu"), source, note, whether active and whether damaged.
    `checked`: the store's check by version id; `names`: dataset labels by dataset name."""
    sources = {s: t(f"data.source.{s}", lang) for s in ("sample", "upload", "restore")}
    return pd.DataFrame([{
        t("data.history.version", lang): int(v.id), t("data.history.time", lang): date_time(v.created_at, lang),
        t("data.history.author", lang): version_author(v, lang),
        t("data.history.source", lang): sources.get(v.source, v.source),
        t("data.history.note", lang): note(v, names, lang), t("data.history.active", lang): "✓" if v.id == active else "",
        t("data.history.state", lang): "" if checked.get(v.id, {}).get("ok", True) else t("data.history.damaged", lang),
    } for v in reversed(versions)])

"""What switching between two stored versions changes, dataset by dataset (for the restore
confirmation and the history). Reads only; nothing here imports Streamlit."""
from __future__ import annotations

import duckdb
import pandas as pd

from .queries import ident
from .schema import DATASETS, LOAD_ORDER
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

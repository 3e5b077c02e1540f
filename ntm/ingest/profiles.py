"""Form profiles: the analyst's answers to what a form left open, kept in the store by name.

A profile is a row of the dataset ``form_profiles`` (name, dataset, spec as JSON): which column
(by its header text, or its letter when it has none) is which criterion or role, and which mark
means which status. Saving one is an upload of that row, so it is versioned like the data and
follows the store to every replica; next year's file of the same shape reads with no questions.
"""
from __future__ import annotations

import csv
import io
import json

from .forms import ROLES
from .marks import STATUSES


def load(con, name: str) -> dict | None:
    """The spec of profile `name` in a version's database, or None."""
    rows = con.execute("select spec from form_profiles where profile = $name", {"name": name}).fetchall()
    return json.loads(rows[0][0]) if rows else None


def spec(columns: dict[str, object] | None = None, marks: dict[str, str] | None = None) -> dict:
    """A profile's spec, checked: columns map to a criterion number or a role, marks to a status."""
    cols = {}
    for key, target in (columns or {}).items():
        if isinstance(target, int) or str(target).isdigit():
            cols[key] = int(target)
        elif target in ROLES:
            cols[key] = target
        else:
            raise ValueError(f"unknown column target: {target}")
    for mark, status in (marks or {}).items():
        if status not in STATUSES:
            raise ValueError(f"unknown status: {status}")
    return {"columns": cols, "marks": dict(marks or {})}


def as_upload(name: str, dataset: str, profile_spec: dict) -> bytes:
    """The one-row CSV that saves (or replaces) profile `name` when committed to ``form_profiles``."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["profile", "dataset", "spec"])
    w.writerow([name, dataset, json.dumps(profile_spec, ensure_ascii=False, sort_keys=True)])
    return out.getvalue().encode("utf-8")

"""Templates and the data dictionary of each dataset, from its one schema definition."""
from __future__ import annotations

import pandas as pd

from .export import to_csv_bytes, to_xlsx_bytes
from .i18n import t
from .schema import DATASETS


def _example(text: str, kind: str):
    """An example value typed as its column: numbers (and booleans, 1/0) as numbers, codes as text."""
    if kind == "text" or text == "":
        return text if kind == "text" else None
    number = float(text)
    return int(number) if kind in ("int", "bool") or number.is_integer() else number


def template_frame(dataset: str) -> pd.DataFrame:
    """The canonical header with one example row, each cell of its column's type."""
    ds = DATASETS[dataset]
    return pd.DataFrame({c.name: pd.Series([_example(ds.example.get(c.name, ""), c.type)],
                                           dtype="object" if c.type == "text" else None)
                         for c in ds.columns})


def template_csv(dataset: str) -> bytes:
    return to_csv_bytes(template_frame(dataset))


def template_xlsx(dataset: str) -> bytes:
    return to_xlsx_bytes(template_frame(dataset), dataset)


def dictionary(dataset: str, lang: str) -> pd.DataFrame:
    """One row per column: name, label, type, required, description, allowed values."""
    ds = DATASETS[dataset]
    return pd.DataFrame([{
        t("data.col.column", lang): c.name,
        t("data.col.label", lang): c.label(lang),
        t("data.col.type", lang): t(f"data.type.{c.type}", lang),
        t("data.col.required", lang): "✓" if c.required else "",
        t("data.col.description", lang): c.desc(lang),
        t("data.col.allowed", lang): ", ".join(c.allowed or ()),
    } for c in ds.columns])

"""Data for the benchmark: the bundled sample (province) and a generated national dataset."""
from __future__ import annotations

from pathlib import Path

from ..sample import generate_national
from ..schema import LOAD_ORDER
from ..store import ROOT, SAMPLE_DIR, Store

BUILD = ROOT / "build" / "bench"


def national_files() -> Path:
    """~9,000 communes in 700 districts × 19 criteria × 16 years, generated once and kept."""
    out = BUILD / "national-data"
    if not (out / "criteria_status.csv").exists():
        generate_national(out)
    return out


def store_with(files: Path, name: str, without: tuple[str, ...] = ()) -> Store:
    """A fresh store under build/bench whose active version holds the given files (the datasets
    in `without` stored empty, so that importing them stores every row)."""
    import shutil

    root = BUILD / name
    shutil.rmtree(root, ignore_errors=True)
    store = Store(root)
    sample = files == SAMPLE_DIR
    present = {n: files / f"{n}.csv" for n in LOAD_ORDER if (files / f"{n}.csv").is_file() and n not in without}
    store.add_version(present, author="bench", source="bench",
                      illustrative=["criteria_status", "indicator_values"] if sample else [])
    return store

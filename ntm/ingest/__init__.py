"""Uploads: bytes → checked rows → a dry-run report → a new store version.

    report = dry_run(store, "criteria_status", data, "file.csv")
    report, version = commit(store, "criteria_status", data, "file.csv", author="an")

Nothing here imports Streamlit; the data page and ``python -m ntm import`` both call it.
"""
from .upload import Report, commit, dry_run, restore  # noqa: F401

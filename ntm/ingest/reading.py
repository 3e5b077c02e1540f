"""How a form was read, in words: the lines `ntm import --dry-run` prints and the data page shows."""
from __future__ import annotations

from ..i18n import t


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] → "1–3, 5"."""
    out, start, prev = [], None, None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}–{prev}" if prev > start else str(start))
            start = prev = n
    if start is not None:
        out.append(f"{start}–{prev}" if prev > start else str(start))
    return ", ".join(out)


def column_text(col: dict, lang: str) -> str:
    if col["role"] == "criterion":
        return t("form.col.criterion", lang, n=col["criterion"])
    return t(f"form.role.{col['role']}", lang)


def mark_text(mark: str, lang: str) -> str:
    return f"“{mark}”" if mark else t("form.mark.blank", lang)


def lines(form: dict, lang: str = "vi") -> list[str]:
    out = []
    for s in form["sheets"]:
        year = (t("form.year", lang, year=s["year"], source=t(f"form.year_from.{s['year_from']}", lang))
                if s["year"] else t("form.no_year", lang))
        key = "form.sheet" if s["kind"] == "criteria_status" else "form.sheet.list"   # only a criteria form has marks
        out.append(t(key, lang, sheet=s["sheet"], kind=t(f"form.kind.{s['kind'] or 'none'}", lang),
                     year=year, header=_ranges(s["header_rows"]) or "–", communes=s["communes"],
                     meeting=s["meeting"]))
        cols, run = [], []   # a run of criterion columns in order is written once: "D–V tiêu chí 1–19"

        def flush():
            if len(run) > 2:
                cols.append(f"{run[0]['column']}–{run[-1]['column']} "
                            + t("form.col.criterion", lang, n=f"{run[0]['criterion']}–{run[-1]['criterion']}"))
            else:
                cols.extend(f"{c['column']} {column_text(c, lang)}" for c in run)
            run.clear()

        for c in s["columns"]:
            if c["role"] == "criterion" and c["from"] != "profile" and (
                    not run or c["criterion"] == run[-1]["criterion"] + 1):
                run.append(c)
                continue
            flush()
            if c["role"] == "criterion" and c["from"] != "profile":
                run.append(c)
                continue
            cols.append(f"{c['column']} {column_text(c, lang)}" + (" *" if c["from"] == "profile" else ""))
        flush()
        out.append("    " + t("form.columns", lang) + ": " + " · ".join(cols))
        reasons: dict[str, list[int]] = {}
        for k in s["skipped"]:
            reasons.setdefault(k["reason"], []).append(k["row"])
        if reasons:
            out.append("    " + t("form.skipped", lang) + ": " + "; ".join(
                f"{t(f'form.reason.{r}', lang)} {_ranges(rows)}" for r, rows in reasons.items()))
        if s["marks"]:
            out.append("    " + t("form.marks", lang) + ": " + "; ".join(
                f"{mark_text(m, lang)} → {t('form.status.' + (v['status'] or 'unknown'), lang)} ({v['cells']})"
                for m, v in sorted(s["marks"].items(), key=lambda kv: -kv[1]["cells"])))
    return out

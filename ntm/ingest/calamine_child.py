"""The .xls / .ods reader's own process: the workbook's bytes on stdin, its sheets as JSON on stdout.

Started by ``workbook`` with an address-space cap (its size after imports plus a headroom in MB)
so a file that expands to gigabytes stops this process, never the server. Only visible
worksheets are read; a sheet larger than the form bounds is refused before its cells are listed.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import resource
import sys


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        if isinstance(value, dt.datetime) and value.time() == dt.time(0):
            value = value.date()
        return value.isoformat()
    return str(value)


def vm_size() -> int:
    """This process's address space in bytes (what an RLIMIT_AS cap is measured against)."""
    for line in open("/proc/self/status"):
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    from python_calamine import CalamineWorkbook

    from .limits import FORM_MAX_CELLS, FORM_MAX_ROWS, FORM_MAX_SHEETS

    headroom_mb, only = int(sys.argv[1]), sys.argv[2] or None
    data = sys.stdin.buffer.read()
    limit = vm_size() + len(data) + headroom_mb * (1 << 20)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    metas = [m for m in book.sheets_metadata if str(m.typ).endswith("WorkSheet")]
    names = [m.name for m in metas if str(m.visible).endswith(".Visible")]
    if only is not None:
        if only not in [m.name for m in metas]:
            print(json.dumps({"refused": ["no_sheet", {"value": only[:100], "sheet": only[:100],
                                                       "sheets": ", ".join(names[:20]) or "–"}]}))
            return
        names = [only]
    if len(names) > FORM_MAX_SHEETS:
        print(json.dumps({"refused": ["form_too_many_sheets", {"n": len(names), "max": FORM_MAX_SHEETS}]}))
        return
    sheets, cells = [], 0
    for name in names:
        sheet = book.get_sheet_by_name(name)
        (top, _), (bottom, _) = sheet.start or (0, 0), sheet.end or (0, 0)
        if bottom + 1 > FORM_MAX_ROWS:
            print(json.dumps({"refused": ["form_too_many_rows", {"sheet": name[:100], "max": FORM_MAX_ROWS}]}))
            return
        rows = []
        for i, row in enumerate(sheet.to_python(skip_empty_area=False)):
            texts = [_text(v) for v in row]
            while texts and not texts[-1]:
                texts.pop()
            if texts:
                cells += len(texts)
                if cells > FORM_MAX_CELLS:
                    print(json.dumps({"refused": ["form_too_many_cells", {"max": FORM_MAX_CELLS}]}))
                    return
                rows.append([i + 1, texts])
        sheets.append({"name": name, "rows": rows})
    sys.stdout.write(json.dumps({"sheets": sheets}, ensure_ascii=False))


if __name__ == "__main__":
    main()

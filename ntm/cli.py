"""Command line on the same code paths as the app.

    python -m ntm query NAME [--param key=value ...] [--format csv|json]
    python -m ntm summary [--json] [--lang vi|en]
    python -m ntm import DATASET FILE [--mode merge|replace] [--dry-run] [--json] [--sheet NAME] [--year Y] [--profile P]
    python -m ntm export-form YEAR [--district CODE] [--output FILE]
    python -m ntm export DATASET [--output FILE]
    python -m ntm history [--json]
    python -m ntm restore VERSION
    python -m ntm add-analyst NAME          (password read from the terminal or stdin)
    python -m ntm deck [--output FILE.pptx] [--district D ...] [--phases P ...] [--lang vi|en]
    python -m ntm report [--output FILE.html] (same options)

All use the store in ``NTM_DATA_DIR``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import queries
from .i18n import number, percent, version_label
from .schema import DATASETS
from .store import DamagedVersion, NoChange, Store, StoreUnavailable, StoreWriteFailed, load_database

SUMMARY_COLUMNS = ["criteria_set", "criteria_total", "communes", "meeting", "share_meeting", "advanced", "model",
                   "share_advanced", "share_model", "avg_criteria", "under_10",
                   "gain_meeting", "change_meeting", "change_share", "change_avg_criteria", "set_changed",
                   "base_set_changed"]


def _value(text: str):
    """A parameter value: comma-separated text becomes a list, whole numbers become int."""
    if "," in text:
        return [v.strip() for v in text.split(",") if v.strip()]
    try:
        return int(text)
    except ValueError:
        return text


def parse_params(pairs: list[str]) -> dict:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise queries.QueryError(f"--param needs key=value, got {pair!r}")
        params[key.strip()] = _value(value.strip())
    # The district filter is always a list, even with one district.
    if isinstance(params.get("districts"), (str, int)):
        params["districts"] = [str(params["districts"])]
    return params


def _records(df: pd.DataFrame) -> list[dict]:
    return json.loads(df.to_json(orient="records", force_ascii=False))


def cmd_query(args, con) -> int:
    df = queries.run(con, args.name, **parse_params(args.param))
    if args.format == "json":
        print(json.dumps(_records(df), ensure_ascii=False, indent=2))
    else:  # often redirected to a file a spreadsheet opens: no live formula in it
        from .export import quoted

        quoted(df).to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def summary(con, lang: str = "vi") -> dict:
    """The overview's headline figures for the province and every district, per phase."""
    from . import findings

    province = queries.run(con, "phase_results")
    districts = queries.run(con, "phase_results_by_district")
    keep = ["phase_id", "result_year"] + SUMMARY_COLUMNS
    levels = queries.run(con, "province_level_by_phase")
    return {
        "headline": findings.headline(province, lang),
        "province": _records(province[keep]),
        "province_level": _records(levels[["phase_id", "end_year", "level", "recognised_year", "decision"]]),
        "districts": _records(districts[["district_code", "district_name"] + keep]),
    }


def _print_summary(data: dict, lang: str) -> None:
    for sentence in data["headline"]:
        print(sentence)
    if data["province_level"]:
        from . import findings

        print(findings.province_level(data["province_level"][-1], lang))
    print()
    rows = [{"area": "Toàn tỉnh" if lang == "vi" else "Province", **r} for r in data["province"]]
    rows += [{"area": r["district_name"], **r} for r in data["districts"]]
    header = (f"{'':28} {'phase':10} {'set':9} {'year':>4} {'communes':>8} {'meeting':>7} {'share':>7} "
              f"{'advanced':>8} {'model':>5} {'avg':>5} {'<10':>4} {'change':>6}")
    print(header)
    for r in rows:
        print(f"{r['area'][:28]:28} {r['phase_id']:10} {r['criteria_set'][:9]:9} {r['result_year'] or '':>4} "
              f"{number(r['communes'], lang=lang):>8} "
              f"{number(r['meeting'], lang=lang):>7} {percent(r['share_meeting'], lang=lang):>7} "
              f"{number(r['advanced'], lang=lang):>8} {number(r['model'], lang=lang):>5} "
              f"{number(r['avg_criteria'], 1, lang):>5} {number(r['under_10'], lang=lang):>4} "
              f"{number(r['change_meeting'], lang=lang, sign=True):>6}")


def cmd_summary(args, con) -> int:
    data = summary(con, args.lang)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_summary(data, args.lang)
    return 0


def print_report(report, lang: str = "vi") -> None:
    """The dry-run report as text, the same figures the data page shows."""
    d = report.to_dict(lang)
    status = "ĐƯỢC CHẤP NHẬN" if report.accepted else "BỊ TỪ CHỐI"
    print(f"{d['file']} → {d['dataset']} ({d['mode']}): {status}")
    if report.refused:
        print(f"  {d['refused']}")
        return
    separator = repr(d["separator"]) if d["separator"] else "–"
    print(f"  mã hóa {d['encoding']}, phân cách {separator}; {d['rows']} dòng: "
          f"mới {d['new']}, thay đổi {d['changed']}, không đổi {d['unchanged']}, bị loại {d['rejected']}"
          + (f", bỏ đi {d['removed']}" if d["removed"] else ""))
    if report.form is not None:
        from .ingest.reading import lines

        for line in lines(report.form, lang):
            print("  " + line)
    for kind, items in (("lỗi  ", d["problems"]), ("chú ý", d["warnings"])):
        for p in items:
            sheet = f"trang “{p['sheet']}” " if p.get("sheet") else ""
            print(f"  {kind} {sheet}dòng {p['row'] or '—'} cột {p['column'] or '—'} giá trị {p['value']!r}: "
                  f"{p['message']}")


def cmd_import(args, _con) -> int:
    from .ingest import commit, dry_run
    from .ingest.forms import Options
    from .ingest.profiles import load

    data = Path(args.file).read_bytes()
    store = Store()
    profile = None
    if args.profile:
        profile = load(load_database(store.active(), ["form_profiles"]), args.profile)
        if profile is None:
            print(f"Không có mẫu biểu “{args.profile}” (xem: ntm query form_profiles).", file=sys.stderr)
            return 2
    form = Options(year=args.year, profile=profile)
    if args.dry_run:
        report, version = dry_run(store, args.dataset, data, Path(args.file).name, args.mode, args.sheet,
                                  form=form), None
    else:
        report, version = commit(store, args.dataset, data, Path(args.file).name, author=args.author,
                                 mode=args.mode, sheet=args.sheet, form=form)
    if args.json:
        print(json.dumps({**report.to_dict(), "version": version.id if version else None}, ensure_ascii=False,
                         indent=2))
    else:
        print_report(report)
        if version:
            print(f"  → phiên bản mới {version.label}")
    return 0 if report.accepted else 1


def cmd_export_form(args, con) -> int:
    from .form_export import form_xlsx

    try:
        data = form_xlsx(con, args.year, args.district or None)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    Path(args.output or f"bieu-tong-hop-{args.year}.xlsx").write_bytes(data)
    return 0


def cmd_export(args, _con) -> int:
    from .export import stored_csv_bytes

    # Text a spreadsheet would run as a formula gets an apostrophe, which `ntm import` removes.
    data = stored_csv_bytes(Store().active(), args.dataset)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_history(args, _con) -> int:
    store = Store()
    active = store.resolve().version.id
    rows = []
    for v in store.versions():
        m = store.manifest(v.id)
        up = m.get("upload", {})
        rows.append({"version": v.id, "created_at": v.created_at, "author": v.author, "source": v.source,
                     "note": v.note, "active": v.id == active,
                     "rows": up.get("report", {}).get("rows"), "new": up.get("report", {}).get("new"),
                     "changed": up.get("report", {}).get("changed")})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            mark = "*" if r["active"] else " "
            print(f"{mark} {r['version']}  {r['created_at']}  {r['author']:<12} {r['source']:<8} {r['note']}")
    return 0


def cmd_restore(args, _con) -> int:
    from .ingest import restore

    store = Store()
    try:
        version = restore(store, args.version.zfill(6), author=args.author)
    except KeyError:
        print(f"error: no version {args.version}", file=sys.stderr)
        return 2
    except DamagedVersion as exc:
        print(f"error: phiên bản {args.version} bị hỏng: {'; '.join(exc.problems)}", file=sys.stderr)
        return 2
    except NoChange:
        print(f"Không có thay đổi: phiên bản {args.version} giống phiên bản đang dùng")
        return 0
    print(f"phiên bản mới {version.label} (khôi phục {args.version})")
    return 0


def cmd_check(args, _con) -> int:
    """Report the state of the store; changes nothing. Exit status 1 when something is wrong."""
    report = Store().check()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"kho dữ liệu: {report['store']} · ACTIVE = {report['active']}")
        for v in report["versions"]:
            print(f"  {v['version']}  {'ok' if v['ok'] else 'HỎNG: ' + '; '.join(v['problems'])}")
        for name in report["leftovers"]:
            print(f"  thư mục tạm còn lại (dọn ở lần ghi sau): {name}")
        if report["problems"]:
            print("Khôi phục một phiên bản tốt: python -m ntm restore <phiên bản>")
    return 1 if report["problems"] else 0


def cmd_add_analyst(args, _con) -> int:
    import getpass

    from .auth import add_analyst

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("Mật khẩu: ")
    try:
        add_analyst(args.name, password)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"added analyst {args.name}")
    return 0


def cmd_handout(args, con) -> int:
    """The presentation's slides as PPTX or HTML, for the chosen districts (codes or names; the
    whole province by default) and phases (every phase with data by default), as the page makes them."""
    from . import report, slides
    from .charts import footnote

    version = Store().active()
    known = queries.run(con, "districts").set_index("district_code")["district_name"]
    by_name = {name.casefold(): code for code, name in known.items()}
    districts = [d if d in known.index else by_name.get(d.casefold()) for d in args.district]
    with_data = list(queries.run(con, "phases").dropna(subset=["result_year"])["phase_id"])
    unknown = [d for d, code in zip(args.district, districts) if code is None]
    unknown += [p for p in args.phases if p not in with_data]
    if unknown:
        print(f"error: unknown district or phase without data: {', '.join(unknown)} (districts: "
              f"{', '.join(f'{c} {n}' for c, n in known.items())}; phases: {', '.join(with_data)})", file=sys.stderr)
        return 2
    phases = [p for p in with_data if p in args.phases] or with_data
    deck = slides.build(lambda n, **p: queries.run(con, n, **p), {"districts": districts or None}, phases, args.lang,
                        footnote(version_label(version, args.lang), version.sample, args.lang))
    if not deck:
        print("error: the chosen districts and phases hold no data", file=sys.stderr)
        return 2
    footer = footnote(version_label(version, args.lang), version.sample, args.lang)
    data = (report.pptx_bytes if args.command == "deck" else report.html_bytes)(deck, args.lang, footer)
    Path(args.output).write_bytes(data)
    print(f"{args.output}: {len(deck)} slides, {len(data):,} bytes")
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m ntm", description="Nông thôn mới dashboard: data commands")
    sub = ap.add_subparsers(dest="command", required=True)
    q = sub.add_parser("query", help="run a named query on the active data")
    q.add_argument("name", help=f"one of: {', '.join(queries.available())}")
    q.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                   help="a query parameter; comma-separated values make a list (districts=167,170)")
    q.add_argument("--format", choices=["csv", "json"], default="csv")
    q.set_defaults(func=cmd_query)
    s = sub.add_parser("summary", help="headline figures for every phase and district")
    s.add_argument("--json", action="store_true")
    s.add_argument("--lang", choices=["vi", "en"], default="vi")
    s.set_defaults(func=cmd_summary)
    datasets = list(DATASETS)
    author = os.environ.get("NTM_AUTHOR") or os.environ.get("USER") or "cli"
    i = sub.add_parser("import", help="check a CSV/XLSX file and store it as a new version")
    i.add_argument("dataset", choices=datasets)
    i.add_argument("file")
    i.add_argument("--mode", choices=["merge", "replace"], default="merge")
    i.add_argument("--dry-run", action="store_true", help="check only; store nothing")
    i.add_argument("--json", action="store_true")
    i.add_argument("--sheet", help="sheet of a workbook (default: the first for a table, every sheet for a form)")
    i.add_argument("--year", type=int, help="year of a form whose title and sheet name give none")
    i.add_argument("--profile", help="read the form with this saved form profile")
    i.add_argument("--author", default=author)
    i.set_defaults(func=cmd_import, needs_db=False)
    e = sub.add_parser("export", help="write the active version of a dataset as CSV")
    e.add_argument("dataset", choices=datasets)
    e.add_argument("--output", "-o")
    e.set_defaults(func=cmd_export, needs_db=False)
    f = sub.add_parser("export-form", help="write the office's commune × criterion form of a year as XLSX")
    f.add_argument("year", type=int)
    f.add_argument("--district", action="append", help="a district code (repeat for several; default: all)")
    f.add_argument("--output", "-o")
    f.set_defaults(func=cmd_export_form)
    h = sub.add_parser("history", help="list the stored versions")
    h.add_argument("--json", action="store_true")
    h.set_defaults(func=cmd_history, needs_db=False)
    r = sub.add_parser("restore", help="make an earlier version active again (as a new version)")
    r.add_argument("version")
    r.add_argument("--author", default=author)
    r.set_defaults(func=cmd_restore, needs_db=False)
    c = sub.add_parser("check", help="verify every stored version against its manifest (changes nothing)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(func=cmd_check, needs_db=False)
    a = sub.add_parser("add-analyst", help="add an analyst who may upload and restore")
    a.add_argument("name")
    a.add_argument("--password-stdin", action="store_true")
    a.set_defaults(func=cmd_add_analyst, needs_db=False)
    for name, ext, what in (("deck", "pptx", "a PowerPoint deck"), ("report", "html", "a self-contained HTML report")):
        d = sub.add_parser(name, help=f"the presentation's slides as {what}")
        d.add_argument("--output", "-o", default=f"nong-thon-moi.{ext}")
        d.add_argument("--lang", choices=["vi", "en"], default="vi")
        d.add_argument("--district", action="append", default=[], metavar="CODE_OR_NAME",
                       help="a district to present (repeat for several); default: the whole province")
        d.add_argument("--phases", nargs="+", default=[], metavar="PHASE_ID",
                       help="the phases to present (e.g. 2010-2015 2016-2020); default: every phase with data")
        d.set_defaults(func=cmd_handout)
    return ap


def main(argv=None) -> int:
    import logging

    args = build_parser().parse_args(argv)
    log = logging.getLogger("ntm")
    if not log.handlers and not logging.getLogger().handlers:  # no log set up: details not on the terminal
        log.addHandler(logging.NullHandler())
    try:
        con = load_database(Store().active()) if getattr(args, "needs_db", True) else None
        return args.func(args, con)
    except queries.QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StoreWriteFailed as exc:  # one line, no traceback: nothing was written
        from .i18n import t
        print(t("store.write_failed", "vi", reason=exc), file=sys.stderr)
        return 4
    except StoreUnavailable:  # one line, no traceback: the shared store cannot be reached
        from .i18n import t
        print(t("store.down.cli", "vi"), file=sys.stderr)
        return 3
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0

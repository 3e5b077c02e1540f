"""Command line on the same code paths as the app.

    python -m ntm query NAME [--param key=value ...] [--format csv|json]
    python -m ntm summary [--json] [--lang vi|en]

Both read the active data version of ``NTM_DATA_DIR``.
"""
from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from . import measures, queries
from .i18n import number, percent
from .store import Store, load_database

SUMMARY_COLUMNS = ["communes", "meeting", "share_meeting", "avg_criteria", "under_10",
                   "gain_meeting", "change_meeting", "change_share", "change_avg_criteria"]


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
    else:
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def summary(con, lang: str = "vi") -> dict:
    """The overview's headline figures for the province and every district, per phase."""
    province = queries.run(con, "phase_results")
    districts = queries.run(con, "phase_results_by_district")
    keep = ["phase_id", "result_year"] + SUMMARY_COLUMNS
    return {
        "headline": measures.headline(province, lang),
        "province": _records(province[keep]),
        "districts": _records(districts[["district_code", "district_name"] + keep]),
    }


def _print_summary(data: dict, lang: str) -> None:
    for sentence in data["headline"]:
        print(sentence)
    print()
    rows = [{"area": "Toàn tỉnh" if lang == "vi" else "Province", **r} for r in data["province"]]
    rows += [{"area": r["district_name"], **r} for r in data["districts"]]
    header = f"{'':28} {'phase':10} {'year':>4} {'communes':>8} {'meeting':>7} {'share':>7} {'avg':>5} {'<10':>4} {'change':>6}"
    print(header)
    for r in rows:
        print(f"{r['area'][:28]:28} {r['phase_id']:10} {r['result_year'] or '':>4} {number(r['communes'], lang=lang):>8} "
              f"{number(r['meeting'], lang=lang):>7} {percent(r['share_meeting'], lang=lang):>7} "
              f"{number(r['avg_criteria'], 1, lang):>5} {number(r['under_10'], lang=lang):>4} "
              f"{number(r['change_meeting'], lang=lang, sign=True):>6}")


def cmd_summary(args, con) -> int:
    data = summary(con, args.lang)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_summary(data, args.lang)
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
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        con = load_database(Store().active())
        return args.func(args, con)
    except queries.QueryError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and the like
        sys.stderr.close()
        return 0

"""Every chart title and headline sentence, made from the numbers the named queries return.

Shared by the analysis pages, the presentation slides and the hand-outs, so a chart says
the same thing wherever it appears. A sentence says what its numbers say: a rise is a rise,
a fall is a fall, no change is no change (judged on the value as shown, after rounding), and
a sentence comparing districts is made only when there are at least two to compare.

Findings are plain text: the chart builders escape them for Plotly, the pages for Markdown.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .i18n import number, percent, points, province, t, unit_name
from .measures import fmt_value, phase_name, with_data
from .text import area_label


def _missing(x) -> bool:
    return x is None or pd.isna(x)


def direction(change, digits: int = 0, scale: float = 1.0) -> str | None:
    """"up", "down" or "same" as a change reads once rounded to `digits` (after × `scale`, e.g.
    100 for a share shown in percentage points); None when unknown."""
    if _missing(change):
        return None
    shown = round(float(change) * scale, digits)
    return "up" if shown > 0 else "down" if shown < 0 else "same"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def criterion_name_col(lang: str) -> str:
    return "name_vi" if lang == "vi" else "name_en"


# -- the area a sentence is about -------------------------------------------------------------
AREA_NAMED = 3  # districts named one by one; more are counted


def area_name(names, lang: str) -> str | None:
    """The chosen districts as a title names them ("Huyện Đại Từ", "4 huyện"); None: the province."""
    names = [area_label(n, lang) for n in names if n]
    if not names:
        return None
    return ", ".join(names) if len(names) <= AREA_NAMED else t("area.districts", lang, n=len(names))


def about(area: str | None, sentence: str | None, lang: str) -> str | None:
    """A finding of the chosen districts names them first ("Huyện Đại Từ: …"); of the province, as is."""
    if not area or not sentence:
        return sentence
    return t("area.about", lang, area=area, sentence=sentence)


def titled(title: str, area: str | None, lang: str) -> str:
    """A page's or slide's title with the area it is about, when districts are chosen."""
    return t("title.area", lang, title=title, area=area) if area else title


# -- the overview's headline --------------------------------------------------------------
def headline(phase_results: pd.DataFrame, lang: str) -> list[str]:
    """Two sentences on the latest chosen phase: communes meeting the standard (and the change
    within the phase), then the average criteria and communes under 10 criteria against the
    previous chosen phase. `phase_results` is the phase_results query for the chosen phases."""
    rows = with_data(phase_results).sort_values("phase_order")
    if rows.empty:
        return []
    last = rows.iloc[-1]
    fmt = dict(year=int(last["result_year"]), meeting=number(last["meeting"], lang=lang),
               communes=number(last["communes"], lang=lang), share=percent(last["share_meeting"], lang=lang))
    prev = rows.iloc[-2] if len(rows) > 1 else None
    gain = direction(last["gain_meeting"]) if prev is not None else None
    levels = _levels_sentence(last, lang)
    if gain is not None and bool(last.get("base_set_changed")) and not pd.isna(last.get("base_meeting")):
        # The gain would cross criteria sets: the phase's start on its own set, the year before on the other.
        first = t("headline.new_set", lang, total=number(last["criteria_total"], lang=lang), base_year=int(last["base_year"]),
                  base_meeting=number(last["base_meeting"], lang=lang), **fmt)
    elif gain is None:
        first = t("headline.first", lang, **fmt)
    else:
        key = {"up": "headline.gain", "down": "headline.gain.down", "same": "headline.gain.same"}[gain]
        first = t(key, lang, phase=phase_name(last, lang), gain=number(abs(last["gain_meeting"]), lang=lang), **fmt)
    avg = number(last["avg_criteria"], 1, lang)
    avg_dir, under_dir = direction(last.get("change_avg_criteria"), 1), direction(last.get("change_under_10"))
    if pd.isna(last["under_10"]):  # a set not of 19 criteria: no "under 10", the average out of its total
        return [first + levels, t("headline.avg.of", lang, avg=avg, total=number(last["criteria_total"], lang=lang))]
    if prev is None or avg_dir is None or under_dir is None:
        return [first + levels, t("headline.avg.single", lang, avg=avg, under=number(last["under_10"], lang=lang))]
    avg_change = t(f"headline.avg.{avg_dir}", lang, delta=number(abs(last["change_avg_criteria"]), 1, lang),
                   prev=int(prev["result_year"]))
    under_change = t(f"headline.under.{under_dir}", lang, prev=number(prev["under_10"], lang=lang),
                     now=number(last["under_10"], lang=lang))
    return [first + levels, t("headline.avg", lang, avg=avg, avg_change=avg_change, under_change=under_change)]


def _levels_sentence(row, lang: str) -> str:
    """" 33 xã nâng cao, 10 xã kiểu mẫu." of a phase row with communes recognised above the
    standard; "" when none are."""
    advanced, model = row.get("advanced"), row.get("model")
    if advanced is None or pd.isna(advanced) or (advanced == 0 and (model is None or model == 0)):
        return ""
    return " " + t("headline.levels", lang, advanced=number(advanced, lang=lang), model=number(model, lang=lang))


# -- the overview's charts ---------------------------------------------------------------
_OVER_YEARS = {  # title keys by direction: the first key reads "rose", the other "fell"
    "meeting": {"up": "chart.line.title", "down": "chart.line.title.down", "same": "chart.line.title.same",
                "one": "chart.line.title.one"},
    "under_10": {"up": "chart.bands.title.up", "down": "chart.bands.title", "same": "chart.bands.title.same",
                 "one": "chart.bands.title.one"},
}


def _over_years(yearly: pd.DataFrame, column: str, lang: str) -> str:
    yearly = yearly[yearly[column].notna()]  # under 10 criteria: years of a 19-criterion set only
    if yearly.empty:
        return ""
    first, last = yearly.iloc[0], yearly.iloc[-1]
    values = dict(first=number(first[column], lang=lang), first_year=int(first["year"]),
                  last=number(last[column], lang=lang), last_year=int(last["year"]))
    d = direction(last[column] - first[column]) if len(yearly) > 1 else "one"
    return t(_OVER_YEARS[column][d], lang, **values)


def history_today(history: pd.DataFrame, lang: str) -> str:
    """Title of the history on today's units (history_today rows, in order): the last year before
    the units changed, on the old communes they were made of, against the latest year."""
    before = history[~history["on_itself"]]
    last = history.iloc[-1]
    if before.empty:
        return standard_line(history, lang)
    b = before.iloc[-1]
    return t("chart.today.title", lang, units=number(last["units"], lang=lang), year=int(b["year"]),
             meeting=number(b["meeting"], lang=lang), communes=number(b["communes"], lang=lang),
             last_year=int(last["year"]), last=number(last["meeting"], lang=lang))


def history_today_rule(history: pd.DataFrame, lang: str) -> str:
    """How the history on today's units is read, and the split old communes it names."""
    names = sorted({n for names in history["split_names"].dropna() for n in names.split(", ")})
    rule = t("today.rule", lang)
    return rule + (" " + t("today.split", lang, names=", ".join(names)) if names else "")


def standard_line(yearly: pd.DataFrame, lang: str) -> str:
    """Title of the communes meeting the standard per year (standard_by_year rows, in order)."""
    return _over_years(yearly, "meeting", lang)


def under_10(yearly: pd.DataFrame, lang: str) -> str:
    """Title of the bands per year: communes under 10 criteria, first year against last."""
    return _over_years(yearly, "under_10", lang)


# -- districts across phases (the phases page and slide 2) ------------------------------
def district_comparison(comp: pd.DataFrame, phases: pd.DataFrame, measure: dict, lang: str) -> str:
    """Title of the districts' comparison between the first and the last chosen phase.

    `comp` is the district_comparison query; `phases` the chosen phases in order; `measure` one
    of measures.phase_measures. Districts are compared only when at least two have a value;
    with one, the sentence is about that district alone."""
    kind, higher = measure["kind"], measure["higher_is_better"]
    first, last = phases.iloc[0], phases.iloc[-1]
    shown = comp.dropna(subset=["last"]) if len(phases) > 1 else comp.dropna(subset=["first"])
    value_col = "last" if len(phases) > 1 else "first"
    year = int((last if len(phases) > 1 else first)["result_year"])
    fmt = lambda v, sign=False: fmt_value(v, kind, lang, sign=sign)  # noqa: E731
    if shown.empty:
        return t("find.none", lang)
    if len(shown) == 1:
        row = shown.iloc[0]
        if len(phases) < 2 or _missing(row["first"]):
            return t("find.one.value", lang, name=area_label(row["district_name"], lang), value=fmt(row[value_col]), year=year)
        d = _change_direction(row["change"], kind)
        return t(f"find.one.{d}", lang, name=area_label(row["district_name"], lang), first=fmt(row["first"]),
                 first_year=int(first["result_year"]), last=fmt(row["last"]), last_year=year)
    if len(phases) < 2:
        ordered = shown.sort_values(value_col, ascending=False, kind="stable")
        return t("phases.chart.title.single", lang, best=area_label(ordered.iloc[0]["district_name"], lang),
                 worst=area_label(ordered.iloc[-1]["district_name"], lang), year=year)
    # Worst at the last phase: the lowest value, or the highest when lower is better.
    worst = shown.loc[shown["last"].idxmin() if higher else shown["last"].idxmax()]
    worst_key = "low" if higher else "high"
    changed = shown.dropna(subset=["change"])
    if changed.empty:
        return _capital(t(f"find.worst.{worst_key}", lang, name=area_label(worst["district_name"], lang), year=year,
                          value=fmt(worst["last"])))
    # Best change: the largest rise, or the largest fall when lower is better.
    best = changed.loc[changed["change"].idxmax() if higher else changed["change"].idxmin()]
    d = _change_direction(best["change"], kind)
    if d == "same":
        best_part = t("find.best.none.up" if higher else "find.best.none.down", lang)
    else:
        most = (d == "up") == higher  # rising when higher is better (or falling when lower is)
        best_part = t(f"find.best.{d}.{'most' if most else 'least'}", lang, name=area_label(best["district_name"], lang),
                      change=fmt(best["change"], sign=True))
    if d != "same" and best["district_code"] == worst["district_code"]:
        return _capital(t(f"find.still.{worst_key}", lang, best=best_part, year=year, value=fmt(worst["last"])))
    worst_part = t(f"find.worst.{worst_key}", lang, name=area_label(worst["district_name"], lang), year=year, value=fmt(worst["last"]))
    return _capital(f"{best_part}; {worst_part}")


def _change_direction(change, kind: str) -> str:
    """Direction of a measure's change as its value is shown (shares in points, one decimal)."""
    if kind == "share":
        return direction(change, 1, 100) or "same"
    if kind == "count":
        return direction(change, 0) or "same"
    digits = 1 if kind == "decimal" or abs(float(change)) < 100 else 0
    return direction(change, digits) or "same"


# -- the mobilisation page ---------------------------------------------------------------
def indicator_leader(values: pd.DataFrame, name: str, unit: str, higher_is_better: bool, phase: str,
                     lang: str) -> str:
    """Title of one indicator by district: the district with the best value in the last phase.
    `values`: the rows of indicator_by_district_phase for that phase."""
    known = values.dropna(subset=["value"])
    if known.empty:
        return t("mob.bar.title", lang, name=name, best="–", phase=phase, value="–", unit=unit)
    lead = known.loc[known["value"].idxmax() if higher_is_better else known["value"].idxmin()]
    key = "mob.bar.title" if len(known) > 1 else "mob.bar.title.one"
    return t(key, lang, name=name, best=area_label(lead["district_name"], lang), phase=phase, unit=unit,
             value=fmt_value(lead["value"], "number", lang))


def resource_mix(mix: pd.DataFrame, lang: str) -> str:
    """Title of the resource mix: the people's share of the investment in the last phase."""
    last = mix.iloc[-1]
    return t("mob.mix.title", lang, share=percent(last["people_share"], 1, lang),
             phase=f"{int(last['start_year'])}–{int(last['end_year'])}")


def correlation(points_: pd.DataFrame) -> float:
    """Pearson r of mobilisation per commune against the gain in share; 0 when undefined."""
    x, y = points_["indicator_per_commune"], points_["gain_share"]
    if len(points_) < 2 or x.nunique() < 2 or y.nunique() < 2:
        return 0.0
    return float(np.corrcoef(x, y)[0, 1])


def mobilisation(points_: pd.DataFrame, indicator_name: str, lang: str) -> str:
    """Title of the mobilisation scatter, worded by the strength of the association."""
    r = correlation(points_)
    key = "mob.scatter.title.pos" if r >= 0.3 else "mob.scatter.title.neg" if r <= -0.3 else "mob.scatter.title.none"
    return t(key, lang, name=indicator_name.lower() if lang == "en" else indicator_name, r=number(r, 2, lang))


# -- the criteria page and slides --------------------------------------------------------
def heatmap_share(shown: pd.DataFrame, year: int, lang: str) -> str:
    """Title of the districts × criteria heatmap of shares: the lowest cell."""
    low = shown.loc[shown["share"].idxmin()]
    return t("criteria.heatmap.title", lang, year=year, worst=low[criterion_name_col(lang)],
             district=area_label(low["district_name"], lang), value=percent(low["share"], 0, lang))


def heatmap_change(shown: pd.DataFrame, year_a: int, year_b: int, lang: str) -> str:
    """Title of the heatmap of changes: the largest rise, else the largest fall, else no change."""
    known = shown.dropna(subset=["change"])
    if known.empty:
        return t("criteria.heatmap.title.change", lang, a=year_a, b=year_b, best="–", district="–", value="–")
    top, low = known.loc[known["change"].idxmax()], known.loc[known["change"].idxmin()]
    name = criterion_name_col(lang)
    if direction(top["change"], 0, 100) == "up":
        return t("criteria.heatmap.title.change", lang, a=year_a, b=year_b, best=top[name],
                 district=area_label(top["district_name"], lang), value=points(top["change"], 0, lang))
    if direction(low["change"], 0, 100) == "down":
        return t("criteria.heatmap.title.change.down", lang, a=year_a, b=year_b, worst=low[name],
                 district=area_label(low["district_name"], lang), value=points(low["change"], 0, lang))
    return t("criteria.heatmap.title.change.same", lang, a=year_a, b=year_b)


def criteria_changes(rows: pd.DataFrame, lang: str) -> str | None:
    """What a comparison across criteria sets cannot compare (criteria_changes rows): "Bộ tiêu chí
    2021–2025 đổi 3. Thủy lợi → Thủy lợi và phòng, chống thiên tai; …: không tính thay đổi của các
    tiêu chí này"; a wholly new set named as such. None when nothing changed."""
    if rows.empty:
        return None
    parts = []
    for set_id, part in rows.groupby("set_id", sort=False):
        first = part.iloc[0]
        name = first[f"set_name_{lang}"] if not pd.isna(first[f"set_name_{lang}"]) else set_id
        if pd.isna(first["criterion_id"]):
            parts.append(t("criteria.changes.new_set", lang, set=name))
            continue
        items = []
        for r in part.itertuples():
            item = f"{int(r.criterion_id)}. {getattr(r, f'previous_name_{lang}')} → {getattr(r, f'name_{lang}')}"
            how = getattr(r, f"change_{lang}")
            items.append(item + (f" ({how.rstrip('.')})" if isinstance(how, str) and how else ""))
        parts.append(t("criteria.changes.renamed", lang, set=name, items="; ".join(items)))
    return " ".join(parts)


def hardest_criteria(shares: pd.DataFrame, phase_id: str, year: int, lang: str, n: int = 3) -> str:
    """Title of the province bar per criterion: the n criteria met by the fewest communes."""
    hardest = shares[shares["phase_id"] == phase_id].nsmallest(n, "hardness")
    name = criterion_name_col(lang)
    return t("criteria.bar.title", lang, year=year,
             names=", ".join(f"{r[name]} ({percent(r['share'], 0, lang)})" for _, r in hardest.iterrows()))


# -- published figures (the published page, the side-by-side, the slides) ---------------------
def _pub_name(row, lang: str) -> str:
    return row["name_vi"] if lang == "vi" else row["name_en"]


def published_parts(group: pd.DataFrame, lang: str) -> list[str]:
    """The figures of one report (same area, date and source) in words: a percentage with the
    counts it is made of ("Tỷ lệ xã đạt chuẩn 79,6% (109/137)"), then each other figure."""
    from .published import fmt_figure

    values = dict(zip(group["measure"], group["value"]))
    used, parts = set(), []
    for _, r in group.iterrows():
        n, d = r.get("numerator"), r.get("denominator")
        if not _missing(n) and not _missing(d) and n in values and d in values:
            parts.append(t("published.part.share", lang, name=_pub_name(r, lang),
                           share=fmt_figure(r["value"], lang, r["unit"]), n=fmt_figure(values[n], lang),
                           d=fmt_figure(values[d], lang)))
            used |= {r["measure"], n, d}
    for _, r in group.iterrows():
        if r["measure"] not in used:
            parts.append(t("published.part.value", lang, name=_pub_name(r, lang),
                           value=fmt_figure(r["value"], lang, r["unit"])))
            used.add(r["measure"])
    return parts


def published_report(series: pd.DataFrame) -> pd.DataFrame:
    """The latest report of an area's figures (published_series rows): the figures with the date
    and source of the latest figure of the first measure (the measures' own order)."""
    if series.empty:
        return series
    first = series[series["measure"] == series.sort_values(["measure_order", "measure"]).iloc[0]["measure"]]
    latest = first.sort_values(["as_of_date", "source"]).iloc[-1]
    return series[(series["as_of"] == latest["as_of"]) & (series["source"] == latest["source"])]


def published_headline(series: pd.DataFrame, area_name: str, lang: str) -> tuple[str, str] | None:
    """The latest report of an area as a sentence, and its source: ("Cả nước, 6/2025: Tỷ lệ xã
    đạt chuẩn 79,3% (6.084/7.669), …", "https://…"). None without figures."""
    from .published import as_of_label

    report = published_report(series)
    if report.empty:
        return None
    first = report.iloc[0]
    text = t("published.headline", lang, area=area_name, as_of=as_of_label(first["as_of"], lang),
             parts="; ".join(published_parts(report, lang)))
    return text, first["source"]


def published_series(rows: pd.DataFrame, lang: str) -> str:
    """Title of one measure's published series (published_series rows of one measure, in date
    order): from the first figure to the latest, the direction as the figures are written."""
    from .published import as_of_label, decimals, fmt_figure

    first, last = rows.iloc[0], rows.iloc[-1]
    name = _pub_name(last, lang)
    values = dict(name=name, first=fmt_figure(first["value"], lang, first["unit"]),
                  last=fmt_figure(last["value"], lang, last["unit"]),
                  first_date=as_of_label(first["as_of"], lang), last_date=as_of_label(last["as_of"], lang))
    if first["as_of"] == last["as_of"]:
        return t("published.series.title.one", lang, **values)
    d = direction(last["value"] - first["value"], max(decimals(first["value"]), decimals(last["value"])))
    return t(f"published.series.title.{d}", lang, **values)


def _beside_value(part: pd.DataFrame, column: str, lang: str) -> str:
    """One report's figures (or the commune data's) for the side-by-side, each saying what it counts:
    communes meeting the standard as meeting/total with their share ("109/137 xã đạt chuẩn (79,6%)"),
    the others after their name ("Tổng số xã 137"; the unit only when the name does not say it)."""
    from .published import decimals, fmt_figure

    by = {r["commune_measure"]: r for _, r in part.iterrows()}
    out, used = [], set()

    def figure(r) -> str:
        value, unit = r[column], (r["unit"] if r["unit"] == "%" else None)
        if column == "commune_value" and not _missing(value):  # as many decimals as the published figure
            return number(value, decimals(r["published"]), lang) + ("%" if unit else "")
        return fmt_figure(value, lang, unit)

    if "meeting" in by and "communes" in by:
        pair = t("published.beside.pair", lang, meeting=fmt_figure(by["meeting"][column], lang),
                 communes=fmt_figure(by["communes"][column], lang))
        used |= {"meeting", "communes"}
        if "share_meeting_pct" in by:
            pair += f" ({figure(by['share_meeting_pct'])})"
            used.add("share_meeting_pct")
        out.append(pair)
    name_col = "name_vi" if lang == "vi" else "name_en"
    for _, r in part.iterrows():
        if r["commune_measure"] in used:
            continue
        text, name = figure(r), str(r[name_col])
        unit = unit_name(r["unit"], lang, r[column]) if r["unit"] and r["unit"] != "%" else ""
        if unit and unit.lower() not in name.lower():
            text += f" {unit}"
        out.append(f"{name} {text}")
    return " · ".join(out)


def published_beside(rows: pd.DataFrame, lang: str, illustrative: bool = False) -> list[dict]:
    """The side-by-side of published figures and the commune data (published_beside_communes rows),
    one line per report (area, date, source): "Tỉnh Thái Nguyên, 6/2022 — Báo cáo: 109/137 — Dữ
    liệu xã 2022: 105/137", with the differences beyond the tolerance named. Each line: "text",
    "flagged", "source", "area_code", "as_of" and the parts of the text ("area", "as_of_label",
    "published", "year", "data", "diff")."""
    from .published import as_of_label, decimals

    lines = []
    if rows.empty:
        return lines
    order = rows.assign(_n=range(len(rows)))
    for (_, as_of, source), part in order.groupby(["area_code", "as_of", "source"], sort=False):
        part = part.sort_values("_n")
        first = part.iloc[0]
        diffs = [number(r["difference"], max(decimals(r["published"]), 1 if r["unit"] == "%" else 0), lang, sign=True)
                 + (t("published.points", lang) if r["unit"] == "%"
                    else f" {unit_name(r['unit'], lang, r['difference'])}" if r["unit"] else "")
                 for _, r in part.iterrows() if r["flagged"]]
        values = dict(area=first["area_name"], as_of_label=as_of_label(as_of, lang),
                      published=_beside_value(part, "published", lang), year=int(first["year"]),
                      data=_beside_value(part, "commune_value", lang))
        text = t("published.beside.line", lang, **{k: v for k, v in values.items() if k != "as_of_label"},
                 as_of=values["as_of_label"],
                 data_label=t("published.beside.data.sample" if illustrative else "published.beside.data", lang))
        if diffs:
            text += " (" + t("published.beside.diff", lang, diff=", ".join(diffs)) + ")"
        lines.append({"text": text, "flagged": bool(diffs), "source": source, "area_code": first["area_code"],
                      "diff": ", ".join(diffs), **values, "as_of": as_of})
    return lines


def published_quote(series: pd.DataFrame, lang: str) -> str | None:
    """A published figure quoted with its date and source, for a slide: the latest report of the
    area (published_series rows) when it counts communes meeting the standard or their share:
    those figures only ("Báo cáo 28/12/2023: Tỷ lệ xã đạt chuẩn 93,7% (118/126) (nguồn: …)")."""
    from .published import as_of_label, source_label

    report = published_report(series)
    report = report[report["commune_measure"].isin(["meeting", "communes", "share_meeting_pct"])]
    if not report["commune_measure"].isin(["meeting", "share_meeting_pct"]).any():
        return None
    first = report.iloc[0]
    return t("published.quote", lang, as_of=as_of_label(first["as_of"], lang),
             parts="; ".join(published_parts(report, lang)), source=source_label(first["source"]))


# -- targets, pace, projections and recognitions (the map, the overview, the slides) ------------
# How a target's measure reads (measures.fmt_value kinds); shares are fractions here.
TARGET_KINDS = {"meeting": "count", "share_meeting": "share", "avg_criteria": "decimal",
                "districts_recognised": "count", "advanced": "count", "share_advanced": "share",
                "model": "count", "share_model": "share"}
STATUS_MARKS = {"met": "✓", "reached": "✓", "on_track": "✓", "missed": "✗", "behind": "✗"}


def target_value(value, measure: str, lang: str, sign: bool = False) -> str:
    return fmt_value(value, TARGET_KINDS.get(measure, "number"), lang, sign=sign)


def _pace_fmt(value, measure: str, lang: str) -> str:
    """A yearly gain: shares in points, counts and averages to one decimal."""
    if TARGET_KINDS.get(measure) == "share":
        return points(value, lang=lang)
    return number(value, 1, lang, sign=True)


def target_status(status, lang: str) -> str:
    """"đạt kế hoạch", "chậm so với kế hoạch" … ("–" when the data cannot tell)."""
    return t(f"target.status.{status}", lang) if isinstance(status, str) and status else "–"


def target_mark(target, status, measure: str, lang: str) -> str:
    """A district's target on its map tile: "KH 70,0% ✓" (blank without a target)."""
    if _missing(target):
        return ""
    return t("target.mark", lang, value=target_value(target, measure, lang), mark=STATUS_MARKS.get(status, "?"))


def target_line(row, lang: str) -> str:
    """One target of the target_status query in words: its year, value and how it stands."""
    measure = row["measure"]
    values = dict(year=int(row["target_year"]), target=target_value(row["target"], measure, lang),
                  status=target_status(row["status"], lang))
    if not _missing(row["latest_year"]) and int(row["target_year"]) > int(row["latest_year"]):
        return t("target.line.future", lang, actual=target_value(row["latest_value"], measure, lang),
                 latest=int(row["latest_year"]), **values)
    return t("target.line", lang, actual=target_value(row["value_at_year"], measure, lang), **values)


def district_target(row, lang: str) -> str:
    """A district's target (a target_status row) in a sentence with its name and figures."""
    measure = row["measure"]
    values = dict(name=area_label(row["district_name"], lang), year=int(row["target_year"]), measure=t(f"target.measure.{measure}", lang),
                  target=target_value(row["target"], measure, lang), status=target_status(row["status"], lang))
    if not _missing(row["latest_year"]) and int(row["target_year"]) > int(row["latest_year"]):
        return t("target.district.future", lang, latest=int(row["latest_year"]),
                 actual=target_value(row["latest_value"], measure, lang),
                 needed=_pace_fmt(row["needed_pace"], measure, lang), pace=_pace_fmt(row["pace"], measure, lang),
                 **values)
    return t("target.district", lang, actual=target_value(row["value_at_year"], measure, lang), **values)


def target_short(row, lang: str) -> str:
    """A target in a few words for a KPI card: "Kế hoạch 2020: 3 — không đạt"."""
    return t("target.short", lang, year=int(row["target_year"]), target=target_value(row["target"], row["measure"], lang),
             status=t(f"target.short.{row['status']}", lang) if isinstance(row["status"], str) else "–")


def province_target(row, lang: str) -> str:
    """The province's target (a target_status row) in a sentence with its figures."""
    measure = row["measure"]
    values = dict(year=int(row["target_year"]), measure=t(f"target.measure.{measure}", lang),
                  target=target_value(row["target"], measure, lang), status=target_status(row["status"], lang))
    if not _missing(row["latest_year"]) and int(row["target_year"]) > int(row["latest_year"]):
        return t("target.province.future", lang, latest=int(row["latest_year"]),
                 actual=target_value(row["latest_value"], measure, lang),
                 needed=_pace_fmt(row["needed_pace"], measure, lang), pace=_pace_fmt(row["pace"], measure, lang),
                 **values)
    return t("target.province", lang, actual=target_value(row["value_at_year"], measure, lang), **values)


def targets_summary(status: pd.DataFrame, lang: str) -> str | None:
    """How the districts stand against their targets of one measure and year (target_status rows
    of districts): "Kế hoạch 2020 (tỷ lệ xã đạt chuẩn): 5/9 huyện đạt; chưa đạt: …"."""
    rows = status.dropna(subset=["district_code"]).dropna(subset=["status"])
    if rows.empty:
        return None
    first = rows.iloc[0]
    good = rows["status"].isin(["met", "reached", "on_track"])
    values = dict(year=int(first["target_year"]), measure=t(f"target.measure.{first['measure']}", lang),
                  met=number(int(good.sum()), lang=lang), total=number(len(rows), lang=lang))
    if good.all():
        return t("target.summary", lang, **values)
    return t("target.summary.behind", lang, names=", ".join(area_label(n, lang) for n in rows.loc[~good, "district_name"]), **values)


def projection_year(row, lang: str) -> str:
    """A district_projection row's year for a table cell: "2024 (dự báo)", "đã đạt từ 2019" …"""
    if not _missing(row["complete_year"]):
        return t("projection.done", lang, year=int(row["complete_year"]))
    if not _missing(row["projected_year"]):
        return t("projection.year", lang, year=int(row["projected_year"]))
    return t("projection.never", lang, base=int(row["base_year"]), latest=int(row["latest_year"]))


def projection(row, name: str, lang: str) -> str:
    """A district_projection row in a sentence, labelled as a projection."""
    name = area_label(name, lang)
    if not _missing(row["complete_year"]):
        return t("projection.sentence.done", lang, name=name, year=int(row["complete_year"]))
    values = dict(name=name, remaining=number(row["remaining"], lang=lang), base=int(row["base_year"]),
                  latest=int(row["latest_year"]))
    limited_by = row.get("limited_by")  # the province's year is decided by this district
    limited_by = None if _missing(limited_by) else area_label(limited_by, lang)
    if _missing(row["projected_year"]):
        if not _missing(limited_by):
            return t("projection.sentence.blocked", lang, district=limited_by, **values)
        return t("projection.sentence.never", lang, **values)
    if not _missing(limited_by):
        return t("projection.sentence.limited", lang, district=limited_by, year=int(row["projected_year"]), **values)
    return t("projection.sentence", lang, pace=number(row["pace"], 1, lang), year=int(row["projected_year"]), **values)


def phase_progress(phase, target=None, lang: str = "vi") -> list[str]:
    """Sentences on a phase still under way (its result year before its end year), [] otherwise:
    the years covered, its result so far and, with a target for its end year (a target_status
    row), the pace needed against the recent pace. `phase` is a phase_results row."""
    if _missing(phase.get("result_year")) or int(phase["result_year"]) >= int(phase["end_year"]):
        return []
    start, end, year = int(phase["start_year"]), int(phase["end_year"]), int(phase["result_year"])
    name = phase["name_vi"] if lang == "vi" else phase["name_en"]
    out = [t("phase.progress", lang, phase=name, year=year, covered=year - start + 1, total=end - start + 1,
             start=start)]
    if not _missing(phase.get("meeting")) and bool(phase.get("base_set_changed")):  # no gain across sets
        out.append(t("phase.progress.result.new_set", lang, meeting=number(phase["meeting"], lang=lang),
                     communes=number(phase["communes"], lang=lang), share=percent(phase["share_meeting"], lang=lang)))
    elif not _missing(phase.get("meeting")):
        out.append(t("phase.progress.result", lang, meeting=number(phase["meeting"], lang=lang),
                     communes=number(phase["communes"], lang=lang), share=percent(phase["share_meeting"], lang=lang),
                     gain=number(phase["gain_meeting"], lang=lang, sign=True), base=int(phase["base_year"])))
    if target is not None and not _missing(target.get("status")):
        measure = target["measure"]
        future = int(target["target_year"]) > int(target["latest_year"])
        out.append(t("phase.progress.target", lang, year=int(target["target_year"]),
                     target=target_value(target["target"], measure, lang),
                     needed=_pace_fmt(target["needed_pace"], measure, lang) if future else "–",
                     pace=_pace_fmt(target["pace"], measure, lang), status=target_status(target["status"], lang)))
    return out


def recognised(recognitions: pd.DataFrame, total: int, year: int, lang: str, name: str | None = None) -> str | None:
    """The districts recognised by decision by `year` (rows of the recognitions query): "2/9 huyện
    … đến năm 2020"; for one district (`name`), whether and when it was, None when it was not."""
    done = recognitions[recognitions["year"] <= year]
    if name is not None:
        return t("summary.recognised.one", lang, name=name, year=int(done["year"].min())) if len(done) else None
    return t("summary.recognised", lang, n=number(len(done), lang=lang), total=number(total, lang=lang), year=year)


def province_level(row, lang: str) -> str | None:
    """Whether the province was recognised as having completed the New Rural task by the end of a
    phase (a row of province_level_by_phase), with the year and decision; None without a row."""
    if row is None:
        return None
    if pd.isna(row["recognised_year"]):
        return t("summary.province_level.not_yet", lang, name=province(), year=int(row["end_year"]))
    decision = f" ({row['decision']})" if isinstance(row["decision"], str) and row["decision"].strip() else ""
    return t("summary.province_level", lang, name=province(), year=int(row["recognised_year"]), decision=decision)


def summary(points_: list, lang: str, n: int = 5) -> list[str]:
    """The presentation's closing slide: three to five findings already made above (with their
    figures), in the order given, without blanks or repeats."""
    out = []
    for sentence in points_:
        if isinstance(sentence, str) and sentence.strip() and sentence not in out:
            out.append(" ".join(sentence.split()))
    return out[:n]

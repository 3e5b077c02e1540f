"""What the map page shows for given filters, measure and view: the district map, its notes, the
targets and the projected year of the chosen districts — built from the named queries without
Streamlit, once per (data version, filters, measure, view, language)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from . import findings, measures
from .charts import map as maps
from .i18n import number, t
from .text import area_label, md_literal


@dataclass(frozen=True)
class MapView:
    figure: go.Figure | None      # None when the measure has no value in the view; shared: never changed after
    notes: str                    # Markdown caption under the map, "" when none
    targets: str                  # Markdown list of target sentences, "" when none
    target_table: pd.DataFrame | None   # every target in scope, formatted; None when there are none
    projection: str               # Markdown sentence for the province, "" when none
    projection_table: pd.DataFrame | None   # the districts furthest from the goal when there are many
    projection_note: str          # says so, "" when every district is listed
    projection_export: pd.DataFrame | None  # every district, for the downloads
    target_export: pd.DataFrame | None = None  # the targets as numbers (shares apart), for the downloads


def build(fetch: Callable[..., pd.DataFrame], f, note: str, illustrative: tuple[str, ...],
          measure_id: str, view: str) -> MapView:
    """The map page for filters `f` (phases chosen), `measure_id` and `view` (a phase id or
    "change"). `fetch(name, **params)` runs a named query; `note` is the charts' footnote."""
    lang = f.lang
    phases = measures.chosen(fetch("phases"), f.phases)
    measure = measures.phase_measures(fetch("indicators"), lang)[measure_id]
    figure, notes = _map(fetch, f, note, phases, measure, measure_id, view)
    if figure is None:
        return MapView(None, "", "", None, "", None, "", None)
    targets, target_table, target_export = _targets(fetch, f)
    return MapView(figure, notes, targets, target_table, *_projection(fetch, f), target_export)


def _map(fetch, f, note, phases, measure, measure_id, view) -> tuple[go.Figure | None, str]:
    lang = f.lang
    first, last = phases.iloc[0], phases.iloc[-1]
    phase_ids = list(phases["phase_id"])
    # Every district is drawn; the district filter outlines the chosen ones. Values, targets and
    # recognitions of the phase shown (the last chosen phase in the change view) come from one query.
    rows = fetch("map_districts", measure=measure_id, phases=phase_ids)
    status = fetch("target_status")
    by_id = phases.set_index("phase_id", drop=False)
    if view == "change":
        comp = fetch("district_comparison", measure=measure_id, phases=phase_ids)
        shown = maps.map_frame(rows[rows["phase_id"] == last.phase_id], by_id.loc[last.phase_id], measure, status, lang,
                               comp=comp, first=by_id.loc[first.phase_id])
        column, title = "change", findings.district_comparison(comp, phases, measure, lang)
        legend = t("map.colorbar.change", lang)
    else:
        shown = maps.map_frame(rows[rows["phase_id"] == view], by_id.loc[view], measure, status, lang)
        column = "value"
        title = findings.district_comparison(shown.rename(columns={"value": "first"}), by_id.loc[[view]], measure, lang)
        legend = measure["label"] + (f" ({measure['unit']})" if measure["unit"] else "")
    if shown[column].isna().all():
        return None, ""

    boundaries = fetch("district_boundaries")
    shapes = maps.boundary_shapes(boundaries, shown) if len(boundaries) else {}
    if not shapes:
        shapes = maps.tile_shapes(maps.tile_layout(shown))
    figure = maps.district_map(shown, shapes, measure, column, lang, note, title, legend, highlight=f.districts or ())

    notes = [t("map.tiles", lang) if not len(boundaries) else ""]
    missing = shown.loc[~shown["district_code"].isin(list(shapes)), "district_name"]
    if len(missing):
        notes.append(t("map.no_boundary", lang, names=", ".join(md_literal(area_label(n, lang)) for n in missing)))
    if shown["recognised"].any():
        notes.append(t("map.legend.recognised", lang))
    if (shown["target_mark"] != "").any():
        notes.append(t("map.legend.target", lang))
    return figure, " · ".join(n for n in notes if n)


def _targets(fetch, f) -> tuple[str, pd.DataFrame | None, pd.DataFrame | None]:
    """The province's targets in words, then every target of the chosen districts."""
    lang = f.lang
    status = fetch("target_status", **f.params)
    if status.empty:
        return "", None, None
    sentences = [findings.province_target(row, lang) for _, row in status[status["district_code"].isna()].iterrows()]
    districts_only = status.dropna(subset=["district_code"])
    sentences += [findings.targets_summary(group, lang)
                  for _, group in districts_only.groupby(["measure", "target_year"], sort=True)]
    table = status.assign(
        area=status["district_name"].fillna(t("plan.province", lang)),
        measure_name=status["measure"].map(lambda m: t(f"target.measure.{m}", lang)),
        target_text=[findings.target_value(v, m, lang) for v, m in zip(status["target"], status["measure"])],
        actual=[findings.target_value(a if y <= ly else lv, m, lang) + ("" if y <= ly else f" ({int(ly)})")
                for a, lv, y, ly, m in zip(status["value_at_year"], status["latest_value"],
                                           status["target_year"], status["latest_year"], status["measure"])],
        status_text=status["status"].map(lambda s: findings.target_status(s, lang)))
    columns = {"area": t("plan.col.area", lang), "measure_name": t("plan.col.measure", lang),
               "target_year": t("plan.col.year", lang), "target_text": t("plan.col.target", lang),
               "actual": t("plan.col.actual", lang), "status_text": t("plan.col.status", lang)}
    # The download: the same values as numbers, shares in columns of their own (a percent format).
    share = status["measure"].map(lambda m: findings.TARGET_KINDS.get(m) == "share")
    later = status["target_year"] > status["latest_year"]
    actual = status["value_at_year"].where(~later, status["latest_value"])
    export = pd.DataFrame({
        "area": table["area"], "measure_name": table["measure_name"], "target_year": status["target_year"],
        "target": status["target"].where(~share), "target_share": status["target"].where(share),
        "actual": actual.where(~share), "actual_share": actual.where(share),
        "actual_year": status["target_year"].where(~later, status["latest_year"]), "status_text": table["status_text"]})
    export = export.rename(columns=columns | {"actual_year": t("col.year", lang)})  # shares: ntm.export.COLUMNS
    # One list, one element.
    return ("\n".join("- " + md_literal(s) for s in sentences if s), table[list(columns)].rename(columns=columns),
            export)


def _projection(fetch, f) -> tuple[str, pd.DataFrame | None, str, pd.DataFrame | None]:
    """The year each district would have all its communes meeting the standard at its recent pace;
    on screen, with many districts, those furthest from it."""
    lang = f.lang
    projection = fetch("district_projection", **f.params)
    if projection.empty:
        return "", None, "", None
    province_row = projection[projection["district_code"].isna()]
    sentence = (md_literal(findings.projection(province_row.iloc[0], t("plan.province", lang), lang))
                if len(province_row) else "")
    per_district = projection.dropna(subset=["district_code"])
    listed = measures.furthest_from_goal(per_district)
    note = t("table.furthest", lang, n=len(listed), total=len(per_district)) if len(listed) < len(per_district) else ""
    latest = int(projection["latest_year"].max())
    table = listed.assign(
        meeting_text=[f"{number(m, lang=lang)}/{number(c, lang=lang)}" for m, c in
                      zip(listed["meeting"], listed["communes"])],
        pace_text=listed["pace"].map(lambda v: number(v, 1, lang, sign=True)),
        year_text=[findings.projection_year(r, lang) for _, r in listed.iterrows()])
    columns = {"district_name": t("col.district", lang), "meeting_text": t("projection.col.meeting", lang, year=latest),
               "pace_text": t("projection.col.pace", lang), "year_text": t("projection.col.year", lang)}
    export = per_district[["district_code", "district_name", "latest_year", "communes", "meeting", "remaining", "pace",
                           "complete_year", "projected_year"]].rename(columns={
        "district_name": t("col.district", lang), "communes": t("col.communes", lang), "meeting": t("col.met", lang)})
    return sentence, table[list(columns)].rename(columns=columns), note, export

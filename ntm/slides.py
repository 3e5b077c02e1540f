"""The presentation: a fixed sequence of slides, each one chart and a one-line message; the last
one sums up the main findings, numbered, with their figures.

Built from named queries through a `fetch(name, **params)` callable, so the present page
(cached queries) and the hand-outs (plain queries) draw the very same slides. Every message
is a finding (``findings``) of the same numbers the chart draws.
"""
from __future__ import annotations

import textwrap

from dataclasses import dataclass, field
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from . import findings, measures
from .charts.base import for_projection
from .charts.criteria import cap_rows, hardest_bar, heatmap, key_lines
from .charts.mobilisation import mobilisation_scatter
from .charts.map import boundary_shapes, district_map, map_frame, tile_layout, tile_shapes
from .charts.overview import standard_line
from .charts.phases import dumbbell
from .charts.published import quote_box, quote_room
from .i18n import phase_years, t
from .measures import between_years
from .mobilisation import progress_points
from .schema import province_code

CHART_HEIGHT = 520          # px on a 1280×720 screen, leaving room for the message and footer
MAX_ROWS = 12               # districts on a slide; more are cut to the extremes
MAX_CRITERIA = 8            # criteria on the "lagging criteria" slide
MOBILISATION_ROLE = "models"  # the indicator the mobilisation slide plots (schema.INDICATOR_ROLES)
SCATTER_PLOT = (1000, 280)  # px: the mobilisation scatter's plot on a 1280×720 slide
KEY_WRAP = 40               # the criteria key beside the heatmap: wide lines, so it fits the slide's height


@dataclass
class Slide:
    key: str
    title: str
    message: str  # plain text
    figure: go.Figure | None  # None on the closing slide, which lists `points` instead
    points: list[str] = field(default_factory=list)  # the closing slide's numbered findings (plain text)
    criteria: list[tuple[str, bool]] = field(default_factory=list)  # criteria named beside the chart (text, group?)


MESSAGE_LINE = (76, 44)     # characters on one line of the slide's message, and its height in px


def chart_height(message: str) -> int:
    """The chart's height under a message of this length: each extra line of the message
    (at the presentation's type size on a 1280 px screen) takes its height from the chart."""
    chars, px = MESSAGE_LINE
    lines = max(1, len(textwrap.wrap(message, chars)))
    return CHART_HEIGHT - px * (lines - 1)


def _finish(key: str, lang: str, fig: go.Figure, message: str, area: str | None = None) -> Slide:
    """A chart's slide; its title names the chosen districts (`area`), if any."""
    return Slide(key, findings.titled(t(f"slide.{key}", lang), area, lang), message,
                 for_projection(fig, chart_height(message)))


def build(fetch: Callable[..., pd.DataFrame], params: dict, phase_ids: list[str], lang: str, note: str) -> list[Slide]:
    """Every slide for the chosen districts (params) and phases, or [] when they hold no data."""
    districts = params.get("districts")
    results = fetch("phase_results", phases=list(phase_ids), **params)
    chosen = measures.with_data(results)
    if chosen.empty:
        return []
    phases = fetch("phases")
    phases = phases[phases["phase_id"].isin(chosen["phase_id"])]
    chosen_ids = list(phases["phase_id"])
    first_year, last_year = int(chosen["base_year"].min()), int(chosen["result_year"].max())
    last = phases.iloc[-1]
    names = fetch("districts").set_index("district_code")["district_name"]
    area = findings.area_name([names.get(d, d) for d in districts], lang) if districts else None
    headline = findings.headline(chosen, lang)
    headline[0] = findings.about(area, headline[0], lang)
    slides = []

    yearly = between_years(fetch("standard_by_year", **params), first_year, last_year)
    # The targets of communes meeting the standard (the province's, or the one district's) on the line.
    scope = measures.scope_targets(fetch("target_status", **params), districts)
    fig = standard_line(yearly, phases, lang, note, findings.about(area, findings.standard_line(yearly, lang), lang),
                        scope[scope["measure"] == "meeting"])
    # The latest published report of the same area (the province, or the one district chosen) quoted
    # on the chart with its date and source, beside what the commune data says.
    if not districts or len(districts) == 1:
        quote = findings.published_quote(fetch("published_series", area=(districts or [province_code()])[0]), lang)
        if quote:
            quote_box(fig, quote)
    slides.append(_finish("headline", lang, fig, headline[0], area))
    quote_room(slides[-1].figure)  # above the plot, at the slide's type size

    # The chosen districts across the phases. The reference lines labelled as the province's carry
    # the province's values whatever the filter; the chosen districts taken together get their own.
    measure = measures.phase_measures(fetch("indicators"), lang)["share_meeting"]
    comp = fetch("district_comparison", measure=measure["id"], phases=chosen_ids, **params)
    comp = measures.extremes(comp, MAX_ROWS)
    province = fetch("measure_by_phase", measure=measure["id"], phases=chosen_ids)
    province = dict(zip(province["phase_id"], province["value"]))
    selection = None
    if districts:
        selected = fetch("measure_by_phase", measure=measure["id"], phases=chosen_ids, **params)
        selection = dict(zip(selected["phase_id"], selected["value"]))
    title = comparison = findings.district_comparison(comp, phases, measure, lang)
    # Each district's target in the last phase, the province's per phase, districts recognised.
    status = fetch("target_status")
    rows = fetch("map_districts", measure=measure["id"], phases=chosen_ids)
    marks = rows[rows["phase_id"] == last.phase_id]
    targets = measures.phase_targets(status[status["district_code"].isna()], phases, measure["id"])
    slides.append(_finish("phases", lang, dumbbell(comp, phases, measure, province, lang, note, title, selection,
                                                   marks=marks, targets=targets), title, area))

    # Where the districts stand at the end of the last chosen phase, against their targets: the
    # map page's map (every district; the chosen ones outlined).
    frame = map_frame(marks, last, measure, status, lang)
    boundaries = fetch("district_boundaries")
    shapes = (boundary_shapes(boundaries, frame) if len(boundaries) else {}) or tile_shapes(tile_layout(frame))
    title = findings.district_comparison(frame.rename(columns={"value": "first"}), phases.iloc[[-1]], measure, lang)
    due = status[status["district_code"].notna() & (status["measure"] == measure["id"])
                 & status["target_year"].between(last.start_year, last.end_year)]
    plan = findings.targets_summary(due[due["target_year"] == due["target_year"].max()], lang) if len(due) else None
    fig = district_map(frame, shapes, measure, "value", lang, note, title, measure["label"],
                       highlight=tuple(districts or ()), height=chart_height(plan or title), label_size=16)
    names_size = next(d.textfont.size for d in fig.data if d.mode == "markers+text")
    slide = _finish("map", lang, fig, plan or title, area)
    slide.figure.update_traces(textfont_size=names_size, selector=dict(mode="markers+text"))  # fitted to the tiles
    slides.append(slide)

    shown = fetch("criterion_share_by_district_phase", phases=[last.phase_id], lowest=MAX_ROWS, **params)
    year = int(last.result_year)
    title = findings.about(area, findings.heatmap_share(shown, year, lang), lang)
    slide = _finish("criteria", lang, heatmap(shown, "share", lang, note, title, key_wrap=KEY_WRAP), title, area)
    cap_rows(slide.figure)  # on the slide's height
    slide.criteria = key_lines(shown.drop_duplicates("criterion_id"), lang)  # the PPTX sets it as text
    slides.append(slide)

    shares = fetch("criterion_share_by_phase", phases=chosen_ids, **params)
    hardest = shares[shares["phase_id"] == last.phase_id].nsmallest(MAX_CRITERIA, "hardness")["criterion_id"]
    title = hardest_title = findings.about(area, findings.hardest_criteria(shares, last.phase_id, year, lang), lang)
    slides.append(_finish("lagging", lang, hardest_bar(shares[shares["criterion_id"].isin(hardest)], phases, lang,
                                                       note, title), title, area))

    indicators = fetch("indicators")
    ind = measures.indicator_with_role(indicators, MOBILISATION_ROLE)
    if ind is not None:
        name = indicators.set_index("indicator_id").at[ind, "name_vi" if lang == "vi" else "name_en"]
        # The last chosen phase with two districts to compare (the axis names it).
        pts, shown, _ = progress_points(fetch, params, phases, ind)
        if shown is not None:
            span = phase_years(shown)
            title = findings.mobilisation(pts, name, lang)
            fig = mobilisation_scatter(pts, t("mob.scatter.x", lang, name=name, phase=span),
                                       t("mob.scatter.y", lang, phase=span), lang, note, title,
                                       plot=SCATTER_PLOT, label_size=18)  # for_projection's type size
            slides.append(_finish("mobilisation", lang, fig, title, area))

    # The closing slide: the main findings of the slides before, with their figures, and how the
    # province (or the one district chosen) stands against its plan, recognitions and pace.
    goal = measures.target_for(scope, int(last.end_year))
    plan = None if goal is None else (findings.district_target(goal, lang) if districts else
                                      findings.province_target(goal, lang))
    recognised = None
    if not fetch("recognitions").empty and (not districts or len(districts) == 1):
        recognised = findings.recognised(fetch("recognitions", **params), len(districts or names), int(last.end_year),
                                         lang, names.get(districts[0]) if districts else None)
    levels = fetch("province_level_by_phase", phases=[last.phase_id]) if not districts else None
    province_level = findings.province_level(levels.iloc[0] if levels is not None and len(levels) else None, lang)
    pace = None
    projection = fetch("district_projection", **params)
    paced = projection[projection["district_code"].isna()] if not districts else (
        projection[projection["district_code"] == districts[0]] if len(districts) == 1 else projection.iloc[0:0])
    if len(paced):
        row = paced.iloc[0]
        pace = findings.projection(row, row["district_name"] if districts else t("plan.province", lang), lang)
    # A phase still under way: how far its data reach and, with a target for its end, its pace toward it.
    progress = findings.phase_progress(chosen.iloc[-1], goal, lang)
    under_way = " ".join([progress[0], *progress[2:]]) if progress else None
    points = findings.summary([headline[0], province_level, under_way, comparison, hardest_title, plan, pace,
                               recognised, headline[-1]], lang)
    slides.append(Slide("summary", findings.titled(t("slide.summary", lang), area, lang), t("summary.title", lang),
                        None, points))
    return slides

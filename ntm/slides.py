"""The presentation: a fixed sequence of slides, each one chart and a one-line message.

Built from named queries through a `fetch(name, **params)` callable, so the present page
(cached queries) and the hand-outs (plain queries) draw the very same slides. Every message
is a finding (``findings``) of the same numbers the chart draws.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from . import findings, measures
from .charts.base import for_projection
from .charts.criteria import hardest_bar, heatmap
from .charts.mobilisation import mobilisation_scatter
from .charts.overview import bands_bar, standard_line
from .charts.phases import dumbbell
from .i18n import t
from .measures import between_years

CHART_HEIGHT = 520          # px on a 1280×720 screen, leaving room for the message and footer
MAX_ROWS = 12               # districts on a slide; more are cut to the extremes
MAX_CRITERIA = 8            # criteria on the "lagging criteria" slide
MOBILISATION_ROLE = "models"  # the indicator the mobilisation slide plots (schema.INDICATOR_ROLES)


@dataclass
class Slide:
    key: str
    title: str
    message: str  # plain text
    figure: go.Figure


def _finish(key: str, lang: str, fig: go.Figure, message: str) -> Slide:
    return Slide(key, t(f"slide.{key}", lang), message, for_projection(fig, CHART_HEIGHT))


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
    headline = findings.headline(chosen, lang)
    slides = []

    yearly = between_years(fetch("standard_by_year", **params), first_year, last_year)
    slides.append(_finish("headline", lang, standard_line(yearly, phases, lang, note,
                                                          findings.standard_line(yearly, lang)), headline[0]))

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
    title = findings.district_comparison(comp, phases, measure, lang)
    slides.append(_finish("phases", lang, dumbbell(comp, phases, measure, province, lang, note, title, selection),
                          title))

    cells = fetch("criterion_share_by_district_phase", phases=[last.phase_id], **params)
    shown = measures.lowest_districts(cells, "share", MAX_ROWS)
    year = int(last.result_year)
    title = findings.heatmap_share(shown, year, lang)
    slides.append(_finish("criteria", lang, heatmap(shown, "share", lang, note, title), title))

    shares = fetch("criterion_share_by_phase", phases=chosen_ids, **params)
    hardest = shares[shares["phase_id"] == last.phase_id].nsmallest(MAX_CRITERIA, "share")["criterion_id"]
    title = findings.hardest_criteria(shares, last.phase_id, year, lang)
    slides.append(_finish("lagging", lang, hardest_bar(shares[shares["criterion_id"].isin(hardest)], phases, lang,
                                                       note, title), title))

    indicators = fetch("indicators")
    ind = measures.indicator_with_role(indicators, MOBILISATION_ROLE)
    if ind is not None:
        name = indicators.set_index("indicator_id").at[ind, "name_vi" if lang == "vi" else "name_en"]
        pts = fetch("mobilisation_vs_progress", indicator=ind, phases=[last.phase_id], **params)
        pts = pts.dropna(subset=["indicator_per_commune", "gain_share"])
        if len(pts) >= 2:
            span = f"{last.start_year}–{last.end_year}"
            title = findings.mobilisation(pts, name, lang)
            fig = mobilisation_scatter(pts, t("mob.scatter.x", lang, name=name, phase=span),
                                       t("mob.scatter.y", lang, phase=span), lang, note, title)
            slides.append(_finish("mobilisation", lang, fig, title))

    bands = between_years(fetch("bands_by_year", **params), first_year, last_year)
    slides.append(_finish("summary", lang, bands_bar(bands, lang, note, findings.under_10(yearly, lang)),
                          headline[-1]))
    return slides

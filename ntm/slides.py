"""The presentation: a fixed sequence of slides, each one chart and a one-line message.

Built from named queries through a `fetch(name, **params)` callable, so the present page
(cached queries) and the hand-outs (plain queries) draw the very same slides.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go

from . import findings, measures
from .measures import between_years
from .charts.base import for_projection
from .charts.criteria import hardest_bar, heatmap
from .charts.mobilisation import mobilisation_scatter
from .charts.overview import bands_bar, standard_line
from .charts.phases import dumbbell
from .i18n import t

CHART_HEIGHT = 520          # px on a 1280×720 screen, leaving room for the message and footer
MAX_ROWS = 12               # districts on a slide; more are cut to the extremes
MAX_CRITERIA = 8            # criteria on the "lagging criteria" slide
MOBILISATION = "dvk_models"


@dataclass
class Slide:
    key: str
    title: str
    message: str
    figure: go.Figure


def _plain(title: str) -> str:
    return re.sub(r"<[^>]+>", " ", title or "").replace("  ", " ").strip()


def _finish(key: str, lang: str, fig: go.Figure, message: str | None = None) -> Slide:
    message = message or _plain(fig.layout.title.text)
    return Slide(key, t(f"slide.{key}", lang), message, for_projection(fig, CHART_HEIGHT))


def build(fetch: Callable[..., pd.DataFrame], params: dict, phase_ids: list[str], lang: str, note: str) -> list[Slide]:
    """Every slide for the chosen districts (params) and phases, or [] when they hold no data."""
    results = fetch("phase_results", **params)
    chosen = measures.with_data(results[results["phase_id"].isin(phase_ids)])
    if chosen.empty:
        return []
    phases = fetch("phases")
    phases = phases[phases["phase_id"].isin(chosen["phase_id"])]
    first_year, last_year = int(chosen["base_year"].min()), int(chosen["result_year"].max())
    last = phases.iloc[-1]
    headline = measures.headline(chosen, lang)
    slides = []

    yearly = between_years(fetch("standard_by_year", **params), first_year, last_year)
    slides.append(_finish("headline", lang, standard_line(yearly, phases, lang, note), headline[0]))

    options = measures.phase_measures(fetch("indicators"), lang)
    values = measures.district_values(options["share_meeting"], fetch("phase_results_by_district", **params), None)
    values = values[values["phase_id"].isin(phases["phase_id"])]
    comp = measures.comparison(values, list(phases["phase_id"]))
    comp = measures.extremes(comp, MAX_ROWS)
    province = results.set_index("phase_id")["share_meeting"].to_dict()
    slides.append(_finish("phases", lang, dumbbell(comp, phases, options["share_meeting"], province, lang, note)))

    cells = fetch("criterion_share_by_district_phase", phases=[last.phase_id], **params)
    shown = cells[cells["phase_id"] == last.phase_id]
    shown = measures.lowest_districts(shown, "share", MAX_ROWS)
    year = int(last.result_year)
    title = findings.heatmap_share(shown, year, lang)
    slides.append(_finish("criteria", lang, heatmap(shown, "share", lang, note, title)))

    shares = fetch("criterion_share_by_phase", **params)
    shares = shares[shares["phase_id"].isin(phases["phase_id"])]
    hardest = shares[shares["phase_id"] == last.phase_id].nsmallest(MAX_CRITERIA, "share")["criterion_id"]
    title = findings.hardest_criteria(shares, last.phase_id, year, lang)
    slides.append(_finish("lagging", lang, hardest_bar(shares[shares["criterion_id"].isin(hardest)], phases, lang,
                                                       note, title)))

    indicators = fetch("indicators")
    if len(indicators):
        ind = MOBILISATION if MOBILISATION in set(indicators["indicator_id"]) else indicators["indicator_id"].iloc[0]
        name = indicators.set_index("indicator_id").at[ind, "name_vi" if lang == "vi" else "name_en"]
        pts = fetch("mobilisation_vs_progress", indicator=ind, **params)
        pts = pts[pts["phase_id"] == last.phase_id].dropna(subset=["indicator_per_commune", "gain_share"])
        if len(pts) >= 2:
            span = f"{last.start_year}–{last.end_year}"
            fig = mobilisation_scatter(pts, t("mob.scatter.x", lang, name=name, phase=span),
                                       t("mob.scatter.y", lang, phase=span), lang, note,
                                       findings.mobilisation(pts, name, lang))
            slides.append(_finish("mobilisation", lang, fig))

    bands = between_years(fetch("bands_by_year", **params), first_year, last_year)
    slides.append(_finish("summary", lang, bands_bar(bands, lang, note), headline[-1]))
    return slides

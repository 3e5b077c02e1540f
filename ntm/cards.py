"""KPI cards as one block of HTML: a row of cards (label, value, change, notes) drawn as a single
page element instead of a metric and a caption per card, so the browser renders one element.

Every text is escaped here: names and units from data show as written, never as markup.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    delta: str | None = None          # the change since the previous phase as shown ("+2"), or None
    change: float = 0.0               # that change as a number: its sign gives the arrow
    inverse: bool = False             # a rise is bad news (communes under 10 criteria)
    notes: tuple[str, ...] = field(default_factory=tuple)  # plain-text lines under the value
    help: str | None = None           # shown on hover


def _card(c: Card, weight: float) -> str:
    parts = [f"<div class='ntm-kpi-label'>{html.escape(c.label)}</div>",
             f"<div class='ntm-kpi-value'>{html.escape(c.value)}</div>"]
    if c.delta is not None:
        way = "up" if c.change > 0 else "down" if c.change < 0 else "flat"
        good = {"up": not c.inverse, "down": c.inverse}.get(way)
        tone = "flat" if good is None else ("good" if good else "bad")
        arrow = {"up": "↑", "down": "↓", "flat": ""}[way]
        parts.append(f"<div class='ntm-kpi-delta ntm-{tone}'>{arrow} {html.escape(c.delta)}</div>")
    parts += [f"<div class='ntm-kpi-note'>{html.escape(n)}</div>" for n in c.notes if n]
    title = f" title='{html.escape(c.help, quote=True)}'" if c.help else ""
    return f"<div class='ntm-kpi' style='flex:{weight:g} 1 0'{title}>{''.join(parts)}</div>"


def row(cards: list[Card | None], weights: list[float] | None = None) -> str:
    """The cards side by side, widths in proportion to `weights` (equal by default); a None
    keeps its place empty, so rows of a grid line up."""
    weights = weights or [1.0] * len(cards)
    return "<div class='ntm-kpis'>" + "".join(
        _card(c, w) if c is not None else f"<div style='flex:{w:g} 1 0'></div>" for c, w in zip(cards, weights)) + "</div>"

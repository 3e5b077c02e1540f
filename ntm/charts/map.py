"""The districts on a map, drawn offline: filled shapes from uploaded boundaries, else equal tiles.

Nothing is fetched at run time: no map tiles, no base map. Plotly's choropleth with a GeoJSON
asks for its world topojson from a CDN even with the geo background hidden (and draws nothing
when offline), so boundaries are drawn here as filled polygons on plain axes, longitude scaled
by the cosine of the latitude so shapes keep their proportions. Without boundaries each
district is one equal square tile, placed on a grid by its centroid (``tile_layout``).

Each district is one filled trace (hover over its area); a scatter at the label positions
carries the names and values, the click that chooses the district, and the same hover.
"""
from __future__ import annotations

import json
import math
import re
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from .. import findings
from ..i18n import t
from ..measures import fmt_value
from ..text import plotly_literal
from .base import MUTED, PHONE_TITLE, TEXT, finish
from .criteria import CHANGE_SCALE, SHARE_SCALE

SLACK = 1.3               # grid cells per district: room for the layout to follow geography
TILE_W, TILE_H = 1.4, 1.0  # a tile, in grid units: wider than tall, so names fit on two lines
GAP = 0.06                # white space between tiles
NAME_WIDTH = 12           # characters of a name on one line of a tile
MAX_DRAWN_POINTS = 20_000  # boundary points drawn over all districts (rings thinned beyond)
COLOUR_STEPS = 48        # fills of the map: the colour scale in this many steps
COUNT_SCALE = [[0, "#F7FBFF"], [0.5, "#6BAED6"], [1, "#08306B"]]
RECOGNISED = "★"
STATUS_MARK = {"met": "✓", "reached": "✓", "on_track": "✓", "missed": "✗", "behind": "✗"}
HOVER = dict(bgcolor="white", bordercolor="#9CA3AF", font=dict(color=TEXT), align="left")
# A tile's label in px: about 0.62 of the type size a character of a bold name (0.58 of the rest),
# 1.25 of it a line; a label fits 92 % of its tile's width. The map is drawn at least MIN_WIDTH px
# wide (a phone scrolls it in its own box), of which its colour bar and margins take BESIDE_MAP.
BOLD_CHAR, PLAIN_CHAR, LINE = 0.62, 0.58, 1.25
MIN_WIDTH, BESIDE_MAP = 720, 170
LEAST_LABEL = 9           # px: the smallest type a tile's label is set in
PREFIXES = (("Thành phố ", "TP "), ("Thị xã ", "TX "), ("Huyện ", ""), ("Quận ", "Q. "), ("Thị trấn ", "TT "))


# -- where each district goes ----------------------------------------------------------------
def tile_layout(districts: pd.DataFrame) -> pd.DataFrame:
    """One equal tile per district on a grid: (district_code, col, row), row 0 at the top (north).

    Districts with a centroid (lat, lon) are placed where their centroid falls on a grid of about
    SLACK cells per district, shaped like the area they cover; each gets the free cell nearest its
    centroid, nearest pairs first, then pairs of districts swap cells while that brings them
    closer in total. Rows and columns left empty are removed. Districts without a centroid
    follow in rows below, in code order. No two districts share a tile; every district has one.
    """
    d = districts[["district_code", "lat", "lon"]].drop_duplicates("district_code").reset_index(drop=True)
    lat, lon = pd.to_numeric(d["lat"], errors="coerce"), pd.to_numeric(d["lon"], errors="coerce")
    located = (lat.notna() & lon.notna()).to_numpy()
    placed: dict[str, tuple[int, int]] = {}
    n = int(located.sum())
    cols = 1
    if n:
        y = lat[located].to_numpy(float)
        x = lon[located].to_numpy(float) * math.cos(math.radians(float(np.mean(y))))
        width, height = np.ptp(x), np.ptp(y)
        if width == 0 and height == 0:
            width = height = 1.0
        aspect = max(width, 1e-9) / max(height, 1e-9)
        aspect = min(max(aspect, 1 / n), n)  # a line of districts still gets a grid of cells
        cells = n * SLACK if n > 2 else n
        rows = max(1, round(math.sqrt(cells / aspect)))
        cols = max(1, math.ceil(cells / rows))
        while rows * cols < n:
            cols += 1
        gx = (x - x.min()) / (width or 1) * (cols - 1)
        gy = (y.max() - y) / (height or 1) * (rows - 1)
        cx, cy = np.meshgrid(np.arange(cols), np.arange(rows))
        cx, cy = cx.ravel(), cy.ravel()
        cost = (gx[:, None] - cx[None, :]) ** 2 + (gy[:, None] - cy[None, :]) ** 2
        cell_of = _assign(cost)
        codes = d.loc[located, "district_code"].tolist()
        used_cols = sorted({int(cx[c]) for c in cell_of})
        used_rows = sorted({int(cy[c]) for c in cell_of})
        for code, c in zip(codes, cell_of):
            placed[code] = (used_cols.index(int(cx[c])), used_rows.index(int(cy[c])))
        cols = len(used_cols)
    rest = d.loc[~located, "district_code"].sort_values().tolist()
    if rest:
        top = max((r for _, r in placed.values()), default=-1) + 1
        width = max(cols, math.ceil(math.sqrt(len(rest)))) if placed else math.ceil(math.sqrt(len(rest) * 1.5))
        for i, code in enumerate(rest):
            placed[code] = (i % width, top + i // width)
    return pd.DataFrame([(code, c, r) for code, (c, r) in placed.items()], columns=["district_code", "col", "row"])


def _assign(cost: np.ndarray) -> list[int]:
    """A cell for each row of `cost` (districts × cells), all different: greedy by cost, then
    improved by moves to free cells and swaps while the total cost falls."""
    n, m = cost.shape
    order = np.lexsort((np.tile(np.arange(m), n), np.repeat(np.arange(n), m), cost.ravel()))
    cell_of = [-1] * n
    taken = np.zeros(m, dtype=bool)
    left = n
    for k in order:
        i, c = divmod(int(k), m)
        if cell_of[i] < 0 and not taken[c]:
            cell_of[i], taken[c] = c, True
            left -= 1
            if not left:
                break
    if n > 200:  # the greedy placement is good enough for a country's districts
        return cell_of
    for _ in range(50):
        better = False
        for i in range(n):
            free = np.flatnonzero(~taken)
            if len(free):
                c = int(free[np.argmin(cost[i, free])])
                if cost[i, c] < cost[i, cell_of[i]] - 1e-12:
                    taken[cell_of[i]], taken[c], cell_of[i] = False, True, c
                    better = True
            for j in range(i + 1, n):
                a, b = cell_of[i], cell_of[j]
                if cost[i, b] + cost[j, a] < cost[i, a] + cost[j, b] - 1e-12:
                    cell_of[i], cell_of[j] = b, a
                    better = True
        if not better:
            break
    return cell_of


def tile_shapes(layout: pd.DataFrame) -> dict[str, dict]:
    """Each district's tile as a shape: {code: {"rings": [(xs, ys)], "label": (x, y), "size": side}}."""
    out = {}
    half_w, half_h = (TILE_W - GAP) / 2, (TILE_H - GAP) / 2
    for r in layout.itertuples():
        x, y = float(r.col) * TILE_W, -float(r.row) * TILE_H
        xs = [x - half_w, x + half_w, x + half_w, x - half_w, x - half_w]
        ys = [y - half_h, y - half_h, y + half_h, y + half_h, y - half_h]
        out[r.district_code] = {"rings": [(xs, ys)], "label": (x, y), "size": TILE_H, "tile": True}
    return out


def boundary_shapes(boundaries: pd.DataFrame, districts: pd.DataFrame) -> dict[str, dict]:
    """Each district's boundary (the district_boundaries query) projected for drawing: x is the
    longitude times the cosine of the mean latitude, y the latitude. Labels at the district's
    centroid from `districts` when it has one inside the drawing, else at the middle of its
    largest ring (by its bounding box). Rings are thinned so that at most MAX_DRAWN_POINTS points are drawn."""
    parsed = {}
    for code, text in zip(boundaries["district_code"], boundaries["geometry"]):
        try:
            geometry = json.loads(text)
        except (TypeError, ValueError):
            continue
        polygons = [geometry.get("coordinates")] if geometry.get("type") == "Polygon" else geometry.get("coordinates")
        rings = [ring for polygon in polygons or [] for ring in polygon or [] if len(ring) >= 4]
        if rings:
            parsed[code] = rings
    if not parsed:
        return {}
    total = sum(len(ring) for rings in parsed.values() for ring in rings)
    step = max(1, math.ceil(total / MAX_DRAWN_POINTS))
    lat0 = float(np.mean([p[1] for rings in parsed.values() for ring in rings for p in ring[::step]]))
    scale = math.cos(math.radians(lat0))
    centroids = {r.district_code: (r.lon, r.lat) for r in districts.itertuples()
                 if pd.notna(r.lat) and pd.notna(r.lon)}
    out = {}
    for code, rings in parsed.items():
        drawn = []
        for ring in rings:
            kept = ring[::step] if len(ring) > 4 * step else ring
            if kept[-1] != ring[-1]:
                kept = [*kept, ring[-1]]
            drawn.append(([p[0] * scale for p in kept], [p[1] for p in kept]))
        xs_all = [x for xs, _ in drawn for x in xs]
        ys_all = [y for _, ys in drawn for y in ys]
        lon_lat = centroids.get(code)
        if lon_lat and min(xs_all) <= lon_lat[0] * scale <= max(xs_all) and min(ys_all) <= lon_lat[1] <= max(ys_all):
            label = (lon_lat[0] * scale, lon_lat[1])
        else:
            xs, ys = max(drawn, key=lambda ring: (max(ring[0]) - min(ring[0])) * (max(ring[1]) - min(ring[1])))
            label = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
        size = min(max(xs_all) - min(xs_all), max(ys_all) - min(ys_all))
        out[code] = {"rings": drawn, "label": label, "size": size}
    return out


# -- drawing ------------------------------------------------------------------------------------
def short_name(name: str) -> str:
    """A district's name for a tile: "Huyện Đại Từ" → "Đại Từ", "Thành phố Sông Công" → "TP Sông Công"."""
    for prefix, short in PREFIXES:
        if name.startswith(prefix):
            return short + name[len(prefix):]
    return name


def _dark(colour: str) -> bool:
    """Whether white text reads better than dark text on this fill (relative luminance)."""
    if colour.startswith("rgb"):
        r, g, b = (float(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])
    else:
        r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    lum = [((c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4) for c in (r, g, b)]
    return 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2] < 0.35


def colour_range(values: pd.Series, kind: str, change: bool) -> tuple[list, float, float]:
    """(colour scale, low, high) for a measure's values or its changes."""
    known = values.dropna()
    if change:
        top = float(known.abs().max()) if len(known) else 1.0
        top = top or (0.01 if kind == "share" else 1.0)
        return CHANGE_SCALE, -top, top
    if kind == "share":
        return SHARE_SCALE, 0.0, 1.0
    low, high = (float(known.min()), float(known.max())) if len(known) else (0.0, 1.0)
    return COUNT_SCALE, min(low, 0.0) if low >= 0 else low, high if high > low else low + 1


def district_map(rows: pd.DataFrame, shapes: dict[str, dict], measure: dict, column: str, lang: str, note: str,
                 title: str, legend: str, highlight: tuple[str, ...] = (), height: int = 560,
                 label_size: int = 14) -> go.Figure:
    """The districts of `rows` coloured by `column` ("value" of one phase, or "change").

    `rows`: one row per district with district_code, district_name, the column, and optionally
    hover (plain-text lines, one string), recognised (bool), target_mark (✓/✗ and the target as
    text). `shapes`: tile_shapes or boundary_shapes. `legend`: the colour bar's title. Districts
    without a shape are not drawn (the page names them). The title comes from findings.
    """
    kind = measure["kind"]
    is_change = column == "change"
    scale, low, high = colour_range(rows[column], kind, is_change)
    fig = go.Figure()
    labels_x, labels_y, texts, colours, custom, hovers = [], [], [], [], [], []
    sizes = []
    # Districts of one fill (the scale in COLOUR_STEPS steps, finer than the eye tells apart) and
    # one outline are drawn as one trace: hundreds of districts stay a few dozen traces.
    fills: dict[tuple[str, bool], tuple[list, list]] = {}
    for r in rows.itertuples():
        shape = shapes.get(r.district_code)
        if shape is None:
            continue
        value = getattr(r, column)
        missing = value is None or pd.isna(value)
        step = round((float(value) - low) / (high - low) * COLOUR_STEPS) / COLOUR_STEPS if not missing else None
        fill = "#F3F4F6" if missing else sample_colorscale(scale, [min(max(step, 0.0), 1.0)])[0]
        hover = plotly_literal(getattr(r, "hover", "") or r.district_name).replace("\n", "<br>")
        xs, ys = fills.setdefault((fill, r.district_code in highlight), ([], []))
        for rx, ry in shape["rings"]:
            xs += [*rx, None]
            ys += [*ry, None]
        name = short_name(r.district_name)
        if getattr(r, "recognised", False):
            name = f"{RECOGNISED} {name}"
        name = "<br>".join(plotly_literal(line) for line in textwrap.wrap(name, NAME_WIDTH)) or plotly_literal(name)
        lines = [f"<b>{name}</b>", "–" if missing else fmt_value(value, kind, lang, sign=is_change)]
        mark = getattr(r, "target_mark", "")
        if isinstance(mark, str) and mark:
            lines.append(f"<span style='font-size:0.8em'>{plotly_literal(mark)}</span>")
        labels_x.append(shape["label"][0])
        labels_y.append(shape["label"][1])
        texts.append("<br>".join(lines))
        colours.append("white" if not missing and _dark(fill) else TEXT)
        custom.append([r.district_code])
        hovers.append(hover)
        sizes.append(shape["size"])
    # The chosen districts last, so their dark outline is on top. Hover and click are on the labels.
    for (fill, chosen), (xs, ys) in sorted(fills.items(), key=lambda item: item[0][1]):
        fig.add_scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, hoverinfo="skip",
                        line=dict(color=TEXT if chosen else "white", width=3 if chosen else 1.5), showlegend=False)
    # Extent of the drawing, a little padding around it; the plot keeps x and y at one scale.
    every_x = [v for shape in shapes.values() for xs, _ in shape["rings"] for v in xs]
    every_y = [v for shape in shapes.values() for _, ys in shape["rings"] for v in ys]
    x0, x1 = (min(every_x), max(every_x)) if every_x else (0.0, 1.0)
    y0, y1 = (min(every_y), max(every_y)) if every_y else (0.0, 1.0)
    pad = 0.03 * max(x1 - x0, y1 - y0, 1e-9)
    # Pixels per unit, judged from the height (the width follows the page): the click target
    # under each label covers most of a tile, or the middle of a district's shape.
    per_unit = min((height - 190) / max(y1 - y0 + 2 * pad, 1e-9),
                   (MIN_WIDTH - BESIDE_MAP) / max(x1 - x0 + 2 * pad, 1e-9))
    if texts and all(shape.get("tile") for shape in shapes.values()):
        label_size = fit_label_size(texts, (TILE_W - GAP) * per_unit, (TILE_H - GAP) * per_unit, label_size)
    marker = [max(24.0, min(90.0, 0.75 * size * per_unit)) for size in sizes]
    if not all(shape.get("tile") for shape in shapes.values()):
        texts = _declutter(texts, labels_x, labels_y, sizes, per_unit)
    # Names, values and marks; an invisible marker under each label takes the click and the hover.
    fig.add_scatter(x=labels_x, y=labels_y, mode="markers+text", text=texts, textposition="middle center",
                    textfont=dict(size=label_size, color=colours), customdata=custom, hovertext=hovers,
                    hovertemplate="%{hovertext}<extra></extra>", hoverlabel=HOVER, showlegend=False,
                    marker=dict(symbol="square", size=marker, opacity=0),
                    selected=dict(marker=dict(opacity=0)), unselected=dict(marker=dict(opacity=0)))
    # The colour bar: a trace of no points carrying the scale.
    fmt = {"share": "+.0%" if is_change else ".0%"}.get(kind, "+,.0f" if is_change else ",.0f")
    fig.add_scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                    marker=dict(colorscale=scale, cmin=low, cmax=high, color=[low], showscale=True,
                                colorbar=dict(title=dict(text=plotly_literal(legend), side="right",
                                                         font=dict(size=14, color=MUTED)),
                                              tickformat=fmt, thickness=14, len=0.85)))
    fig.update_xaxes(visible=False, showgrid=False, zeroline=False, range=[x0 - pad, x1 + pad])
    fig.update_yaxes(visible=False, showgrid=False, zeroline=False, range=[y0 - pad, y1 + pad],
                     scaleanchor="x", scaleratio=1)
    fig.update_layout(clickmode="event+select", dragmode=False, hovermode="closest", plot_bgcolor="white",
                      margin=dict(l=56, r=10))
    return finish(fig, title, note, lang, height=height, title_width=PHONE_TITLE)


def label_extent(text: str, size: float) -> tuple[float, float]:
    """(width, height) in px of a tile's label (Plotly text: <b>name</b><br>value<br>mark) in `size` px."""
    lines = text.split("<br>")
    plain = [re.sub(r"<[^>]+>", "", line) for line in lines]
    small = [("font-size:0.8em" in line) for line in lines]
    width = max((len(p) * (BOLD_CHAR if "<b>" in line or line.endswith("</b>") else PLAIN_CHAR)
                 * size * (0.8 if s else 1.0) for line, p, s in zip(lines, plain, small)), default=0.0)
    height = sum(LINE * size * (0.8 if s else 1.0) for s in small)
    return width, height


def fit_label_size(texts: list[str], tile_w: float, tile_h: float, largest: float) -> float:
    """The largest type size (at most `largest`, at least LEAST_LABEL) at which every label fits
    92 % of a tile of tile_w × tile_h px."""
    size = float(largest)
    while size > LEAST_LABEL and any(w > 0.92 * tile_w or h > 0.92 * tile_h
                                     for w, h in (label_extent(t_, size) for t_ in texts)):
        size -= 0.5
    return size


def _declutter(texts: list[str], xs: list[float], ys: list[float], sizes: list[float], per_unit: float) -> list[str]:
    """Labels of boundaries that would overlap a label already placed (larger districts first) are
    left out; the district still shows its values on hover and takes a click. Label boxes are
    estimated from their lines (about 7 px a character, 18 px a line)."""
    placed: list[tuple[float, float, float, float]] = []
    out = list(texts)
    for i in sorted(range(len(texts)), key=lambda k: (-round(sizes[k], 4), k)):
        lines = re.sub(r"<(?!br)[^>]+>", "", texts[i]).split("<br>")
        half_w = max(len(line) for line in lines) * 3.6 / per_unit
        half_h = len(lines) * 9.0 / per_unit
        box = (xs[i] - half_w, xs[i] + half_w, ys[i] - half_h, ys[i] + half_h)
        if any(box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in placed):
            out[i] = ""
        else:
            placed.append(box)
    return out


def map_frame(rows: pd.DataFrame, phase, measure: dict, status: pd.DataFrame, lang: str,
              comp: pd.DataFrame | None = None, first=None) -> pd.DataFrame:
    """One row per district for district_map, with its hover text, recognition and target mark.

    `rows`: the map_districts rows of `phase` (a phases query row); in the change view `phase` is
    the last chosen phase, `first` the first, and `comp` the district_comparison query whose
    first, last and change replace the phase's. `status`: the target_status query; a district's
    target shown is its latest one for the measure within the phase.
    """
    kind = measure["kind"]
    fmt = lambda v, sign=False: fmt_value(v, kind, lang, sign=sign)  # noqa: E731
    span = lambda p: f"{int(p['start_year'])}–{int(p['end_year'])}"  # noqa: E731
    out = rows.reset_index(drop=True).copy()
    if comp is not None:
        out = out.drop(columns=["change"]).merge(comp[["district_code", "first", "last", "change"]],
                                                 on="district_code", how="left")
    start, end = int(phase["start_year"]), int(phase["end_year"])
    out["recognised"] = (out["recognised_year"].notna() & (out["recognised_year"] <= end)).astype(bool)
    mine = status[(status["measure"] == measure["id"]) & status["district_code"].notna()
                  & status["target_year"].between(start, end)]
    targets = {r["district_code"]: r for _, r in mine.sort_values("target_year").iterrows()}
    hovers, marks = [], []
    for _, r in out.iterrows():
        lines = [r["district_name"]]
        if comp is not None:
            lines.append(t("map.hover.change", lang, first_phase=span(first), first=fmt(r["first"]),
                           last_phase=span(phase), last=fmt(r["last"]), change=fmt(r["change"], sign=True)))
        else:
            lines.append(t("map.hover.value", lang, phase=f"{span(phase)} ({int(phase['result_year'])})",
                           value=fmt(r["value"])))
        target = targets.get(r["district_code"])
        marks.append(findings.target_mark(target["target"], target["status"], target["measure"], lang)
                     if target is not None else "")
        if target is not None:
            lines.append(findings.target_line(target, lang))
        if r["recognised"]:
            lines.append(t("map.hover.recognised", lang, year=int(r["recognised_year"])))
            if isinstance(r["decision"], str) and r["decision"]:
                lines.append(t("map.hover.decision", lang, decision=r["decision"]))
        if "advanced_year" in r and not pd.isna(r["advanced_year"]) and r["advanced_year"] <= end:
            lines.append(t("map.hover.advanced", lang, year=int(r["advanced_year"])))
        hovers.append("\n".join(lines))
    out["hover"], out["target_mark"] = hovers, marks
    return out

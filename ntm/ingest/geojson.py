"""District boundaries from a GeoJSON file → a table (district_code, geometry as GeoJSON text).

Bounded like every reader here: the file's size, its features and the positions of all its
rings are capped, and the JSON parser refuses what is not plain JSON (NaN, Infinity, numbers
too long to be coordinates, nesting deeper than the parser's recursion limit). A geometry must be a
Polygon or MultiPolygon of closed rings of longitude and latitude; it is stored again as
compact GeoJSON text with coordinates rounded to 6 decimals (about 0,1 m). Problems refuse
the whole file with a message naming the feature, in the reader's language.
"""
from __future__ import annotations

import json

import numpy as np

from .errors import Count, Phrase, Problem, Refused, refuse
from .values import fold

DATASET = "district_boundaries"
MAX_BYTES = 16 << 20          # a province's districts at full resolution are a few MB
MAX_FEATURES = 5_000          # the country has about 700 district-level units
MAX_POSITIONS = 1_000_000     # coordinate pairs over every ring of the file
DIGITS = 6
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# Properties that may hold the district's code, then its name (compared lower-case, without accents).
CODE_KEYS = ("district_code", "ma_huyen", "mahuyen", "ma huyen", "district code", "code")
NAME_KEYS = ("district_name", "ten_huyen", "tenhuyen", "ten huyen", "district name", "name")


def looks_like_json(data: bytes) -> bool:
    """Whether the upload is JSON (its first character other than a byte-order mark or space is "{")."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"{")


class _Constant(ValueError):
    """NaN, Infinity or -Infinity in the file: not JSON numbers."""


def _no_constant(name: str):
    raise _Constant(name)


def parse(data: bytes):
    """The JSON document, or Refused (too big, not UTF-8, not JSON, nested too deep)."""
    if len(data) > MAX_BYTES:
        raise refuse("geojson_too_big", size=f"{len(data) / 1e6:,.1f}", limit=f"{MAX_BYTES / 1e6:,.0f}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise refuse("geojson_bad", error=Phrase("ingest.geojson.error.utf8", {"n": Count(exc.start + 1)})) from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise refuse("geojson_bad", error=Phrase("ingest.geojson.error.syntax",
                                                 {"line": Count(exc.lineno), "column": Count(exc.colno)})) from None
    except _Constant as exc:
        raise refuse("geojson_bad", error=Phrase("ingest.geojson.error.constant", {"value": str(exc)})) from None
    except RecursionError:  # brackets nested about a thousand deep
        raise refuse("geojson_bad", error=Phrase("ingest.geojson.error.deep")) from None
    except ValueError:  # an integer of thousands of digits
        raise refuse("geojson_bad", error=Phrase("ingest.geojson.error.number")) from None


def _ring(ring, budget: list[int]) -> tuple[list, str | None]:
    """A closed ring of [lon, lat] positions, rounded; or the reason it is not one. Checked as one
    numeric array: positions of numbers only (no text, no true/false), finite, within range."""
    if not isinstance(ring, list) or len(ring) < 4:
        return [], "ring"
    budget[0] -= len(ring)
    if budget[0] < 0:
        raise refuse("geojson_too_many_points", max=Count(MAX_POSITIONS))
    try:
        arr = np.array(ring)
    except (ValueError, TypeError):  # positions of different lengths or shapes
        return [], "position"
    if arr.ndim != 2 or arr.shape[1] < 2 or arr.dtype.kind not in "if":
        return [], "position"
    lonlat = arr[:, :2].astype(np.float64)
    if not np.isfinite(lonlat).all():
        return [], "position"
    if (np.abs(lonlat[:, 0]) > 180).any() or (np.abs(lonlat[:, 1]) > 90).any():
        return [], "range"
    out = np.round(lonlat, DIGITS)
    if not (out[0] == out[-1]).all():
        return [], "open"
    return out.tolist(), None


def clean_geometry(geometry, budget: list[int] | None = None) -> tuple[str | None, str | None]:
    """(canonical GeoJSON text, None) of a Polygon or MultiPolygon, or (None, reason key)."""
    budget = budget if budget is not None else [MAX_POSITIONS]
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        return None, "type"
    coords = geometry.get("coordinates")
    polygons = [coords] if geometry["type"] == "Polygon" else coords
    if not isinstance(polygons, list) or not polygons:
        return None, "ring"
    cleaned = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return None, "ring"
        rings = []
        for ring in polygon:
            out, reason = _ring(ring, budget)
            if reason:
                return None, reason
            rings.append(out)
        cleaned.append(rings)
    value = {"type": geometry["type"], "coordinates": cleaned[0] if geometry["type"] == "Polygon" else cleaned}
    return json.dumps(value, separators=(",", ":")), None


def geometry_problem(text: str) -> tuple[str | None, str | None]:
    """For a geometry cell of a CSV or Excel upload: (canonical text, None) or (None, reason key)."""
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None, "json"
    return clean_geometry(value)


def _property(properties: dict, keys: tuple[str, ...]) -> str:
    folded = {fold(str(k)): v for k, v in properties.items()}
    for key in keys:
        value = folded.get(fold(key))
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, (int, str)) and str(value).strip():
            return str(value).strip()
    return ""


def features(doc) -> list[tuple[str, str]]:
    """(district code or name, canonical geometry) of each feature, in file order; Refused naming
    the first feature that is not a district's boundary."""
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        items = [doc]
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection" and isinstance(doc.get("features"), list):
        items = doc["features"]
    else:
        raise refuse("geojson_not_features")
    if not items:
        raise refuse("empty")
    if len(items) > MAX_FEATURES:
        raise refuse("geojson_too_many_features", n=Count(len(items)), max=Count(MAX_FEATURES))
    budget = [MAX_POSITIONS]
    rows = []
    for n, feature in enumerate(items, 1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise refuse("geojson_feature", n=Count(n), reason=_reason("feature"), district="–")
        properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        code = _property(properties, CODE_KEYS) or _property(properties, NAME_KEYS)
        if not code:
            raise refuse("geojson_no_code", n=Count(n), keys="district_code, ma_huyen, district_name")
        geometry, reason = clean_geometry(feature.get("geometry"), budget)
        items[n - 1] = None  # the parsed feature is no longer needed: its memory goes back as we read
        if reason:
            raise refuse("geojson_feature", n=Count(n), reason=_reason(reason), district=code[:60], value=code[:60])
        rows.append((code[:200], geometry))
    return rows


def _reason(key: str) -> Phrase:
    return Phrase(f"ingest.geojson.reason.{key}")


def problem_for(reason: str, row: int, value: str) -> Problem:
    """A row problem for a geometry cell of a CSV or Excel upload."""
    return Problem("geojson_cell", row=row, column="geometry", value=value[:60],
                   params={"reason": _reason(reason)})


__all__ = ["MAX_BYTES", "MAX_FEATURES", "MAX_POSITIONS", "Refused", "clean_geometry", "features",
           "geometry_problem", "looks_like_json", "parse", "problem_for"]

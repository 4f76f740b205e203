"""RFC 7946 GeoJSON: writing feature collections and reading geomap event files.

RFC 7946 means WGS84 lon/lat, no ``crs`` member, at most 7 decimals, and
polygon exterior rings counter-clockwise (holes clockwise).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geomap.types import Event

COORDINATE_DECIMALS = 7


def orient_rfc7946(geometry: BaseGeometry) -> BaseGeometry:
    """Return ``geometry`` with polygon exteriors counter-clockwise and holes clockwise."""
    kind = geometry.geom_type
    if kind == "Polygon":
        return orient(geometry, sign=1.0)
    if kind == "MultiPolygon":
        return type(geometry)([orient(part, sign=1.0) for part in geometry.geoms])
    if kind == "GeometryCollection":
        return type(geometry)([orient_rfc7946(part) for part in geometry.geoms])
    return geometry


def _round_coordinates(value: Any, decimals: int) -> Any:
    if isinstance(value, float):
        return round(value, decimals)
    if isinstance(value, (list, tuple)):
        return [_round_coordinates(item, decimals) for item in value]
    return value


def geometry_to_geojson(geometry: BaseGeometry, *, decimals: int = COORDINATE_DECIMALS) -> dict[str, Any]:
    """Return an RFC 7946 geometry object (oriented, rounded) for a shapely geometry."""
    as_dict = mapping(orient_rfc7946(geometry))
    return _round_coordinates_in_geometry(as_dict, decimals)


def _round_coordinates_in_geometry(geometry: dict[str, Any], decimals: int) -> dict[str, Any]:
    if geometry.get("type") == "GeometryCollection":
        parts = [_round_coordinates_in_geometry(part, decimals) for part in geometry["geometries"]]
        return {"type": "GeometryCollection", "geometries": parts}
    return {"type": geometry["type"], "coordinates": _round_coordinates(geometry["coordinates"], decimals)}


def feature_collection(features: Iterable[dict[str, Any]], **members: Any) -> dict[str, Any]:
    """Return a FeatureCollection dict; extra foreign members (e.g. ``problems``) are kept."""
    return {"type": "FeatureCollection", "features": list(features), **members}


def dump_feature_collection(collection: dict[str, Any], stream: IO[str]) -> None:
    """Write a collection deterministically: sorted keys, UTF-8, one trailing newline."""
    json.dump(collection, stream, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    stream.write("\n")


def events_to_collection(events: Iterable[Event], **members: Any) -> dict[str, Any]:
    """Return a FeatureCollection of event Points, sorted by (date, id) for stable output."""
    ordered = sorted(events, key=lambda event: (event.event_date or "", event.event_id))
    return feature_collection((event.to_feature() for event in ordered), **members)


def is_event_collection(data: Any) -> bool:
    """Tell whether parsed JSON is a FeatureCollection of geomap events."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return False
    features = data.get("features") or []
    return all("event_type" in (feature.get("properties") or {}) for feature in features)


def read_event_collection(path: str | Path) -> list[Event]:
    """Read the events of a GeoJSON file written by ``geomap extract``."""
    with open(path, encoding="utf-8") as stream:
        data = json.load(stream)
    if not is_event_collection(data):
        raise ValueError(
            f"expected a GeoJSON FeatureCollection of geomap events in {str(path)!r}, "
            f"got {type(data).__name__}; write one with `geomap extract ... -o events.geojson`"
        )
    return [Event.from_feature(feature) for feature in data["features"]]


def read_geometry(geometry: dict[str, Any]) -> BaseGeometry:
    """Return the shapely geometry of a GeoJSON geometry object."""
    return shape(geometry)

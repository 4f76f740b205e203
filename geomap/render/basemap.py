"""The offline basemap: simplified Natural Earth and OCHA layers shipped as package data.

The map never needs tiles.  ``build_basemap()`` turns the source files under
``gazetteer/sources/`` into one small GeoJSON FeatureCollection
(``geomap/data/basemap.geojson``, a few hundred KB) whose features carry a
``layer`` property:

``country``  Natural Earth 1:50m admin-0 polygons (borders; ``name``, ``iso``)
``coast``    the coastline: the outline of the union of all countries
``admin1``   admin-1 boundaries (OCHA COD: Syria governorates, Sudan states)
``label``    one point per country for its name label
``city``     Natural Earth populated places (capitals and large cities; ``name``, ``rank``)

Run ``python -m geomap.render.basemap`` to rebuild the package file.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE_FILE = Path(__file__).resolve().parent.parent / "data" / "basemap.geojson"
REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCES = REPO_ROOT / "gazetteer" / "sources"


def _source(name: str) -> Path:
    """The Natural Earth file ``name`` in gazetteer/sources/natural-earth/."""
    candidates = [SOURCES / "natural-earth" / name]
    return next((path for path in candidates if path.exists()), candidates[0])


COUNTRIES_FILE = _source("ne_50m_admin_0_countries.geojson.gz")
PLACES_FILE = _source("ne_10m_populated_places.geojson.gz")
ADMIN1_FILES = (SOURCES / "ocha-cod" / "syr_adm1.geojson.gz", SOURCES / "ocha-cod" / "sdn_adm1.geojson.gz")

ATTRIBUTION = (
    'Basemap: <a href="https://www.naturalearthdata.com/">Natural Earth</a> (public domain); '
    "admin-1: OCHA COD (CC BY-IGO)"
)

SIMPLIFY_DEGREES = 0.05
ADMIN1_SIMPLIFY_DEGREES = 0.03
DECIMALS = 2  # about 1 km
MIN_ISLAND_DEGREES2 = 0.02  # drop islets smaller than this (square degrees)
MAX_CITY_RANK = 3  # Natural Earth SCALERANK: 0 (world cities) .. 10 (small towns)


def _read_gz_json(path: Path) -> dict[str, Any]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return json.load(stream)


def _rounded(geometry) -> dict[str, Any]:
    from geomap.geojson import geometry_to_geojson

    return geometry_to_geojson(geometry, decimals=DECIMALS)


def _drop_islets(geometry):
    from shapely.geometry import MultiPolygon

    if geometry.geom_type not in ("MultiPolygon", "GeometryCollection"):
        return geometry
    parts = [part for part in geometry.geoms if part.geom_type == "Polygon"]
    kept = [part for part in parts if part.area >= MIN_ISLAND_DEGREES2] or sorted(parts, key=lambda p: -p.area)[:1]
    return MultiPolygon(kept)


def _country_features() -> tuple[list[dict[str, Any]], list[Any]]:
    from shapely.geometry import shape
    from shapely.validation import make_valid

    features, shapes = [], []
    for feature in _read_gz_json(COUNTRIES_FILE)["features"]:
        props = feature["properties"]
        geometry = make_valid(shape(feature["geometry"]))
        simple = _drop_islets(geometry).simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        if simple.is_empty:
            continue
        shapes.append(simple)
        name = props.get("NAME") or props.get("ADMIN") or ""
        iso = props.get("ISO_A2") or ""
        features.append({"type": "Feature", "geometry": _rounded(simple),
                         "properties": {"layer": "country", "name": name, "iso": iso}})
        label = props.get("LABEL_X"), props.get("LABEL_Y")
        if None in label:
            point = geometry.representative_point()
            label = point.x, point.y
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [round(label[0], DECIMALS), round(label[1], DECIMALS)]},
                         "properties": {"layer": "label", "name": name, "rank": int(props.get("LABELRANK") or 5)}})
    return features, shapes


def _coast_feature(shapes: list[Any]) -> dict[str, Any]:
    from shapely.ops import unary_union

    land = unary_union([item.buffer(0) for item in shapes])
    coast = land.boundary.simplify(SIMPLIFY_DEGREES)
    return {"type": "Feature", "geometry": _rounded(coast), "properties": {"layer": "coast"}}


def _admin1_features() -> list[dict[str, Any]]:
    from shapely.geometry import shape
    from shapely.ops import linemerge, unary_union

    features = []
    for path in ADMIN1_FILES:
        if not path.exists():
            continue
        polygons = [shape(feature["geometry"]).buffer(0) for feature in _read_gz_json(path)["features"]]
        # Internal boundaries only: the noded, merged outlines minus the country outline, then simplified.
        outline = unary_union(polygons).boundary
        lines = linemerge(unary_union([polygon.boundary for polygon in polygons]))
        lines = lines.difference(outline.buffer(0.01)).simplify(ADMIN1_SIMPLIFY_DEGREES)
        if not lines.is_empty:
            features.append({"type": "Feature", "geometry": _rounded(lines),
                             "properties": {"layer": "admin1", "source": path.name.split("_")[0].upper()}})
    return features


def _city_features() -> list[dict[str, Any]]:
    features = []
    for feature in _read_gz_json(PLACES_FILE)["features"]:
        props = feature["properties"]
        rank = int(props.get("SCALERANK") or 10)
        capital = (props.get("FEATURECLA") or "").startswith("Admin-0 capital")
        if rank > MAX_CITY_RANK and not capital:
            continue
        lon, lat = props.get("LONGITUDE"), props.get("LATITUDE")
        features.append({"type": "Feature",
                         "geometry": {"type": "Point", "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)]},
                         "properties": {"layer": "city", "name": props.get("NAME") or "", "rank": rank,
                                        **({"capital": True} if capital else {})}})
    features.sort(key=lambda item: (item["properties"]["rank"], item["properties"]["name"]))
    return features


def build_basemap() -> dict[str, Any]:
    """Build the simplified basemap FeatureCollection from the bundled source files."""
    missing = [str(path) for path in (COUNTRIES_FILE, PLACES_FILE) if not path.exists()]
    if missing:
        raise FileNotFoundError(
            f"expected Natural Earth source files for the basemap, missing: {', '.join(missing)}; "
            "restore gazetteer/sources/natural-earth/ from the repository"
        )
    countries, shapes = _country_features()
    features = countries + [_coast_feature(shapes)] + _admin1_features() + _city_features()
    return {"type": "FeatureCollection", "features": features}


def write_basemap(path: Path = PACKAGE_FILE) -> Path:
    """Rebuild the basemap and write it (compact, deterministic JSON)."""
    collection = build_basemap()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                    encoding="utf-8")
    return path


@lru_cache(maxsize=1)
def basemap_json() -> str:
    """Return the basemap GeoJSON text (package file, or built from sources when absent)."""
    if PACKAGE_FILE.exists():
        return PACKAGE_FILE.read_text(encoding="utf-8").strip()
    collection = build_basemap()
    return json.dumps(collection, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    written = write_basemap()
    print(f"wrote {written} ({written.stat().st_size / 1024:.0f} KB)")

"""Control zones: Voronoi cells of held places, clipped to country and reach, dissolved per side.

Every step is a vectorised shapely 2 / numpy operation over all places of a
country at once; Python only loops over countries and sides.

Geometry is computed in spherical Web Mercator metres.  Mercator is conformal,
so the perpendicular bisectors of nearby places (the Voronoi edges that matter
within a few tens of km) are right at every latitude.  The reach around each
place is a true circle on the sphere: its vertices are computed with the
great-circle destination formula and then projected, so a 15 km reach is
15 km on the ground at Aleppo and at Kharkiv alike (not 15 Mercator km).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.borders import Borders, load_borders
from geomap.geojson import orient_rfc7946

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG), metres
MAX_LATITUDE = 85.0  # Web Mercator is cut here
CIRCLE_SEGMENTS = 32  # vertices of each reach circle
DEFAULT_REACH_KM = 15.0
UNKNOWN_SIDES = frozenset({"", "unknown"})
OUTPUT_GRID = 1e-7  # degrees: RFC 7946 output keeps 7 decimals


@dataclass(frozen=True, slots=True)
class Zone:
    """The dissolved area held by one side (lon/lat, valid, RFC 7946 winding)."""

    side: str
    geometry: BaseGeometry
    places: int  # how many places' cells it is made of


def to_mercator(lons: np.ndarray, lats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Project lon/lat degrees to spherical Web Mercator metres."""
    lat = np.radians(np.clip(lats, -MAX_LATITUDE, MAX_LATITUDE))
    x = EARTH_RADIUS_M * np.radians(lons)
    y = EARTH_RADIUS_M * np.log(np.tan(np.pi / 4 + lat / 2))
    return x, y


def from_mercator(xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Invert :func:`to_mercator`."""
    lons = np.degrees(xs / EARTH_RADIUS_M)
    lats = np.degrees(2 * np.arctan(np.exp(ys / EARTH_RADIUS_M)) - np.pi / 2)
    return lons, lats


def _mercator_coords(coords: np.ndarray) -> np.ndarray:
    x, y = to_mercator(coords[:, 0], coords[:, 1])
    return np.column_stack([x, y])


def _lonlat_coords(coords: np.ndarray) -> np.ndarray:
    lon, lat = from_mercator(coords[:, 0], coords[:, 1])
    return np.column_stack([lon, lat])


def reach_circles(lons: np.ndarray, lats: np.ndarray, radius_km: float) -> np.ndarray:
    """Return, in Mercator metres, the polygon of points within ``radius_km`` of each place.

    Vertices lie exactly ``radius_km`` away along great circles (spherical Earth).
    """
    delta = radius_km * 1000.0 / EARTH_RADIUS_M
    bearings = np.linspace(0.0, 2 * np.pi, CIRCLE_SEGMENTS, endpoint=False)[::-1]  # CCW
    lat1 = np.radians(lats)[:, None]
    lon1 = np.radians(lons)[:, None]
    sin_lat2 = np.sin(lat1) * np.cos(delta) + np.cos(lat1) * np.sin(delta) * np.cos(bearings)
    lat2 = np.arcsin(np.clip(sin_lat2, -1.0, 1.0))
    lon2 = lon1 + np.arctan2(np.sin(bearings) * np.sin(delta) * np.cos(lat1), np.cos(delta) - np.sin(lat1) * sin_lat2)
    x, y = to_mercator(np.degrees(lon2), np.degrees(lat2))
    ring = np.stack([x, y], axis=-1)
    ring = np.concatenate([ring, ring[:, :1, :]], axis=1)  # close the rings
    return shapely.polygons(ring)


def _voronoi_cells(xs: np.ndarray, ys: np.ndarray, frame: BaseGeometry) -> np.ndarray:
    """Return the Voronoi cell of each (distinct) point, in input order, covering ``frame``."""
    if len(xs) == 1:
        return np.array([frame], dtype=object)
    points = shapely.multipoints(np.column_stack([xs, ys]))
    cells = shapely.get_parts(shapely.voronoi_polygons(points, extend_to=frame, ordered=True))
    if len(cells) != len(xs):  # collinear or degenerate input: fall back to a spatial match
        tree = shapely.STRtree(cells)
        point_idx, cell_idx = tree.query(shapely.points(xs, ys), predicate="intersects")
        first = np.unique(point_idx, return_index=True)[1]
        matched = np.empty(len(xs), dtype=object)
        matched[:] = frame
        matched[point_idx[first]] = cells[cell_idx[first]]
        return matched
    return cells


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the (valid) polygonal parts of ``geometry``."""
    if geometry is None or geometry.is_empty:
        return shapely.MultiPolygon()
    if not geometry.is_valid:
        # "structure" rebuilds polygons from their rings: right for area geometry, and fast
        geometry = shapely.make_valid(geometry, method="structure", keep_collapsed=False)
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = shapely.get_parts(geometry)
    parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
    if len(parts) == 0:
        return shapely.MultiPolygon()
    merged = shapely.union_all(parts) if len(parts) > 1 else parts[0]
    return merged


def _country_zones(
    xs: np.ndarray,
    ys: np.ndarray,
    circles: np.ndarray,
    sides: np.ndarray,
    country: BaseGeometry | None,
) -> dict[str, tuple[BaseGeometry, int]]:
    """Zones per side for the places of one country (Mercator)."""
    coords = np.column_stack([xs, ys])
    unique, first, inverse = np.unique(coords, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    # Places sharing one point: the side their known holders agree on, else contested.
    known = ~np.isin(sides, list(UNKNOWN_SIDES))
    order = np.lexsort((~known, inverse))  # per point, places with a known side first
    representative = order[np.unique(inverse[order], return_index=True)[1]]
    unique_sides = sides[representative].copy()
    disagree = np.zeros(len(unique), dtype=bool)
    np.logical_or.at(disagree, inverse, known & (sides != unique_sides[inverse]))
    unique_sides[disagree] = "contested"
    frame = shapely.box(*shapely.total_bounds(circles[first])).buffer(1000.0, join_style="mitre")
    cells = _voronoi_cells(unique[:, 0], unique[:, 1], frame)
    reach = circles[first]
    # Where places are dense a cell lies wholly within its place's reach: the cell itself is
    # the piece, and whole Voronoi cells dissolve with the fast exact coverage union.
    whole = shapely.covers(reach, cells)
    pieces = cells.copy()
    pieces[~whole] = shapely.intersection(cells[~whole], reach[~whole])
    zones: dict[str, tuple[BaseGeometry, int]] = {}
    for side in sorted(set(unique_sides.tolist()) - UNKNOWN_SIDES):
        mask = unique_sides == side
        parts = list(pieces[mask & ~whole])
        if np.any(mask & whole):
            parts.append(shapely.coverage_union_all(cells[mask & whole]))
        area = shapely.union_all(parts) if len(parts) > 1 else parts[0]
        if country is not None:
            area = shapely.intersection(area, country)
        zones[side] = (_polygonal(area), int(np.count_nonzero(mask[inverse])))
    return zones


def build_zones(
    lons: Sequence[float] | np.ndarray,
    lats: Sequence[float] | np.ndarray,
    sides: Sequence[str | None] | np.ndarray,
    *,
    max_reach_km: float = DEFAULT_REACH_KM,
    country_codes: Sequence[str | None] | np.ndarray | None = None,
    borders: Borders | None = None,
) -> list[Zone]:
    """Return one zone per side from places and the side holding each.

    A place's cell is its Voronoi cell among the places of its country,
    clipped to that country's polygon and to ``max_reach_km`` around it.
    The country is the place's ISO-2 code in ``country_codes`` when given and
    known (a border town stays in its country even where the generalised
    border runs past it), else the polygon containing the place.
    Places whose side is None/""/"unknown" take part in the Voronoi
    partition (they bound their neighbours' cells) but are not painted.
    Places in no known country are clipped to their reach only.
    Zones come sorted by side, valid, in lon/lat with RFC 7946 winding.
    """
    if max_reach_km <= 0:
        raise ValueError(f"expected a positive max reach in km, got {max_reach_km!r}")
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    side_array = np.array(["" if side is None else str(side) for side in sides], dtype=object)
    if not (len(lons) == len(lats) == len(side_array)):
        raise ValueError(
            f"expected as many sides as coordinates, got {len(lons)} lons, {len(lats)} lats, {len(side_array)} sides"
        )
    if country_codes is None:
        codes = np.full(len(lons), "", dtype=object)
    else:
        codes = np.array([str(code or "").upper() for code in country_codes], dtype=object)
    if len(codes) != len(lons):
        raise ValueError(f"expected as many country codes as coordinates, got {len(codes)} for {len(lons)} places")
    keep = np.isfinite(lons) & np.isfinite(lats)
    lons, lats, side_array, codes = lons[keep], lats[keep], side_array[keep], codes[keep]
    if len(lons) == 0 or np.all(np.isin(side_array, list(UNKNOWN_SIDES))):
        return []
    borders = borders if borders is not None else load_borders()
    country_of = _countries(borders, lons, lats, codes)
    xs, ys = to_mercator(lons, lats)
    circles = reach_circles(lons, lats, max_reach_km)

    by_side: dict[str, list[BaseGeometry]] = {}
    counts: dict[str, int] = {}
    for country_index in np.unique(country_of):
        mask = country_of == country_index
        country = None if country_index < 0 else _mercator_country(borders, int(country_index))
        zones = _country_zones(xs[mask], ys[mask], circles[mask], side_array[mask], country)
        for side, (area, count) in zones.items():
            by_side.setdefault(side, []).append(area)
            counts[side] = counts.get(side, 0) + count

    result = []
    for side in sorted(by_side):
        merged = shapely.union_all(by_side[side]) if len(by_side[side]) > 1 else by_side[side][0]
        geometry = _finish(merged)
        if not geometry.is_empty:
            result.append(Zone(side=side, geometry=geometry, places=counts[side]))
    return result


def _countries(borders: Borders, lons: np.ndarray, lats: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Index of each place's country polygon: by ISO-2 code when known, else by location."""
    index_of = {code: i for i, code in reversed(list(enumerate(borders.codes.tolist())))}
    distinct, inverse = np.unique(codes.astype(str), return_inverse=True)
    by_code = np.array([index_of.get(code, -1) for code in distinct], dtype=np.int64)[inverse.reshape(-1)]
    unknown = by_code < 0
    if unknown.any():
        by_code[unknown] = borders.locate(lons[unknown], lats[unknown])
    return by_code


_MERCATOR_COUNTRIES: dict[tuple[int, int], BaseGeometry] = {}


def _mercator_country(borders: Borders, index: int) -> BaseGeometry:
    key = (id(borders), index)
    if key not in _MERCATOR_COUNTRIES:
        _MERCATOR_COUNTRIES[key] = shapely.transform(borders.geometries[index], _mercator_coords)
    return _MERCATOR_COUNTRIES[key]


def _finish(geometry: BaseGeometry) -> BaseGeometry:
    """Mercator -> lon/lat on the 1e-7 degree output grid, valid, polygonal, RFC 7946 winding."""
    lonlat = _polygonal(shapely.transform(geometry, _lonlat_coords))
    try:
        snapped = shapely.set_precision(lonlat, OUTPUT_GRID)
    except shapely.errors.GEOSException:  # snapping failed on a degenerate ring: keep full precision
        snapped = lonlat
    return orient_rfc7946(_polygonal(snapped))

"""Country polygons (Natural Earth 1:50m admin-0), loaded once per process.

The file ships in ``gazetteer/sources/natural-earth/``; ``GEOMAP_BORDERS`` may
point to another GeoJSON (optionally gzip-compressed) with the same fields.
Used by :mod:`geomap.zones` to clip control zones to the country of each place.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geomap.errors import GeomapError

BORDERS_FILE = "ne_50m_admin_0_countries.geojson.gz"
_SOURCE_DIR = Path(__file__).resolve().parents[1] / "gazetteer" / "sources" / "natural-earth"

# Natural Earth leaves ISO_A2 as "-99" for a few countries; these are their ISO codes.
_ISO_FALLBACK = {"FRA": "FR", "NOR": "NO", "KOS": "XK", "CYN": "CY", "SOL": "SO"}

# Places this close (degrees, ~20 km) outside a generalised coastline still belong to the country.
NEAREST_COUNTRY_DEGREES = 0.2


class BordersNotFound(GeomapError, FileNotFoundError):
    """Raised when the country polygon file is missing."""


@dataclass(frozen=True)
class Borders:
    """Country polygons with their ISO-2 codes and an STRtree over them."""

    codes: np.ndarray  # ISO-2 codes, object array
    names: np.ndarray  # English short names, object array
    geometries: np.ndarray  # shapely (Multi)Polygons in lon/lat
    tree: shapely.STRtree

    def locate(self, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
        """Return, per point, the index of the country containing it (-1 if none).

        Points in the sea just off a generalised coastline get the nearest
        country within :data:`NEAREST_COUNTRY_DEGREES`.
        """
        lons = np.asarray(lons, dtype=float)
        lats = np.asarray(lats, dtype=float)
        points = shapely.points(lons, lats)
        result = np.full(len(points), -1, dtype=np.int64)
        if len(points) == 0:
            return result
        # Bounding-box candidates from the tree, then exact tests against each prepared polygon.
        point_index, country_index = self.tree.query(points)
        order = np.lexsort((point_index, country_index))
        point_index, country_index = point_index[order], country_index[order]
        inside = np.zeros(len(point_index), dtype=bool)
        starts = np.flatnonzero(np.r_[True, country_index[1:] != country_index[:-1]]) if len(order) else []
        bounds = list(starts) + [len(point_index)]
        for start, end in itertools.pairwise(bounds):
            candidates = point_index[start:end]
            inside[start:end] = shapely.contains_xy(
                self.geometries[country_index[start]], lons[candidates], lats[candidates]
            )
        point_index, country_index = point_index[inside], country_index[inside]
        # A point on a shared border may fall in two countries: keep the lowest index.
        order = np.lexsort((country_index, point_index))
        point_index, country_index = point_index[order], country_index[order]
        first = np.unique(point_index, return_index=True)[1]
        result[point_index[first]] = country_index[first]
        missing = np.flatnonzero(result < 0)
        if len(missing):
            near_points, near_countries = self.tree.query_nearest(
                points[missing], max_distance=NEAREST_COUNTRY_DEGREES, all_matches=False
            )
            result[missing[near_points]] = near_countries
        return result

    def country(self, code: str) -> BaseGeometry | None:
        """Return the polygon of the country with ISO-2 ``code`` (or None)."""
        matches = np.flatnonzero(self.codes == code.upper())
        return self.geometries[matches[0]] if len(matches) else None


def borders_path() -> Path:
    """Return the path of the country polygon file (``GEOMAP_BORDERS`` overrides it)."""
    override = os.environ.get("GEOMAP_BORDERS")
    return Path(override) if override else _SOURCE_DIR / BORDERS_FILE


@lru_cache(maxsize=4)
def _load(path: str) -> Borders:
    import geopandas  # heavy: imported on first use only

    if not Path(path).is_file():
        raise BordersNotFound(
            f"expected the Natural Earth country polygons at {path!r}, found no file; "
            f"copy {BORDERS_FILE} there or set GEOMAP_BORDERS to a country GeoJSON"
        )
    source = f"/vsigzip/{path}" if path.endswith(".gz") else path
    frame = geopandas.read_file(source)
    codes = []
    for iso, a3 in zip(frame["ISO_A2"], frame.get("ADM0_A3", frame["ISO_A2"]), strict=True):
        codes.append(_ISO_FALLBACK.get(a3, iso) if iso in (None, "-99") else iso)
    geometries = shapely.make_valid(np.asarray(frame.geometry.values, dtype=object))
    shapely.prepare(geometries)  # fast point-in-polygon tests in Borders.locate
    names = frame["NAME"].to_numpy(dtype=object) if "NAME" in frame else np.asarray(codes, dtype=object)
    return Borders(
        codes=np.asarray(codes, dtype=object),
        names=names,
        geometries=geometries,
        tree=shapely.STRtree(geometries),
    )


def load_borders(path: str | Path | None = None) -> Borders:
    """Return the country polygons (cached per path for the life of the process)."""
    return _load(str(Path(path) if path is not None else borders_path()))

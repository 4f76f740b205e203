"""Control zones: Voronoi cells clipped to the country and to a true reach in km."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point

from geomap.borders import load_borders
from geomap.geojson import geometry_to_geojson
from geomap.zones import build_zones, from_mercator, to_mercator

GEOD = Geod(ellps="WGS84")


def km_between(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


def area_km2(geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def test_mercator_round_trip():
    lons = np.array([-179.0, 0.0, 37.1, 120.5])
    lats = np.array([-60.0, 0.0, 36.2, 70.0])
    back = from_mercator(*to_mercator(lons, lats))
    assert np.allclose(back[0], lons) and np.allclose(back[1], lats)


@pytest.mark.parametrize(("lon", "lat"), [(30.0, 15.0), (38.5, 36.2), (60.0, 60.0), (100.0, 70.0)])
def test_reach_is_true_kilometres_at_every_latitude(lon, lat):
    # One lone place inside a big country (Sudan, Syria, Russia twice).
    (zone,) = build_zones([lon], [lat], ["A"], max_reach_km=15.0)
    expected = math.pi * 15.0**2 * (32 / (2 * math.pi)) * math.sin(2 * math.pi / 32)  # inscribed 32-gon
    assert area_km2(zone.geometry) == pytest.approx(expected, rel=0.01)
    vertices = shapely.get_coordinates(zone.geometry)
    distances = [km_between(lon, lat, x, y) for x, y in vertices]
    assert min(distances) > 14.9 and max(distances) < 15.1


def test_zones_are_voronoi_cells_dissolved_per_side_and_disjoint():
    # Four Syrian towns, 10-30 km apart, two sides.
    lons = [37.1343, 37.0964, 37.3500, 36.9000]
    lats = [36.2021, 36.4703, 36.0500, 36.2000]
    sides = ["opposition", "opposition", "government", "government"]
    zones = build_zones(lons, lats, sides)
    assert [zone.side for zone in zones] == ["government", "opposition"]
    assert [zone.places for zone in zones] == [2, 2]
    government, opposition = (zone.geometry for zone in zones)
    assert government.is_valid and opposition.is_valid
    # disjoint up to the 1e-7 degree output grid
    assert government.intersection(opposition).area < 1e-6 * (government.area + opposition.area)
    for lon, lat, side in zip(lons, lats, sides, strict=True):
        own = government if side == "government" else opposition
        assert own.contains(Point(lon, lat))
    # every painted point is within the reach of some place
    for zone in zones:
        for x, y in shapely.get_coordinates(zone.geometry):
            assert min(km_between(x, y, lon, lat) for lon, lat in zip(lons, lats, strict=True)) <= 15.05


def test_zones_stay_inside_the_country_polygon():
    # Tel Abyad sits on the Turkish border: its reach crosses it, its zone must not.
    (zone,) = build_zones([38.955], [36.697], ["SDF"], country_codes=["SY"])
    syria = load_borders().country("SY")
    assert zone.geometry.within(syria.buffer(1e-6))
    assert area_km2(zone.geometry) < 0.75 * math.pi * 15.0**2


def test_unknown_holders_bound_their_neighbours_but_are_not_painted():
    lons, lats = [37.10, 37.20], [36.20, 36.20]  # about 9 km apart
    (zone,) = build_zones(lons, lats, ["opposition", "unknown"])
    assert zone.side == "opposition"
    assert not zone.geometry.contains(Point(37.19, 36.20))
    assert zone.geometry.contains(Point(37.11, 36.20))


def test_places_sharing_a_point_with_different_holders_are_contested():
    zones = build_zones([37.1, 37.1, 37.5], [36.2, 36.2, 36.0], ["opposition", "government", "government"])
    assert [zone.side for zone in zones] == ["contested", "government"]
    assert zones[0].geometry.contains(Point(37.1, 36.2))
    # an unknown holder at the same point as a known one does not make it contested
    zones = build_zones([37.1, 37.1], [36.2, 36.2], ["unknown", "government"])
    assert [zone.side for zone in zones] == ["government"]


def test_collinear_places_and_places_at_sea_still_get_zones():
    collinear = build_zones([37.0, 37.1, 37.2, 37.3], [36.0, 36.0, 36.0, 36.0], ["a", "b", "a", "b"])
    assert [zone.side for zone in collinear] == ["a", "b"]
    assert all(zone.geometry.is_valid for zone in collinear)
    (at_sea,) = build_zones([-30.0], [0.0], ["navy"])  # mid-Atlantic: reach only
    assert area_km2(at_sea.geometry) == pytest.approx(math.pi * 15.0**2, rel=0.02)


def test_output_geometry_is_rfc7946_and_deterministic():
    rng = np.random.default_rng(3)
    lons = rng.uniform(36.5, 38.5, 300)
    lats = rng.uniform(35.0, 36.5, 300)
    sides = np.where(lons > 37.5, "government", "opposition")
    first = build_zones(lons, lats, sides)
    again = build_zones(lons[::-1], lats[::-1], sides[::-1])
    assert [shapely.to_wkb(z.geometry) for z in first] == [shapely.to_wkb(z.geometry) for z in again]
    for zone in first:
        geojson = geometry_to_geojson(zone.geometry)
        polygons = geojson["coordinates"] if geojson["type"] == "MultiPolygon" else [geojson["coordinates"]]
        for rings in polygons:
            assert shapely.LinearRing(rings[0]).is_ccw
            assert all(not shapely.LinearRing(hole).is_ccw for hole in rings[1:])
        assert shapely.geometry.shape(geojson).is_valid


def test_bad_arguments_are_rejected():
    with pytest.raises(ValueError, match="positive max reach"):
        build_zones([37.0], [36.0], ["a"], max_reach_km=0)
    with pytest.raises(ValueError, match="as many sides as coordinates"):
        build_zones([37.0, 37.1], [36.0, 36.1], ["a"])
    assert build_zones([], [], []) == []
    assert build_zones([37.0], [36.0], ["unknown"]) == []

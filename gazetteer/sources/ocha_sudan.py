"""Adapter: UN OCHA Sudan admin centres (19 states, 189 localities; English + Arabic).

The points are OCHA's COD-AB label points of each unit (``ocha-cod/sdn_admin_centres.csv.gz``).
States become ADM1 rows and localities ADM2 rows, named as OCHA spells them
("Um Badda", "Karary") plus romanized forms of the Arabic names.  A unit that
GeoNames already has (same country, same variant key) is kept but flagged
``duplicate``, so the GeoNames record stays first among equals.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from _common import ALT, HERE, NAME, ROMANIZED, place, read_gz_csv
from geonames_places import load_geonames

from geomap.names import fold, variant_key
from geomap.romanize import romanize_arabic

SOURCE = "ocha-sudan"
FILE = HERE / "ocha-cod" / "sdn_admin_centres.csv.gz"
# OCHA state names -> GeoNames admin-1 names (the names geomap reports as Place.admin1)
ADMIN1 = {
    "Aj Jazirah": "Al Jazirah", "Gedaref": "Al Qadarif", "North Darfur": "Northern Darfur",
    "South Darfur": "Southern Darfur", "West Darfur": "Western Darfur", "East Darfur": "Eastern Darfur",
    "South Kordofan": "Southern Kordofan", "Northern": "Northern State",
}


def _geonames_units() -> tuple[dict[str, str], set[str]]:
    """Variant keys of GeoNames' Sudan admin-1 units (-> geonames id) and admin-2 units."""
    data = load_geonames()
    adm1 = {variant_key(ascii_name): f"geonames:{gid}"
            for code, (_name, ascii_name, gid) in data["admin1"].items() if code.startswith("SD.")}
    adm2 = {variant_key(ascii_name) for code, (_name, ascii_name, _gid) in data["admin2"].items()
            if code.startswith("SD.")}
    return adm1, adm2


def _names(name_en: str, name_ar: str) -> list[tuple[str, int]]:
    names: list[tuple[str, int]] = [(name_en, NAME)]
    if name_ar:
        names.append((name_ar, ALT))
        names += [(romanized, ROMANIZED) for romanized in romanize_arabic(name_ar)]
    return names


def rows(limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield state (ADM1) and locality (ADM2) centres."""
    adm1, adm2 = _geonames_units()
    for i, row in enumerate(read_gz_csv(FILE)):
        if limit is not None and i >= limit:
            break
        state = ADMIN1.get(row["admin1_name_en"], row["admin1_name_en"])
        is_state = row["feature_type"] == "admin1_centre"
        key = variant_key(fold(state if is_state else row["name_en"]))
        same_as = adm1.get(key) if is_state else None
        duplicate = same_as is not None if is_state else key in adm2
        yield place(
            f"ocha:{row['pcode']}", row["name_en"], float(row["lat"]), float(row["lon"]),
            feature_class="A", feature_code="ADM1" if is_state else "ADM2", country_code="SD",
            admin1=state, admin2="" if is_state else row["name_en"], source=SOURCE,
            names=_names(row["name_en"], row["name_ar"]), duplicate=duplicate,
            extra={"pcode": row["pcode"], "name_ar": row["name_ar"], "same_as": same_as,
                   "valid_on": row["valid_on"]},
        )


def manifest() -> dict[str, Any]:
    """Describe this source for the build manifest."""
    return {
        "name": SOURCE,
        "what": "UN OCHA Sudan COD-AB admin centres: 19 states + 189 localities (English, Arabic)",
        "files": ["ocha-cod/sdn_admin_centres.csv.gz"],
        "version": "HDX cod-ab-sdn v03 (valid on 2020-08-31), see ocha-cod/README-sdn.md",
        "licence": "CC BY-IGO (OCHA Sudan / Central Bureau of Statistics)",
    }

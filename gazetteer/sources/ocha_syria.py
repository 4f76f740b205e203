"""Adapter: UN OCHA Syria communities (7,693) and city neighbourhoods (414).

OCHA English spellings differ from news spellings (Saraqab, Menbij, Kafr
Nobol), so every Arabic name is also romanized (:mod:`geomap.romanize`) and the
romanized forms are indexed as extra names.  A community that repeats a
cities500 place (same key within 5 km) is kept but flagged ``duplicate``.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from _common import ALT, HERE, NAME, ROMANIZED, place, read_gz_csv
from geonames_places import load_geonames

from geomap.names import fold, variant_key
from geomap.romanize import romanize_arabic

SOURCE = "ocha-syria"
FILE = HERE / "ocha-cod" / "syr_populated_places.csv.gz"
# OCHA governorate names -> GeoNames admin-1 names (the names geomap reports)
ADMIN1 = {
    "Damascus": "Damascus Governorate", "Rural Damascus": "Rif-dimashq", "Aleppo": "Aleppo",
    "Homs": "Homs", "Hama": "Hama", "Lattakia": "Latakia", "Idleb": "Idlib",
    "Al-Hasakeh": "Al-Hasakah", "Deir-ez-Zor": "Deir ez-Zor", "Tartous": "Tartus",
    "Ar-Raqqa": "Raqqa", "Dar'a": "Daraa", "As-Sweida": "Suwayda", "Quneitra": "Quneitra",
}


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat = (lat2 - lat1) * 111.2
    dlon = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dlat, dlon)


def _syrian_cities() -> dict[str, list[tuple[float, float, int]]]:
    index: dict[str, list[tuple[float, float, int]]] = {}
    for city in load_geonames()["cities"]:
        if city["countrycode"] != "SY":
            continue
        for folded in set(city["_folded"]):
            if folded.isascii():
                index.setdefault(variant_key(folded), []).append(
                    (city["latitude"], city["longitude"], city["geonameid"]))
    return index


def rows(limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield communities (PPL) and neighbourhoods (PPLX)."""
    cities = _syrian_cities()
    for i, row in enumerate(read_gz_csv(FILE)):
        if limit is not None and i >= limit:
            break
        lat, lon = float(row["lat"]), float(row["lon"])
        names: list[tuple[str, int]] = [(row["name_en"], NAME)]
        for extra_name in (row["name_ref_en"], row["name_ar"], row["name_ref_ar"]):
            if extra_name and "(" not in extra_name and " - " not in extra_name:
                names.append((extra_name, ALT))
        for romanized in romanize_arabic(row["name_ar"]):
            names.append((romanized, ROMANIZED))
        same_as = None
        for name, _kind in names:
            folded = fold(name)
            if not folded.isascii():
                continue
            for clat, clon, gid in cities.get(variant_key(folded), ()):
                if _km(lat, lon, clat, clon) <= 5.0:
                    same_as = f"geonames:{gid}"
                    break
            if same_as:
                break
        neighbourhood = row["feature_type"] == "neighbourhood"
        yield place(
            f"ocha:{row['pcode']}", row["name_en"], lat, lon,
            feature_class="P", feature_code="PPLX" if neighbourhood else "PPL", country_code="SY",
            admin1=ADMIN1.get(row["admin1_name_en"], row["admin1_name_en"]),
            admin2=row["admin2_name_en"], source=SOURCE, names=names, duplicate=same_as is not None,
            extra={"pcode": row["pcode"], "name_ar": row["name_ar"], "same_as": same_as,
                   "parent": row["parent_name_en"] or None, "admin3": row["admin3_name_en"]},
        )


def manifest() -> dict[str, Any]:
    """Describe this source for the build manifest."""
    return {
        "name": SOURCE,
        "what": "UN OCHA Syria COD-PP communities + neighbourhoods (English, Arabic, romanized keys)",
        "files": ["ocha-cod/syr_populated_places.csv.gz"],
        "version": "HDX cod-ab-syr 2021-01-15 via nws_syria_cash_reporting@51069721",
        "licence": "CC BY-IGO 3.0 (UN OCHA / UNCS)",
    }

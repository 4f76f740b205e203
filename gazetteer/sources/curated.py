"""Adapter: the curated table ``gazetteer/curated.csv``.

Conflict-news names that no source spells the way the news does: military
bases, border crossings, dams, districts of big cities.  Every row names its
source.  A row's aliases (``|``-separated) are indexed as curated names.
A row whose ``place_id`` names an existing place (e.g. ``geonames:163808``)
adds its name and aliases to that place instead of creating a new one
("Palmyra" -> Tadmur); its lat/lon document the point it refers to.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import Any

from _common import CURATED, HERE, NAME, place

SOURCE = "geomap-curated"
FILE = HERE.parent / "curated.csv"
REQUIRED = ("name", "aliases", "lat", "lon", "feature_code", "country_code", "admin1", "source")
_CLASS = {"ADMD": "A", "AIRB": "S", "MILB": "S", "DAM": "H", "CRSG": "S", "PS": "S", "PPL": "P", "PPLX": "P",
          "PPLA": "P", "PPLA2": "P", "PPLA3": "P", "PPLC": "P"}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def rows(limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Yield one row per curated place; raise ValueError naming file:line on a bad row."""
    with open(FILE, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{FILE}: expected columns {REQUIRED}, missing {missing}")
        for i, row in enumerate(reader):
            if limit is not None and i >= limit:
                break
            line = i + 2
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError as err:
                raise ValueError(f"{FILE}:{line}: lat/lon must be numbers, got {row['lat']!r}, {row['lon']!r}") from err
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not row["source"].strip():
                raise ValueError(f"{FILE}:{line}: coordinates out of range or empty source column")
            names = [(row["name"], NAME)] + [(a, CURATED) for a in row["aliases"].split("|") if a.strip()]
            code = row["feature_code"].strip()
            target = (row.get("place_id") or "").strip()
            if target:
                yield {"alias_of": target, "names": [(n, CURATED) for n, _kind in names],
                       "line": line, "file": str(FILE)}
                continue
            yield place(
                f"curated:{_slug(row['name'])}", row["name"], lat, lon,
                feature_class=_CLASS.get(code, "S"), feature_code=code,
                country_code=row["country_code"], admin1=row["admin1"], source=SOURCE,
                names=names, extra={"reference": row["source"]},
            )


def manifest() -> dict[str, Any]:
    """Describe this source for the build manifest."""
    return {"name": SOURCE, "what": "curated conflict-news names (bases, crossings, dams, districts)",
            "files": ["../curated.csv"], "licence": "CC0 (geomap curators); coordinates cite their source per row"}

"""Helpers shared by the gazetteer source adapters (row shape, point choice, text files)."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# Kinds of names (lower is better quality); stored with every key.
CURATED = 0  # a curated alias (news spelling checked by a person)
NAME = 1  # the source's primary name
ALT = 2  # an alternate name from the same source
GENERATED = 3  # a generated form ("Idlib province")
ROMANIZED = 4  # romanized from the Arabic name
DEMONYM = 5  # "Syrian" -> Syria
CODE = 6  # ISO / ICAO / IATA code
WEAK = 7  # machine transliteration found in the source (folded key only)


def place(
    place_id: str,
    name: str,
    lat: float,
    lon: float,
    *,
    feature_class: str,
    feature_code: str,
    country_code: str = "",
    admin1: str = "",
    admin2: str = "",
    population: int = 0,
    source: str,
    names: list[tuple[str, int]] | None = None,
    duplicate: bool = False,
    search_only: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return one normalized gazetteer row (the shape every adapter yields)."""
    return {
        "place_id": place_id,
        "name": name,
        "lat": round(float(lat), 6),
        "lon": round(float(lon), 6),
        "feature_class": feature_class,
        "feature_code": feature_code,
        "country_code": (country_code or "").upper(),
        "admin1": admin1 or "",
        "admin2": admin2 or "",
        "population": int(population or 0),
        "source": source,
        "names": names if names is not None else [(name, NAME)],
        "duplicate": duplicate,
        "search_only": search_only,
        "extra": extra,
    }


def read_gz_lines(path: Path) -> Iterator[str]:
    """Yield the lines of a gzip-compressed UTF-8 text file, without line ends."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            yield line.rstrip("\n")


def read_gz_csv(path: Path) -> Iterator[dict[str, str]]:
    """Yield the rows of a gzip-compressed CSV file as dicts."""
    with gzip.open(path, "rb") as handle:
        yield from csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8", newline=""))


def read_gz_json(path: Path) -> Any:
    """Return the parsed content of a gzip-compressed JSON file."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def representative_point(members: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Pick the member place closest to the population-weighted centre of a unit.

    A member (not the raw centroid) is returned so the point always lies on a real
    place inside the unit, even for concave units.
    """
    if not members:
        return None
    total = 0.0
    lat_sum = lon_sum = 0.0
    for lat, lon, pop in members:
        weight = 1.0 + (pop or 0) ** 0.5
        total += weight
        lat_sum += lat * weight
        lon_sum += lon * weight
    clat, clon = lat_sum / total, lon_sum / total
    best = min(members, key=lambda m: (m[0] - clat) ** 2 + (m[1] - clon) ** 2)
    return best[0], best[1]

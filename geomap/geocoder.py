"""OfflineGeocoder: a geopy-compatible geocoder backed by the bundled gazetteer.

It follows the contract of every class in ``geopy.geocoders`` (``geocode`` returns
None, one ``Location`` or a list; ``reverse`` gives the nearest populated place),
so ``geopandas.tools.geocode(names, provider=OfflineGeocoder)`` works unchanged.
It has no HTTP adapter and never opens a socket; the index is opened read-only
on the first query.

>>> from geomap.geocoder import OfflineGeocoder
>>> OfflineGeocoder().geocode("Tel Rifaat").raw["country_code"]   # doctest: +SKIP
'SY'
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, Self

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from geomap.errors import GazetteerQueryError
from geomap.gazetteer import Gazetteer
from geomap.types import Candidate, Place

__all__ = ["OfflineGeocoder", "place_address"]


def place_address(place: Place) -> str:
    """Return a readable address for a place: "Name, Admin1, CC"."""
    parts = [place.name]
    if place.admin1 and place.admin1 != place.name:
        parts.append(place.admin1)
    if place.country_code:
        parts.append(place.country_code)
    return ", ".join(parts)


class OfflineGeocoder(Geocoder):
    """Geocode place names offline with the geomap gazetteer (a geopy ``Geocoder``).

    Parameters
    ----------
    path : str or Path, optional
        The index file; default :func:`geomap.gazetteer.default_path` (built on first use).
    gazetteer : Gazetteer, optional
        An already opened gazetteer to share.
    timeout, user_agent :
        Accepted for geopy compatibility and ignored (nothing goes over a network).
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 gazetteer: Gazetteer | None = None, timeout: Any = None,
                 user_agent: str | None = None, **_ignored: Any) -> None:
        # Deliberately no Geocoder.__init__: that would create an HTTP adapter.
        self.path = path
        self.timeout = timeout
        self.scheme = "https"
        self.proxies = None
        self.headers = {"User-Agent": user_agent or "geomap-offline"}
        self.ssl_context = None
        self.adapter = None
        self._gazetteer = gazetteer

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    @property
    def gazetteer(self) -> Gazetteer:
        """The gazetteer, opened (and built if missing) on first use."""
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.open(self.path)
        return self._gazetteer

    @staticmethod
    def _location(candidate: Candidate) -> Location:
        place = candidate.place
        raw = dict(place.raw)
        raw.update({"score": candidate.score, "rule": candidate.rule, "matched": candidate.matched})
        return Location(place_address(place), Point(place.lat, place.lon), raw)

    def geocode(self, query: str, *, exactly_one: bool = True, timeout: Any = None,
                country_codes: str | Iterable[str] | None = None, limit: int | None = None,
                **_ignored: Any) -> Location | list[Location] | None:
        """Return the best Location for ``query`` (or a ranked list), None when unknown.

        Raises GazetteerQueryError (a geopy ``GeocoderQueryError``) for an empty query.
        """
        if not isinstance(query, str) or not query.strip():
            raise GazetteerQueryError(f"expected a non-empty place name, got {query!r}")
        wanted = 1 if exactly_one else (limit or 10)
        found = self.gazetteer.lookup(query, country_codes=country_codes, limit=wanted)
        if not found:
            return None
        if exactly_one:
            return self._location(found[0])
        return [self._location(c) for c in found]

    def reverse(self, query: Any, *, exactly_one: bool = True, timeout: Any = None,
                limit: int | None = None, **_ignored: Any) -> Location | list[Location] | None:
        """Return the nearest populated place to a (lat, lon) point (or the ``limit`` nearest)."""
        try:
            point = query if isinstance(query, Point) else Point(query)
        except (TypeError, ValueError) as err:
            raise GazetteerQueryError(f"expected a (lat, lon) point, got {query!r}") from err
        count = 1 if exactly_one else (limit or 5)
        places = self.gazetteer.nearest(point.latitude, point.longitude, limit=count)
        if not places:
            return None
        locations = [Location(place_address(p), Point(p.lat, p.lon), dict(p.raw)) for p in places]
        return locations[0] if exactly_one else locations

"""Great-circle distance on the sphere: the one implementation every stage measures with."""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)
_DIAMETER_KM = 2 * EARTH_RADIUS_KM
_PER_DEGREE = math.pi / 180.0  # (exactly what math.radians multiplies by)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres between two points in degrees.

    >>> round(distance_km(36.2021, 37.1343, 35.9306, 36.6339))  # Aleppo - Idlib
    54
    """
    p1, p2 = lat1 * _PER_DEGREE, lat2 * _PER_DEGREE
    dp, dl = p2 - p1, (lon2 - lon1) * _PER_DEGREE
    sin, cos = math.sin, math.cos
    a = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return _DIAMETER_KM * math.asin(min(1.0, math.sqrt(a)))

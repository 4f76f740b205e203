"""Normalise publication dates written in common forms to ISO ``YYYY-MM-DD`` (used by ingest)."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan"),
        ("february", "feb"),
        ("march", "mar"),
        ("april", "apr"),
        ("may",),
        ("june", "jun"),
        ("july", "jul"),
        ("august", "aug"),
        ("september", "sep", "sept"),
        ("october", "oct"),
        ("november", "nov"),
        ("december", "dec"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

_WEEKDAY_PREFIX = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday|sday)?\.?,?\s+", re.IGNORECASE
)
_TAIL = r"(?:[\sT,].*)?$"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TAIL)
_SLASHED = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})" + _TAIL)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})" + _TAIL)
_MONTH_DAY = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})" + _TAIL)
_FORMS = "YYYY-MM-DD, an ISO timestamp, '1 December 2024' or 'December 1, 2024'"


def normalize_date(value: object) -> str:
    """Return ``value`` as an ISO date ``YYYY-MM-DD``; raise ValueError if it is not a readable date.

    >>> normalize_date("2024-12-01T10:00:00Z")
    '2024-12-01'
    >>> normalize_date("Sunday, 1st December 2024")
    '2024-12-01'
    >>> normalize_date("Dec 1, 2024")
    '2024-12-01'
    >>> normalize_date("2024-02-30")
    Traceback (most recent call last):
    ...
    ValueError: expected a date such as YYYY-MM-DD, an ISO timestamp, '1 December 2024' or 'December 1, 2024', got '2024-02-30' (no such day)
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):  # a ValueError like every other unreadable date, so callers catch one type
        raise ValueError(f"expected a date such as {_FORMS}, got {value!r}")  # noqa: TRY004
    text = _WEEKDAY_PREFIX.sub("", value.strip())
    parts = _parts(text)
    if parts is None:
        raise ValueError(f"expected a date such as {_FORMS}, got {value!r}")
    year, month, day = parts
    if not 1800 <= year <= 2200:
        raise ValueError(f"expected a date such as {_FORMS}, got {value!r} (year out of range)")
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(f"expected a date such as {_FORMS}, got {value!r} (no such day)") from None


def _parts(text: str) -> tuple[int, int, int] | None:
    for pattern in (_ISO, _SLASHED, _COMPACT):
        match = pattern.match(text)
        if match:
            return int(match.group(1)), int(match.group(2)), int(match.group(3))
    match = _DAY_MONTH.match(text)
    if match and match.group(2).lower() in _MONTHS:
        return int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1))
    match = _MONTH_DAY.match(text)
    if match and match.group(1).lower() in _MONTHS:
        return int(match.group(3)), _MONTHS[match.group(1).lower()], int(match.group(2))
    return None

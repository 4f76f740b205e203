"""Popup/tooltip content of events, encoded for the map engine.

The browser builds each popup with DOM nodes and ``textContent`` from these
rows, so article text is never parsed as HTML.  :func:`script_json` makes the
JSON safe to embed in a ``<script>`` element (``<``, ``>``, ``&`` and the JS
line separators are escaped), and :func:`safe_url` keeps only http(s) links.
"""

from __future__ import annotations

import json
import re
from typing import Any

from geomap.types import Event

#: Column order of an event row; the engine looks columns up by name.
COLUMNS: tuple[str, ...] = (
    "lat", "lon", "type", "date", "time_precision", "place", "actors", "claimed_by", "weapon",
    "fatalities", "injured", "geo_precision", "uncertainty_km", "evidence", "title", "url", "source",
    "event_id",
)
COORD_DECIMALS = 5  # about 1 m
_HTTP_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """Return ``url`` when it is an http(s) URL, else None (no javascript:, data:, ... links)."""
    if url and _HTTP_URL.match(url.strip()):
        return url.strip()
    return None


class StringTable:
    """Interns repeated strings (places, actors, titles, URLs) so each is stored once."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._index: dict[str, int] = {}

    def add(self, value: str | None) -> int | None:
        if value is None or value == "":
            return None
        index = self._index.get(value)
        if index is None:
            index = self._index[value] = len(self.strings)
            self.strings.append(value)
        return index


def event_row(event: Event, type_index: int, strings: StringTable) -> list[Any]:
    """Return the compact row of one event (see :data:`COLUMNS`)."""
    return [
        round(float(event.lat), COORD_DECIMALS),
        round(float(event.lon), COORD_DECIMALS),
        type_index,
        event.event_date,
        event.time_precision,
        strings.add(event.place),
        [strings.add(actor) for actor in event.actors if actor],
        strings.add(event.claimed_by),
        strings.add(event.weapon),
        event.fatalities,
        event.injured,
        event.geo_precision,
        round(float(event.uncertainty_km or 0.0), 1),
        event.evidence or "",
        strings.add(event.title),
        strings.add(safe_url(event.url)),
        strings.add(event.source),
        event.event_id,
    ]


def script_json(value: Any) -> str:
    """Serialize ``value`` as JSON that can sit inside a ``<script>`` element verbatim."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))

"""Layered, offline-capable folium maps of events and territorial control.

``build_map(events, ...)`` returns a ``folium.Map``; ``write_map(map, path)``
writes it as one HTML file.  Imported lazily so ``python -m
geomap.render.basemap`` does not load folium first.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_map", "render_html", "write_map"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from geomap.render import maps

        return getattr(maps, name)
    raise AttributeError(f"module 'geomap.render' has no attribute {name!r}")

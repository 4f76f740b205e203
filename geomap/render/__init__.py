"""Layered, offline-capable folium maps of events and territorial control."""

from geomap.render.maps import build_map, render_html, write_map

__all__ = ["build_map", "render_html", "write_map"]

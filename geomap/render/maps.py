"""Build the layered folium map of events and territorial control, and write it as one HTML file.

``build_map`` hands all events to the map engine as one compact, script-safe
JSON payload (no folium ``Marker`` per event), adds one overlay per event type,
the control and heat-map overlays, the legend, info box and time slider, and
adds the ``LayerControl`` last.  Element ids are derived from the content, so
the same input always gives byte-identical HTML.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import folium

from geomap.render.basemap import ATTRIBUTION as BASEMAP_ATTRIBUTION
from geomap.render.basemap import basemap_json
from geomap.render.layers import BasemapLayer, ControlLayer, EngineData, EventTypeLayer, HeatLayer
from geomap.render.legend import HATCH, TYPE_STYLES, legend_elements, side_config, type_config
from geomap.render.offline import inline_assets
from geomap.render.popups import COLUMNS, StringTable, event_row, script_json
from geomap.render.timeslider import TimeSlider
from geomap.types import EVENT_KINDS, Event

CLUSTER_THRESHOLD = 200  # a type layer with more events than this clusters its markers
ICON_MARKER_LIMIT = 500  # up to this many events: icon markers (DOM); above: canvas circles
CIRCLE_ZOOM = 7  # uncertainty circles of big layers are drawn from this zoom on
ALWAYS_CIRCLES = 1000  # ... and always for layers with at most this many circles
CONTROL_HISTORY_BYTES = 6_000_000  # older control snapshots beyond this are left out of the file
DEFAULT_TITLE = "geomap"
CARTO_POSITRON_URL = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
CARTO_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
                     '&copy; <a href="https://carto.com/attributions">CARTO</a>')
GEONAMES_ATTRIBUTION = 'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'


def _script_safe(text: str) -> str:
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def mappable_events(events: Iterable[Event], *, include_historical: bool = False) -> tuple[list[Event], int]:
    """Return (events to draw sorted by date and id, number dropped for lack of coordinates).

    Historical events are left out unless ``include_historical``; events of an
    unknown type are dropped with those without coordinates.
    """
    kept, skipped = [], 0
    for event in events:
        if event.historical and not include_historical:
            continue
        if event.lat is None or event.lon is None or event.event_type not in TYPE_STYLES:
            skipped += 1
            continue
        kept.append(event)
    kept.sort(key=lambda event: (event.event_date or "", event.event_id))
    return kept, skipped


def _bounds(events: Sequence[Event]) -> list[list[float]] | None:
    if not events:
        return None
    lats = [event.lat for event in events]
    lons = [event.lon for event in events]
    pad = 0.2
    return [[round(min(lats) - pad, 4), round(min(lons) - pad, 4)], [round(max(lats) + pad, 4), round(max(lons) + pad, 4)]]


def _sides(collections: Iterable[dict[str, Any] | None]) -> list[str]:
    sides = set()
    for collection in collections:
        for feature in (collection or {}).get("features") or []:
            side = (feature.get("properties") or {}).get("side")
            sides.add(side if side else "unknown")
    return sorted(sides)


def _features_only(collection: dict[str, Any]) -> dict[str, Any]:
    """Drop foreign members (problems, ...) that the map does not draw."""
    return {"type": "FeatureCollection", "features": list(collection.get("features") or [])}


def _control_payload(control: dict[str, Any] | None,
                     snapshots: Sequence[tuple[str, dict[str, Any]]] | None) -> dict[str, Any] | None:
    snapshot_list = [[date, _features_only(collection)]
                     for date, collection in sorted(snapshots or [], key=lambda item: item[0])]
    control = _features_only(control) if control is not None else None
    if not snapshot_list and not (control and control.get("features")):
        return None
    current = control if control is not None else (snapshot_list[-1][1] if snapshot_list else None)
    kept, dropped = _newest_within_budget(snapshot_list, CONTROL_HISTORY_BYTES)
    sides = _sides([current] + [collection for _, collection in kept])
    return {"current": current, "snapshots": kept, "droppedSnapshots": dropped, "sides": side_config(sides),
            "hatch": list(HATCH)}


def _newest_within_budget(snapshots: list[list[Any]], budget: int) -> tuple[list[list[Any]], int]:
    """Keep the newest control snapshots whose JSON fits in ``budget`` bytes (the file must stay small)."""
    kept: list[list[Any]] = []
    used = 0
    for snapshot in reversed(snapshots):
        used += len(json.dumps(snapshot[1], separators=(",", ":")))
        if used > budget and kept:
            break
        kept.append(snapshot)
    kept.reverse()
    return kept, len(snapshots) - len(kept)


def map_payload(events: Sequence[Event], *, title: str, control: dict[str, Any] | None = None,
                control_snapshots: Sequence[tuple[str, dict[str, Any]]] | None = None, all_types: bool = False,
                not_drawn: int = 0, cluster_threshold: int = CLUSTER_THRESHOLD,
                icon_marker_limit: int = ICON_MARKER_LIMIT, attribution: Sequence[str] = ()) -> dict[str, Any]:
    """Return the engine's data: columns, types, interned strings, event rows, control, options."""
    keys = list(EVENT_KINDS) if all_types else sorted({event.event_type for event in events})
    types = type_config(keys)
    type_index = {cfg["key"]: index for index, cfg in enumerate(types)}
    strings = StringTable()
    rows = [event_row(event, type_index[event.event_type], strings) for event in events]
    return {
        "title": title,
        "columns": list(COLUMNS),
        "types": types,
        "strings": strings.strings,
        "events": rows,
        "undated": sum(1 for event in events if not event.event_date),
        "bounds": _bounds(events),
        "attribution": list(attribution),
        "control": _control_payload(control, control_snapshots),
        "options": {"clusterThreshold": cluster_threshold, "iconMarkers": len(events) <= icon_marker_limit,
                    "maxFitZoom": 9, "notDrawn": not_drawn, "circleZoom": CIRCLE_ZOOM,
                    "alwaysCircles": ALWAYS_CIRCLES},
    }


def build_map(events: Iterable[Event], *, control: dict[str, Any] | None = None,
              control_snapshots: Sequence[tuple[str, dict[str, Any]]] | None = None, title: str | None = None,
              offline: bool = False, include_historical: bool = False, all_types: bool = False,
              cluster_threshold: int = CLUSTER_THRESHOLD, icon_marker_limit: int = ICON_MARKER_LIMIT,
              basemap: bool = True) -> folium.Map:
    """Return the layered folium map of ``events`` (and of ``control`` when given).

    ``offline`` leaves out web tiles (the Natural Earth basemap is then the only
    base layer); every JS/CSS asset is inlined either way, so the file never
    needs a CDN.  ``control_snapshots`` ties the control layer to the slider.
    """
    drawn, not_drawn = mappable_events(events, include_historical=include_historical)
    title = title or DEFAULT_TITLE
    attribution = [GEONAMES_ATTRIBUTION] + ([BASEMAP_ATTRIBUTION] if basemap else [])
    payload = map_payload(drawn, title=title, control=control, control_snapshots=control_snapshots,
                          all_types=all_types, not_drawn=not_drawn, cluster_threshold=cluster_threshold,
                          icon_marker_limit=icon_marker_limit, attribution=attribution)
    payload_text = script_json(payload)

    fmap = folium.Map(location=[30.0, 30.0], zoom_start=3, tiles=None, control_scale=True)
    inline_assets(fmap)
    fmap.get_root().title = html.escape(title)
    fmap.add_child(EngineData(payload_text))
    if not offline:
        fmap.add_child(folium.TileLayer("OpenStreetMap", name="OpenStreetMap", show=True))
        fmap.add_child(folium.TileLayer(CARTO_POSITRON_URL, name="CartoDB Positron", attr=CARTO_ATTRIBUTION,
                                        subdomains="abcd", max_zoom=20, show=False))
    if basemap:
        fmap.add_child(BasemapLayer(_script_safe(basemap_json()), show=offline))
    for cfg in payload["types"]:
        fmap.add_child(EventTypeLayer(cfg["key"], cfg["label"]))
    if payload["control"]:
        fmap.add_child(ControlLayer())
    if payload["events"]:
        fmap.add_child(HeatLayer())
    for element in legend_elements():
        fmap.add_child(element)
    fmap.add_child(TimeSlider())
    fmap.add_child(folium.LayerControl(collapsed=False))  # last, so it lists every layer
    stabilize_ids(fmap, seed=hashlib.sha256(f"{offline}|{payload_text}".encode()).hexdigest())
    return fmap


def stabilize_ids(fmap: folium.Map, *, seed: str) -> None:
    """Replace branca's random element ids with ids derived from ``seed`` and tree position."""
    counter = itertools.count()
    root = fmap.get_root()

    def visit(element) -> None:
        digest = hashlib.sha256(f"{seed}:{next(counter)}:{element._name}".encode()).hexdigest()
        element._id = digest[:16]
        for child in list(element._children.values()):
            visit(child)

    visit(root)
    for part in (getattr(root, "header", None), getattr(root, "html", None), getattr(root, "script", None)):
        if part is not None:
            visit(part)


def render_html(fmap: folium.Map) -> str:
    """Return the complete HTML page of ``fmap``."""
    return fmap.get_root().render().rstrip() + "\n"


def write_map(fmap: folium.Map, path: str | Path) -> Path:
    """Write ``fmap`` as one self-contained HTML file and return its path."""
    target = Path(path)
    if target.parent and not target.parent.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_html(fmap), encoding="utf-8")
    return target

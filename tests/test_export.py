"""Exports: RFC 7946 GeoJSON, GeoPackage, ACLED-style CSV, KML and GeoParquet."""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pyarrow.parquet as pq
import pyogrio
import pytest
import shapely

from geomap.errors import OutputExistsError
from geomap.export import ACLED_COLUMNS, export_records
from geomap.store import ArticleResult, EventStore, content_hash
from geomap.types import Article, Event

AIRSTRIKE = Event(
    event_id="ev1", article_id="art1", event_type="airstrike", lat=36.202112345678, lon=37.134312345678,
    acled_event_type="Explosions/Remote violence", acled_sub_event_type="Air/drone strike", place="Aleppo",
    place_id="geonames:170063", country_code="SY", admin1="Aleppo", event_date="2024-12-01",
    actors=("Russian forces", "Hayat Tahrir al-Sham"), fatalities=12, injured=3,
    evidence='Jets hit <script>alert("x")</script> the old city & market.', source="Outlet A",
    url="https://a.example/1", weapon="aircraft",
)
SEIZURE = replace(AIRSTRIKE, event_id="ev2", event_type="seizure", lat=36.5109, lon=37.1015, place="Tel Rifaat",
                  acled_event_type="Battles", acled_sub_event_type="Non-state actor overtakes territory",
                  event_date="2024-12-02", actors=("Syrian National Army",), fatalities=None, injured=None,
                  weapon=None, evidence="Turkish-backed rebels took Tel Rifaat.")
KHERSON = replace(AIRSTRIKE, event_id="ev3", article_id="art3", event_type="shelling", lat=46.6354, lon=32.6169,
                  place="Kherson", country_code="UA", admin1="Kherson", event_date="2024-12-20",
                  actors=("Russian forces",), fatalities=2, evidence="Russian artillery shelled Kherson.",
                  source="Outlet C", acled_sub_event_type="Shelling/artillery/missile attack", weapon=None)
CLOCKWISE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[36.9, 36.0], [36.9, 36.4], [37.3, 36.4], [37.3, 36.0], [36.9, 36.0]],  # clockwise exterior
        [[37.0, 36.1], [37.2, 36.1], [37.2, 36.3], [37.0, 36.3], [37.0, 36.1]],  # counter-clockwise hole
    ],
}


def check_rfc7946(collection: dict[str, Any]) -> None:
    """Fail unless ``collection`` follows RFC 7946 (the parts geomap promises)."""
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection

    def positions(coordinates: Any):
        if isinstance(coordinates[0], (int, float)):
            yield coordinates
        else:
            for item in coordinates:
                yield from positions(item)

    for feature in collection["features"]:
        assert feature["type"] == "Feature" and "crs" not in feature
        geometry = feature["geometry"]
        if geometry is None:
            continue
        for position in positions(geometry["coordinates"]):
            lon, lat = position[:2]
            assert -180 <= lon <= 180 and -90 <= lat <= 90, position
            for value in position:
                exponent = Decimal(repr(value)).as_tuple().exponent
                assert -exponent <= 7, f"{value} has more than 7 decimals"
        polygons = {"Polygon": [geometry["coordinates"]],
                    "MultiPolygon": geometry["coordinates"]}.get(geometry["type"], [])
        for rings in polygons:
            assert shapely.LinearRing(rings[0]).is_ccw, "exterior ring must be counter-clockwise"
            for hole in rings[1:]:
                assert not shapely.LinearRing(hole).is_ccw, "holes must be clockwise"


def test_rfc7946_checker_catches_violations() -> None:
    bad = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": CLOCKWISE_WITH_HOLE}]}
    with pytest.raises(AssertionError, match="counter-clockwise"):
        check_rfc7946(bad)
    with pytest.raises(AssertionError, match="decimals"):
        check_rfc7946({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1.123456789, 2]}}]})
    with pytest.raises(AssertionError):
        check_rfc7946({"type": "FeatureCollection", "crs": {}, "features": []})


@pytest.fixture()
def store(tmp_path):
    with EventStore.open(tmp_path / "store.gpkg", create=True) as opened:
        second = replace(AIRSTRIKE, event_id="ev1b", article_id="art2", fatalities=10, source="Outlet B",
                         url="https://b.example/2", evidence="Ten killed in the raid.")
        opened.commit([
            ArticleResult(Article("art1", "one"), content_hash("one"), (AIRSTRIKE, SEIZURE)),
            ArticleResult(Article("art2", "two"), content_hash("two"), (second,)),
            ArticleResult(Article("art3", "three"), content_hash("three"), (KHERSON,)),
        ])
        opened.write_control({"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.1015, 36.5109]},
             "properties": {"place": "Tel Rifaat", "place_id": "geonames:163270", "holder": "Syrian National Army",
                            "side": "opposition", "status": "claimed", "since": "2024-12-02",
                            "event_ids": ["ev2"], "confidence": 0.6}},
            {"type": "Feature", "geometry": CLOCKWISE_WITH_HOLE,
             "properties": {"controller": "Syrian National Army", "side": "opposition", "as_of": "2024-12-02"}},
        ]})
        yield opened


def export(store: EventStore, fmt: str, path, **kwargs) -> int:
    return export_records(store.read_stored(), fmt, path, control=store.read_control(), **kwargs)


def test_geojson_is_rfc7946_with_sources(store, tmp_path) -> None:
    out = tmp_path / "events.geojson"
    assert export(store, "geojson", out) == 3
    data = json.loads(out.read_text(encoding="utf-8"))
    check_rfc7946(data)
    by_id = {f["id"]: f for f in data["features"]}
    merged = by_id["ev1"]["properties"]
    assert merged["n_sources"] == 2 and merged["fatalities"] == 10
    assert [s["outlet"] for s in merged["sources"]] == ["Outlet A", "Outlet B"]
    assert by_id["ev1"]["geometry"]["coordinates"] == [37.1343123, 36.2021123]
    assert set(AIRSTRIKE.properties()) <= set(merged)


def test_geojson_control_layer_is_rfc7946(store, tmp_path) -> None:
    out = tmp_path / "control.geojson"
    assert export(store, "geojson", out, layer="control") == 2
    data = json.loads(out.read_text(encoding="utf-8"))
    check_rfc7946(data)
    assert [f["geometry"]["type"] for f in data["features"]] == ["Point", "MultiPolygon"]


def test_gpkg_opens_with_three_layers_and_date_fields(store, tmp_path) -> None:
    out = tmp_path / "export.gpkg"
    export(store, "gpkg", out)
    assert [tuple(row) for row in pyogrio.list_layers(out)] == [
        ("events", "Point"), ("control_points", "Point"), ("control_zones", "MultiPolygon")]
    events = pyogrio.read_info(out, layer="events")
    assert events["features"] == 3
    assert dict(zip(events["fields"], events["ogr_types"]))["event_date"] == "OFTDate"
    assert dict(zip(*[pyogrio.read_info(out, layer="control_points")[k] for k in ("fields", "ogr_types")]))[
        "since"] == "OFTDate"
    zones = pyogrio.read_dataframe(out, layer="control_zones")
    assert zones["as_of"].iloc[0].date().isoformat() == "2024-12-02"
    frame = pyogrio.read_dataframe(out, layer="events")
    assert frame.crs.to_epsg() == 4326
    assert sorted(frame["n_sources"]) == [1, 1, 2]


def test_csv_has_acled_columns(store, tmp_path) -> None:
    out = tmp_path / "events.csv"
    export(store, "csv", out)
    with open(out, encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0])[: len(ACLED_COLUMNS)] == list(ACLED_COLUMNS)
    strike = next(row for row in rows if row["event_id"] == "ev1")
    assert strike["event_id_cnty"] == "SYRev1"
    assert (strike["event_date"], strike["year"], strike["country"]) == ("2024-12-01", "2024", "Syria")
    assert strike["event_type"] == "Explosions/Remote violence"
    assert strike["sub_event_type"] == "Air/drone strike"
    assert (strike["actor1"], strike["actor2"]) == ("Russian forces", "Hayat Tahrir al-Sham")
    assert (strike["latitude"], strike["longitude"]) == ("36.2021123", "37.1343123")
    assert strike["fatalities"] == "10" and strike["source"] == "Outlet A; Outlet B"
    assert "Ten killed" in strike["notes"] and strike["n_sources"] == "2"
    kherson = next(row for row in rows if row["event_id"] == "ev3")
    assert kherson["country"] == "Ukraine" and kherson["event_id_cnty"].startswith("UKR")


def test_kml_opens_and_escapes_article_text(store, tmp_path) -> None:
    out = tmp_path / "events.kml"
    assert export(store, "kml", out) == 3
    layers = {row[0] for row in pyogrio.list_layers(out)}
    assert {"airstrike", "seizure", "shelling", "control zones"} <= layers
    strikes = pyogrio.read_dataframe(out, layer="airstrike")
    assert strikes["event_id"].tolist() == ["ev1"]
    assert strikes["timestamp"].iloc[0].date().isoformat() == "2024-12-01"
    description = strikes["description"].iloc[0]
    assert "<script>" not in description and "&lt;script&gt;" in description
    assert "<script>" not in out.read_text(encoding="utf-8")


def test_geoparquet_has_geo_metadata_and_reads_back(store, tmp_path) -> None:
    import geopandas as gpd

    out = tmp_path / "events.parquet"
    export(store, "parquet", out)
    geo = json.loads(pq.read_schema(out).metadata[b"geo"])
    assert geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    frame = gpd.read_parquet(out)
    assert len(frame) == 3 and frame.crs.to_epsg() == 4326
    assert str(pq.read_schema(out).field("event_date").type) == "date32[day]"
    if "Parquet" in pyogrio.list_drivers():  # GDAL builds with the Parquet driver read it too
        assert pyogrio.read_info(out)["features"] == 3


def test_export_refuses_to_overwrite(store, tmp_path) -> None:
    out = tmp_path / "events.csv"
    out.write_text("keep me")
    with pytest.raises(OutputExistsError, match="--overwrite"):
        export(store, "csv", out)
    assert out.read_text() == "keep me"
    export(store, "csv", out, overwrite=True)
    assert out.read_text().startswith("event_id_cnty,")


def test_unknown_format_is_rejected(store, tmp_path) -> None:
    with pytest.raises(ValueError, match="expected a format"):
        export(store, "shp", tmp_path / "x.shp")

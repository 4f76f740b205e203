"""The GeoPackage event store: layers GDAL can read, idempotent commits, merges, rollback."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pyogrio
import pytest
import shapely

from geomap.errors import StoreError
from geomap.store import (
    LAYERS,
    ArticleResult,
    EventStore,
    blob_geometry,
    content_hash,
    geometry_blob,
    point_blob,
)
from geomap.types import Article, Event, Problem


def make_result(article_id: str, text: str, events: list[Event], *, source: str | None = None,
                problems: tuple[Problem, ...] = ()) -> ArticleResult:
    article = Article(article_id=article_id, text=text, source=source, published="2024-12-03",
                      url=f"https://{article_id}.example/")
    return ArticleResult(article, content_hash(text), tuple(events), problems)


def strike(article_id: str, event_id: str, **changes) -> Event:
    base = Event(event_id=event_id, article_id=article_id, event_type="airstrike", lat=36.2021, lon=37.1343,
                 place="Aleppo", place_id="geonames:170063", country_code="SY", admin1="Aleppo",
                 event_date="2024-12-01", actors=("Russian forces",), fatalities=12,
                 evidence="Warplanes struck near the university hospital.", source="Outlet " + article_id)
    return replace(base, **changes)


@pytest.fixture()
def store(tmp_path):
    with EventStore.open(tmp_path / "events.gpkg", create=True) as opened:
        yield opened


def test_new_store_is_a_geopackage_gdal_reads(store) -> None:
    layers = {name: kind for name, kind in pyogrio.list_layers(store.path)}
    assert layers == {"events": "Point", "control_points": "Point", "control_zones": "MultiPolygon",
                      "event_sources": None, "articles": None, "problems": None}
    info = pyogrio.read_info(store.path, layer="events")
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert types["event_date"] == "OFTDate"
    assert types["fatalities"] == "OFTInteger64"
    assert {name for name, _ in LAYERS["events"][0]} == set(info["fields"])
    conn = sqlite3.connect(store.path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47  # "GPKG"


def test_commit_writes_events_gdal_reads_back(store) -> None:
    stats = store.commit([make_result("a1", "text one", [strike("a1", "e1"), strike("a1", "e2", lat=36.0,
                                                                               event_type="shelling")])])
    assert (stats.new_articles, stats.events_added, stats.events_merged) == (1, 2, 0)
    frame = pyogrio.read_dataframe(store.path, layer="events")
    assert sorted(frame["event_id"]) == ["e1", "e2"]
    assert str(frame["event_date"].dtype).startswith("datetime64")
    point = frame.set_index("event_id").loc["e1", "geometry"]
    assert (point.x, point.y) == (37.1343, 36.2021)
    conn = sqlite3.connect(store.path)
    extent = conn.execute("SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name='events'").fetchone()
    assert extent == (37.1343, 36.0, 37.1343, 36.2021)
    assert conn.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name='events'").fetchone()[0] == 2
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert pyogrio.read_info(store.path, layer="articles")["features"] == 1


def test_same_articles_twice_add_nothing(store) -> None:
    batch = [make_result("a1", "text one", [strike("a1", "e1")]), make_result("a2", "text two", [])]
    first = store.commit(batch)
    before = store.counts()
    second = store.commit(batch)
    assert first.new_articles == 2 and first.events_added == 1
    assert (second.new_articles, second.skipped_duplicates, second.events_added) == (0, 2, 0)
    assert store.counts() == before


def test_whitespace_does_not_change_the_content_hash() -> None:
    assert content_hash("Shelling hit Kherson.\r\n") == content_hash("  Shelling  hit\nKherson.")
    assert content_hash("Shelling hit Kherson.") != content_hash("Shelling hit Kharkiv.")


def test_three_outlets_merge_across_commits(store) -> None:
    store.commit([make_result("a", "report a", [strike("a", "ea", fatalities=18)], source="Outlet a")])
    store.commit([make_result("b", "report b", [strike("b", "eb", fatalities=16, lat=36.21, lon=37.14,
                                                       event_date="2024-12-02", url="https://b.example/x")])])
    stats = store.commit([make_result("c", "report c", [strike("c", "ec", fatalities=None, actors=())])])
    assert (stats.events_added, stats.events_merged) == (0, 1)
    [record] = store.read_stored()
    assert record.n_sources == 3
    assert record.event.fatalities == 16
    assert [s.outlet for s in record.sources] == ["Outlet a", "Outlet b", "Outlet c"]
    assert [s.url for s in record.sources] == [None, "https://b.example/x", None]
    assert {s.quote for s in record.sources} == {"Warplanes struck near the university hospital."}
    assert [e.event_id for e in store.read_sources("ea")] == ["ea", "eb", "ec"]


def test_events_of_one_article_stay_apart(store) -> None:
    stats = store.commit([make_result("a", "two strikes", [strike("a", "e1"), strike("a", "e2", lat=36.205)])])
    assert stats.events_added == 2
    assert len(store.read_events()) == 2


def test_failed_batch_leaves_previous_state(store) -> None:
    store.commit([make_result("a", "first", [strike("a", "e1")])])
    before = store.counts()
    broken = make_result("b", "second", [strike("b", "e2", event_type="shelling"), "not an event"])  # type: ignore[list-item]
    with pytest.raises(AttributeError):
        store.commit([make_result("c", "third", [strike("c", "e3", event_type="clash")]), broken])
    assert store.counts() == before
    assert store.commit([make_result("c", "third", [])]).new_articles == 1


def test_problems_are_recorded(store) -> None:
    problem = Problem("ingest", "empty", "the file is empty", origin="x.txt")
    stats = store.commit([make_result("a", "text", [], problems=(problem,))], [replace(problem, origin="y.txt")])
    assert stats.problems == 2
    assert [p.origin for p in store.read_problems()] == ["x.txt", "y.txt"]


def test_read_events_filters(store) -> None:
    store.commit([make_result("a", "a", [
        strike("a", "e1"),
        strike("a", "e2", event_type="shelling", event_date="2024-11-20"),
        strike("a", "e3", event_type="clash", lat=48.5, lon=35.0, country_code="UA", event_date=None),
    ])])
    ids = lambda events: [e.event_id for e in events]
    assert ids(store.read_events()) == ["e3", "e2", "e1"]
    assert ids(store.read_events(date_from="2024-11-25")) == ["e1"]
    assert ids(store.read_events(date_to="2024-11-25")) == ["e2"]
    assert ids(store.read_events(types=["clash", "shelling"])) == ["e3", "e2"]
    assert ids(store.read_events(bbox=(30, 45, 40, 50))) == ["e3"]
    assert ids(store.read_events(country="ua")) == ["e3"]
    assert store.read_events(types=["airstrike"])[0] == strike("a", "e1")


def test_control_layers_round_trip(store) -> None:
    clockwise = [[36.0, 36.0], [36.0, 36.5], [36.5, 36.5], [36.5, 36.0], [36.0, 36.0]]
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.1343, 36.2021]},
         "properties": {"place": "Aleppo", "place_id": "geonames:170063", "holder": "Hayat Tahrir al-Sham",
                        "side": "opposition", "status": "assessed", "since": "2024-11-30",
                        "event_ids": ["e1"], "confidence": 0.8}},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [clockwise]},
         "properties": {"controller": "Hayat Tahrir al-Sham", "side": "opposition", "as_of": "2024-12-01"}},
    ]}
    assert store.write_control(collection) == (1, 1)
    back = store.read_control()
    point, zone = back["features"]
    assert point["properties"]["event_ids"] == ["e1"]
    assert point["properties"]["since"] == "2024-11-30"
    ring = zone["geometry"]["coordinates"][0][0]
    assert shapely.LinearRing(ring).is_ccw
    zones = pyogrio.read_dataframe(store.path, layer="control_zones")
    assert zones.geometry.iloc[0].equals(shapely.MultiPolygon([shapely.Polygon(clockwise)]))
    assert store.write_control(None) == (0, 0)
    assert store.read_control() is None


def test_geometry_blobs_round_trip() -> None:
    assert blob_geometry(point_blob(37.5, 36.25)).equals(shapely.Point(37.5, 36.25))
    polygon = shapely.box(1, 2, 3, 4)
    assert blob_geometry(geometry_blob(polygon)).equals(polygon)
    assert blob_geometry(None) is None
    with pytest.raises(StoreError, match="GP"):
        blob_geometry(b"XX\x00\x01")


def test_open_missing_store_without_create_fails(tmp_path) -> None:
    with pytest.raises(StoreError, match="geomap ingest"):
        EventStore.open(tmp_path / "absent.gpkg")


def test_open_foreign_file_fails(tmp_path) -> None:
    other = tmp_path / "other.gpkg"
    other.write_text("not sqlite at all " * 100)
    with pytest.raises(StoreError, match="expected"):
        EventStore.open(other)
    plain = tmp_path / "plain.sqlite"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError, match="lacks the tables"):
        EventStore.open(plain)


def test_store_error_is_a_runtime_error() -> None:
    assert issubclass(StoreError, RuntimeError)

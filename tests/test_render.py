"""Tests of geomap.render on synthetic events (no extraction needed, no browser)."""

from __future__ import annotations

import json
import re

import folium
import pytest

from geomap.render import build_map, render_html, write_map
from geomap.render.basemap import PACKAGE_FILE, basemap_json, build_basemap
from geomap.render.legend import TYPE_STYLES, side_colour, type_config, used_icons
from geomap.render.maps import map_payload, mappable_events
from geomap.render.offline import asset_bundle
from geomap.render.popups import COLUMNS, StringTable, event_row, safe_url, script_json
from geomap.types import EVENT_KINDS, Event

XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def make_event(event_id: str, event_type: str = "airstrike", **fields) -> Event:
    values = {"article_id": "a1", "lat": 36.2, "lon": 37.15, "place": "Aleppo", "event_date": "2024-12-01",
              "evidence": "An airstrike hit Aleppo.", "url": "https://example.org/a1", "title": "Report"}
    values.update(fields)
    return Event(event_id=event_id, event_type=event_type, **values)


CONTROL = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.15, 36.2]},
         "properties": {"place": "Aleppo", "holder": "Hayat Tahrir al-Sham", "side": "opposition",
                        "status": "assessed", "since": "2024-11-30"}},
        {"type": "Feature", "geometry": {"type": "Polygon",
                                         "coordinates": [[[37, 36], [37.3, 36], [37.3, 36.4], [37, 36.4], [37, 36]]]},
         "properties": {"controller": "opposition", "side": "opposition", "as_of": "2024-12-01"}},
    ],
    "problems": [{"message": "not drawn"}],
}


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return [
        make_event("e1", evidence=XSS, title=XSS, url="javascript:alert(1)", fatalities=12, injured=3),
        make_event("e2", "seizure", lat=36.51, lon=37.1, place="Tel Rifaat", event_date="2024-11-30",
                   geo_precision=2, uncertainty_km=10.0, actors=("Syrian National Army",)),
        make_event("e3", "counterattack", lat=35.4, lon=36.7, place="Hama", event_date=None,
                   geo_precision=3, uncertainty_km=30.0),
        make_event("e4", "airstrike", event_date="2016-12-01", historical=True),
        make_event("e5", "shelling", lat=None, lon=None),
    ]


@pytest.fixture(scope="module")
def offline_html(events) -> str:
    return render_html(build_map(events, control=CONTROL, title="Seed <map>", offline=True))


def test_safe_url_keeps_only_http_links():
    assert safe_url("https://example.org/x?a=1") == "https://example.org/x?a=1"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in ("javascript:alert(1)", "data:text/html,<b>", "//example.org", "ftp://x", "https://a b", None, ""):
        assert safe_url(bad) is None


def test_script_json_cannot_close_the_script_element():
    text = script_json({"evidence": XSS + "</script><!-- \u2028 &amp;"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["evidence"].startswith("<script>")


def test_event_row_interns_strings_and_follows_columns():
    strings = StringTable()
    first = event_row(make_event("e1", actors=("Russian forces",)), 0, strings)
    second = event_row(make_event("e2", actors=("Russian forces",)), 0, strings)
    assert len(first) == len(COLUMNS)
    column = dict(zip(COLUMNS, first, strict=True))
    assert column["event_id"] == "e1" and column["date"] == "2024-12-01"
    assert strings.strings[column["place"]] == "Aleppo"
    assert first[COLUMNS.index("actors")] == second[COLUMNS.index("actors")]  # stored once
    assert strings.strings.count("Russian forces") == 1


def test_mappable_events_drops_historical_and_unlocated(events):
    drawn, not_drawn = mappable_events(events)
    assert [event.event_id for event in drawn] == ["e3", "e2", "e1"]  # undated first, then by date
    assert not_drawn == 1
    drawn, _ = mappable_events(events, include_historical=True)
    assert "e4" in {event.event_id for event in drawn}


def test_article_text_never_reaches_html_unescaped(offline_html):
    assert "<script>window.__pwned" not in offline_html
    assert "<img src=x onerror" not in offline_html
    assert "javascript:alert" not in offline_html
    assert "<title>Seed &lt;map&gt;</title>" in offline_html
    assert "\\u003cscript\\u003ewindow.__pwned" in offline_html  # the text itself is kept, as escaped JSON


def test_offline_map_is_self_contained(offline_html):
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", offline_html)
    assert "tile.openstreetmap.org" not in offline_html and "cartocdn" not in offline_html
    assert "cdn.jsdelivr" not in offline_html and "code.jquery" not in offline_html
    assert "geomap.basemapLayer(" in offline_html
    assert "GeoNames" in offline_html and "Natural Earth" in offline_html


def test_online_map_has_tiles_and_the_offline_basemap(events):
    page = render_html(build_map(events, title="t"))
    assert "tile.openstreetmap.org" in page and "basemaps.cartocdn.com" in page
    assert "geomap.basemapLayer(" in page and "OpenStreetMap" in page
    assert "cdn.jsdelivr" not in page  # assets are inlined either way


def test_layers_named_per_type_and_layer_control_last(events, offline_html):
    for name in ("Airstrike", "Seizure", "Counterattack", "Control", "Heat map"):
        assert f'"{name}" :' in offline_html
    assert '"Shelling" :' not in offline_html  # only the types present (e5 has no coordinates)
    fmap = build_map(events, control=CONTROL)
    assert isinstance(list(fmap._children.values())[-1], folium.LayerControl)
    everything = render_html(build_map(events, all_types=True))
    for kind in EVENT_KINDS:
        assert f'"{TYPE_STYLES[kind][0]}" :' in everything


def test_heat_layer_is_off_by_default(events):
    fmap = build_map(events)
    heat = [child for child in fmap._children.values() if type(child).__name__ == "HeatLayer"]
    assert len(heat) == 1 and heat[0].show is False


def test_output_is_deterministic(events):
    first = render_html(build_map(events, control=CONTROL, title="x", offline=True))
    second = render_html(build_map(list(reversed(events)), control=CONTROL, title="x", offline=True))
    assert first == second
    other = render_html(build_map(events[:2], control=CONTROL, title="x", offline=True))
    ids = set(re.findall(r"map_[0-9a-f]{16}", first))
    assert ids and ids.isdisjoint(re.findall(r"map_[0-9a-f]{16}", other))


def test_folium_class_level_assets_untouched(events):
    before_js, before_css = list(folium.Map.default_js), list(folium.Map.default_css)
    fmap = build_map(events)
    assert fmap.default_js == [] and fmap.default_css == []
    assert folium.Map.default_js == before_js and folium.Map.default_css == before_css
    assert any("leaflet" in name for name, _ in folium.Map().default_js)


def test_asset_bundle_is_inlined_from_packages():
    css, js = asset_bundle()
    assert "L.MarkerClusterGroup" in js and "window.geomap" in js
    assert not re.findall(r"url\((?!data:|#)", css)
    assert "font/woff2;base64" in css
    assert ".fa-plane:before" in css and ".fa-twitter:before" not in css  # trimmed to the icons used
    assert used_icons() == {style[2][3:] for style in TYPE_STYLES.values()}


def test_payload_options_cluster_and_canvas_switch(events):
    drawn, _ = mappable_events(events)
    small = map_payload(drawn, title="t")
    assert small["options"]["iconMarkers"] is True and small["undated"] == 1
    big = map_payload(drawn, title="t", icon_marker_limit=1)
    assert big["options"]["iconMarkers"] is False
    assert [cfg["key"] for cfg in small["types"]] == ["airstrike", "seizure", "counterattack"]


def test_control_payload_snapshots_and_sides(events):
    drawn, _ = mappable_events(events)
    later = {"type": "FeatureCollection", "features": CONTROL["features"][:1]}
    payload = map_payload(drawn, title="t", control=CONTROL,
                          control_snapshots=[("2024-12-01", CONTROL), ("2024-11-30", later)])
    control = payload["control"]
    assert [snap[0] for snap in control["snapshots"]] == ["2024-11-30", "2024-12-01"]
    assert "problems" not in control["current"]
    assert control["sides"] == [{"side": "opposition", "color": side_colour("opposition")}]
    assert map_payload(drawn, title="t")["control"] is None


def test_side_colours_are_stable():
    assert side_colour("government") != side_colour("opposition")
    assert side_colour("Some new side") == side_colour("Some new side")
    assert [cfg["key"] for cfg in type_config(["seizure", "airstrike"])] == ["airstrike", "seizure"]


def test_write_map(tmp_path, events):
    path = write_map(build_map(events, offline=True), tmp_path / "sub" / "m.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_empty_map_still_renders():
    page = render_html(build_map([], offline=True))
    assert "geomap.init(" in page and "geomap.heatLayer" not in page


def test_basemap_package_file_is_small_and_complete():
    assert PACKAGE_FILE.stat().st_size < 1_500_000
    layers = {feature["properties"]["layer"] for feature in json.loads(basemap_json())["features"]}
    assert layers == {"country", "coast", "admin1", "label", "city"}


def test_basemap_builds_from_bundled_sources():
    collection = build_basemap()
    names = {f["properties"]["name"] for f in collection["features"] if f["properties"]["layer"] == "city"}
    assert {"Damascus", "Kyiv"} <= names or {"Damascus", "Kiev"} <= names
    assert collection == json.loads(PACKAGE_FILE.read_text(encoding="utf-8"))  # the shipped file is current


def test_control_history_is_capped_to_keep_the_file_small(events, monkeypatch):
    from geomap.render import maps

    drawn, _ = mappable_events(events)
    snapshots = [(f"2024-11-{day:02d}", CONTROL) for day in range(1, 11)]
    size = len(json.dumps({"type": "FeatureCollection", "features": CONTROL["features"]}, separators=(",", ":")))
    monkeypatch.setattr(maps, "CONTROL_HISTORY_BYTES", size * 3)
    control = map_payload(drawn, title="t", control=CONTROL, control_snapshots=snapshots)["control"]
    assert [snap[0] for snap in control["snapshots"]] == ["2024-11-08", "2024-11-09", "2024-11-10"]
    assert control["droppedSnapshots"] == 7

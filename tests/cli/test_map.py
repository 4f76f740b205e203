"""``geomap map`` through click's CliRunner, on an events GeoJSON of synthetic events."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from geomap.cli.map import command
from geomap.geojson import dump_feature_collection, events_to_collection
from geomap.types import Event


def _event(event_id: str, event_type: str, date: str | None, **fields) -> Event:
    values = {"article_id": "a1", "lat": 36.2, "lon": 37.15, "place": "Aleppo", "evidence": f"About {event_id}."}
    values.update(fields)
    return Event(event_id=event_id, event_type=event_type, event_date=date, **values)


EVENTS = [
    _event("s1", "airstrike", "2024-11-29"),
    _event("s2", "seizure", "2024-11-30", place_id="geonames:170063", actors=("Hayat Tahrir al-Sham",),
           country_code="SY", confidence=0.9),
    _event("s3", "counterattack", "2024-12-02", lat=35.4, lon=36.7),
    _event("s4", "shelling", None, lat=35.9, lon=36.6),
    _event("s5", "airstrike", "2016-12-01", historical=True),
]


@pytest.fixture()
def events_file(tmp_path):
    path = tmp_path / "events.geojson"
    with open(path, "w", encoding="utf-8") as stream:
        dump_feature_collection(events_to_collection(EVENTS), stream)
    return path


def payload(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="geomap_?data_[0-9a-f]+">(.*?)</script>', html, re.IGNORECASE | re.DOTALL)
    assert match, "engine data not found in the map"
    return json.loads(match.group(1))


def run(*args: str):
    return CliRunner().invoke(command, list(args))


def test_offline_map_from_events_geojson(tmp_path, events_file):
    out = tmp_path / "maps" / "m.html"
    result = run(str(events_file), "-o", str(out), "--offline", "--title", "Test map")
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    data = payload(html)
    assert [row[-1] for row in data["events"]] == ["s4", "s1", "s2", "s3"]  # historical left out
    assert data["title"] == "Test map"
    assert "tile.openstreetmap.org" not in html
    assert "4 events drawn" in result.output


def test_same_input_gives_identical_html(tmp_path, events_file):
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    assert run(str(events_file), "-o", str(first), "-q").exit_code == 0
    assert run(str(events_file), "-o", str(second), "-q").exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_filters_types_dates_and_historical(tmp_path, events_file):
    out = tmp_path / "m.html"
    result = run(str(events_file), "-o", str(out), "-q", "--types", "airstrike,shelling", "--include-historical")
    assert result.exit_code == 0, result.output
    assert sorted(row[-1] for row in payload(out.read_text())["events"]) == ["s1", "s4", "s5"]
    result = run(str(events_file), "-o", str(out), "-q", "--overwrite", "--from", "2024-11-30", "--to", "2024-12-01")
    assert result.exit_code == 0, result.output
    assert sorted(row[-1] for row in payload(out.read_text())["events"]) == ["s2", "s4"]  # undated kept


def test_refuses_to_overwrite(tmp_path, events_file):
    out = tmp_path / "m.html"
    out.write_text("keep me")
    result = run(str(events_file), "-o", str(out))
    assert result.exit_code != 0 and "--overwrite" in result.output
    assert out.read_text() == "keep me"
    assert run(str(events_file), "-o", str(out), "--overwrite", "-q").exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--types", "airstrike,parade"], "unknown event type(s) parade"),
    (["--from", "2024-13-01"], "expected a date YYYY-MM-DD"),
    (["--from", "2024-12-02", "--to", "2024-12-01"], "swap them"),
])
def test_bad_options_give_one_line_errors(tmp_path, events_file, args, message):
    result = run(str(events_file), "-o", str(tmp_path / "m.html"), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_needs_input_or_db(tmp_path):
    result = run("-o", str(tmp_path / "m.html"))
    assert result.exit_code == 2 and "--db" in result.output
    result = run("--db", str(tmp_path / "missing.gpkg"), "-o", str(tmp_path / "m.html"))
    assert result.exit_code == 1 and "no such file" in result.output


def test_help_has_an_example():
    result = run("--help")
    assert result.exit_code == 0
    assert "geomap map seeds/ -o maps/seeds.html --offline" in result.output


def test_control_layer_when_control_finds_places(tmp_path, events_file):
    pytest.importorskip("geomap.control")
    out = tmp_path / "m.html"
    assert run(str(events_file), "-o", str(out), "-q").exit_code == 0
    data = payload(out.read_text())
    assert data["control"] is not None  # HTS seized Aleppo (s2)
    assert '"Control" :' in out.read_text()
    assert run(str(events_file), "-o", str(out), "-q", "--overwrite", "--no-control").exit_code == 0
    assert payload(out.read_text())["control"] is None


def test_map_from_event_store(tmp_path):
    store_module = pytest.importorskip("geomap.store")
    from geomap.types import Article

    db = tmp_path / "events.gpkg"
    article = Article(article_id="a1", text="Airstrikes hit Aleppo.", published="2024-12-01")
    with store_module.EventStore.open(db, create=True) as store:
        store.commit([store_module.ArticleResult(article=article, content_hash="h1", events=tuple(EVENTS[:3]))])
    out = tmp_path / "store.html"
    result = run("--db", str(db), "-o", str(out), "--offline", "--types", "airstrike,seizure")
    assert result.exit_code == 0, result.output
    types = {data_type["key"] for data_type in payload(out.read_text())["types"]}
    assert types == {"airstrike", "seizure"}
    assert "from --db" in result.output

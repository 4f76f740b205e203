"""``load_events`` reads both articles and the events GeoJSON that ``geomap extract`` writes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from geomap.cli.main import cli
from geomap.pipeline import is_event_file, load_events

REPORT = ("Russian forces shelled the city of Kherson on Sunday, killing three civilians and "
          "wounding 11, the regional governor said.\n")


def test_extract_output_round_trips_through_load_events(tmp_path):
    article = tmp_path / "2024-12-20_kherson.txt"
    article.write_text(REPORT, encoding="utf-8")
    events_path = tmp_path / "events.geojson"
    result = CliRunner().invoke(cli, ["extract", str(article), "-o", str(events_path), "-q"])
    assert result.exit_code == 0, result.output

    assert is_event_file(events_path)
    from_articles = load_events([article])
    from_geojson = load_events([events_path])
    assert from_articles.events, "the report should yield an event"
    assert [e.to_feature() for e in from_geojson.events] == [e.to_feature() for e in from_articles.events]
    assert from_geojson.problems == []


def test_json_article_list_is_not_mistaken_for_events(tmp_path):
    records = tmp_path / "articles.json"
    records.write_text(json.dumps([{"id": "a1", "date": "2024-12-20", "text": REPORT}]), encoding="utf-8")
    assert not is_event_file(records)
    batch = load_events([records])
    assert batch.articles_read == 1


def test_wrong_geojson_becomes_a_problem(tmp_path):
    other = tmp_path / "zones.geojson"
    other.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": None, "properties": {"name": "x"}}]}), encoding="utf-8")
    batch = load_events([other])
    assert batch.events == []
    assert [p.code for p in batch.problems] == ["bad-geojson"]

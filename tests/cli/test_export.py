"""``geomap export``: every format from the command line, filters, and clear errors."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import pyogrio
import pytest
from click.testing import CliRunner

from geomap.cli.export import command
from geomap.export import ACLED_COLUMNS
from geomap.store import ArticleResult, EventStore, content_hash
from geomap.types import Article, Event
from tests.test_export import check_rfc7946

BASE = Event(event_id="s1", article_id="a1", event_type="airstrike", lat=35.9306, lon=36.6339, place="Idlib",
             country_code="SY", admin1="Idlib", event_date="2024-11-29", actors=("Russian forces",), fatalities=4,
             injured=54, evidence="A drone strike hit Idlib city.", source="Outlet A",
             acled_event_type="Explosions/Remote violence", acled_sub_event_type="Air/drone strike")
EVENTS = [
    BASE,
    replace(BASE, event_id="s2", event_type="seizure", lat=36.5109, lon=37.1015, place="Tel Rifaat",
            event_date="2024-12-01", actors=("Syrian National Army",), fatalities=None, injured=None),
    replace(BASE, event_id="u1", event_type="shelling", lat=46.6354, lon=32.6169, place="Kherson", country_code="UA",
            admin1="Kherson", event_date="2024-12-20", fatalities=2),
]


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "events.gpkg"
    with EventStore.open(path, create=True) as store:
        store.commit([ArticleResult(Article("a1", "text"), content_hash("text"), tuple(EVENTS))])
    return path


def run(*args: str):
    return CliRunner().invoke(command, list(args))


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv", "kml", "parquet"])
def test_every_format_writes_a_file(db, tmp_path, fmt) -> None:
    out = tmp_path / f"out.{fmt}"
    result = run("--db", str(db), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists() and out.stat().st_size > 0
    assert f"export: 3 events -> {out} ({fmt})" in result.output
    if fmt in {"gpkg", "kml"}:
        assert pyogrio.list_layers(out).size > 0


def test_geojson_filters(db, tmp_path) -> None:
    def ids(*filters: str) -> list[str]:
        out = tmp_path / "f.geojson"
        result = run("--db", str(db), "--format", "geojson", "-o", str(out), "--overwrite", *filters)
        assert result.exit_code == 0, result.output
        data = json.loads(out.read_text(encoding="utf-8"))
        check_rfc7946(data)
        return [f["id"] for f in data["features"]]

    assert ids() == ["s1", "s2", "u1"]
    assert ids("--from", "2024-11-30") == ["s2", "u1"]
    assert ids("--to", "2024-12-01", "--types", "seizure,shelling") == ["s2"]
    assert ids("--country", "ua") == ["u1"]
    assert ids("--bbox", "36,35,38,37") == ["s1", "s2"]


def test_csv_columns_from_the_cli(db, tmp_path) -> None:
    out = tmp_path / "acled.csv"
    assert run("--db", str(db), "--format", "csv", "-o", str(out), "--country", "SY").exit_code == 0
    with open(out, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
    assert set(ACLED_COLUMNS) <= set(reader.fieldnames or [])
    assert [row["location"] for row in rows] == ["Idlib", "Tel Rifaat"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--types", "riot"], "expected event types among"),
        (["--bbox", "1,2,3"], "expected WEST,SOUTH,EAST,NORTH"),
        (["--bbox", "0,60,10,50"], "SOUTH <= NORTH"),
        (["--from", "2024-13-01"], "expected a date YYYY-MM-DD"),
        (["--from", "2024-12-09", "--to", "2024-12-01"], "swap them"),
        (["--country", "Syria"], "ISO 3166-1 alpha-2"),
    ],
)
def test_bad_filters_are_clear_errors(db, tmp_path, args, message) -> None:
    result = run("--db", str(db), "--format", "csv", "-o", str(tmp_path / "x.csv"), *args)
    assert result.exit_code == 2
    assert message in result.output


def test_existing_output_needs_overwrite(db, tmp_path) -> None:
    out = tmp_path / "events.kml"
    out.write_text("old")
    result = run("--db", str(db), "--format", "kml", "-o", str(out))
    assert result.exit_code == 1 and "--overwrite" in result.output
    assert run("--db", str(db), "--format", "kml", "-o", str(out), "--overwrite").exit_code == 0


def test_exporting_over_the_store_is_refused(db) -> None:
    result = run("--db", str(db), "--format", "gpkg", "-o", str(db), "--overwrite")
    assert result.exit_code == 2 and "is the event store itself" in result.output
    with EventStore.open(db) as store:
        assert store.counts()["events"] == 3


def test_missing_store_is_a_clear_error(tmp_path) -> None:
    result = run("--db", str(tmp_path / "none.gpkg"), "--format", "csv", "-o", str(tmp_path / "x.csv"))
    assert result.exit_code == 1
    assert "expected an event store" in result.output and "geomap ingest" in result.output


def test_help_has_examples() -> None:
    result = run("--help")
    assert result.exit_code == 0 and "geomap export --db events.gpkg --format geojson" in result.output

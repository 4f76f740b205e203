"""``geomap control``: the command line, end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from shapely.geometry import shape

from geomap.borders import load_borders
from geomap.cli.main import cli
from geomap.geojson import dump_feature_collection, events_to_collection
from geomap.types import Event

SEEDS = sorted(Path("/work/shared/seeds").glob("*.txt"))


def write_events(path: Path, events: list[Event]) -> Path:
    with open(path, "w", encoding="utf-8") as stream:
        dump_feature_collection(events_to_collection(events), stream)
    return path


def example_events() -> list[Event]:
    common = {"country_code": "SY", "geo_precision": 1, "confidence": 0.7}
    return [
        Event(
            "x1", "art1", "seizure", 36.2021, 37.1343, place="Aleppo", place_id="geonames:170063",
            event_date="2024-11-29", actors=("Hayat Tahrir al-Sham", "Syrian government forces"),
            evidence="Insurgents seized Aleppo.", **common,
        ),
        Event(
            "x2", "art2", "counterattack", 36.2021, 37.1343, place="Aleppo", place_id="geonames:170063",
            event_date="2024-12-05", actors=("Syrian government forces",),
            evidence="The army retook Aleppo.", **common,
        ),
        Event(
            "x3", "art2", "seizure", 36.0, 37.0, place="Somewhere", place_id="geonames:1",
            event_date=None, actors=("Hayat Tahrir al-Sham",), **common,
        ),
    ]  # fmt: skip


def points(collection: dict) -> dict[str, dict]:
    return {
        f["properties"]["place"]: f["properties"] for f in collection["features"] if f["geometry"]["type"] == "Point"
    }


@pytest.mark.parametrize("bad", ["2024-13-01", "1 Dec 2024", "2024-02-30"])
def test_bad_as_of_is_rejected_with_one_clear_line(tmp_path, bad):
    events = write_events(tmp_path / "events.geojson", example_events())
    result = CliRunner().invoke(cli, ["control", str(events), "--as-of", bad, "-o", str(tmp_path / "out.geojson")])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert "expected --as-of as a calendar date YYYY-MM-DD" in lines[0] and repr(bad) in lines[0]
    assert not (tmp_path / "out.geojson").exists()


def test_missing_baseline_is_one_clear_line(tmp_path):
    events = write_events(tmp_path / "events.geojson", example_events())
    result = CliRunner().invoke(cli, ["control", str(events), "--baseline", str(tmp_path / "nope.csv")])
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1
    assert "nope.csv" in result.output and "does not exist" in result.output


def test_existing_output_is_kept_without_overwrite(tmp_path):
    events = write_events(tmp_path / "events.geojson", example_events())
    out = tmp_path / "control.geojson"
    out.write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(cli, ["control", str(events), "-o", str(out)])
    assert result.exit_code != 0 and "--overwrite" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "keep me"
    result = CliRunner().invoke(cli, ["control", str(events), "-o", str(out), "--overwrite", "-q"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_help_shows_an_example():
    result = CliRunner().invoke(cli, ["control", "--help"])
    assert result.exit_code == 0
    assert "geomap control events.geojson --as-of" in result.output and "--max-reach-km" in result.output


def test_control_writes_points_and_zones_at_each_date(tmp_path):
    pytest.importorskip("geomap.pipeline")
    events = write_events(tmp_path / "events.geojson", example_events())
    runner = CliRunner()
    for as_of, holder, side in [
        ("2024-12-01", "Hayat Tahrir al-Sham", "opposition"),
        ("2024-12-06", "Syrian government forces", "government"),
    ]:
        out = tmp_path / f"control-{as_of}.geojson"
        result = runner.invoke(cli, ["control", str(events), "--as-of", as_of, "-o", str(out)])
        assert result.exit_code == 0, result.output
        collection = json.loads(out.read_text(encoding="utf-8"))
        assert collection["type"] == "FeatureCollection" and collection["as_of"] == as_of
        aleppo = points(collection)["Aleppo"]
        assert (aleppo["holder"], aleppo["side"]) == (holder, side)
        zones = [f for f in collection["features"] if f["geometry"]["type"] != "Point"]
        assert [z["properties"]["side"] for z in zones] == [side]
        assert zones[0]["properties"]["as_of"] == as_of
        assert [p["code"] for p in collection["problems"]] == ["no-date"]
    # deterministic bytes
    again = tmp_path / "again.geojson"
    runner.invoke(cli, ["control", str(events), "--as-of", "2024-12-06", "-o", str(again), "-q"])
    assert again.read_bytes() == (tmp_path / "control-2024-12-06.geojson").read_bytes()


def test_control_with_a_baseline_from_a_previous_run(tmp_path):
    pytest.importorskip("geomap.pipeline")
    first = write_events(tmp_path / "first.geojson", example_events()[:1])
    later = write_events(tmp_path / "later.geojson", example_events()[1:2])
    runner = CliRunner()
    result = runner.invoke(cli, ["control", str(first), "-q", "-o", str(tmp_path / "c1.geojson")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        cli,
        ["control", str(later), "--baseline", str(tmp_path / "c1.geojson"), "-q", "-o", str(tmp_path / "c2.geojson")],
    )
    assert result.exit_code == 0, result.output
    collection = json.loads((tmp_path / "c2.geojson").read_text(encoding="utf-8"))
    assert points(collection)["Aleppo"]["holder"] == "Syrian government forces"
    assert points(collection)["Aleppo"]["since"] == "2024-12-05"


@pytest.mark.skipif(not SEEDS, reason="seed article not available in /work/shared/seeds")
def test_seed_article_control(tmp_path):
    for module in ("geomap.pipeline", "geomap.events", "geomap.gazetteer"):
        pytest.importorskip(module)
    out = tmp_path / "control.geojson"
    result = CliRunner().invoke(cli, ["control", *map(str, SEEDS), "--date", "2024-12-01", "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    collection = json.loads(out.read_text(encoding="utf-8"))
    held = points(collection)
    aleppo = held["Aleppo"]
    assert (aleppo["holder"], aleppo["side"]) == ("Hayat Tahrir al-Sham", "opposition")
    assert aleppo["event_ids"]
    letters = {re.sub(r"[^a-z]", "", name.casefold()): value for name, value in held.items()}
    for wanted in ("kuweires", "rifat"):
        found = [value for name, value in letters.items() if wanted in name.replace("rifaat", "rifat")]
        assert found, f"no place matching {wanted!r} in {sorted(held)}"
        assert (found[0]["holder"], found[0]["side"]) == ("Syrian National Army", "opposition")
        assert found[0]["event_ids"]
    syria = load_borders().country("SY").buffer(1e-6)
    zones = [f for f in collection["features"] if f["geometry"]["type"] != "Point"]
    assert zones
    for zone in zones:
        geometry = shape(zone["geometry"])
        assert geometry.is_valid and geometry.within(syria)

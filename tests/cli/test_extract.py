"""``geomap extract``: GeoJSON out, determinism, --explain, summary, bad inputs, --overwrite."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geomap import events as events_module
from geomap.cli.main import cli
from tests.test_toponyms import MiniGazetteer

GOOD = ("Islamist insurgents seized control of Aleppo on Saturday. An airstrike on Idlib city killed four "
        "people and injured 54 others. The foreign minister arrived in Damascus for talks.")


@pytest.fixture(autouse=True)
def mini_gazetteer():
    """Run the command against the small test gazetteer (the seed tests use the real one)."""
    saved = list(events_module._DEFAULT_GAZETTEER)
    events_module._DEFAULT_GAZETTEER[:] = [MiniGazetteer()]
    yield
    events_module._DEFAULT_GAZETTEER[:] = saved


def run(args, **kwargs):
    return CliRunner().invoke(cli, args, catch_exceptions=False, **kwargs)


def test_extract_writes_rfc7946_events(tmp_path):
    article = tmp_path / "report.txt"
    article.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "events.geojson"
    result = run(["extract", str(article), "--date", "2024-12-01", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    kinds = sorted((f["properties"]["event_type"], f["properties"]["place_id"]) for f in data["features"])
    assert kinds == [("airstrike", "t:idlib"), ("seizure", "t:aleppo")]
    props = data["features"][0]["properties"]
    for key in ("event_id", "article_id", "event_type", "weapon", "acled_event_type", "acled_sub_event_type", "place",
                "place_id", "country_code", "admin1", "geo_precision", "uncertainty_km", "event_date",
                "time_precision", "actors", "claimed_by", "fatalities", "injured", "historical", "evidence",
                "source", "url", "confidence"):
        assert key in props
    assert "explain" not in props
    assert "2 events found" in result.stderr and "1 article read" in result.stderr


def test_output_is_byte_identical(tmp_path):
    article = tmp_path / "report.txt"
    article.write_text(GOOD, encoding="utf-8")
    first = run(["extract", str(article), "--date", "2024-12-01", "-q"]).stdout
    second = run(["extract", str(article), "--date", "2024-12-01", "-q"]).stdout
    assert first == second and first.endswith("\n")


def test_explain_adds_triggers_candidates_and_rules(tmp_path):
    article = tmp_path / "report.txt"
    article.write_text(GOOD, encoding="utf-8")
    data = json.loads(run(["extract", str(article), "--date", "2024-12-01", "--explain", "-q"]).stdout)
    explain = data["features"][0]["properties"]["explain"]
    assert explain["trigger"] and explain["candidates"] and explain["rules"]


def test_existing_output_needs_overwrite(tmp_path):
    article = tmp_path / "report.txt"
    article.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "events.geojson"
    out.write_text("{}", encoding="utf-8")
    result = run(["extract", str(article), "-o", str(out)])
    assert result.exit_code != 0 and "--overwrite" in result.stderr
    assert run(["extract", str(article), "-o", str(out), "--overwrite", "-q"]).exit_code == 0


def test_bad_inputs_become_problems_and_good_articles_still_count(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff\xfe" * 100)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "huge.txt").write_text("Shelling hit Aleppo. " * 250_000, encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "ok-1", "text": GOOD, "date": "2024-12-01"}) + "\n{broken json\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(
        "<html><head><script>var x='Shelling hit Aleppo';</script><style>p{}</style></head>"
        "<body><nav>Home</nav><p>Insurgents seized control of Hama on Sunday.</p></body></html>",
        encoding="utf-8")
    result = run(["extract", str(tmp_path), "--date", "2024-12-01"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ids = {f["properties"]["article_id"] for f in data["features"]}
    assert "ok-1" in ids
    places = {f["properties"]["place_id"] for f in data["features"]}
    assert "t:hama" in places  # the HTML article's text, not its script
    assert "2 articles read" in result.stderr
    problems = int(result.stderr.strip().splitlines()[-1].split(", ")[-1].split()[0])
    assert problems >= 4
    for name in ("binary.txt", "empty.txt", "huge.txt", "feed.jsonl"):
        assert name in result.stderr


def test_no_readable_article_exits_non_zero(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = run(["extract", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1 and "0 articles read" in result.stderr


def test_help_has_an_example():
    assert "Examples:" in run(["extract", "--help"]).stdout


def test_toponyms_json_fields(tmp_path):
    article = tmp_path / "report.txt"
    article.write_text(GOOD, encoding="utf-8")
    result = run(["toponyms", str(article), "--date", "2024-12-01", "--json"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all(list(row) == ["article_id", "start", "end", "text", "place_id", "name", "lat", "lon",
                                      "country_code", "feature_code", "score", "role"] for row in rows)
    roles = {row["text"]: row["role"] for row in rows}
    assert roles["Aleppo"] == "event_location" and roles["Damascus"] == "mention"
    assert all(GOOD[row["start"]:row["end"]] == row["text"] for row in rows)


def test_load_events_reads_extracted_geojson_back(tmp_path):
    from geomap.pipeline import load_events

    article = tmp_path / "report.txt"
    article.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "events.geojson"
    run(["extract", str(article), "--date", "2024-12-01", "-o", str(out), "-q"])
    direct = load_events([article], default_date="2024-12-01")
    again = load_events([out])
    assert direct.articles_read == 1 and again.articles_read == 0
    assert sorted(e.event_id for e in again.events) == sorted(e.event_id for e in direct.events)
    assert again.events and again.problems == []
    assert direct.summary() == "1 article read, 2 events found, 0 problems"

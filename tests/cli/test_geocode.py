"""Tests for ``geomap geocode`` (click CliRunner)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from geomap.cli.geocode import command
from geomap.cli.main import cli

FIELDS = ["query", "name", "lat", "lon", "country_code", "admin1", "feature_code", "place_id", "score"]


@pytest.fixture()
def run(gazetteer, monkeypatch):  # noqa: F811
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(gazetteer.path))
    runner = CliRunner()

    def invoke(args, **kwargs):
        return runner.invoke(command, args, catch_exceptions=False, **kwargs)

    return invoke


def test_json_lines_have_exactly_the_contract_fields(run):
    result = run(["Tel Rifaat", "Kuweires airbase", "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(line) for line in lines] == [FIELDS, FIELDS]
    assert lines[0]["country_code"] == "SY" and lines[1]["feature_code"] == "AIRB"
    assert abs(lines[1]["lat"] - 36.1871) < 0.01


def test_limit_adds_candidates(run):
    result = run(["Rafah", "--json", "--limit", "3"])
    record = json.loads(result.stdout)
    assert list(record) == FIELDS + ["candidates"]
    assert 1 < len(record["candidates"]) <= 3
    assert record["candidates"][0]["place_id"] == record["place_id"]


def test_country_option(run):
    record = json.loads(run(["Rafah", "--country", "EG", "--json"]).stdout)
    assert record["country_code"] == "EG"


def test_unknown_name_is_a_null_result(run):
    result = run(["Xqzzyvlorp Qwtrm", "--json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["lat"] is None and record["lon"] is None and record["place_id"] is None


def test_stdin_queries(run):
    result = run(["-", "--json"], input="Idleb\n\nSaraqeb\n")
    assert result.exit_code == 0
    assert [json.loads(line)["query"] for line in result.stdout.splitlines()] == ["Idleb", "Saraqeb"]


def test_plain_output(run):
    result = run(["Aleppo", "--limit", "2"])
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0]
    assert first.startswith("Aleppo\tAleppo (Aleppo, SY)") and "geonames:170063" in first


def test_empty_query_is_an_error(run):
    result = run([""])
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0 and "empty query" in result.stderr


def test_non_utf8_stdin_is_an_error(run):
    result = run(["-"], input=b"Idleb\n\xff\xfe\n")
    assert result.exit_code != 0
    assert "not UTF-8" in result.stderr and result.stderr.strip().count("\n") == 0


def test_missing_index_is_an_error(run, tmp_path):
    result = run(["Aleppo", "--index", str(tmp_path / "absent.sqlite")])
    assert result.exit_code != 0
    assert "not found" in result.stderr and result.stderr.strip().count("\n") == 0


def test_corrupt_index_names_the_rebuild_command(run, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"garbage" * 1000)
    result = run(["Aleppo", "--index", str(bad)])
    assert result.exit_code != 0
    assert "geomap geocode --rebuild" in result.stderr and result.stderr.strip().count("\n") == 0


def test_no_query_is_a_usage_error(run):
    assert run([]).exit_code == 2


def test_help_shows_an_example():
    runner = CliRunner()
    result = runner.invoke(cli, ["geocode", "--help"])
    assert result.exit_code == 0 and "geomap geocode \"Tel Rifaat\"" in result.output
    assert "Example" in runner.invoke(cli, ["--help"]).output

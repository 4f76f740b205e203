"""``geomap ingest``: idempotent runs, three-outlet merge, concurrent writers, resume after a kill."""

from __future__ import annotations

import importlib.util
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pyogrio
import pytest
from click.testing import CliRunner

from geomap.cli.ingest import command
from geomap.geojson import dump_feature_collection, events_to_collection
from geomap.store import EventStore
from geomap.types import Event

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
HAS_EXTRACTION = importlib.util.find_spec("geomap.events") is not None


def write_event_file(path: Path, first: int, last: int, *, per_article: int = 2) -> Path:
    """Write a `geomap extract`-style GeoJSON: articles first..last-1, events ~22 km apart (no merges)."""
    events = []
    for i in range(first, last):
        for k in range(per_article):
            n = i * per_article + k
            events.append(Event(event_id=f"e{n:06d}", article_id=f"a{i:05d}", event_type="shelling",
                                lat=20 + (n % 200) * 0.2, lon=20 + (n // 200) * 0.2, event_date="2024-12-01",
                                actors=("Russian forces",), fatalities=n % 5, source=f"Outlet {i % 3}",
                                evidence=f"Shells fell on village {n}."))
    with open(path, "w", encoding="utf-8") as stream:
        dump_feature_collection(events_to_collection(events), stream)
    return path


def ingest_process(inputs: list[Path], db: Path, *extra: str) -> subprocess.Popen:
    args = [sys.executable, "-m", "geomap", "ingest", *map(str, inputs), "--db", str(db), "-q", *extra]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def article_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def assert_store_sound(db: Path) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    counted = conn.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'events'").fetchone()[0]
    assert counted == conn.execute("SELECT count(*) FROM events").fetchone()[0]
    conn.close()
    assert pyogrio.read_info(db, layer="events")["features"] == counted


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(command, ["--help"])
    assert result.exit_code == 0
    assert "geomap ingest seeds/ --db events.gpkg" in result.output


def test_event_geojson_ingest_is_idempotent(tmp_path) -> None:
    source = write_event_file(tmp_path / "events.geojson", 0, 30)
    db = tmp_path / "store.gpkg"
    runner = CliRunner()
    first = runner.invoke(command, [str(source), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "30 new articles, 0 skipped duplicates, 60 events added, 0 events merged" in first.output
    second = runner.invoke(command, [str(source), "--db", str(db)])
    assert "0 new articles, 30 skipped duplicates, 0 events added" in second.output
    with EventStore.open(db) as store:
        assert store.counts()["events"] == 60


def test_workers_and_scheduler_are_exclusive(tmp_path) -> None:
    result = CliRunner().invoke(command, ["x.txt", "--db", str(tmp_path / "s.gpkg"), "--workers", "2",
                                          "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code != 0 and "not both" in result.output


def test_unreadable_store_is_a_clear_error(tmp_path) -> None:
    bad = tmp_path / "bad.gpkg"
    bad.write_text("plain text, not a GeoPackage " * 50)
    result = CliRunner().invoke(command, [str(tmp_path), "--db", str(bad)])
    assert result.exit_code == 1
    assert "expected a GeoPackage event store" in result.output


def test_two_concurrent_ingests_lose_nothing(tmp_path) -> None:
    part_a = write_event_file(tmp_path / "a.geojson", 0, 250)
    part_b = write_event_file(tmp_path / "b.geojson", 150, 400)  # 100 articles in both
    db = tmp_path / "shared.gpkg"
    procs = [ingest_process([part_a], db, "--batch-size", "5"), ingest_process([part_b], db, "--batch-size", "5")]
    deadline = time.monotonic() + 120
    while article_count(db) == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert all(proc.poll() is None for proc in procs), "both writers must be running at the same time"
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    assert_store_sound(db)
    with EventStore.open(db) as store:
        counts = store.counts()
        assert counts["articles"] == 400
        assert counts["events"] == counts["event_sources"] == 800
        assert {e.event_id for e in store.read_events()} == {f"e{n:06d}" for n in range(800)}


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_killed_ingest_leaves_a_sound_store_and_resumes(tmp_path, how) -> None:
    source = write_event_file(tmp_path / "big.geojson", 0, 3000, per_article=1)
    db = tmp_path / "store.gpkg"
    proc = ingest_process([source], db, "--batch-size", "25")
    deadline = time.monotonic() + 120
    while article_count(db) < 50 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest finished before it could be interrupted; make the input larger"
    os.kill(proc.pid, how)
    _, err = proc.communicate(timeout=60)
    if how == signal.SIGINT:
        assert proc.returncode == 130 and "rerun the same command to resume" in err
    else:
        assert proc.returncode == -signal.SIGKILL
    stored = article_count(db)
    assert 0 < stored < 3000 and stored % 25 == 0  # whole batches only
    assert_store_sound(db)
    with EventStore.open(db) as store:
        assert store.counts()["events"] == stored
    rerun = CliRunner().invoke(command, [str(source), "--db", str(db)])
    assert rerun.exit_code == 0, rerun.output
    assert f"{3000 - stored} new articles, {stored} skipped duplicates" in rerun.output
    with EventStore.open(db) as store:
        assert store.counts()["events"] == 3000


@pytest.mark.skipif(not HAS_EXTRACTION, reason="geomap.events not available yet")
def test_seed_articles_twice_add_nothing_the_second_time(tmp_path) -> None:
    db = tmp_path / "seeds.gpkg"
    runner = CliRunner()
    first = runner.invoke(command, [str(SEEDS), "--db", str(db)])
    assert first.exit_code == 0, first.output
    with EventStore.open(db) as store:
        before = store.counts()
    assert before["articles"] > 0 and before["events"] > 0
    second = runner.invoke(command, [str(SEEDS), "--db", str(db)])
    assert second.exit_code == 0, second.output
    assert f"0 new articles, {before['articles']} skipped duplicates, 0 events added, 0 events merged" in second.output
    with EventStore.open(db) as store:
        assert store.counts() == before
        if importlib.util.find_spec("geomap.control") is not None:  # refreshed after the first run
            control = store.read_control()
            assert control is not None and before["control_points"] > 0
            assert {f["geometry"]["type"] for f in control["features"]} >= {"Point"}


@pytest.mark.skipif(not HAS_EXTRACTION, reason="geomap.events not available yet")
def test_three_outlet_seed_reports_merge_into_one_event(tmp_path) -> None:
    db = tmp_path / "nuseirat.gpkg"
    reports = sorted(SEEDS.glob("2024-12-12_gaza-nuseirat-strike-*.txt"))
    assert len(reports) == 3
    result = CliRunner().invoke(command, [*map(str, reports), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with EventStore.open(db) as store:
        # Nuseirat camp is at about 31.45 N, 34.39 E
        strikes = store.read_stored(types=["airstrike"], bbox=(34.30, 31.40, 34.48, 31.50))
        assert len(strikes) == 1, [r.event for r in strikes]
        [strike] = strikes
        reports = store.read_sources(strike.event.event_id)
    assert strike.n_sources == 3
    assert len({s.article_id for s in strike.sources}) == 3 and all(s.quote for s in strike.sources)
    # the outlets said 18, 16 and "17 ... 20": ACLED keeps the lowest figure that was extracted
    figures = [r.fatalities for r in reports if r.fatalities is not None]
    assert figures and strike.event.fatalities == min(figures) <= 18


@pytest.mark.loopback
@pytest.mark.skipif(not HAS_EXTRACTION, reason="geomap.events not available yet")
def test_workers_flag_gives_the_serial_store(tmp_path) -> None:
    runner = CliRunner()
    serial, dask = tmp_path / "serial.gpkg", tmp_path / "dask.gpkg"
    assert runner.invoke(command, [str(SEEDS), "--db", str(serial), "-q"]).exit_code == 0
    result = runner.invoke(command, [str(SEEDS), "--db", str(dask), "--workers", "2", "--batch-size", "7"])
    assert result.exit_code == 0, result.output
    with EventStore.open(serial) as one, EventStore.open(dask) as two:
        assert one.read_stored() == two.read_stored()
        assert one.counts() == two.counts()

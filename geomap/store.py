"""The GeoPackage event store: articles, merged events, their sources, control, problems.

The store is one GeoPackage file (SQLite underneath; QGIS opens it directly).
Layers are created through pyogrio/GDAL so the GeoPackage metadata is the one
GIS software expects; rows are written with :mod:`sqlite3` in one
``BEGIN IMMEDIATE`` transaction per batch, so a crash or Ctrl-C leaves the
previous state intact and concurrent writers queue on SQLite's lock.

Tables: ``articles`` (id, content hash, title, url, source, date), ``events``
(Point + every Event property, ``n_sources``, ``sources``), ``event_sources``
(merged event <-> article, with the evidence sentence and the full report),
``control_points`` / ``control_zones`` and ``problems``.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
import struct
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Self

from geomap import dedup
from geomap.errors import StoreError
from geomap.types import Article, Event, Problem

WGS84 = 4326
LOCK_TIMEOUT_S = 600.0
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}

EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "text"), ("article_id", "text"), ("event_type", "text"), ("weapon", "text"),
    ("acled_event_type", "text"), ("acled_sub_event_type", "text"), ("place", "text"), ("place_id", "text"),
    ("country_code", "text"), ("admin1", "text"), ("geo_precision", "int"), ("uncertainty_km", "float"),
    ("event_date", "date"), ("year", "int"), ("time_precision", "int"), ("actors", "json"),
    ("actor1", "text"), ("actor2", "text"), ("claimed_by", "text"), ("fatalities", "int"), ("injured", "int"),
    ("historical", "bool"), ("evidence", "text"), ("source", "text"), ("url", "text"), ("title", "text"),
    ("confidence", "float"), ("n_sources", "int"), ("sources", "json"), ("explain", "json"),
    ("lat", "float"), ("lon", "float"),
)
SOURCE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "text"), ("source_event_id", "text"), ("article_id", "text"), ("outlet", "text"),
    ("url", "text"), ("title", "text"), ("quote", "text"), ("event_date", "date"), ("fatalities", "int"),
    ("event_json", "json"),
)
ARTICLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "text"), ("hash", "text"), ("title", "text"), ("url", "text"), ("source", "text"),
    ("date", "date"), ("origin", "text"), ("n_events", "int"), ("ingested_at", "text"),
)
PROBLEM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("stage", "text"), ("code", "text"), ("message", "text"), ("origin", "text"), ("article_id", "text"),
    ("severity", "text"), ("recorded_at", "text"),
)
CONTROL_POINT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("place", "text"), ("place_id", "text"), ("holder", "text"), ("side", "text"), ("status", "text"),
    ("since", "date"), ("event_ids", "json"), ("confidence", "float"),
)
CONTROL_ZONE_COLUMNS: tuple[tuple[str, str], ...] = (("controller", "text"), ("side", "text"), ("as_of", "date"))

# layer -> (columns, geometry type or None for an attribute table)
LAYERS: dict[str, tuple[tuple[tuple[str, str], ...], str | None]] = {
    "events": (EVENT_COLUMNS, "Point"),
    "event_sources": (SOURCE_COLUMNS, None),
    "articles": (ARTICLE_COLUMNS, None),
    "problems": (PROBLEM_COLUMNS, None),
    "control_points": (CONTROL_POINT_COLUMNS, "Point"),
    "control_zones": (CONTROL_ZONE_COLUMNS, "MultiPolygon"),
}
_INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS idx_events_event_id ON events(event_id)",
    "CREATE INDEX IF NOT EXISTS idx_events_type_date ON events(event_type, event_date)",
    "CREATE INDEX IF NOT EXISTS idx_event_sources_event ON event_sources(event_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS idx_event_sources_source ON event_sources(source_event_id)",
    "CREATE UNIQUE INDEX IF NOT EXISTS idx_articles_hash ON articles(hash)",
)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What the single writer commits for one article: its events and problems."""

    article: Article
    content_hash: str
    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Source:
    """One report of a (possibly merged) event: outlet, URL and quote."""

    article_id: str
    outlet: str | None
    url: str | None
    quote: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """A merged event as stored: the event, how many articles report it, and those reports."""

    event: Event
    n_sources: int
    sources: tuple[Source, ...] = ()


@dataclass(slots=True)
class CommitStats:
    """Counts of one or more commits (added together across batches)."""

    new_articles: int = 0
    skipped_duplicates: int = 0
    events_added: int = 0
    events_merged: int = 0
    problems: int = 0

    def __iadd__(self, other: CommitStats) -> Self:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def content_hash(text: str) -> str:
    """Return the content hash that makes ingest idempotent (whitespace-insensitive SHA-256)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- GeoPackage plumbing


def point_blob(lon: float, lat: float, *, srs_id: int = WGS84) -> bytes:
    """Return the GeoPackage binary of a 2D point (little endian, no envelope, as GDAL writes it)."""
    return b"GP\x00\x01" + struct.pack("<i", srs_id) + struct.pack("<BIdd", 1, 1, float(lon), float(lat))


def geometry_blob(geometry: Any, *, srs_id: int = WGS84) -> bytes:
    """Return the GeoPackage binary of a 2D shapely geometry, with an XY envelope."""
    import shapely

    if geometry.is_empty:
        return b"GP\x00\x11" + struct.pack("<i", srs_id) + shapely.to_wkb(geometry, byte_order=1)
    minx, miny, maxx, maxy = geometry.bounds
    header = b"GP\x00\x03" + struct.pack("<i", srs_id) + struct.pack("<4d", minx, maxx, miny, maxy)
    return header + shapely.to_wkb(geometry, byte_order=1, output_dimension=2)


def blob_geometry(blob: bytes | None) -> Any:
    """Decode a GeoPackage geometry blob into a shapely geometry (None stays None)."""
    import shapely

    if blob is None:
        return None
    if bytes(blob[:2]) != b"GP":
        raise StoreError(f"expected a GeoPackage geometry blob starting with b'GP', got {bytes(blob[:4])!r}")
    start = 8 + _ENVELOPE_BYTES[(blob[3] >> 1) & 0b111]
    return shapely.from_wkb(bytes(blob[start:]))


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    types = {"text": pa.string(), "json": pa.string(), "int": pa.int64(), "float": pa.float64(),
             "bool": pa.bool_(), "date": pa.date32()}
    return types[kind]


def _create_layer(path: str, layer: str, columns: Sequence[tuple[str, str]], geometry_type: str | None) -> None:
    """Create an empty layer through pyogrio; ``date`` columns become GeoPackage DATE fields."""
    import geopandas as gpd
    import pandas as pd
    import pyogrio

    data = {name: pd.Series([], dtype=pd.ArrowDtype(_arrow_type(kind))) for name, kind in columns}
    if geometry_type is None:
        frame: Any = pd.DataFrame(data)
        options: dict[str, str] = {}
    else:
        frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=f"EPSG:{WGS84}"))
        # no R-tree: its triggers call GDAL-only SQL functions that plain sqlite3 lacks
        options = {"SPATIAL_INDEX": "NO", "GEOMETRY_NAME": "geom"}
    pyogrio.write_dataframe(frame, path, layer=layer, driver="GPKG", use_arrow=True,
                            geometry_type=geometry_type, layer_options=options)


def _touch_contents(conn: sqlite3.Connection, table: str, extent: Sequence[float | None] | None = None) -> None:
    """Record a change of ``table`` in ``gpkg_contents`` (last_change, and the extent when given)."""
    if extent is None:
        conn.execute("UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
                     "WHERE table_name = ?", (table,))
    else:
        conn.execute("UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now'), "
                     "min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?", (*extent, table))


def _create_store_file(path: Path) -> None:
    """Build a complete, empty store next to ``path`` and move it into place atomically."""
    handle, temp = tempfile.mkstemp(suffix=".gpkg", prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    os.unlink(temp)
    import pyogrio

    previous = pyogrio.get_gdal_config_option("OGR_SQLITE_SYNCHRONOUS")
    # no fsync while building the private temporary file: it only becomes the store once complete
    pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": "OFF"})
    try:
        for layer, (columns, geometry_type) in LAYERS.items():
            _create_layer(temp, layer, columns, geometry_type)
        pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": previous})
        conn = sqlite3.connect(temp)
        with conn:
            for statement in _INDEXES:
                conn.execute(statement)
        conn.close()
        with open(temp, "rb+") as stream:
            os.fsync(stream.fileno())
        try:
            os.link(temp, path)  # fails if another process created the store meanwhile
        except FileExistsError:
            pass
    finally:
        pyogrio.set_gdal_config_options({"OGR_SQLITE_SYNCHRONOUS": previous})
        if os.path.exists(temp):
            os.unlink(temp)


# --------------------------------------------------------------------------- value helpers


def _iso_date(value: Any) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


_EVENT_FIELDS = tuple(Event.__dataclass_fields__)


def _event_json(event: Event) -> str:
    record = {name: getattr(event, name) for name in _EVENT_FIELDS}
    record["actors"] = list(event.actors)
    if record["explain"] is None:
        del record["explain"]
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)


def _event_from_json(text: str) -> Event:
    record = json.loads(text)
    known = set(Event.__dataclass_fields__)
    values = {key: value for key, value in record.items() if key in known}
    values["actors"] = tuple(values.get("actors") or ())
    return Event(**values)


def _event_row(event: Event, members: Sequence[Event]) -> dict[str, Any]:
    """Return the ``events`` row of a merged event (its members give sources and n_sources)."""
    row = {name: getattr(event, name, None) for name, _ in EVENT_COLUMNS if name in Event.__dataclass_fields__}
    row["event_date"] = _iso_date(event.event_date)
    row["year"] = int(row["event_date"][:4]) if row["event_date"] else None
    row["actors"] = _json(list(event.actors))
    row["actor1"] = event.actors[0] if event.actors else None
    row["actor2"] = event.actors[1] if len(event.actors) > 1 else None
    row["historical"] = bool(event.historical)
    row["n_sources"] = len({member.article_id for member in members})
    row["sources"] = _json([{"article_id": m.article_id, "outlet": m.source, "url": m.url, "quote": m.evidence,
                             "title": m.title} for m in members])
    row["explain"] = _json(event.explain)
    row["geom"] = point_blob(event.lon, event.lat) if event.lat is not None and event.lon is not None else None
    return row


_ROW_FIELDS = tuple(name for name in Event.__dataclass_fields__ if name in {c for c, _ in EVENT_COLUMNS})


def _row_event(row: sqlite3.Row) -> Event:
    """Rebuild an Event from an ``events`` row."""
    values = {name: row[name] for name in _ROW_FIELDS}
    values["actors"] = tuple(json.loads(row["actors"]) if row["actors"] else ())
    values["historical"] = bool(row["historical"])
    values["explain"] = json.loads(row["explain"]) if row["explain"] else None
    return Event(**values)


def _row_stored(row: sqlite3.Row) -> StoredEvent:
    sources = tuple(Source(**item) for item in json.loads(row["sources"] or "[]"))
    return StoredEvent(_row_event(row), int(row["n_sources"] or 1), sources)


def _default_side_of() -> Callable[[str, str | None], str | None] | None:
    """Return the actor dictionary's ``side_of`` when the actors module is available."""
    try:
        from geomap.actors import load_actors

        return load_actors().side_of
    except Exception:  # noqa: BLE001 - the actor dictionary is optional for the store
        return None


# --------------------------------------------------------------------------- the store


class EventStore:
    """A GeoPackage event store; open with :meth:`open`, use as a context manager."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, lock_timeout: float = LOCK_TIMEOUT_S) -> None:
        self.path = path
        self._conn = conn
        self._lock_timeout = lock_timeout
        self._side_of: Callable[[str, str | None], str | None] | None | bool = False
        self._max_radius: float | None = None

    # ---- opening

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = False,
             lock_timeout: float = LOCK_TIMEOUT_S) -> EventStore:
        """Open the store at ``path``; with ``create=True`` make an empty one if absent."""
        target = Path(path)
        if not target.exists():
            if not create:
                raise StoreError(f"expected an event store at {str(target)!r}, found no file; "
                                 f"create one with `geomap ingest INPUT... --db {target}`")
            if not target.parent.exists():
                raise StoreError(f"cannot create the store {str(target)!r}: directory "
                                 f"{str(target.parent)!r} does not exist; create it first")
            _create_store_file(target)
        conn = sqlite3.connect(target, timeout=lock_timeout, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as err:
            conn.close()
            raise StoreError(f"expected a GeoPackage event store at {str(target)!r}, got an unreadable file "
                             f"({err}); pass another --db path") from err
        missing = {"gpkg_contents", *LAYERS} - tables
        if missing:
            conn.close()
            raise StoreError(f"expected a geomap event store at {str(target)!r}, but it lacks the tables "
                             f"{sorted(missing)}; pass a store made by `geomap ingest` or a new file name")
        return cls(target, conn, lock_timeout=lock_timeout)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- transactions

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Run a block in one ``BEGIN IMMEDIATE`` transaction, retrying while another writer holds the lock."""
        deadline = time.monotonic() + self._lock_timeout
        delay = 0.05
        while True:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                self._max_radius = None  # another writer may have added events meanwhile
                break
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) and "busy" not in str(err):
                    raise StoreError(f"cannot write to the store {str(self.path)!r}: {err}") from err
                if time.monotonic() > deadline:
                    raise StoreError(f"the store {str(self.path)!r} stayed locked by another writer for "
                                     f"{self._lock_timeout:.0f} s; retry when it has finished") from err
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        try:
            yield self._conn
        except BaseException:
            if self._conn.in_transaction:  # SQLite may already have rolled back (e.g. disk full)
                self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # ---- ingest

    def known_hashes(self) -> set[str]:
        """Return the content hashes of every ingested article."""
        return {row[0] for row in self._conn.execute("SELECT hash FROM articles")}

    def _side_function(self) -> Callable[[str, str | None], str | None] | None:
        if self._side_of is False:
            self._side_of = _default_side_of()
        return self._side_of  # type: ignore[return-value]

    def commit(self, results: Sequence[ArticleResult], problems: Sequence[Problem] = ()) -> CommitStats:
        """Write a batch of extracted articles (and loose problems) in one transaction.

        Articles whose content hash is already stored are skipped (another
        writer may have committed them meanwhile); each new event merges into a
        compatible stored event or is added.
        """
        stats = CommitStats()
        now = _now()
        with self._write() as conn:
            for result in results:
                if conn.execute("SELECT 1 FROM articles WHERE hash = ?", (result.content_hash,)).fetchone():
                    stats.skipped_duplicates += 1
                    continue
                self._insert_article(conn, result, now)
                stats.new_articles += 1
                for event in result.events:
                    outcome = self._add_event(conn, event)
                    if outcome == "added":
                        stats.events_added += 1
                    elif outcome == "merged":
                        stats.events_merged += 1
                    else:
                        stats.problems += 1
                        self._insert_problem(conn, outcome, now)
                for problem in result.problems:
                    self._insert_problem(conn, problem, now)
                    stats.problems += 1
            for problem in problems:
                self._insert_problem(conn, problem, now)
                stats.problems += 1
            self._touch_all(conn)
        return stats

    def _insert_article(self, conn: sqlite3.Connection, result: ArticleResult, now: str) -> None:
        article = result.article
        conn.execute(
            "INSERT INTO articles (article_id, hash, title, url, source, date, origin, n_events, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article.article_id, result.content_hash, article.title, article.url, article.source,
             _iso_date(article.published), article.origin, len(result.events), now),
        )

    def _insert_problem(self, conn: sqlite3.Connection, problem: Problem, now: str) -> None:
        conn.execute(
            "INSERT INTO problems (stage, code, message, origin, article_id, severity, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (problem.stage, problem.code, problem.message, problem.origin, problem.article_id,
             problem.severity, now),
        )

    def _candidates(self, conn: sqlite3.Connection, event: Event) -> list[sqlite3.Row]:
        """Return stored events that could be the same as ``event`` (type, date window, nearby box)."""
        clauses, params = ["event_type = ?"], [event.event_type]
        if event.event_date is None:
            clauses.append("event_date IS NULL")
        else:
            # |days apart| <= the larger slack of the two events' time precisions; the outer
            # range (the loosest slack) lets SQLite walk the (event_type, event_date) index
            day = date.fromisoformat(event.event_date).toordinal()
            own = dedup.DATE_SLACK_DAYS.get(event.time_precision, 1)
            widest = max(own, *dedup.DATE_SLACK_DAYS.values())
            clauses.append("event_date BETWEEN ? AND ?")
            params += [date.fromordinal(day - widest).isoformat(), date.fromordinal(day + widest).isoformat()]
            windows = ["event_date BETWEEN ? AND ?"]
            params += [date.fromordinal(day - own).isoformat(), date.fromordinal(day + own).isoformat()]
            for precision, slack in sorted(dedup.DATE_SLACK_DAYS.items()):
                if slack > own:
                    windows.append("(time_precision = ? AND event_date BETWEEN ? AND ?)")
                    params += [precision, date.fromordinal(day - slack).isoformat(),
                               date.fromordinal(day + slack).isoformat()]
            clauses.append(f"({' OR '.join(windows)})")
        if event.lat is not None and event.lon is not None:
            # a box around the point wide enough for the largest possible merge distance
            reach_km = dedup.distance_threshold_km(event, event) / 2 + self._max_radius_km(conn)
            dlat = reach_km / 110.0
            dlon = min(180.0, reach_km / (110.0 * max(0.01, math.cos(math.radians(min(89.0, abs(event.lat)))))))
            where = "(lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)"
            params += [event.lat - dlat, event.lat + dlat, event.lon - dlon, event.lon + dlon]
            if event.place_id:
                where = f"({where} OR place_id = ?)"
                params.append(event.place_id)
            clauses.append(where)
        elif event.place_id:
            clauses.append("place_id = ?")
            params.append(event.place_id)
        else:
            return []
        return conn.execute(f"SELECT * FROM events WHERE {' AND '.join(clauses)}", params).fetchall()

    def _max_radius_km(self, conn: sqlite3.Connection) -> float:
        """Return the largest merge radius any stored event may claim (cached per transaction)."""
        if self._max_radius is None:
            stored = conn.execute("SELECT max(uncertainty_km) FROM events").fetchone()[0] or 0.0
            self._max_radius = max(max(dedup.GEO_RADIUS_KM.values()), float(stored))
        return self._max_radius

    def _add_event(self, conn: sqlite3.Connection, event: Event) -> str | Problem:
        """Merge ``event`` into a compatible stored event or add it; return what happened."""
        if event.event_date is not None and _iso_date(event.event_date) != event.event_date:
            from dataclasses import replace

            event = replace(event, event_date=_iso_date(event.event_date))
        if conn.execute("SELECT 1 FROM event_sources WHERE source_event_id = ?", (event.event_id,)).fetchone():
            return Problem("store", "duplicate-event", f"event {event.event_id!r} is already stored; kept the "
                           "stored copy", article_id=event.article_id, severity="warning")
        side_of = self._side_function()
        rows = []
        candidates = []
        for row in self._candidates(conn, event):
            stored = _row_event(row)
            if dedup.same_event(event, stored, side_of=side_of):
                rows.append(row)
                articles = frozenset(item["article_id"] for item in json.loads(row["sources"] or "[]"))
                candidates.append((stored, articles))
        index = dedup.find_match(event, candidates, side_of=side_of)
        if index is None:
            target_id, members = event.event_id, [event]
            if conn.execute("SELECT 1 FROM events WHERE event_id = ?", (event.event_id,)).fetchone():
                return Problem("store", "duplicate-event", f"event id {event.event_id!r} already names a stored "
                               "event; kept the stored copy", article_id=event.article_id, severity="warning")
        else:
            target_id = rows[index]["event_id"]
            members = [_event_from_json(item[0]) for item in conn.execute(
                "SELECT event_json FROM event_sources WHERE event_id = ? ORDER BY fid", (target_id,))]
            members.append(event)
        merged = dedup.merge_events(members)
        conn.execute(
            "INSERT INTO event_sources (event_id, source_event_id, article_id, outlet, url, title, quote, "
            "event_date, fatalities, event_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (target_id, event.event_id, event.article_id, event.source, event.url, event.title, event.evidence,
             _iso_date(event.event_date), event.fatalities, _event_json(event)),
        )
        if self._max_radius is not None:
            self._max_radius = max(self._max_radius, float(merged.uncertainty_km or 0.0))
        row = _event_row(merged, members)
        names = list(row)
        if index is None:
            conn.execute(f"INSERT INTO events ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                         [row[name] for name in names])
            return "added"
        conn.execute(f"UPDATE events SET {', '.join(f'{name} = ?' for name in names)} WHERE event_id = ?",
                     [row[name] for name in names] + [target_id])
        return "merged"

    def _touch_all(self, conn: sqlite3.Connection) -> None:
        extent = conn.execute("SELECT min(lon), min(lat), max(lon), max(lat) FROM events").fetchone()
        _touch_contents(conn, "events", tuple(extent) if extent[0] is not None else None)
        for table in ("event_sources", "articles", "problems"):
            _touch_contents(conn, table)

    # ---- reading

    def _query(self, *, date_from: str | None = None, date_to: str | None = None,
               types: Iterable[str] | None = None, bbox: Sequence[float] | None = None,
               country: Iterable[str] | str | None = None) -> list[sqlite3.Row]:
        clauses: list[str] = []
        params: list[Any] = []
        if date_from:
            clauses.append("event_date >= ?")
            params.append(_iso_date(date_from))
        if date_to:
            clauses.append("event_date <= ?")
            params.append(_iso_date(date_to))
        if types:
            kinds = sorted(set(types))
            clauses.append(f"event_type IN ({', '.join('?' * len(kinds))})")
            params.extend(kinds)
        if bbox:
            west, south, east, north = bbox
            clauses.append("lat BETWEEN ? AND ?")
            params.extend([south, north])
            if west <= east:
                clauses.append("lon BETWEEN ? AND ?")
                params.extend([west, east])
            else:  # crosses the antimeridian (RFC 7946 section 5.2)
                clauses.append("(lon >= ? OR lon <= ?)")
                params.extend([west, east])
        if country:
            codes = sorted({country.upper()} if isinstance(country, str) else {c.upper() for c in country})
            clauses.append(f"upper(country_code) IN ({', '.join('?' * len(codes))})")
            params.extend(codes)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._conn.execute(f"SELECT * FROM events{where} ORDER BY event_date, event_id", params).fetchall()

    def read_events(self, *, date_from: str | None = None, date_to: str | None = None,
                    types: Iterable[str] | None = None, bbox: Sequence[float] | None = None,
                    country: Iterable[str] | str | None = None) -> list[Event]:
        """Return the merged events, filtered, sorted by (event_date, event_id).

        ``bbox`` is (west, south, east, north) in degrees; ``country`` ISO-2 code(s).
        """
        rows = self._query(date_from=date_from, date_to=date_to, types=types, bbox=bbox, country=country)
        return [_row_event(row) for row in rows]

    def read_stored(self, **filters: Any) -> list[StoredEvent]:
        """Like :meth:`read_events`, with ``n_sources`` and every source of each event."""
        return [_row_stored(row) for row in self._query(**filters)]

    def read_sources(self, event_id: str) -> list[Event]:
        """Return the individual reports merged into ``event_id``, in ingest order."""
        rows = self._conn.execute("SELECT event_json FROM event_sources WHERE event_id = ? ORDER BY fid",
                                  (event_id,))
        return [_event_from_json(row[0]) for row in rows]

    def read_problems(self) -> list[Problem]:
        """Return every recorded problem, oldest first."""
        rows = self._conn.execute("SELECT stage, code, message, origin, article_id, severity FROM problems "
                                  "ORDER BY fid")
        return [Problem(**dict(row)) for row in rows]

    def read_articles(self) -> list[dict[str, Any]]:
        """Return the ``articles`` rows as dicts, in ingest order."""
        return [dict(row) for row in self._conn.execute("SELECT * FROM articles ORDER BY fid")]

    def counts(self) -> dict[str, int]:
        """Return the number of rows of every store table."""
        return {layer: self._conn.execute(f"SELECT count(*) FROM {layer}").fetchone()[0] for layer in LAYERS}

    # ---- control

    def write_control(self, collection: dict[str, Any] | None) -> tuple[int, int]:
        """Replace the control layers with a control FeatureCollection; return (points, zones)."""
        from shapely.geometry import MultiPolygon, shape

        points: list[tuple[Any, ...]] = []
        zones: list[tuple[Any, ...]] = []
        zone_bounds: list[tuple[float, float, float, float]] = []
        for feature in (collection or {}).get("features") or []:
            geometry = feature.get("geometry") or {}
            props = feature.get("properties") or {}
            if geometry.get("type") == "Point":
                lon, lat = geometry["coordinates"][:2]
                points.append((point_blob(lon, lat), props.get("place"), props.get("place_id"),
                               props.get("holder"), props.get("side"), props.get("status"),
                               _iso_date(props.get("since")), _json(list(props.get("event_ids") or [])),
                               props.get("confidence")))
            elif geometry.get("type") in {"Polygon", "MultiPolygon"}:
                shp = shape(geometry)
                if shp.geom_type == "Polygon":
                    shp = MultiPolygon([shp])
                if not shp.is_empty:
                    zone_bounds.append(shp.bounds)
                zones.append((geometry_blob(shp), props.get("controller"), props.get("side"),
                              _iso_date(props.get("as_of"))))
        with self._write() as conn:
            conn.execute("DELETE FROM control_points")
            conn.execute("DELETE FROM control_zones")
            conn.executemany("INSERT INTO control_points (geom, place, place_id, holder, side, status, since, "
                             "event_ids, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", points)
            conn.executemany("INSERT INTO control_zones (geom, controller, side, as_of) VALUES (?, ?, ?, ?)",
                             zones)
            lons = [p[0] for p in points]
            extent_points = None
            if points:
                coords = [struct.unpack("<dd", blob[13:29]) for blob in lons]
                extent_points = (min(c[0] for c in coords), min(c[1] for c in coords),
                                 max(c[0] for c in coords), max(c[1] for c in coords))
            extent_zones = None
            if zone_bounds:
                extent_zones = (min(b[0] for b in zone_bounds), min(b[1] for b in zone_bounds),
                                max(b[2] for b in zone_bounds), max(b[3] for b in zone_bounds))
            _touch_contents(conn, "control_points", extent_points)
            _touch_contents(conn, "control_zones", extent_zones)
        return len(points), len(zones)

    def read_control(self) -> dict[str, Any] | None:
        """Return the stored control FeatureCollection (points then zones), or None when empty."""
        from geomap.geojson import feature_collection, geometry_to_geojson

        features: list[dict[str, Any]] = []
        for row in self._conn.execute("SELECT * FROM control_points ORDER BY fid"):
            geometry = blob_geometry(row["geom"])
            props = {key: row[key] for key, _ in CONTROL_POINT_COLUMNS}
            props["event_ids"] = json.loads(row["event_ids"] or "[]")
            features.append({"type": "Feature", "geometry": geometry_to_geojson(geometry), "properties": props})
        for row in self._conn.execute("SELECT * FROM control_zones ORDER BY fid"):
            geometry = blob_geometry(row["geom"])
            props = {key: row[key] for key, _ in CONTROL_ZONE_COLUMNS}
            features.append({"type": "Feature", "geometry": geometry_to_geojson(geometry), "properties": props})
        return feature_collection(features) if features else None

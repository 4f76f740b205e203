"""Read-only queries on the bundled gazetteer index (by name, id, near a point).

The index is one SQLite file built by ``gazetteer/build.py``.  ``Gazetteer.open()``
finds it (``$GEOMAP_GAZETTEER``, then ``geomap/data/gazetteer.sqlite``, then the
user cache directory) and builds it on first use when it is missing.

>>> gz = Gazetteer.open()                                     # doctest: +SKIP
>>> gz.lookup("Tel Rifaat")[0].place.name                     # doctest: +SKIP
'Tall Rifat'
>>> gz.lookup("Xyzzy-not-a-place")                            # doctest: +SKIP
[]
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sqlite3
import sys
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Self
from urllib.parse import quote

from geomap.errors import GazetteerCorrupt, GazetteerNotFound
from geomap.geodesy import distance_km
from geomap.names import (
    FEATURE_CODES,
    KEY_VERSION,
    fold,
    is_latin,
    skeleton_of_variant,
    split_feature,
    variant_key,
    variant_of_folded,
)
from geomap.types import Candidate, Place

__all__ = ["REBUILD_HINT", "Gazetteer", "build_index", "default_path"]

REBUILD_HINT = "rebuild it with `geomap geocode --rebuild` (or `python gazetteer/build.py`)"


def _curated_changed(manifest: dict) -> bool:
    """True when this checkout's curated table differs from the one the index was built from."""
    try:
        current = hashlib.sha256(_CURATED_TABLE.read_bytes()).hexdigest()
    except OSError:  # an installed package without the gazetteer sources: nothing to compare
        return False
    return manifest.get("curated_sha256") != current


def _rebuild_hint(path: Path) -> str:
    """The rebuild command for an index at ``path`` (names --index when not the default)."""
    if path == default_path():
        return REBUILD_HINT
    return f"rebuild it with `geomap geocode --rebuild --index {path}` (or `python gazetteer/build.py -o {path}`)"
INDEX_NAME = "gazetteer.sqlite"
_REPO = Path(__file__).resolve().parent.parent
_BUILD_SCRIPT = _REPO / "gazetteer" / "build.py"
_CURATED_TABLE = _REPO / "gazetteer" / "curated.csv"

# name kinds (see gazetteer/sources/_common.py)
CURATED, NAME, ALT, GENERATED, ROMANIZED, DEMONYM, CODE, WEAK = range(8)
# match quality by name kind: curated news spellings first, then primary names, alternates...
_FOLDED_SCORE = {NAME: 1.0, ALT: 0.95, CURATED: 1.15, GENERATED: 0.9, ROMANIZED: 0.85,
                 DEMONYM: 0.9, CODE: 0.9, WEAK: 0.85}
_VARIANT_SCORE = {NAME: 0.86, ALT: 0.85, CURATED: 0.88, GENERATED: 0.83, ROMANIZED: 0.8}
_SKELETON_SCORE = 0.7
_MATCH_WEIGHT, _PRIOR_WEIGHT, _FEATURE_BONUS = 0.7, 0.3, 0.1
_FETCH = 120  # rows read per lookup (best prior first)
# (key level, name kind) -> (match score, rule); rule None = "exact" or "folded" (see _folded_rule)
_KEY_SCORES: dict[tuple[str, int], tuple[float, str | None]] = {
    **{("=", kind): (score, None) for kind, score in _FOLDED_SCORE.items()},
    **{("~", kind): (score, "romanized" if kind == ROMANIZED else "variant")
       for kind, score in _VARIANT_SCORE.items()},
    **{("#", kind): (_SKELETON_SCORE, "romanized-fuzzy" if kind == ROMANIZED else "fuzzy")
       for kind in (CURATED, NAME, ALT, GENERATED, ROMANIZED)},
    **{("@", kind): (0.9, "code") for kind in range(8)},
}
_MAX_KEYS = 8  # a lookup probes at most 5 keys (code, folded + variant of the name and of its core)
_KEYS_SQL = ["", *(f"SELECT nprior, pid, key, kind FROM names WHERE key IN ({','.join('?' * n)}) "
                   f"LIMIT {_FETCH + 1}" for n in range(1, _MAX_KEYS + 1))]
_KEYS_SORTED_SQL = ["", *(f"SELECT nprior, pid, key, kind FROM names WHERE key IN ({','.join('?' * n)}) "
                          f"ORDER BY nprior, pid, key LIMIT {_FETCH}" for n in range(1, _MAX_KEYS + 1))]
_IS_NAME_SQL = "SELECT 1 FROM names WHERE key = ? LIMIT 1"
_PIDS_MAX = 120  # places rows read per query
_ROW_CACHE = 50_000  # places rows kept per Gazetteer (~15 MB)

_COLUMNS = ("pid, place_id, name, lat, lon, feature_class, feature_code, country_code, admin1, "
            "admin2, population, source, prior, duplicate, search_only, extra")
_P_COLUMNS = ", ".join("p." + c.strip() for c in _COLUMNS.split(","))
_PIDS_SQL = ["", f"SELECT {_COLUMNS} FROM places WHERE pid = ?",
             *(f"SELECT {_COLUMNS} FROM places WHERE pid IN ({','.join('?' * size)})"
               for size in range(2, _PIDS_MAX + 1))]


_FORKS = [0]  # bumped in a forked child: its Gazetteer objects reopen their connections
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=lambda: _FORKS.__setitem__(0, _FORKS[0] + 1))


def default_path() -> Path:
    """Return where the index lives: $GEOMAP_GAZETTEER, the package data dir, or the cache dir."""
    env = os.environ.get("GEOMAP_GAZETTEER")
    if env:
        return Path(env).expanduser()
    package_data = Path(__file__).resolve().parent / "data"
    packaged = package_data / INDEX_NAME
    if packaged.exists() or (package_data.is_dir() and os.access(package_data, os.W_OK)):
        return packaged
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "geomap"
    return cache / INDEX_NAME


def build_index(path: str | os.PathLike[str], *, limit: int | None = None,
                progress: bool | None = None) -> dict[str, Any]:
    """Build the index at ``path`` with ``gazetteer/build.py``; return its manifest.

    The build runs in a child process (it needs ~700 MB for a minute; the caller's
    process keeps its small footprint).  Its progress bar goes to our stderr.
    """
    import subprocess

    if not _BUILD_SCRIPT.exists():
        raise GazetteerNotFound(
            f"gazetteer index missing at {path} and no build script at {_BUILD_SCRIPT}; "
            "set GEOMAP_GAZETTEER to a built index or install geomap from a source checkout"
        )
    command = [sys.executable, str(_BUILD_SCRIPT), "-o", str(path)]
    if limit is not None:
        command += ["--limit", str(limit)]
    if progress is False:
        command.append("-q")
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        raise GazetteerNotFound(
            f"building the gazetteer index at {path} failed (exit status {done.returncode}, "
            f"see the messages above); run `python {_BUILD_SCRIPT} -o {path}` to retry"
        )
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        return json.loads(con.execute("SELECT value FROM meta WHERE key='manifest'").fetchone()[0])


def _build_locked(path: Path, progress: bool | None, *, force: bool = False) -> None:
    """Build once even when several processes open a missing or outdated index at the same time."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:12]
    lock_path = Path(tempfile.gettempdir()) / f"geomap-gazetteer-{digest}.lock"  # not in the repo
    with open(lock_path, "a+") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # pragma: no cover - non-POSIX
            pass
        if force and path.exists():
            try:
                with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
                    row = con.execute("SELECT value FROM meta WHERE key='manifest'").fetchone()
                manifest = json.loads(row[0])
                force = manifest.get("key_version") != KEY_VERSION or _curated_changed(manifest)
            except (sqlite3.DatabaseError, TypeError, json.JSONDecodeError):
                force = True  # another process may have rebuilt it while we waited
        if force or not path.exists():
            print(f"geomap: building the gazetteer index at {path} (under a minute)", file=sys.stderr)
            build_index(path, progress=progress)


class Gazetteer:
    """Read-only access to the gazetteer index.  Thread-safe; pickles by path."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        try:
            self._con = self._connect()
            row = self._con.execute("SELECT value FROM meta WHERE key='manifest'").fetchone()
            self.manifest: dict[str, Any] = json.loads(row[0]) if row else {}
            self._con.execute("SELECT pid FROM places LIMIT 1").fetchall()
            self._con.execute("SELECT key FROM names LIMIT 1").fetchall()
        except (sqlite3.DatabaseError, json.JSONDecodeError) as err:
            raise GazetteerCorrupt(
                f"gazetteer index {self.path} is unreadable ({err}); {_rebuild_hint(self.path)}"
            ) from err
        if not self.manifest:
            raise GazetteerCorrupt(f"gazetteer index {self.path} has no manifest; {_rebuild_hint(self.path)}")
        self._lock = threading.Lock()
        self._lookup_cached = lru_cache(maxsize=100_000)(self._lookup)
        self._similar_cached = lru_cache(maxsize=10_000)(self._similar)
        self._neighbours_cached = lru_cache(maxsize=512)(self._neighbours)
        self._places: dict[int, Place] = {}
        self._row_cache: dict[int, tuple] = {}
        self._is_name_cached = lru_cache(maxsize=200_000)(self._is_name)

    def _connect(self) -> sqlite3.Connection:
        # immutable: the builder never writes an index in place (it renames a finished file
        # over it), so SQLite may skip file locking and change checks on every statement.
        con = sqlite3.connect(f"file:{quote(str(self.path))}?mode=ro&immutable=1", uri=True,
                              check_same_thread=False, cached_statements=256)
        con.execute("PRAGMA query_only=ON")
        con.execute("PRAGMA cache_size=-32000")
        con.execute("PRAGMA mmap_size=268435456")  # page reads without syscalls
        self._fork = _FORKS[0]
        return con

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, build: bool = True,
             progress: bool | None = None) -> Gazetteer:
        """Open the index at ``path`` (default: :func:`default_path`), building it if absent.

        Raises GazetteerNotFound when it is missing and ``build`` is False (or cannot
        be built), GazetteerCorrupt when it exists but cannot be read.
        """
        target = Path(path).expanduser() if path is not None else default_path()
        if not target.exists():
            if not build:
                raise GazetteerNotFound(f"gazetteer index not found at {target}; {_rebuild_hint(target)}")
            _build_locked(target, progress)
        gazetteer = cls(target)
        found = gazetteer.manifest.get("key_version")
        if found != KEY_VERSION:
            gazetteer.close()
            if not build or path is not None:
                raise GazetteerCorrupt(
                    f"gazetteer index {target} uses name keys v{found}, this geomap needs "
                    f"v{KEY_VERSION}; {_rebuild_hint(target)}")
            print(f"geomap: the gazetteer index at {target} is outdated; rebuilding", file=sys.stderr)
            _build_locked(target, progress, force=True)
            gazetteer = cls(target)
        elif _curated_changed(gazetteer.manifest):
            if build and target == default_path():
                gazetteer.close()
                print(f"geomap: {_CURATED_TABLE} changed since the gazetteer index was built; rebuilding",
                      file=sys.stderr)
                _build_locked(target, progress, force=True)
                gazetteer = cls(target)
            else:
                print(f"geomap: warning: the gazetteer index {target} predates the current {_CURATED_TABLE}; "
                      f"{_rebuild_hint(target)}", file=sys.stderr)
        return gazetteer

    @property
    def build_id(self) -> str:
        """The build id from the manifest (sources + builder hash)."""
        return str(self.manifest.get("build_id", "unknown"))

    def close(self) -> None:
        """Close the database connection."""
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, Any]:
        return {"path": str(self.path)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r}, build_id={self.build_id!r})"

    # -- queries -------------------------------------------------------------------------------
    def _query(self, sql: str, params: Sequence[Any]) -> list[tuple]:
        with self._lock:
            if self._fork != _FORKS[0]:  # a forked worker must not share the parent's connection
                self._con = self._connect()
            return self._con.execute(sql, params).fetchall()

    def is_name(self, key: str) -> bool:
        """Return True when ``key`` (any spelling) is a known name or name variant.

        >>> Gazetteer.open().is_name("Idleb")                 # doctest: +SKIP
        True
        """
        return self._is_name_cached(key)

    def _is_name(self, key: str) -> bool:
        folded = fold(key)
        if not folded:
            return False
        if self._query(_IS_NAME_SQL, ("=" + folded,)):
            return True
        return (len(folded) >= 4 and is_latin(folded)
                and bool(self._query(_IS_NAME_SQL, ("~" + variant_of_folded(folded),))))

    def lookup(self, name: str, *, country_codes: str | Iterable[str] | None = None,
               limit: int = 10) -> list[Candidate]:
        """Return the places called ``name``, best first (an empty list when unknown).

        ``country_codes`` (ISO-2, one or several) ranks places in those countries first.
        Each Candidate has a score in [0, 1] and the rule that matched.
        """
        if not country_codes:
            codes: tuple[str, ...] = ()
        elif isinstance(country_codes, str):
            codes = (country_codes.upper(),)
        else:
            codes = tuple(sorted(c.upper() for c in country_codes))
        return list(self._lookup_cached(name or "", codes, limit if limit.__class__ is int and limit > 0
                                        else max(1, int(limit))))

    def similar(self, name: str, *, limit: int = 10) -> list[Candidate]:
        """Return the places whose consonant skeleton matches ``name`` (rule ``fuzzy``), even when
        the name also has exact matches ("Um Rawaba" is a locality by that spelling, and the town
        of Umm Ruwaba by its skeleton); best first, like :meth:`lookup`.

        >>> Gazetteer.open().similar("Um Rawaba")[0].place.name   # doctest: +SKIP
        'Umm Ruwaba'
        """
        return list(self._similar_cached(name or "", max(1, int(limit))))

    def _similar(self, name: str, limit: int) -> tuple[Candidate, ...]:
        return self._lookup(name, (), limit, True)

    def _key_rows(self, keys: dict[str, float], codes: tuple[str, ...]) -> list[tuple]:
        """Return (nprior, pid, key, kind) rows of ``keys``, best prior first, at most _FETCH.

        The names table stores each key's rows best first, so the common case (fewer
        than _FETCH rows) needs no SQL sort: the rows are sorted here.  When the
        candidates are cut and ``country_codes`` were given, the best rows in those
        countries are added so that the hint can still rank them first.
        """
        params = tuple(keys)
        rows = self._query(_KEYS_SQL[len(params)], params)
        if len(rows) <= _FETCH:
            rows.sort()
            return rows
        rows = self._query(_KEYS_SORTED_SQL[len(params)], params)
        nprior, pid = rows[-1][0], rows[-1][1]  # the cut must not drop some keys of its last place
        seen = {row for row in rows if row[1] == pid}
        rows += [row for row in self._query(_keys_of_place_sql(len(params)), (*params, nprior, pid))
                 if row not in seen]
        if codes:
            rows += self._query(_keys_in_countries_sql(len(params), len(codes)), (*params, *codes))
        return rows

    def _rows(self, pids: Iterable[int]) -> dict[int, tuple]:
        """Return the places rows of ``pids`` (from a bounded per-instance cache or one query)."""
        cache = self._row_cache
        missing = [pid for pid in pids if pid not in cache]
        if missing:
            if len(cache) + len(missing) > _ROW_CACHE:
                cache.clear()
            for start in range(0, len(missing), _PIDS_MAX):
                chunk = missing[start:start + _PIDS_MAX]
                for row in self._query(_PIDS_SQL[len(chunk)], chunk):
                    cache[row[0]] = row
        return cache

    def _take(self, keys: dict[str, float], codes: tuple[str, ...], lowered: str,
              found: dict[int, list]) -> float:
        """Score every place reached by one of ``keys`` (key -> discount) into ``found``.

        ``found`` maps pid -> [match, rule, matched key]; returns the best match seen.
        """
        best = 0.0
        scores = _KEY_SCORES
        for _nprior, pid, key, kind in self._key_rows(keys, codes):
            entry = scores.get((key[0], kind))
            if entry is None:
                continue
            score, rule = entry
            if rule is None:  # folded level: exact or folded spelling
                rule = _FOLDED_RULES[kind, lowered == key[1:]]
            score *= keys[key]
            best = max(best, score)
            old = found.get(pid)
            if old is None or old[0] < score:
                found[pid] = [score, rule, key[1:]]
        return best

    def _lookup(self, name: str, codes: tuple[str, ...], limit: int,
                skeletons_only: bool = False) -> tuple[Candidate, ...]:
        query = name.strip()
        folded = fold(query)
        if not folded:
            return ()
        core, group = split_feature(folded)
        lowered = " ".join(query.lower().split())
        forms = [(folded, 1.0)]
        if group and core and core != folded:
            forms.append((core, 0.98))
        keys: dict[str, float] = {}
        if 2 <= len(query) <= 4 and query.isalnum() and query.upper() == query:
            keys["@" + query] = 1.0
        variants: list[tuple[str, float]] = []
        for form, discount in forms:
            keys.setdefault("=" + form, discount)
            if is_latin(form):
                variant = variant_key(form)  # == variant_of_folded(form), cached
                variants.append((variant, discount))
                keys.setdefault("~" + variant, discount)
        found: dict[int, list] = {}
        if skeletons_only or self._take(keys, codes, lowered, found) < 0.83:  # no good match: try skeletons
            skeletons = {"#" + sk: discount for variant, discount in variants
                         if (sk := skeleton_of_variant(variant))}
            if skeletons:
                self._take(skeletons, codes, lowered, found)
        if not found:
            return ()
        places = self._rows(found)
        wanted = FEATURE_CODES.get(group) if group else None
        ranked = []
        for pid, (match, rule, key) in found.items():
            row = places[pid]
            if match == _SKELETON_SCORE:
                match = _fuzzy_match(query, row[2], key)
            score = _MATCH_WEIGHT * match + _PRIOR_WEIGHT * row[12]
            feature_ok = False
            if wanted:
                feature_ok = row[6] in wanted
                score += _FEATURE_BONUS if feature_ok else -_FEATURE_BONUS
            score = min(1.0, max(0.0, score))
            ranked.append(((row[7] in codes) if codes else False, feature_ok, score, -pid, row, rule, key))
        ranked.sort(key=_rank_key, reverse=True)
        out: list[Candidate] = []
        kept: list[tuple] = []
        for _in_country, _feature_ok, score, _pid, row, rule, key in ranked:
            if row[5] == "P" and kept and any(_same_place(row, other) for other in kept):
                continue
            kept.append(row)
            out.append(Candidate(self._place(row), round(score, 4), rule, key))
            if len(out) >= limit:
                break
        return tuple(out)

    def _place(self, row: tuple) -> Place:
        """Return the Place of a row, from a bounded per-instance cache."""
        place = self._places.get(row[0])
        if place is None:
            if len(self._places) >= 50_000:
                self._places.clear()
            place = self._places[row[0]] = _place(row)
        return place

    def get(self, place_id: str) -> Place | None:
        """Return the place with this namespaced id (e.g. ``geonames:170063``) or None."""
        rows = self._query(f"SELECT {_COLUMNS} FROM places WHERE place_id = ?", (place_id,))
        return _place(rows[0]) if rows else None

    def country(self, cc: str) -> Place | None:
        """Return the country record (PCLI, representative point) for an ISO-2 code, or None."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM places WHERE country_code = ? AND feature_code = 'PCLI' LIMIT 1",
            ((cc or "").upper(),))
        return _place(rows[0]) if rows else None

    def neighbours(self, cc: str) -> tuple[str, ...]:
        """Return the ISO-2 codes of the countries sharing a land border with ``cc`` (GeoNames)."""
        return self._neighbours_cached((cc or "").upper())

    def _neighbours(self, cc: str) -> tuple[str, ...]:
        record = self.country(cc)
        return tuple(record.raw.get("neighbours") or ()) if record is not None else ()

    def nearest(self, lat: float, lon: float, *, limit: int = 1,
                feature_classes: Sequence[str] = ("P",)) -> list[Place]:
        """Return the ``limit`` places nearest to (lat, lon), populated places by default.

        A 0.1-degree grid prefilter (rings of cells around the point), then haversine.
        """
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            raise ValueError(f"expected -90<=lat<=90 and -180<=lon<=180, got ({lat!r}, {lon!r})")
        limit = max(1, int(limit))
        row0 = min(max(math.floor((lat + 90.0) * 10), 0), 1799)
        col0 = math.floor((lon + 180.0) * 10) % 3600
        classes = tuple(feature_classes)
        class_sql = ",".join("?" * len(classes))
        found: dict[int, tuple] = {}
        radius, extra_ring = 0, None
        while radius <= 60:
            ring = [
                r * 3600 + (c % 3600)
                for r in range(max(0, row0 - radius), min(1799, row0 + radius) + 1)
                for c in range(col0 - radius, col0 + radius + 1)
                if max(abs(r - row0), abs(c - col0)) == radius
            ]
            for start in range(0, len(ring), 500):
                chunk = ring[start:start + 500]
                sql = (f"SELECT {_COLUMNS} FROM places WHERE grid IN ({','.join('?' * len(chunk))}) "
                       f"AND duplicate = 0 AND feature_class IN ({class_sql})")
                for row in self._query(sql, (*chunk, *classes)):
                    found[row[0]] = row
            if len(found) >= limit and extra_ring is None:
                extra_ring = radius + 1  # one more ring: a closer place may sit just across a cell edge
            if extra_ring is not None and radius >= extra_ring:
                break
            radius += 1
        if len(found) < limit:  # remote point (open ocean, polar): scan everything once
            scale = math.cos(math.radians(lat)) ** 2
            sql = (f"SELECT {_COLUMNS} FROM places WHERE duplicate = 0 AND feature_class IN ({class_sql}) "
                   "ORDER BY (lat - ?) * (lat - ?) + (lon - ?) * (lon - ?) * ? LIMIT ?")
            for row in self._query(sql, (*classes, lat, lat, lon, lon, scale, limit * 20)):
                found[row[0]] = row
        rows = sorted(found.values(), key=lambda r: distance_km(lat, lon, r[3], r[4]))
        return [_place(r) for r in rows[:limit]]


def _keys_of_place_sql(nkeys: int) -> str:
    return (f"SELECT nprior, pid, key, kind FROM names WHERE key IN ({','.join('?' * nkeys)}) "
            "AND nprior = ? AND pid = ?")


def _keys_in_countries_sql(nkeys: int, ncodes: int) -> str:
    return (f"SELECT n.nprior, n.pid, n.key, n.kind FROM names n JOIN places p ON p.pid = n.pid "
            f"WHERE n.key IN ({','.join('?' * nkeys)}) AND p.country_code IN ({','.join('?' * ncodes)}) "
            f"ORDER BY n.nprior, n.pid, n.key LIMIT {_FETCH}")


def _rank_key(item: tuple) -> tuple:
    return item[:4]


def _folded_rule(kind: int, exact: bool) -> str:
    if kind == DEMONYM:
        return "demonym"
    if kind == ROMANIZED:
        return "romanized"
    if kind == GENERATED:
        return "generated"
    if kind == CODE:
        return "code"
    return "exact" if exact and kind in (NAME, ALT, CURATED) else "folded"


_FOLDED_RULES = {(kind, exact): _folded_rule(kind, exact) for kind in range(8) for exact in (False, True)}


def _fuzzy_match(query: str, name: str, key: str) -> float:
    """Score a skeleton match by how close the spellings are (0.6-0.8)."""
    from difflib import SequenceMatcher

    similarity = 0.5
    if is_latin(fold(name)):
        similarity = SequenceMatcher(None, variant_key(query), variant_key(name)).ratio()
    return 0.6 + 0.2 * similarity


def _same_place(row: tuple, other: tuple) -> bool:
    """True when two rows describe the same populated place (e.g. OCHA + GeoNames)."""
    if row[5] != "P" or other[5] != "P" or row[7] != other[7]:
        return False
    return abs(row[3] - other[3]) < 0.03 and abs(row[4] - other[4]) < 0.03


_decode_json = json.JSONDecoder().decode


def _place(row: tuple) -> Place:
    (_pid, place_id, name, lat, lon, fclass, fcode, cc, admin1, admin2, population, source,
     prior, duplicate, search_only, extra) = row
    raw = {
        "place_id": place_id, "name": name, "lat": lat, "lon": lon, "feature_class": fclass,
        "feature_code": fcode, "country_code": cc, "admin1": admin1, "admin2": admin2,
        "population": population, "source": source, "prior": prior,
        "duplicate": bool(duplicate), "search_only": bool(search_only),
    }
    if extra:
        raw.update(_decode_json(extra))
    return Place(place_id, name, lat, lon, fclass, fcode, cc, admin1, admin2, population, source, raw)

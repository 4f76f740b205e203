"""Build the geomap gazetteer index (one SQLite file + a JSON manifest).

Usage::

    python gazetteer/build.py                 # -> geomap/data/gazetteer.sqlite
    python gazetteer/build.py -o /tmp/gz.sqlite --limit 2000

Every adapter in ``gazetteer/sources/`` yields normalized place rows; this
script computes the name keys of :mod:`geomap.names` for each row and writes

``places``  one row per place (id, name, point, feature, country, admin names,
            population, a static ``prior`` used for ranking, a ``grid`` cell for
            nearest-place queries, ``duplicate``/``search_only`` flags);
``names``   (key, place, kind) - the key is prefixed by its level: ``=`` folded,
            ``~`` variant, ``#`` skeleton, ``@`` code;
``meta``    the manifest (sources, versions, build id, counts).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
if str(SOURCES) not in sys.path:
    sys.path.insert(0, str(SOURCES))
if str(HERE.parent) not in sys.path:  # a fresh clone without `pip install -e`
    sys.path.insert(1, str(HERE.parent))

from geomap.names import (
    KEY_VERSION,
    fold,
    is_latin,
    skeleton_of_variant,
    split_feature,
    variant_of_folded,
)

BUILDER_VERSION = "1"
SCHEMA_VERSION = 2  # 2: names rows carry the place's prior (nprior) in key order
ADAPTERS = ("countries", "admin_units", "geonames_places", "airports", "ocha_syria", "ocha_sudan", "curated")

# Static feature rank used in ``prior`` (capital > admin seat > city > village).
FEATURE_RANK = {
    "PCLI": 1.0, "PPLC": 0.95, "PPLA": 0.85, "PPLA2": 0.75, "PPLA3": 0.7, "PPL": 0.6,
    "PPLX": 0.45, "ADM1": 0.55, "ADM2": 0.4, "ADM3": 0.35, "AIRB": 0.55, "AIRP": 0.45,
    "MILB": 0.55, "DAM": 0.5, "CRSG": 0.5, "PS": 0.5,
}
_ALT, _GENERATED, _DEMONYM, _CODE, _WEAK = 2, 3, 5, 6, 7  # kinds, see sources/_common.py
_FOLDED_ONLY = frozenset({_GENERATED, _DEMONYM, _WEAK})
_VARIANTS: dict[str, str] = {}  # memo: many names repeat across places

SCHEMA = """
CREATE TABLE places (
    pid INTEGER PRIMARY KEY,
    place_id TEXT NOT NULL,
    name TEXT NOT NULL,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    feature_class TEXT NOT NULL,
    feature_code TEXT NOT NULL,
    country_code TEXT NOT NULL,
    admin1 TEXT NOT NULL,
    admin2 TEXT NOT NULL,
    population INTEGER NOT NULL,
    source TEXT NOT NULL,
    prior REAL NOT NULL,
    grid INTEGER NOT NULL,
    duplicate INTEGER NOT NULL,
    search_only INTEGER NOT NULL,
    extra TEXT
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
INDEXES = """
CREATE UNIQUE INDEX places_place_id ON places(place_id);
CREATE INDEX places_country ON places(country_code, feature_code);
CREATE INDEX places_admin1 ON places(country_code, admin1);
CREATE INDEX places_grid ON places(grid);
"""
# Keys are collected in a scratch database, then copied in key order into a
# clustered (WITHOUT ROWID) table: one B-tree, no separate index, half the size.
# ``nprior`` is minus the place's prior, so the rows of one key are stored best
# place first and a lookup can rank and cut candidates without reading ``places``.
NAMES = """
CREATE TABLE names (
    key TEXT NOT NULL, nprior REAL NOT NULL, pid INTEGER NOT NULL, kind INTEGER NOT NULL,
    PRIMARY KEY (key, nprior, pid)
) WITHOUT ROWID;
INSERT INTO names SELECT key, nprior, pid, min(kind) FROM scratch.names
    GROUP BY key, nprior, pid ORDER BY key, nprior, pid;
"""


def _peak_rss_mb() -> int:
    """Peak resident memory of this process so far, in MB (0 where unknown)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024))


def grid_cell(lat: float, lon: float) -> int:
    """Return the 0.1-degree grid cell number of a point (row * 3600 + column)."""
    row = min(max(math.floor((lat + 90.0) * 10), 0), 1799)
    col = math.floor((lon + 180.0) * 10) % 3600
    return row * 3600 + col


def prior(feature_code: str, population: int, duplicate: bool, name_count: int = 1) -> float:
    """Return the static ranking prior of a place in [0, 1].

    Feature rank (capital > admin seat > city > village), population, and how many
    names the place is known by (a proxy for prominence: Palmyra in Syria has
    dozens of language forms, its namesakes a few).
    """
    rank = FEATURE_RANK.get(feature_code, 0.5)
    pop = min(1.0, math.log10(population + 1) / 7.0) if population > 0 else 0.0
    fame = min(1.0, math.log10(name_count + 1) / 2.2)
    return round(0.4 * rank + 0.4 * pop + 0.2 * fame - (0.05 if duplicate else 0.0), 4)


_fold = fold.__wrapped__
_variant = variant_of_folded


def row_keys(row: dict[str, Any]) -> dict[str, int]:
    """Return every level-prefixed key of a row with the best kind that produced it."""
    keys: dict[str, int] = {}

    def add(key: str, kind: int) -> None:
        if kind < keys.get(key, 99):
            keys[key] = kind

    seen: set[str] = set()
    for item in sorted(row["names"], key=lambda item: item[1]):  # best kind first
        name, kind = item[0], item[1]
        if not name:
            continue
        if kind == _CODE:
            add("@" + name.strip().upper(), kind)
            continue
        folded = item[2] if len(item) > 2 else _fold(name)
        if not folded or folded in seen:
            if folded:
                add("=" + folded, kind)
            continue
        seen.add(folded)
        forms = [(folded, kind)]
        core, group = split_feature(folded)
        if group and core and core != folded:  # "Rasin El Aboud Airport" -> "rasin el aboud"
            forms.append((core, max(kind, _GENERATED)))
        for form, form_kind in forms:
            add("=" + form, form_kind)
            if kind in _FOLDED_ONLY or not is_latin(form):
                continue
            variant = _VARIANTS.get(form)
            if variant is None:
                if len(_VARIANTS) >= 100_000:  # bounded memo
                    _VARIANTS.clear()
                variant = _VARIANTS[form] = _variant(form)
            if variant:
                add("~" + variant, form_kind)
                if form_kind != _ALT:  # fuzzy keys: primary, curated and romanized names only
                    skeleton = skeleton_of_variant(variant)
                    if skeleton:
                        add("#" + skeleton, form_kind)
    return keys


class _Writer:
    """Batch rows into the ``places`` table and their keys into a names table."""

    PLACES_SQL = "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"

    def __init__(self, con: sqlite3.Connection, names_table: str, bar: Any = None):
        self.con, self.bar = con, bar
        self.names_sql = f"INSERT INTO {names_table} VALUES (?,?,?,?)"
        self.places: list[tuple] = []
        self.names: list[tuple] = []
        self.priors: dict[int, float] = {}  # pid -> prior (curated aliases reach earlier places)

    def add(self, row: dict[str, Any], pid: int) -> None:
        place_prior = prior(row["feature_code"], row["population"], row["duplicate"], len(row["names"]))
        self.priors[pid] = place_prior
        self.places.append((
            pid, row["place_id"], row["name"], row["lat"], row["lon"], row["feature_class"],
            row["feature_code"], row["country_code"], row["admin1"], row["admin2"],
            row["population"], row["source"], place_prior,
            grid_cell(row["lat"], row["lon"]), int(row["duplicate"]), int(row["search_only"]),
            json.dumps(row["extra"], ensure_ascii=False) if row["extra"] else None,
        ))
        self.add_names(row, pid)

    def add_names(self, row: dict[str, Any], pid: int) -> None:
        nprior = -self.priors[pid]
        self.names.extend((key, nprior, pid, kind) for key, kind in row_keys(row).items())
        if len(self.names) > 200_000:
            self.flush()

    def flush(self) -> None:
        self.con.executemany(self.PLACES_SQL, self.places)
        self.con.executemany(self.names_sql, self.names)
        if self.bar is not None:
            self.bar.update(len(self.places))
        self.places.clear()
        self.names.clear()


def _load_adapter(name: str):
    import importlib

    return importlib.import_module(name)


def _source_versions(manifests: list[dict[str, Any]]) -> str:
    digest = hashlib.sha256()
    digest.update(BUILDER_VERSION.encode())
    digest.update(json.dumps(manifests, sort_keys=True).encode())
    for path in sorted(SOURCES.rglob("*")):
        if path.is_file() and path.suffix in {".gz", ".csv", ".py"}:
            digest.update(path.name.encode())
            digest.update(str(path.stat().st_size).encode())
    digest.update((HERE / "curated.csv").read_bytes())
    digest.update(Path(__file__).read_bytes())
    names_module = HERE.parent / "geomap" / "names.py"
    if names_module.exists():
        digest.update(names_module.read_bytes())
    return digest.hexdigest()[:16]


def build(
    output: str | os.PathLike[str],
    *,
    limit: int | None = None,
    progress: bool | None = None,
    log: Callable[[str], None] | None = None,
    adapters: Iterable[str] = ADAPTERS,
) -> dict[str, Any]:
    """Build the index at ``output`` (atomically) and return its manifest.

    ``limit`` caps the rows taken from each source (for quick test builds);
    ``progress`` shows a tqdm bar on stderr (None = only on a TTY); ``adapters``
    picks the sources (all by default).
    """
    from tqdm import tqdm

    adapters = tuple(adapters)
    started = time.perf_counter()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    scratch = output.with_name(output.name + f".scratch{os.getpid()}")
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;")
        con.executescript(SCHEMA)
        con.execute("ATTACH DATABASE ? AS scratch", (str(scratch),))
        con.executescript("PRAGMA scratch.journal_mode=OFF; PRAGMA scratch.synchronous=OFF;"
                          "CREATE TABLE scratch.names (key TEXT, nprior REAL, pid INTEGER, kind INTEGER);")
        counts: dict[str, int] = {}
        manifests: list[dict[str, Any]] = []
        pid = 0
        pids: dict[str, int] = {}
        disable = None if progress is None else not progress
        bar = tqdm(total=None, unit=" places", desc="building gazetteer", file=sys.stderr,
                   disable=disable, mininterval=0.5)
        timings: dict[str, float] = {}
        peak_mb: dict[str, int] = {}
        writer = _Writer(con, "scratch.names", bar)
        for name in adapters:
            phase = time.perf_counter()
            adapter = _load_adapter(name)
            manifests.append(adapter.manifest())
            bar.set_postfix_str(name)
            n = 0
            for row in adapter.rows(limit):
                n += 1
                if "alias_of" in row:  # curated aliases of an existing place
                    target = pids.get(row["alias_of"])
                    if target is None:
                        if limit is None and set(adapters) >= set(ADAPTERS):
                            raise ValueError(f"{row['file']}:{row['line']}: place_id "
                                             f"{row['alias_of']!r} is not in the gazetteer")
                        continue
                    writer.add_names(row, target)
                    continue
                pid += 1
                pids[row["place_id"]] = pid
                writer.add(row, pid)
            writer.flush()
            counts[name] = n
            timings[name] = round(time.perf_counter() - phase, 1)
            peak_mb[name] = _peak_rss_mb()
        bar.set_postfix_str("indexing")
        phase = time.perf_counter()
        con.executescript(INDEXES)
        con.commit()
        con.executescript(NAMES)
        con.commit()
        con.execute("DETACH DATABASE scratch")
        scratch.unlink(missing_ok=True)
        timings["indexes"] = round(time.perf_counter() - phase, 1)
        bar.close()
        key_count = con.execute("SELECT count(*) FROM names").fetchone()[0]
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "builder_version": BUILDER_VERSION,
            "key_version": KEY_VERSION,
            "build_id": _source_versions(manifests) + ("" if limit is None else f"-limit{limit}"),
            # geomap rebuilds an index whose curated table has changed since (see Gazetteer.open)
            "curated_sha256": hashlib.sha256((HERE / "curated.csv").read_bytes()).hexdigest(),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "limit": limit,
            "sources": manifests,
            "counts": {**counts, "places": pid, "keys": key_count},
            "build_seconds": round(time.perf_counter() - started, 1),
            "phase_seconds": timings,
            "peak_rss_mb_after_phase": peak_mb,
        }
        con.execute("INSERT INTO meta VALUES ('manifest', ?)", (json.dumps(manifest),))
        con.commit()
        con.execute("ANALYZE")
        con.commit()
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    finally:
        con.close()
        scratch.unlink(missing_ok=True)
    os.replace(tmp, output)
    manifest_path = output.with_name(output.stem + ".manifest.json")
    try:
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    except OSError:
        pass  # the manifest also lives inside the index (meta table)
    if log:
        log(f"gazetteer built: {pid} places, {key_count} keys in {manifest['build_seconds']} s -> {output}")
    return manifest


def _default_output() -> Path:
    return HERE.parent / "geomap" / "data" / "gazetteer.sqlite"


def main(argv: Iterable[str] | None = None) -> int:
    """Command-line entry point (see the module docstring)."""
    parser = argparse.ArgumentParser(
        description="Build the geomap gazetteer index.",
        epilog="example: python gazetteer/build.py -o /tmp/gazetteer.sqlite --limit 5000",
    )
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="index path (default: $GEOMAP_GAZETTEER or geomap/data/gazetteer.sqlite)")
    parser.add_argument("--limit", type=int, default=None, help="rows per source (quick test builds)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(list(argv) if argv is not None else None)
    output = args.output or Path(os.environ.get("GEOMAP_GAZETTEER") or _default_output())
    build(output, limit=args.limit, progress=False if args.quiet else None,
          log=lambda msg: print(msg, file=sys.stderr))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

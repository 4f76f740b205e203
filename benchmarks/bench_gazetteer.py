"""Benchmark the gazetteer: build time, size, cold open, lookup throughput, peak RSS.

Usage::

    python benchmarks/bench_gazetteer.py              # builds a fresh index in a temp dir
    python benchmarks/bench_gazetteer.py --index geomap/data/gazetteer.sqlite   # reuse one

The build runs in a child process (its peak RSS is reported separately); the
lookups run in this process on one core.  Two fixed, seeded lists of 10,000 names:

* "news stream": 10,000 draws with a Zipf-like frequency (as toponyms recur in a
  news feed) from 2,000 distinct names (the conflict-news names below plus place
  names from the index); one pass, starting with an empty LRU cache;
* "distinct": 10,000 different names (primary names in various casings), so
  every lookup misses the cache - the worst case.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

NEWS = [
    "Tel Rifaat", "Kuweires airbase", "al-Bab", "Jisr al-Shughur", "Maarat al-Numan", "Qamishli",
    "Idleb", "Hamah", "Raqqa", "Deir Ezzor", "Khan Sheikhoun", "Saraqeb", "Atareb", "Kobani", "Afrin",
    "Azaz", "Douma", "Daraa", "Palmyra", "Khan Younis", "Jabalia", "Deir al-Balah", "Beit Lahia",
    "Avdiivka", "Zaporizhzhia", "Kupiansk", "Chasiv Yar", "Sudzha", "El-Fasher", "Wad Madani", "Marib",
    "Hodeidah", "Nabatieh", "Misrata", "Mosul", "Fallujah", "Idlib province", "Donetsk Oblast",
    "Aleppo", "Homs", "Bakhmut", "Kherson", "Rafah", "Gaza City", "Tyre", "Sanaa", "Aden", "Khartoum",
    "Omdurman", "El Obeid", "Sittwe", "Saraqib", "Kafranbel", "Manbij", "Hmeimim airbase", "Syrian",
    "Russian", "Ukrainian", "Israeli", "Kharkov", "Menbij", "Tadef", "Sheikh Maqsoud",
]


def _peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024.0  # Linux: kB


def _sample_names(path: Path, count: int, seed: int = 7) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    names = [row[0] for row in con.execute("SELECT name FROM places WHERE feature_class IN ('P','S','A')")]
    con.close()
    rng = random.Random(seed)
    rng.shuffle(names)
    chosen: list[str] = []
    seen: set[str] = set()
    for name in names:
        form = rng.choice((name, name.lower(), name.upper(), name.replace("-", " ")))
        if form not in seen:
            seen.add(form)
            chosen.append(form)
        if len(chosen) >= count - len(NEWS):
            break
    chosen += NEWS
    rng.shuffle(chosen)
    return chosen[:count]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="example: python benchmarks/bench_gazetteer.py --index geomap/data/gazetteer.sqlite",
    )
    parser.add_argument("--index", type=Path, default=None, help="reuse this index (skip the build)")
    parser.add_argument("--names", type=int, default=10_000, help="number of query names")
    args = parser.parse_args()

    print(f"gazetteer benchmark (python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"load avg {os.getloadavg()[0]:.1f})")
    tmpdir = None
    if args.index is None:
        tmpdir = tempfile.TemporaryDirectory(prefix="geomap-bench-")
        path = Path(tmpdir.name) / "gazetteer.sqlite"
        started = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "gazetteer" / "build.py"), "-q", "-o", str(path)], check=True)
        build_s = time.perf_counter() - started
        print(f"index build time      : {build_s:8.1f} s   (peak RSS of the build: "
              f"{_peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB)")
    else:
        path = args.index
        print("index build time      :   (skipped, --index given)")
    print(f"index size on disk    : {path.stat().st_size / 1e6:8.1f} MB  ({path})")

    started = time.perf_counter()
    from geomap.gazetteer import Gazetteer

    imported = time.perf_counter()
    gazetteer = Gazetteer.open(path, build=False)
    opened = time.perf_counter()
    gazetteer.lookup("Aleppo")
    first = time.perf_counter()
    print(f"cold open time        : {opened - imported:8.3f} s   (import {imported - started:.3f} s, "
          f"first lookup {1000 * (first - opened):.1f} ms)")

    names = _sample_names(path, args.names)
    pool = names[: 2000 - len(NEWS)] + NEWS
    rng = random.Random(11)
    weights = [1.0 / (rank + 1) for rank in range(len(pool))]
    rng.shuffle(pool)
    stream = rng.choices(pool, weights=weights, k=args.names)

    gazetteer = Gazetteer.open(path, build=False)  # fresh caches
    started = time.perf_counter()
    hits = sum(1 for name in stream if gazetteer.lookup(name))
    news_s = time.perf_counter() - started
    print(f"lookup throughput     : {len(stream) / news_s:8.0f} names/s  (news stream: {len(stream)} names, "
          f"{len(set(stream))} distinct, empty LRU cache at start; {hits} found)")

    gazetteer = Gazetteer.open(path, build=False)  # fresh caches
    started = time.perf_counter()
    hits = sum(1 for name in names if gazetteer.lookup(name))
    cold = time.perf_counter() - started
    print(f"lookup throughput     : {len(names) / cold:8.0f} names/s  (distinct: {len(names)} different "
          f"names, every lookup misses the cache; {hits} found)")
    started = time.perf_counter()
    known = sum(1 for name in names if gazetteer.is_name(name))
    is_name_s = time.perf_counter() - started
    print(f"is_name throughput    : {len(names) / is_name_s:8.0f} names/s  (distinct names, uncached; "
          f"{known} known)")
    print(f"peak RSS (lookups)    : {_peak_rss_mb():8.0f} MB")
    if tmpdir is not None:
        tmpdir.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

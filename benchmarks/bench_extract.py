"""Extraction throughput on 1,000 generated ~5 KB articles, and `geomap extract` cold-start time.

Run: python benchmarks/bench_extract.py [--articles 1000] [--skip-cold]
The articles are generated here from templates (deterministic seed), mixing event reports,
diplomacy, background and filler so that every rule path is exercised.  Throughput excludes
interpreter start and the one-off gazetteer open; the cold-start figure is the wall time of a
fresh `geomap extract` process on one article (median of 3 runs).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# measure this checkout, whatever geomap an editable install elsewhere points to
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PLACES = ["Aleppo", "Idlib", "Hama", "Homs", "Saraqib", "Kherson", "Kharkiv", "Pokrovsk", "Khan Younis", "Rafah",
          "Jabalia", "Marib", "Taiz", "Hodeidah", "Omdurman", "El Fasher", "Wad Madani", "Sittwe", "Tyre",
          "Nabatieh", "Deir ez-Zor", "Manbij", "Kobani", "Tel Rifaat", "Daraa", "Bakhmut", "Avdiivka"]
CAPITALS = ["Damascus", "Kyiv", "Moscow", "Ankara", "Tehran", "Cairo", "Doha", "Riyadh", "Beirut"]
ACTORS = ["Islamist insurgents", "government forces", "Russian troops", "the army", "rebels", "Houthi fighters",
          "the RSF", "Israeli forces", "Ukrainian units", "the Arakan Army"]
EVENTS = [
    "Warplanes bombed {p} on {d}, killing {n} people, rescuers said.",
    "{a} seized control of {p} after heavy fighting on {d}.",
    "Artillery shelling hit the outskirts of {p}, wounding {n} civilians.",
    "A car bomb exploded near a market in {p}, killing {n} people and injuring {m} others.",
    "{a} launched a counterattack north of {p} on {d}.",
    "Clashes erupted between {a} and local fighters near {p}.",
    "{a} withdrew from {p} overnight, according to residents.",
    "A drone strike hit a vehicle about {k}km south of {p}, the monitor said.",
]
OTHER = [
    "The foreign minister arrived in {c} for talks with his counterpart on {d}.",
    "Officials in {c} said the situation was being closely monitored.",
    "State media in {c} shared images of the damage.",
    "Protesters marched through {c} demanding an end to the war.",
    "The city was the scene of some of the fiercest fighting of the civil war in 2016.",
    "Aid agencies warned that thousands of families had fled towards the border.",
    "Analysts said the front line had barely moved for months, despite repeated offensives.",
    "The envoy called for restraint and for talks to resume as soon as possible.",
]
# about one sentence in six reports an event, as in a typical wire report
EVENT_SHARE = 0.18
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_article(rng: random.Random, size: int = 5000) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < size:
        template = rng.choice(EVENTS) if rng.random() < EVENT_SHARE else rng.choice(OTHER)
        sentence = template.format(p=rng.choice(PLACES), c=rng.choice(CAPITALS), a=rng.choice(ACTORS),
                                   d=rng.choice(DAYS), n=rng.randint(1, 40), m=rng.randint(1, 90),
                                   k=rng.randint(5, 40))
        parts.append(sentence[0].upper() + sentence[1:])
    return " ".join(parts)


def throughput(count: int) -> None:
    from geomap.events import default_gazetteer, extract_events
    from geomap.types import Article

    rng = random.Random(20241201)
    articles = [Article(f"bench-{i}", make_article(rng), published="2024-12-01") for i in range(count)]
    sizes = [len(a.text.encode()) for a in articles]
    t0 = time.perf_counter()
    gazetteer = default_gazetteer()
    extract_events(articles[0], gazetteer=gazetteer)  # warm the lexicons
    opened = time.perf_counter() - t0
    start, cpu = time.perf_counter(), time.process_time()
    events = 0
    for article in articles:
        events += len(extract_events(article, gazetteer=gazetteer))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"python: {platform.python_implementation()} {platform.python_version()} ({sys.executable})")
    print(f"articles: {count} (mean {statistics.mean(sizes) / 1024:.1f} KB)")
    print(f"gazetteer open + warm-up: {opened:.2f} s")
    print(f"extraction: {elapsed:.2f} s wall -> {count / elapsed:.0f} articles/s; {cpu:.2f} s CPU -> "
          f"{count / cpu:.0f} articles/s on one core ({sum(sizes) / cpu / 1e6:.2f} MB/s), {events} events")


def throughput_real(count: int) -> None:
    """Same measurement on ~5 KB articles stitched from the repository's example reports (seeds/)."""
    from geomap.events import default_gazetteer, extract_events
    from geomap.types import Article

    reports = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))]
    if not reports:
        print("real reports: seeds/ has no .txt files, skipped")
        return
    articles = []
    for i in range(count):
        parts, k = [], i
        while sum(len(p) for p in parts) < 5000:
            parts.append(reports[k % len(reports)])
            k += 1
        articles.append(Article(f"real-{i}", "\n\n".join(parts), published="2024-12-10"))
    gazetteer = default_gazetteer()
    start, cpu = time.perf_counter(), time.process_time()
    events = sum(len(extract_events(article, gazetteer=gazetteer)) for article in articles)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = statistics.mean(len(a.text.encode()) for a in articles) / 1024
    print(f"real reports: {count} articles (mean {size:.1f} KB): {elapsed:.2f} s wall -> {count / elapsed:.0f} "
          f"articles/s; {cpu:.2f} s CPU -> {count / cpu:.0f} articles/s on one core, {events} events")


def cold_start() -> None:
    seeds = sorted((Path(__file__).resolve().parents[2] / "shared" / "seeds").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        article = seeds[0] if seeds else Path(tmp) / "one.txt"
        if not seeds:
            article.write_text(make_article(random.Random(1)), encoding="utf-8")
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "geomap", "extract", str(article), "--date", "2024-12-01", "-q",
                            "-o", str(Path(tmp) / "out.geojson"), "--overwrite"], check=True, cwd=REPO,
                           env={**os.environ, "PYTHONPATH": str(REPO)},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
    print(f"cold start `geomap extract` on one article: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--skip-cold", action="store_true")
    args = parser.parse_args()
    throughput(args.articles)
    throughput_real(args.articles)
    if not args.skip_cold:
        cold_start()


if __name__ == "__main__":
    main()

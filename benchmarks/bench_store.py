"""Benchmark the event store: ingest throughput (serial vs Dask), store size, export times.

Generates N synthetic articles (default 10,000; several outlets report the same
incidents in their own words, so cross-source merging is exercised), ingests
them into a fresh store serially and with a 2-worker local Dask cluster, checks
that both stores hold the same events, re-ingests to show idempotency, and
times every export format.

    python benchmarks/bench_store.py [--articles 10000] [--workers 2] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TOWNS = [
    ("Saraqib", "Idlib province"), ("Maarat al-Numan", "Idlib province"), ("Ariha", "Idlib province"),
    ("Jisr al-Shughur", "Idlib province"), ("Darat Izza", "Aleppo province"), ("Atarib", "Aleppo province"),
    ("Tel Rifaat", "Aleppo province"), ("Manbij", "Aleppo province"), ("Khan Sheikhun", "Idlib province"),
    ("Kafr Nabl", "Idlib province"), ("Suran", "Hama province"), ("Morek", "Hama province"),
    ("Kherson", "southern Ukraine"), ("Kharkiv", "north-eastern Ukraine"), ("Pokrovsk", "the Donetsk region"),
    ("Kupiansk", "the Kharkiv region"), ("Nikopol", "the Dnipropetrovsk region"), ("Zaporizhzhia", "southern Ukraine"),
]
SYRIA_ACTORS = ["Russian warplanes", "Syrian government forces", "Turkish-backed rebels", "Islamist insurgents"]
UKRAINE_ACTORS = ["Russian forces", "Russian troops", "Ukrainian forces"]
TEMPLATES = {
    "airstrike": ["{actor} struck {town} in {region} on {day}, killing {n} people, rescuers said.",
                  "An air strike by {actor} hit a market in {town} on {day}; {n} people were killed.",
                  "At least {n} civilians died when {actor} bombed {town}, {region}, on {day}."],
    "shelling": ["{actor} shelled {town} in {region} on {day}, killing {n} residents.",
                 "Artillery fire from {actor} pounded {town} on {day} and killed {n} people, officials said."],
    "seizure": ["{actor} seized {town} in {region} on {day} after heavy fighting.",
                "{actor} captured the town of {town} on {day}, a monitor said."],
}
FILLER = ("Residents described a night of explosions and fear. Aid groups said hospitals were overwhelmed and "
          "called for access to the area. Diplomats in Geneva urged restraint and a return to talks. ")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def generate_articles(n: int, path: Path, *, seed: int = 7) -> int:
    """Write ``n`` JSONL articles: incidents reported by 1-3 outlets, 1-3 incidents per article."""
    rng = random.Random(seed)
    start = date(2024, 6, 1)
    with open(path, "w", encoding="utf-8") as stream:
        written = 0
        while written < n:
            incidents = []
            day = start + timedelta(days=rng.randrange(360))
            for _ in range(rng.randint(1, 3)):
                index = rng.randrange(len(TOWNS))
                town, region = TOWNS[index]
                kind = rng.choice(list(TEMPLATES))
                actors = UKRAINE_ACTORS[:2] if index >= 12 else SYRIA_ACTORS
                incidents.append((kind, town, region, rng.choice(actors), rng.randint(1, 30)))
            for outlet in rng.sample(range(12), rng.randint(1, 3)):
                if written >= n:
                    break
                published = day + timedelta(days=rng.randint(0, 1))
                sentences = []
                for kind, town, region, actor, killed in incidents:
                    template = rng.choice(TEMPLATES[kind])
                    sentences.append(template.format(actor=actor, town=town, region=region, n=killed + rng.randint(0, 3),
                                                     day=WEEKDAYS[day.weekday()]))
                text = " ".join(s[0].upper() + s[1:] for s in sentences) + " " + FILLER * rng.randint(1, 4)
                record = {"id": f"bench-{written:05d}", "text": text, "date": published.isoformat(),
                          "source": f"Outlet {outlet}", "url": f"https://outlet{outlet}.example/{written}",
                          "title": f"{incidents[0][0].title()} in {incidents[0][1]}"}
                stream.write(json.dumps(record) + "\n")
                written += 1
    return written


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def effective_cores(workers: int, n: int = 10_000_000) -> float:
    """Return how many cores this machine gives ``workers`` CPU-bound processes right now (shared machines)."""
    from concurrent.futures import ProcessPoolExecutor

    began = time.perf_counter()
    _burn(n)
    one = time.perf_counter() - began
    with ProcessPoolExecutor(workers) as pool:
        began = time.perf_counter()
        list(pool.map(_burn, [n] * workers))
        many = time.perf_counter() - began
    return workers * one / many


def timed(label: str, func, *args, **kwargs):
    began = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - began
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, default=None, help="keep the stores and exports in this directory")
    args = parser.parse_args()

    from geomap.cli.ingest import run_ingest
    from geomap.distributed import dask_client
    from geomap.events import default_gazetteer
    from geomap.export import export_records
    from geomap.store import EventStore

    work = Path(tempfile.mkdtemp(prefix="geomap-bench-store-"))
    try:
        corpus = work / "articles.jsonl"
        count = generate_articles(args.articles, corpus)
        size_mb = corpus.stat().st_size / 1e6
        print(f"corpus: {count} generated articles, {size_mb:.1f} MB ({size_mb * 1000 / count:.2f} KB/article)")
        print(f"machine: {os.cpu_count()} cores, {effective_cores(args.workers):.2f} effectively free for "
              f"{args.workers} CPU-bound processes (the ceiling for a {args.workers}-worker speed-up)")
        default_gazetteer()  # warm the gazetteer index so the serial run is not charged for building it

        serial_db, dask_db = work / "serial.gpkg", work / "dask.gpkg"
        serial, t_serial = timed("serial", run_ingest, [str(corpus)], serial_db, batch_size=200)
        s = serial.stats
        print(f"ingest serial:    {t_serial:7.1f} s  {count / t_serial:7.1f} articles/s  "
              f"({s.new_articles} articles, {serial.events_found} events found, {s.events_added} added, "
              f"{s.events_merged} merged, {s.problems} problems)")
        began = time.perf_counter()
        with dask_client(workers=args.workers) as client:
            t_start = time.perf_counter() - began
            client.run(default_gazetteer)  # each worker opens its gazetteer once, like the warm serial run
            t_warm = time.perf_counter() - began - t_start
            _, t_dask = timed("dask", run_ingest, [str(corpus)], dask_db, scheduler=client.scheduler.address,
                              batch_size=200)
        total = t_start + t_warm + t_dask
        print(f"ingest dask x{args.workers}:   {t_dask:7.1f} s  {count / t_dask:7.1f} articles/s  "
              f"speed-up {t_serial / t_dask:.2f}x (cluster start {t_start:.1f} s + worker warm-up {t_warm:.1f} s "
              f"excluded; with them {total:.1f} s, speed-up {t_serial / total:.2f}x)")
        with EventStore.open(serial_db) as one, EventStore.open(dask_db) as two:
            same = one.read_stored() == two.read_stored() and one.counts() == two.counts()
            counts = one.counts()
        print(f"dask store equals serial store: {same}")
        print(f"store: {counts['events']} events from {counts['event_sources']} reports, "
              f"{counts['articles']} articles, {serial_db.stat().st_size / 1e6:.1f} MB "
              f"({serial_db.stat().st_size / max(1, counts['events']) / 1000:.2f} KB/event)")
        again, t_again = timed("again", run_ingest, [str(corpus)], serial_db)
        print(f"re-ingest same input: {t_again:.1f} s, {again.stats.new_articles} new articles, "
              f"{again.stats.skipped_duplicates} skipped, {again.stats.events_added} events added")

        with EventStore.open(serial_db) as store:
            records, t_read = timed("read", store.read_stored)
            control = store.read_control()
        print(f"read {len(records)} stored events: {t_read:.2f} s")
        for fmt in ("geojson", "gpkg", "csv", "kml", "parquet"):
            out = work / f"events.{fmt}"
            _, seconds = timed(fmt, export_records, records, fmt, out, control=control)
            print(f"export {fmt:8s} {seconds:6.2f} s  {out.stat().st_size / 1e6:6.1f} MB")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for item in work.iterdir():
                shutil.copy2(item, args.keep / item.name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark geomap.ingest: articles read per second for each input format.

Usage: python benchmarks/bench_ingest.py [N]   (default N = 1000 articles of ~5 KB)

Writes N synthetic articles (made of the seeds/ reports, so about 5 KB each) as one
JSONL file, one CSV file, one JSON file, N .txt files and N .html files in a temporary
directory, then times ``read_articles`` over each (best of three runs, one core).
"""

from __future__ import annotations

import csv
import json
import sys
import tempfile
import time
from pathlib import Path

from geomap.ingest import read_articles
from geomap.types import Article

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _articles(n: int) -> list[dict]:
    reports = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    out = []
    for i in range(n):
        body = []
        j = i
        while sum(len(b) for b in body) < 5000:
            body.append(reports[j % len(reports)])
            j += 7
        out.append({"id": f"bench-{i}", "date": "2024-12-01", "title": f"Report {i}", "text": "\n\n".join(body)})
    return out


def _write(tmp: Path, records: list[dict]) -> dict[str, list[Path]]:
    (tmp / "batch.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    (tmp / "batch.json").write_text(json.dumps({"articles": records}, indent=1), encoding="utf-8")
    with open(tmp / "batch.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "date", "title", "text"])
        writer.writeheader()
        writer.writerows(records)
    txt, html = tmp / "txt", tmp / "html"
    txt.mkdir()
    html.mkdir()
    for r in records:
        (txt / f"2024-12-01_{r['id']}.txt").write_text(r["text"], encoding="utf-8")
        paras = "".join(f"<p>{p}</p>" for p in r["text"].split("\n\n"))
        page = (
            f"<html><head><title>{r['title']}</title><script>var x = 1;</script><style>p{{}}</style></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{r['title']}</h1>{paras}</article>"
            "<footer>(c)</footer></body></html>"
        )
        (html / f"{r['id']}.html").write_text(page, encoding="utf-8")
    return {
        "jsonl": [tmp / "batch.jsonl"],
        "json": [tmp / "batch.json"],
        "csv": [tmp / "batch.csv"],
        "txt (dir)": [txt],
        "html (dir)": [html],
    }


def main(n: int = 1000) -> None:
    records = _articles(n)
    size = sum(len(r["text"].encode()) for r in records) / n
    print(f"{n} articles, mean text size {size / 1000:.1f} KB")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, inputs in _write(Path(tmp), records).items():
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                count = sum(isinstance(item, Article) for item in read_articles(inputs))
                best = min(best, time.perf_counter() - start)
            assert count == n, (fmt, count)
            print(f"{fmt:<11} {n / best:>9,.0f} articles/s  ({best * 1000:.0f} ms for {n})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)

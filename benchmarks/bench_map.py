"""Benchmark ``geomap map`` rendering: build time, HTML size and first render in headless Chromium.

Synthetic events (1k, 10k, 50k; fixed seed) are drawn with ``build_map`` and,
in the same run, as a naive folium map with one ``folium.Marker`` (and popup)
per event.  The naive map gets the same inlined Leaflet so it can load
offline; it is capped at ``--naive-cap`` events because beyond that it takes
minutes to build and the page does not become usable.

Targets (issue 6): 50,000 events -> build <= 10 s, HTML <= 25 MB, first render <= 3 s.

    python benchmarks/bench_map.py            # 1k, 10k, 50k
    python benchmarks/bench_map.py --sizes 1000 --no-browser
"""

from __future__ import annotations

import argparse
import html
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geomap.render import build_map, render_html
from geomap.types import EVENT_KINDS, Event

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REGIONS = [(32.5, 37.3, 35.7, 42.3), (44.4, 52.3, 22.1, 40.2), (31.2, 33.3, 34.2, 35.9), (12.5, 18.0, 42.5, 46.0)]
WORDS = ["forces", "struck", "positions", "near", "the", "town", "overnight,", "local", "officials", "said,", "killing", "several", "fighters", "and", "damaging", "homes", "as", "residents", "fled", "towards", "the", "north"]


def synthetic_events(count: int, *, seed: int = 6) -> list[Event]:
    """Return ``count`` reproducible events spread over four conflict regions and 90 days."""
    rng = random.Random(seed)
    events = []
    for index in range(count):
        south, north, west, east = rng.choice(REGIONS)
        article = rng.randrange(max(1, count // 20))
        precision = rng.choice((1, 1, 1, 2, 3))
        words = rng.sample(WORDS, 16)
        events.append(Event(
            event_id=f"ev{index:06d}", article_id=f"art{article:05d}", event_type=rng.choice(EVENT_KINDS),
            lat=rng.uniform(south, north), lon=rng.uniform(west, east), place=f"Town {rng.randrange(3000)}",
            geo_precision=precision, uncertainty_km=0.0 if precision == 1 else rng.choice((5.0, 15.0, 40.0)),
            event_date=f"2024-{rng.randrange(9, 12):02d}-{rng.randrange(1, 29):02d}" if rng.random() > 0.02 else None,
            actors=(rng.choice(("Russian forces", "Ukrainian forces", "Hayat Tahrir al-Sham", "Houthis")),),
            fatalities=rng.choice((None, 0, 1, 4, 12)), injured=rng.choice((None, 2, 54)),
            evidence=" ".join(words).capitalize() + ".", title=f"Report number {article}",
            url=f"https://news.example.org/{article}", source="example", confidence=0.7,
        ))
    return events


def naive_map_html(events: list[Event]) -> str:
    """The naive approach: one folium Marker with an escaped popup per event (assets inlined)."""
    import folium
    from branca.element import Element

    from geomap.render.offline import _xstatic_dir, inline_assets

    fmap = folium.Map(location=[35, 38], zoom_start=4, tiles=None)
    inline_assets(fmap)
    images = _xstatic_dir("leaflet") / "images"
    jquery = (_xstatic_dir("jquery") / "jquery.min.js").read_text(encoding="utf-8")
    fmap.get_root().header.add_child(Element(f"<script>{jquery}</script>"))  # folium popups use $
    fmap.get_root().header.add_child(Element(
        f"<script>L.Icon.Default.prototype.options.imagePath = {('file://' + str(images) + '/')!r};</script>"))
    for event in events:
        folium.Marker([event.lat, event.lon], popup=folium.Popup(html.escape(event.evidence)),
                      tooltip=html.escape(event.event_type)).add_to(fmap)
    return fmap.get_root().render()


def render_seconds(page, path: Path, timeout_s: float) -> float:
    """Time from navigation start until Leaflet has drawn (two animation frames after load)."""
    page.goto(path.as_uri(), wait_until="load", timeout=timeout_s * 1000)
    return page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))"
    ) / 1000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--naive-cap", type=int, default=10000, help="largest naive map built (default 10000)")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    browser = page = None
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm = browser.new_page()  # the first page of a fresh browser is slow; do not time it
        warm.set_content("<p>warm-up</p>")
        warm.close()
    print(f"{'map':<7}{'events':>8}{'build s':>10}{'size MB':>10}{'render s':>10}{'errors':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            events = synthetic_events(size)
            for kind in ("geomap", "naive"):
                if kind == "naive" and size > args.naive_cap:
                    print(f"{kind:<7}{size:>8}   skipped: above --naive-cap {args.naive_cap} "
                          "(one DOM Marker + popup per event; see the 10k row)")
                    continue
                start = time.perf_counter()
                text = render_html(build_map(events, offline=True)) if kind == "geomap" else naive_map_html(events)
                path = Path(tmp) / f"{kind}-{size}.html"
                path.write_text(text, encoding="utf-8")
                build = time.perf_counter() - start
                render, errors = float("nan"), 0
                if browser is not None:
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    problems: list[str] = []
                    page.on("pageerror", lambda err, problems=problems: problems.append(str(err)))
                    page.on("console", lambda msg, problems=problems:
                            problems.append(msg.text) if msg.type == "error" else None)
                    page.route("**/*", lambda route: route.continue_()
                               if route.request.url.startswith(("file:", "data:")) else route.abort())
                    try:
                        render = render_seconds(page, path, timeout_s=120)
                    except Exception as err:  # noqa: BLE001 - report, keep benchmarking
                        problems.append(str(err).splitlines()[0])
                    errors = len(problems)
                    for problem in problems[:3]:
                        print(f"    error: {problem[:200]}", file=sys.stderr)
                    page.close()
                size_mb = path.stat().st_size / 1e6
                print(f"{kind:<7}{size:>8}{build:>10.2f}{size_mb:>10.1f}{render:>10.2f}{errors:>8}", flush=True)
    if browser is not None:
        browser.close()
        playwright.stop()


if __name__ == "__main__":
    main()

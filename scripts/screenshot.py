"""Take a PNG screenshot of a geomap HTML map with headless Chromium (Debian's chromium).

    python scripts/screenshot.py maps/seeds.html -o maps/seeds.png
    python scripts/screenshot.py maps/seeds.html -o shot.png --width 1600 --height 1000

Requests that are not file:/data: are blocked (an --offline map makes none);
the script exits non-zero if the page reports a JavaScript error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def screenshot(html: Path, png: Path, *, width: int, height: int, chromium: str, settle_ms: int) -> list[str]:
    """Write ``png`` and return the JavaScript errors the page reported (and blocked requests)."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})

        def route(request_route) -> None:
            if request_route.request.url.startswith(("file:", "data:")):
                request_route.continue_()
            else:
                problems.append(f"blocked request: {request_route.request.url}")
                request_route.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda error: problems.append(f"JS error: {error}"))
        page.goto(html.resolve().as_uri(), wait_until="load")
        page.wait_for_function("window.geomap && window.geomap.map", timeout=30000)
        page.wait_for_timeout(settle_ms)
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png))
        browser.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="map written by `geomap map`")
    parser.add_argument("-o", "--output", type=Path, required=True, help="PNG file to write")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="Chromium executable")
    parser.add_argument("--settle-ms", type=int, default=500, help="wait after load before the shot")
    args = parser.parse_args()
    if not args.html.is_file():
        print(f"error: expected a map HTML file, got {str(args.html)!r} (no such file); "
              "make one with `geomap map ... -o FILE`", file=sys.stderr)
        return 2
    problems = screenshot(args.html, args.output, width=args.width, height=args.height,
                          chromium=args.chromium, settle_ms=args.settle_ms)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"wrote {args.output}", file=sys.stderr)
    return 1 if any(problem.startswith("JS error") for problem in problems) else 0


if __name__ == "__main__":
    sys.exit(main())

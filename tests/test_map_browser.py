"""Maps in headless Chromium (Debian's /usr/bin/chromium through Playwright).

Every request that is not ``file:`` or ``data:`` is aborted and recorded, so
"zero external requests" is measured, not assumed.  One browser per session.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from geomap.geojson import dump_feature_collection, events_to_collection
from geomap.render import build_map, write_map
from geomap.render.maps import mappable_events
from geomap.types import Event

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path(os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
CONTROL_EARLY = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.15, 36.2]},
     "properties": {"place": "Aleppo", "holder": "Syrian government forces", "side": "government",
                    "status": "assessed", "since": "2024-11-20"}}]}
CONTROL_LATE = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.15, 36.2]},
     "properties": {"place": "Aleppo", "holder": "Hayat Tahrir al-Sham", "side": "opposition",
                    "status": "assessed", "since": "2024-11-30"}},
    {"type": "Feature", "geometry": {"type": "Polygon",
                                     "coordinates": [[[37.0, 36.0], [37.3, 36.0], [37.3, 36.4], [37.0, 36.4], [37.0, 36.0]]]},
     "properties": {"controller": "opposition", "side": "opposition", "as_of": "2024-12-01"}},
    {"type": "Feature", "geometry": {"type": "Point", "coordinates": [36.75, 35.13]},
     "properties": {"place": "Hama", "holder": "Syrian government forces", "side": "contested",
                    "status": "claimed", "since": "2024-12-01", "contested_by": "Hayat Tahrir al-Sham"}}]}


def _event(event_id: str, event_type: str, lat: float, lon: float, **fields) -> Event:
    values = {"article_id": "a1", "place": event_id.title(), "event_date": "2024-12-01",
              "evidence": f"Evidence sentence for {event_id}.", "url": "https://example.org/report",
              "title": "Example report"}
    values.update(fields)
    return Event(event_id=event_id, event_type=event_type, lat=lat, lon=lon, **values)


SYNTHETIC = [
    _event("aleppo-strike", "airstrike", 36.2, 37.15, fatalities=12, actors=("Russian forces",)),
    _event("idlib-strike", "airstrike", 35.93, 36.63, event_date="2024-11-29", fatalities=4, injured=54),
    _event("tel-rifaat", "seizure", 36.47, 37.1, event_date="2024-11-30", actors=("Syrian National Army",)),
    _event("kuweires", "seizure", 36.19, 37.58, geo_precision=2, uncertainty_km=8.0),
    _event("hama-north", "counterattack", 35.4, 36.75, event_date=None, geo_precision=3, uncertainty_km=30.0),
    _event("xss", "clash", 36.0, 37.0, evidence=XSS, title=XSS, place=XSS, actors=(XSS,), url="javascript:alert(1)"),
    _event("old-battle", "airstrike", 36.2, 37.2, event_date="2016-12-01", historical=True),
]


@dataclass
class Loaded:
    page: object
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}; install Debian's chromium package")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_map(browser, path: Path, *, ignore_failed_loads: bool = False) -> Loaded:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    loaded = Loaded(page)

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:")):
            request_route.continue_()
        else:
            loaded.external.append(url)
            request_route.abort()

    def console(message):
        if message.type == "error" and not (ignore_failed_loads and "Failed to load resource" in message.text):
            loaded.errors.append(message.text)

    page.route("**/*", route)
    page.on("pageerror", lambda error: loaded.errors.append(str(error)))
    page.on("console", console)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_function("window.geomap && window.geomap.layers && window.geomap.map")
    return loaded


@pytest.fixture(scope="module")
def synthetic_map(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("maps") / "synthetic.html"
    fmap = build_map(SYNTHETIC, control=CONTROL_LATE, control_snapshots=[("2024-11-20", CONTROL_EARLY),
                                                                         ("2024-12-01", CONTROL_LATE)],
                     title="Synthetic", offline=True)
    return write_map(fmap, path)


@pytest.fixture()
def synthetic(browser, synthetic_map):
    loaded = open_map(browser, synthetic_map)
    yield loaded
    loaded.page.close()


def overlay_names(page) -> list[str]:
    return [text.strip() for text in page.locator(".leaflet-control-layers-overlays label").all_inner_texts()]


def toggle(page, name: str) -> None:
    page.locator(".leaflet-control-layers-overlays label", has_text=name).locator("input").click()


def test_offline_map_makes_no_requests_and_has_no_errors(synthetic):
    page = synthetic.page
    page.wait_for_timeout(200)
    assert synthetic.external == []
    assert synthetic.errors == []
    assert page.evaluate("document.querySelectorAll('.leaflet-tile').length") == 0


def test_markers_for_all_events(synthetic):
    drawn, _ = mappable_events(SYNTHETIC)
    assert synthetic.page.locator(".geomap-marker").count() == len(drawn) == 6
    stats = synthetic.page.evaluate("geomap.stats()")
    assert stats == {"airstrike": 2, "seizure": 2, "counterattack": 1, "clash": 1}


def test_layer_control_lists_types_control_and_heat(synthetic):
    names = overlay_names(synthetic.page)
    assert names == ["Airstrike", "Seizure", "Counterattack", "Clash", "Control", "Heat map"] or \
        set(names) == {"Airstrike", "Seizure", "Counterattack", "Clash", "Control", "Heat map"}
    assert synthetic.page.locator(".geomap-heat").count() == 0  # heat map off by default


def test_toggling_a_layer_hides_its_markers(synthetic):
    page = synthetic.page
    assert page.locator(".geomap-marker-seizure").count() == 2
    toggle(page, "Seizure")
    assert page.locator(".geomap-marker-seizure").count() == 0
    assert page.locator(".geomap-marker-airstrike").count() == 2
    toggle(page, "Seizure")
    assert page.locator(".geomap-marker-seizure").count() == 2
    toggle(page, "Heat map")
    assert page.locator("canvas.geomap-heat").count() == 1
    assert synthetic.errors == []


def test_legend_title_and_count_visible(synthetic):
    page = synthetic.page
    legend = page.locator(".geomap-legend")
    assert legend.is_visible()
    assert "Airstrike" in legend.inner_text() and "opposition" in legend.inner_text()
    info = page.locator(".geomap-info").inner_text()
    assert "Synthetic" in info and "6 events" in info and "2024-11-29" in info


def test_popup_opens_with_evidence(synthetic):
    page = synthetic.page
    page.locator(".geomap-marker-counterattack").first.click()
    popup = page.locator(".geomap-popup")
    popup.wait_for()
    assert page.locator(".geomap-evidence").inner_text() == "Evidence sentence for hama-north."
    text = popup.inner_text()
    assert "Counterattack" in text and "unknown" in text and "30" in text
    link = page.locator(".geomap-source a")
    assert link.get_attribute("href") == "https://example.org/report"


def test_article_script_never_runs(synthetic):
    page = synthetic.page
    marker = page.locator(".geomap-marker-clash").first
    marker.hover()
    marker.click()
    page.locator(".geomap-popup").wait_for()
    page.wait_for_timeout(200)
    assert page.locator(".geomap-evidence").inner_text() == XSS
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.locator(".geomap-source a").count() == 0  # javascript: URL is not a link
    assert synthetic.errors == []


def test_time_slider_filters_events_and_control(synthetic):
    page = synthetic.page
    page.evaluate("""() => {
        const input = document.querySelector('.geomap-range-to');
        input.value = '0';
        input.dispatchEvent(new Event('input'));
    }""")
    page.wait_for_function("geomap.range[1] === geomap.minDay")
    stats = page.evaluate("geomap.stats()")
    assert stats == {"airstrike": 1, "seizure": 0, "counterattack": 1, "clash": 0}  # undated stays visible
    assert page.evaluate("geomap.controlDate") == "2024-11-20"
    toggle(page, "Control")
    toggle(page, "Control")
    assert synthetic.errors == []


@pytest.mark.slow
def test_large_map_uses_canvas_and_clusters(browser, tmp_path):
    events = [_event(f"e{i}", ("airstrike", "shelling")[i % 2], 33 + (i % 50) * 0.1, 36 + (i // 50) * 0.1,
                     event_date=f"2024-11-{1 + i % 28:02d}") for i in range(3000)]
    path = write_map(build_map(events, offline=True), tmp_path / "large.html")
    loaded = open_map(browser, path)
    try:
        page = loaded.page
        assert page.evaluate("geomap.stats()") == {"airstrike": 1500, "shelling": 1500}
        assert page.locator(".geomap-cluster").count() > 0
        assert page.locator(".geomap-marker").count() == 0  # canvas markers, no DOM icon per event
        assert loaded.external == [] and loaded.errors == []
    finally:
        loaded.page.close()


def test_online_map_requests_only_tiles(browser, tmp_path):
    path = write_map(build_map(SYNTHETIC[:3], title="online"), tmp_path / "online.html")
    loaded = open_map(browser, path, ignore_failed_loads=True)
    try:
        loaded.page.wait_for_timeout(300)
        assert loaded.external, "web tiles are requested without --offline"
        assert all(url.startswith("https://tile.openstreetmap.org/") for url in loaded.external)
        assert loaded.errors == []
    finally:
        loaded.page.close()


# ---------- the seed article through the whole pipeline ----------

def _pipeline_or_skip():
    if not sorted(SEEDS.glob("*.txt")):
        pytest.skip(f"no seed articles in {SEEDS}")
    return pytest.importorskip("geomap.pipeline", reason="extraction pipeline not available yet")


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory):
    pipeline = _pipeline_or_skip()
    from click.testing import CliRunner

    from geomap.cli.map import command

    seeds = [str(path) for path in sorted(SEEDS.glob("*.txt"))]
    out = tmp_path_factory.mktemp("seed") / "seed.html"
    result = CliRunner().invoke(command, [*seeds, "--date", "2024-12-01", "--offline", "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    batch = pipeline.load_events(seeds, default_date="2024-12-01")
    drawn, _ = mappable_events(batch.events)
    return out, drawn


def test_seed_map_in_chromium(browser, seed_map):
    path, drawn = seed_map
    loaded = open_map(browser, path)
    page = loaded.page
    try:
        page.wait_for_timeout(200)
        assert loaded.external == [] and loaded.errors == []
        assert page.locator(".geomap-marker").count() == len(drawn) > 0
        names = overlay_names(page)
        for name in ("Airstrike", "Seizure", "Counterattack"):
            assert name in names
        seizures = sum(1 for event in drawn if event.event_type == "seizure")
        assert page.locator(".geomap-marker-seizure").count() == seizures > 0
        toggle(page, "Seizure")
        assert page.locator(".geomap-marker-seizure").count() == 0
        toggle(page, "Seizure")
        assert page.locator(".geomap-legend").is_visible()
        airstrike = next(event for event in drawn if event.event_type == "airstrike")
        index = drawn.index(airstrike)
        page.evaluate(f"""() => {{
            const entry = geomap.layers.airstrike;
            const marker = entry.markers.find(m => m.geomapIndex === {index});
            geomap.openPopup(marker);
        }}""")
        page.locator(".geomap-evidence").wait_for()
        assert page.locator(".geomap-evidence").inner_text() == airstrike.evidence
        assert loaded.errors == []
    finally:
        page.close()


def test_xss_article_through_the_pipeline(browser, tmp_path):
    pipeline = _pipeline_or_skip()
    article = tmp_path / "2024-12-01_xss.txt"
    article.write_text(
        "Russian warplanes struck Aleppo on Sunday, killing 12 people "
        '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">, rescuers said.\n',
        encoding="utf-8")
    batch = pipeline.load_events([str(article)])
    assert any("<script>" in event.evidence for event in batch.events), "the script must reach the map"
    events_file = tmp_path / "events.geojson"
    with open(events_file, "w", encoding="utf-8") as stream:
        dump_feature_collection(events_to_collection(batch.events), stream)
    from click.testing import CliRunner

    from geomap.cli.map import command

    path = tmp_path / "xss.html"
    result = CliRunner().invoke(command, [str(events_file), "--offline", "-q", "-o", str(path)])
    assert result.exit_code == 0, result.output
    loaded = open_map(browser, path)
    try:
        page = loaded.page
        markers = page.locator(".geomap-marker").all()
        assert markers
        for marker in markers:
            marker.hover()
            marker.click()
            page.locator(".geomap-evidence").wait_for()
            assert "<script>" in page.locator(".geomap-evidence").inner_text()
        page.wait_for_timeout(100)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.querySelectorAll('.leaflet-container script, img[src=\"x\"]').length") == 0
        assert loaded.errors == []
    finally:
        loaded.page.close()

"""Inline every JS/CSS asset into the map, from files that installed packages ship.

Leaflet, Leaflet.markercluster and Font Awesome come from the XStatic packages
on PyPI; geomap's own engine (``geomap/data/render/``) is ours.  Images and
fonts referenced by the CSS become ``data:`` URIs, so the page makes no
request at all.  The map *instance* gets its own (empty) asset lists: folium's
class-level lists are never touched.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from functools import lru_cache
from pathlib import Path

from branca.element import Element

from geomap.render.legend import used_icons

ENGINE_DIR = Path(__file__).resolve().parent.parent / "data" / "render"
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


class AssetError(RuntimeError):
    """Raised when a packaged asset cannot be found or is unsafe to inline."""


def _xstatic_dir(module: str) -> Path:
    try:
        package = __import__(f"xstatic.pkg.{module}", fromlist=["BASE_DIR"])
    except ImportError as err:
        name = "XStatic-" + module.replace("_", "-").title().replace("Markercluster", "MarkerCluster")
        raise AssetError(f"map assets need the Python package {name}; install it with `pip install {name}`") from err
    return Path(package.BASE_DIR)


def data_uri(path: Path) -> str:
    """Return ``path`` as a base64 ``data:`` URI."""
    kind = {".woff2": "font/woff2", ".ttf": "font/ttf"}.get(path.suffix) or mimetypes.guess_type(path.name)[0]
    return f"data:{kind or 'application/octet-stream'};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css_urls(css: str, base: Path) -> str:
    def replace(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        path = (base / target).resolve()
        if not path.exists():
            raise AssetError(f"CSS asset {target!r} not found next to {base}; reinstall the XStatic package")
        return f"url({data_uri(path)})"

    return _CSS_URL.sub(replace, css)


def _font_awesome_css() -> str:
    """Font Awesome CSS with only the icons geomap uses and the solid font inlined."""
    root = _xstatic_dir("font_awesome")
    css = (root / "css" / "all.min.css").read_text(encoding="utf-8")
    css = re.sub(r"@font-face\{[^}]*\}", "", css)
    keep = used_icons()
    rules = []
    for rule in css.split("}"):
        selector, _, body = rule.partition("{")
        if body.startswith("content:") and ":before" in selector:
            names = set(re.findall(r"\.fa-([a-z0-9-]+):before", selector))
            if not names & keep:
                continue
        rules.append(rule)
    css = "}".join(rules)
    font = data_uri(root / "webfonts" / "fa-solid-900.woff2")
    face = ('@font-face{font-family:"Font Awesome 6 Free";font-style:normal;font-weight:900;'
            f'font-display:block;src:url({font}) format("woff2")}}')
    return face + css


@lru_cache(maxsize=1)
def asset_bundle() -> tuple[str, str]:
    """Return (css, js): every stylesheet and script the map needs, concatenated."""
    leaflet = _xstatic_dir("leaflet")
    cluster = _xstatic_dir("leaflet_markercluster")
    css_parts = [
        _inline_css_urls((leaflet / "leaflet.css").read_text(encoding="utf-8"), leaflet),
        (cluster / "MarkerCluster.css").read_text(encoding="utf-8"),
        _font_awesome_css(),
        (ENGINE_DIR / "geomap.css").read_text(encoding="utf-8"),
    ]
    js_parts = [
        (leaflet / "leaflet.js").read_text(encoding="utf-8"),
        (cluster / "leaflet.markercluster.js").read_text(encoding="utf-8"),
        (ENGINE_DIR / "geomap.js").read_text(encoding="utf-8"),
    ]
    css = "\n".join(css_parts)
    js = "\n;\n".join(_strip_source_map(part) for part in js_parts)
    for name, text in (("CSS", css), ("JS", js)):
        if re.search(r"</(script|style)", text, re.IGNORECASE):
            raise AssetError(f"packaged {name} contains a closing tag and cannot be inlined safely")
    return css, js


def _strip_source_map(js: str) -> str:
    return re.sub(r"//# sourceMappingURL=\S+", "", js)


def inline_assets(fmap) -> None:
    """Give ``fmap`` its own empty asset lists and put the inlined bundle in its page header."""
    fmap.default_js = []  # instance attributes: folium's class-level lists stay untouched
    fmap.default_css = []
    css, js = asset_bundle()
    header = fmap.get_root().header
    header.add_child(Element(f"<style>\n{css}\n</style>"), name="geomap_css")
    header.add_child(Element(f"<script>\n{js}\n</script>"), name="geomap_js")

"""Colours, icons and labels of event types and control sides (legend content).

The legend itself is drawn by the map engine from this configuration; all
strings here are ours, never article text.
"""

from __future__ import annotations

import hashlib

from geomap.types import EVENT_KINDS

# key -> (layer name, colour, Font Awesome 6 solid icon)
TYPE_STYLES: dict[str, tuple[str, str, str]] = {
    "airstrike": ("Airstrike", "#d62728", "fa-plane"),
    "shelling": ("Shelling", "#ff7f0e", "fa-crosshairs"),
    "clash": ("Clash", "#9467bd", "fa-gun"),
    "seizure": ("Seizure", "#2ca02c", "fa-flag"),
    "counterattack": ("Counterattack", "#1f77b4", "fa-rotate-left"),
    "withdrawal": ("Withdrawal", "#8c564b", "fa-arrow-right-from-bracket"),
    "explosion": ("Explosion", "#e377c2", "fa-burst"),
}
assert set(TYPE_STYLES) == set(EVENT_KINDS)

SIDE_COLOURS: dict[str, str] = {
    "government": "#c0392b",
    "opposition": "#27ae60",
    "SDF": "#f1c40f",
    "ISIS": "#2c2c2c",
    "Russia": "#8e1b1b",
    "Ukraine": "#2e6fd8",
    "Israel": "#1f4e99",
    "Hamas": "#3c8d3c",
    "Hezbollah": "#d4b20b",
    "Houthis": "#6b8e23",
    "coalition": "#4b6fa5",
    "SAF": "#b03a2e",
    "RSF": "#c77d0e",
    "junta": "#7b241c",
    "resistance": "#1e8449",
    "unknown": "#8c8c8c",
    "contested": "#7f7f7f",
}
EXTRA_COLOURS = ("#17becf", "#bcbd22", "#7f3c8d", "#11a579", "#3969ac", "#f2b701", "#e73f74", "#80ba5a")
HATCH = ("#7f7f7f", "#e8e8e8")


def type_config(keys: list[str]) -> list[dict[str, str]]:
    """Return the JS config (key, label, colour, icon) of the given event types, in vocabulary order."""
    ordered = [key for key in EVENT_KINDS if key in keys]
    return [{"key": key, "label": TYPE_STYLES[key][0], "color": TYPE_STYLES[key][1], "icon": TYPE_STYLES[key][2]}
            for key in ordered]


def side_colour(side: str) -> str:
    """Return the colour of a control side (stable for sides not in the table)."""
    if side in SIDE_COLOURS:
        return SIDE_COLOURS[side]
    for known, colour in SIDE_COLOURS.items():
        if known.lower() == side.lower():
            return colour
    digest = int(hashlib.sha256(side.encode("utf-8")).hexdigest(), 16)
    return EXTRA_COLOURS[digest % len(EXTRA_COLOURS)]


def side_config(sides: list[str]) -> list[dict[str, str]]:
    """Return the legend entries of the control sides present, sorted by name."""
    return [{"side": side, "color": side_colour(side)} for side in sorted(set(sides)) if side != "contested"]


def used_icons() -> set[str]:
    """Font Awesome icon names the map uses (for trimming the inlined CSS)."""
    return {style[2].removeprefix("fa-") for style in TYPE_STYLES.values()}


def legend_elements():
    """Return the folium elements drawing the title/date/count box and the legend."""
    from geomap.render.layers import EngineCall

    return [EngineCall("info"), EngineCall("legend")]

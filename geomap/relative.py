"""Relative locations: "30km south of Idlib", "east of Aleppo", "the outskirts of Khan Sheikhun",
"the northern countryside of Hama province", "central Aleppo", "across northern Syria".

:func:`relation_at` reads the words around a place mention and returns how an event
located there relates to it: a bearing and distance to shift the anchor by, ACLED's
``geo_precision`` (1 the place itself, 2 near it / part of a region, 3 a whole region)
and an ``uncertainty_km`` radius.  :func:`shift` moves a point along a bearing.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

BEARINGS = {
    "north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0, "southwest": 225.0,
    "west": 270.0, "northwest": 315.0,
}
_DIR = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?"
_DIRN = r"(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?"
_UNIT_KM = {"km": 1.0, "kilometres": 1.0, "kilometers": 1.0, "kilometre": 1.0, "kilometer": 1.0,
            "miles": 1.609, "mile": 1.609, "mi": 1.609}
# "the town of", also with up to three describing words: "the border village of", "the southern Lebanese town of",
# "the Red Sea port of"
_OF_TOWN = r"(?:the\s+)?(?:(?:[a-z][\w'’-]*\s+){0,3}(?:city|town|village|port|harbou?r|capital|province|region|governorate|area|areas|district)\s+of\s+)?"

_BEFORE = [
    ("offset", re.compile(rf"(?P<d>\d+(?:\.\d+)?)\s*-?\s*(?P<u>km|kilometres|kilometers|kilometre|kilometer|miles|mile|mi)\s+(?:\(\d+\s*miles?\)\s+)?(?:to the\s+)?(?P<dir>{_DIR})\s+of\s+{_OF_TOWN}$", re.I)),
    ("countryside", re.compile(rf"(?:the\s+)?(?:(?P<dir>{_DIRN})\s+)?(?:countryside|rural areas|outlying areas|villages)\s+(?:of|around)\s+{_OF_TOWN}$", re.I)),
    ("direction", re.compile(rf"(?:the\s+)?(?:area\s+|areas\s+|villages\s+|towns\s+|front\s+line\s+)?(?:just\s+)?(?:to the\s+)?(?P<dir>{_DIR})\s+of\s+{_OF_TOWN}$", re.I)),
    ("outskirts", re.compile(rf"(?:the\s+)?(?:outskirts|edge|edges|approaches|gates|periphery|suburbs)\s+(?:of|to)\s+{_OF_TOWN}$", re.I)),
    ("near", re.compile(rf"(?:\bnear(?:by)?|\boutside|\baround|\bclose to|\bvicinity of|\bnot far from|\bfrontline near)\s+{_OF_TOWN}$", re.I)),
    ("region", re.compile(rf"(?:across|throughout)\s+(?:the\s+)?(?:(?P<dir>{_DIRN})\s+)?$", re.I)),
    ("central", re.compile(r"(?:\bcentral|\bdowntown|\bcentre of|\bcenter of|\bheart of)\s+(?:the\s+)?$", re.I)),
    ("part", re.compile(rf"(?P<dir>{_DIRN})\s+$", re.I)),
]
# the letters (or digit) each phrase above starts with: searching a window for a phrase that ends at
# its end tries every position, and this look-ahead rejects most of them at one comparison
_FIRST = {"offset": r"\d", "countryside": "tnsewcrov", "direction": "tavfjnsew", "outskirts": "toeagps",
          "near": "noacvf", "region": "at", "central": "cdh", "part": "nsew"}
# words each phrase holds (one of every group): a window without them is not searched
_COMPASS = ("north", "south", "east", "west")
_NEEDS = {"offset": (("km", "kilomet", "mi"), _COMPASS),
          "countryside": (("countryside", "rural areas", "outlying areas", "villages"),),
          "direction": (_COMPASS,), "outskirts": (("outskirts", "edge", "approaches", "gates", "periphery", "suburbs"),),
          "near": (("near", "outside", "around", "close to", "vicinity of", "not far from"),),
          "region": (("across", "throughout"),), "central": (("central", "downtown", "centre of", "center of", "heart of"),),
          "part": (_COMPASS,)}
_BEFORE = [(kind, re.compile(rf"(?=[{_FIRST[kind]}])(?:{pattern.pattern})", pattern.flags), _NEEDS[kind])
           for kind, pattern in _BEFORE]
_AFTER = [
    ("countryside", re.compile(rf"^(?:['’]s)?\s+(?:(?P<dir>{_DIRN})\s+)?(?:countryside|outskirts|suburbs)\b", re.I)),
]
# "X, east of Y", "X, about 10km south of Y", "X, a town east of Y": X is the place the relation points at
_APPOSITION = re.compile(r",\s*(?:(?:a|an)\s+(?:[\w-]+\s+)?(?:town|village|city|hamlet|settlement|district|suburb|camp"
                         r"|base|port|neighbou?rhood)\s+)?(?:about|some|around|roughly|nearly|just\s+)?\s*$")


_SKIP = frozenset({"the", "a", "an"})
_ENDINGS = frozenset({"of", "to", "from", "around", "near", "nearby", "outside", "across", "throughout", "central",
                      "downtown", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
                      "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                      "southeastern", "southwestern", "north-east", "north-west", "south-east", "south-west",
                      "north-eastern", "north-western", "south-eastern", "south-western"})
_COMPASS_WORDS = frozenset(w for w in _ENDINGS if w.startswith(("north", "south", "east", "west")))
# the word each phrase of _BEFORE ends with (articles skipped, as _last_word reads it): a window ending
# in another word is not searched for that phrase
_LAST_WORDS = {"offset": frozenset({"of"}), "countryside": frozenset({"of", "around"}), "direction": frozenset({"of"}),
               "outskirts": frozenset({"of", "to"}),
               "near": frozenset({"near", "nearby", "outside", "around", "to", "of", "from"}),
               "region": frozenset({"across", "throughout"}) | _COMPASS_WORDS,
               "central": frozenset({"central", "downtown", "of"}), "part": _COMPASS_WORDS}


def _last_word(window: str) -> str:
    """The last word of ``window`` that is not an article ("... east of the " -> "of"), lower-cased."""
    end = len(window)
    while True:
        while end > 0 and not (window[end - 1].isalpha() or window[end - 1] == "-"):
            end -= 1
        begin = end
        while begin > 0 and (window[begin - 1].isalpha() or window[begin - 1] == "-"):
            begin -= 1
        word = window[begin:end].lower()
        if word in _SKIP and begin > 0:
            end = begin
            continue
        return word


@dataclass(frozen=True, slots=True)
class Relation:
    """How an event place relates to a named anchor."""

    kind: str  # offset, direction, countryside, outskirts, near, region, central, part
    bearing: float | None
    distance_km: float
    geo_precision: int
    uncertainty_km: float
    start: int  # where the relative phrase begins in the text
    rule: str


def _bearing(word: str | None) -> float | None:
    if not word:
        return None
    key = word.lower().replace("-", "").replace(" ", "")
    if key.endswith("ern"):
        key = key[:-3]
    return BEARINGS.get(key)


def relation_at(text: str, start: int, end: int, *, floor: int = 0, anchor_kind: str = "city") -> Relation | None:
    """Return the relation that the words around the mention ``text[start:end]`` express.

    ``anchor_kind`` is "city", "admin" or "country": it sets default distances.
    ``floor`` bounds the look-back (the start of the sentence).
    """
    found = _phrase(text[max(floor, start - 90):start], text[end:end + 40])
    if found is None:
        return None
    kind, bearing, m, back = found
    if (kind == "countryside" and bearing is None and _VILLAGES_LISTED.match(text, end) and "villages" in m.group(0).lower()
            and not _REGIONS_AFTER.match(text, end)):
        return None  # "the villages of Markaba and Blida": the names are the villages, not a town's countryside
    return _make(kind, bearing, m, start - back, anchor_kind)


_VILLAGES_LISTED = re.compile(r"(?:,\s+|\s+and\s+)(?:(?:al|el|an|ar|as|ad|ash)-)?[A-Z]")
_REGIONS_AFTER = re.compile(r"[^.;]{0,40}?\b(?:provinces|regions|governorates|districts|states|oblasts)\b")


def _phrase(window: str, tail: str) -> tuple | None:
    """The relation phrase ending ``window`` or opening ``tail``: (kind, bearing, match, how far
    before the mention it starts), or None."""
    last = _last_word(window)
    if last not in _ENDINGS:
        kinds = ()  # every phrase of _BEFORE ends with one of _ENDINGS
    else:
        kinds = _BEFORE
        folded = window.casefold()  # (a superset of what the case-insensitive patterns read as these words)
    for kind, pattern, needs in kinds:
        if last not in _LAST_WORDS[kind] or not all(any(word in folded for word in group) for group in needs):
            continue
        m = pattern.search(window)
        if not m:
            continue
        return kind, _bearing(m.groupdict().get("dir")), m, len(window) - m.start()
    for kind, pattern in _AFTER:
        m = pattern.match(tail)  # anchored at the start ("^"): match is search, without the scan
        if m:
            return kind, _bearing(m.groupdict().get("dir")), m, 0
    return None


def _make(kind: str, bearing: float | None, m: re.Match[str], phrase_start: int, anchor_kind: str) -> Relation | None:
    big = anchor_kind in ("admin", "country")
    if kind == "offset":
        km = float(m.group("d")) * _UNIT_KM[m.group("u").lower()]
        return Relation(kind, bearing, km, 2, max(3.0, round(km * 0.25, 1)), phrase_start, f"offset:{m.group(0).strip()}")
    if kind == "direction":
        km = 40.0 if big else 10.0
        return Relation(kind, bearing, km, 2, 40.0 if big else 12.0, phrase_start, f"direction:{m.group(0).strip()}")
    if kind == "countryside":
        km = 25.0 if bearing is not None else 0.0
        return Relation(kind, bearing, km, 2, 30.0, phrase_start, f"countryside:{m.group(0).strip()}")
    if kind == "outskirts":
        return Relation(kind, None, 0.0, 2, 5.0 if not big else 25.0, phrase_start, f"outskirts:{m.group(0).strip()}")
    if kind == "near":
        return Relation(kind, None, 0.0, 2, 10.0 if not big else 30.0, phrase_start, f"near:{m.group(0).strip()}")
    if kind == "region":
        km = 100.0 if bearing is not None and big else 0.0
        return Relation(kind, bearing, km, 3, 150.0 if big else 25.0, phrase_start, f"region:{m.group(0).strip()}")
    if kind == "central":
        return Relation(kind, None, 0.0, 1, 2.0, phrase_start, f"central:{m.group(0).strip()}")
    if kind == "part":
        if bearing is None:
            return None
        if big:
            return Relation(kind, bearing, 100.0 if anchor_kind == "country" else 30.0, 3,
                            150.0 if anchor_kind == "country" else 40.0, phrase_start, f"part:{m.group(0).strip()}")
        return Relation(kind, bearing, 3.0, 2, 5.0, phrase_start, f"part:{m.group(0).strip()}")
    return None


def apposition_target(text: str, phrase_start: int, floor: int = 0) -> int | None:
    """For "X, east of Y": return the offset where ", east of" begins (X ends there), else None."""
    begin = max(floor, phrase_start - 45)
    m = _APPOSITION.search(text, begin, phrase_start)
    return None if m is None else m.start()


def shift(lat: float, lon: float, bearing: float | None, distance_km: float) -> tuple[float, float]:
    """Return the point ``distance_km`` from (lat, lon) along ``bearing`` (degrees from north)."""
    if bearing is None or distance_km <= 0:
        return lat, lon
    radius = 6371.0088
    phi1, lam1, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    delta = distance_km / radius
    phi2 = math.asin(math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta))
    lam2 = lam1 + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi1),
                             math.cos(delta) - math.sin(phi1) * math.sin(phi2))
    return math.degrees(phi2), (math.degrees(lam2) + 540.0) % 360.0 - 180.0

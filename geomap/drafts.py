"""The drafts of one article's events, and how repeated reports of one event become one.

A :class:`Draft` is an event while :mod:`geomap.events` builds it from a trigger.  The passes
here run on an article's drafts in order: a clash that only restates a seizure or strike is
absorbed, a seizure the same side's recapture already reports is folded into it, and repeated
reports (same type, place within 30 km, compatible dates) merge into one draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from geomap.geodesy import distance_km
from geomap.resolve import is_admin
from geomap.rules import TriggerMatch
from geomap.types import Place

REMOTE_KINDS = ("airstrike", "shelling", "explosion")
GROUND_KINDS = ("seizure", "counterattack", "withdrawal", "clash")
_SEPARATE = re.compile(r"\b(?:earlier|another|second|separate|later|further|new|fresh)\b", re.I)
DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|its|their|that|this)\s+$", re.I)


@dataclass(slots=True)
class Draft:
    """One event being built from a trigger: its place, date, figures and actors, before merging."""

    kind: str
    trigger: TriggerMatch
    sentence: tuple[int, int]
    sentence_index: int
    clause: tuple[int, int]
    place: Place
    lat: float
    lon: float
    geo_precision: int
    uncertainty_km: float
    mention_index: int
    rules: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    claimed_by: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    event_date: str | None = None
    time_precision: int = 2
    historical: bool = False
    weapon: str | None = None
    success: bool = False
    in_clause: bool = True


def _other_day(a: Draft, b: Draft) -> bool:
    """Are two drafts dated to different days (so they cannot be one event)?"""
    return bool(a.event_date and b.event_date and a.event_date != b.event_date
                and a.time_precision == 1 and b.time_precision == 1)


def absorb_clashes(drafts: list[Draft]) -> list[Draft]:
    """Generic fighting reported next to a seizure or counterattack (same day) is part of that event, as
    is fighting a few sentences on at the place that event took ("fighting for the district was continuing")."""
    ground = [o for o in drafts if o.kind in ("seizure", "counterattack")]
    if not ground:
        return drafts
    keep = []
    for d in drafts:
        if d.kind == "clash" and any(
            (abs(o.sentence_index - d.sentence_index) <= 1
             or (0 < d.sentence_index - o.sentence_index <= 3 and not d.historical and not o.historical
                 and o.place.place_id == d.place.place_id and any(r.startswith("place:coreference") for r in d.rules)))
            and not _other_day(o, d)
            and (distance_km(o.lat, o.lon, d.lat, d.lon) < 30
                 or (o.sentence_index == d.sentence_index and d.geo_precision == 3))  # "after heavy fighting" in a region
            for o in ground
        ):
            continue
        keep.append(d)
    return keep


def _days_apart(a: str | None, b: str | None) -> int | None:
    """Days between two ISO dates, None when either is missing or invalid."""
    if not a or not b:
        return None
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


def _same_actor(a: Draft, b: Draft) -> bool:
    """Do two drafts name no different first actor?"""
    return not (a.actors and b.actors and a.actors[0] != b.actors[0])


def _same_transfer(a: Draft, b: Draft) -> bool:
    """A place changes hands once: two seizures (or two withdrawals) of the same place by the same side
    dated a day apart are one event reported twice ("it said on Wednesday it had ordered its troops to
    withdraw from X" ... "units pulled back on Tuesday")."""
    return (a.kind == b.kind and a.kind in ("seizure", "withdrawal") and a.place.place_id == b.place.place_id
            and _same_actor(a, b) and (_days_apart(a.event_date, b.event_date) or 0) <= 1)


def absorb_recaptures(drafts: list[Draft]) -> list[Draft]:
    """"Its forces recaptured X ... troops entered the city and took control of it": retaking a place is
    one counterattack, not a counterattack and a seizure.  A seizure of the place a successful
    counterattack retook (same side, within two days) is folded into that counterattack."""
    recaptures = [d for d in drafts if d.kind == "counterattack" and d.success and not d.historical]
    if not recaptures:
        return drafts
    keep = []
    for d in drafts:
        if d.kind == "seizure" and not d.historical:
            into = next((o for o in recaptures if _same_actor(o, d)
                         and (o.place.place_id == d.place.place_id or distance_km(o.lat, o.lon, d.lat, d.lon) < 10)
                         and (_days_apart(o.event_date, d.event_date) or 0) <= 2), None)
            if into is not None:
                into.rules.append(f"absorbed-seizure:{d.trigger.text}@{d.trigger.start}")
                if into.fatalities is None:
                    into.fatalities = d.fatalities
                if into.injured is None:
                    into.injured = d.injured
                if not into.actors:
                    into.actors = list(d.actors)
                if into.event_date and d.event_date and d.event_date < into.event_date and d.time_precision == 1:
                    into.event_date, into.time_precision = d.event_date, 1  # "said on Sunday it had retaken"
                continue
        keep.append(d)
    return keep


CONTROL_KINDS = frozenset({"seizure", "counterattack", "withdrawal"})
TOWNS_APART_KM = 5.0  # two precise places of a change of control this far apart are two towns


def merge_drafts(text: str, drafts: list[Draft]) -> list[Draft]:
    """Merge repeated reports of one event (same type, place within 30 km, compatible dates)."""
    merged: list[Draft] = []
    for d in drafts:
        target = None
        for m in merged:
            if m.kind != d.kind or m.historical != d.historical:
                continue
            if m.trigger is d.trigger and m.place.place_id != d.place.place_id:
                continue  # one trigger, places listed together ("hit Kherson and Kharkiv"): one event each
            if m.event_date and d.event_date and m.event_date != d.event_date and max(m.time_precision, d.time_precision) == 1 \
                    and not _same_transfer(m, d):
                continue
            apart = distance_km(m.lat, m.lon, d.lat, d.lon)
            near = m.place.place_id == d.place.place_id or apart < 30
            if near and apart >= TOWNS_APART_KM and d.kind in CONTROL_KINDS and m.geo_precision == d.geo_precision == 1:
                continue  # "captured Saraqib and later seized Maarat al-Numan": control changes town by town
            within = not near and (((m.geo_precision == 3 or d.geo_precision == 3) and _region_and_town(m, d))
                                   or (m is merged[-1] and not d.in_clause and _anaphoric(text, m, d)))
            if not near and not within:
                continue
            coreferent = any(r.startswith("place:coreference") for r in d.rules) and m is merged[-1]
            if d.kind in REMOTE_KINDS and m.sentence_index != d.sentence_index and not coreferent:
                if _SEPARATE.search(text, d.sentence[0], d.trigger.start) or (
                        m.fatalities is not None and d.fatalities is not None and m.fatalities != d.fatalities):
                    continue
                if m.place.place_id != d.place.place_id and distance_km(m.lat, m.lon, d.lat, d.lon) > 10 and not within:
                    continue
            target = m
            break
        if target is None:
            merged.append(d)
            continue
        target.rules.append(f"merged:{d.trigger.text}@{d.trigger.start}")
        if target.event_date and d.event_date and d.event_date < target.event_date and _same_transfer(target, d):
            target.event_date = d.event_date  # "said on Wednesday it had withdrawn ... pulled back on Tuesday"
        elif d.event_date and d.time_precision < target.time_precision:  # a vaguer report, then a dated one
            target.event_date, target.time_precision = d.event_date, d.time_precision
        if target.fatalities is None:
            target.fatalities = d.fatalities
        if target.injured is None:
            target.injured = d.injured
        for actor in d.actors:
            if actor not in target.actors and len(target.actors) < 2:
                target.actors.append(actor)
        target.claimed_by = target.claimed_by or d.claimed_by
        target.success = target.success or d.success
        if d.geo_precision < target.geo_precision and (_same_site(target, d) or _named_in_area(target, d)):
            target.place, target.lat, target.lon = d.place, d.lat, d.lon
            target.geo_precision, target.uncertainty_km = d.geo_precision, d.uncertainty_km
    return merged


def _anaphoric(text: str, a: Draft, b: Draft) -> bool:
    """"Clashes broke out near X on Friday. The fighting has raged since the factions captured Y ...":
    a definite "the fighting" with no place in its own clause, right after an event of its kind, is
    that event again (its place was borrowed from elsewhere in its sentence)."""
    return (b.kind == a.kind and not b.in_clause and 0 <= b.sentence_index - a.sentence_index <= 1
            and DEFINITE_BEFORE.search(text, max(b.sentence[0], b.trigger.start - 8), b.trigger.start) is not None)


def _region_and_town(a: Draft, b: Draft) -> bool:
    """Is one draft placed only at a whole region (geo precision 3) and the other at a place inside it
    ("an air strike in northern Shan state ... a military aircraft bombed a village near Lashio")?"""
    return ((a.geo_precision == 3 and b.geo_precision < 3 and is_admin(a.place) and inside(b.place, a.place))
            or (b.geo_precision == 3 and a.geo_precision < 3 and is_admin(b.place) and inside(a.place, b.place)))


def _named_in_area(area: Draft, town: Draft) -> bool:
    """"overran a string of villages west of Aleppo ... captured Sheikh Aqil": a change of control told
    over an area, then at a town named in it: the town is where it happened."""
    return (town.kind in CONTROL_KINDS and area.geo_precision == 2 and town.geo_precision == 1
            and any(r.startswith(("relative:countryside", "relative:direction")) for r in area.rules))


def _same_site(a: Draft, b: Draft) -> bool:
    """May ``b`` refine where ``a`` happened ("near Hama" then "in Hama")?  Only the same place, a
    place within a few km, or a place inside ``a``'s region: "the fighting ... since the SNA captured
    Manbij" must not move a clash at the Tishrin dam 26 km away to Manbij."""
    if a.place.place_id == b.place.place_id or distance_km(a.lat, a.lon, b.lat, b.lon) < 10:
        return True
    return is_admin(a.place) and inside(b.place, a.place)


def inside(place: Place, region: Place) -> bool:
    """Does ``place`` lie in the admin unit ``region`` (by the gazetteer's admin-1/admin-2 names)?"""
    if place.country_code != region.country_code or place.place_id == region.place_id:
        return False
    if region.feature_code == "ADM2":
        return bool(place.admin2) and _fold_admin(place.admin2) == _fold_admin(region.name)
    if region.feature_code != "ADM1" or not place.admin1:
        return False
    return place.admin1 in (region.name, region.admin1) or _fold_admin(place.admin1) in {
        _fold_admin(region.name), _fold_admin(region.admin1)}


_ADMIN_WORDS = re.compile(r"\b(?:state|province|governorate|region|oblast|division|district|muhafazat|wilayat)\b|['’`]", re.I)


def _fold_admin(name: str) -> str:
    """An admin unit's name without its feature word or punctuation ("Shan State" -> "shan")."""
    import unicodedata

    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(_ADMIN_WORDS.sub(" ", plain.lower()).replace("-", " ").split())

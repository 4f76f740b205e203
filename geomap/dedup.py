"""Cross-source deduplication: when two reports describe the same event.

Two events are the same when they have the same ``event_type``, their dates
are within one day (widened by the coarser ``time_precision``), their points
are within a distance scaled by both events' ``geo_precision`` and their
actors do not contradict each other.  Merging follows ACLED's conventions:
every source is kept and the *lowest* reported fatality figure wins.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date

from geomap.geodesy import distance_km
from geomap.types import Event

# days of slack per time_precision (1 day, 2 week, 3 month)
DATE_SLACK_DAYS: dict[int, int] = {1: 1, 2: 7, 3: 31}
# radius in km that a point of each geo_precision may stand for
GEO_RADIUS_KM: dict[int, float] = {1: 5.0, 2: 15.0, 3: 50.0}
MAX_DATE_WINDOW_DAYS = max(DATE_SLACK_DAYS.values())

SideOf = Callable[[str, str | None], str | None]


def date_window_days(a: Event, b: Event) -> int:
    """Return the date tolerance for a pair: one day, widened by the coarser precision."""
    return max(DATE_SLACK_DAYS.get(a.time_precision, 1), DATE_SLACK_DAYS.get(b.time_precision, 1))


def distance_threshold_km(a: Event, b: Event) -> float:
    """Return the largest distance at which two points may still be one place."""

    def radius(event: Event) -> float:
        return max(GEO_RADIUS_KM.get(event.geo_precision, GEO_RADIUS_KM[3]), event.uncertainty_km or 0.0)

    return radius(a) + radius(b)


def dates_compatible(a: Event, b: Event) -> bool:
    """Tell whether the two dates may be the same day (two undated events match)."""
    if a.event_date is None or b.event_date is None:
        return a.event_date is None and b.event_date is None
    delta = abs((date.fromisoformat(a.event_date) - date.fromisoformat(b.event_date)).days)
    return delta <= date_window_days(a, b)


def places_compatible(a: Event, b: Event) -> bool:
    """Tell whether the two locations may be the same place."""
    if a.place_id and a.place_id == b.place_id:
        return True
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= distance_threshold_km(a, b)


def actors_compatible(a: Event, b: Event, *, side_of: SideOf | None = None) -> bool:
    """Tell whether the actors do not contradict each other.

    Unknown actors are compatible with anything; otherwise the acting actor
    (actor1) must be the same, appear among the other's actors, or - when a
    ``side_of(actor, country_code)`` function is given - be on the same side
    (outlets often attribute one strike to "Syrian" or "Russian" jets).
    """
    if not a.actors or not b.actors:
        return True
    if a.actors[0] in b.actors or b.actors[0] in a.actors:
        return True
    if side_of is not None:
        side_a = side_of(a.actors[0], a.country_code)
        side_b = side_of(b.actors[0], b.country_code or a.country_code)
        return side_a is not None and side_a == side_b
    return False


def same_event(a: Event, b: Event, *, side_of: SideOf | None = None) -> bool:
    """Tell whether two reports from different articles describe the same event."""
    return (
        a.event_type == b.event_type
        and a.historical == b.historical
        and dates_compatible(a, b)
        and places_compatible(a, b)
        and actors_compatible(a, b, side_of=side_of)
    )


def match_score(a: Event, b: Event) -> tuple[float, int]:
    """Return a sort key for candidate merges: closer in space, then in time, is better."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        distance = 0.0
    else:
        distance = distance_km(a.lat, a.lon, b.lat, b.lon)
    days = 0
    if a.event_date and b.event_date:
        days = abs((date.fromisoformat(a.event_date) - date.fromisoformat(b.event_date)).days)
    return (round(distance, 6), days)


def _lowest(values: Sequence[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return min(known) if known else None


def _unique(values: Sequence[str | None]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.append(value)
    return seen


def merge_events(members: Sequence[Event]) -> Event:
    """Merge reports of one event into a single event (ACLED rule: lowest fatalities).

    The first member gives the id; the most precise location (lowest
    ``geo_precision``, then smallest uncertainty) and the most precise date win;
    actors are the union in order of appearance; ``source`` lists every outlet.
    """
    if not members:
        raise ValueError("merge_events expected at least one event, got none")
    first = members[0]
    if len(members) == 1:
        return first
    located = [event for event in members if event.lat is not None and event.lon is not None] or list(members)
    where = min(located, key=lambda event: (event.geo_precision, event.uncertainty_km or 0.0))
    dated = [event for event in members if event.event_date] or list(members)
    when = min(dated, key=lambda event: (event.time_precision, event.event_date or ""))
    actors: list[str] = []
    for event in members:
        for actor in event.actors:
            if actor not in actors:
                actors.append(actor)
    outlets = _unique([event.source for event in members])
    return replace(
        first,
        lat=where.lat,
        lon=where.lon,
        place=where.place,
        place_id=where.place_id,
        country_code=where.country_code or first.country_code,
        admin1=where.admin1,
        geo_precision=where.geo_precision,
        uncertainty_km=where.uncertainty_km,
        event_date=when.event_date,
        time_precision=when.time_precision,
        actors=tuple(actors),
        weapon=first.weapon or next((e.weapon for e in members if e.weapon), None),
        claimed_by=first.claimed_by if all(e.claimed_by for e in members) else None,
        fatalities=_lowest([event.fatalities for event in members]),
        injured=_lowest([event.injured for event in members]),
        source="; ".join(outlets) if outlets else None,
        url=next((event.url for event in members if event.url), None),
        confidence=max(event.confidence for event in members),
    )


def find_match(
    event: Event,
    candidates: Sequence[tuple[Event, frozenset[str]]],
    *,
    side_of: SideOf | None = None,
) -> int | None:
    """Return the index of the best candidate ``(merged_event, article_ids)`` to merge into.

    A candidate that already holds a report from the same article is never
    chosen: one article's distinct events stay distinct.
    """
    best: tuple[tuple[float, int], int] | None = None
    for index, (candidate, article_ids) in enumerate(candidates):
        if event.article_id in article_ids or not same_event(event, candidate, side_of=side_of):
            continue
        key = match_score(event, candidate)
        if best is None or key < best[0]:
            best = (key, index)
    return None if best is None else best[1]


def deduplicate(events: Sequence[Event], *, side_of: SideOf | None = None) -> list[tuple[Event, list[Event]]]:
    """Group events into merged events, in input order; return ``(merged, members)`` pairs."""
    groups: list[list[Event]] = []
    merged: list[tuple[Event, frozenset[str]]] = []
    for event in events:
        index = find_match(event, merged, side_of=side_of)
        if index is None:
            groups.append([event])
            merged.append((event, frozenset({event.article_id})))
        else:
            groups[index].append(event)
            merged[index] = (merge_events(groups[index]), merged[index][1] | {event.article_id})
    return [(pair[0], group) for pair, group in zip(merged, groups)]

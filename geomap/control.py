"""Territorial control: who holds which place, on which day, with provenance.

Events become :class:`~geomap.types.ControlChange` records
(:func:`control_changes`); replaying them in date order gives the state of
every place at a date (:func:`control_at`), and :func:`control_collection`
turns that state into one GeoJSON FeatureCollection of place Points and side
zones (see :mod:`geomap.zones`).

Rules, per event (only ``seizure``, ``withdrawal``, ``counterattack`` and
``clash`` can change control):

* ``seizure``: the seizing actor (``actors[0]``) holds the place from ``event_date``.
* ``withdrawal``: the withdrawing actor (``actors[0]``) loses it, to ``actors[1]``
  when named, else to an unknown holder.
* ``counterattack`` whose evidence says recaptured/retook/regained/recovered:
  the counter-attacking actor holds it.
* any other ``counterattack`` or a ``clash`` in a place somebody holds: contested.

Events without a date, historical events, region-level events (``geo_precision``
3) and events without a place never change control; each is reported as a
:class:`~geomap.types.Problem` (stage ``control``) so nothing disappears silently.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from geomap.errors import GeomapError
from geomap.geojson import feature_collection, geometry_to_geojson
from geomap.types import ControlChange, Event, Problem

CONTROL_EVENT_TYPES = frozenset({"seizure", "withdrawal", "counterattack", "clash"})
CONTESTED = "contested"
UNKNOWN = "unknown"
CLAIMED = "claimed"
ASSESSED = "assessed"
DEFAULT_REACH_KM = 15.0
BASELINE_MATCH_KM = 25.0  # a baseline row without place_id joins an event place of that name this close

# Past-tense verbs of a successful counterattack ("to recover all regions" is only a promise).
_RECAPTURE = re.compile(
    r"\b(?:recaptured|retook|retaken|regained|recovered|took back|taken back|won back|wrested back)\b",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

SideOf = Callable[[str, "str | None"], "str | None"]


class BaselineError(GeomapError, ValueError):
    """Raised when a baseline file cannot be read at all (missing, not CSV/GeoJSON, no columns)."""


@dataclass(frozen=True, slots=True)
class PlaceState:
    """Who holds one place at a date, and the events that say so."""

    place_id: str
    place: str
    lat: float
    lon: float
    holder: str | None  # actor; None = unknown holder
    side: str  # the holder's side, "contested" or "unknown"
    status: str  # "claimed" or "assessed"
    since: str | None  # ISO date the current state began
    event_ids: tuple[str, ...] = ()
    confidence: float = 0.5
    contested_by: str | None = None  # the actor fighting the holder when side == "contested"
    country_code: str | None = None

    @property
    def contested(self) -> bool:
        return self.side == CONTESTED

    def properties(self) -> dict[str, Any]:
        """GeoJSON properties of the place Point (public contract of ``geomap control``)."""
        props: dict[str, Any] = {
            "place": self.place,
            "place_id": self.place_id,
            "holder": self.holder,
            "side": self.side,
            "status": self.status,
            "since": self.since,
            "event_ids": list(self.event_ids),
            "confidence": self.confidence,
            "country_code": self.country_code,
        }
        if self.contested:
            props["contested_by"] = self.contested_by
        return props

    def to_feature(self) -> dict[str, Any]:
        point = {"type": "Point", "coordinates": [round(self.lon, 7), round(self.lat, 7)]}
        return {"type": "Feature", "id": self.place_id, "geometry": point, "properties": self.properties()}


# --------------------------------------------------------------------------- dates


def parse_date(text: str | date | None, *, what: str = "date") -> str:
    """Return ``text`` as an ISO ``YYYY-MM-DD`` string or raise a clear ValueError."""
    if isinstance(text, date):
        return text.isoformat()
    value = (text or "").strip() if isinstance(text, str) else text
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise ValueError(f"expected {what} as a calendar date YYYY-MM-DD (e.g. 2024-12-01), got {text!r}")


# --------------------------------------------------------------------------- events -> changes


def _side_resolver(actors: Any) -> SideOf:
    """Return ``side_of(actor, country_code)`` from the actor dictionary (actor name if it has no side)."""
    if actors is None:
        try:
            from geomap.actors import load_actors
        except ImportError:  # actor dictionary not installed: every actor is its own side
            return lambda actor, country_code: None
        actors = load_actors()
    return actors.side_of


def _noisy_or(confidences: Iterable[float]) -> float:
    """Combined confidence of independent reports: 1 - prod(1 - c), order-independent."""
    miss = 1.0
    for value in sorted(confidences):
        miss *= 1.0 - min(max(float(value), 0.0), 1.0)
    return round(1.0 - miss, 3)


def _skip_reason(event: Event) -> tuple[str, str] | None:
    """Why a control event cannot change control (code, message), or None if it can."""
    if event.historical:
        return "historical", "historical event: kept in the data, ignored for current control"
    if not event.event_date:
        return "no-date", "event has no event_date: give the article a date (--date) to use it for control"
    try:
        parse_date(event.event_date, what="event_date")
    except ValueError as err:
        return "bad-date", str(err)
    if event.geo_precision >= 3:
        return "region-level", "region-level event (geo_precision 3) does not change control of a town"
    if not event.place_id or event.lat is None or event.lon is None:
        return "no-place", "event has no resolved place (place_id and coordinates): cannot hold ground"
    return None


def _effect(event: Event, side_of: SideOf) -> tuple[str, str | None, str | None, str | None]:
    """Return (kind, to_actor, to_side, from_actor) with kind "gain", "loss" or "contest"."""
    actors = [actor for actor in event.actors if actor]
    first = actors[0] if actors else None
    second = actors[1] if len(actors) > 1 else None
    country = event.country_code

    def side(actor: str | None) -> str | None:
        return (side_of(actor, country) or actor) if actor else None

    if event.event_type == "seizure":
        return "gain", first, side(first), second
    if event.event_type == "withdrawal":
        if second:
            return "gain", second, side(second), first
        return "loss", None, None, first
    if event.event_type == "counterattack" and _RECAPTURE.search(event.evidence or ""):
        return "gain", first, side(first), second
    return "contest", first, side(first), second


def _event_key(event: Event) -> str:
    return json.dumps([event.lat, event.lon, event.properties()], sort_keys=True, default=str)


def derive_changes(events: Iterable[Event], *, actors: Any = None) -> tuple[list[ControlChange], list[Problem]]:
    """Return the control changes of ``events`` and a Problem for each control event ignored.

    Events reporting the same effect on the same place and day are merged into
    one change (their ids are its provenance).  The result is sorted, so it
    does not depend on the order of ``events``.
    """
    side_of = _side_resolver(actors)
    unique: dict[str, Event] = {}
    for event in events:  # one event per id; on a clash of ids keep a choice independent of order
        kept = unique.get(event.event_id)
        if kept is None or _event_key(event) < _event_key(kept):
            unique[event.event_id] = event
    problems: list[Problem] = []
    groups: dict[tuple[Any, ...], list[Event]] = {}
    for event_id in sorted(unique):
        event = unique[event_id]
        if event.event_type not in CONTROL_EVENT_TYPES:
            continue
        reason = _skip_reason(event)
        if reason is not None:
            code, message = reason
            problems.append(
                Problem(
                    stage="control",
                    code=code,
                    message=f"{event.event_type} event {event.event_id} at {event.place or 'unknown place'}: {message}",
                    origin=event.event_id,
                    article_id=event.article_id,
                    severity="warning",
                )
            )
            continue
        kind, to_actor, to_side, from_actor = _effect(event, side_of)
        key = (event.place_id, parse_date(event.event_date), kind, to_actor or "", to_side or "", from_actor or "")
        groups.setdefault(key, []).append(event)

    changes = []
    for (place_id, when, kind, to_actor, to_side, from_actor), members in groups.items():
        anchor = members[0]  # lowest event_id: a stable choice of name and coordinates
        fact = any(not member.claimed_by for member in members)
        corroborated = len({member.article_id for member in members}) > 1
        changes.append(
            ControlChange(
                place_id=place_id,
                place=anchor.place or place_id,
                lat=float(anchor.lat),
                lon=float(anchor.lon),
                when=when,
                to_actor=to_actor or None,
                to_side=to_side or None,
                from_actor=from_actor or None,
                contested=kind == "contest",
                status=ASSESSED if fact or corroborated else CLAIMED,
                event_ids=tuple(sorted(member.event_id for member in members)),
                confidence=_noisy_or(member.confidence for member in members),
                country_code=anchor.country_code,
            )
        )
    changes.sort(key=_replay_key)
    return changes, problems


def control_changes(events: Iterable[Event], *, actors: Any = None) -> list[ControlChange]:
    """Return the control changes derived from ``events`` (see :func:`derive_changes`)."""
    return derive_changes(events, actors=actors)[0]


# --------------------------------------------------------------------------- replay


def _kind(change: ControlChange) -> str:
    if change.contested:
        return "contest"
    if change.to_actor is None and change.from_actor is not None:
        return "loss"
    return "gain"


# Same day, same place: fighting first, then the outcome (a seizure ends the day's clashes).
_KIND_RANK = {"loss": 0, "contest": 1, "gain": 2}


def _replay_key(change: ControlChange, seed: bool = False) -> tuple[Any, ...]:
    """Date first, then a stable key, so replay never depends on input order.

    On one date a baseline entry (``seed``) comes first, then losses, contests
    and gains (a seizure ends the day's fighting), then place and actors.
    """
    return (
        change.when,
        0 if seed else 1,
        _KIND_RANK[_kind(change)],
        change.place_id,
        change.to_actor or "",
        change.from_actor or "",
        change.event_ids,
        change.status,
        change.confidence,
    )


def _seed(change: ControlChange) -> PlaceState:
    """Return the state a baseline entry sets, whatever was there before."""
    if change.contested:
        side = CONTESTED
    else:
        side = (change.to_side or change.to_actor or UNKNOWN) if change.to_actor else UNKNOWN
    return PlaceState(
        place_id=change.place_id,
        place=change.place,
        lat=change.lat,
        lon=change.lon,
        holder=change.to_actor,
        side=side,
        status=change.status,
        since=change.when,
        event_ids=change.event_ids,
        confidence=change.confidence,
        contested_by=change.from_actor if change.contested else None,
        country_code=change.country_code,
    )


def _merge(state: PlaceState, change: ControlChange, **updates: Any) -> PlaceState:
    """Add ``change`` as further evidence of the current state."""
    ids = tuple(sorted(set(state.event_ids) | set(change.event_ids)))
    independent = not set(change.event_ids) <= set(state.event_ids)
    status = ASSESSED if ASSESSED in (state.status, change.status) or independent else CLAIMED
    confidence = _noisy_or([state.confidence, change.confidence]) if independent else state.confidence
    return replace(state, event_ids=ids, status=status, confidence=confidence, **updates)


def _apply(state: PlaceState | None, change: ControlChange) -> PlaceState | None:
    """Return the state of a place after ``change`` (None = still no known state)."""
    kind = _kind(change)
    fresh = PlaceState(
        place_id=change.place_id,
        place=state.place if state else change.place,
        lat=state.lat if state else change.lat,
        lon=state.lon if state else change.lon,
        holder=change.to_actor,
        side=(change.to_side or change.to_actor or UNKNOWN) if kind == "gain" else UNKNOWN,
        status=change.status,
        since=change.when,
        event_ids=change.event_ids,
        confidence=change.confidence,
        country_code=state.country_code if state else change.country_code,
    )
    if kind == "gain":
        if state is not None and not state.contested and state.holder == change.to_actor:
            return _merge(state, change)
        return fresh
    if kind == "loss":
        if state is None or state.holder is None:
            return fresh if state is None else _merge(state, change)
        if state.holder != change.from_actor:  # the withdrawing actor did not hold it on our record
            return state
        return fresh
    # contest: only a place somebody holds can be contested
    if state is None or state.holder is None:
        return state
    attacker = next((a for a in (change.to_actor, change.from_actor) if a and a != state.holder), None)
    if state.contested:
        return _merge(state, change, contested_by=state.contested_by or attacker)
    # Newly contested: the fighting reports say how sure we are that it is contested.
    return replace(
        state,
        side=CONTESTED,
        since=change.when,
        contested_by=attacker,
        event_ids=tuple(sorted(set(state.event_ids) | set(change.event_ids))),
        status=change.status,
        confidence=change.confidence,
    )


def replay(changes: Iterable[ControlChange], *, baseline: Any = None) -> Iterator[tuple[str, dict[str, PlaceState]]]:
    """Yield ``(date, states)`` after the changes of each date, oldest first (one pass)."""
    items = [(_replay_key(change), change, False) for change in changes]
    items += [(_replay_key(change, seed=True), change, True) for change in _baseline_changes(baseline)]
    items.sort(key=lambda item: item[0])
    states: dict[str, PlaceState] = {}
    for day, group in groupby(items, key=lambda item: item[1].when):
        for _key, change, seed in group:
            updated = _seed(change) if seed else _apply(states.get(change.place_id), change)
            if updated is not None:
                states[change.place_id] = updated
        yield day, dict(sorted(states.items()))


def control_at(
    changes: Iterable[ControlChange],
    as_of: str | date | None,
    *,
    baseline: Any = None,
) -> dict[str, PlaceState]:
    """Replay ``changes`` (and an optional baseline) up to ``as_of``; return place_id -> state.

    ``as_of`` None replays everything.  ``baseline`` may be a file path (CSV or
    GeoJSON, see :func:`read_baseline`), control changes, place states or a
    mapping of them.  The result does not depend on the order of ``changes``.
    """
    limit = parse_date(as_of, what="--as-of") if as_of is not None else None
    states: dict[str, PlaceState] = {}
    for day, after in replay(changes, baseline=baseline):
        if limit is not None and day > limit:
            break
        states = after
    return states


# --------------------------------------------------------------------------- baseline


def _baseline_changes(baseline: Any) -> list[ControlChange]:
    if baseline is None:
        return []
    if isinstance(baseline, (str, Path)):
        return read_baseline(baseline)[0]
    items = baseline.values() if isinstance(baseline, Mapping) else baseline
    return [item if isinstance(item, ControlChange) else state_to_change(item) for item in items]


def state_to_change(state: PlaceState) -> ControlChange:
    """Return the change that recreates ``state`` from nothing (a baseline entry)."""
    return ControlChange(
        place_id=state.place_id,
        place=state.place,
        lat=state.lat,
        lon=state.lon,
        when=state.since or "0001-01-01",
        to_actor=state.holder,
        to_side=None if state.side in (UNKNOWN, CONTESTED) else state.side,
        from_actor=state.contested_by if state.contested else None,
        contested=state.contested,
        status=state.status,
        event_ids=state.event_ids or (f"baseline:{state.place_id}",),
        confidence=state.confidence,
        country_code=state.country_code,
    )


def _fold(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())


def _baseline_row(
    values: Mapping[str, Any], origin: str, side_of: SideOf, borders_code: Callable[[float, float], str | None]
) -> ControlChange:
    """Build one baseline change from a CSV row or GeoJSON Point properties (raises ValueError)."""
    place = str(values.get("place") or "").strip()
    try:
        lat, lon = float(values["lat"]), float(values["lon"])
    except (KeyError, TypeError, ValueError) as err:
        raise ValueError(f"expected numeric lat and lon, got {values.get('lat')!r}, {values.get('lon')!r}") from err
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"expected lat in [-90, 90] and lon in [-180, 180], got {lat}, {lon}")
    when = parse_date(values.get("date") or values.get("since"), what="the baseline date")
    holder = str(values.get("holder") or "").strip() or None
    side = str(values.get("side") or "").strip() or None
    contested = side == CONTESTED
    country_code = str(values.get("country_code") or "").strip().upper() or None
    if holder and not side:
        country_code = country_code or borders_code(lat, lon)
        side = side_of(holder, country_code) or holder
    place_id = str(values.get("place_id") or "").strip() or f"baseline:{_fold(place) or f'{lat:.5f},{lon:.5f}'}"
    status = str(values.get("status") or "").strip() or ASSESSED
    if status not in (CLAIMED, ASSESSED):
        raise ValueError(f"expected status 'claimed' or 'assessed', got {status!r}")
    event_ids = values.get("event_ids") or ()
    if isinstance(event_ids, str):
        event_ids = [part for part in re.split(r"[;|,\s]+", event_ids) if part]
    try:
        confidence = float(values.get("confidence") if values.get("confidence") not in (None, "") else 0.8)
    except (TypeError, ValueError) as err:
        raise ValueError(f"expected a numeric confidence, got {values.get('confidence')!r}") from err
    return ControlChange(
        place_id=place_id,
        place=place or place_id,
        lat=lat,
        lon=lon,
        when=when,
        to_actor=holder,
        to_side=None if contested or side == UNKNOWN else side,
        from_actor=(str(values.get("contested_by") or "") or None) if contested else None,
        contested=contested,
        status=status,
        event_ids=tuple(sorted(event_ids)) or (f"baseline:{origin}",),
        confidence=round(min(max(confidence, 0.0), 1.0), 3),
        country_code=country_code,
    )


def read_baseline(path: str | Path, *, actors: Any = None) -> tuple[list[ControlChange], list[Problem]]:
    """Read a baseline of held places from CSV or GeoJSON; bad rows become Problems.

    CSV columns: ``place``, ``place_id`` (optional), ``lat``, ``lon``, ``holder``,
    ``date`` (optional: ``side``, ``status``, ``confidence``).  GeoJSON: Point
    features with the same properties (``since`` may stand for ``date``), so the
    output of ``geomap control`` is itself a valid baseline.
    """
    path = Path(path)
    if not path.is_file():
        raise BaselineError(f"expected a baseline CSV or GeoJSON file, got {str(path)!r} which does not exist")
    side_of = _side_resolver(actors)
    borders_code = _country_code_lookup()
    rows: list[tuple[str, Mapping[str, Any]]] = []
    text = path.read_text(encoding="utf-8-sig", errors="strict")
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise BaselineError(f"expected GeoJSON in baseline {str(path)!r}, got invalid JSON: {err}") from err
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise BaselineError(
                f"expected a GeoJSON FeatureCollection in baseline {str(path)!r}, got {type(data).__name__}"
            )
        for number, feature in enumerate(data.get("features") or [], start=1):
            geometry = (feature or {}).get("geometry") or {}
            if geometry.get("type") != "Point":
                continue  # zones of a control export: recomputed, not read
            props = dict(feature.get("properties") or {})
            coords = geometry.get("coordinates") or [None, None]
            props.setdefault("lon", coords[0])
            props.setdefault("lat", coords[1])
            rows.append((f"{path.name}:feature{number}", props))
    else:
        reader = csv.DictReader(text.splitlines())
        required = {"place", "lat", "lon", "holder", "date"}
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise BaselineError(
                f"expected baseline CSV columns place, lat, lon, holder, date (place_id, side, status optional) "
                f"in {str(path)!r}, missing {', '.join(sorted(missing))}"
            )
        for number, row in enumerate(reader, start=2):
            rows.append((f"{path.name}:{number}", row))
    changes, problems = [], []
    for origin, values in rows:
        try:
            changes.append(_baseline_row(values, origin, side_of, borders_code))
        except ValueError as err:
            problems.append(Problem(stage="control", code="bad-baseline-row", message=str(err), origin=origin))
    return changes, problems


def _country_code_lookup() -> Callable[[float, float], str | None]:
    """Return a lazy (lat, lon) -> ISO-2 lookup (country polygons load on first call)."""

    def lookup(lat: float, lon: float) -> str | None:
        import numpy as np

        from geomap.borders import load_borders

        borders = load_borders()
        index = int(borders.locate(np.array([lon]), np.array([lat]))[0])
        return str(borders.codes[index]) if index >= 0 else None

    return lookup


def attach_baseline(baseline: Sequence[ControlChange], changes: Sequence[ControlChange]) -> list[ControlChange]:
    """Give baseline rows without a place_id the id of an event place of the same name nearby."""
    import math

    by_name: dict[str, list[ControlChange]] = {}
    for change in changes:
        by_name.setdefault(_fold(change.place), []).append(change)
    attached = []
    for row in baseline:
        if row.place_id.startswith("baseline:"):
            for change in by_name.get(_fold(row.place), []):
                dlat = math.radians(change.lat - row.lat)
                dlon = math.radians(change.lon - row.lon) * math.cos(math.radians(row.lat))
                if 6371.0 * math.hypot(dlat, dlon) <= BASELINE_MATCH_KM:
                    row = replace(row, place_id=change.place_id)
                    break
        attached.append(row)
    return attached


# --------------------------------------------------------------------------- GeoJSON output


def _latest_date(changes: Iterable[ControlChange]) -> str | None:
    dates = [change.when for change in changes]
    return max(dates) if dates else None


def _build_collection(
    states: Mapping[str, PlaceState],
    as_of: str | None,
    problems: Sequence[Problem],
    *,
    max_reach_km: float,
    borders: Any = None,
) -> dict[str, Any]:
    from geomap.zones import build_zones  # shapely-heavy; only when zones are drawn

    ordered = [states[key] for key in sorted(states)]
    features = [state.to_feature() for state in ordered]
    zones = build_zones(
        [state.lon for state in ordered],
        [state.lat for state in ordered],
        [state.side for state in ordered],
        max_reach_km=max_reach_km,
        country_codes=[state.country_code for state in ordered],
        borders=borders,
    )
    for zone in zones:
        holders = sorted({s.holder for s in ordered if s.side == zone.side and s.holder})
        controller = CONTESTED if zone.side == CONTESTED else ", ".join(holders) or zone.side
        features.append(
            {
                "type": "Feature",
                "id": f"zone:{zone.side}",
                "geometry": geometry_to_geojson(zone.geometry),
                "properties": {"controller": controller, "side": zone.side, "as_of": as_of, "places": zone.places},
            }
        )
    return feature_collection(features, as_of=as_of, problems=[problem.as_dict() for problem in problems])


def _prepare(
    events: Iterable[Event], baseline: Any, actors: Any
) -> tuple[list[ControlChange], list[ControlChange], list[Problem]]:
    """Return (event changes, baseline entries joined to event places, problems)."""
    changes, problems = derive_changes(events, actors=actors)
    if isinstance(baseline, (str, Path)):
        rows, baseline_problems = read_baseline(baseline, actors=actors)
        problems += baseline_problems
    else:
        rows = _baseline_changes(baseline)
    return changes, attach_baseline(rows, changes), problems


def control_collection(
    events: Iterable[Event],
    *,
    as_of: str | date | None = None,
    baseline: Any = None,
    actors: Any = None,
    max_reach_km: float = DEFAULT_REACH_KM,
    borders: Any = None,
) -> dict[str, Any]:
    """Return the control FeatureCollection at ``as_of`` (default: the latest change).

    Features: one Point per place (``place``, ``place_id``, ``holder``, ``side``,
    ``status``, ``since``, ``event_ids``, ``confidence``) sorted by place_id, then
    one Polygon/MultiPolygon per side zone (``controller``, ``side``, ``as_of``)
    sorted by side.  Foreign members: ``as_of`` and ``problems`` (ignored events).
    """
    changes, rows, problems = _prepare(events, baseline, actors)
    day = parse_date(as_of, what="--as-of") if as_of is not None else _latest_date(changes + rows)
    states = control_at(changes, day, baseline=rows)
    return _build_collection(states, day, problems, max_reach_km=max_reach_km, borders=borders)


def control_snapshots(
    events: Iterable[Event],
    *,
    baseline: Any = None,
    actors: Any = None,
    max_reach_km: float = DEFAULT_REACH_KM,
    borders: Any = None,
) -> list[tuple[str, dict[str, Any]]]:
    """Return ``(date, FeatureCollection)`` for each date on which control changed, oldest first."""
    changes, rows, problems = _prepare(events, baseline, actors)
    snapshots: list[tuple[str, dict[str, Any]]] = []
    previous: dict[str, PlaceState] = {}
    for day, states in replay(changes, baseline=rows):
        if states == previous:
            continue
        snapshots.append((day, _build_collection(states, day, problems, max_reach_km=max_reach_km, borders=borders)))
        previous = states
    return snapshots

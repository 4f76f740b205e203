"""Territorial control from events: changes, replay at a date, baseline, output collection."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from geomap.borders import load_borders
from geomap.control import (
    PlaceState,
    control_at,
    control_changes,
    control_collection,
    control_snapshots,
    derive_changes,
    parse_date,
    read_baseline,
)
from geomap.types import Event

HTS = "Hayat Tahrir al-Sham"
SNA = "Syrian National Army"
ARMY = "Syrian government forces"
SDF = "Syrian Democratic Forces"

# Real coordinates of places in northern Syria (approximate town centres).
PLACES = {
    "Saraqib": ("geonames:162099", 35.8623, 36.8006),
    "Tel Rifaat": ("geonames:163806", 36.4703, 37.0964),
    "Manbij": ("geonames:166365", 36.5281, 37.9550),
    "Khan Sheikhun": ("geonames:169113", 35.4414, 36.6510),
    "Aleppo": ("geonames:170063", 36.2021, 37.1343),
}


def make_event(
    event_id: str,
    kind: str,
    place: str,
    day: str | None,
    actors: tuple[str, ...],
    *,
    article: str | None = None,
    evidence: str = "",
    claimed_by: str | None = None,
    confidence: float = 0.6,
    geo_precision: int = 1,
    historical: bool = False,
) -> Event:
    place_id, lat, lon = PLACES[place]
    return Event(
        event_id=event_id,
        article_id=article or f"article-{event_id}",
        event_type=kind,
        lat=lat,
        lon=lon,
        place=place,
        place_id=place_id,
        country_code="SY",
        geo_precision=geo_precision,
        event_date=day,
        actors=actors,
        claimed_by=claimed_by,
        evidence=evidence or f"{actors[0] if actors else 'Someone'} {kind} in {place}.",
        confidence=confidence,
        historical=historical,
    )


def story() -> list[Event]:
    """A small made-up campaign used by several tests."""
    return [
        make_event("e01", "seizure", "Saraqib", "2024-11-29", (HTS, ARMY), evidence="HTS fighters seized Saraqib."),
        make_event(
            "e02",
            "counterattack",
            "Saraqib",
            "2024-12-04",
            (ARMY, HTS),
            evidence="Government troops recaptured Saraqib after a night assault.",
        ),
        make_event("e03", "withdrawal", "Manbij", "2024-12-02", (SDF,), evidence="The SDF withdrew from Manbij."),
        make_event("e04", "seizure", "Tel Rifaat", "2024-11-30", (SNA, SDF), claimed_by=SNA),
        make_event("e05", "clash", "Tel Rifaat", "2024-12-03", (SDF, SNA), evidence="Fighting raged in Tel Rifaat."),
        make_event("e06", "airstrike", "Khan Sheikhun", "2024-12-01", (ARMY,)),
    ]


def test_seizure_then_recapture_gives_each_holder_its_period():
    changes = control_changes(story())
    before = control_at(changes, "2024-11-28")
    between = control_at(changes, "2024-12-01")
    after = control_at(changes, "2024-12-05")
    saraqib = PLACES["Saraqib"][0]
    assert saraqib not in before
    assert between[saraqib].holder == HTS
    assert between[saraqib].side == "opposition"
    assert between[saraqib].since == "2024-11-29"
    assert between[saraqib].event_ids == ("e01",)
    assert after[saraqib].holder == ARMY
    assert after[saraqib].side == "government"
    assert after[saraqib].since == "2024-12-04"
    assert after[saraqib].event_ids == ("e02",)


def test_a_counterattack_that_only_promises_to_recover_ground_does_not_change_the_holder():
    events = [
        make_event("a1", "seizure", "Saraqib", "2024-11-29", (HTS,)),
        make_event(
            "a2",
            "counterattack",
            "Saraqib",
            "2024-11-30",
            (ARMY,),
            evidence='The army promised "to recover all regions".',
        ),
    ]
    state = control_at(control_changes(events), "2024-12-01")[PLACES["Saraqib"][0]]
    assert state.holder == HTS
    assert state.side == "contested"
    assert state.contested_by == ARMY
    assert state.event_ids == ("a1", "a2")


def test_withdrawal_without_a_named_successor_leaves_an_unknown_holder():
    events = [
        make_event("w0", "seizure", "Manbij", "2024-11-20", (SDF,)),
        make_event("w1", "withdrawal", "Manbij", "2024-12-02", (SDF,)),
    ]
    changes = control_changes(events)
    manbij = PLACES["Manbij"][0]
    assert control_at(changes, "2024-12-01")[manbij].holder == SDF
    state = control_at(changes, "2024-12-02")[manbij]
    assert state.holder is None
    assert state.side == "unknown"
    assert state.since == "2024-12-02"


def test_withdrawal_to_a_named_actor_hands_the_place_over():
    events = [make_event("w2", "withdrawal", "Manbij", "2024-12-02", (SDF, SNA))]
    state = control_at(control_changes(events), None)[PLACES["Manbij"][0]]
    assert (state.holder, state.side) == (SNA, "opposition")


def test_clash_in_a_held_town_makes_it_contested_and_a_clash_elsewhere_does_not():
    events = story() + [make_event("e07", "clash", "Khan Sheikhun", "2024-12-03", (ARMY, HTS))]
    states = control_at(control_changes(events), "2024-12-03")
    tel_rifaat = states[PLACES["Tel Rifaat"][0]]
    assert tel_rifaat.side == "contested"
    assert tel_rifaat.holder == SNA
    assert tel_rifaat.contested_by == SDF
    assert tel_rifaat.since == "2024-12-03"
    assert set(tel_rifaat.event_ids) == {"e04", "e05"}
    assert PLACES["Khan Sheikhun"][0] not in states  # nobody was known to hold it


def test_status_claimed_for_one_sides_claim_assessed_when_corroborated():
    claim = make_event("c1", "seizure", "Tel Rifaat", "2024-11-30", (SNA,), claimed_by=SNA, confidence=0.5)
    state = control_at(control_changes([claim]), None)[PLACES["Tel Rifaat"][0]]
    assert state.status == "claimed"
    assert state.confidence == 0.5
    second = make_event("c2", "seizure", "Tel Rifaat", "2024-11-30", (SNA,), claimed_by=SNA, confidence=0.5)
    state = control_at(control_changes([claim, second]), None)[PLACES["Tel Rifaat"][0]]
    assert state.status == "assessed"
    assert state.event_ids == ("c1", "c2")
    assert state.confidence == 0.75
    fact = make_event("c3", "seizure", "Saraqib", "2024-11-30", (HTS,))
    assert control_at(control_changes([fact]), None)[PLACES["Saraqib"][0]].status == "assessed"


def test_undated_historical_and_region_level_events_are_ignored_with_a_problem():
    events = [
        make_event("p1", "seizure", "Aleppo", None, (HTS,)),
        make_event("p2", "seizure", "Aleppo", "2016-12-22", (ARMY,), historical=True),
        make_event("p3", "seizure", "Aleppo", "2024-11-30", (HTS,), geo_precision=3),
        make_event("p4", "airstrike", "Aleppo", None, (ARMY,)),
    ]
    changes, problems = derive_changes(events)
    assert changes == []
    assert [(p.origin, p.code) for p in problems] == [("p1", "no-date"), ("p2", "historical"), ("p3", "region-level")]
    assert all(p.stage == "control" for p in problems)


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_shuffling_the_events_changes_nothing(rnd: random.Random):
    events = story() + [
        make_event("s1", "seizure", "Manbij", "2024-12-02", (SNA,)),  # same day as the SDF withdrawal
        make_event("s2", "seizure", "Tel Rifaat", "2024-12-03", (SDF,)),  # same day as the clash
        make_event("s3", "seizure", "Saraqib", "2024-11-29", (HTS,), article="other"),  # corroboration
    ]
    expected = {day: control_at(control_changes(events), day) for day in ("2024-11-30", "2024-12-03", None)}
    shuffled = list(events)
    rnd.shuffle(shuffled)
    changes = control_changes(shuffled)
    rnd.shuffle(changes)
    for day, states in expected.items():
        assert control_at(changes, day) == states


random_events = st.lists(
    st.builds(
        lambda index, kind, place, day, actors, claimed, article: make_event(
            f"r{index:03d}",
            kind,
            place,
            f"2024-12-{day:02d}",
            actors,
            claimed_by=actors[0] if claimed and actors else None,
            article=f"article-{article}",
            evidence="They recaptured it." if kind == "counterattack" and day % 2 else "Fighting.",
        ),
        st.integers(0, 999),
        st.sampled_from(["seizure", "withdrawal", "counterattack", "clash"]),
        st.sampled_from(sorted(PLACES)),
        st.integers(1, 4),
        st.lists(st.sampled_from([HTS, SNA, ARMY, SDF]), min_size=0, max_size=2, unique=True).map(tuple),
        st.booleans(),
        st.integers(0, 2),
    ),
    max_size=25,
    unique_by=lambda event: event.event_id,
)


@settings(max_examples=60, deadline=None)
@given(random_events, st.randoms(use_true_random=False))
def test_any_event_set_gives_the_same_control_in_any_order(events, rnd):
    shuffled = list(events)
    rnd.shuffle(shuffled)
    for day in ("2024-12-01", "2024-12-03", None):
        assert control_at(control_changes(shuffled), day) == control_at(control_changes(events), day)


def test_a_baseline_of_place_states_and_a_repeated_report_keeps_the_first_date():
    saraqib = PLACES["Saraqib"][0]
    known = PlaceState(saraqib, "Saraqib", 35.86, 36.80, ARMY, "government", "assessed", "2024-01-01", ("old",), 0.8)
    events = [
        make_event("k1", "seizure", "Saraqib", "2024-11-29", (HTS,), claimed_by=HTS),
        make_event("k2", "seizure", "Saraqib", "2024-12-01", (HTS,), claimed_by=HTS),
    ]
    changes = control_changes(events)
    assert control_at(changes, "2024-11-28", baseline={saraqib: known})[saraqib] == known
    state = control_at(changes, "2024-12-02", baseline=[known])[saraqib]
    assert (state.holder, state.since, state.event_ids, state.status) == (HTS, "2024-11-29", ("k1", "k2"), "assessed")


def test_baseline_csv_plus_new_events(tmp_path):
    baseline = tmp_path / "baseline.csv"
    baseline.write_text(
        "place,place_id,lat,lon,holder,date\n"
        f"Saraqib,,35.8623,36.8006,{ARMY},2024-01-01\n"
        f"Manbij,{PLACES['Manbij'][0]},36.5281,37.9550,{SDF},2023-06-01\n"
        "Nowhere,,not-a-number,1,x,2024-01-01\n",
        encoding="utf-8",
    )
    rows, problems = read_baseline(baseline)
    assert len(rows) == 2 and [p.code for p in problems] == ["bad-baseline-row"]
    assert problems[0].origin == "baseline.csv:4"
    events = [make_event("b1", "seizure", "Saraqib", "2024-11-29", (HTS,))]
    early = control_collection(events, as_of="2024-06-01", baseline=baseline)
    late = control_collection(events, as_of="2024-12-01", baseline=baseline)

    def holders(collection):
        return {
            f["properties"]["place"]: (f["properties"]["holder"], f["properties"]["side"])
            for f in collection["features"]
            if f["geometry"]["type"] == "Point"
        }

    assert holders(early) == {"Saraqib": (ARMY, "government"), "Manbij": (SDF, "SDF")}
    assert holders(late) == {"Saraqib": (HTS, "opposition"), "Manbij": (SDF, "SDF")}
    # the baseline row without a place_id joined the event's place
    saraqib = next(f for f in late["features"] if f["properties"].get("place") == "Saraqib")
    assert saraqib["properties"]["place_id"] == PLACES["Saraqib"][0]
    assert [p["code"] for p in late["problems"]] == ["bad-baseline-row"]


def test_the_control_output_is_itself_a_valid_baseline(tmp_path):
    first = control_collection(story(), as_of="2024-12-03")
    path = tmp_path / "control.geojson"
    path.write_text(json.dumps(first), encoding="utf-8")
    again = control_collection([], baseline=path, as_of="2024-12-03")
    points = [f for f in first["features"] if f["geometry"]["type"] == "Point"]
    assert [f for f in again["features"] if f["geometry"]["type"] == "Point"] == points
    assert [f["properties"]["side"] for f in again["features"] if f["geometry"]["type"] != "Point"] == [
        f["properties"]["side"] for f in first["features"] if f["geometry"]["type"] != "Point"
    ]


def test_control_collection_points_zones_and_determinism():
    collection = control_collection(story(), as_of="2024-12-03")
    again = control_collection(list(reversed(story())), as_of="2024-12-03")
    assert json.dumps(collection, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert collection["as_of"] == "2024-12-03"
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    zones = [f for f in collection["features"] if f["geometry"]["type"] in ("Polygon", "MultiPolygon")]
    assert set(points[0]["properties"]) >= {
        "place", "place_id", "holder", "side", "status", "since", "event_ids", "confidence"
    }  # fmt: skip
    assert {f["properties"]["side"] for f in zones} == {"opposition", "contested"}
    syria = load_borders().country("SY").buffer(1e-6)
    for zone in zones:
        assert set(zone["properties"]) >= {"controller", "side", "as_of"}
        geometry = shape(zone["geometry"])
        assert geometry.is_valid and not geometry.is_empty
        assert geometry.within(syria)
    opposition = next(f for f in zones if f["properties"]["side"] == "opposition")
    assert opposition["properties"]["controller"] == HTS
    # Manbij has an unknown holder after the SDF withdrawal: a point, but no painted zone
    manbij = next(f for f in points if f["properties"]["place"] == "Manbij")
    assert manbij["properties"]["side"] == "unknown"


def test_control_snapshots_one_per_date_of_change():
    snapshots = control_snapshots(story())
    assert [day for day, _ in snapshots] == ["2024-11-29", "2024-11-30", "2024-12-02", "2024-12-03", "2024-12-04"]
    last = snapshots[-1][1]
    saraqib = next(f for f in last["features"] if f["properties"].get("place") == "Saraqib")
    assert saraqib["properties"]["holder"] == ARMY


def test_place_state_feature_is_rfc7946_point():
    state = PlaceState("p", "P", 36.123456789, 37.987654321, HTS, "opposition", "claimed", "2024-12-01", ("e",), 0.5)
    feature = state.to_feature()
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.9876543, 36.1234568]}


@pytest.mark.parametrize("bad", ["2024-13-01", "01/12/2024", "yesterday", "", "2024-02-30"])
def test_bad_dates_are_rejected_with_a_clear_message(bad):
    with pytest.raises(ValueError, match=r"expected --as-of as a calendar date YYYY-MM-DD"):
        parse_date(bad, what="--as-of")
    with pytest.raises(ValueError):
        control_at([], bad)

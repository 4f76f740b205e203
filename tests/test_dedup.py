"""Cross-source deduplication: the merge rule and ACLED's lowest-fatality convention."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap import dedup
from geomap.geodesy import distance_km
from geomap.types import Event

# Three outlets' reports of one strike on a market in Maarat al-Numan (own wording).
STRIKE = Event(
    event_id="ev-a", article_id="art-a", event_type="airstrike", lat=35.6433, lon=36.6714,
    place="Maarat al-Numan", place_id="geonames:170017", country_code="SY", admin1="Idlib",
    event_date="2024-12-02", actors=("Russian forces",), fatalities=11, injured=30, source="Outlet A",
    url="https://a.example/strike", evidence="Russian jets hit the vegetable market, killing 11.",
)
REPORTS = [
    STRIKE,
    replace(STRIKE, event_id="ev-b", article_id="art-b", lat=35.6501, lon=36.6802, fatalities=9, injured=None,
            source="Outlet B", url="https://b.example/x", evidence="Nine people died when warplanes struck.",
            geo_precision=2, uncertainty_km=5.0, place_id=None, event_date="2024-12-03"),
    replace(STRIKE, event_id="ev-c", article_id="art-c", fatalities=14, injured=25, actors=(),
            source="Outlet C", url=None, evidence="An air raid on the market left 14 dead."),
]


def test_three_outlets_merge_into_one_event_with_lowest_fatalities() -> None:
    groups = dedup.deduplicate(REPORTS)
    assert len(groups) == 1
    merged, members = groups[0]
    assert [m.event_id for m in members] == ["ev-a", "ev-b", "ev-c"]
    assert merged.event_id == "ev-a"
    assert merged.fatalities == 9
    assert merged.injured == 25
    assert merged.source == "Outlet A; Outlet B; Outlet C"
    # the precise location (geo_precision 1) wins over the "near" one
    assert (merged.lat, merged.lon, merged.geo_precision) == (STRIKE.lat, STRIKE.lon, 1)


@settings(max_examples=30, deadline=None)
@given(st.permutations(REPORTS))
def test_merge_does_not_depend_on_report_order(order) -> None:
    groups = dedup.deduplicate(order)
    assert len(groups) == 1
    merged = groups[0][0]
    assert merged.fatalities == 9
    assert merged.geo_precision == 1


def test_different_type_does_not_merge() -> None:
    shelling = replace(REPORTS[1], event_type="shelling")
    assert not dedup.same_event(STRIKE, shelling)


def test_same_article_never_merges() -> None:
    twin = replace(STRIKE, event_id="ev-twin", lat=35.645, lon=36.672)
    assert len(dedup.deduplicate([STRIKE, twin])) == 2


@pytest.mark.parametrize(
    ("days", "precision", "expected"),
    [(1, 1, True), (2, 1, False), (6, 2, True), (9, 2, False), (25, 3, True)],
)
def test_date_window_widens_with_time_precision(days: int, precision: int, expected: bool) -> None:
    other = replace(STRIKE, event_id="x", article_id="y",
                    event_date=f"2024-12-{2 + days:02d}" if days < 28 else "2024-12-31", time_precision=precision)
    assert dedup.dates_compatible(STRIKE, other) is expected


def test_undated_matches_only_undated() -> None:
    undated = replace(STRIKE, event_id="x", article_id="y", event_date=None)
    assert not dedup.dates_compatible(STRIKE, undated)
    assert dedup.dates_compatible(undated, replace(undated, article_id="z"))


def test_distance_threshold_scales_with_geo_precision() -> None:
    # about 12 km north, different place ids
    far = replace(STRIKE, event_id="x", article_id="y", lat=STRIKE.lat + 0.108, place_id="geonames:1")
    assert 11 < distance_km(STRIKE.lat, STRIKE.lon, far.lat, far.lon) < 13
    assert not dedup.places_compatible(STRIKE, far)  # 5 + 5 km
    assert dedup.places_compatible(STRIKE, replace(far, geo_precision=2))  # 5 + 15 km
    assert dedup.places_compatible(STRIKE, replace(far, geo_precision=1, uncertainty_km=8.0))


def test_same_place_id_matches_even_without_coordinates() -> None:
    unlocated = replace(STRIKE, event_id="x", article_id="y", lat=None, lon=None)
    assert dedup.places_compatible(STRIKE, unlocated)
    assert not dedup.places_compatible(STRIKE, replace(unlocated, place_id=None))


def test_conflicting_actors_do_not_merge_unless_same_side() -> None:
    other = replace(STRIKE, event_id="x", article_id="y", actors=("Israel Defense Forces",))
    assert not dedup.actors_compatible(STRIKE, other)
    sides = {"Russian forces": "government", "Syrian government forces": "government",
             "Israel Defense Forces": "Israel"}
    ally = replace(other, actors=("Syrian government forces",))
    assert dedup.actors_compatible(STRIKE, ally, side_of=lambda actor, cc: sides.get(actor))
    assert not dedup.actors_compatible(STRIKE, other, side_of=lambda actor, cc: sides.get(actor))
    assert dedup.actors_compatible(STRIKE, replace(other, actors=()))


def test_merge_keeps_actor_union_and_ignores_unknown_fatalities() -> None:
    second = replace(STRIKE, event_id="x", article_id="y", actors=("Russian forces", "Hayat Tahrir al-Sham"),
                     fatalities=None)
    merged = dedup.merge_events([STRIKE, second])
    assert merged.actors == ("Russian forces", "Hayat Tahrir al-Sham")
    assert merged.fatalities == 11


def test_merge_events_requires_members() -> None:
    with pytest.raises(ValueError, match="at least one"):
        dedup.merge_events([])

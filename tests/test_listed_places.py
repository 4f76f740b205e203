"""One event per town of a list that opens with an event's own place ("shelling hit Kherson and Kharkiv").

The reports are written for these tests and run through the full extractor against the bundled gazetteer.
"""

from __future__ import annotations

import pytest

from geomap.events import extract_events
from geomap.types import Article


def events_of(text, gazetteer):
    return extract_events(Article("t", text, published="2024-12-01"), gazetteer=gazetteer, explain=True)


def by_place(events):
    return {e.place: e for e in events}


def test_two_listed_towns_are_two_events_and_the_figure_stays_with_the_first(gazetteer):
    events = events_of("Russian shelling hit Kherson and Kharkiv on Sunday, killing three people.", gazetteer)
    assert [(e.event_type, e.place) for e in events] == [("shelling", "Kherson"), ("shelling", "Kharkiv")]
    kherson, kharkiv = events
    assert (kherson.fatalities, kharkiv.fatalities) == (3, None)  # the total is not counted twice
    assert kharkiv.actors == kherson.actors == ("Russian forces",)
    assert kharkiv.event_date == kherson.event_date == "2024-12-01"
    assert "place:listed:Kharkiv" in kharkiv.explain["rules"]


def test_a_list_of_three_after_the_towns_of(gazetteer):
    events = events_of("Warplanes bombed the towns of Saraqib, Ariha and Jisr al-Shughur on Friday.", gazetteer)
    assert [e.event_type for e in events] == ["airstrike"] * 3
    assert len({e.place_id for e in events}) == 3


def test_listed_towns_closer_than_the_merge_distance_stay_apart(gazetteer):
    events = events_of("Israeli strikes hit Tyre and Nabatieh on Monday, the health ministry said.", gazetteer)
    assert len(events) == 2  # about 28 km apart: repeated reports within 30 km merge, a list does not


def test_a_reported_zero_holds_for_every_listed_town(gazetteer):
    events = events_of("Drones struck Kherson and Nikopol overnight without causing casualties.", gazetteer)
    assert len(events) == 2
    assert all(e.fatalities == 0 for e in events)


@pytest.mark.parametrize("text", [
    "Russian forces captured Kurakhove and pressed on towards Pokrovsk on Monday.",
    "Clashes erupted in the countryside of Idlib and Aleppo provinces on Friday.",
])
def test_no_list_no_extra_event(text, gazetteer):
    assert len(events_of(text, gazetteer)) == 1


def test_a_target_at_each_listed_town(gazetteer):
    events = events_of("Drones struck a power station in Atbara and an army base in Shendi on Thursday.", gazetteer)
    assert len(events) == 2


def test_a_verb_between_two_places_is_no_list(gazetteer):
    events = events_of("Russian artillery shelled Kherson and the troops advanced in Zaporizhzhia on Monday.", gazetteer)
    assert len(events) == 1


def test_a_headline_event_the_body_tells_otherwise_is_left_out(gazetteer):
    text = ("Nine killed in Daraa clash\n\nIsraeli troops exchanged fire with gunmen near Nawa, in the western "
            "countryside of Daraa province, on Saturday, killing nine people.")
    assert [e.event_type for e in events_of(text, gazetteer)] == ["clash"]


def test_figures_told_for_each_listed_town(gazetteer):
    events = events_of("Rockets and artillery shells fired by government forces crashed into Ariha and Atarib on "
                       "Wednesday, killing three people in Ariha and wounding seven in Atarib.", gazetteer)
    assert [(e.fatalities, e.injured) for e in events] == [(3, None), (None, 7)]

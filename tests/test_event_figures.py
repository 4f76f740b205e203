"""Which sentence's casualty figures belong to an event (bundled gazetteer)."""

from __future__ import annotations

from geomap.events import extract_events
from geomap.types import Article


def _figures(gazetteer, text: str):
    events = extract_events(Article("t", text, published="2025-03-09"), gazetteer=gazetteer)
    return {(e.event_type, e.place): (e.fatalities, e.injured) for e in events}


def test_a_toll_for_other_places_is_not_the_events(gazetteer):
    found = _figures(gazetteer, "Government forces retook the town of Jableh on Saturday after two days of clashes. "
                                "A monitor said more than 700 people had been killed in three days of violence "
                                "across Homs and Hama provinces.")
    assert [figures for (kind, _), figures in found.items() if kind == "counterattack"] == [(None, None)]


def test_a_following_sentence_about_the_same_place_lends_its_figures(gazetteer):
    found = _figures(gazetteer, "Russian artillery shelled Kherson on Sunday morning. "
                                "Regional officials in Kherson said two people were killed and five wounded.")
    assert list(found.values()) == [(2, 5)]


def test_a_country_or_demonym_in_the_following_sentence_does_not_cut_it_off(gazetteer):
    found = _figures(gazetteer, "Hezbollah fired rockets at an army base near Safed on Tuesday evening. "
                                "Israel's ambulance service said three people were lightly wounded by shrapnel.")
    assert list(found.values()) == [(None, 3)]


def test_injuries_later_in_the_sentence_join_the_clause_figures(gazetteer):
    found = _figures(gazetteer, "Shells hit a street in Taiz on Monday, killing two children who were playing "
                                "outside and wounding four other civilians, a local official said.")
    assert list(found.values()) == [(2, 4)]


def test_a_toll_of_ground_fighting_after_a_strike_is_not_the_strikes(gazetteer):
    # the fighting's place is unknown to the gazetteer, so only the change of front says the toll is not ours
    found = _figures(gazetteer, "Hezbollah fired rockets at Nahariya on Sunday, wounding three people. "
                                "On the ground, its fighters clashed with Israeli troops on the outskirts of a "
                                "border hamlet. The army said two soldiers were killed in the fighting.")
    assert [figures for (kind, _), figures in found.items() if kind == "shelling"] == [(None, 3)]


def test_a_toll_in_the_same_kind_of_report_still_counts(gazetteer):
    found = _figures(gazetteer, "Russian artillery shelled Kherson on Sunday morning. "
                                "Shells hit a bus stop, and officials said two people were killed.")
    assert list(found.values()) == [(2, None)]


def test_a_toll_after_a_sentence_of_several_events_goes_to_the_first(gazetteer):
    found = _figures(gazetteer, "Israeli aircraft struck Bureij late on Saturday, while tanks shelled the Shejaiya "
                                "neighbourhood of Gaza City. The civil defence said at least 40 people were killed.")
    assert found[("airstrike", next(p for k, p in found if k == "airstrike"))] == (40, None)
    assert [f for (kind, _), f in found.items() if kind == "shelling"] == [(None, None)]


def test_the_events_place_with_a_feature_word_is_no_other_place(gazetteer):
    found = _figures(gazetteer, "Israeli warplanes struck the military airport in Hama on Saturday, in the heaviest "
                                "raids since the fall of Bashar al-Assad in December. Four people were killed at the "
                                "Hama airport.")
    assert [f for (kind, _), f in found.items() if kind == "airstrike"] == [(4, None)]


def test_the_short_name_of_the_events_province_is_no_other_place(gazetteer):
    found = _figures(gazetteer, "Israeli troops exchanged fire with gunmen near Nawa, in the western countryside of "
                                "Daraa province, on Saturday. The Daraa health directorate said nine people were killed.")
    assert list(found.values()) == [(9, None)]


def test_plural_victims_who_died(gazetteer):
    found = _figures(gazetteer, "Two shepherds died on Saturday when a landmine exploded in the desert near Palmyra.")
    assert list(found.values()) == [(2, None)]


def test_a_wars_running_toll_is_no_events(gazetteer):
    found = _figures(gazetteer, "Islamic Jihad fighters battled Israeli troops in the Shejaiya district of Gaza City "
                                "on Monday. Gaza's health ministry says more than 56,000 Palestinians have been killed "
                                "since the war began.")
    assert list(found.values()) == [(None, None)]

"""Actors read from the rest of the article when an event's own sentence names none (geomap.attribution).

The reports are written for these tests, in other words and at other places than the example
set, and run through the full extractor against the bundled gazetteer.
"""

from __future__ import annotations

import pytest

from geomap.events import extract_events
from geomap.types import Article


def events_of(text, gazetteer, date="2024-12-01"):
    return extract_events(Article("t", text, published=date), gazetteer=gazetteer, explain=True)


def only(events, kind):
    found = [e for e in events if e.event_type == kind]
    assert len(found) == 1, [(e.event_type, e.place) for e in events]
    return found[0]


def rules(event):
    return event.explain["rules"]


def test_the_culprit_a_later_sentence_blames_is_the_actor(gazetteer):
    text = ("A drone hit a car near Maarat al-Numan on Friday, killing two men, medics said. "
            "Relatives blamed a drone operated by Syrian government forces.")
    strike = only(events_of(text, gazetteer), "airstrike")
    assert strike.actors == ("Syrian government forces",)
    assert any(r.startswith("actor:culprit:") for r in rules(strike))


def test_whoever_laid_the_mines_is_the_actor_of_a_mine_blast(gazetteer):
    text = ("Two farmers were killed when a landmine exploded in a field outside Palmyra on Tuesday. "
            "Islamic State militants had laid mines across the area before they were pushed out.")
    blast = only(events_of(text, gazetteer), "explosion")
    assert blast.actors[0] == "Islamic State"


@pytest.mark.parametrize("text", [
    "A roadside bomb struck an army vehicle near Jenin on Monday, wounding three soldiers. "
    "Hamas said its fighters planted the device.",
    # after an apposition
    "An explosive device hit an army vehicle in Jenin on Saturday, wounding two soldiers. "
    "The armed wing of Hamas, the Qassam Brigades, said its fighters had detonated it.",
    "An explosive device hit an army vehicle in Jenin on Saturday, wounding two soldiers. "
    "Hamas's armed wing, the Qassam Brigades, said its fighters had carried out the attack.",
    "An explosive device hit an army vehicle in Jenin on Saturday, wounding two soldiers. "
    "The Hamas movement later claimed the bombing.",
])
def test_a_claim_names_the_actor_and_the_claimant(gazetteer, text):
    blast = only(events_of(text, gazetteer), "explosion")
    assert (blast.actors[:1], blast.claimed_by) == (("Hamas",), "Hamas")


def test_no_cue_word_no_culprit(gazetteer):
    text = ("A drone hit a car near Maarat al-Numan on Friday, killing two men, medics said. "
            "Syrian government forces control the nearby hills.")
    strike = only(events_of(text, gazetteer), "airstrike")
    assert strike.actors == ()


def test_a_strike_without_actors_takes_those_of_the_other_strikes_of_its_kind(gazetteer):
    text = ("Russian artillery shelled Nikopol on Tuesday, killing a woman, the governor said. "
            "In another attack, mortar rounds struck Marhanets on Tuesday, wounding two men.")
    events = events_of(text, gazetteer)
    marhanets = next(e for e in events if e.place and e.place.startswith("Marhanets"))
    assert marhanets.event_type == "shelling"
    assert marhanets.actors == ("Russian forces",)
    assert "actor:same-kind" in rules(marhanets)


def test_strikes_by_both_sides_leave_an_unattributed_strike_alone(gazetteer):
    text = ("Russian artillery shelled Nikopol on Tuesday, the governor said. "
            "Ukrainian artillery shelled Horlivka on Tuesday, officials said. "
            "Separately, mortar rounds struck Marhanets on Tuesday, wounding two men.")
    events = events_of(text, gazetteer)
    marhanets = next(e for e in events if e.place and e.place.startswith("Marhanets"))
    assert marhanets.actors == ()


def test_a_seizure_gets_the_side_that_lost_the_town(gazetteer):
    text = ("Russian forces captured the town of Toretsk on Wednesday, the defence ministry in Moscow said. "
            "Ukrainian troops had defended its ruins for months.")
    seizure = only(events_of(text, gazetteer), "seizure")
    assert seizure.actors == ("Russian forces", "Ukrainian forces")
    assert any(r.startswith("actor:opponent:") for r in rules(seizure))


def test_an_opponent_is_of_another_side(gazetteer):
    text = ("Hayat Tahrir al-Sham fighters seized the town of Saraqib on Friday, a monitor said. "
            "Allied factions of the Syrian National Army joined the advance.")
    seizure = only(events_of(text, gazetteer), "seizure")
    assert "Syrian National Army" not in seizure.actors  # on the same (opposition) side


def test_the_side_that_lost_a_town_is_the_one_that_withdrew(gazetteer):
    text = ("Russian troops took control of Ugledar on Wednesday, driving out Ukrainian forces. "
            "Hours later the remaining units withdrew from Ugledar towards the west.")
    events = events_of(text, gazetteer)
    withdrawal = only(events, "withdrawal")
    assert only(events, "seizure").actors == ("Russian forces", "Ukrainian forces")
    assert withdrawal.actors == ("Ukrainian forces",)
    assert "actor:lost-place" in rules(withdrawal)


@pytest.mark.parametrize(("text", "kind"), [
    # before the weapon, earlier in the clause than the trigger
    ("A Russian glide bomb dropped by a warplane struck an apartment block in Zaporizhzhia on Monday, killing three "
     "people.", "airstrike"),
    # a word or two before the trigger
    ("On Friday, a Russian Iskander ballistic missile hit an apartment block in Druzhkivka, killing three people.",
     "shelling"),
])
def test_a_demonym_near_the_weapon_names_the_actor(gazetteer, text, kind):
    assert only(events_of(text, gazetteer), kind).actors == ("Russian forces",)


def test_a_strike_reported_without_a_place_names_the_side_of_the_next_strike(gazetteer):
    text = ("Syrian and Russian jets bombed rebel-held areas of north-western Syria on Friday. "
            "An air strike on a market in Sarmada killed seven people, rescuers said.")
    strike = only(events_of(text, gazetteer), "airstrike")
    assert strike.actors == ("Syrian government forces", "Russian forces")
    assert "actor:same-kind" in rules(strike)


def test_the_demonym_inside_an_actors_name_is_no_demonym(gazetteer):
    text = "The Kurdish-led Syrian Democratic Forces pulled out of Deir ez-Zor on Wednesday."
    withdrawal = only(events_of(text, gazetteer), "withdrawal")
    assert withdrawal.actors[0] == "Syrian Democratic Forces"

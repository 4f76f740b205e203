"""Casualty figures told without a number: one named victim, and figures far from their verb."""

from __future__ import annotations

import pytest

from geomap.casualties import extract_casualties


@pytest.mark.parametrize(("sentence", "dead", "hurt"), [
    ("Security forces clashed with gunmen, leaving 16 members of the security forces dead.", 16, None),
    ("The raid left three young men from the village dead.", 3, None),
    ("Russian artillery hit the suburb, wounding an elderly man.", None, 1),
    ("A drone struck a car on the coastal road, killing a 12-year-old boy.", 1, None),
    ("The strike killed a senior commander of the group.", 1, None),
    ("Shelling killed 3 people and wounded a woman.", 3, 1),
    ("The missile killed a fisherman near the port.", 1, None),
    ("A bomb under the mayor's car went off as he drove away, killing him instantly.", 1, None),
    ("The drone hit her car near the checkpoint, killing her, the ministry said.", 1, None),
    ("A sniper shot the driver, killing him and wounding two passengers.", 1, 2),
    ("A bomb under his car went off in Melitopol, killing a Russian-installed city official.", 1, None),
    ("Rescuers said five people died; the ministry put the toll at three.", 3, None),
    ("The ministry gave a toll of 40 and said 90 people were wounded.", None, 90),  # "40 and said 90 people"
])
def test_figures(sentence, dead, hurt):
    found = extract_casualties(sentence)
    assert (found.fatalities, found.injured) == (dead, hurt)


@pytest.mark.parametrize("sentence", [
    "The blast damaged a soldier's house.",
    "Officials said the attack would not kill a single peace initiative.",
    "The strike hit the family home, killing him, his wife and their three children.",  # more than one
    "The shell struck the yard, killing him and his brother.",
    "The strike killed her two sons.",
    "The toll of the war has been heavy for the village.",
])
def test_no_single_victim_figure(sentence):
    assert extract_casualties(sentence).fatalities is None


def test_single_victim_then_the_injured():
    found = extract_casualties("Artillery pounded the town, killing a 70-year-old man and injuring three women.")
    assert (found.fatalities, found.injured) == (1, 3)


@pytest.mark.parametrize(("sentence", "dead", "hurt"), [
    ("Three members of the same family were killed in the raid.", 3, None),
    ("Officials gave a toll of 35 and said 117 people, including 15 children, were wounded.", None, 117),
])
def test_passive_figures(sentence, dead, hurt):
    found = extract_casualties(sentence)
    assert (found.fatalities, found.injured) == (dead, hurt)


@pytest.mark.parametrize(("sentence", "dead", "hurt"), [
    ("The strike killed a woman and her son.", 2, None),
    ("A drone hit the car, killing a man and his two daughters.", 3, None),
    ("Shelling killed a father and his three young children in their home.", 4, None),
    ("A woman and her two children were killed when the shell landed.", 3, None),
    ("The blast wounded a farmer and his wife.", None, 2),
    ("The strike killed a fighter and a civilian.", 2, None),
    ("The strike killed a fighter and wounded two civilians.", 1, 2),  # a verb between: two separate figures
    ("Shelling killed 12 people, including a woman and her son.", 12, None),  # part of a larger toll
])
def test_victims_named_together_are_counted_together(sentence, dead, hurt):
    found = extract_casualties(sentence)
    assert (found.fatalities, found.injured) == (dead, hurt)


@pytest.mark.parametrize(("sentence", "dead", "hurt"), [
    ("No casualties were reported.", 0, None),  # "casualties": the injured stay unknown
    ("There were no immediate reports of casualties.", 0, None),
    ("The strike caused no deaths, officials said.", 0, None),
    ("No one was killed or injured.", 0, 0),
    ("Nobody was hurt in the attack.", 0, 0),  # nobody hurt is nobody killed
    ("No one was killed, but three people were wounded.", 0, 3),
    ("The rockets caused no injuries.", None, 0),
    ("The drone hit the depot without causing casualties.", 0, None),
    ("Shelling killed three soldiers; no civilian casualties were reported.", 3, None),  # a figure outranks "none"
])
def test_reported_zero(sentence, dead, hurt):
    found = extract_casualties(sentence)
    assert (found.fatalities, found.injured) == (dead, hurt)


def test_no_casualties_after_a_two_event_sentence_covers_both():
    from geomap.events import extract_events
    from geomap.types import Article

    text = "Russian shelling hit Kherson on Monday and a drone struck Kharkiv. There were no casualties."
    events = extract_events(Article("two", text, published="2024-12-01"))
    assert sorted((e.event_type, e.fatalities, e.injured) for e in events) == [
        ("airstrike", 0, None), ("shelling", 0, None)]


def test_a_zero_in_another_clause_is_not_every_events():
    from geomap.events import extract_events
    from geomap.types import Article

    text = "A drone struck Kharkiv without causing casualties, while Russian shelling hit Kherson on Monday."
    events = {e.place: e for e in extract_events(Article("two", text, published="2024-12-01"))}
    assert len(events) == 2
    figures = sorted(((e.fatalities is None), e.event_type) for e in events.values())
    assert figures == [(False, "airstrike"), (True, "shelling")]  # the drone strike's zero, the shelling unknown

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
])
def test_figures(sentence, dead, hurt):
    found = extract_casualties(sentence)
    assert (found.fatalities, found.injured) == (dead, hurt)


@pytest.mark.parametrize("sentence", [
    "The strike killed a woman and her son.",  # two people: no single-victim reading
    "The blast damaged a soldier's house.",
    "Officials said the attack would not kill a single peace initiative.",
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

"""Admin-1 units named with other type words ("Krai", "Republic") answer to "X region" too."""

from __future__ import annotations

import pytest

from geomap.events import extract_events
from geomap.types import Article


@pytest.mark.parametrize(("query", "expected"), [
    ("Krasnodar region", "Krasnodar Krai"),
    ("Stavropol region", "Stavropol Kray"),
    ("Tatarstan", "Tatarstan Republic"),
    ("Kursk region", "Kursk Oblast"),
])
def test_region_forms_of_russian_units(gazetteer, query, expected):
    best = gazetteer.lookup(query)[0]
    assert (best.place.name, best.place.feature_code) == (expected, "ADM1")


def test_an_event_in_a_region_is_placed_at_region_precision(gazetteer):
    events = extract_events(Article("t", "Ukrainian drones attacked an oil depot in Russia's Krasnodar region on "
                                         "Friday, regional authorities said.", published="2025-02-14"),
                            gazetteer=gazetteer)
    assert [(e.event_type, e.place, e.geo_precision) for e in events] == [("airstrike", "Krasnodar Krai", 3)]

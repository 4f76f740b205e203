"""Variant spellings in a country bordering the article's leading country, on the bundled gazetteer."""

from __future__ import annotations

from geomap.events import extract_events, extract_with_roles
from geomap.types import Article


def _events(gazetteer, text: str, date: str = "2025-03-02"):
    return extract_events(Article("t", text, published=date), gazetteer=gazetteer)


def test_country_rows_carry_their_land_neighbours(gazetteer):
    assert {"PS", "LB", "SY", "JO", "EG"} <= set(gazetteer.country("IL").raw["neighbours"])
    assert "CA" in gazetteer.country("US").raw["neighbours"]
    assert set(gazetteer.neighbours("il")) == set(gazetteer.country("IL").raw["neighbours"])


def test_variant_spelling_in_a_bordering_country_is_kept(gazetteer):
    # only the Israeli demonym names a country; "Deir al-Balah" is a spelling variant of a Gaza town
    events = _events(gazetteer, "Israeli airstrike on a house in Deir al-Balah killed 6")
    assert [(e.event_type, e.country_code, e.fatalities) for e in events] == [("airstrike", "PS", 6)]
    assert abs(events[0].lat - 31.418) < 0.05 and abs(events[0].lon - 34.349) < 0.05


def test_variant_spelling_on_another_continent_stays_unresolved(gazetteer):
    # a variant match in a country that neither is named nor borders the named one is no place
    _, resolutions = extract_with_roles(
        Article("t", "Lebanese officials said shelling hit Wad al-Nourah on Monday.", published="2025-03-02"),
        gazetteer=gazetteer)
    found = {r.mention.surface: r.place for r in resolutions}
    assert found.get("Wad al-Nourah") is None or found["Wad al-Nourah"].country_code in {"LB", "SY", "IL"}

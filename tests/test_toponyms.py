"""Toponym recognition: capitalised spans, organisations, persons, demonyms, nested names, datelines.

These tests use a small in-memory gazetteer (``MiniGazetteer``) with the same interface as
``geomap.gazetteer.Gazetteer`` so that each rule can be checked in isolation; the seed-article
tests run the real bundled gazetteer.
"""

from __future__ import annotations

import pytest

from geomap.names import fold, split_feature
from geomap.toponyms import PlaceLookup, find_mentions
from geomap.types import Article, Candidate, Place

_ROWS = [
    # place_id, name, lat, lon, class, code, cc, admin1, population, other names
    ("t:aleppo", "Aleppo", 36.2021, 37.1343, "P", "PPLA", "SY", "Aleppo", 2_000_000, []),
    ("t:aleppo-gov", "Aleppo Governorate", 36.3, 37.6, "A", "ADM1", "SY", "Aleppo", 0, ["Aleppo province", "Aleppo"]),
    ("t:idlib", "Idlib", 35.9306, 36.6339, "P", "PPLA", "SY", "Idlib", 130_000, []),
    ("t:idlib-gov", "Idlib Governorate", 35.8, 36.6, "A", "ADM1", "SY", "Idlib", 0, ["Idlib province", "Idlib"]),
    ("t:hama", "Hama", 35.1318, 36.7578, "P", "PPLA", "SY", "Hama", 700_000, ["Hamah"]),
    ("t:hama-gov", "Hama Governorate", 35.2, 37.1, "A", "ADM1", "SY", "Hama", 0, ["Hama province", "Hama"]),
    ("t:damascus", "Damascus", 33.5102, 36.2913, "P", "PPLC", "SY", "Damascus", 1_500_000, []),
    ("t:ankara", "Ankara", 39.9199, 32.8543, "P", "PPLC", "TR", "Ankara", 3_500_000, []),
    ("t:kuweires", "Kuweires Air Base", 36.1869, 37.5831, "S", "AIRB", "SY", "Aleppo", 0, ["Kuweires airbase", "Kuweires"]),
    ("t:telrifaat", "Tell Rifaat", 36.4706, 37.0969, "P", "PPL", "SY", "Aleppo", 20_000, ["Tel Rifaat"]),
    ("t:khan", "Khan Shaykhun", 35.4417, 36.6508, "P", "PPL", "SY", "Idlib", 34_000, ["Khan Sheikhun"]),
    ("t:sham", "Sham", 34.0, 36.0, "P", "PPL", "SY", "Damascus", 500, []),
    ("t:assad", "Assad", 35.0, 38.0, "P", "PPL", "SY", "Raqqa", 300, []),
    ("t:abbas", "Abbas", 27.2, 56.3, "P", "PPL", "IR", "Hormozgan", 1_000, []),
    ("t:antony", "Antony", 48.75, 2.3, "P", "PPL", "FR", "Ile-de-France", 62_000, []),
    ("t:beirut", "Beirut", 33.8938, 35.5018, "P", "PPLC", "LB", "Beirut", 1_900_000, []),
    ("t:hamm", "Hamm", 51.68, 7.82, "P", "PPL", "DE", "NRW", 180_000, ["Hamas"]),
    ("t:cairo", "Cairo", 30.0444, 31.2357, "P", "PPLC", "EG", "Cairo", 9_000_000, []),
    ("t:khanyounis", "Khan Yunis", 31.3402, 34.3063, "P", "PPL", "PS", "Khan Yunis", 200_000, ["Khan Younis"]),
    ("t:manbij", "Manbij", 36.5281, 37.9549, "P", "PPLA2", "SY", "Aleppo", 100_000, []),
    ("t:anadan", "Anadan", 36.2936, 37.0436, "P", "PPL", "SY", "Aleppo", 20_000, []),
    ("t:midan", "Midan district", 33.4936, 36.2989, "P", "PPLX", "SY", "Damascus", 80_000, ["Midan"]),
    ("t:kedah", "Kedah Town", 6.12, 100.37, "P", "PPL", "MY", "Kedah", 50_000, ["Kedah"]),
    ("t:sy", "Syria", 35.0, 38.0, "A", "PCLI", "SY", "", 22_000_000, []),
    ("t:ir", "Iran", 32.0, 53.0, "A", "PCLI", "IR", "", 88_000_000, []),
    ("t:il", "Israel", 31.5, 34.8, "A", "PCLI", "IL", "", 9_000_000, []),
    # ordinary English words that are also names of small places far away
    ("t:artillerie", "Artillerie", -22.2, 166.4, "P", "PPL", "NC", "South", 1_400, ["Artillery"]),
    ("t:convoy", "Convoy", 54.86, -7.66, "P", "PPL", "IE", "Ulster", 1_500, []),
    ("t:power", "Power County", 42.79, -112.85, "A", "ADM2", "US", "Idaho", 0, ["Power"]),
]
_DEMONYMS = {"Syrian": "t:sy", "Iranian": "t:ir", "Israeli": "t:il"}


class MiniGazetteer:
    """A tiny gazetteer with the interface of ``geomap.gazetteer.Gazetteer`` (lookup, is_name, get)."""

    def __init__(self) -> None:
        self.places = {}
        self.index: dict[str, list[tuple[Place, str]]] = {}
        for pid, name, lat, lon, fclass, code, cc, admin1, pop, others in _ROWS:
            place = Place(pid, name, lat, lon, fclass, code, cc, admin1, "", pop, "test")
            self.places[pid] = place
            for alias in [name, *others]:
                self.index.setdefault(fold(alias), []).append((place, "exact"))
        for word, pid in _DEMONYMS.items():
            self.index.setdefault(fold(word), []).append((self.places[pid], "demonym"))

    def is_name(self, key: str) -> bool:
        return key in self.index

    def lookup(self, name, *, country_codes=None, limit=10):
        key = fold(name)
        hits = self.index.get(key) or self.index.get(split_feature(key)[0], [])
        found = [Candidate(p, 0.9 if p.population > 100_000 else 0.8, rule, name) for p, rule in hits
                 if not country_codes or p.country_code in country_codes]
        return sorted(found, key=lambda c: (-c.score, -c.place.population))[:limit]

    def get(self, place_id):
        return self.places.get(place_id)


@pytest.fixture(scope="module")
def lookup():
    return PlaceLookup(MiniGazetteer())


def surfaces(text, lookup):
    return [m.surface for m in find_mentions(Article("a1", text), lookup)]


def test_offsets_slice_back_to_the_surface(lookup):
    text = "Rebels seized Tel Rifaat, north of Aleppo, on Sunday."
    for m in find_mentions(Article("a1", text), lookup):
        assert text[m.start:m.end] == m.surface
    assert surfaces(text, lookup) == ["Tel Rifaat", "Aleppo"]


def test_no_place_inside_an_organisation_name(lookup):
    assert surfaces("Fighters of Hayat Tahrir al-Sham entered the city.", lookup) == []
    assert surfaces("Hamas's armed wing said it fought in Beirut.", lookup) == ["Beirut"]


def test_person_names_are_not_places(lookup):
    text = ("The Iranian foreign minister, Abbas Araghchi, met Bashar al-Assad. Araghchi said Assad "
            "was calm. He also spoke to Antony Blinken.")
    assert surfaces(text, lookup) == ["Iranian"]


def test_month_and_weekday_names_are_skipped(lookup):
    assert surfaces("On Sunday in March the army shelled Idlib.", lookup) == ["Idlib"]


def test_demonyms_are_found(lookup):
    found = find_mentions(Article("a1", "Syrian and Israeli jets struck."), lookup)
    assert [m.surface for m in found] == ["Syrian", "Israeli"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit central Aleppo.", ["Aleppo"]),
        ("An airstrike on Idlib city killed four.", ["Idlib city"]),
        ("Rebels took the Kuweires airbase.", ["Kuweires airbase"]),
        ("Troops massed in Hama province.", ["Hama province"]),
        ("A shell hit Aleppo University.", ["Aleppo"]),
    ],
)
def test_nested_names(text, expected, lookup):
    assert surfaces(text, lookup) == expected


def test_nested_facility_is_flagged_as_submatch(lookup):
    (mention,) = find_mentions(Article("a1", "A shell hit Aleppo University."), lookup)
    assert mention.submatch is True


def test_dateline_is_a_mention(lookup):
    found = find_mentions(Article("a1", "BEIRUT (Reuters) - Israeli jets struck Idlib on Sunday."), lookup)
    assert [(m.surface, m.recognizer) for m in found][:1] == [("BEIRUT", "dateline")]


def test_acronyms_only_when_they_name_a_country(lookup):
    assert surfaces("HTS fighters entered Aleppo, IRNA reported.", lookup) == ["Aleppo"]


def test_common_words_capitalised_at_sentence_start_are_skipped(lookup):
    assert surfaces("Sham claims were denied. The sham trial in Aleppo.", lookup) == ["Aleppo"]


def test_duplicates_are_flagged(lookup):
    found = find_mentions(Article("a1", "Aleppo fell. Aleppo burned."), lookup)
    assert [m.duplicate for m in found] == [False, True]


def test_event_and_weapon_nouns_are_not_places(lookup):
    text = "Artillery rounds landed in Aleppo. Convoy trucks were hit. Drone footage showed the damage."
    assert surfaces(text, lookup) == ["Aleppo"]


def test_runs_scan_matches_the_run_pattern():
    from geomap.toponyms import _RUN, _runs

    for text in ("bal-Sham ash-Sham xash-Foo al-al-Bar ‑X as-Z e-F an-Q-R", "ash-", "al-B", "-B", "Xal-B",
                 "Fighters of Hayat Tahrir al-Sham entered Idlib city and the Kuweires airbase on Sunday."):
        assert [m.span() for m in _runs(text)] == [m.span() for m in _RUN.finditer(text)]


def test_a_one_word_name_may_drop_the_places_arabic_article():
    from geomap.toponyms import _acceptable

    def variant(name):
        return Candidate(Place(f"t:{name}", name, 13.3, 34.1, "P", "PPL", "SD", "Sennar", "", 20_000, "test"),
                         0.67, "variant", name)

    assert _acceptable((variant("Ad Dinder"),), single=True, surface="Dinder")
    assert not _acceptable((variant("El Fasher"),), single=True, surface="Fashir")  # another vowel: no
    assert not _acceptable((variant("Dinderiya"),), single=True, surface="Dinder")


def test_a_weapon_model_named_like_a_place_is_no_place(gazetteer):
    from geomap.toponyms import PlaceLookup as FullLookup

    lookup = FullLookup(gazetteer)
    text = ("Fighters hit a Namer troop carrier near Rafah, and Grad rockets and Buk missiles were fired at Kharkiv. "
            "Israeli jets struck Gaza; a Kherson missile strike killed two.")
    surfaces = [m.surface for m in find_mentions(Article("t1", text), lookup)]
    assert "Namer" not in surfaces and "Grad" not in surfaces and "Buk" not in surfaces
    assert {"Rafah", "Kharkiv", "Israeli", "Gaza", "Kherson"} <= set(surfaces)


def test_a_region_named_with_an_organisation_word_is_a_place(gazetteer):
    from geomap.toponyms import PlaceLookup as FullLookup

    lookup = FullLookup(gazetteer)
    surfaces = [m.surface for m in find_mentions(Article("t2", "Raids in the West Bank went on while the World "
                                                          "Bank and the Popular Front issued statements."), lookup)]
    assert surfaces == ["West Bank"]

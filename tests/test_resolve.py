"""Resolution with document context: feature words, countries, relations, diplomacy cues."""

from __future__ import annotations

import pytest

from geomap.resolve import resolve_mentions, suppressed
from geomap.segment import split_sentences
from geomap.toponyms import PlaceLookup, find_mentions
from geomap.types import Article
from tests.test_toponyms import MiniGazetteer


@pytest.fixture(scope="module")
def lookup():
    return PlaceLookup(MiniGazetteer())


def resolve(text, lookup):
    article = Article("a1", text)
    return resolve_mentions(article, find_mentions(article, lookup), lookup, split_sentences(text))


def by_surface(resolutions):
    return {r.mention.surface: r for r in resolutions}


def test_city_word_prefers_the_city_and_province_word_the_province(lookup):
    found = by_surface(resolve("An airstrike on Idlib city killed four. Troops moved into Hama province.", lookup))
    assert found["Idlib city"].place.place_id == "t:idlib"
    assert found["Hama province"].place.feature_code == "ADM1"


def test_town_of_prefers_a_populated_place(lookup):
    found = by_surface(resolve("They entered the city of Hama.", lookup))
    assert found["Hama"].place.place_id == "t:hama"


def test_airbase_word_prefers_the_airbase(lookup):
    found = by_surface(resolve("Rebels took the Kuweires airbase, east of Aleppo.", lookup))
    assert found["Kuweires airbase"].place.feature_code == "AIRB"
    assert any(rule.startswith("relation:") for rule in found["Kuweires airbase"].rules)


def test_demonym_role(lookup):
    found = by_surface(resolve("Syrian jets struck Idlib.", lookup))
    assert found["Syrian"].role == "demonym"


@pytest.mark.parametrize(
    "text",
    [
        "Iran's top diplomat arrived in Damascus on Sunday.",
        "State media in Damascus shared images.",
        "Araghchi met Assad for talks in Damascus.",
        "He is expected in the Turkish capital, Ankara, on Monday.",
        "Forces loyal to Damascus pulled back.",
        "Damascus's state news agency said so.",
    ],
)
def test_diplomacy_media_and_government_cues_suppress_the_place(text, lookup):
    capital = next(r for r in resolve(text, lookup) if r.mention.surface in ("Damascus", "Ankara"))
    assert suppressed(capital)


def test_coordinated_places_share_the_cue(lookup):
    found = resolve("He called allies in Ankara and Damascus.", lookup)
    assert all(suppressed(r) for r in found)


def test_plain_event_place_is_not_suppressed(lookup):
    found = by_surface(resolve("Shelling hit Aleppo on Sunday.", lookup))
    assert not suppressed(found["Aleppo"])


def test_unknown_name_gets_a_reason(lookup):
    article = Article("a1", "Nowhereville burned.")
    from geomap.types import Mention

    (res,) = resolve_mentions(article, [Mention("a1", 0, 12, "Nowhereville")], lookup)
    assert res.place is None and res.reason


def test_sentence_opening_word_naming_a_far_small_place_is_no_place(lookup):
    found = by_surface(resolve("Power was cut in Aleppo after Syrian shelling. Tel Rifaat was shelled too.", lookup))
    assert found["Power"].place is None and "sentence-initial" in found["Power"].reason
    assert found["Tel Rifaat"].place.place_id == "t:telrifaat"  # a small place, but in the article's country
    assert found["Aleppo"].place.place_id == "t:aleppo"


def test_resolving_only_the_needed_mentions_gives_the_same_choices(lookup):
    text = ("Rebels seized Tel Rifaat, north of Aleppo, on Sunday. He called allies in Ankara and Damascus. "
            "Syrian jets struck Idlib city. Power was cut in Hama province.")
    article = Article("a1", text)
    mentions = find_mentions(article, lookup)
    full = resolve_mentions(article, mentions, lookup, split_sentences(text))
    for needed in ([0], [1, 2], list(range(len(mentions))), [len(mentions) - 1]):
        part = resolve_mentions(article, mentions, lookup, split_sentences(text), needed)
        for i in needed:
            assert part[i] == full[i]
        assert all(part[i].place is None for i in range(len(mentions)) if i not in needed)


def test_place_far_from_every_other_place_and_country_loses(lookup):
    far = by_surface(resolve("Artillery hit Idlib on Monday, and traders from Kedah near Hama closed their shops.", lookup))
    assert far["Kedah"].place is None and "1000 km" in far["Kedah"].reason
    assert far["Idlib"].place is not None
    alone = by_surface(resolve("Traders in Kedah closed their shops on Monday.", lookup))
    assert alone["Kedah"].place is not None and alone["Kedah"].place.place_id == "t:kedah"


def test_district_of_a_city_known_only_elsewhere_stays_unresolved(lookup):
    found = by_surface(resolve("A car bomb went off in the Midan district of Aleppo.", lookup))
    assert found["Midan district"].place is None
    home = by_surface(resolve("A car bomb went off in the Midan district of Damascus.", lookup))
    assert home["Midan district"].place.place_id == "t:midan"


def test_proximity_bonus_keeps_its_tiers_and_prefers_the_nearer_within_50_km():
    from geomap.resolve import proximity_bonus

    assert proximity_bonus(5) > proximity_bonus(45) > proximity_bonus(60) > proximity_bonus(200) > proximity_bonus(500)
    assert proximity_bonus(500) == 0.0 and 0.3 < proximity_bonus(45) < proximity_bonus(5) <= 0.35
    # the step to the next tier stays larger than any difference inside the 50 km tier
    assert proximity_bonus(49.9) - proximity_bonus(50) > 0.09

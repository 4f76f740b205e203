"""Place resolution rules for event locations (issue 3, benchmarks/dev2 used as a development set).

Every sentence here was written for these tests, with other places and other wording than the
dev2 reports whose failures motivated the rules (the Sumy, Mocha, Bekaa Valley, Sweida, Velyka
Novosilka and Um Rawaba stories), so that each rule is shown to hold beyond the case that prompted
it.  Sentences run against the full bundled gazetteer.
"""

from __future__ import annotations

import pytest

from geomap.events import extract_events
from geomap.names import variant_key
from geomap.geodesy import distance_km
from geomap.relative import relation_at
from geomap.resolve import resolve_mentions
from geomap.segment import split_sentences
from geomap.toponyms import PlaceLookup, find_mentions
from geomap.types import Article


@pytest.fixture(scope="module")
def lookup(gazetteer):
    return PlaceLookup(gazetteer)


def events_of(text, gazetteer, date="2024-12-01"):
    return extract_events(Article("l1", text, published=date), gazetteer=gazetteer, explain=True)


def resolved(text, lookup):
    article = Article("l1", text)
    found = resolve_mentions(article, find_mentions(article, lookup), lookup, split_sentences(text))
    return {r.mention.surface: r for r in found}


def near(event, lat, lon, km=25.0):
    return distance_km(event.lat, event.lon, lat, lon) <= km


# --- 1. "the northern Ukrainian city of Sumy": a demonym and a feature word are no place -----------


def test_demonym_and_feature_word_is_only_a_demonym(lookup):
    text = "Officials in the Russian region of Belgorod and the Iraqi province of Anbar said the Yemeni city of Taiz was calm."
    found = find_mentions(Article("l1", text), lookup)
    assert [m.surface for m in found] == ["Russian", "Belgorod", "Iraqi", "Anbar", "Yemeni", "Taiz"]


def test_event_after_demonym_city_of_is_at_the_named_city(gazetteer):
    events = events_of("Shells landed in the eastern Syrian city of Deir ez-Zor on Monday, wounding four.", gazetteer)
    assert [(e.event_type, e.country_code) for e in events] == [("shelling", "SY")]
    assert near(events[0], 35.336, 40.141)


def test_a_name_after_a_possessive_is_a_place_of_its_own(lookup):
    found = resolved("Drones struck Syria's Idlib province and Ukraine's Kharkiv region overnight.", lookup)
    assert found["Idlib province"].place.country_code == "SY"
    assert found["Kharkiv region"].place.feature_code == "ADM1"


# --- 2. "the Red Sea port of Mocha": the first name describes the second ---------------------------


def test_port_of_descriptor_is_not_the_event_place(gazetteer):
    events = events_of("A missile hit a grain terminal on the edge of the Black Sea port of Odesa on Tuesday, "
                       "killing two people.", gazetteer)
    assert len(events) == 1
    assert events[0].place_id == "geonames:698740" or near(events[0], 46.48, 30.73)
    assert events[0].geo_precision == 2  # "the edge of": near the town, not the town itself


def test_descriptor_before_town_of(gazetteer):
    events = events_of("An explosion tore through a market in the Euphrates town of Mayadin, killing five.", gazetteer)
    assert [e.event_type for e in events] == ["explosion"]
    assert near(events[0], 35.02, 40.45)


@pytest.mark.parametrize("phrase", ["the outskirts of the Black Sea port of ", "the outskirts of the Nile harbour of ",
                                    "the outskirts of the Sudanese capital of "])
def test_outskirts_through_a_describing_phrase(phrase):
    text = f"Shells fell on {phrase}Kassala."
    start = text.index("Kassala")
    relation = relation_at(text, start, start + len("Kassala"))
    assert relation is not None and relation.kind == "outskirts"


# --- 3. fuzzy matches on another continent, homonyms of countries ----------------------------------


def test_a_fuzzy_namesake_in_a_barely_mentioned_country_loses_to_the_curated_region(gazetteer, lookup):
    text = "Israeli jets struck targets in the Golan Heights on Monday, US officials said."
    place = resolved(text, lookup)["Golan Heights"].place
    assert (place.country_code, place.feature_code) == ("SY", "ADMD")  # not Glenn Heights, Texas
    (event,) = events_of(text, gazetteer)
    assert event.event_type == "airstrike" and event.geo_precision == 3


def test_fuzzy_matches_do_not_vouch_for_each_other(lookup):
    found = resolved("Hezbollah fired rockets at Safed on Tuesday, Israeli medics said. Israeli jets later struck "
                     "villages in the Hula Valley and the Swat Valley, US officials in Washington said.", lookup)
    assert found["Hula Valley"].place is None and found["Swat Valley"].place is None
    assert found["Safed"].place.country_code == "IL"


def test_a_spelling_variant_in_the_articles_country_still_resolves(lookup):
    found = resolved("Syrian rebels seized Tel Rifaat on Sunday, the Russian foreign ministry in Moscow said.", lookup)
    assert found["Tel Rifaat"].place is not None and found["Tel Rifaat"].place.country_code == "SY"


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Drones launched from Iraq hit a base in Jordan, US officials in Washington said.", "Jordan", "JO"),
    ("Shelling hit villages in south Lebanon on Friday, US officials in Washington said.", "Lebanon", "LB"),
])
def test_a_country_name_is_the_country_not_its_namesake_town(lookup, text, name, country):
    assert resolved(text, lookup)[name].place.country_code == country


def test_country_after_a_comma_that_names_speakers_is_no_relation(lookup):
    found = resolved("An Israeli drone hit a fuel depot in Sidon, US officials said, as Lebanese rescuers searched "
                     "the rubble.", lookup)
    assert found["Sidon"].place.country_code == "LB"
    assert not any(rule.startswith("relation:") for rule in found["Sidon"].rules)


# --- 4. "pulled back toward Damascus": a destination is not where the withdrawal happened -----------


def test_withdrawal_destination_is_not_the_event_place(gazetteer):
    events = events_of("Sudanese army units abandoned their positions in Bara on Monday and pulled back towards "
                       "El Obeid.", gazetteer)
    assert [e.event_type for e in events] == ["withdrawal"]
    assert near(events[0], 13.70, 30.37)


def test_withdrawal_toward_a_capital_only_is_not_placed_there(gazetteer):
    assert events_of("Government troops pulled back toward Damascus on Friday, residents said.", gazetteer) == []


# --- 5. "the town" refers to the last town, not to a region named next to it ----------------------


def test_the_town_corefers_with_the_town_not_the_region(gazetteer):
    events = events_of("Russian forces captured Kurakhove, a town in the Donetsk region, the ministry said on Sunday. "
                       "Overnight, drones struck energy sites across the Dnipropetrovsk region. Ukraine's army said "
                       "its troops had withdrawn from the town on Saturday.", gazetteer)
    assert any(e.event_type == "airstrike" and e.geo_precision == 3 for e in events)  # the region's event comes last
    withdrawals = [e for e in events if e.event_type == "withdrawal"]
    assert len(withdrawals) == 1 and near(withdrawals[0], 47.985, 37.281)
    assert withdrawals[0].geo_precision == 1


# --- 6. Arabic spelling variants; "the town of" a name the gazetteer knows as a district ----------


@pytest.mark.parametrize(("a", "b"), [
    ("Um Batin", "Umm Batin"), ("Abou Kamal", "Abu Kamal"), ("Tel Abyad", "Tall Abyad"), ("Tell Abyad", "Tal Abyad"),
    ("Dair Hafir", "Deir Hafer"), ("Jisir al-Shughur", "Jisr ash-Shughur"), ("Kfar Kila", "Kafr Kila"),
])
def test_arabic_prefix_variants_share_a_key(a, b):
    assert variant_key(a) == variant_key(b)


def test_similar_finds_the_town_behind_an_exact_district(gazetteer):
    towns = [c for c in gazetteer.similar("Ed Damazine") if c.place.feature_class == "P"]
    assert towns and towns[0].place.country_code == "SD" and towns[0].rule == "fuzzy"


def test_city_of_a_district_name_is_the_town(gazetteer):
    events = events_of("An RSF drone struck the city of Ed Damazine in Blue Nile state on Sunday, killing three "
                       "people. Later the army said it had repelled an attack on Ed Damazine.", gazetteer)
    assert sorted(e.event_type for e in events) == ["airstrike", "counterattack"]
    for e in events:  # both mentions: the town (Ad-Damazin), not the locality's label point 32 km away
        assert e.geo_precision == 1 and near(e, 11.789, 34.359, km=3)
        assert "town-of-admin" in " ".join(e.explain["rules"])


def test_town_of_prefers_the_town_and_a_bare_name_the_district(lookup):
    assert resolved("RSF fighters stormed the town of Tendalti on Friday.", lookup)["Tendalti"].place.feature_class == "P"
    assert resolved("RSF fighters stormed Tendalti on Friday.", lookup)["Tendalti"].place.feature_code == "ADM2"


# --- 7. places the gazetteer lacked (curated.csv), found under other spellings ----------------------


@pytest.mark.parametrize(("query", "country", "code", "lat", "lon"), [
    ("Ayta ash-Shab", "LB", "PPL", 33.0967, 35.3353),
    ("Ain al-Assad air base", "IQ", "AIRB", 33.7856, 42.4412),
    ("Merowe High Dam", "SD", "DAM", 18.6689, 32.05),
    ("Kyauk Phyu", "MM", "PPL", 19.428, 93.551),
    ("Sandoway", "MM", "PPLA2", 18.4667, 94.3667),
    ("Beqaa Valley", "LB", "ADM1", 33.85, 35.90),
    ("Chebaa", "LB", "PPL", 33.348, 35.748),  # the French spelling of Shebaa
    ("Maroun el-Ras", "LB", "PPL", 33.10, 35.443),
    ("Zawaida", "PS", "PPL", 31.433, 34.37),
    ("Shati camp", "PS", "PPLX", 31.533, 34.445),
    ("Ras Isa port", "YE", "PRT", 15.117, 42.817),
    ("Rabotino", "UA", "PPL", 47.443, 35.837),
    ("Jabal Aulia", "SD", "PPL", 15.24, 32.50),
    ("Golan", "SY", "ADMD", 33.0, 35.77),  # not Golan in Iran
    ("Mongmit", "MM", "PPLA3", 23.10, 96.68),
    ("Haret Hreik", "LB", "PPL", 33.853, 35.506),
    ("Kibbutz Nir Oz", "IL", "PPL", 31.31, 34.40),
    ("Sumprabum", "MM", "PPLA3", 26.55, 97.57),
    ("Ramon airport", "IL", "AIRP", 29.727, 35.014),  # Eilat's airport, not the Ramon air base in the Negev
    ("Burj al-Barajneh", "LB", "PPL", 33.845, 35.505),
    ("Thabeikkyin", "MM", "PPLA3", 22.88, 95.97),
    ("Momauk", "MM", "PPLA3", 24.26, 97.35),
    ("Yohmor al-Shaqif", "LB", "PPL", 33.333, 35.54),
    ("Waingmaw", "MM", "PPLA3", 25.35, 97.433),
    ("Mindat", "MM", "PPLA3", 21.375, 93.97),  # the town, not the district's distant centre
    ("Belbek airfield", "UA", "AIRB", 44.688, 33.576),  # not Fruktove, the village once called Belbek
])
def test_curated_places(gazetteer, query, country, code, lat, lon):
    top = gazetteer.lookup(query)[0]
    assert (top.place.country_code, top.place.feature_code) == (country, code)
    assert distance_km(top.place.lat, top.place.lon, lat, lon) < 5


@pytest.mark.parametrize(("text", "kind", "lat", "lon", "km"), [
    ("Israeli artillery shelled the outskirts of Ayta ash-Shab on Monday.", "shelling", 33.0967, 35.3353, 10),
    ("Two rockets hit the Ain al-Assad air base on Monday, injuring three people.", "shelling", 33.786, 42.441, 5),
    ("Drones struck a substation at the Merowe Dam on Sunday, the power company said.", "airstrike", 18.669, 32.05, 5),
    ("A drone strike hit a truck 10km north of Kyaukphyu on Monday.", "airstrike", 19.518, 93.551, 5),
    ("Arakan Army fighters seized a police post in Thandwe on Monday.", "seizure", 18.4667, 94.3667, 5),
    # a Lebanese village that shares its name with a Syrian district: the article's country decides
    ("Israeli shelling hit the south Lebanon village of Houla on Tuesday, the Lebanese army said.", "shelling",
     33.209, 35.517, 5),
    # a township seat whose name two villages near Yangon also bear: Rakhine in the sentence decides
    ("The Arakan Army captured Pauktaw in Rakhine state on Saturday.", "seizure", 20.183, 93.067, 5),
    ("Israeli jets bombed a building in Ghobeiry, in Beirut's southern suburbs, on Monday.", "airstrike",
     33.866, 35.495, 5),
    # Algeria's Blida is a city of 330,000, but the article is about south Lebanon
    ("Israeli troops pulled out of Blida in southern Lebanon on Tuesday.", "withdrawal", 33.138, 35.51, 5),
    ("Government warplanes bombed Singu, north of Mandalay, on Monday.", "airstrike", 22.55, 95.99, 5),
    # GeoNames knows only the town of Sahar near Sanaa; "north of Saada city" (no comma) decides
    ("On Monday US warplanes hit targets in the Sahar district north of Saada city.", "airstrike", 17.05, 43.80, 5),
    # the town, not the point of the locality named after it (120 km east, in the national park)
    ("Sudan's army said its forces had retaken Dinder, a town in Sennar state, on Saturday.", "counterattack",
     13.34, 34.10, 5),
    ("RSF fighters fought army troops in Tamboul, in eastern Gezira state, on Wednesday.", "clash", 14.94, 33.43, 5),
    # a spelling the gazetteer knows only as a variant (Vysokopillya), licensed by "near"
    ("In the Kherson region, a tractor hit a mine in a field near Vysokopillia on Saturday, police said.",
     "explosion", 47.489, 33.531, 5),
    # Kawlin is also a spelling of Cologne: Myanmar's Sagaing region decides
    ("Resistance fighters seized Kawlin in Myanmar's Sagaing region on Monday.", "seizure", 23.79, 95.68, 5),
    # the port keeps its old name; a village of Kirovohrad region is called Pivdennyi too
    ("A Russian ballistic missile struck the port of Pivdennyi, east of Odesa, on Saturday.", "shelling", 46.60, 31.02, 5),
])
def test_events_at_curated_places(gazetteer, text, kind, lat, lon, km):
    events = events_of(text, gazetteer)
    assert [e.event_type for e in events] == [kind]
    assert near(events[0], lat, lon, km)


def test_an_event_in_the_golan_is_placed_at_the_region(gazetteer):
    (event,) = events_of("A Hezbollah drone struck an army post in the Golan on Sunday.", gazetteer)
    assert event.event_type == "airstrike" and event.country_code == "SY" and event.geo_precision == 3


def test_a_candidate_next_to_the_articles_other_places_beats_a_better_known_namesake(gazetteer):
    # Syria's Houla (Kafr Laha, 140 km from Beirut) is better known, but Odaisseh and Markaba lie a few km
    # from Lebanon's Houla: the nearest of the two to the article's other places wins
    text = ("Israeli artillery shelled Odaisseh and Markaba on Monday, Lebanese state media said. Later a drone "
            "strike on a motorcycle in Houla killed two men. Officials in Beirut condemned the attacks.")
    houla = [e for e in events_of(text, gazetteer) if e.evidence.startswith("Later")]
    assert len(houla) == 1 and houla[0].country_code == "LB" and near(houla[0], 33.209, 35.517, 5)


@pytest.mark.parametrize("phrase", ["not far from ", "near ", "close to ", "in the vicinity of "])
def test_nearness_phrases_make_a_near_relation(phrase):
    text = f"Shelling hit a village {phrase}Kherson on Monday."
    start = text.index("Kherson")
    relation = relation_at(text, start, start + len("Kherson"))
    assert relation is not None and relation.kind == "near" and relation.geo_precision == 2


def test_a_far_national_capital_is_still_resolved(lookup):
    text = "President Bashar al-Assad fled to Moscow. Troops loyal to the government withdrew from Hama."
    found = resolved(text, lookup)
    assert found["Moscow"].place is not None and found["Moscow"].place.country_code == "RU"
    assert "Assad" not in found  # a person, not a place


def test_shells_asked_for_at_meetings_abroad_are_no_shelling(gazetteer):
    text = ("Artillery pounded Kostiantynivka on Monday. Officials said they would press partners for more "
            "artillery shells at meetings in Brussels this week.")
    assert [e.place for e in events_of(text, gazetteer) if "Brussels" in e.place] == []


def test_of_two_namesakes_near_the_articles_places_the_nearer_wins(gazetteer):
    # Birqin lies 5 km from Jenin, Bruqin 45 km away near Salfit: both within the 50 km tier
    found = events_of("Israeli troops raided Jenin and Qabatiya on Wednesday. A roadside bomb exploded in Burqin, "
                      "wounding two soldiers.", gazetteer, "2024-08-29")
    bomb = [e for e in found if e.event_type == "explosion"]
    assert len(bomb) == 1 and near(bomb[0], 32.4546, 35.2608, 3)


def test_an_apposition_places_a_village_in_the_region_it_names(gazetteer, lookup):
    # Kamianske is also a city of 230,000 in Dnipropetrovsk region; "a village ... in Zaporizhzhia region" decides
    text = ("Russian troops captured Kamianske, a small village on the old Kakhovka reservoir in Ukraine's "
            "Zaporizhzhia region, on Sunday.")
    (event,) = events_of(text, gazetteer)
    assert event.event_type == "seizure" and event.admin1 == "Zaporizhzhia"
    assert "relation:apposition Zaporizhzhia region" in resolved(text, lookup)["Kamianske"].rules


def test_a_direction_without_a_comma_is_a_relation(lookup):
    found = resolved("US warplanes hit targets in the Sahar district north of Saada city on Monday.", lookup)
    assert any(r.startswith("relation:north of") for r in found["Sahar district"].rules)


def test_outskirts_of_and_a_town_after_ask_for_the_town(lookup):
    # Tendalti is both a locality (ADM2) and its town: words that name a settlement choose the town
    assert resolved("RSF fighters stormed the outskirts of Tendalti on Friday.", lookup)["Tendalti"].place.feature_class == "P"
    assert resolved("RSF fighters stormed Tendalti, a town in White Nile state, on Friday.",
                    lookup)["Tendalti"].place.feature_class == "P"


def test_a_month_abbreviation_before_a_day_is_no_place(lookup):
    # GeoNames lists "Jan" as a name of Jackson, Mississippi: in "Jan 9" it is a date, and it vouched for
    # the United States, whose Muncie then took "Mansi" (Kachin State) in the same report
    found = resolved("Troops leave Bhamo\n\nCHIANG MAI, Thailand, Jan 9 - Troops pulled out of Bhamo on Monday.", lookup)
    assert "Jan" not in found and "Bhamo" in found

"""Event typing, location, actors, casualties and the rule lexicons (with their examples)."""

from __future__ import annotations

import pytest

from geomap.events import classify_sentence, event_id_for, extract_events
from geomap.geodesy import distance_km
from geomap.relative import relation_at, shift
from geomap.rules import acled_types, find_triggers, load_examples
from geomap.types import EVENT_KINDS, Article
from tests.test_toponyms import MiniGazetteer

GAZ = MiniGazetteer()


def events_of(text, date="2024-12-01"):
    return extract_events(Article("a1", text, published=date), gazetteer=GAZ, explain=True)


@pytest.mark.parametrize(("expected", "sentence"), load_examples())
def test_lexicon_examples(expected, sentence):
    kinds = classify_sentence(sentence, "2024-12-01")
    if expected == "none":
        assert kinds == []
    else:
        assert kinds and kinds[0] == expected


def test_examples_cover_every_type_and_negatives():
    kinds = {kind for kind, _ in load_examples()}
    assert set(EVENT_KINDS) | {"none"} <= kinds


@pytest.mark.parametrize(
    ("kind", "sub", "kwargs"),
    [
        ("airstrike", "Air/drone strike", {}),
        ("shelling", "Shelling/artillery/missile attack", {}),
        ("explosion", "Remote explosive/landmine/IED", {}),
        ("explosion", "Suicide bomb", {"weapon": "suicide"}),
        ("clash", "Armed clash", {}),
        ("seizure", "Non-state actor overtakes territory", {}),
        ("seizure", "Government regains territory", {"government": True}),
        ("counterattack", "Armed clash", {}),
        ("counterattack", "Government regains territory", {"success": True}),
        ("withdrawal", "Non-violent transfer of territory", {}),
    ],
)
def test_acled_crosswalk(kind, sub, kwargs):
    assert acled_types(kind, **kwargs)[1] == sub


def test_longest_trigger_wins():
    (trig,) = find_triggers("they seized control of the town")
    assert (trig.kind, trig.text) == ("seizure", "seized control of")


def test_event_in_the_same_clause_as_its_place():
    (event,) = events_of("Islamist insurgents seized control of Aleppo on Saturday.")
    assert (event.event_type, event.place_id, event.event_date) == ("seizure", "t:aleppo", "2024-11-30")
    assert event.actors == ("Hayat Tahrir al-Sham",)
    assert event.acled_sub_event_type == "Non-state actor overtakes territory"


def test_diplomatic_capital_gets_no_event():
    text = "As the army shelled rebel areas, the foreign minister arrived in Damascus for talks."
    assert events_of(text) == []


def test_country_level_event_is_not_emitted():
    assert events_of("Israel has scaled up airstrikes against Iranian targets in Syria.") == []


def test_apposition_gives_the_named_place_not_the_anchor():
    (event,) = events_of("At the Kuweires airbase, east of Aleppo, Turkish-backed rebels took control of the base.")
    assert event.place_id == "t:kuweires" and event.geo_precision == 1
    assert event.actors[0] == "Syrian National Army"


def test_direction_shifts_the_anchor():
    (event,) = events_of("The Syrian army launched a counterattack north of Hama.")
    assert event.event_type == "counterattack" and event.geo_precision == 2
    assert 5 < distance_km(event.lat, event.lon, 35.1318, 36.7578) < 15
    assert event.lat > 35.1318


def test_casualties_attach_to_the_event():
    (event,) = events_of("An airstrike on Idlib city had killed four people and injured 54 others.")
    assert (event.fatalities, event.injured, event.place_id) == (4, 54, "t:idlib")
    assert event.weapon == "aircraft"


def test_historical_year_is_kept_as_historical():
    (event,) = events_of("The regime relied on Russia during the 2016 battle to retake control of Aleppo.")
    assert event.historical is True and event.event_date is None


def test_protest_is_not_a_military_event():
    assert events_of("Protesters clashed with police in Aleppo on Sunday.") == []


def test_repeated_reports_merge_into_one_event():
    text = "Insurgents seized control of Aleppo. The loss of Aleppo to insurgents shocked Damascus."
    assert [e.event_type for e in events_of(text)] == ["seizure"]


def test_generic_strike_takes_its_type_from_context():
    text = "Warplanes bombed villages near Idlib city. The military said they struck a depot in Hama."
    kinds = sorted((e.event_type, e.place_id) for e in events_of(text))
    assert kinds == [("airstrike", "t:hama"), ("airstrike", "t:idlib")]


def test_coordinated_places_each_get_an_event():
    text = "Rebels said they had captured the Kuweires airbase, east of Aleppo, and the town of Tel Rifaat."
    assert sorted(e.place_id for e in events_of(text)) == ["t:kuweires", "t:telrifaat"]


def test_claimed_by_and_coreference():
    text = ("Turkish-backed rebels took control of the Kuweires airbase. The same group said it had seized "
            "control of the town of Tel Rifaat, in an attempt to oust Kurdish militants from the area.")
    events = {e.place_id: e for e in events_of(text)}
    tel = events["t:telrifaat"]
    assert tel.actors == ("Syrian National Army", "Syrian Democratic Forces")
    assert tel.claimed_by == "Syrian National Army"


def test_explain_lists_trigger_candidates_and_rules():
    (event,) = events_of("Shelling hit central Aleppo on Sunday.")
    assert event.explain["trigger"] == "Shelling"
    assert event.explain["candidates"][0]["place_id"] == "t:aleppo"
    assert any(rule.startswith("place:clause") for rule in event.explain["rules"])


def test_event_ids_are_stable_and_distinct():
    assert event_id_for("a", "seizure", "p", 1) == event_id_for("a", "seizure", "p", 1)
    assert event_id_for("a", "seizure", "p", 1) != event_id_for("a", "seizure", "p", 2)
    first = [e.event_id for e in events_of("Shelling hit central Aleppo on Sunday.")]
    assert first == [e.event_id for e in events_of("Shelling hit central Aleppo on Sunday.")]


@pytest.mark.parametrize(
    ("text", "kind", "precision"),
    [
        ("30km south of Idlib", "offset", 2),
        ("the outskirts of Idlib", "outskirts", 2),
        ("the northern countryside of Idlib", "countryside", 2),
        ("central Idlib", "central", 1),
        ("across northern Idlib", "region", 3),
    ],
)
def test_relative_locations(text, kind, precision):
    start = text.index("Idlib")
    relation = relation_at(text, start, start + 5)
    assert (relation.kind, relation.geo_precision) == (kind, precision)
    assert relation.uncertainty_km > 0


def test_shift_moves_the_stated_distance():
    lat, lon = shift(35.93, 36.63, 180.0, 30.0)
    assert abs(distance_km(35.93, 36.63, lat, lon) - 30.0) < 0.1 and lat < 35.93


def test_strike_noun_without_context_is_an_airstrike_and_talks_venue_is_not_a_place():
    (event,) = events_of("Talks in Cairo on a truce stalled on Monday as Israeli strikes killed 20 people in Khan Younis.")
    assert (event.event_type, event.place_id, event.fatalities) == ("airstrike", "t:khanyounis", 20)
    assert event.actors == ("Israel Defense Forces",)


def test_strike_verb_is_not_an_event_without_context():
    assert events_of("Officials asked for permission to strike targets near Manbij.") == []


def test_clash_between_two_actors():
    (event,) = events_of("Clashes between the SDF and Turkish-backed rebels near Manbij killed 22 fighters.")
    assert event.actors == ("Syrian Democratic Forces", "Syrian National Army")
    assert event.geo_precision == 2 and event.fatalities == 22


def test_place_named_government_is_not_an_event_location():
    assert events_of("Rebels have gained ground since the fall of the Aleppo government.") == []


def test_fighting_as_the_backdrop_of_a_strike_does_not_take_its_casualties():
    text = ("Fighting broke out in Aleppo on Sunday, killing six fighters. Mortar fire also hit a district "
            "of Aleppo during the fighting, wounding two civilians.")
    found = {e.event_type: e for e in events_of(text)}
    assert (found["clash"].fatalities, found["clash"].injured) == (6, None)
    assert found["shelling"].injured == 2


def test_events_do_not_depend_on_resolving_every_mention():
    from geomap.events import extract_with_roles

    texts = ["Rebels seized Tel Rifaat, north of Aleppo, on Sunday. He called allies in Ankara and Damascus.",
             "Power was cut in Hama. Syrian jets struck Idlib city, killing four. Talks in Beirut went on."]
    for text in texts:
        article = Article("a1", text, published="2024-12-01")
        with_roles, _ = extract_with_roles(article, gazetteer=GAZ, explain=True)
        assert extract_events(article, gazetteer=GAZ, explain=True) == with_roles


def test_accelerated_patterns_find_what_the_plain_ones_find():
    """Trigger, clause-break, relation and date look-aheads (first characters) change no match."""
    import re
    from pathlib import Path

    from geomap.dates import _ANY_DATE
    from geomap.relative import _BEFORE, _ENDINGS, _LAST_WORDS, _last_word
    from geomap.rules import _combined, _rows, lower_pattern, lowered
    from geomap.segment import _CLAUSE_BREAK, split_sentences

    def plain(pattern):
        body = re.fullmatch(r"\(\?=\[[^\]]+\]\)\(\?:(.*)\)", pattern.pattern, re.S)
        assert body, pattern.pattern[:40]
        return re.compile(body.group(1), pattern.flags)

    triggers = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{lower_pattern(e)})" for _, (_, _, e) in _rows("triggers.tsv", 3))
                          + r")(?![\w-])")
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    texts.append("Kamikaze drones struck 30km south-west of the town; barrages of rockets hit the northern countryside "
                 "of Hama, near Idlib; the outskirts of Marib, across eastern Syria, central Aleppo; IEDs exploded.")
    pairs = [(_CLAUSE_BREAK, plain(_CLAUSE_BREAK)), (_ANY_DATE, plain(_ANY_DATE)), (_combined(), triggers)]
    for text in texts:
        low = lowered(text)
        for fast, slow in pairs:
            subject = text if fast is _CLAUSE_BREAK else low
            for s, e in split_sentences(text):
                for pos in range(s, e, 5):
                    a, b = fast.search(subject, pos, e), slow.search(subject, pos, e)
                    if fast is _combined():  # only where a trigger starts is used (then each rule is tried)
                        assert (a and a.start()) == (b and b.start())
                    else:
                        assert (a and a.span()) == (b and b.span())
        for end in range(0, len(text), 3):
            window = text[max(0, end - 90):end]
            for (kind, fast, needs), (_, slow) in zip(_BEFORE, [(k, plain(p)) for k, p, _ in _BEFORE]):
                a, b = fast.search(window), slow.search(window)
                assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))
                if a:  # the words a phrase needs are in every window it is found in, and so is its last word
                    assert all(any(word in window.casefold() for word in group) for group in needs)  # (when read)
                    assert _last_word(window) not in _ENDINGS or _last_word(window) in _LAST_WORDS[kind]


def test_bombardment_by_aircraft_is_one_airstrike_not_shelling_too():
    events = events_of("Fighter jets bombarded the outskirts of Idlib on Monday, killing three people.")
    assert [e.event_type for e in events] == ["airstrike"]


def test_bombardment_without_aircraft_stays_shelling():
    events = events_of("Army guns bombarded the outskirts of Idlib on Monday.")
    assert [e.event_type for e in events] == ["shelling"]


def test_capture_dated_last_month_name_long_ago_is_historical():
    events = events_of("Rebels pulled out of Manbij on Sunday, including the base they had captured last March, "
                       "and moved east.")
    kinds = {e.event_type: e for e in events}
    assert "withdrawal" in kinds and not kinds["withdrawal"].historical
    assert "seizure" not in kinds or kinds["seizure"].historical


def test_hearsay_of_explosions_and_demands_are_not_events():
    text = ("Shepherds in hills above Hama said they heard loud explosions after dark. "
            "Diplomats pressed the militia to withdraw from Manbij, and the envoy urged both sides to pull out of Idlib.")
    assert events_of(text) == []


def test_possessive_country_does_not_block_a_withdrawal_from_the_town():
    text = ("Rebels captured Hama on Thursday. A spokesman for Syria's defence ministry said army units "
            "had pulled back from the town on Friday to avoid encirclement.")
    events = events_of(text)
    withdrawal = [e for e in events if e.event_type == "withdrawal"]
    assert withdrawal and withdrawal[0].place == "Hama"


def test_fighting_on_another_day_is_not_absorbed_by_a_nearby_seizure():
    text = "Rebels captured Anadan on Tuesday after a long siege, and battled army units in Aleppo on Wednesday."
    kinds = sorted(e.event_type for e in events_of(text))
    assert kinds == ["clash", "seizure"]
    same_day = "Rebels captured Anadan on Tuesday after a long siege, and battled army units in Aleppo."
    assert sorted(e.event_type for e in events_of(same_day)) == ["seizure"]


def test_district_named_after_one_of_another_city_falls_to_the_city_named():
    events = events_of("A drone hit a bus in the Midan district of Aleppo on Saturday, wounding four people.")
    assert len(events) == 1 and events[0].place == "Aleppo"
    home = events_of("A drone hit a bus in the Midan district of Damascus on Saturday.")
    assert len(home) == 1 and home[0].place_id == "t:midan"


def test_actor_who_repulses_an_assault_comes_first():
    events = events_of("Syrian government forces repelled an attack by HTS fighters near Hama on Friday.")
    assert [e.event_type for e in events] == ["counterattack"]
    assert list(events[0].actors) == ["Syrian government forces", "Hayat Tahrir al-Sham"]


def test_actor_from_dotted_adjective_and_from_blame():
    us = events_of("U.S. warplanes struck a depot near Manbij on Monday.")
    assert us and us[0].actors[0] == "United States"
    text = ("A drone struck a checkpoint outside Idlib early on Friday. Nobody was hurt. "
            "Local officials blamed HTS.")
    blamed = events_of(text)
    assert blamed and list(blamed[0].actors) == ["Hayat Tahrir al-Sham"]
    russian = events_of("A Russian drone hit a car in Idlib on Friday.")
    assert russian and russian[0].actors[0] == "Russian forces"


def test_next_sentence_figures_go_to_the_event_placed_in_its_own_clause():
    text = ("Artillery shelled Idlib on Monday, killing two people. "
            "In Aleppo province, rebels fought army units in Manbij, adding that their fighters had targeted a truck. "
            "The army said one soldier was badly wounded in the fighting.")
    events = events_of(text)
    clash = [e for e in events if e.event_type == "clash"]
    assert clash and clash[0].place == "Manbij" and clash[0].injured == 1
    assert all(e.injured is None for e in events if e.event_type != "clash")


def test_an_event_a_statement_reports_is_an_event():
    # "in a statement" marks statements, but what the statement says happened is still news
    reported = events_of("The army said in a statement issued in Damascus that its troops had repelled an attack "
                         "on their positions in Anadan on Sunday.")
    assert [(e.event_type, e.place) for e in reported] == [("counterattack", "Anadan")]
    assert events_of("The army condemned in a statement the shelling of Anadan on Sunday.") == []


def test_where_the_strike_told_before_came_from_is_no_new_event_and_keeps_its_figures():
    text = ("Militias fired rockets at the Kuweires air base on Thursday. "
            "The rockets were launched from the fields near Manbij and caused no casualties.")
    events = events_of(text)
    assert [(e.event_type, e.place) for e in events] == [("shelling", "Kuweires Air Base")]
    assert events[0].fatalities == 0
    # without "the", rockets launched from Manbij are an event of their own sentence
    assert [e.place for e in events_of("Rockets were launched from the fields near Manbij on Thursday.")] == ["Manbij"]


def test_the_villages_of_a_list_are_the_villages_themselves():
    listed = events_of("Government troops withdrew on Tuesday from the villages of Anadan and Manbij.")
    assert [(e.event_type, e.place, e.geo_precision) for e in listed] == [
        ("withdrawal", "Anadan", 1), ("withdrawal", "Manbij", 1)]
    text = "Helicopters bombed the villages of Idlib on Monday."
    start = text.index("Idlib")
    assert relation_at(text, start, start + 5).kind == "countryside"  # one town: its countryside
    text = "Helicopters bombed the villages of Idlib and Hama provinces on Monday."
    assert relation_at(text, start, start + 5).kind == "countryside"  # provinces: their countryside


def test_a_day_between_control_and_of_is_still_a_seizure():
    (event,) = events_of("The army said on Wednesday its troops had taken control on Tuesday of Anadan.")
    assert (event.event_type, event.place, event.event_date) == ("seizure", "Anadan", "2024-11-26")


def test_the_date_of_a_relative_clause_is_that_clause_s_event():
    # "captured in November 2023" dates the rebels' capture, not the army's new gain
    events = events_of("The army said on Tuesday it had regained full control of Anadan, a town that rebel "
                       "forces captured in November 2023.", date="2025-08-14")
    gain = [e for e in events if e.event_type == "counterattack"]
    assert gain and gain[0].event_date == "2025-08-12" and not gain[0].historical


def test_the_weapon_a_strike_was_made_with_tells_its_type():
    (event,) = events_of("Rebels said they had struck the Kuweires air base with ATACMS missiles on Saturday.")
    assert (event.event_type, event.place) == ("shelling", "Kuweires Air Base")
    (drone,) = events_of("Rebels struck a checkpoint near Manbij with drones on Saturday.")
    assert (drone.event_type, drone.weapon) == ("airstrike", "drone")


def test_an_aircraft_that_was_hit_is_no_air_strike():
    events = events_of("Rebels shelled the Kuweires air base on Saturday, damaging a fighter jet parked there.")
    assert [e.event_type for e in events] == ["shelling"]
    assert [e.event_type for e in events_of("Fighter jets struck Manbij on Monday.")] == ["airstrike"]


def test_where_a_statement_was_broadcast_from_is_no_event_place():
    text = ("A drone hit the Kuweires air base on Sunday. A rebel spokesman said in a televised statement from "
            "Idlib that the group had targeted the base with several drones.")
    assert "Idlib" not in {e.place for e in events_of(text)}


def test_a_gunfight_during_an_arrest_raid_is_a_clash():
    (event,) = events_of("Troops raiding Anadan, a town north of Aleppo, traded fire with gunmen during an arrest "
                         "operation on Tuesday.")
    assert (event.event_type, event.place) == ("clash", "Anadan")  # the apposed town, not the anchor
    assert events_of("Police arrested three men in Anadan on Tuesday.") == []


def test_habitual_raids_since_a_war_began_are_background():
    assert events_of("Israeli forces have carried out near-daily raids in Manbij since the start of the war.") == []


def test_nearby_in_a_list_of_places_taken():
    events = events_of("Fighters captured the hilltop village of Anadan and nearby Manbij on Monday.")
    assert [(e.event_type, e.place) for e in events] == [("seizure", "Anadan"), ("seizure", "Manbij")]


def test_drones_launched_by_a_group_with_its_acronym_struck():
    (event,) = events_of("Drones launched by the Syrian Democratic Forces (SDF) struck a depot in Manbij on Sunday.")
    assert (event.event_type, event.weapon, event.place) == ("airstrike", "drone", "Manbij")


def test_a_denied_retreat_and_a_standing_control_are_no_events():
    assert events_of("Rebels denied on Monday that they had retreated from Manbij.") == []
    assert [e.event_type for e in events_of("Rebels said on Monday that they had retreated from Manbij.")] == [
        "withdrawal"]
    assert events_of("The rebels now control most of Aleppo's northern countryside.") == []


def test_a_town_named_after_a_seizure_told_over_an_area_is_its_place():
    text = ("Rebels overran a string of villages south of Aleppo on Wednesday. "
            "Fighters captured Anadan within hours, a monitor said.")
    events = [e for e in events_of(text) if e.event_type == "seizure"]
    assert [(e.place, e.geo_precision) for e in events] == [("Anadan", 1)]


def test_artillery_support_of_an_assault_is_no_shelling_of_its_own():
    events = events_of("Fighting raged around Anadan, where troops attacked rebel positions with artillery and drone "
                       "support on Monday.")
    assert [e.event_type for e in events] == ["clash"]


def test_a_headline_strike_told_again_in_the_body_is_one_event():
    text = ("Missile kills three in Manbij\n\n"
            "Early on Monday a ballistic missile struck close to the market in Manbij, killing three people.")
    assert [(e.event_type, e.place) for e in events_of(text)] == [("shelling", "Manbij")]


def test_what_a_sentence_tells_as_following_a_capture_or_an_event_is_background():
    assert events_of("Since capturing Manbij in May, the rebels have attacked army posts and shelled Anadan.") == []
    assert classify_sentence("Since capturing Manbij in May, the rebels have shelled towns held by the army.") == []
    assert events_of("The fighting comes days after a convoy left Manbij on Monday.") == []


def test_talks_at_a_place_make_it_a_seat_of_diplomacy():
    assert events_of("Clashes erupted on Monday as envoys met for talks at the Aleppo citadel.") == []


def test_ground_troops_attacking_positions_is_a_clash_and_the_fighting_it_sets_off_is_the_same_clash():
    (event,) = events_of("Rebel fighters attacked army positions on the outskirts of Anadan on Monday, setting off "
                         "hours of fighting.")
    assert (event.event_type, event.place) == ("clash", "Anadan")
    (attack,) = events_of("Rebel paratroopers attacked army positions near Anadan on Monday.")
    assert (attack.event_type, attack.place) == ("clash", "Anadan")


def test_figures_across_a_semicolon_belong_to_the_event_told_there():
    text = ("Air strike kills five in border town; rebel rockets hit Anadan\n\n"
            "Rebels fired a barrage of rockets at Anadan on Sunday, the group said.")
    rockets = [e for e in events_of(text) if e.place == "Anadan"]
    assert rockets and rockets[0].fatalities is None
    told = events_of("Rebels fired a salvo of rockets at Anadan on Sunday, the group said; the army said most "
                     "were intercepted and no one was hurt.")
    assert [(e.place, e.fatalities, e.injured) for e in told] == [("Anadan", 0, 0)]


def test_where_the_wounded_had_fled_from_does_not_take_their_toll_away():
    text = ("An air strike hit a house in Anadan late on Monday, killing seven people. Dozens more were wounded, "
            "many of them families who had fled Manbij in recent weeks.")
    (event,) = events_of(text)
    assert (event.place, event.fatalities, event.injured) == ("Anadan", 7, 12)


def test_a_toll_told_after_a_list_for_one_of_its_towns_is_that_towns():
    text = ("Warplanes struck Anadan and Manbij overnight, sending smoke over the area. "
            "Two people were killed in Manbij, the health ministry said.")
    tolls = {e.place: e.fatalities for e in events_of(text)}
    assert tolls == {"Anadan": None, "Manbij": 2}


def test_a_later_sentence_saying_whom_the_rockets_were_aimed_at_names_who_fired_them():
    text = ("On Monday, rockets fired from the south hit a building in Manbij, wounding two people. "
            "The SDF later said the rockets were aimed at a military plant near the town.")
    (event,) = events_of(text)
    assert event.actors[0] == "Syrian Democratic Forces" and event.claimed_by == "Syrian Democratic Forces"


def test_the_side_pressing_assaults_during_fighting_is_its_actor():
    (event,) = events_of("Fighting raged around Anadan on Sunday as Turkish-backed rebels pressed assaults from the south.")
    assert (event.event_type, event.actors[:1]) == ("clash", ("Syrian National Army",))


def test_fighting_said_to_continue_at_the_place_of_a_repelled_attack_is_that_event():
    text = ("Rebels repelled an army attempt to storm Anadan late on Friday. Residents said the night was loud. "
            "Officials said fighting for the town was continuing.")
    assert [e.event_type for e in events_of(text)] == ["counterattack"]


def test_the_fall_of_a_ruler_is_no_seizure():
    events = events_of("Warplanes struck the airport in Hama and the Kuweires air base in Aleppo province late on "
                       "Wednesday, in the heaviest raids since the fall of Bashar al-Assad in December.", date="2025-04-04")
    assert sorted((e.event_type, e.place) for e in events) == [("airstrike", "Hama"), ("airstrike", "Kuweires Air Base")]


def test_a_place_that_owns_an_agency_is_no_other_front():
    text = ("An air strike flattened a house in Anadan on Monday, killing nine people. "
            "Aleppo's civil defence agency later put the toll at 11 and said dozens were wounded.")
    (event,) = events_of(text)
    assert (event.fatalities, event.injured) == (9, 12)


def test_what_a_capital_called_an_attack_makes_it_no_event_place():
    text = "Warplanes struck militia positions in eastern Syria on Friday, the first wave of what Ankara called a response."
    assert "Ankara" not in [e.place for e in events_of(text)]


def test_a_site_also_hit_takes_the_type_of_the_articles_strikes():
    text = ("Warplanes struck militia positions in Manbij late on Friday. Six militiamen were killed there, a monitor "
            "said. Residents reported a fire near the market. A weapons depot at Anadan was also hit.")
    assert [(e.event_type, e.place) for e in events_of(text)] == [("airstrike", "Manbij"), ("airstrike", "Anadan")]


def test_there_is_the_place_the_sentence_before_was_about():
    text = ("Rebels press on near Manbij\n\n"
            "Anadan, the town that serves as the market for Manbij and a dozen villages, has borne the brunt of the "
            "retaliation. Artillery shells slammed into a street there on Monday, killing a man and wounding his wife.")
    shelling = [e for e in events_of(text) if e.event_type == "shelling"]
    assert [(e.place, e.fatalities, e.injured) for e in shelling] == [("Anadan", 1, 1)]


def test_bombs_dropped_and_a_barrage_fired_from_afar_are_strikes():
    assert [(e.event_type, e.place) for e in events_of("A paraglider dropped bombs on a monastery in Anadan on Sunday.")] == [
        ("airstrike", "Anadan")]
    assert [(e.event_type, e.place) for e in events_of("A barrage fired from Aleppo on Wednesday hit an orchard at Manbij.")] == [
        ("shelling", "Manbij")]


def test_the_heaviest_fighting_that_describes_a_repelled_attack_is_that_attack():
    text = ("Government forces beat back a rebel attempt to storm their positions at Anadan on Thursday night, "
            "in some of the heaviest fighting around Manbij in months.")
    assert [e.event_type for e in events_of(text)] == ["counterattack"]


def test_a_country_named_as_where_is_not_who_and_a_later_claim_names_who():
    text = ("In northern Israel, a barrage fired from the north on Wednesday hit an orchard at Manbij, killing two "
            "farm workers. Hezbollah said it had fired at a gathering of troops in the area.")
    (event,) = events_of(text)
    assert event.actors[:1] == ("Hezbollah",) and event.claimed_by == "Hezbollah"

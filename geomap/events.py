"""Article -> [Event]: typed, located, dated military events with actors and casualties.

For every trigger (``rules/triggers.tsv``) that is a fact, not a plan, a protest, a
statement or background, the event's place is taken from the trigger's own clause
(else its sentence, never a capital or a country from there), shifted when the text
says "30km south of", "the outskirts of" or "the northern countryside of".  Events
at a whole country are not emitted; events older than 60 days are kept with
``historical: true``.  Repeated reports of one event in an article are merged.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from geomap.actors import ActorDictionary, load_actors
from geomap.attribution import (NON_ACTORS, SAME_KIND_KINDS, add_opponents, loser_withdraws, name_culprit,
                                same_kind_actors)
from geomap.casualties import extract_casualties
from geomap.drafts import (CONTROL_KINDS, DEFINITE_BEFORE, GROUND_KINDS, REMOTE_KINDS, Draft, absorb_clashes,
                           absorb_recaptures, inside, merge_drafts)
from geomap.dates import DateRef, anaphoric_day, elapsed_before, event_date, shifted
from geomap.geodesy import distance_km
from geomap.relative import apposition_target, relation_at, shift
from geomap.resolve import anchor_kind, is_admin, is_country, resolve_mentions, suppressed
from geomap.rules import TriggerMatch, acled_types, find_triggers, grouped_pattern, load_cues, lowered
from geomap.segment import split_clauses, split_sentences
from geomap.toponyms import PlaceLookup, find_mentions, per_candidate_tuple
from geomap.types import Article, Event, MentionRole, Place, Resolution, fast_constructor

_SOURCE_AFTER = re.compile(r"\s*,?\s*(?:also\s+)?(?:said|says|claimed|claims|announced|reported|reports|stated|confirmed|told)\b", re.I)
_SOURCE_BEFORE = re.compile(r"(?:according to|said by|claimed by|reported by)\s+(?:the\s+)?$", re.I)
_COREF = re.compile(r"\b(?:the same (?:group|forces|fighters|faction|militia)|the (?:group|faction|militia))\b", re.I)
_ASSAULT_BY = re.compile(r"\b(?:assault|attack|advance|offensive|push|raid|incursion|attempt)s?\s+by\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_TO_RECEIVER = re.compile(r"^(?:fell|fallen|falls|hand)|\bto$", re.I)  # seizure triggers that name the taker after "to"
_TO_BEFORE = re.compile(r"\bto\s+(?:the\s+)?(?:[\w'’-]+\s+)?$", re.I)
_BY = re.compile(r"\bby\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_TARGET_BEFORE = re.compile(r"\b(?:against|from|oust|ousted|expel|expelled|drive out|drove out|targeting|targeted|on|at|with)\s+(?:the\s+)?(?:\w+\s+){0,2}$", re.I)
_ADJECTIVES = re.compile(r"((?:[A-Z][\w.-]+)(?:(?:,\s*|\s+and\s+)[A-Z][\w.-]+)*)\s+(?:(?:\w+-)?(?:led|backed)\s+)?$")
_NONSPACE = re.compile(r"\S+")
# a war's running toll, not an event's: "killed since the war began", "in the war so far"
_CUMULATIVE = re.compile(r"\bsince (?:the (?:war|conflict|start|beginning|outbreak)|(?:early |late |mid-)?(?:january|february|march|"
                         r"april|may|june|july|august|september|october|november|december) \d{4}|\d{4})\b|\bso far\b|"
                         r"\b(?:in|during|of) the (?:war|conflict)\b", re.I)
_CAPTURED_PEOPLE = re.compile(r" (?!by |from )(?:[\w-]+ ){0,2}(?:soldiers?|fighters?|troops|pilots?|militants?|officers?|servicemen|"
                              r"prisoners?|men)\b")  # (lower-cased text)
# the start of a clause that tells another event, whose date is its own: "..., after it took Gezira state
# late last year", "Kawlin, a town that resistance forces captured in November 2023"
_LATER_CLAUSE = re.compile(r",\s+(?:after|before|since|when|while)\s+(?:it|they|he|she|the|its|their)\s"
                           r"|\s(?:that|which)\s+(?!(?:was|were|is|are|has|have|had)\b)(?:[\w'’-]+\s+){1,3}?(?:had\s+)?"
                           r"(?:captured|seized|took|overran|retook|lost|held|shelled|bombed|attacked|stormed|entered)\b")
# the weapon a strike was made with, after its verb ("struck Belbek airfield with ATACMS missiles"): (kind, weapon)
_WEAPON_KINDS = {"atacms": ("shelling", None), "himars": ("shelling", None), "iskander": ("shelling", None),
                 "rocket": ("shelling", None), "artillery": ("shelling", None), "shell": ("shelling", None),
                 "mortar": ("shelling", None), "storm shadow": ("airstrike", "missile"), "scalp": ("airstrike", "missile"),
                 "kinzhal": ("airstrike", "missile"), "cruise missile": ("airstrike", "missile"),
                 "missile": ("airstrike", "missile"), "drone": ("airstrike", "drone"), "bomb": ("airstrike", "aircraft")}
_WEAPON_AFTER = re.compile(r"\bwith\s+(?:[\w'’.-]+\s+){0,3}?(?P<w>atacms|himars|iskanders?|storm shadows?|scalp|kinzhals?"
                           r"|cruise missiles?|missiles?|rockets?|artillery|shells|mortars?|drones?|bombs?)\b")  # (lower-cased)
# an aircraft named as what was hit ("damaging a Russian fighter jet"), before a bare aircraft noun (lower-cased)
_AIRCRAFT_HIT_BEFORE = re.compile(r"\b(?:damag|destroy|hit|struck|shot down|shoot down|shooting down|downed|downing"
                                  r"|intercept)\w*\s+(?:(?:a|an|one|two|three|four|several|\d+|the|its|their)\s+)?"
                                  r"(?:[\w-]+\s+){0,2}$")
_FIRE_EXCHANGE = re.compile(r"(?:exchange[sd]? of fire|exchanged fire|traded (?:gun)?fire|gun ?battles?|gunfights?|firefights?)")
_BARE_AIRCRAFT = re.compile(r"(?:fighter )?jets?|war ?planes?|bombers?|(?:helicopter )?gunships?")  # (no verb)
_DAY_INSIDE = re.compile(r" (?:on|last|overnight|yesterday)\b")  # a day told inside a trigger ("control on Tuesday of")
_HARM_WORD = re.compile(r"kill|dead|wound|injur|died|casualt")  # (lower-cased)
_UNIT_BEFORE = re.compile(r"\b(?:units?|brigades?|battalions?|regiments?|divisions?|troops|forces|soldiers|fighters|men)\s+$")
_SINCE_OPENER = re.compile(r"since (?:capturing|seizing|taking|retaking|overrunning|the (?:capture|fall|seizure|recapture"
                           r"|start|beginning|outbreak) of)\b")  # a sentence telling what has happened since (lower-cased)
_THERE = re.compile(r"\bthere\b(?!\s+(?:was|were|is|are|has|have|had)\b)")  # the place the last sentence told
_ALSO_BEFORE = re.compile(r"\b(?:also|too)\s+(?:been\s+)?$")  # (lower-cased)
_RULER_AFTER = re.compile(r"\s+(?:(?:the\s+)?(?:former\s+|ousted\s+|deposed\s+)?(?:regime|government|president|dictator|junta|ruler)"
                          r"|(?:(?:president|bashar|hafez)\s+)?(?:al-)?assad|saddam|gaddafi|qaddafi)\b")  # (lower-cased)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|into|across|inside|throughout)\s+(?:(?:northern|southern|eastern|western|central"
                              r"|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?$", re.I)
_PRESSING_AFTER = re.compile(r"\s+(?:(?:had|have|has)\s+)?(?:pressed|pushed|launched|mounted|stepped up|attacked|assaulted"
                             r"|advanced|stormed|tried to (?:advance|storm|break))\b")
_OWNER_AFTER = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,2}(?:agency|ministry|service|authorities|officials|office|department"
                          r"|hospital|governor|police)\b")
_FLED_BEFORE = re.compile(r"\b(?:fled|fleeing|displaced from|escaped from|evacuated from)\s+(?:from\s+)?(?:the\s+)?$")
_SUPPORT_AFTER = re.compile(r"(?:\s+and\s+[\w-]+)?\s+(?:support|cover|backing)\b")  # (lower-cased text)
_EQUIPMENT_AFTER = re.compile(r"\s+(?:pieces|guns|systems|ammunition|stocks|supplies|deliveries)\b")
_PEOPLE_BEFORE = re.compile(r"\b(?:soldiers?|fighters?|troops|servicemen|prisoners|civilians|people|men|women|pilots?|hostages"
                            r"|those|crew|crewmen|sailors|marines)\s+(?:who (?:were|had been)\s+)?$")  # (lower-cased)
_PARTICIPLE_AFTER = re.compile(r"\s+(?:during|in|at|near|by|after|while|when|on|last|earlier|years?|months?|since)\b")
_BLAST_WORDS = re.compile(r"explod|detonat|went off|blew up|blast|kill|wound|injur|died|dead|maim|hurt")  # (lower-cased)
_HEARD_AFTER = re.compile(r" (?:could be |could |were |was )?(?:heard|reported)\b")  # (lower-cased text)
# where a statement's reported content begins ("... in a statement that", "... in a statement:")
_REPORTED_CONTENT = re.compile(r"\bthat\b|:")
# "In Khartoum, three children were killed when ...", "In the state capital Sittwe, shells struck ..."
_SETTING_OPENER = re.compile(r"(?:In|Inside|Near|Outside)\s+(?:the\s+(?:[\w-]+\s+)?(?:capital|city|port city|town),?\s+"
                             r"(?:of\s+)?)?")
_SENT_FROM_BEFORE = re.compile(r"\b(?:sent|brought|dispatched|deployed|redeployed|moved|rushed)\s+(?:in\s+)?from\s+(?:the\s+)?$")
_ORIGIN_BEFORE = re.compile(r"\b(?:(?:fired|launched|flown|sent)\s+(?:from|out of)\s+(?:[\w'’-]+\s+){0,3}|from\s+(?:positions|"
                            r"launch sites?|launchers|bases?|areas?)\s+(?:near|in|around|outside|inside)\s+(?:the\s+)?)$")
_REPORTED = re.compile(r"\b(?:said|says|told|announced|claimed|reported|stated|added)\b")  # "In Kyiv, officials said"
_DEFINITE_MODIFIED = re.compile(r"\b(?:the|that|this)\s+[a-z-]+\s+$")  # "the airport raid": one told before
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?$", re.I)
_WEAPON_ADJECTIVE = re.compile(r"\b((?:[A-Z][a-z]+(?:,\s*|\s+and\s+))*[A-Z][a-z]+)\s+(?:[\w-]+\s+){0,2}?"
                               r"(?:bombs?|missiles?|drones?|rockets?|shells?|artillery|mortars?|warplanes?|jets?|aircraft|helicopters?)\b")
_ANAPHORA = re.compile(r"\bthe (?:attack|attacks|strike|strikes|raid|raids|assault|blast|explosion|bombardment|shelling|bombing)\b", re.I)
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|one|another|[A-Z][a-z]+i|[A-Z][a-z]+an|[A-Z][a-z]+ese|[A-Z][a-z]+ish)\s+(?:\w+\s+)?$")
_BETWEEN = re.compile(r"\bbetween\b", re.I)
_STRIKE_NOUN = re.compile(r"strikes?|raids?", re.I)
_PART_OF_PREVIOUS = re.compile(r"\b(?:the|that) (?:city|town|village|camp)['’]s\s+(?:\w+\s+)?$", re.I)
# "retook", "retaken", "retakes", "recaptured", "recaptures", "regained", "regains", "recovered", "restored control",
# "pushed back", "repelled", "repulsed" (lowered text; the word boundary before is checked by _succeeded)
_SUCCESS = re.compile(r"(?:re(?:t(?:ook|ak(?:en|es))|captur(?:ed|es)|gain(?:ed|s)|covered|stored control|pelled|pulsed)"
                      r"|pushed back)\b")
_WEAPON_WORDS = (("drone", "drone"), ("helicopter", "helicopter"), ("missile", "missile"), ("warplane", "aircraft"),
                 ("jet", "aircraft"))


_LOOKUPS: dict[int, PlaceLookup] = {}
_DEFAULT_GAZETTEER: list[Any] = []


def default_gazetteer() -> Any:
    """Open (once per process) the bundled gazetteer."""
    if not _DEFAULT_GAZETTEER:
        from geomap.gazetteer import Gazetteer

        _DEFAULT_GAZETTEER.append(Gazetteer.open())
    return _DEFAULT_GAZETTEER[0]


def place_lookup(gazetteer: Any) -> PlaceLookup:
    """Return the cached :class:`PlaceLookup` of a gazetteer (one per gazetteer object)."""
    key = id(gazetteer)
    lookup = _LOOKUPS.get(key)
    if lookup is None or lookup.gazetteer is not gazetteer:
        lookup = _LOOKUPS[key] = PlaceLookup(gazetteer)
    return lookup


def extract_events(article: Article, *, gazetteer: Any = None, explain: bool = False,
                   actors: ActorDictionary | None = None) -> list[Event]:
    """Return the military events an article reports (see the module docstring)."""
    events, _ = _extract(article, gazetteer=gazetteer, explain=explain, actors=actors, all_roles=False)
    return events


def extract_with_roles(article: Article, *, gazetteer: Any = None, explain: bool = False,
                       actors: ActorDictionary | None = None) -> tuple[list[Event], list[Resolution]]:
    """Like :func:`extract_events`, also returning the mentions with their final roles."""
    return _extract(article, gazetteer=gazetteer, explain=explain, actors=actors, all_roles=True)


def _extract(article: Article, *, gazetteer: Any, explain: bool, actors: ActorDictionary | None,
             all_roles: bool) -> tuple[list[Event], list[Resolution]]:
    """Events of one article; with ``all_roles`` every mention is resolved, else only those
    in sentences with a trigger (the others serve as context only: same events either way)."""
    text = article.text
    actors = actors or load_actors()
    lookup = place_lookup(gazetteer if gazetteer is not None else default_gazetteer())
    sentences = split_sentences(text)
    mentions = find_mentions(article, lookup)
    all_triggers = find_triggers(text)
    trigger_starts = [t.start for t in all_triggers]
    sentence_triggers: list[list[TriggerMatch]] = []
    for s, e in sentences:
        lo, hi = bisect_right(trigger_starts, s - 1), bisect_right(trigger_starts, e - 1)
        sentence_triggers.append([t for t in all_triggers[lo:hi] if t.end <= e] if lo < hi else [])
    starts = [m.start for m in mentions]
    needed: list[int] | None = None
    if not all_roles:  # only mentions a trigger's sentence can use need a final choice
        needed = [i for (s, e), ts in zip(sentences, sentence_triggers) if ts
                  for i in range(bisect_right(starts, s - 1), bisect_right(starts, e))]
        for si, ts in enumerate(sentence_triggers):  # "... in the town of Diban. A gun battle followed": that town
            if si and ts and (any(t.kind == "clash" and _ENSUED.match(text, t.end) for t in ts)
                              or (text.find("there", ts[0].end, sentences[si][1]) >= 0
                                  and _THERE.search(text, ts[0].end, sentences[si][1]))):  # ("... a street there")
                s, e = sentences[si - 1]
                needed.extend(range(bisect_right(starts, s - 1), bisect_right(starts, e)))
    resolutions = resolve_mentions(article, mentions, lookup, sentences, needed)
    eligible = [_eligible(r) for r in resolutions]  # (adding an "anchor" rule changes none of them)
    doc_cc_memo: list[str | None] = []

    def doc_cc() -> str | None:
        """The article's main country (needs every mention resolved: computed on demand)."""
        if not doc_cc_memo:
            full = resolutions if needed is None else resolve_mentions(article, mentions, lookup, sentences)
            doc_cc_memo.append(_document_country(full))
        return doc_cc_memo[0]

    cues = load_cues()
    low_text = lowered(text)
    drafts: list[Draft] = []
    recent_remote: list[tuple[int, str, str | None]] = []  # (sentence index, kind, weapon)
    previous_actor: str | None = None
    # strikes reported in a country but at no place ("warplanes bombed northern Syria"): (sentence index,
    # kind, country code, actors), whose actors may name the side of the article's other strikes
    unplaced: list[tuple[int, str, str, list[str]]] = []
    roles: dict[int, str] = {}
    date_cache: dict = {}
    actor_cache: dict = {}
    casualty_cache: dict = {}

    def find_actors(cc: str | None, start: int, end: int) -> list:
        return _actors_in(text, actors, cc, start, end, actor_cache)

    for si, (s_start, s_end) in enumerate(sentences):
        triggers = sentence_triggers[si]
        if not triggers:
            continue
        sentence = (s_start, s_end)
        clauses = split_clauses(text, s_start, s_end)
        live = []  # (trigger, its clause) of the triggers that are military events
        for trig in triggers:
            clause = sentence
            for c in clauses:
                if c[0] <= trig.start < c[1]:
                    clause = c
                    break
            if not _rejected(text, trig, clause, cues):
                live.append((trig, clause))
        kinds = {t.kind for t, _ in live}
        typed_remote = not kinds.isdisjoint(REMOTE_KINDS)
        strike_words = "airstrike" in kinds or "shelling" in kinds or "remote" in kinds
        accepted = []
        for trig, clause in live:
            rules = [f"trigger:{trig.kind}:{trig.text}"]
            kind, weapon = trig.kind, trig.weapon
            if kind == "remote":
                if typed_remote and any(t.kind in REMOTE_KINDS and clause[0] <= t.start < clause[1] for t, _ in live):
                    continue  # "warplanes struck": the typed word tells the event ("one got through and struck X": not)
                armed = _WEAPON_AFTER.search(low_text, trig.end, clause[1]) if low_text.find(
                    "with ", trig.end, clause[1]) >= 0 else None
                if armed is not None:  # "struck Belbek airfield with ATACMS missiles": the weapon named tells the type
                    word = armed.group("w")
                    context = [(si, *(_WEAPON_KINDS.get(word) or _WEAPON_KINDS[word[:-1]]))]
                    rules.append(f"type-from-weapon:{word}")
                else:
                    context = [k for k in recent_remote if si - k[0] <= 2]
                    if not context and recent_remote and _ALSO_BEFORE.search(low_text, max(s_start, trig.start - 14), trig.start):
                        context = recent_remote[-1:]  # "A weapons depot at Ayyash was also hit": the article's strikes
                if not context and _STRIKE_NOUN.fullmatch(trig.text) and (
                        trig.text.lower().endswith("s") or _DETERMINER_BEFORE.search(text, max(s_start, trig.start - 25), trig.start)):
                    context = [(si, "airstrike", None)]  # "Israeli strikes killed ...": air strikes by default
                    rules.append("strike-noun-default")
                if not context:
                    continue
                if _ANAPHORA.search(text, s_start, trig.start) or _told_before(text, s_start, trig.start) \
                        or _DEFINITE_MODIFIED.search(text, max(s_start, trig.start - 25), trig.start):
                    continue  # "the attack, which hit ...": the event already reported
                kind, weapon = context[-1][1], context[-1][2]
                rules.append(f"type-from-context:{kind}")
            elif kind == "explosion" and weapon is None and strike_words:
                continue  # "explosions" heard after a strike are that strike
            elif kind == "shelling" and trig.text.lower().startswith("bombard") and _AIRCRAFT.search(
                    text, clause[0], clause[1]):
                kind, weapon = "airstrike", None  # "warplanes bombarded ...": one air strike, not shelling too
                rules.append("bombardment-by-aircraft")
                recent_remote.append((si, kind, weapon))
            elif kind in REMOTE_KINDS:
                recent_remote.append((si, kind, weapon))
            dref = event_date(text, [clause, sentence], article.published, date_cache)
            if dref.start > trig.end and (cut := _LATER_CLAUSE.search(text, trig.end, dref.start)) is not None:
                # "the fall of Singa ..., after it took Gezira state late last year": that date is the other event's
                dref = event_date(text, [(clause[0], cut.start())], article.published, date_cache)
            if not dref.historical and dref.start < trig.start:
                dref = _own_past_date(text, trig, clause, article.published, date_cache) or dref
            if trig.kind in CONTROL_KINDS and _DAY_INSIDE.search(trig.text):  # "had taken control on Tuesday of"
                inside = event_date(text, [(trig.start, trig.end)], article.published, date_cache)
                dref = dref if inside.rule == "article-date" else inside
            if text.find("after", max(s_start, trig.start - 60), trig.start) >= 0:
                # "the hospital reopened on Wednesday, five months after the army retook the city"
                dref = elapsed_before(text, max(s_start, trig.start - 60), trig.start, article.published) or dref
            dref = _anaphoric_date(text, clause, sentence, trig, dref, drafts) or dref  # "hours later"
            if not dref.historical and _told_as_background(text, trig, clause, s_start, cues):
                continue
            if (kind == "clash" and dref.rule == "article-date" and low_text.startswith("the fighting", trig.start - 4)
                    and _HARM_WORD.search(low_text, s_start, s_end) is None):
                continue  # "aid agencies say the fighting around El Obeid threatens ...": the fighting told before
            accepted.append((trig, clause, kind, weapon, rules, dref))
        if len(accepted) > 1 and any(item[2] in REMOTE_KINDS for item in accepted):
            # "mortar fire hit the district during the fighting": the fighting is the setting of the
            # strike reported before it in the clause, not an event of its own with its casualties
            accepted = [item for item in accepted if not _setting(text, item, accepted, s_start)]
        if len(accepted) > 1 and any(item[2] in CONTROL_KINDS for item in accepted):
            # "the RSF captured Bara after heavy fighting with the army": the fighting is how it was taken
            accepted = [item for item in accepted if not _prelude(text, item, s_start)]
        if len(accepted) > 1:  # "fighters attacked army positions ..., setting off hours of fighting": one clash
            accepted = [item for n, item in enumerate(accepted) if not (
                n and item[2] == "clash" and any(o[2] in GROUND_KINDS for o in accepted[:n])
                and (_SET_OFF_BEFORE.search(text, max(s_start, item[0].start - 30), item[0].start)
                     or _SUPERLATIVE_BEFORE.search(text, max(s_start, item[0].start - 40), item[0].start)))]
            # ("beat back an attempt to storm their positions ..., in some of the heaviest fighting in months")
        if len(accepted) > 1:  # "an explosive device detonated", "warplanes bombed": one event, two trigger words
            accepted = [item for n, item in enumerate(accepted) if not n or not _same_report(text, accepted[n - 1], item)]
        if len(accepted) > 1:  # "tanks rolled into the crossing and took control of its Palestinian side"
            accepted = [item for n, item in enumerate(accepted)
                        if not (item[2] in CONTROL_KINDS and _OWN_PART_AFTER.match(text, item[0].end)
                                and any(o[2] == item[2] for o in accepted[:n]))]
        sentence_drafts: list[Draft] = []
        used: set[int] = set()
        in_sentence = _in_sentence(sentence, resolutions, starts) if accepted else []
        pending = []
        for item in accepted:
            trig, clause, kind, weapon, rules, dref = item
            touched: list[int] = []
            located = _locate(text, trig, clause, sentence, resolutions, starts, rules, lookup,
                              allow_sentence=False, touched=touched, eligible=eligible, in_sentence=in_sentence)
            if located is None:
                pending.append(item)
                continue
            m = resolutions[located[0]].mention
            before = text[max(s_start, m.start - 40):m.start] if drafts else ""
            if ("'" in before or "’" in before) and _PART_OF_PREVIOUS.search(before):  # (…the town's …)
                last = drafts[-1]
                rules.append("place:coreference:part-of-previous")
                located = (last.mention_index, last.place, last.lat, last.lon, last.geo_precision,
                           last.uncertainty_km, True)
            elif located[4] == 3 and not dref.historical and _TOWN_OBJECT.match(text, trig.end, clause[1]):
                # "said it had captured the town in western Rakhine state": the town told before, not the state
                referent = _referent(text, trig, clause, sentence_drafts, drafts)
                if referent is not None and not is_admin(referent[0].place):
                    last = referent[0]
                    rules[:] = [r for r in rules if not r.startswith(("place:", "relative:", "town-in-region:"))]
                    rules.append(f"place:coreference:{referent[1]}")
                    located = (last.mention_index, last.place, last.lat, last.lon, last.geo_precision,
                               last.uncertainty_km, True)
            used.update(touched)
            _add_draft(sentence_drafts, text, si, sentence, item, located)
        for item in pending:
            trig, clause, kind, weapon, rules, dref = item
            if "place:clause:country-only" in rules:
                if kind in SAME_KIND_KINDS:
                    country = next((resolutions[i].place.country_code for i in in_sentence
                                    if clause[0] <= resolutions[i].mention.start < clause[1]
                                    and is_country(resolutions[i].place)), None)
                    unplaced.append((si, kind, country, _adjective_actors(text, trig, s_start, clause[0], actors,
                                                                          country)))
                continue
            touched = []
            # "troops withdrew from the city": the city just named, before a place elsewhere in the sentence
            object_first = not dref.historical and _DEFINITE_OBJECT.match(text, trig.end, clause[1]) is not None
            referent = _referent(text, trig, clause, sentence_drafts, drafts) if object_first else None
            located = None if referent is not None else _locate(
                text, trig, clause, sentence, resolutions, starts, rules, lookup, exclude=used, touched=touched,
                eligible=eligible, in_sentence=in_sentence)
            if located is None and not object_first:  # (asked once: the same answer)
                referent = _referent(text, trig, clause, sentence_drafts, drafts)
            if located is None and referent is None and si:
                if kind == "clash" and _ENSUED.match(text, trig.end):
                    # "SDF units raided a house in the town of Diban. A gun battle followed ...": the place just told
                    located = _last_place(sentences[si - 1], resolutions, starts, eligible, rules)
                elif text.find("there", trig.end, clause[1]) >= 0 and _THERE.search(text, trig.end, clause[1]):
                    # "Khotin ... has borne the brunt. Shells slammed into a street there": the place told before
                    located = _last_place(sentences[si - 1], resolutions, starts, eligible, rules, first=True)
            if referent is not None:
                last, phrase = referent
                rules.append(f"place:coreference:{phrase}")
                located = (last.mention_index, last.place, last.lat, last.lon, last.geo_precision,
                           last.uncertainty_km, False)
                if dref.rule == "article-date":  # same place, same story: the referenced event's date
                    item = (trig, clause, kind, weapon, rules,
                            _DateCopy(last.event_date, last.time_precision, last.historical, "coreference"))
            if located is None:
                continue
            used.update(touched)
            _add_draft(sentence_drafts, text, si, sentence, item, located)
        if sentence_drafts and len(clauses) > 1:  # (a coordinated clause follows a clause with an event)
            sentence_drafts.extend(_coordinated(text, clauses, sentence, si, sentence_drafts, resolutions, starts,
                                                lookup, used, eligible=eligible, in_sentence=in_sentence))
        following = list(sentences[si + 1:si + 3]) if sentence_drafts else []
        tolls = len(following)  # how many of them may lend figures (not a report from another front)
        if following:
            ours: set[str] | None = None  # (built only when a sentence needs the _elsewhere check)
            for n, sp in enumerate(following):
                if _new_report(text, sentence_triggers[si + 1 + n], sp, resolutions, starts, eligible):
                    following = following[:n]
                    break
                if tolls > n and _other_front(sentence_triggers[si + 1 + n], sentence_drafts):
                    tolls = n
                if ours is None:
                    lo, hi = bisect_right(starts, s_start - 1), bisect_right(starts, s_end)
                    ours = {d.place.name.casefold() for d in sentence_drafts}
                    ours.update(resolutions[i].mention.surface.casefold() for i in range(lo, hi))
                if _elsewhere(text, sp, resolutions, starts, ours, lookup):
                    following = following[:n]
                    break
        if not sentence_drafts:
            continue
        _casualties(text, sentence_drafts, following[:tolls], casualty_cache, triggers)
        for draft in sentence_drafts:
            cc = draft.place.country_code or doc_cc()
            _actors(text, draft, actors, cc, previous_actor, actor_cache)
            if not draft.actors:
                name_culprit(text, draft, find_actors, cc, [sentence, *following])
            if draft.actors:
                previous_actor = draft.actors[0]
        if len(sentence_drafts) > 1:
            sentence_drafts = _retold(sentence_drafts)
        sentence_drafts.extend(_listed_places(text, sentence_drafts, resolutions, eligible, used))
        drafts.extend(sentence_drafts)
    drafts = absorb_clashes(drafts)
    drafts = absorb_recaptures(drafts)
    headline = bool(sentences) and _is_headline(text, sentences[0])
    if headline:  # the body's reports lead; the headline's join them
        drafts = [d for d in drafts if d.sentence_index] + [d for d in drafts if not d.sentence_index]
    drafts = merge_drafts(text, drafts)
    if headline:  # a headline event the body tells otherwise ("nine killed in Daraa clash" for a clash near Nawa)
        body_kinds = {d.kind for d in drafts if d.sentence_index}
        # ("missile kills three in Lozova" over "a ballistic missile struck Lozova": one strike, typed by the body)
        body_strikes = {d.place.place_id for d in drafts if d.sentence_index and d.kind in REMOTE_KINDS}
        drafts = [d for d in drafts if d.sentence_index or not (
            d.kind in body_kinds or (d.kind in REMOTE_KINDS and d.place.place_id in body_strikes))]
    same_kind_actors(drafts, unplaced)
    add_opponents(text, drafts, find_actors, actors, sentences)
    loser_withdraws(drafts)
    events = []
    for d in drafts:
        roles[d.mention_index] = MentionRole.EVENT_LOCATION.value
        events.append(_to_event(article, d, actors, resolutions, explain, lookup.gazetteer))
    final = [_with_role(r, roles, i) for i, r in enumerate(resolutions)] if all_roles else []
    return events, final


_SETTING_BEFORE = re.compile(r"\b(?:during|amid|amidst|despite|in|throughout) the (?:\w+ )?$", re.I)
_DEFINITE = re.compile(r"\b(?:the|its|this|that) (?:town|city|village|base|area|camp|district|airport|airbase|position|neighbourhood|neighborhood|dam|bridge|port|harbour|crossing|market|front ?line|outpost|garrison|hilltop|settlement|refugee camp)\b", re.I)
_SAID_BEFORE_DATE = re.compile(r"\b(?:said|says|announced|reported|claimed|confirmed|stated|told \w+)\s+(?:late\s+|early\s+)?(?:on\s+)?$", re.I)
_DESTINATION_BEFORE = re.compile(r"\b(?:to|towards?|into)\s+(?:the\s+)?(?:(?:city|town|village|capital)\s+of\s+)?$", re.I)
_DESCRIPTOR_AFTER = re.compile(r"\s+(?:port|city|town|village|resort|harbou?r)\s+of\s+(?:the\s+)?[A-Z]")
_OF_NAME_AFTER = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
_WHERE = re.compile(r"(?:where|in which|at which)\s", re.I)
_STRUCK_IT = re.compile(r"\b(?:shelled|struck|hit|bombed|pounded|targeted|attacked|shelling|striking|hitting)\s+it\b(?!['’]s)",
                        re.I)
_PRONOUN_AFTER = re.compile(r"\s*(?:from |of |over |into |to )?it\b(?!['’]s)", re.I)  # a place; "them" is mostly people
_DEFINITE_OBJECT = re.compile(r"\s+(?:from|of|into|in|on|at|over|near|around|outside)?\s*(?:the|its|this|that)\s+"
                              r"(?:town|city|village|base|camp|district|airport|airbase|neighbourhood|neighborhood"
                              r"|settlement)\b", re.I)
_TOWN_OBJECT = re.compile(r"\s+(?:of\s+|into\s+|in\s+)?the\s+(?:town|city|village)\b(?!\s+of\b)", re.I)
_SETTLEMENT_NOUNS = frozenset({"town", "city", "village", "settlement", "neighbourhood", "neighborhood"})
_FEATURE_OF_NOUN = {"dam": ("DAM",), "airport": ("AIRP", "AIRB", "AIRF"), "airbase": ("AIRB", "AIRF", "AIRP"),
                    "base": ("AIRB", "MILB", "INSM"), "camp": ("CMP", "CMPRF"), "refugee camp": ("CMP", "CMPRF"),
                    "port": ("PRT", "HBR"), "harbour": ("PRT", "HBR"), "bridge": ("BDG",), "crossing": ("PSTB", "BDG")}
_AIRCRAFT = re.compile(r"\b(?:war ?planes?|(?:fighter )?jets?|aircraft|air force|bombers?|drones?|helicopters?|gunships?)\b", re.I)
_BLAME_BEFORE = re.compile(r"\b(?:blam(?:ed|es|ing)(?: on)?|accus(?:ed|es|ing)|held)\s+(?:the\s+)?$", re.I)  # a culprit, not a place
_POSSESSIVE = re.compile(r"['’]s\b")  # "Ukraine's army said": an owner, not a place
_AND_CLAUSE = re.compile(r"(?:and|as well as|plus)\s", re.I)  # .match at a clause's start


def _referent(text: str, trig: TriggerMatch, clause: tuple[int, int], sentence_drafts: list[Draft],
              drafts: list[Draft]) -> tuple[Draft, str] | None:
    """The earlier event whose place an event without a place of its own refers back to, and the words
    that say so: "the town" / "the dam" anywhere in its clause (the latest event at a place of that kind
    first), or "it" right after a ground trigger ("took control of it hours later").  Past events
    ("since the fall of Bakhmut in May 2023") are not referred to."""
    if any(d.historical for d in drafts) or any(d.historical for d in sentence_drafts):
        drafts = [d for d in drafts if not d.historical]
        sentence_drafts = [d for d in sentence_drafts if not d.historical]
    if not drafts and not sentence_drafts:
        return None
    m = _DEFINITE.search(text, clause[0], clause[1])
    if m is not None:
        noun = m.group(0).split(" ", 1)[1].lower()
        codes = _FEATURE_OF_NOUN.get(noun)
        if codes:
            same_kind = next((d for d in reversed(sentence_drafts) if d.place.feature_code in codes), None) or next(
                (d for d in reversed(drafts) if d.place.feature_code in codes), None)
            if same_kind is not None:
                return same_kind, m.group(0)
        elif noun in _SETTLEMENT_NOUNS:  # "the village": the latest event at a town, not at a region
            town = next((d for d in reversed(sentence_drafts or drafts) if not is_admin(d.place)), None) or next(
                (d for d in reversed(drafts) if not is_admin(d.place)), None)
            if town is not None:
                return town, m.group(0)
        return (sentence_drafts or drafts)[-1], m.group(0)
    if trig.kind in GROUND_KINDS:
        m = _PRONOUN_AFTER.match(text, trig.end, clause[1])
        if m is not None:
            return (sentence_drafts or drafts)[-1], m.group(0).strip()
    elif trig.kind in REMOTE_KINDS:  # "Russian artillery shelled it again on Sunday"
        m = _STRUCK_IT.search(text, trig.start, clause[1])
        if m is not None:
            return (sentence_drafts or drafts)[-1], "it"
    if _WHERE.match(text, clause[0]) and sentence_drafts:
        # "fighting raged around Toretsk, where units abandoned positions": the place the clause hangs on
        last = sentence_drafts[-1]
        if last.in_clause and last.clause[1] <= clause[0]:
            return last, "where"
    return None


def _own_past_date(text: str, trig: TriggerMatch, clause: tuple[int, int], published, cache) -> DateRef | None:
    """A long-past date right after the trigger ("the base they had captured last March") dates that
    trigger, even when its clause opened with the day of the new event."""
    tail = event_date(text, [(trig.end, min(clause[1], trig.end + 40))], published, cache)
    if tail.rule == "article-date" and clause[1] > trig.end + 40:
        tail = event_date(text, [(trig.end, clause[1])], published, cache)
    if tail.rule == "article-date" or _LATER_CLAUSE.search(text, trig.end, tail.start) is not None:
        return None  # (a date told in a later clause is that clause's: "Kawlin, a town that rebels captured in 2023")
    if tail.historical:
        return tail
    # "the army said on Monday that its troops had repelled an assault near X on 13 April": the day
    # before the trigger dates the statement, the one after it (anywhere in the clause) dates the event
    head = event_date(text, [clause], published, cache)
    if head.rule != "article-date" and 0 <= head.start < trig.start and _SAID_BEFORE_DATE.search(
            text, max(clause[0], head.start - 30), head.start):
        return tail
    return None


def _anaphoric_date(text: str, clause: tuple[int, int], sentence: tuple[int, int], trig: TriggerMatch,
                    dref: DateRef, drafts: list[Draft]) -> DateRef | None:
    """The day of an event told relative to the one before it: "X was captured on Saturday and Y fell a
    day later" (after the trigger: from the day named before the trigger), "Hours later, warplanes
    struck Z" (before the trigger, when its clause names no day: from the day named before the phrase,
    else from the latest event dated to the day)."""
    found = anaphoric_day(text, trig.end, clause[1])
    if found is None:
        if clause[0] <= dref.start < clause[1]:
            return None  # the clause names its own day
        found = anaphoric_day(text, sentence[0], trig.start)
    elif dref.start > trig.start:
        return None  # "captured on Saturday ... a day later" dates the next event, not this one
    if found is None:
        return None
    at, days = found
    if dref.rule != "article-date" and dref.start < at:
        return shifted(dref, days, f"anaphoric:{dref.rule}")
    last = next((d for d in reversed(drafts) if d.event_date and d.time_precision == 1), None)
    if last is None:
        return None
    return shifted(DateRef(last.event_date, 1, last.historical, "previous-event"), days, "anaphoric:previous-event")


# between two trigger words of one report: at most two lower-case words, no conjunction or punctuation
_TRIGGER_GAP = re.compile(r"(?:(?!(?:and|or|but|while|as|then)\b)[a-z'’-]+(?: (?!(?:and|or|but|while|as|then)\b)[a-z'’-]+)?)?")


def _same_report(text: str, previous, item) -> bool:
    """Does a trigger only continue the one before it: same kind, same clause, at most two lower-case
    words apart ("an explosive device detonated", "warplanes bombed", "a drone strike hit")?"""
    if previous[2] != item[2] or previous[1] != item[1] or item[0].start - previous[0].end > 30:
        return False
    return _TRIGGER_GAP.fullmatch(text[previous[0].end:item[0].start].strip()) is not None


def _setting(text: str, item, accepted, floor: int) -> bool:
    """Is a clash trigger only the backdrop ("during the fighting") of a strike earlier in its clause?"""
    trig, clause, kind = item[0], item[1], item[2]
    if kind != "clash" or not _SETTING_BEFORE.search(text, max(floor, trig.start - 30), trig.start):
        return False
    return any(o[2] in REMOTE_KINDS and o[1] == clause and o[0].end <= trig.start for o in accepted)


_PRELUDE_BEFORE = re.compile(r"\b(?:after|following|amid|amidst)\s+(?:(?:a|an|the|heavy|fierce|intense|bitter|brief|"
                             r"days|weeks|hours|months|of|several|two|three)\s+){0,3}$", re.I)
_OWN_PART_AFTER = re.compile(r"\s+(?:of\s+)?(?:its|their)\s+(?:\w+\s+)?(?:side|part|half|sector|section|outskirts|centre|center)\b")


_SUPERLATIVE_BEFORE = re.compile(r"\bin (?:some of |one of )?the (?:heaviest|fiercest|worst|most intense|bloodiest) $")
_SET_OFF_BEFORE = re.compile(r"\b(?:setting|set|sparking|sparked|triggering|triggered|touching|touched)\s+(?:off\s+)?"
                            r"(?:(?:hours|days|a day|a night|heavy|fierce|intense|of)\s+){0,3}$")
_ENSUED = re.compile(r"\s+(?:that\s+)?(?:followed|ensued|broke out there)\b")


def _last_place(sentence: tuple[int, int], resolutions: list[Resolution], starts: list[int], eligible: list[bool],
                rules: list[str], first: bool = False) -> tuple | None:
    """The last (``first``: the first, the sentence's topic) place named in ``sentence`` that can be an
    event's place, as :func:`_locate` returns one."""
    named = _in_sentence(sentence, resolutions, starts)
    index = next((i for i in (named if first else reversed(named)) if eligible[i]
                  and not is_admin(resolutions[i].place)), None)
    if index is None:
        return None
    place = resolutions[index].place
    rules.append(f"place:previous-sentence:{resolutions[index].mention.surface}")
    return index, place, place.lat, place.lon, 1, _base_uncertainty(place), False


def _retold(sentence_drafts: list[Draft]) -> list[Draft]:
    """Drop an event that borrowed its place from elsewhere in its sentence when the sentence already has
    an event of its kind in a clause of its own: the same event told again ("forces repelled an advance
    on Mukayras ... and counterattacked", "fighting began around the airport, where troops and gunmen
    fought"); the kept one takes the actors it lacks."""
    kept = []
    for d in sentence_drafts:
        own = None if d.in_clause else next(
            (o for o in sentence_drafts if o.in_clause and o.kind == d.kind and not o.historical), None)
        if own is None:
            kept.append(d)
            continue
        if not own.actors and d.actors:
            own.actors = d.actors
        own.claimed_by = own.claimed_by or d.claimed_by
        own.fatalities = own.fatalities if own.fatalities is not None else d.fatalities
        own.injured = own.injured if own.injured is not None else d.injured
    return kept


def _prelude(text: str, item, floor: int) -> bool:
    """Is a clash trigger only how a place changed hands ("captured Bara after heavy fighting")?
    (Asked only of sentences that also report a change of control.)"""
    trig, kind = item[0], item[2]
    return kind == "clash" and _PRELUDE_BEFORE.search(text, max(floor, trig.start - 40), trig.start) is not None


def _told_before(text: str, floor: int, start: int) -> bool:
    """Does "the", "its", "these" ... stand right before a trigger ("the rockets", "the attack"): the
    event told before?"""
    return DEFINITE_BEFORE.search(text, max(floor, start - 8), start) is not None


def _fired_from(text: str, floor: int, start: int) -> bool:
    """Is the place named at ``start`` where a strike was fired from ("launched from near al-Mayadin")?"""
    return _ORIGIN_BEFORE.search(text, max(floor, start - 40), start) is not None


def _new_report(text, triggers, span, resolutions, starts, eligible=None) -> bool:
    """Does a sentence report an event of its own (so its casualty figures are not ours)?
    Not when it only tells where the strike before came from ("The rockets were launched from
    near al-Mayadin and caused no casualties").  (``eligible``: :func:`_eligible` of every resolution, when known.)"""
    if not triggers:
        return False
    lo, hi = bisect_right(starts, span[0] - 1), bisect_right(starts, span[1])
    places = [i for i in range(lo, hi) if (eligible[i] if eligible is not None else _eligible(resolutions[i]))]
    if places and all(t.kind in REMOTE_KINDS and _told_before(text, span[0], t.start) for t in triggers):
        return not all(_fired_from(text, span[0], resolutions[i].mention.start) for i in places)
    return bool(places)


def _is_headline(text: str, sentence: tuple[int, int]) -> bool:
    """Is the article's first sentence a headline: a short line of its own, without a full stop?"""
    start, end = sentence
    return (end - start <= 160 and text[end - 1] not in ".!?\"”’'" and text.startswith("\n", end)
            and not text[:start].strip())


def _other_front(triggers, drafts: list[Draft]) -> bool:
    """Does a sentence report ground fighting after strikes, or strikes after ground fighting ("rockets
    hit Haifa ... Fighters clashed near a border village; two soldiers were killed in the fighting"),
    so that its figures are not the event's even when its place is unknown?"""
    if not triggers:
        return False
    if all(d.kind in REMOTE_KINDS for d in drafts):
        return any(t.kind in GROUND_KINDS for t in triggers)
    if all(d.kind in GROUND_KINDS for d in drafts):
        return any(t.kind in ("airstrike", "shelling") for t in triggers)
    return False


def _elsewhere(text, span, resolutions, starts, ours: set[str], lookup: PlaceLookup) -> bool:
    """Does a sentence name a place that its event's sentence did not ("more than 1,000 people were
    killed across Latakia and Tartus provinces"), so that its figures are not the event's?  Demonyms and
    countries ("Israel's ambulance service") do not count."""
    lo, hi = bisect_right(starts, span[0] - 1), bisect_right(starts, span[1])
    for i in range(lo, hi):
        mention = resolutions[i].mention
        name = mention.surface.casefold()
        if name in ours or mention.recognizer == "dateline" or any(
                o.startswith(name + " ") or name.startswith(o + " ") for o in ours):
            continue  # ("Daraa" after "Daraa province", "the Hama airport" after "Hama")
        if _fired_from(text, span[0], mention.start) or _FLED_BEFORE.search(
                text, max(span[0], mention.start - 25), mention.start):
            continue  # "launched from near al-Mayadin", "families who had fled Rafah": not where it happened
        if _OWNER_AFTER.match(text, mention.end):
            continue  # "Gaza's civil defence agency put the toll at 11": whose agency, not another front
        if _names_a_place(lookup.acceptable(mention.surface, " " not in mention.surface)):
            return True
    return False


@per_candidate_tuple
def _names_a_place(candidates: tuple) -> bool:
    """Is one of these candidates neither a demonym nor a country?"""
    return bool(candidates) and not all(c.rule == "demonym" or is_country(c.place) for c in candidates)


def _add_draft(out: list[Draft], text: str, si: int, sentence, item, located) -> None:
    trig, clause, kind, weapon, rules, dref = item
    index, place, lat, lon, precision, uncertainty, in_clause = located
    if is_country(place):
        return
    draft = Draft(kind, trig, sentence, si, clause, place, lat, lon, precision, uncertainty, index,
                   list(rules), in_clause=in_clause)
    draft.event_date, draft.time_precision, draft.historical = dref.event_date, dref.time_precision, dref.historical
    draft.rules.append(f"date:{dref.rule}")
    draft.weapon = _weapon(kind, weapon, text, clause)
    draft.success = _succeeded(lowered(text), clause[0], clause[1])
    out.append(draft)


def _succeeded(low: str, start: int, end: int) -> bool:
    """Does a success word ("retook", "repelled" ...) stand as a whole word in ``low[start:end]``?
    (A search without a leading ``\b`` finds candidates much faster; the boundary is checked here.)"""
    search = _SUCCESS.search
    while True:
        m = search(low, start, end)
        if m is None:
            return False
        at = m.start()
        if at == 0 or not (low[at - 1].isalnum() or low[at - 1] == "_"):
            return True
        start = at + 1


def _coordinated(text, clauses, sentence, si, drafts, resolutions, starts, lookup, used, *,
                 eligible=None, in_sentence=None) -> list[Draft]:
    """"captured the airbase, east of Aleppo, and the town of Tel Rifaat": one event per coordinated place."""
    extra: list[Draft] = []
    for n, clause in enumerate(clauses[1:], 1):
        if not _AND_CLAUSE.match(text, clause[0], clause[1]):
            continue
        prev = clauses[n - 1]
        source = next((d for d in drafts if d.clause == prev and d.in_clause), None)
        if source is None or any(d.clause == clause for d in drafts):
            continue
        trig = TriggerMatch(source.kind, source.weapon, clause[0], clause[0], "")
        rules = [f"trigger:{source.kind}:{source.trigger.text}", "coordinated-clause"]
        touched: list[int] = []
        located = _locate(text, trig, clause, sentence, resolutions, starts, rules, lookup,
                          allow_sentence=False, exclude=used, touched=touched, eligible=eligible,
                          in_sentence=in_sentence)
        if located is None:
            continue
        used.update(touched)
        dref = _DateCopy(source.event_date, source.time_precision, source.historical, "coordinated")
        _add_draft(extra, text, si, sentence, (trig, clause, source.kind, source.weapon, rules, dref), located)
        if extra:
            extra[-1].success = source.success
    return extra


# between two places of a list: ", ", ", and ", " and ", " as well as ", and "the town(s) of" after them,
# or a target at each ("a power station in Atbara and an army base in Shendi")
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+(?:the\s+)?$", re.I)
_LIST_GAP = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|as well as)\s+)(?:the\s+)?(?:nearby\s+|neighbou?ring\s+)?"
                       r"(?:(?:towns?|villages?|cities|city|neighbou?rhoods?)\s+of\s+"
                       r"|(?:an?|the)\s+(?:(?![a-z-]*(?:ed|ing)\s)[a-z-]+\s+){1,3}(?:in|at|near|outside)\s+)?")


def _listed_places(text: str, drafts: list[Draft], resolutions: list[Resolution], eligible: list[bool],
                   used: set[int]) -> list[Draft]:
    """"Shelling hit Kherson and Kharkiv", "warplanes bombed Saraqib, Ariha and Jisr al-Shughur": one event
    per town of a list that opens with an event's own place, with its type, date and actors.  A figure
    given once for the list stays with the first place (a zero holds for all: nobody was hurt anywhere);
    figures told town by town go to their towns (:func:`_tolls_by_place`)."""
    extra: list[Draft] = []
    for source in drafts:
        i = source.mention_index
        if not source.in_clause or resolutions[i].place is not source.place:
            continue
        near = source.geo_precision == 2 and any(r.startswith(("relative:outskirts", "relative:near"))
                                                 for r in source.rules)  # "the outskirts of Shebaa and Hasbaya"
        if source.geo_precision != 1 and not near:
            continue
        if _BETWEEN_BEFORE.search(text, max(source.sentence[0], resolutions[i].mention.start - 12),
                                  resolutions[i].mention.start):
            continue  # "on the road between Lgov and Rylsk": one place between two towns, not two events
        end = resolutions[i].mention.end
        for j in range(i + 1, len(resolutions)):
            res = resolutions[j]
            if res.mention.start >= source.clause[1] or _LIST_GAP.fullmatch(text, end, res.mention.start) is None:
                break
            end = res.mention.end
            if not eligible[j] or j in used or is_admin(res.place):
                continue
            used.add(j)
            rules = [f"trigger:{source.kind}:{source.trigger.text}", f"place:listed:{res.mention.surface}"]
            dref = _DateCopy(source.event_date, source.time_precision, source.historical, "listed")
            located = (j, res.place, res.place.lat, res.place.lon, source.geo_precision,
                       source.uncertainty_km if near else _base_uncertainty(res.place), True)
            _add_draft(extra, text, source.sentence_index, source.sentence,
                       (source.trigger, source.clause, source.kind, source.weapon, rules, dref), located)
            listed = extra[-1]
            listed.success, listed.actors, listed.claimed_by = source.success, list(source.actors), source.claimed_by
            listed.fatalities = 0 if source.fatalities == 0 else None
            listed.injured = 0 if source.injured == 0 else None
        group = [source, *(d for d in extra if d.trigger is source.trigger)]
        if len(group) > 1:
            _tolls_by_place(text, group, resolutions)
            _toll_named_after(text, group, resolutions)
    return extra


def _toll_named_after(text: str, group: list[Draft], resolutions: list[Resolution]) -> None:
    """"Warplanes struck Haret Hreik and Ghobeiry ... Two people were killed in Ghobeiry": a toll told
    after the sentence of a list, for one town of it, is that town's (not the list's first)."""
    first = group[0]
    if first.fatalities is None and first.injured is None:
        return
    own = extract_casualties(text, *first.sentence)
    if own.fatalities is not None or own.injured is not None:
        return  # the figures are the list sentence's own
    after = text[first.sentence[1]:first.sentence[1] + 300]
    for draft in group[1:]:
        surface = resolutions[draft.mention_index].mention.surface
        if re.search(rf"\b(?:killed|dead|died|wounded|injured|hurt)\s+in\s+{re.escape(surface)}\b", after):
            draft.fatalities, draft.injured = first.fatalities, first.injured
            first.fatalities = first.injured = None
            draft.rules.append("figures:named-after")
            return


def _tolls_by_place(text: str, group: list[Draft], resolutions: list[Resolution]) -> None:
    """"killing three people in Ariha and wounding seven in Atarib": each town of a list gets the figures
    told for it (the text up to "in <town>", from the end of the last such phrase), when the clause
    tells them apart for at least two of its towns."""
    clause_end = group[0].clause[1]
    start = group[0].trigger.end
    bound = []
    for draft in group:
        surface = resolutions[draft.mention_index].mention.surface
        at = text.find(" in " + surface, start, clause_end)
        if at >= 0:
            bound.append((at + 4 + len(surface), draft))
    if len(bound) < 2:
        return
    bound.sort(key=lambda b: b[0])
    figures, begin = [], start
    for end, draft in bound:
        found = extract_casualties(text, begin, end)
        figures.append((draft, found.fatalities, found.injured))
        begin = end
    if sum(1 for _, dead, hurt in figures if dead is not None or hurt is not None) < 2:
        return
    for draft in group:
        draft.fatalities = draft.injured = None
    for draft, dead, hurt in figures:
        draft.fatalities, draft.injured = dead, hurt
        draft.rules.append("figures:by-place")


@dataclass(frozen=True, slots=True)
class _DateCopy:
    event_date: str | None
    time_precision: int
    historical: bool
    rule: str


_LOWERED_CUES: list[tuple[Any, tuple[re.Pattern[str], re.Pattern[str]]]] = []


def _lowered_rejections(cues) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The not-military and irrealis cues lower-cased, for matching against :func:`lowered` text
    (the same spans as the case-insensitive patterns, faster); remembered for the last cues object."""
    if _LOWERED_CUES and _LOWERED_CUES[0][0] is cues:
        return _LOWERED_CUES[0][1]
    found = grouped_pattern(cues.not_military.pattern), grouped_pattern(cues.irrealis.pattern)
    _LOWERED_CUES[:] = [(cues, found)]
    return found


# a handover of a place names it (capitalised) or a place noun; people and things are not territory
_HANDED_PLACE = re.compile(r"\bover\s+(?!(?:the\s+)?(?:[\w'’-]+\s+){0,2}(?:bod(?:y|ies)|hostages?|prisoners?|detainees?|captives?|"
                           r"remains|weapons|arms|aid|documents|suspects|soldiers|fighters)\b)(?:[\w'’-]+\s+){0,3}?"
                           r"(?:(?:al-|el-)?[A-Z]|(?:city|town|village|base|airbase|airport|positions?|area|district|province|"
                           r"region|control)\b)")
_SINCE_THEN = re.compile(r"[\s,]*(?:since then|ever since)\b")
_LOWERED_BACKGROUND: list[tuple[Any, re.Pattern[str]]] = []


def _told_as_background(text: str, trig: TriggerMatch, clause: tuple[int, int], sentence_start: int, cues) -> bool:
    """Is a trigger background: a cue in its clause (:func:`_background`), or a sentence that opens by
    telling what has happened since ("Since capturing En Nahud in May, it has ... shelled towns")?"""
    if _background(text, trig, clause, cues):
        return True
    low = lowered(text)
    return low.startswith("since ", sentence_start) and _SINCE_OPENER.match(low, sentence_start) is not None


def _background(text: str, trig: TriggerMatch, clause: tuple[int, int], cues) -> bool:
    """Does a background cue ("since the army captured", "in recent weeks", "scene of") stand near the
    trigger in its clause?  The cues are matched lower-cased against :func:`lowered` text (the same
    spans as the case-insensitive pattern, faster)."""
    if _LOWERED_BACKGROUND and _LOWERED_BACKGROUND[0][0] is cues:
        pattern = _LOWERED_BACKGROUND[0][1]
    else:
        pattern = grouped_pattern(cues.background.pattern)
        _LOWERED_BACKGROUND[:] = [(cues, pattern)]
    low = lowered(text)
    # a cue starts within 40 characters after the trigger, or 80 after a trigger that opens its clause
    # ("Fighting along the front lines around Taiz and Marib has flared repeatedly since ...")
    reach = 80 if trig.start - clause[0] < 4 else 40
    begin, end = max(clause[0], trig.start - 70), min(clause[1], trig.end + reach + 30)
    hit = pattern.search(low, begin, end)
    while hit is not None and hit.start() < trig.end + reach:
        # a duration ("after days of fighting, rebels seized the town") backs only the fighting it holds
        if hit.start() <= trig.start < hit.end() or _DURATION.match(low, hit.start()) is None:
            return True
        hit = pattern.search(low, hit.end(), end)
    # "its jets have bombed towns across the south since then": a trailing "since then" clause
    return trig.end + 90 >= clause[1] and _SINCE_THEN.match(low, clause[1]) is not None


_DURATION = re.compile(r"(?:after|following|amid|in|from) (?:\w+ )?(?:weeks|months|years|days|decades?) of ")


def _rejected(text: str, trig: TriggerMatch, clause: tuple[int, int], cues) -> str | None:
    """Return why a trigger is not a military event (protest, statement, plan), else None."""
    not_military, irrealis = _lowered_rejections(cues)
    low = lowered(text)
    if (trig.kind == "seizure" and low.startswith("hand", trig.start) and low.find("control", trig.start, trig.end) < 0
            and not _HANDED_PLACE.search(text, trig.start, trig.end)):
        return "not-a-place:handed over"  # "handed over the bodies of two hostages to the Red Cross"
    if trig.kind == "seizure" and low.endswith("fall of", trig.start, trig.end) and _RULER_AFTER.match(low, trig.end):
        return "not-a-place:fall of a ruler"  # "since the fall of Bashar al-Assad", "the fall of the regime"
    if trig.kind == "seizure" and low.startswith("captured", trig.start) and _CAPTURED_PEOPLE.match(low, trig.end):
        return "not-a-place:captured people"  # "a captured Russian soldier", "captured two fighters"
    if (trig.kind == "seizure" and low.startswith("captured", trig.start)
            and _PEOPLE_BEFORE.search(low, max(0, trig.start - 30), trig.start)
            and _PARTICIPLE_AFTER.match(low, trig.end)):
        return "not-a-place:people captured"  # "soldiers captured during the defence of Mariupol"
    if trig.kind == "clash" and low.startswith("fighting", trig.start) and _UNIT_BEFORE.search(
            low, max(0, trig.start - 25), trig.start):
        return "not-an-event:units described"  # "supplies army units fighting in Kordofan"
    if trig.kind == "shelling" and low.startswith("artillery", trig.start) and _EQUIPMENT_AFTER.match(low, trig.end):
        return "not-an-event:equipment"  # "leaving artillery pieces behind"
    if trig.kind == "shelling" and _SUPPORT_AFTER.match(low, trig.end):
        return "not-an-event:support"  # "attacked with artillery and drone support": the assault is the event
    if (trig.kind == "explosion" and low.startswith("unexploded", trig.start)
            and _BLAST_WORDS.search(low, clause[0], trig.start) is None
            and _BLAST_WORDS.search(low, trig.end, clause[1]) is None):
        return "not-an-event:ordnance cleared"  # "collecting unexploded shells in Bahri and Omdurman"
    if trig.kind == "explosion" and low.startswith("explosion", trig.start) and (
            low.endswith("loud ", 0, trig.start) or _HEARD_AFTER.match(low, trig.end)):
        return "not-an-event:explosions heard"  # "loud explosions across the city", "explosions could be heard"
    if (trig.kind == "airstrike" and _BARE_AIRCRAFT.fullmatch(low, trig.start, trig.end)
            and _AIRCRAFT_HIT_BEFORE.search(low, max(clause[0], trig.start - 45), trig.start)):
        return "not-an-event:aircraft hit"  # "damaging a Russian fighter jet", "shot down two warplanes"
    hit = not_military.search(low, max(clause[0], trig.start - 60), min(clause[1], trig.end + 60))
    if hit and hit.start() >= trig.end and trig.kind in REMOTE_KINDS:
        # "a drone struck a convoy heading to a protest", "shelling hit the talks venue": a weapon
        # named before the protest or diplomacy words is a strike on them, still a military event
        hit = not_military.search(low, max(clause[0], trig.start - 60), trig.start)
    if hit and trig.kind == "clash" and _FIRE_EXCHANGE.match(low, trig.start) and low.startswith(("arrest", "detain"), hit.start()):
        hit = None  # "troops traded fire with gunmen during an arrest operation": the gunfight is an armed clash
    if hit and hit.end() <= trig.start and low.startswith("in a statement", hit.start()):
        told = _REPORTED_CONTENT.search(low, hit.end(), trig.start)
        if told is not None:  # "said in a statement that its troops had repelled an attack": the statement's news
            hit = not_military.search(low, told.end(), min(clause[1], trig.end + 60))
    if hit:
        return f"not-military:{text[hit.start():hit.end()]}"
    # a trigger that opens with "to" ("to retake") is read with it: "vowed to", "plans to" are plans
    hit = irrealis.search(low[clause[0]:trig.start + 3 if low.startswith("to ", trig.start) else trig.start])
    if hit:
        return f"irrealis:{text[clause[0] + hit.start():clause[0] + hit.end()].strip()}"
    return None


def classify_sentence(sentence: str, article_date: str | None = None) -> list[str]:
    """Return the event types a single sentence reports, without locating them.

    Applies the same trigger, protest/statement, plan and background rules as
    :func:`extract_events` (used by the lexicon examples and ``--explain``).
    """
    cues = load_cues()
    kinds = []
    clauses = split_clauses(sentence, 0, len(sentence))
    for trig in find_triggers(sentence):
        clause = next((c for c in clauses if c[0] <= trig.start < c[1]), (0, len(sentence)))
        if _rejected(sentence, trig, clause, cues):
            continue
        dref = event_date(sentence, [clause], article_date)
        if not dref.historical and _told_as_background(sentence, trig, clause, 0, cues):
            continue
        kinds.append(trig.kind)
    return kinds


def _with_role(resolution: Resolution, roles: dict[int, str], index: int) -> Resolution:
    if index in roles and resolution.role != MentionRole.DEMONYM.value:
        return replace(resolution, role=roles[index])
    if resolution.role == MentionRole.MENTION.value and any(r.startswith("anchor") for r in resolution.rules):
        return replace(resolution, role=MentionRole.ANCHOR.value)
    return resolution


def _document_country(resolutions: list[Resolution]) -> str | None:
    counts = Counter(r.place.country_code for r in resolutions if r.place is not None and r.place.country_code)
    return counts.most_common(1)[0][0] if counts else None


_DEMONYM = MentionRole.DEMONYM.value


def _eligible(r: Resolution) -> bool:
    return (r.place is not None and r.role != _DEMONYM and r.mention.recognizer != "dateline"
            and not is_country(r.place) and not suppressed(r))


def _locate(text, trig, clause, sentence, resolutions, starts, rules, lookup=None, *, allow_sentence=True,
            exclude=frozenset(), touched=None, eligible=None, in_sentence=None):
    """Pick the event's place: nearest eligible mention in the clause, else in the sentence.

    ``eligible`` (optional) holds :func:`_eligible` of every resolution (it does not change while an
    article's events are located); ``in_sentence`` (optional) the indexes of :func:`_in_sentence`."""
    if eligible is None:
        eligible = [_eligible(r) for r in resolutions]
    if in_sentence is None:
        in_sentence = _in_sentence(sentence, resolutions, starts)
    in_clause = [i for i in in_sentence if eligible[i] and clause[0] <= resolutions[i].mention.start < clause[1]]
    if len(in_clause) > 1 or (in_clause and (trig.kind == "withdrawal" or text.find("from", clause[0], clause[1]) >= 0)):
        in_clause = _not_there(text, trig, in_clause, resolutions, clause[0])
    pool, scope = in_clause, "clause"
    if not pool and any(clause[0] <= resolutions[i].mention.start < clause[1]  # (only needed without a place)
                        and is_country(resolutions[i].place) and resolutions[i].role != _DEMONYM
                        and not suppressed(resolutions[i]) and not _POSSESSIVE.match(text, resolutions[i].mention.end)
                        and not _BLAME_BEFORE.search(text, max(clause[0], resolutions[i].mention.start - 20),
                                                     resolutions[i].mention.start) for i in in_sentence):
        rules.append("place:clause:country-only")
        return None
    if not pool and not allow_sentence:
        return None
    if not pool:
        pool = [i for i in in_sentence if eligible[i] and i not in exclude and (
                (resolutions[i].place.feature_code != "PPLC" and not _capital_like(resolutions[i]))
                or (_SETTING_OPENER.fullmatch(text, sentence[0], resolutions[i].mention.start) is not None
                    and _REPORTED.search(text, resolutions[i].mention.end, trig.start) is None))]
        if len(pool) > 1 or (pool and (trig.kind == "withdrawal" or text.find("from", sentence[0], sentence[1]) >= 0)):
            pool = _not_there(text, trig, pool, resolutions, sentence[0])
        scope = "sentence"
    if not pool:
        return None

    # "Maarat al-Numan was captured on Saturday and Khan Shaykhun ...": the subject of a passive capture is
    # the place taken, so names before the trigger are not put behind those after it
    before, after = (0, 60) if trig.kind in ("seizure", "counterattack") and _PASSIVE_BEFORE.search(
        text, max(clause[0], trig.start - 16), trig.start) else (60, 0)

    def distance(i: int) -> int:
        m = resolutions[i].mention
        if m.start >= trig.start and m.end <= trig.end:
            return 0  # "the loss of Aleppo to": the place is inside the trigger
        return m.start - trig.end + after if m.start >= trig.end else (trig.start - m.end) + before

    best = min(pool, key=distance)
    if is_admin(resolutions[best].place):
        best = _town_in_region(pool, best, resolutions, distance, rules)
    res = resolutions[best]
    touched = touched if touched is not None else []
    touched.append(best)
    place = res.place
    rules.append(f"place:{scope}:{res.mention.surface}")
    relation = relation_at(text, res.mention.start, res.mention.end, floor=sentence[0], anchor_kind=anchor_kind(place))
    if relation is not None and relation.kind in ("direction", "offset"):
        target_end = apposition_target(text, relation.start, sentence[0])
        target = next((i for i in in_sentence if target_end is not None and resolutions[i].mention.end == target_end
                       and eligible[i]), None)
        if target is not None:
            rules.append(f"apposition:{resolutions[target].mention.surface} ({relation.rule} {res.mention.surface})")
            resolutions[best] = replace(res, rules=res.rules + ("anchor",))
            t = resolutions[target]
            touched.append(target)
            return target, t.place, t.place.lat, t.place.lon, 1, _base_uncertainty(t.place), scope == "clause"
    if relation is None:
        precision = 3 if is_admin(place) else 1
        return best, place, place.lat, place.lon, precision, _base_uncertainty(place), scope == "clause"
    rules.append(f"relative:{relation.rule}")
    lat, lon = place.lat, place.lon
    if is_admin(place) and relation.bearing is not None and lookup is not None:
        seat = _seat_of(res.mention.surface, place, lookup)
        if seat is not None:
            rules.append(f"admin-seat:{seat.name}")
            lat, lon = seat.lat, seat.lon
    if relation.bearing is not None and relation.distance_km > 0:
        lat, lon = shift(lat, lon, relation.bearing, relation.distance_km)
        resolutions[best] = replace(res, rules=res.rules + ("anchor",))
    return best, place, lat, lon, relation.geo_precision, relation.uncertainty_km, scope == "clause"


def _in_sentence(sentence, resolutions, starts) -> list[int]:
    """Indexes of the mentions wholly inside a sentence (the same for every trigger in it)."""
    lo, hi = bisect_right(starts, sentence[0] - 1), bisect_right(starts, sentence[1])
    return [i for i in range(lo, hi) if resolutions[i].mention.end <= sentence[1]]


def _not_there(text: str, trig: TriggerMatch, pool: list[int], resolutions: list[Resolution], floor: int) -> list[int]:
    """Drop the mentions that only describe or point away from the event's place:
    - a descriptor before the real name ("the Red Sea port of Mocha", "the northern Ukrainian city of
      Sumy"), when another place is left;
    - where a withdrawing force went ("pulled back toward Damascus", "withdrew to Homs");
    - where a missile, rocket or drone was fired from, when it struck somewhere else."""
    withdrawal = trig.kind == "withdrawal"
    remote = trig.kind in REMOTE_KINDS
    # where reinforcements were sent from is never the place ("troops, backed by reinforcements sent from Homs")
    pool = [i for i in pool if not _SENT_FROM_BEFORE.search(text, max(floor, resolutions[i].mention.start - 25),
                                                            resolutions[i].mention.start)]
    # "the rockets", "the drones": a strike told before, whose origin may be all this sentence names
    told_before = remote and _told_before(text, floor, trig.start)
    if len(pool) <= 1 and not withdrawal and not told_before:
        return pool  # a descriptor goes only when another place is left
    keep = []
    for i in pool:
        m = resolutions[i].mention
        if text.find(" of ", m.end, m.end + 14) != -1 and (_DESCRIPTOR_AFTER.match(text, m.end) or (
                m.surface.rsplit(" ", 1)[-1].lower() in ("city", "town", "port", "village")
                and _OF_NAME_AFTER.match(text, m.end))):
            continue
        if withdrawal and _DESTINATION_BEFORE.search(text, max(floor, m.start - 30), m.start):
            continue
        if remote and _fired_from(text, floor, m.start):
            continue  # "a missile fired from Russia's Belgorod region slammed into Chuhuiv": where it came from
        keep.append(i)
    if len(keep) == len(pool):
        return pool
    if trig.kind == "withdrawal":
        # descriptors go only when a place is left; destinations go in any case
        destinations = {i for i in pool if _DESTINATION_BEFORE.search(text, max(floor, resolutions[i].mention.start - 30),
                                                                      resolutions[i].mention.start)}
        return keep or [i for i in pool if i not in destinations]
    if not keep and told_before:
        return []  # "The rockets were launched from near al-Mayadin": the strike told before, seen from its origin
    return keep or pool


def _town_in_region(pool: list[int], best: int, resolutions: list[Resolution], distance, rules: list[str]) -> int:
    """"An air strike in northern Shan state hit a market in the town of Hsipaw": a town named in the
    event's clause (or sentence) beats the region that contains it, whichever is nearer the trigger."""
    region = resolutions[best].place
    towns = [i for i in pool if not is_admin(resolutions[i].place) and inside(resolutions[i].place, region)]
    if not towns:
        return best
    town = min(towns, key=distance)
    rules.append(f"town-in-region:{resolutions[town].mention.surface} in {resolutions[best].mention.surface}")
    return town


def _seat_of(surface: str, admin: Place, lookup: PlaceLookup) -> Place | None:
    """The main town of an admin unit named like it ("Hama province" -> Hama)."""
    from geomap.names import fold, split_feature

    core, _ = split_feature(fold(surface))
    towns = [c.place for c in lookup.candidates(core) if c.place.feature_class == "P"
             and c.place.country_code == admin.country_code]
    if not towns:
        return None
    near = [p for p in towns if distance_km(p.lat, p.lon, admin.lat, admin.lon) < 150] or towns
    return max(near, key=lambda p: (p.feature_code in ("PPLA", "PPLC"), p.population))


def _capital_like(r: Resolution) -> bool:
    return r.place is not None and r.place.feature_code == "PPLC"


def _base_uncertainty(place: Place) -> float:
    if is_admin(place):
        return 50.0
    if place.population > 1_000_000:
        return 10.0
    if place.population > 100_000:
        return 5.0
    return 2.0


def _weapon(kind: str, weapon: str | None, text: str, clause: tuple[int, int]) -> str | None:
    if kind == "airstrike":
        words = text[clause[0]:clause[1]].lower()
        if weapon in (None, "aircraft"):
            for word, value in _WEAPON_WORDS:
                if word in words:
                    return value
        return weapon or "aircraft"
    if kind == "explosion":
        return weapon
    if kind == "shelling":
        words = text[clause[0]:clause[1]].lower()
        for word in ("artillery", "rocket", "mortar", "missile", "tank"):
            if word in words:
                return word
    return None


def _casualties(text: str, drafts: list[Draft], following: list[tuple[int, int]] = (),
                cache: dict | None = None, triggers: Sequence[TriggerMatch] = ()) -> None:
    """Casualties from the event's clause, else its sentence, else the next trigger-free sentences.
    ``triggers``: those of the drafts' sentence (a part of it between semicolons with one of its own keeps
    its figures).

    ``cache`` (one dict per article) remembers the figures of spans already read.
    """
    cache = {} if cache is None else cache

    def read(span: tuple[int, int]):
        found = cache.get(span)
        if found is None:
            found = cache[span] = extract_casualties(text, *span)
        return found

    # events placed in their own clause outrank one placed from elsewhere in the sentence ("its fighters
    # targeted a tank" in a sentence about a clash in Rafah): the later figures are the former's
    current = [d for d in drafts if not d.historical] or drafts  # ("since the fall of Assad in December")
    own = [d for d in current if d.in_clause] or current
    single = len({(d.kind, d.place.place_id) for d in own}) == 1
    own_ids = {id(d) for d in own} if single else ()
    # several events in one sentence: a toll in the sentences after it is the first one's (a toll
    # given once for a night of strikes on several places goes to the first, as for a list of towns)
    first = own[0] if not single and following else None
    for draft in drafts:
        mine = id(draft) in own_ids
        found = read(draft.clause)
        fatalities, injured, rules = found.fatalities, found.injured, list(found.rules)
        if mine or draft is first:  # the rest of the sentence ("killing two children who ... and wounding five"), then the next ones
            for span in ((_own_part(text, draft, triggers), *following) if mine else following):
                if fatalities is not None and injured is not None:
                    break
                more = read(span)
                if (more.fatalities is not None or more.injured is not None) and _CUMULATIVE.search(text, *span):
                    continue  # "56,000 have been killed since the war began": the war's toll
                if fatalities is None and more.fatalities is not None:
                    fatalities = more.fatalities
                    rules.extend(r for r in more.rules if r.startswith("fatalities"))
                if injured is None and more.injured is not None:
                    injured = more.injured
                    rules.extend(r for r in more.rules if r.startswith("injured"))
        elif fatalities is None or injured is None:  # "No casualties were reported." after them: none in any
            for span in following:
                more = read(span)
                if fatalities is None and more.fatalities == 0:
                    fatalities = 0
                    rules.extend(r for r in more.rules if r.startswith("fatalities:none"))
                if injured is None and more.injured == 0:
                    injured = 0
                    rules.extend(r for r in more.rules if r.startswith("injured:none"))
        draft.fatalities, draft.injured = fatalities, injured
        draft.rules.extend(rules)


def _own_part(text: str, draft: Draft, triggers: Sequence[TriggerMatch]) -> tuple[int, int]:
    """A draft's sentence without the parts, between semicolons, that report an event of their own
    ("Strike kills five in Bekaa town; Hezbollah rockets hit Maalot-Tarshiha": the five are not the
    rockets'; but "rockets hit Tiberias; the army said no one was hurt": that zero is theirs)."""
    start, end = draft.sentence
    if text.find(";", start, end) < 0:
        return draft.sentence
    before = text.rfind(";", start, draft.clause[0])
    if before >= 0 and any(start <= t.start < before for t in triggers):
        start = before + 1
    after = text.find(";", draft.clause[1], end)
    if after >= 0 and any(after < t.start < end for t in triggers):
        end = after
    return start, end


def _actors_in(text: str, actors: ActorDictionary, cc: str | None, s_start: int, s_end: int,
               cache: dict) -> list:
    """The actor aliases of one conflict inside one sentence (as a whole-article scan finds them)."""
    key = (cc, s_start, s_end)
    found = cache.get(key)
    if found is not None:
        return found
    if actors.separated_at(text, s_start):  # the scan may start at the sentence
        found = [m for m in actors.find(text, cc, s_start, s_end) if m.end <= s_end]
    else:  # an alias could run into the sentence: one pass over the whole article per conflict
        if cc not in cache:
            matches = actors.find(text, cc)
            cache[cc] = (matches, [m.start for m in matches])
        matches, match_starts = cache[cc]
        found = [m for m in matches[bisect_right(match_starts, s_start - 1):bisect_right(match_starts, s_end)]
                 if m.end <= s_end]
    cache[key] = found
    return found


def _may_name_adjectives(window: str) -> bool:
    """A cheap necessary condition for :data:`_ADJECTIVES` to match ``window``: it ends in whitespace and
    its last word holds a capital ("Israeli ") or ends in "led"/"backed" ("Turkish-backed ")."""
    if not window or not window[-1].isspace():
        return False
    words = window.split()
    return bool(words) and (not words[-1].islower() or words[-1].endswith(("led", "backed")))


def _sources(text: str, found: list, s_start: int, cache: dict, key: tuple) -> list:
    """The actor matches of a sentence that are a source ("X said", "according to X"); remembered in
    the article's ``cache`` per sentence (``key``).  The "before" pattern needs "by" or "to" in its window."""
    key = ("sources", key)
    sources = cache.get(key)
    if sources is None:
        low = lowered(text)
        sources = []
        for m in found:
            if _SOURCE_AFTER.match(text, m.end):
                sources.append(m)
                continue
            lo = max(s_start, m.start - 30)
            window = low[lo:m.start]
            if ("by" in window or "to" in window) and _SOURCE_BEFORE.search(text[lo:m.start]):
                sources.append(m)
        cache[key] = sources
    return sources


def _adjective_actors(text: str, trig: TriggerMatch, sentence_start: int, clause_start: int,
                      actors: ActorDictionary, cc: str | None, named: Sequence = ()) -> list[str]:
    """Actors named by demonyms right before the trigger ("Syrian and Russian warplanes bombed"), or a
    word or two before it ("a Russian Iskander ballistic missile", "Israeli tank shells"), else before a
    weapon earlier in its clause ("a Russian guided bomb dropped by a warplane hit").  ``named``: the
    actor names found in the sentence, whose words are no demonyms ("the Syrian Democratic Forces")."""
    window = text[max(sentence_start, trig.start - 60):trig.start]
    adj = _ADJECTIVES.search(window) if _may_name_adjectives(window) else None
    if adj is None and not actors.adjectives().isdisjoint(text[clause_start:trig.start].split()):
        adj = _WEAPON_ADJECTIVE.search(text, clause_start, trig.start)
    words = re.split(r",\s*|\s+and\s+", adj.group(1)) if adj else []
    chosen: list[str] = []
    for word in words:
        actor = actors.adjective_actor(word, cc)
        if actor and actor not in chosen:
            chosen.append(actor)
    if not chosen and window[-1:].isspace() and not actors.adjectives().isdisjoint(window.split()[-3:]):
        near = list(_NONSPACE.finditer(text, max(clause_start, trig.start - 60), trig.start))[-3:]
        actor = next(filter(None, (actors.adjective_actor(w.group(), cc) for w in near if w.group()[:1].isupper()
                                   and not any(m.start <= w.start() < m.end for m in named))), None)
        chosen = [actor] if actor else []
    return chosen


def _actors(text: str, draft: Draft, actors: ActorDictionary, cc: str | None, previous: str | None,
            cache: dict | None = None) -> None:
    s_start, s_end = draft.sentence
    cache = cache if cache is not None else {}
    found = _actors_in(text, actors, cc, s_start, s_end, cache)
    trig = draft.trigger
    sources = _sources(text, found, s_start, cache, (cc, s_start, s_end))
    coref = _COREF.search(text, s_start, trig.start)
    if not sources and coref and _SOURCE_AFTER.match(text, coref.end()) and previous:
        draft.claimed_by = previous
    elif sources:
        draft.claimed_by = sources[0].actor
    doers = [m for m in found if m.side not in NON_ACTORS]
    if not doers:  # an actor from another conflict ("Houthi rebels fired ... at Eilat")
        found = [m for m in _actors_in(text, actors, "*", s_start, s_end, cache)
                 if not m.generic and m.alias[:1].isupper()]
        doers = [m for m in found if m.side not in NON_ACTORS]
    chosen: list[str] = []
    if draft.kind == "seizure" and _TO_RECEIVER.search(trig.text):
        # "X fell to the RSF", "the army handed over the town to the SDF": who took control comes after "to"
        receiver = next((m for m in doers if trig.end - 3 <= m.start < min(draft.clause[1], trig.end + 60)
                         and _TO_BEFORE.search(text, max(s_start, m.start - 30), m.start)), None)
        if receiver is not None:
            chosen.append(receiver.actor)
            giver = [m for m in doers if draft.clause[0] <= m.start and m.end <= trig.start and m.actor != receiver.actor]
            if giver and trig.text[:4].lower() == "hand":
                chosen.append(giver[-1].actor)
            draft.actors = chosen
            return
    by = [m for m in doers if trig.end <= m.start < trig.end + 40 and _BY.search(text[trig.end:m.start])]
    if by and draft.kind == "counterattack" and _ASSAULT_BY.search(text[trig.end:by[0].start]):
        # "X repulsed an assault by Y": X fought back, Y is the target of the counterattack
        subject = [m for m in doers if draft.clause[0] <= m.start and m.end <= trig.start]
        if subject and subject[-1].actor != by[0].actor:
            chosen.extend([subject[-1].actor, by[0].actor])
            draft.actors = chosen
            return
        by = []
    if by:
        chosen.append(by[0].actor)
    if not chosen:  # "fighters led by HTS entered", "drones launched by the Houthis struck": named inside the trigger
        chosen = [m.actor for m in doers if trig.start < m.start and m.end < trig.end][:1]
    if not chosen:
        chosen = _adjective_actors(text, trig, s_start, draft.clause[0], actors, cc, found)
    if not chosen:
        before = [m for m in doers if draft.clause[0] <= m.start and m.end <= trig.start]
        before = before or [m for m in doers if m.end <= trig.start]
        # "In northern Israel, a barrage fired from Lebanon hit ...": a country named as where, not who
        before = [m for m in before if not _LOCATIVE_BEFORE.search(text, max(s_start, m.start - 30), m.start)]
        if coref and (not before or coref.start() > before[-1].end) and previous:
            chosen.append(previous)
            draft.rules.append("actor:coreference")
        elif before:
            chosen.append(before[-1].actor)
    if not chosen and coref and previous:
        chosen.append(previous)
    if not chosen:  # "clashes between the SDF and Turkish-backed factions"
        after = [m for m in doers if m.start >= trig.end and m.start < draft.clause[1]]
        if after and _BETWEEN.search(text, trig.end, after[0].start):
            chosen.append(after[0].actor)
            other = next((m.actor for m in after[1:] if m.actor != after[0].actor), None)
            if other:
                chosen.append(other)
    if not chosen and draft.kind in ("clash", "counterattack"):  # "Fighting raged around Toretsk as Russian troops pressed assaults"
        pressing = next((m for m in doers if m.start >= trig.end and _PRESSING_AFTER.match(text, m.end)), None)
        if pressing is not None:
            chosen.append(pressing.actor)
    targets = [m for m in doers if m.start >= trig.end and m.actor not in chosen
               and _TARGET_BEFORE.search(text[max(trig.end, m.start - 40):m.start])]
    if chosen and targets:
        chosen.append(targets[0].actor)
    draft.actors = chosen


def event_id_for(article_id: str, kind: str, place: str, offset: int) -> str:
    """Stable event id: a hash of article id, event type, place and trigger offset."""
    digest = hashlib.sha1(f"{article_id}|{kind}|{place}|{offset}".encode()).hexdigest()
    return digest[:16]


def _candidate_info(gazetteer: Any, place_id: str, score: float) -> dict[str, Any]:
    place = gazetteer.get(place_id) if gazetteer is not None and hasattr(gazetteer, "get") else None
    info: dict[str, Any] = {"place_id": place_id, "score": score}
    if place is not None:
        info.update(name=place.name, country_code=place.country_code, feature_code=place.feature_code)
    return info


def _to_event(article: Article, d: Draft, actors: ActorDictionary, resolutions: list[Resolution], explain: bool,
              gazetteer: Any = None) -> Event:
    cc = d.place.country_code or None
    government = bool(d.actors) and actors.side_of(d.actors[0], cc) == "government"
    acled_type, acled_sub = acled_types(d.kind, government=government, weapon=d.weapon, success=d.success)
    confidence = 0.5 + (0.15 if d.in_clause else 0.0) + (0.1 if d.geo_precision == 1 else 0.0) + (0.1 if d.actors else 0.0)
    confidence += 0.05 if not any(r.startswith("type-from-context") for r in d.rules) else 0.0
    place_key = d.place.place_id or d.place.name
    info = None
    if explain:
        res = resolutions[d.mention_index]
        info = {
            "trigger": d.trigger.text,
            "trigger_offset": d.trigger.start,
            "place_mention": res.mention.surface,
            "candidates": [_candidate_info(gazetteer, pid, score) for pid, score in res.candidates],
            "rules": list(d.rules) + [r for r in res.rules if r not in d.rules],
        }
    return _new_event(
        event_id=event_id_for(article.article_id, d.kind, place_key, d.trigger.start),
        article_id=article.article_id,
        event_type=d.kind,
        lat=round(d.lat, 7),
        lon=round(d.lon, 7),
        weapon=d.weapon,
        acled_event_type=acled_type,
        acled_sub_event_type=acled_sub,
        place=d.place.name,
        place_id=d.place.place_id,
        country_code=cc,
        admin1=d.place.admin1 or None,
        geo_precision=d.geo_precision,
        uncertainty_km=float(d.uncertainty_km),
        event_date=d.event_date,
        time_precision=d.time_precision,
        actors=tuple(d.actors),
        claimed_by=d.claimed_by,
        fatalities=d.fatalities,
        injured=d.injured,
        historical=d.historical,
        evidence=article.text[d.sentence[0]:d.sentence[1]],
        source=article.source,
        url=article.url,
        title=article.title,
        confidence=round(min(confidence, 0.95), 2),
        explain=info,
    )


_new_event = fast_constructor(Event)

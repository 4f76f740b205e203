"""[Mention] -> [Resolution]: choose each mention's place using the document's context.

Each candidate's gazetteer score is adjusted by, in order of weight:
the feature word or phrase around the name ("Idlib city", "the town of", "Hama province",
"Kuweires airbase"), the countries the article talks about (country names and demonyms),
proximity to the other places the article mentions, an "X, east of Y" / "X in Y"
relation to a resolved neighbour, and finally feature rank and population.
Mentions that name a seat of diplomacy, a news agency's home or a government
("arrived in Damascus", "state media in Damascus", "loyal to Damascus", "Tehran's backing")
are flagged with a ``cue:`` rule so that events never land on them.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from operator import itemgetter
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache

from geomap.geodesy import distance_km
from geomap.names import fold, split_feature
from geomap.relative import _last_word
from geomap.rules import group_end, split_top_level, grouped_pattern, load_cues, lowered
from geomap.toponyms import STRONG_RULES, PlaceLookup, per_candidate_tuple, sentence_initial
from geomap.types import Article, Candidate, Mention, MentionRole, Place, Resolution, fast_constructor

COUNTRY_CODES = frozenset({"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR", "CONT", "RGN"})
ADMIN_CODES = frozenset({"ADM1", "ADM2", "ADM3", "ADMD", "ADM1H", "ADM2H"})
_RANK = {"PPLC": 0.06, "PPLA": 0.05, "PPLA2": 0.04, "ADM1": 0.04, "PPL": 0.02, "PPLX": 0.01, "AIRB": 0.03,
         "MILB": 0.03, "AIRP": 0.02}
# (the look-ahead on the first letters lets a search reject most positions at one comparison)
_CITY_BEFORE = re.compile(r"(?=[ctvsno])(?:city|town|village|settlement|suburb|neighbourhood|neighborhood|outskirts)\s+of\s+"
                          r"(?:the\s+)?$", re.I)
_TOWN_AFTER = re.compile(r",\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:town|village|city)\b")  # "al-Gitaina, a town on ..."
_ADMIN_BEFORE = re.compile(r"(?=[pgros])(?:province|governorate|region|oblast|state)\s+of\s+$", re.I)
_IN_AFTER = re.compile(r"^(?:,\s*|\s+in\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north-?western|north-?eastern|south-?western|south-?eastern)\s+)?|\s+(?:near|outside)\s+)$")


_resolution = fast_constructor(Resolution)


def is_country(place: Place | None) -> bool:
    return place is not None and place.feature_code in COUNTRY_CODES


def is_admin(place: Place | None) -> bool:
    return place is not None and (place.feature_code in ADMIN_CODES or place.feature_class == "A") and not is_country(place)


def anchor_kind(place: Place) -> str:
    return "country" if is_country(place) else "admin" if is_admin(place) else "city"


@dataclass(slots=True)
class _Work:
    mention: Mention
    candidates: tuple[Candidate, ...]
    scores: list[float]
    rules: list[str]
    cue: str | None = None
    rejected: str | None = None


def resolve_mentions(article: Article, mentions: list[Mention], lookup: PlaceLookup,
                     sentences: list[tuple[int, int]] | None = None,
                     needed: Collection[int] | None = None) -> list[Resolution]:
    """Resolve every mention of one article; unknown names get ``place=None`` and a reason.

    ``needed`` (indexes into ``mentions``) limits the final choice to those mentions: the
    others still count as context (countries, proximity) but come back unresolved
    (``place=None``, rule ``skipped``).  Every needed mention resolves exactly as in a full run.
    """
    text = article.text
    sentences = sentences or [(0, len(text))]
    work = [_Work(m, _candidates(lookup, m), [], []) for m in mentions]
    _towns_of_admins(text, work, lookup)
    countries, name_votes = _country_context(work)
    total = sum(countries.values()) or 1
    shares = {cc: 0.3 * n / total for cc, n in countries.items()}
    wants_cache: dict[tuple, list[float]] = {}
    weakly_read: set[str] = set()  # names with no known spelling (fuzzy or variant matches only)
    if needed is None:
        wanted = range(len(work))
        scored = set(wanted)
    else:
        wanted = sorted(set(needed))
        scored = set(wanted) | {i + 1 for i in wanted if i + 1 < len(work)}
        scored.update(j for i in wanted if text.startswith(", a", work[i].mention.end) for j in _apposed(text, work, i))
    # a mention outside ``scored`` whose name already points to a place (the first such mention of
    # a name sets its point) is read by nothing: it is not scored, when all mentions of its spelling
    # have the same candidates (else the first mention of each score key must set the key's scores)
    uniform = _uniform_spellings(work) if needed is not None else frozenset()
    settled: dict[str, Place] = {}  # the name's point, as _proximity_pass would choose it
    for n, w in enumerate(work):
        if not w.candidates:
            continue
        name = w.mention.surface.casefold()
        if name in settled and n not in scored and w.mention.surface in uniform:
            if not _has_strong(w.candidates):
                weakly_read.add(name)
            continue
        wants = _wants(text, w.mention)
        key = (w.mention.surface, w.mention.recognizer == "dateline", wants)
        scores = wants_cache.get(key)
        if scores is None:
            scores = _scores(w.candidates, shares, wants)
            if not _has_strong(w.candidates):
                weakly_read.add(w.mention.surface.casefold())
            wants_cache[key] = scores
        w.scores = list(scores)
        if name not in settled:
            place = w.candidates[_argmax(w.scores)].place
            if not is_country(place) and not (place.lat == 0 and place.lon == 0):
                settled[name] = place
    points = _proximity_pass(work, scored, chosen=settled)
    _relation_pass(text, work, wanted)
    _cue_pass(text, work, sentences, None if needed is None else wanted)
    _stray_word_pass(text, work, wanted, points)
    bordering = _Bordering(countries, lookup.gazetteer)
    _far_pass(work, wanted, points, countries, name_votes, bordering, weakly_read)
    memo: dict = {}
    if needed is None:
        return [_to_resolution(w, countries, memo, bordering) for w in work]
    keep = set(wanted)
    return [_to_resolution(w, countries, memo, bordering) if i in keep else _skipped(w) for i, w in enumerate(work)]


_MENTION, _DEMONYM = MentionRole.MENTION.value, MentionRole.DEMONYM.value  # (enum look-ups are slow)


@per_candidate_tuple
def _has_strong(candidates: tuple[Candidate, ...]) -> bool:
    """Does any candidate match a known spelling?"""
    return any(c.rule in STRONG_RULES for c in candidates)


def _uniform_spellings(work: list[_Work]) -> set[str]:
    """The spellings all of whose mentions (with candidates) have equal candidates."""
    first: dict[str, tuple[Candidate, ...]] = {}
    mixed: set[str] = set()
    for w in work:
        if w.candidates:
            seen = first.setdefault(w.mention.surface, w.candidates)
            if seen is not w.candidates and seen != w.candidates:
                mixed.add(w.mention.surface)
    return first.keys() - mixed




def _skipped(w: _Work) -> Resolution:
    return _resolution(w.mention, None, 0.0, _MENTION, (), ("skipped",), "not needed (context only)")


def _candidates(lookup: PlaceLookup, mention: Mention) -> tuple[Candidate, ...]:
    if mention.recognizer == "context":  # "the town of Kabkabiya": a spelling variant, licensed by context
        return lookup.context_candidates(mention.surface)
    found = lookup.candidates(mention.surface)
    if mention.surface.isupper() and len(mention.surface) <= 6 and mention.recognizer != "dateline":
        countries = tuple(c for c in found if is_country(c.place))
        return countries or found
    return found


TOWN_OF_ADMIN_KM = 60.0
HOMONYM_PENALTY = 0.1
_STRONG = STRONG_RULES | {"town-of-admin"}


def _towns_of_admins(text: str, work: list[_Work], lookup: PlaceLookup) -> None:
    """"the town of Um Rawaba", "Um Rawaba, a town": when the words around a name ask for a town and the gazetteer knows the
    name only as an admin unit (a district named after its town), the populated place whose name has the
    same consonants ("Umm Ruwaba") within 60 km of that unit is meant.  It becomes a candidate of every
    mention of the name (rule ``town-of-admin``), scored just above the admin unit: the article said
    which one it means."""
    named: dict[str, tuple[Candidate, ...]] = {}
    find = text.find
    for w in work:
        m = w.mention
        if ((find(" of", m.start - 12 if m.start > 12 else 0, m.start) < 0 and not text.startswith(", a", m.end))
                or not w.candidates or m.surface in named):
            continue  # (words asking for a town end "of" before the name, or follow it: "X, a town on ...")
        if any(c.place.feature_class == "P" for c in w.candidates) or not _wants(text, m)[0]:
            continue
        admins = [c for c in w.candidates if is_admin(c.place)]
        towns = [c for c in (lookup.similar_towns(m.surface) if admins else ())
                 if any(c.place.country_code == a.place.country_code
                        and distance_km(c.place.lat, c.place.lon, a.place.lat, a.place.lon) <= TOWN_OF_ADMIN_KM
                        for a in admins)]
        if towns:
            top = max(a.score for a in admins) + 0.05
            named[m.surface] = tuple(Candidate(c.place, round(top, 4), "town-of-admin", c.matched) for c in towns[:2])
    if not named:
        return
    for w in work:
        extra = named.get(w.mention.surface)
        if extra and w.candidates:
            w.candidates = w.candidates + extra
            w.rules.append(f"town-of-admin:{extra[0].place.name}")


def _country_context(work: list[_Work]) -> tuple[Counter[str], dict[tuple[str, str], int]]:
    """How many mentions name each country for certain, in all and per name: (surface, country) -> count."""
    per_name: dict[tuple[str, str], int] = {}
    for w in work:
        cc = _country_vote(w.candidates)
        if cc is not None:
            key = (w.mention.surface, cc)
            per_name[key] = per_name.get(key, 0) + 1
    counts: Counter[str] = Counter()
    for (_, cc), n in per_name.items():
        counts[cc] += n
    return counts, per_name


def _own_votes(name_votes: dict[tuple[str, str], int], surface: str, cc: str) -> int:
    """The votes for ``cc`` of the mentions of one name, whatever its feature word ("Far'a", "Far'a camp")."""
    core = _core_name(surface)
    return sum(n for (name, country), n in name_votes.items() if country == cc and _core_name(name) == core)


@lru_cache(maxsize=100_000)
def _core_name(surface: str) -> str:
    """A mention's name folded, without a feature word ("Far'a refugee camp" -> "fara")."""
    folded = fold(surface)
    return split_feature(folded)[0] or folded


@per_candidate_tuple
def _country_vote(candidates: tuple[Candidate, ...]) -> str | None:
    """The country a mention with these candidates names for certain (a country, a demonym, or a
    name known only in one country), else None."""
    if candidates and any(c.rule in STRONG_RULES for c in candidates):
        top = candidates[0]
        if top.rule == "demonym" or is_country(top.place) or len({c.place.country_code for c in candidates}) == 1:
            return top.place.country_code
    return None


def _wants(text: str, mention: Mention) -> tuple[bool, bool, bool]:
    """Which kind of feature the words in and around the name ask for: (city, admin unit, air base)."""
    named = _NAMED_WANTS.get(mention.surface)
    if named is None:
        surface = mention.surface.lower()
        last = surface.rsplit(" ", 1)[-1]
        named = (last == "city", last in ("province", "governorate", "oblast", "region", "district", "state"),
                 last in ("airbase", "base", "airport", "airfield") or surface.endswith("air base"))
        if len(_NAMED_WANTS) > 100_000:
            _NAMED_WANTS.clear()
        _NAMED_WANTS[mention.surface] = named
    wants_city, wants_admin, wants_air = named
    if not wants_city and text.startswith(", a", mention.end) and _TOWN_AFTER.match(text, mention.end):
        wants_city = True
    start = mention.start
    lo = start - 30 if start > 30 else 0
    if not text[start - 1:start].isspace() or text.find(" of", lo, start) < 0:  # both cues end "of " (or "of the ")
        return wants_city, wants_admin, wants_air
    before = text[lo:start]
    wants_city = wants_city or bool(_CITY_BEFORE.search(before))
    wants_admin = wants_admin or bool(_ADMIN_BEFORE.search(before))
    return wants_city, wants_admin, wants_air


_NAMED_WANTS: dict[str, tuple[bool, bool, bool]] = {}  # what a name's own last word asks for


def _scores(candidates: tuple[Candidate, ...], shares: dict[str, float], wants: tuple[bool, bool, bool]) -> list[float]:
    """The candidates' scores before the context passes: :func:`_base_score`, less 0.35 for a fuzzy or
    variant reading when the name has a known spelling, less HOMONYM_PENALTY for a place outside the
    country the name itself names.  A candidate in none of the article's countries (share 0) scores
    the same in every article: those scores are remembered per (candidates, wants)."""
    static = _static_scores(candidates, wants)
    if not shares:
        return list(static)
    strong, homeland = static.strong, static.homeland
    scores = list(static)
    for i, c in enumerate(candidates):
        if c.place.country_code in shares:  # the same steps, with the country's share
            score = _base_score(c, shares, wants)
            if strong and c.rule not in _STRONG:
                score = score - 0.35
            if homeland is not None and c.place.country_code != homeland and not is_country(c.place):
                score = score - HOMONYM_PENALTY
            scores[i] = score
    return scores


class _Static(list):
    """Scores without any country share (see :func:`_scores`), with what they were derived by."""

    __slots__ = ("candidates", "strong", "homeland")


_STATIC: dict[tuple[int, tuple[bool, bool, bool]], _Static] = {}
_NO_SHARES: dict[str, float] = {}


def _static_scores(candidates: tuple[Candidate, ...], wants: tuple[bool, bool, bool]) -> _Static:
    key = (id(candidates), wants)
    found = _STATIC.get(key)
    if found is not None and found.candidates is candidates:
        return found
    scores = [_base_score(c, _NO_SHARES, wants) for c in candidates]
    strong = _has_strong(candidates)
    if strong:
        scores = [s if c.rule in _STRONG else s - 0.35 for c, s in zip(candidates, scores)]
    homeland = next((c.place.country_code for c in candidates
                     if is_country(c.place) and c.rule in STRONG_RULES and c.rule != "demonym"), None)
    if homeland is not None:  # "Lebanon": the country, not Lebanon, Pennsylvania, unless the article insists
        scores = [s - HOMONYM_PENALTY if c.place.country_code != homeland and not is_country(c.place) else s
                  for c, s in zip(candidates, scores)]
    found = _Static(scores)
    found.candidates, found.strong, found.homeland = candidates, strong, homeland  # (the tuple keeps its id)
    if len(_STATIC) > 200_000:
        _STATIC.clear()
    _STATIC[key] = found
    return found


def _base_score(cand: Candidate, shares: dict[str, float], wants: tuple[bool, bool, bool]) -> float:
    place = cand.place
    score = cand.score
    score += shares.get(place.country_code, 0)
    wants_city, wants_admin, wants_air = wants
    terms = _PLACE_TERMS.get(place.place_id)
    if terms is None or terms[0] is not place:
        terms = _place_terms(place)
    _, city, admin, air, rank, size = terms
    if wants_city and city:
        score += 0.4
    if wants_admin and admin:
        score += 0.4
    if wants_air and air:
        score += 0.4
    score += rank
    score += size
    return score


_PLACE_TERMS: dict[str, tuple] = {}


def _place_terms(place: Place) -> tuple:
    """What :func:`_base_score` reads of a place (pure, remembered per place): the place, whether it
    is a town, an admin unit, an air base, its rank bonus and its population bonus."""
    terms = (place, place.feature_class == "P", is_admin(place),
             place.feature_code in ("AIRB", "AIRP", "AIRF", "MILB") or place.feature_class == "S",
             _RANK.get(place.feature_code, 0.0), 0.05 * math.log10(place.population + 1) / 7)
    if len(_PLACE_TERMS) > 200_000:
        _PLACE_TERMS.clear()
    _PLACE_TERMS[place.place_id] = terms
    return terms


def _proximity_pass(work: list[_Work], scored: Collection[int] | None = None, *,
                    chosen: dict[str, Place] | None = None) -> set[tuple[float, float, str]]:
    """Candidates near the other places the article mentions win (computed once per name).

    ``scored`` limits the bonuses to those mentions (all of them count as neighbours).
    Returns the places the mentions point to before the bonuses: (lat, lon, name key).
    ``chosen`` (name key -> place) gives those places when the caller already knows them.
    """
    if chosen is None:
        chosen = _points_of(work)
    return _bonuses(work, scored, chosen)


def _points_of(work: list[_Work]) -> dict[str, Place]:
    """The place each name points to: that of the first of its mentions whose best candidate is no
    country and has coordinates."""
    chosen: dict[str, Place] = {}
    for w in work:
        if w.candidates:
            key = w.mention.surface.casefold()
            if key in chosen:
                continue  # the first mention of a name that points to a place sets it
            place = w.candidates[_argmax(w.scores)].place
            if not is_country(place) and not (place.lat == 0 and place.lon == 0):
                chosen[key] = place
    return chosen


def _bonuses(work: list[_Work], scored: Collection[int] | None, chosen: dict[str, Place]) -> set[tuple[float, float, str]]:
    """Add the proximity bonuses (see :func:`_proximity_pass`) and return the points."""
    points = {(*_rounded(p), s) for s, p in chosen.items()}
    # by latitude: a point more than _LAT_WINDOW degrees north or south of a candidate is more
    # than 400 km away (the smallest bonus), so only the points inside the band are measured
    ordered = sorted(points)
    lats = [lat for lat, _, _ in ordered]
    bonuses: dict[str, list[float]] = {}
    for n in (range(len(work)) if scored is None else sorted(scored)):
        w = work[n]
        if len(w.candidates) < 2:
            continue
        own = w.mention.surface.casefold()
        cached = bonuses.get(own)
        if cached is None:
            others = len(chosen) - (own in chosen)  # one point per name
            cached = [0.0] * len(w.candidates)
            scores = w.scores
            floor = max(scores) - 0.3
            if others and _two_at_least(scores, floor):
                for i, cand in enumerate(w.candidates):
                    if cand.place.feature_code in COUNTRY_CODES or scores[i] < floor:
                        continue  # cannot win even with the largest bonus (or a country)
                    lat = cand.place.lat
                    band = ordered[bisect_left(lats, lat - _LAT_WINDOW):bisect_right(lats, lat + _LAT_WINDOW)]
                    nearest = _nearest_km(lat, cand.place.lon, band, own)
                    cached[i] = proximity_bonus(nearest)
            if not any(cached):
                cached = []  # adding 0.0 changes no score
            bonuses[own] = cached
        for i, bonus in enumerate(cached):
            w.scores[i] += bonus
    return points


def proximity_bonus(km: float) -> float:
    """What a candidate gains for lying ``km`` from the nearest other place the article names: 0.3 within
    50 km (plus up to 0.05 more the closer it is, so that of two namesakes near the article's places the
    nearer wins: Birqin by Jenin, not Bruqin 45 km away), 0.2 within 150 km, 0.1 within 400 km."""
    if km < 50:
        return 0.3 + 0.05 * (1 - km / 50)
    return 0.2 if km < 150 else 0.1 if km < 400 else 0.0


def _two_at_least(scores: list[float], floor: float) -> bool:
    """Do at least two of ``scores`` reach ``floor``?"""
    seen = False
    for score in scores:
        if score >= floor:
            if seen:
                return True
            seen = True
    return False


_ROUNDED: dict[str, tuple[Place, float, float]] = {}


def _rounded(place: Place) -> tuple[float, float]:
    """A place's latitude and longitude rounded to 0.1 degree (remembered per place)."""
    found = _ROUNDED.get(place.place_id)
    if found is None or found[0] is not place:
        if len(_ROUNDED) > 200_000:
            _ROUNDED.clear()
        found = _ROUNDED[place.place_id] = (place, round(place.lat, 1), round(place.lon, 1))
    return found[1], found[2]


_LAT_WINDOW = 3.6  # degrees: 400 km / 111.195 km per degree, rounded up


def _nearest_km(lat: float, lon: float, others, own: str | None = None) -> float:
    """Distance to the nearest of ``others`` ((lat, lon) pairs, or (lat, lon, name key) triples of which
    those keyed ``own`` are skipped); stops early once within 1 km.

    Equirectangular distances: good to a few per cent below 1,000 km, and cheap (this loop is hot).
    """
    best = math.inf
    cos, radians, hypot = math.cos, math.radians, math.hypot
    for point in others:
        olat, olon = point[0], point[1]
        if abs(olat - lat) * 111.195 >= best or (own is not None and point[2] == own):
            continue  # even the north-south gap alone is no closer
        d = 111.195 * hypot((olon - lon) * cos(radians((lat + olat) / 2)), olat - lat)
        if d < best:
            best = d
            if d < 1:
                break  # (nothing is nearer in any way that matters)
    return best


_MAJOR_CODES = frozenset({"ADM1", "PPLC", "PPLA"}) | COUNTRY_CODES
STRAY_KM = 500.0


def _stray_word_pass(text: str, work: list[_Work], wanted: Iterable[int],
                     points: set[tuple[float, float, str]]) -> None:
    """A capitalised word opening a sentence ("Artillery rounds landed", "Aid convoys arrived") is a
    place only when the place fits the article: a minor place (not a country, capital, province
    or seat, fewer than 100,000 people) in none of the article's countries and more than 500 km
    from every other place the article names is an ordinary word that happens to be a place name."""
    def opens(w: _Work) -> bool:
        return bool(w.candidates) and " " not in w.mention.surface and w.mention.recognizer != "dateline" \
            and sentence_initial(text, w.mention.start)

    countries: Counter[str] | None = None
    for n in wanted:
        w = work[n]
        if not opens(w):
            continue
        place = w.candidates[_argmax(w.scores)].place
        if place.feature_code in _MAJOR_CODES or place.population >= 100_000:
            continue
        if countries is None:  # the article's countries as its other mentions tell them
            openers = [opens(v) for v in work]  # (every mention: needed here only)
            countries = _country_context([v for v, opener in zip(work, openers) if not opener])[0]
            opening = {v.mention.surface.casefold() for v, o in zip(work, openers) if o}
            vouching = [(lat, lon) for lat, lon, key in points if key not in opening]
        if place.country_code in countries:
            continue
        if not vouching and not countries:
            continue  # nothing to judge the fit by
        if vouching and _nearest_km(place.lat, place.lon, vouching) <= STRAY_KM:
            continue
        w.rejected = (f"a sentence-initial word matching only a minor place ({place.name}, {place.country_code}) "
                      "far from the article's countries and places")
        w.rules.append("rejected:stray-word")


FAR_KM = 1000.0


STRAY_KM_WEAK = 150.0  # a minor place read by spelling variant in an unnamed country this far from the others is wrong


def _far_pass(work: list[_Work], wanted: Iterable[int], points: set[tuple[float, float, str]],
              countries: Counter[str], name_votes: dict[tuple[str, str], int], bordering: Collection[str] = (),
              weakly_read: Collection[str] = frozenset()) -> None:
    """A place in a country no other mention of the article points to, more than 1,000 km from every
    other place the article names, is a wrong reading ("Thai villagers" is no town in Malaysia).

    A fuzzy or variant match (no known spelling) must fit even when its country is mentioned: with no
    other place of the article within 1,000 km, it needs to lie in the country the article names most
    (for a consonant-skeleton match, alone at the top), else it stays unresolved ("the Golan Heights"
    is no Glenn Heights, Texas, because a US official is quoted): better no place than one on another
    continent.  A variant match in a country that borders the leading one fits too ("Israeli strikes on
    Deir al-Balah": Palestine borders Israel).  Names read only that way (``weakly_read``, case-folded)
    neither vouch for another place nor count against it."""
    others_of: dict[str, list[tuple[float, float]]] = {}  # the other points, per name
    for n in wanted:
        w = work[n]
        if not w.candidates or w.rejected:
            continue
        cand = w.candidates[_argmax(w.scores)]
        place = cand.place
        if is_country(place):
            continue
        weak = cand.rule not in _STRONG
        own = w.mention.surface.casefold()
        if not weak and countries.get(place.country_code, 0):
            if place.feature_code in _MAJOR_CODES or place.population >= 100_000:
                if countries[place.country_code] - (_country_vote(w.candidates) == place.country_code) > 0:
                    continue
            elif countries[place.country_code] - _own_votes(name_votes, w.mention.surface, place.country_code) > 0:
                continue  # (a minor place told twice does not vouch for its own country: "Morag ... Morag")
        others = others_of.get(own)
        if others is None:
            core = _core_name(own)  # (the same name with another feature word is no other place)
            others = others_of[own] = [(lat, lon) for lat, lon, key in points
                                       if key != own and key not in weakly_read and _core_name(key) != core]
        if weak:
            fuzzy = cand.rule.endswith("fuzzy")
            if (not countries.get(place.country_code) and place.feature_code not in _MAJOR_CODES
                    and place.population < 100_000 and others
                    and _nearest_km(place.lat, place.lon, others) > STRAY_KM_WEAK):
                w.rejected = (f"only a {cand.rule} match ({place.name}, {place.country_code}) in a country the article "
                              f"does not name, more than {STRAY_KM_WEAK:.0f} km from every other place it names")
                w.rules.append("rejected:far")
            elif ((not others or (nearest := _nearest_km(place.lat, place.lon, others)) > FAR_KM)
                  and not _leading(countries, place.country_code, alone=fuzzy)
                  and (fuzzy or place.country_code not in bordering or (others and nearest > 2 * FAR_KM))):
                # (a bordering country fits, but not 2,000 km beyond the article's places: "Kyangin" in
                # Myanmar is no Jiangyin near Shanghai)
                w.rejected = (f"only a {cand.rule} match ({place.name}, {place.country_code}), outside the article's "
                              f"leading country and more than {FAR_KM:.0f} km from every other place it names")
                w.rules.append("rejected:far")
        elif place.feature_code != "PPLC" and others and _nearest_km(place.lat, place.lon, others) > FAR_KM:
            # (a national capital is never too far to be named: "Assad fled to Moscow" in a report on Hama)
            w.rejected = (f"{place.name} ({place.country_code}) lies in none of the article's countries, more than "
                          f"{FAR_KM:.0f} km from every other place it names")
            w.rules.append("rejected:far")


def _leading(countries: Counter[str], cc: str, *, alone: bool) -> bool:
    """Is ``cc`` the country the article names most often (``alone``: and no other as often)?  True
    when the article names no country at all (nothing to judge by)."""
    if not countries:
        return True
    top = max(countries.values())
    return countries.get(cc, 0) == top and (not alone or sum(1 for n in countries.values() if n == top) == 1)


class _Bordering:
    """The countries that share a land border with those the article names most (GeoNames
    neighbours), looked up on first use only (few articles need them)."""

    def __init__(self, countries: Counter[str], gazetteer: object) -> None:
        self._countries, self._gazetteer, self._codes = countries, gazetteer, None

    def __contains__(self, cc: object) -> bool:
        if self._codes is None:
            self._codes = set()
            neighbours = getattr(self._gazetteer, "neighbours", None)
            top = max(self._countries.values(), default=0)
            for leading, count in self._countries.items():
                if count == top and neighbours is not None:
                    self._codes.update(neighbours(leading))
        return cc in self._codes


_PART_OF = re.compile(r"^\s+(?:of|in)\s+(?:the\s+)?(?:city\s+of\s+)?$", re.I)
_PART_WORD = re.compile(r"\b(?:district|neighbourhood|neighborhood|quarter|suburb|raion)$", re.I)


def _part_of(x: _Work, y: _Work) -> None:
    """"the Dniprovskyi district of Zaporizhzhia": a district of Y lies within 100 km of Y; when the
    gazetteer knows the name only elsewhere (a same-named district of another city), X stays unresolved
    so that the event falls to Y itself."""
    anchor = y.candidates[_argmax(y.scores)].place
    if is_country(anchor) or is_admin(anchor):
        return
    strong = any(c.rule in STRONG_RULES for c in x.candidates)  # a strong match is not beaten by a fuzzy one
    near = [k for k, c in enumerate(x.candidates) if (not strong or c.rule in STRONG_RULES)
            and distance_km(c.place.lat, c.place.lon, anchor.lat, anchor.lon) < 100]
    for k in near:
        x.scores[k] += 0.35
    x.rules.append(f"relation:part-of {y.mention.surface}")
    if not near:
        x.rejected = f"a part of {y.mention.surface}, but every candidate lies more than 100 km from it"


_ATTRIBUTIVE_AFTER = re.compile(
    r"\s+(?:officials?|forces|troops|soldiers|military|army|navy|air force|media|state|sources|government|"
    r"authorities|president|envoy|diplomats?|spokes(?:man|woman|person)|ministry|defen[cs]e|intelligence|"
    r"warplanes|jets|drones|embassy|officers?|commanders?|police|security)\b")


_DIRECTION_OF = re.compile(r"^(?:,\s*|\s+)(?:\d+\s*(?:km|kilomet\w+|miles)\s+)?(?:north|south|east|west)[\w-]*\s+of\s+(?:the\s+)?$")


def _relation_pass(text: str, work: list[_Work], wanted: Iterable[int] | None = None) -> None:
    """"X, east of Y" / "X in Y": X's candidates close to (or inside) Y's chosen place win."""
    for i in (range(len(work) - 1) if wanted is None else wanted):
        if i + 1 >= len(work):
            continue
        x, y = work[i], work[i + 1]
        if not x.candidates or not y.candidates:
            continue
        between = text[x.mention.end:y.mention.start]
        if between[:1] != "," and not between[:1].isspace():
            continue  # every relation opens with a comma or a space
        if _PART_OF.match(between) and _PART_WORD.search(x.mention.surface):
            _part_of(x, y)
            continue
        if not (_IN_AFTER.match(between) or _DIRECTION_OF.match(between)):
            if between.startswith(", a"):  # "Kamianske, a village ... in Ukraine's Zaporizhzhia region"
                for j in _apposed(text, work, i):
                    _inside(x, work[j], "apposition")
            continue
        anchor = y.candidates[_argmax(y.scores)].place
        if is_country(anchor) and any(is_country(c.place) and c.rule in STRONG_RULES for c in x.candidates):
            continue  # "a base in Jordan, US officials said": a country is in no other country
        if between.strip() == "," and _ATTRIBUTIVE_AFTER.match(text, y.mention.end):
            continue  # "struck Sidon, US officials said": the country names who spoke, not where X lies
        if is_country(anchor) or is_admin(anchor):
            _inside(x, y, between.strip() or "in")
            continue
        for k, cand in enumerate(x.candidates):
            p = cand.place
            if distance_km(p.lat, p.lon, anchor.lat, anchor.lon) < 100:
                x.scores[k] += 0.35
        x.rules.append(f"relation:{between.strip() or 'in'} {y.mention.surface}")


def _inside(x: _Work, y: _Work, phrase: str) -> None:
    """X lies in the country or region Y names: X's candidates inside Y's chosen place gain."""
    anchor = y.candidates[_argmax(y.scores)].place
    if not (is_country(anchor) or is_admin(anchor)):
        return
    for k, cand in enumerate(x.candidates):
        p = cand.place
        if p.country_code == anchor.country_code and (not is_admin(anchor) or not p.admin1 or not anchor.admin1
                                                      or p.admin1 == anchor.admin1 or p.admin1 in anchor.name):
            x.scores[k] += 0.25
    x.rules.append(f"relation:{phrase} {y.mention.surface}")


# "X, a village on the former Kakhovka reservoir in Ukraine's ": a place noun in apposition, then "in"
_APPOSED_IN = re.compile(r",\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(?:village|town|city|hamlet|settlement|suburb"
                         r"|district|neighbou?rhood|port|camp)\b[^,;.!?()]{0,90}?\sin\s+(?:the\s+)?"
                         r"(?:[A-Z][\w-]*['’]s\s+)?$")


def _apposed(text: str, work: list[_Work], i: int) -> list[int]:
    """The mentions after X = ``work[i]`` that an apposition places X in ("X, a town ... in Y")."""
    x = work[i]
    if not text.startswith(", a", x.mention.end):
        return []
    found = []
    for j in range(i + 1, min(i + 6, len(work))):
        y = work[j]
        if y.mention.start - x.mention.end > 140:
            break
        if _APPOSED_IN.match(text[x.mention.end:y.mention.start]) and y.candidates:
            found.append(j)
    return found


# every place-before cue ends with one of these words (before "the", "city of", "northern"...)
_CUE_ENDINGS = frozenset({"in", "to", "into", "capital", "media", "agency", "with", "from", "by", "visit", "visited",
                          "visiting", "of", "at"})


_first = itemgetter(0)  # a sentence's start
_COORDINATED = re.compile(r"\s*(?:,|and|or|,\s*and)\s*")


def _cue_pass(text: str, work: list[_Work], sentences, wanted: Iterable[int] | None = None) -> None:
    """Flag mentions named as seats of diplomacy, media homes or governments (``cue:`` rules).

    A mention coordinated with a flagged one ("in Ankara and Tehran") is flagged too.
    ``wanted`` limits the work to those mentions (and the ones they are coordinated with).
    """
    cues = load_cues()
    place_before, low = _lowered_place_before(cues), lowered(text)
    after_first = _first_characters(cues.place_after)
    if wanted is None:
        todo = range(len(work))
    else:
        marked = set(wanted)
        for i in sorted(marked, reverse=True):  # a cue may come from the coordinated mention before
            while i > 0 and i - 1 not in marked and _coordinated(text, work[i - 1], work[i]):
                marked.add(i - 1)
                i -= 1
        todo = sorted(marked)
    previous: _Work | None = None
    for n in todo:
        w = work[n]
        if wanted is not None:
            previous = work[n - 1] if n > 0 and n - 1 in marked else None
        m = w.mention
        floor = sentences[max(0, bisect_right(sentences, m.start, key=_first) - 1)][0]
        lo = max(floor, m.start - 80)
        window = text[lo:m.start]
        hit = place_before.search(low[lo:m.start]) if _last_word(window) in _CUE_ENDINGS else None
        if hit and _CAPITAL_OPENER.fullmatch(text, floor, m.start):
            hit = None  # "In the state capital Sittwe, shells struck ...": the scene, not a seat of government
        if hit:
            w.cue = "cue:" + window[hit.start():hit.end()].strip()
        elif text[m.end:m.end + 1] in after_first:
            after = cues.place_after.match(text, m.end, min(len(text), m.end + 60))
            if after:
                w.cue = "cue:" + after.group(0).strip()
        if w.cue is None and previous is not None and previous.cue and _coordinated(text, previous, w):
            w.cue = previous.cue + " (coordinated)"
        if w.cue:
            w.rules.append(w.cue)
        previous = w


_CAPITAL_OPENER = re.compile(r"(?:In|Inside)\s+the\s+(?:[\w-]+\s+)?capital,?\s+")
_LOWERED_PLACE_BEFORE: list = []


def _lowered_place_before(cues) -> re.Pattern[str]:
    """The place-before cues lower-cased and grouped by first letter, for matching against
    :func:`lowered` text (the same spans, faster); remembered for the last cues object."""
    if not _LOWERED_PLACE_BEFORE or _LOWERED_PLACE_BEFORE[0] is not cues:
        _LOWERED_PLACE_BEFORE[:] = [cues, grouped_pattern(cues.place_before.pattern)]
    return _LOWERED_PLACE_BEFORE[1]


class _Anything:
    """Contains every string (no precondition known)."""

    def __contains__(self, item: object) -> bool:
        return True


_FIRST_CHARACTERS: dict[str, Collection[str]] = {}


def _first_characters(pattern: re.Pattern[str]) -> Collection[str]:
    """The characters a match of ``pattern`` can start with, when every top-level alternative of it
    starts with a literal quote or space (characters without a case): a cheap test before matching.
    Otherwise a collection that contains everything."""
    found = _FIRST_CHARACTERS.get(pattern.pattern)
    if found is None:
        found = _FIRST_CHARACTERS[pattern.pattern] = _literal_starts(pattern.pattern) or _Anything()
    return found


def _literal_starts(expression: str) -> set[str] | None:
    """First characters of the top-level alternatives of ``(?:alt|alt|...)`` when each opens with
    ``(?:`` groups whose alternatives do the same, ending in a quote class ``['’]`` or a space."""
    if not (expression.startswith("(?:") and group_end(expression, 0) == len(expression) - 1):
        return None
    starts: set[str] = set()
    for alt in split_top_level(expression[3:-1]):
        if alt.startswith("(?:") and group_end(alt, 0) >= 0:
            inner = _literal_starts(alt[:group_end(alt, 0) + 1])
            if inner is None:
                return None
            starts |= inner
        elif alt.startswith("['’]"):
            starts |= {"'", "’"}
        elif alt.startswith(" "):
            starts.add(" ")
        else:
            return None
    return starts


def _coordinated(text: str, previous: _Work, w: _Work) -> bool:
    return previous.mention.end <= w.mention.start and bool(
        _COORDINATED.fullmatch(text, previous.mention.end, w.mention.start))


def _argmax(values: list[float]) -> int:
    """The index of the first largest value (0 for none)."""
    return values.index(max(values)) if values else 0


def _to_resolution(w: _Work, countries: Counter[str], memo: dict | None = None,
                   bordering: Collection[str] = ()) -> Resolution:
    """The mention's final resolution; ``memo`` (one dict per article, whose candidate tuples stay
    alive meanwhile) remembers the ranked candidate list per (candidates, scores).  A variant match
    must lie in one of the article's countries or (not for consonant skeletons) in a neighbour of
    the leading one."""
    if not w.candidates:
        return _resolution(w.mention, None, 0.0, _MENTION, (), tuple(w.rules), "not in the gazetteer")
    best = _argmax(w.scores)
    cand = w.candidates[best]
    if w.rejected:
        return _resolution(w.mention, None, 0.0, _MENTION, (), tuple(w.rules), w.rejected)
    if cand.rule not in _STRONG and countries and cand.place.country_code not in countries and (
            cand.rule.endswith("fuzzy") or cand.place.country_code not in bordering):
        return _resolution(w.mention, None, 0.0, _MENTION, (), tuple(w.rules) + (f"rejected:{cand.rule}",),
                           f"only a {cand.rule} match ({cand.place.name}, {cand.place.country_code}) outside the "
                           "article's countries")
    key = (id(w.candidates), tuple(w.scores))
    listed = memo.get(key) if memo is not None else None
    if listed is None:
        scores = w.scores  # best first, ties in candidate order (a stable sort)
        seen: set[str] = set()
        found = []
        for i in sorted(range(len(scores)), key=scores.__getitem__, reverse=True) if len(scores) > 1 else (0,):
            place_id = w.candidates[i].place.place_id
            if place_id not in seen:
                seen.add(place_id)
                found.append((place_id, round(scores[i], 4)))
                if len(found) == 5:
                    break
        listed = tuple(found)
        if memo is not None:
            memo[key] = listed
    role = _DEMONYM if cand.rule == "demonym" else _MENTION
    return _resolution(w.mention, cand.place, round(min(1.0, w.scores[best] / 1.5), 4), role, listed,
                       (f"match:{cand.rule}", *w.rules), None)


def suppressed(resolution: Resolution) -> bool:
    """True when a context cue says the mention is not where anything happened."""
    for rule in resolution.rules:
        if rule.startswith("cue:"):
            return True
    return False

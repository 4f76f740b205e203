"""Article -> [Mention]: gazetteer-driven toponym recognition with capitalisation and context rules.

Candidate spans are runs of capitalised tokens (Arabic particles such as "al-" allowed
inside), optionally followed by a feature word ("Idlib city", "Kuweires airbase",
"Hama province").  A run is skipped when it is an organisation ("Hayat Tahrir
al-Sham", "Syrian Democratic Forces"), a person ("Bashar al-Assad", a name after a
title, a name that later "said"/"told"), a month or weekday name, or a common word
capitalised at the start of a sentence.  Facility names keep their place part
("Aleppo University" -> "Aleppo").  A dateline ("BEIRUT (Reuters) -") is a mention too.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Protocol

from geomap.actors import word_runs
from geomap.dates import MONTH_ABBREVIATIONS
from geomap.segment import DATELINE
from geomap.types import Article, Candidate, Mention, fast_constructor

_PARTICLE = r"(?:al|el|as|ash|ad|ar|an|at|az|ez|ed|es|ul|ibn|bin|bani|de|la|le|du|di)"
_TOKEN = rf"(?:{_PARTICLE}[-‑])?[A-Z][\w’'‑-]*(?<![’'‑-])"
_FEATURE_WORDS = (
    r"city|province|governorate|oblast|region|district|airbase|air base|airport|military airport|airfield"
    r"|crossing|border crossing|dam|military base|base|refugee camp|camp|countryside|county|raion|state"
)
_RUN = re.compile(rf"{_TOKEN}(?:[ ](?:(?:al|el|bin|ibn|bani|abu|de|du|da|di|van|von|der)[ ])?{_TOKEN})*(?:[ ](?:{_FEATURE_WORDS})\b)?")
_CAPITAL = re.compile(r"[A-Z]")
# _RUN where it starts at a capital: a search for it finds the next capital at once (its first character)
_RUN_AT_CAPITAL = re.compile(_RUN.pattern[len(rf"(?:{_PARTICLE}[-‑])?"):])
_PARTICLES = tuple(sorted(_PARTICLE[3:-1].split("|"), key=len, reverse=True))


def _particle_start(text: str, start: int, floor: int) -> int:
    """Where a run whose capital at ``start`` follows a hyphen begins: at the Arabic particle joined
    to it ("al-Sham"; the longest particle first, for the leftmost start), else at ``start``."""
    for particle in _PARTICLES:
        begin = start - 1 - len(particle)
        if begin >= floor and text.startswith(particle, begin):
            return begin
    return start


def _runs(text: str):
    """``_RUN.finditer(text)``, faster: jump from capital to capital (a run starts at its first
    capital or at the particle joined to it, "al-Sham"), then match the run there."""
    pos, size = 0, len(text)
    while pos < size:
        cap = _CAPITAL.search(text, pos)
        if cap is None:
            return
        start = cap.start()
        if start >= 3 and text[start - 1] in "-‑":
            start = _particle_start(text, start, pos)
        run = _RUN.match(text, start)
        yield run
        pos = run.end()
        if "s " in run.group(0):  # "Syria's Idlib province": the run is cut after the possessive
            cut = _CUT.search(run.group(0))  # (see _run_tokens), what follows is a run of its own
            if cut is not None:
                pos = start + cut.end()


_POSSESSIVE = re.compile(r"['’]s$")
_DATELINE = re.compile(r"\A\s*" + DATELINE.pattern)
MONTHS = frozenset("January February March April May June July August September October November December".split())
WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_STOP = frozenset(
    "The A An In At As On Of For From By To With Without After Before During Since Until While When Where Who What"
    " Which This That These Those It Its He She They We I You His Her Their Our But And Or If Then Than So Yet Also"
    " Across Near Around Inside Outside Along Meanwhile However Earlier Later Last Next New Mr Mrs Ms Dr Gen General"
    " President Prime Minister Foreign Defence Defense Interior Secretary State Minister Ministry King Queen Prince"
    " Emir Sheikh Pope Photograph Photo Video Reuters AP AFP Update Breaking Live Read More Some Many Most All No One"
    " Two Three Four Five Six Seven Eight Nine Ten Dozens Hundreds Both Each Several Other Another According Despite"
    " Amid Following Local Officials Residents Witnesses Sources Government Army Military Forces Police Civil"
    " Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
) | MONTHS
_ORG_WORDS = frozenset(
    "Army Forces Force Guards Guard Council Ministry Agency Front Brigade Brigades Party Committee Office Corps"
    " Movement Organisation Organization Media News Observatory Crescent Cross Nations Union Helmets Presidency"
    " Command Division Battalion Regiment Group Times Press Monitor Institute Watch Bank Fund Court Parliament"
    " Assembly Coalition Alliance Authority Authorities Company Corporation Network Television Radio TV Post"
    " Tribune Journal Herald Guardian Telegraph Foundation Programme Program Mission Commission Federation"
    " Administration Department Service Services Police Navy Fleet Jihad Liberation Resistance Revolutionary".split()
)
_FACILITY_WORDS = frozenset(
    "University Hospital Stadium Square Mosque Church Bridge School College Prison Citadel Market Museum Station"
    " Highway Road Street Gate Park Palace Hotel Tower Plant Refinery Port Harbour Harbor".split()
)
_SPEECH_AFTER = re.compile(r"\s*(?:,[^,]{0,60},\s*)?(?:said|says|told|added|wrote|stated|tweeted|warned|insisted|claimed|reportedly|has said|had said|was quoted)\b")
_PERSON_CONNECTOR = re.compile(r"\b(?:bin|ibn|bint|abu|umm|van|von|der|da)\b")


class GazetteerLike(Protocol):
    def lookup(self, name: str, *, country_codes=None, limit: int = 10) -> list[Candidate]: ...


def per_candidate_tuple(function):
    """Remember ``function(candidates)`` per candidate tuple.  :class:`PlaceLookup` hands out one
    shared tuple per name, so the tuple's identity is the key (hashing its records would cost more
    than most answers); the tuple is kept with the answer so that its id cannot be reused."""
    table: dict[int, tuple] = {}

    def remembered(candidates):
        found = table.get(id(candidates))
        if found is not None and found[0] is candidates:
            return found[1]
        value = function(candidates)
        if len(table) > 200_000:
            table.clear()
        table[id(candidates)] = (candidates, value)
        return value

    remembered.__doc__, remembered.__name__ = function.__doc__, function.__name__
    return remembered


class PlaceLookup:
    """Cached gazetteer lookups shared by recognition and resolution."""

    def __init__(self, gazetteer: GazetteerLike, limit: int = 10) -> None:
        self.gazetteer = gazetteer
        self.limit = limit
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._accepted: dict[tuple[str, bool], tuple[Candidate, ...]] = {}
        self.run_memo: dict[tuple, tuple] = {}  # toponyms._matches_in_run
        self.masks: dict[str, bool] = {}  # toponyms._masked_spans: does an actor alias mask its span?

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        found = self._cache.get(name)
        if found is None:
            is_name = getattr(self.gazetteer, "is_name", None)
            # one-word names must be known spellings (fast membership test); longer names may
            # also match fuzzily ("Tel Rifaat" -> "Tall Rif'at")
            if is_name is not None and " " not in name.strip() and not _known(is_name, name):
                found = ()
            else:
                found = tuple(self.gazetteer.lookup(name, limit=self.limit))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[name] = found
        return found

    def context_candidates(self, name: str) -> tuple[Candidate, ...]:
        """Candidates for a one-word name in a place context ("the town of X"): when a spelling the
        gazetteer matches scores at least ``LICENSED_MIN_SCORE``, every spelling within 0.1 of that
        (the article's context chooses); populated places and sites only (cached apart from
        :meth:`candidates`, which needs known spellings)."""
        key = ("context", name)
        found = self._accepted.get(key)
        if found is None:
            places = [c for c in self.gazetteer.lookup(name, limit=self.limit) if c.place.feature_class in ("P", "S")]
            # once one spelling is good enough, close ones stay for the article's context to choose from
            # ("the Yemeni coastal town of al-Khokha": Al Khawkhah, though a town in Peru scores higher)
            found = (tuple(c for c in places if c.score >= LICENSED_MIN_SCORE - 0.1)
                     if any(c.score >= LICENSED_MIN_SCORE for c in places) else ())
            self._accepted[key] = found
        return found

    def similar_towns(self, name: str) -> tuple[Candidate, ...]:
        """Populated places whose consonant skeleton matches ``name`` even when the name has exact
        matches of another kind ("Um Rawaba": a locality; the town is spelt Umm Ruwaba), cached;
        empty when the gazetteer cannot search by skeleton."""
        key = ("similar", name)
        found = self._accepted.get(key)
        if found is None:
            similar = getattr(self.gazetteer, "similar", None)
            found = tuple(c for c in similar(name, limit=self.limit) if c.place.feature_class == "P") if similar else ()
            self._accepted[key] = found
        return found

    def acceptable(self, surface: str, single: bool) -> tuple[Candidate, ...]:
        """The candidates that make ``surface`` a toponym (see :func:`_acceptable`), cached."""
        key = (surface, single)
        found = self._accepted.get(key)
        if found is None:
            found = _acceptable(self.candidates(surface), single=single, surface=surface)
            if surface.isupper() and len(surface) <= 6:
                # an acronym (HTS, IRNA) is a place only when it names a country (US, UAE)
                found = tuple(c for c in found if c.place.feature_code in _COUNTRY_CODES)
            if len(self._accepted) > 200_000:
                self._accepted.clear()
            self._accepted[key] = found
        return found


def _known(is_name, name: str) -> bool:
    from geomap.names import fold, split_feature

    folded = fold(name)
    if not folded:
        return False
    if is_name(folded):
        return True
    core, group = split_feature(folded)
    return bool(group) and core != folded and is_name(core)


def _masked_spans(text: str, lookup: PlaceLookup) -> list[tuple[int, int]]:
    """Spans of organisation names from the actor dictionary (never places).

    Multi-word names ("Hayat Tahrir al-Sham") and capitalised single names ("Hamas",
    "HTS") are masked; a single name that is a country ("Israel") stays a place.
    """
    from geomap.actors import load_actors

    spans = []
    masks = lookup.masks
    for match in load_actors().find(text, "*"):
        alias = match.alias
        masked = masks.get(alias)
        if masked is None:  # depends on the alias only: remembered
            words = alias.split()
            masked = False
            if len(words) > 1:
                masked = all(w[:1].isupper() or _NAME_LINK.match(w) is not None for w in words[1:])
            elif words and words[0][:1].isupper():
                masked = not any(c.place.feature_code in _COUNTRY_CODES for c in lookup.candidates(words[0]))
            if len(masks) > 100_000:
                masks.clear()
            masks[alias] = masked
        if masked:
            spans.append((match.start, match.end))
    return spans


_NAME_LINK = re.compile(rf"{_PARTICLE}-|of$|for$|the$|and$")
_PARTICLE_JOINED = re.compile(rf"{_PARTICLE}-")


def _lower_words(text: str) -> frozenset[str]:
    """``frozenset(_LOWER_WORD.findall(text))``, read off the text's distinct word runs (shared with
    the actor scan): a lower-case word is the letters a run starts with, up to its end or an apostrophe."""
    runs, lowered = word_runs(text)
    if not text.isascii() or lowered is None:
        return frozenset(_LOWER_WORD.findall("\n".join(runs)))  # the runs are whole: the same words
    plain = runs & lowered  # no capital letter
    words = set(filter(str.isalpha, plain))  # ASCII: [a-z]+
    for run in plain - words:
        cut = run.find("'")
        if cut > 1 and run[:cut].isalpha():
            words.add(run[:cut])  # "children's": "children"
    words -= _SINGLE_LETTERS
    return frozenset(words)


_SINGLE_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")


# a lower-case word not preceded by a word character, apostrophe or hyphen; the look-behind comes after
# the first letter (it checks the character before it) so that the search can skip to letters at once
_LOWER_WORD = re.compile(r"[a-z](?<![\w'’-][a-z])[a-z]+(?![\w-])")
_CUT = re.compile(r"['’]s ")
_NONSPACE = re.compile(r"\S+")


def find_mentions(article: Article, lookup: PlaceLookup) -> list[Mention]:
    """Return the toponym mentions of ``article`` in text order (offsets into ``article.text``)."""
    text = article.text
    mentions: list[Mention] = []
    masked = _masked_spans(text, lookup)
    masked_ends = [b for _, b in masked]
    common = _lower_words(text)
    persons: set[str] = set()
    seen: set[str] = set()  # names already mentioned (the later mentions are duplicates)
    dateline = _DATELINE.match(text)
    if dateline:
        surface = dateline.group("place").strip()
        if surface.isupper() and lookup.candidates(surface.title()):
            start = dateline.start("place") + (len(dateline.group("place")) - len(dateline.group("place").lstrip()))
            mentions.append(Mention(article.article_id, start, start + len(surface), surface, "dateline", 0.9))
            seen.add(surface.casefold())
    dateline_end = dateline.end() if dateline else -1
    memo, run_memo, article_id = _RUN_INFO, lookup.run_memo, article.article_id
    stop, calendar, facility = _STOP, _CALENDAR, _FACILITY_WORDS
    n_masked = len(masked)
    search = _RUN_AT_CAPITAL.scanner(text).search  # each search goes on from the end of the last run
    pos = 0
    while True:  # the runs of _runs(text), inlined
        run = search()
        if run is None:
            break
        start, end = run.span()
        if start >= 3 and text[start - 1] in "-‑":
            start = _particle_start(text, start, pos)
            surface = text[start:end]
        else:
            surface = run.group()
        pos = end
        if "s " in surface:  # "Syria's Idlib province": the run is cut after the possessive
            cut = _CUT.search(surface)  # (see _run_tokens), what follows is a run of its own
            if cut is not None:
                pos = start + cut.end()
                search = _RUN_AT_CAPITAL.scanner(text, pos).search
        if start < dateline_end:
            continue
        if surface in stop:
            continue  # a lone stop word ("The", "Officials", "Monday"): nothing left once dropped
        info = memo.get(surface)
        if info is None:
            info = _run_info(surface)
        rel, all_words, lowers, orgs, connectors = info
        if len(all_words) == 1:  # one word (most runs): the steps below without slices
            word, lower = all_words[0], lowers[0]
            if (word in stop or word in calendar
                    or (lower in common and lower != "central" and sentence_initial(text, start + rel[0][0]))
                    or (word in _MONTH_SHORT and _DAY_AFTER.match(text, start + rel[0][1]))):  # ("CHIANG MAI, Jan 9 -")
                continue
            first_start, last_end = start + rel[0][0], start + rel[0][1]
            first = bisect_right(masked_ends, first_start)
            if (first < n_masked and masked[first][0] < last_end) or orgs[0]:
                continue
            # _is_person_run for one word, inlined (the same tests, the cheap ones first)
            if (connectors[0] or word in persons or ("-" in word and word.split("-", 1)[-1] in persons)
                    or (not lookup.candidates(word) and _SPEECH_AFTER.match(text, last_end) is not None)
                    or _title_before(text, first_start)):
                if word[:1].isupper():
                    persons.add(word)
                if "-" in word:
                    persons.add(word.split("-", 1)[-1])
                continue
            if word in persons or word in facility:
                continue
            shapes = run_memo.get((word, False, (lower in common,)))  # _matches_in_run's memo, read here
            if shapes is None:
                _matches_in_run(article, text, start, rel, lookup, False, common, lowers, seen, mentions, word)
                continue
            for a, b, name, score, sub, folded in shapes:  # (as _matches_in_run adds them)
                mentions.append(_new_mention(article_id, first_start + a, first_start + b, name, "lexicon", score,
                                             sub, folded in seen))
                seen.add(folded)
            continue
        # drop leading stop words and sentence-initial common words ("Residents", "Artillery"), then
        # trailing weekday and month names
        k, m = 0, len(all_words)
        while k < m:
            if all_words[k] in stop:
                if k == 0 and all_words[0] in _PLACE_OPENERS and _named_place(lookup, surface):
                    break  # "Sheikh Radwan", "Sheikh Maqsoud": a place's own name, not a title
                k += 1
                continue
            lower = lowers[k]
            if lower in common and lower != "central" and sentence_initial(text, start + rel[k][0]):
                k += 1
                continue
            break
        while m > k and all_words[m - 1] in calendar:
            m -= 1
        if k == m:
            continue
        first_start, last_end = start + rel[k][0], start + rel[m - 1][1]
        first = bisect_right(masked_ends, first_start)  # masked spans are sorted and disjoint
        if first < n_masked and masked[first][0] < last_end:
            continue
        if True in orgs[k:m] and not _region_named(lookup, text[first_start:last_end]):
            continue  # "World Bank", "Popular Front" (but "the West Bank" is a region's own name)
        words = all_words[k:m]
        if _is_person_run(text, first_start, last_end, words, True in connectors[k:m], lookup, persons):
            persons.update(w for w in words if w[:1].isupper())
            persons.update(w.split("-", 1)[-1] for w in words if "-" in w)
            continue
        if len(words) == 1 and words[0] in persons:
            continue
        nested = False
        while m > k and all_words[m - 1] in facility:
            m -= 1
            nested = True
        if k == m:
            continue
        _matches_in_run(article, text, start, rel[k:m], lookup, nested, common, lowers[k:m], seen, mentions)
    # already in text order (the dateline, then the runs left to right), duplicates marked as made
    mentions = [m for m in mentions if _MODEL_AFTER.match(text, m.end) is None
                or any(c.rule == "demonym" for c in lookup.candidates(m.surface))]  # ("Israeli jets")
    return _licensed(article, mentions, lookup, common, persons)


# a weapon's model name is no place even when a place bears it ("a Namer troop carrier", "Grad rockets",
# "Buk missiles", "Leopard tanks"), unless the words after name a strike or a site ("a Kherson missile strike")
_MODEL_AFTER = re.compile(
    r"(?:-[\w-]+)?\s+(?:(?:troop|personnel) carriers?|APCs?|(?:main battle )?tanks?|(?:infantry )?fighting vehicles?"
    r"|armou?red vehicles?|howitzers?|(?:rocket )?launchers?|air[- ]defen[cs]e systems?|(?:missile|rocket) systems?"
    r"|missiles?|rockets?|shells|drones?|jets?)\b(?![\w-]|\s+(?:strikes?|attacks?|barrages?|fire|factory|plant|works"
    r"|base|brigade|battalion|regiment|division|crews?|units?|school|repair))")


# "the town of Kabkabiya", "10km north of al-Dhale", "near Vysokopillia": one-word names that are only a
# spelling variant of a gazetteer name are places when the words before them say so (rules by geomap; see _licensed)
_OF_OR_NEAR_CAPITAL = re.compile(rf" (?:of|near) (?=(?:{_PARTICLE}[-‑])?[A-Z])")
_LICENSE_NOUNS = frozenset("town city village hamlet settlement camp district neighbourhood neighborhood locality"
                           " outskirts suburbs districts neighbourhoods neighborhoods".split())
_LICENSE_DIRECTIONS = frozenset("north south east west northeast northwest southeast southwest north-east north-west"
                                " south-east south-west".split())
_DISTANCE_BEFORE = re.compile(r"\d\s*-?\s*(?:km|kilometres|kilometers|miles)\s+(?:\(\d+\s*miles?\)\s+)?(?:to\s+the\s+)?"
                              r"(?:(?:north|south)[- ]?|(?:east|west)[- ]?)?$")
_LICENSED_NAME = re.compile(rf"(?:{_PARTICLE}[-‑])?[A-Z][\w’'‑-]*(?<![’'‑-])(?![\w’'‑-]| (?:(?:al|el)[- ])?[A-Z])")
LICENSED_MIN_SCORE = 0.75


def _licensed(article: Article, mentions: list[Mention], lookup: PlaceLookup, common: frozenset[str],
              persons: set[str]) -> list[Mention]:
    """Add one-word names that the gazetteer knows only by a spelling variant ("Kabkabiya" for
    Kabkabiyah) when a place noun or a distance comes right before them ("the town of X", "the
    outskirts of X", "10km north of X", "near X"); recognizer "context" (resolved with
    :meth:`PlaceLookup.context_candidates`); such a name is then a place wherever it recurs."""
    text = article.text
    found = []
    starts = ends = None  # the mentions' starts and running maximum of their ends, made when needed
    for hit in _OF_OR_NEAR_CAPITAL.finditer(text):
        end = hit.start()
        begin = text.rfind(" ", max(0, end - 20), end) + 1
        word = text[begin:end]
        if text[end + 1] == "o" and word not in _LICENSE_NOUNS and not (  # ("near X" licenses X by itself)
                word in _LICENSE_DIRECTIONS and _DISTANCE_BEFORE.search(text, max(0, begin - 30), begin)):
            continue
        name = _LICENSED_NAME.match(text, hit.end())
        if name is None:
            continue
        surface = name.group(0)
        if surface in _STOP or surface in persons or surface.lower() in common or surface.lower() in _WAR_NOUNS:
            continue
        if starts is None:
            starts, ends = _starts_and_ends(mentions)
        if starts is False:
            if any(m.start < name.end() and name.start() < m.end for m in mentions):
                continue
        else:  # the mentions starting before the name's end: does one of them end after its start?
            k = bisect_left(starts, name.end())
            if k and ends[k - 1] > name.start():
                continue
        candidates = lookup.context_candidates(surface)
        if candidates:
            found.append(Mention(article.article_id, name.start(), name.end(), surface, "context",
                                 round(min(max(c.score for c in candidates), 1.0), 4)))
    if not found:
        return mentions
    # the name told once as a place ("the coastal town of al-Khokha") is that place wherever it recurs
    # ("a landmine blew up near al-Khokha")
    taken = [(m.start, m.end) for m in mentions + found]
    for surface, score in {m.surface: m.score for m in found}.items():
        at = text.find(surface)
        while at >= 0:
            after = at + len(surface)
            if ((at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "-'’"))
                    and (after == len(text) or not (text[after].isalnum() or text[after] in "-'’"))
                    and not any(a < after and at < b for a, b in taken)):
                found.append(Mention(article.article_id, at, after, surface, "context", score))
                taken.append((at, after))
            at = text.find(surface, after)
    out = sorted(mentions + found, key=lambda m: m.start)
    seen: set[str] = set()
    for i, m in enumerate(out):
        folded = m.surface.casefold()
        if m.recognizer == "context" and folded in seen:
            out[i] = Mention(m.article_id, m.start, m.end, m.surface, m.recognizer, m.score, m.submatch, True)
        seen.add(folded)
    return out


def _starts_and_ends(mentions: list[Mention]):
    """The mentions' starts and the running maximum of their ends (for overlap tests by bisection);
    (False, None) when the starts are not in order."""
    starts = [m.start for m in mentions]
    if any(a > b for a, b in zip(starts, starts[1:])):
        return False, None
    ends, top = [], -1
    for m in mentions:
        if m.end > top:
            top = m.end
        ends.append(top)
    return starts, ends


_RUN_INFO: dict[str, tuple] = {}


def _run_info(surface: str) -> tuple:
    """What the scanner needs of a run that depends only on its text, remembered per run text:
    (word offsets, words, lower-cased words, organisation-word flags, person-connector flags)."""
    rel = _run_tokens(surface)
    words = tuple(surface[a:b] for a, b in rel)
    info = (rel, words, tuple(w.lower() for w in words), tuple(w in _ORG_WORDS for w in words),
            tuple(_PERSON_CONNECTOR.search(w) is not None for w in words))
    if len(_RUN_INFO) > 100_000:
        _RUN_INFO.clear()
    _RUN_INFO[surface] = info
    return info


_TOKEN_MEMO: dict[str, tuple[tuple[int, int], ...]] = {}


def _run_tokens(surface: str) -> tuple[tuple[int, int], ...]:
    """The (start, end) offsets of a run's words inside ``surface``, remembered per run text.

    "Damascus's state media": the feature word belongs to the possessor's noun, so the run
    stops after the possessive; a final possessive "'s" is dropped.
    """
    found = _TOKEN_MEMO.get(surface)
    if found is None:
        kept = surface
        cut = _CUT.search(kept)
        if cut:
            kept = kept[:cut.start() + 2]
        end = len(kept)
        possessive = _POSSESSIVE.search(kept)
        if possessive:
            end -= len(possessive.group(0))
        found = tuple(m.span() for m in _NONSPACE.finditer(kept, 0, end))
        if len(_TOKEN_MEMO) > 100_000:
            _TOKEN_MEMO.clear()
        _TOKEN_MEMO[surface] = found
    return found


# weapons, forces and war words: alone and capitalised ("Drone footage", "Convoys arrived") never a place
_WAR_NOUNS = frozenset(
    "artillery drone drones mortar mortars rocket rockets missile missiles shell shells shelling tank tanks bomb"
    " bombs bombing mine mines landmine landmines grenade grenades gunship gunships helicopter helicopters"
    " warplane warplanes jet jets aircraft sniper snipers ammunition munitions weapon weapons explosive explosives"
    " bullet bullets convoy convoys checkpoint checkpoints barracks trench trenches tunnel tunnels troops troop"
    " soldier soldiers fighter fighters militant militants gunmen gunman rebel rebels insurgent insurgents militia"
    " militias strike strikes airstrike airstrikes raid raids attack attacks blast blasts explosion explosions"
    " clash clashes fighting battle battles offensive assault ceasefire truce aid casualties wounded dead"
    " rubble shelter shelters".split()
)
_CALENDAR = WEEKDAYS | MONTHS
_MONTH_SHORT = frozenset(a.title() for a in MONTH_ABBREVIATIONS)  # before a day: "Jan 9", "Aug. 24"
_DAY_AFTER = re.compile(r"\.?\s+\d{1,2}\b")
# alone, these are adjectives ("Western partners"); inside a name they stay ("South Sudan", "North Darfur")
_DIRECTION_WORDS = frozenset("Western Eastern Northern Southern Central West East North South Middle Greater Upper"
                             " Lower Western-backed".split())


def sentence_initial(text: str, start: int) -> bool:
    """Does the word at ``start`` open a sentence (after optional quotes or brackets)?"""
    i = start
    while i > 0 and text[i - 1] in " \t\"“‘”’)":
        i -= 1
    return i == 0 or text[i - 1] in ".!?:\n"


_TITLES = frozenset(
    "president minister leader envoy spokesperson spokesman spokeswoman secretary secretary-general gen general mr"
    " mrs ms dr sheikh commander counterpart king prince emir pope chief ambassador premier chancellor official"
    " analyst correspondent reporter journalist colonel col lt captain sergeant adviser advisor director head mayor"
    " governor deputy senator lawmaker mp resident witness diplomat".split()
)


_ASCII_WORD_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-"  # isalpha() or "-" on ASCII


def _word_before(text: str, start: int) -> str:
    """The word before ``start`` over spaces, commas and full stops, lower-cased ("" when none)."""
    low = start - 40 if start > 40 else 0
    head = text[low:start].rstrip(" ,.")
    if head.isascii():
        rest = head.rstrip(_ASCII_WORD_CHARACTERS)
        if low == 0 or rest:  # (the gap and the word lie inside the slice)
            return head[len(rest):].lower()
    return _word_before_by_characters(text, start)


def _word_before_by_characters(text: str, start: int) -> str:
    """:func:`_word_before` by its definition: back over spaces, commas and full stops, then over
    letters and hyphens."""
    i = start
    while i > 0 and text[i - 1] in " ,.":
        i -= 1
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "-"):
        j -= 1
    return text[j:i].lower()


def _is_person_run(text: str, start: int, end: int, words, connector: bool, lookup: PlaceLookup,
                   persons: set[str]) -> bool:
    """Is the run ``text[start:end]`` (its ``words``) a person's name?  A name after a title, with a
    connector ("bin", "abu": ``connector``), ending in a known person's name, or not a place and
    particle-joined ("Bashar al-Assad") or followed by "said"/"told"."""
    if _title_before(text, start):
        return True
    if connector:
        return True
    last = words[-1]
    if last in persons or ("-" in last and last.split("-", 1)[-1] in persons):
        return True
    if len(words) >= 2:
        if not lookup.candidates(text[start:end]):
            if any(_PARTICLE_JOINED.match(w) for w in words[1:]):
                return True
            if _SPEECH_AFTER.match(text, end):
                return True
    elif not lookup.candidates(last) and _SPEECH_AFTER.match(text, end):
        return True
    return False


def _title_before(text: str, start: int) -> bool:
    """Is the word before ``start`` (over spaces, commas and full stops) a title ("President", "Gen.")?"""
    return _word_before(text, start) in _TITLES


def _matches_in_run(article: Article, text: str, start: int, rel, lookup: PlaceLookup, nested: bool,
                    common: frozenset[str], lowers, seen: set[str], out: list[Mention] | None = None,
                    run_text: str | None = None) -> list[Mention]:
    """:func:`_longest_matches` over the run's words ``rel`` (offsets from ``start``; ``lowers``
    their lower-case forms), remembered per run: the result depends only on the run's text,
    ``nested`` and which of its words the article also writes in lower case.  A name met before
    (``seen``: the case-folded names so far, updated) is marked a duplicate.  The mentions are
    appended to ``out`` (a new list when None), which is returned.  ``run_text``: the run's text
    when the caller has it already (``text[start + rel[0][0]:start + rel[-1][1]]``)."""
    offset = rel[0][0]
    base = start + offset
    if run_text is None:
        run_text = text[base:start + rel[-1][1]]
    flags = (lowers[0] in common,) if len(lowers) == 1 else tuple(map(common.__contains__, lowers))
    key = (run_text, nested, flags)
    shapes = lookup.run_memo.get(key)
    if shapes is None:
        local = [(a - offset, b - offset) for a, b in rel]
        shapes = tuple((m.start, m.end, m.surface, m.score, m.submatch, m.surface.casefold())
                       for m in _longest_matches(Article("", run_text), run_text, local, lookup, nested,
                                                 frozenset(w for (a, b), flag in zip(local, flags) if flag
                                                           for w in (run_text[a:b].lower(),))))
        if len(lookup.run_memo) > 100_000:
            lookup.run_memo.clear()
        lookup.run_memo[key] = shapes
    if out is None:
        out = []
    article_id = article.article_id
    for a, b, surface, score, sub, folded in shapes:
        out.append(_new_mention(article_id, base + a, base + b, surface, "lexicon", score, sub, folded in seen))
        seen.add(folded)
    return out


_new_mention = fast_constructor(Mention)


def _longest_matches(article: Article, text: str, tokens, lookup: PlaceLookup, nested: bool,
                     common: frozenset[str]) -> list[Mention]:
    """Greedy longest matches inside one run of capitalised tokens.

    When part of the run stays unmatched ("Antony Blinken", "Abbas Araghchi") the run is
    a name of something else: only demonyms inside it are kept.
    """
    found: list[tuple[Mention, bool]] = []
    unmatched = 0
    i = 0
    whole = len(tokens)
    while i < len(tokens):
        matched = False
        for j in range(len(tokens), i, -1):
            start, end = tokens[i][0], tokens[j - 1][1]
            surface = text[start:end]
            if j - i == 1 and ((surface.lower() in common and not surface.isupper()) or _is_trigger_word(surface)
                               or surface in _DIRECTION_WORDS or surface.lower() in _WAR_NOUNS):
                continue  # a common English word or an event word ("Artillery"), capitalised
            if j - i > 1 and _demonym_and_feature(text, tokens, i, j, lookup):
                continue  # "the Ukrainian city of Sumy": a demonym and a feature word, the place comes after "of"
            candidates = lookup.acceptable(surface, j - i == 1)
            if not candidates:
                continue
            partial = (j - i) < whole
            if partial and not _strong(candidates):
                continue
            demonym = all(c.rule == "demonym" for c in candidates)
            score = max(c.score for c in candidates)
            found.append((Mention(article.article_id, start, end, surface, "lexicon", round(min(score, 1.0), 4),
                                  submatch=nested or partial), demonym))
            i = j
            matched = True
            break
        if not matched:
            if text[tokens[i][0]:tokens[i][1]] not in _STOP:
                unmatched += 1
            i += 1
    if unmatched:
        return [m for m, demonym in found if demonym]
    return [m for m, _ in found]


def _demonym_and_feature(text: str, tokens, i: int, j: int, lookup: PlaceLookup) -> bool:
    """Are the tokens i..j a demonym followed by lower-case feature words ("Ukrainian city", "Sudanese
    state", "Israeli air base")?  Such a run describes the place named after it, it is none itself."""
    k = j
    while k > i + 1 and text[tokens[k - 1][0]:tokens[k - 1][1]].isalpha() and text[tokens[k - 1][0]].islower():
        k -= 1
    if k == j or not text[tokens[k][0]].islower():
        return False
    found = lookup.acceptable(text[tokens[i][0]:tokens[k - 1][1]], k - i == 1)
    return bool(found) and all(c.rule == "demonym" for c in found)


_COUNTRY_CODES = frozenset({"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "TERR"})
STRONG_RULES = frozenset({"exact", "folded", "demonym", "romanized", "admin-form", "code"})


@lru_cache(maxsize=20_000)
def _is_trigger_word(word: str) -> bool:
    from geomap.rules import find_triggers

    found = find_triggers(word)
    return bool(found) and found[0].start == 0 and found[0].end == len(word)


def _acceptable(candidates: tuple[Candidate, ...], *, single: bool, surface: str = "") -> tuple[Candidate, ...]:
    """Candidates good enough to make a span a toponym.

    A one-word span needs a known spelling (not a consonant-skeleton or vowel variant:
    "Assad" is not "Sydney"), or the place's own name without its Arabic article ("Dinder" for
    Ad Dinder); longer spans may match by variant or fuzzily, or without the article too.
    """
    bare = _bare_name(surface) if surface else ""
    if single:
        return tuple(c for c in candidates if c.rule in STRONG_RULES or (bare and _without_article(c, bare)))
    return tuple(c for c in candidates if c.rule in STRONG_RULES or c.score >= 0.6 or (bare and _without_article(c, bare)))


def _bare_name(surface: str) -> str:
    """The folded name without a trailing feature word ("Sheikh Maqsoud district": "sheikh maqsoud")."""
    from geomap.names import fold, split_feature

    return split_feature(fold(surface))[0]


def _without_article(candidate: Candidate, bare: str) -> bool:
    """Is a variant match exactly the place's name without its leading Arabic article?"""
    from geomap.names import ARTICLES, fold

    if candidate.rule != "variant":
        return False
    first, _, rest = fold(candidate.place.name).partition(" ")
    return rest == bare and first in ARTICLES


_STRONG_CODES = frozenset({"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "TERR", "ADM1", "PPLC", "PPLA", "PPLA2"})


_PLACE_OPENERS = frozenset({"Sheikh"})  # stop words (titles) that also open place names


def _region_named(lookup: PlaceLookup, surface: str) -> bool:
    """Is ``surface`` exactly the name of an administrative region ("West Bank", "Gaza Strip")?"""
    return any(c.rule == "exact" and c.place.feature_class == "A" for c in lookup.candidates(surface))


def _named_place(lookup: PlaceLookup, surface: str) -> bool:
    """Is the run, or the run without a feature word, a place's known spelling (an exact or folded
    name, or the name without its Arabic article: "Sheikh Maqsoud" for Ash-Sheikh Maqsoud)?"""
    bare = _bare_name(surface)
    return any(c.rule in ("exact", "folded") or _without_article(c, bare) for c in lookup.candidates(surface))


def _strong(candidates: tuple[Candidate, ...]) -> bool:
    """A sub-span of a longer capitalised run counts only when it is a well-known place."""
    return any(c.rule == "demonym" or c.place.feature_code in _STRONG_CODES or c.place.population >= 50_000
               for c in candidates)

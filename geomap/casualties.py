"""Fatalities and injuries from figures and number words, with ACLED's lowest-figure rule.

ACLED conventions: the lowest reported figure is used; "dozens" counts as 12, "scores"
as 20, "hundreds" as 100, and "many" as 10 when nothing more precise is said; "several" is no
count at all ("killed several militants" gives no figure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geomap.rules import lower_pattern, lowered

_UNITS = {"zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
          "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_VAGUE = {"dozens": 12, "a dozen": 12, "dozen": 12, "scores": 20, "hundreds": 100, "several": 10, "many": 10,
          "a number of": 10, "thousands": 1000, "a couple of": 2, "a few": 3, "few": 3}

_WORD = "|".join(sorted([w for w in _UNITS if w not in ("a", "an", "no")] + list(_TENS), key=len, reverse=True))
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{_WORD})(?:[- ](?:{'|'.join(_UNITS)}))?)(?:\s+hundred(?:\s+and\s+\w+)?)?"
    r"|a dozen|dozens|scores|hundreds|thousands|several|many|a number of|a couple of|a few)"
)
_QUAL = r"(?:(?:between|at least|some|about|around|nearly|almost|more than|over|up to|as many as|roughly|approximately|an estimated|a total of)\s+)?"
_WHO = (r"(?:(?:(?!(?:said|says|told|added|reported)\b|\d+\s)\w+[- ]){0,3}?(?:people|persons|civilians|soldiers|troops|fighters|militants|children|women|men|residents|members|others|policemen|officers|rebels|insurgents|combatants|servicemen|personnel|workers|patients|staff|family members|guards|shepherds|farmers|fishermen|journalists|medics|paramedics|doctors|nurses"
        r"|drivers|students|commanders|villagers|passengers|worshippers|miners|labou?rers|refugees|pilgrims|volunteers|rescuers"
        r"|employees|teachers|monks|boys|girls|teenagers|infants|babies|relatives|brothers|sisters|sons|daughters)\b)?")
_RANGE = rf"(?P<n>{_NUMBER})(?![\w-])(?:\s*(?:-|–|to|and)\s*(?P<n2>{_NUMBER})(?![\w-]))?"
_KILL_VERB = r"(?:killed|killing|kills|kill|left dead|leaving dead|claimed the lives of|dead|died|slain|massacred|executed)"
_HURT_VERB = r"(?:injured|injuring|injures|wounded|wounding|wounds|hurt|maimed)"


# the characters a figure (with its qualifier) starts with: digits; between, at least, some, about, around,
# nearly, almost, more than, over, up to, as many as, roughly, approximately, an estimated, a total of;
# number words (zero to ninety); a dozen, dozens, scores, hundreds, thousands, several, many, a number of, a couple of, a few
_NUMBER_FIRST = r"\dabdefhmnorstuz"
_KILL_FIRST = "kldcsme"  # killed ... left dead, dead, died, claimed the lives of, slain, massacred, executed
_HURT_FIRST = "iwhm"  # injured, wounded, hurt, maimed


def _compile(expression: str, first: str | None = None) -> re.Pattern[str]:
    """Patterns are matched against lower-cased text (faster than re.IGNORECASE).

    ``first`` lists every character a match can start with: a look-ahead for them lets the
    search pass over other words at one comparison (same matches).
    """
    if first:
        expression = rf"(?=[{first}])(?:{expression})"
    return re.compile(lower_pattern(expression))


def _verb_first(verb: str) -> re.Pattern[str]:
    return _compile(rf"\b{verb}\s+{_QUAL}{_RANGE}(?:\s+{_WHO})?", _KILL_FIRST if verb == _KILL_VERB else _HURT_FIRST)


def _number_first(verb: str) -> re.Pattern[str]:
    return _compile(rf"\b{_QUAL}{_RANGE}\s+(?:more\s+)?{_WHO}\s*(?:(?:were|was|have been|had been|are|been|reportedly|also|later|all)\s+)*{verb}", _NUMBER_FIRST)


def _passive(verb: str) -> re.Pattern[str]:
    """"Four shepherds were killed", "dozens were wounded", "Sixteen Palestinians, including five children, were killed" (the
    words between figure and verb hold no other figure or reporting verb: "a toll of 35 and said 117
    people were wounded" gives no 35 wounded)."""
    word = r"(?!(?:said|says|told|gave|added|reported)\b|\d)[\w-]+"
    return _compile(rf"\b{_QUAL}{_RANGE}(?:\s+(?:{word}\s+){{0,5}}?{word})?(?:,[^,.]{{0,50}},)?\s+(?:were|have been|had been)\s+(?:\w+\s+)?{verb}", _NUMBER_FIRST)


_PERSON = (r"(?:man|woman|boy|girl|child|baby|toddler|teenager|person|civilian|soldier|fighter|officer|resident"
           r"|shepherd|farmer|fisherman|policeman|worker|journalist|medic|paramedic|doctor|nurse|driver|student"
           r"|commander|militant|official|mayor|governor|judge|leader|member|activist|politician|engineer|teacher"
           r"|imam|priest|guard|employee|volunteer|rescuer|pilot|sailor|head|chief|deputy|passer-by|bystander"
           r"|motorcyclist|rider|councillor|lawmaker|administrator)")


# one named person: "a fifth man", "the driver", "his son" (a determiner that is read as 1)
_ONE = r"(?P<n>a|an|another|one|the|his|her|their|its)"
_ONE_WORDS = frozenset({"the", "his", "her", "their", "its"})
_RELATIVE_ONE = r"(?:son|daughter|wife|husband|brother|sister|father|mother|nephew|niece|cousin|grandson|granddaughter)"


def _single(verb: str) -> re.Pattern[str]:
    """"A fifth man was wounded", "His son, who was following in a truck, was injured": one person."""
    return _compile(rf"\b{_ONE}\s+(?:\w+\s+)?(?:{_PERSON}|{_RELATIVE_ONE})(?:,[^,.]{{0,50}},)?\s+(?:was|has been|had been)\s+"
                    rf"(?:(?:also|\w+ly)\s+){{0,2}}{verb}(?P<n2>)", "aoth")


def _verb_single(verb: str, first: str) -> re.Pattern[str]:
    """"killing a 12-year-old boy", "wounding an elderly man", "killing the driver": one person (not "a
    woman and her son", whose count this pattern cannot tell)."""
    return _compile(rf"\b{verb}\s+{_ONE}\s+(?:[\w-]+\s+){{0,2}}?(?:{_PERSON}|{_RELATIVE_ONE})\b(?!['’]s|-)"
                    rf"(?!\s+(?:and|&)\s+(?:her|his|their|its|a|an|one|two|three|four|five|six|\d)\b)(?P<n2>)", first)


_BODY_PART = r"(?:legs?|arms?|limbs?|hands?|feet|foot|eyes?|fingers?)"


def _maimed() -> list[re.Pattern[str]]:
    """Lasting injuries told without an injury verb: "a third child lost a leg", "two men lost limbs"."""
    who = r"(?:man|woman|boy|girl|child|person|civilian|soldier|fighter|resident|shepherd|farmer|worker|medic)"
    lost = rf"(?:also\s+)?lost\s+(?:a|an|one|his|her|their|both|two)?\s*(?:\w+\s+)?{_BODY_PART}\b"
    return [
        _compile(rf"\b(?P<n>a|an|another|one)\s+(?:\w+\s+)?{who}\s+{lost}(?P<n2>)", "ao"),
        _compile(rf"\b{_QUAL}{_RANGE}\s+(?:more\s+)?{_WHO}\s*{lost}", _NUMBER_FIRST),
    ]


_RELATIVE = (r"(?:sons?|daughters?|child(?:ren)?|kids?|brothers?|sisters?|husband|wife|father|mother|parents|babies|baby"
             r"|grand(?:son|daughter|child)(?:s|ren)?|nephews?|nieces?|cousins?|twins|infants?|siblings?|grandparents)")
_AGE = r"(?:(?:young|little|teenage|elderly|old|infant|newborn|pregnant|disabled|\w+-(?:year|month)-old)\s+)"
_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"


# "a woman and her son", "a man and his two daughters", "a woman and five of her children": one person
# and those named with them (group ``more``: their number, absent for one), counted together
_PAIR = (rf"(?:a|an|one)\s+(?:[\w-]+\s+){{0,3}}?(?:{_PERSON}|{_RELATIVE})\s+(?:and|&)\s+(?:her|his|their|a|an|one)?\s*"
         rf"(?P<more>{_COUNT})?\s*(?:of\s+(?:her|his|their)\s+)?{_AGE}?(?:{_RELATIVE}|{_PERSON}s?)")


def _victim_pair(verb: str, first: str) -> re.Pattern[str]:
    """"killing a woman and her son": the pair after the verb."""
    return _compile(rf"\b{verb}\s+{_PAIR}\b(?!['’]s|-)", first)


def _passive_pair(verb: str) -> re.Pattern[str]:
    """"A woman and her son were killed": the pair before a passive verb."""
    return _compile(rf"\b{_PAIR}\s+(?:were|have been|had been)\s+(?:\w+\s+)?{verb}\b", "ao")


_KILLED_PAIRS = [_victim_pair(r"(?:killed|killing|kills)", "k"), _passive_pair(r"(?:killed|dead|slain)")]
_INJURED_PAIRS = [_victim_pair(r"(?:injured|injuring|injures|wounded|wounding|wounds)", "iw"),
                  _passive_pair(r"(?:injured|wounded|hurt)")]

# "No casualties were reported", "no one was killed or injured": a reported zero (ACLED codes no
# fatalities as 0); a "casualties" phrase says nothing sure about the injured, whose count stays unknown
_NOBODY = r"(?:no\s+one|nobody|no\s+(?:people|civilians|soldiers|troops))"
_HARMED = r"(?:killed|died|hurt|injured|wounded)"
_NO_HARM = re.compile(
    rf"\b(?:{_NOBODY}\s+(?:was\s+|were\s+|has\s+been\s+|have\s+been\s+|had\s+been\s+)?(?P<harm>{_HARMED}(?:\s+or\s+{_HARMED})?)"
    r"|(?:no|without(?:\s+causing)?(?:\s+any)?|caus(?:ed|ing)\s+no)\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:civilian\s+)?"
    r"(?P<what>casualties|deaths|fatalities|injuries))\b")


_KILLED = [
    _verb_first(_KILL_VERB), _number_first(_KILL_VERB), _passive(_KILL_VERB), _single(_KILL_VERB),
    _compile(rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:to|at|of|is|was|stood at|stands at|reached|rose to)\s+{_QUAL}{_RANGE}", "d"),
    _compile(rf"\b{_QUAL}{_RANGE}\s+(?:deaths|fatalities|dead|casualties)\b", _NUMBER_FIRST),
    # "left one woman dead", "leaving 16 members of the security forces dead"
    _compile(rf"\b(?:left|leaving)\s+{_QUAL}{_RANGE}\s+(?:[\w-]+\s+){{0,6}}?dead\b", "l"),
    _verb_single(r"(?:killed|killing|kills)", "k"),
    # "state media put the toll at two", "the toll rose to 12" (not "a toll of 35": of what is not said)
    _compile(rf"\btoll\s+(?:(?:rose|climbed|jumped|stood|stands|reached)\s+(?:to\s+|at\s+)?|at\s+){_QUAL}{_RANGE}", "t"),
    # "a car bomb exploded as the official got in, killing him instantly": one victim named before
    # (not "killing him, his wife and three children" / "killing him and his son": more victims follow)
    _compile(r"\b(?:killed|killing|kills)\s+(?P<n>him|her)(?=\s*(?:[.;]|$|instantly|outright|immediately|on the spot"
             r"|(?:,|and\b)(?!\s*(?:and\s+)?(?:his|her|their|a|an|one|two|three|four|five|\d)\b)))(?P<n2>)", "k"),
]
def _elliptic(verb: str) -> re.Pattern[str]:
    """"Four soldiers were killed and two seriously wounded": a figure whose verb leaves out "were"."""
    return _compile(rf"\band\s+{_QUAL}{_RANGE}\s+(?:(?:\w+ly|more|others?)\s+)?{verb}", "a")


_INJURED = [_verb_first(_HURT_VERB), _number_first(_HURT_VERB), _passive(_HURT_VERB), _single(_HURT_VERB), *_maimed(),
            _verb_single(r"(?:injured|injuring|injures|wounded|wounding|wounds)", "iw"),
            _elliptic(r"(?:injured|wounded|hurt)\b")]


# for each pattern above, words it cannot match without (None: not checked); a pattern whose words are
# missing from the span is not run (same figures, less work).  Plain substrings: ``word in span`` is
# much quicker than a regular-expression search for them.
_PASSIVE_NEED = ("were", "been")
_SINGLE_NEED = ("was", "been")
_LOST_NEED = ("lost",)
_KILLED_NEEDS = [None, None, _PASSIVE_NEED, _SINGLE_NEED, ("death toll",),
                 ("deaths", "fatalities", "dead", "casualties"), ("dead",), None, ("toll",), ("him", "her")]
_INJURED_NEEDS = [None, None, _PASSIVE_NEED, _SINGLE_NEED, _LOST_NEED, _LOST_NEED, None, ("and",)]
assert len(_KILLED_NEEDS) == len(_KILLED) and len(_INJURED_NEEDS) == len(_INJURED)

# where each pattern's verb lies bounds its matches: ("first", forms) when a match opens with one of the
# forms (the search starts at the first of them in the span), ("last", forms) when it closes with one,
# reading nothing after it (the search stops at the end of the last of them: what lies beyond cannot
# change a match that must end before it); a span without the forms is not searched at all
_KILL_FORMS = tuple(_KILL_VERB[3:-1].split("|"))
_HURT_FORMS = tuple(_HURT_VERB[3:-1].split("|"))
_KILLED_BOUNDS = [("first", _KILL_FORMS), ("last", _KILL_FORMS), ("last", _KILL_FORMS), ("last", _KILL_FORMS),
                  ("first", ("death toll",)), None, ("first", ("left", "leaving")), ("first", _KILL_FORMS),
                  ("first", ("toll",)), ("first", _KILL_FORMS)]
_INJURED_BOUNDS = [("first", _HURT_FORMS), ("last", _HURT_FORMS), ("last", _HURT_FORMS), ("last", _HURT_FORMS), None, None,
                   ("first", _HURT_FORMS), ("last", _HURT_FORMS)]  # (a superset of the forms of the last two: a looser bound)
assert len(_KILLED_BOUNDS) == len(_KILLED) and len(_INJURED_BOUNDS) == len(_INJURED)
assert all(re.fullmatch(r"[a-z ]+", form) for form in _KILL_FORMS + _HURT_FORMS)

_KILL_WORDS = ("kill", "dead", "death", "died", "slain", "massacr", "execut", "lives", "toll", "fatalit", "casualt")
_HURT_WORDS = ("injur", "wound", "hurt", "maim", "lost")
_KEYWORDS = ("kill", "dead", "death", "died", "slain", "massacr", "execut", "lives", "injur", "wound", "hurt", "maim", "toll",
             "fatalit", "casualt", "lost")


def _holds(span: str, words: tuple[str, ...]) -> bool:
    """Does ``span`` contain one of ``words``?"""
    for word in words:
        if word in span:
            return True
    return False


_VAGUE_FOR_INJURED = frozenset({"several", "many", "a number of", "a few", "few", "a couple of"})
_SUBSET = re.compile(r"(?:including|among them|among whom|of whom|of them)\s+$")


@dataclass(frozen=True, slots=True)
class Casualties:
    fatalities: int | None
    injured: int | None
    rules: tuple[str, ...] = ()


def parse_number(phrase: str) -> int | None:
    """Return the integer a figure or number phrase stands for ("54", "four", "twenty-one", "dozens")."""
    words = phrase.lower().replace(",", "").strip()
    if words.isdigit():
        return int(words)
    if words in _VAGUE:
        return _VAGUE[words]
    if words in ("him", "her") or words in _ONE_WORDS:  # "killing him instantly", "killing the driver": one victim
        return 1
    total, current = 0, 0
    for token in re.split(r"[\s-]+", words):
        if token == "and":
            continue
        if token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return total + current


def _where(span: str, forms: tuple[str, ...]) -> tuple[int, int]:
    """Where the first of ``forms`` in ``span`` starts and where the last one ends; (-1, -1): none."""
    first = last = -1
    for form in forms:
        at = span.find(form)
        if at >= 0:
            if first < 0 or at < first:
                first = at
            at = span.rfind(form) + len(form)
            if at > last:
                last = at
    return first, last


def _lowest(patterns: list[re.Pattern[str]], text: str, start: int, end: int, label: str, rules: list[str],
            needs=None, span: str | None = None, bounds=None) -> int | None:
    figures: list[int] = []
    seen: dict = {}
    if (needs is not None or bounds is not None) and span is None:
        span = text[start:end]
    for n, pattern in enumerate(patterns):
        if needs is not None:
            need = needs[n]
            if need is not None and not _holds(span, need):
                continue  # a word this pattern needs is missing from the span
        low, high = start, end
        if bounds is not None and bounds[n] is not None:
            side, forms = bounds[n]
            where = seen.get(forms)
            if where is None:
                where = seen[forms] = _where(span, forms)
            if where[0] < 0:
                continue  # none of the forms: no match
            if side == "first":
                low = start + where[0]
            else:
                high = start + where[1]
        for m in pattern.finditer(text, low, high):
            if _SUBSET.search(text, max(start, m.start() - 12), m.start()):
                continue  # "including five children": part of a larger figure
            vague = m.group("n").lower()
            if vague == "several" or (label == "injured" and vague in _VAGUE_FOR_INJURED):
                continue  # "several dead", "a few wounded": no figure to report
            numbers = [parse_number(m.group("n"))]
            if m.group("n2"):
                numbers.append(parse_number(m.group("n2")))
            values = [n for n in numbers if n is not None]
            if values:
                figures.append(min(values))
                rules.append(f"{label}:{m.group(0).strip()}")
    return min(figures) if figures else None


_NONE = Casualties(None, None, ())


def extract_casualties(text: str, start: int = 0, end: int | None = None) -> Casualties:
    """Return the lowest fatality and injury figures reported in ``text[start:end]``."""
    end = len(text) if end is None else end
    start, end = max(start, 0), max(end, 0)  # (as a search reads them: a slice would count from the end)
    text = lowered(text)
    span = text[start:end]
    if not _holds(span, _KEYWORDS):
        return _NONE
    rules: list[str] = []
    # phrases read as a whole ("a woman and her son were killed": two; "no one was killed": none) are
    # blanked before the figure patterns run, so that "her son" or "one was killed" is not read again
    read: list[tuple[int, int]] = []
    zero = _NO_HARM.search(text, start, end) if "no" in span or "without" in span else None  # (words they hold)
    if zero is not None:
        read.append(zero.span())
    joined = " and " in span or "&" in span
    kill_pairs = _pairs(_KILLED_PAIRS, text, start, end, read) if joined and _holds(span, _KILL_WORDS) else []
    hurt_pairs = _pairs(_INJURED_PAIRS, text, start, end, read) if joined and _holds(span, _HURT_WORDS) else []
    if read:
        text = _blanked(text, read)
        span = text[start:end]
    # every fatality (injury) pattern needs one of these words: without it, its patterns cannot match
    killed = (_lowest(_KILLED, text, start, end, "fatalities", rules, _KILLED_NEEDS, span, _KILLED_BOUNDS)
              if _holds(span, _KILL_WORDS) else None)
    injured = (_lowest(_INJURED, text, start, end, "injured", rules, _INJURED_NEEDS, span, _INJURED_BOUNDS)
               if _holds(span, _HURT_WORDS) else None)
    for count, phrase in kill_pairs:
        killed = count if killed is None else min(killed, count)
        rules.append(f"fatalities:{phrase}")
    for count, phrase in hurt_pairs:
        injured = count if injured is None else min(injured, count)
        rules.append(f"injured:{phrase}")
    if zero is not None:
        words = zero.group("harm") or zero.group("what")
        # (nobody hurt is nobody killed either; "no casualties" leaves the injured unknown)
        if killed is None and (zero.group("harm") or any(w in words for w in ("casualties", "deaths", "fatalities"))):
            killed = 0
            rules.append(f"fatalities:none:{zero.group(0)}")
        if injured is None and any(w in words for w in ("hurt", "injur", "wounded")):
            injured = 0
            rules.append(f"injured:none:{zero.group(0)}")
    return Casualties(killed, injured, tuple(rules))


def _pairs(patterns: list[re.Pattern[str]], low: str, start: int, end: int, read: list[tuple[int, int]]
           ) -> list[tuple[int, str]]:
    """The "a woman and her son" phrases in ``low[start:end]``: (how many people, the phrase); their
    spans are added to ``read``."""
    found = []
    for pattern in patterns:
        for m in pattern.finditer(low, start, end):
            found.append((1 + (parse_number(m.group("more")) if m.group("more") else 1), m.group(0).strip()))
            read.append(m.span())
    return found


def _blanked(low: str, spans: list[tuple[int, int]]) -> str:
    """``low`` with the characters of ``spans`` replaced by spaces (every offset unchanged)."""
    chars = list(low)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


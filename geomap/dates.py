"""Event dates against the article date: "on Sunday", "yesterday", "30 November", "in 2016".

``time_precision`` follows ACLED: 1 the day is known, 2 the week, 3 the month or vaguer.
An event more than :data:`HISTORICAL_DAYS` days before the article date is historical.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from geomap.rules import by_first_letter, lower_pattern, lowered

HISTORICAL_DAYS = 60
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
MONTH_ABBREVIATIONS = frozenset(_MONTH_ABBR)  # "jan", ..., "sept" (lower-cased)
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}

_COUNT = "(" + "|".join([r"\d+", *_NUMBER_WORDS]) + ")"  # "two" (weeks ago), "several" (months after)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def _units_back(ref: date, count: str, unit: str) -> tuple[date, int]:
    """The day ``count`` ``unit``s before ``ref`` ("three", "month") and the precision it is known to."""
    n = int(count) if count.isdigit() else _NUMBER_WORDS.get(count.lower(), 1)
    unit = unit.lower()
    return ref - timedelta(days=_UNIT_DAYS[unit] * n), {"day": 1, "week": 2}.get(unit, 3)


_PATTERNS = [
    ("day-month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+((?:19|20)\d\d))?\b", re.I)),
    ("month-day", re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d\d))?", re.I)),
    ("iso", re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")),
    ("weekday", re.compile(r"\b(?:(?P<last>last)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last night)\b", re.I)),
    # "overnight" in a morning report: the night just ended, dated to the article ("overnight into
    # Wednesday" gives way to its weekday)
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight|overnight(?!\s+(?:into|to)\s))\b", re.I)),
    ("ago", re.compile(rf"\b{_COUNT}\s+(day|week|month|year)s?\s+ago\b", re.I)),
    ("last-week", re.compile(r"\b(?:last|past|previous)\s+week\b", re.I)),
    ("this-week", re.compile(r"\b(?:this|earlier this)\s+week\b", re.I)),
    ("last-month", re.compile(r"\b(?:last|previous)\s+month\b", re.I)),
    # ("held by the RSF since last year": a state that began then, not the day of an event)
    ("last-year", re.compile(r"(?<!since )(?<!until )\b(?:last|previous|past)\s+year\b(?!['’]s)", re.I)),
    ("month", re.compile(rf"\b(?:in|since|during|early|late|mid|by|of|last)[\s-]+({_MONTH_RE})\b(?:\s+((?:19|20)\d\d))?", re.I)),
    ("year", re.compile(r"(?<!least )(?<!about )(?<!some )(?<!than )\b((?:19|20)\d\d)\b(?![,.]?\d)(?!\s*(?:people|persons|civilians|soldiers|troops|fighters|residents|men|women|children|killed|dead|deaths|km|kilomet|miles|tons|homes|families|others|were|have)\b)")),
]


# every date expression contains one of these (lower-cased, matched against the lowered text)
# (the look-ahead lists their first characters: other positions are rejected at one comparison)
_ANY_DATE = re.compile(lower_pattern(rf"(?=[\dadfjmnostwy])(?:\d|day\b|days\b|yesterday|today|tonight|night|morning|week|month|years? ago\b|{_MONTH_RE}\b)"))


# a day told relative to the event reported just before: same day, the day after, the day before
_ANAPHORIC = re.compile(
    r"\b(?:(?P<same>(?:hours|minutes|moments) later|shortly after(?:wards)?|later (?:that|the same|in the) (?:day|night|evening|morning|afternoon)"
    r"|that (?:day|night|evening|morning|afternoon)|the same day|earlier (?:that|in the) day)"
    r"|(?P<next>the (?:next|following) (?:day|morning|night)|a day later|the day after)"
    r"|(?P<before>a day earlier|the (?:day|night) before|the previous (?:day|night)))\b")  # (lower-cased text)
_ANAPHORIC_SHIFT = {"same": 0, "next": 1, "before": -1}


# every phrase of _ANAPHORIC holds one of these: where they are (found once per text) tells where to look
_ANAPHORIC_KEYS = ("later", "after", "that ", "same day", "earlier", "next ", "following ", "before", "previous ")
_anaphoric_keys: tuple[str, list[int]] | None = None  # the last text and the sorted places of its keys


def anaphoric_day(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first phrase in ``text[start:end]`` that dates an event by the one told before it ("hours
    later", "a day earlier", "the next day"): (its start, days after that event), or None."""
    global _anaphoric_keys
    low = lowered(text)
    keys = _anaphoric_keys  # (a local snapshot: safe under threads)
    if keys is None or keys[0] is not text:
        found = []
        for key in _ANAPHORIC_KEYS:
            at = low.find(key)
            while at >= 0:
                found.append(at)
                at = low.find(key, at + 1)
        keys = _anaphoric_keys = (text, sorted(found))
    positions = keys[1]
    n = bisect_left(positions, start)
    if n == len(positions) or positions[n] >= end:
        return None  # no key word in the span: no phrase either
    m = _ANAPHORIC.search(low, start, end)
    return None if m is None else (m.start(), _ANAPHORIC_SHIFT[m.lastgroup])


def shifted(ref: DateRef, days: int, rule: str) -> DateRef:
    """``ref`` moved by ``days`` (a day-precise date; others are returned unchanged)."""
    if ref.event_date is None or ref.time_precision != 1 or not days:
        return DateRef(ref.event_date, ref.time_precision, ref.historical, rule, ref.start, ref.end)
    day = date.fromisoformat(ref.event_date) + timedelta(days=days)
    return DateRef(day.isoformat(), 1, ref.historical, rule, ref.start, ref.end)


_ELAPSED_BEFORE = re.compile(rf"\b(?:{_COUNT}\s+)?(day|week|month|year)s?\s+after\s+(?:[\w'’-]+\s+){{0,5}}$", re.I)


def elapsed_before(text: str, start: int, end: int, article_date: str | date | None) -> DateRef | None:
    """The date of an event told as what something now came "five months after" (``text[start:end]``
    ends right before the event's trigger): that many units before the article date.  "months after"
    without a figure counts two."""
    if text.find("after", start, end) < 0:
        return None
    m = _ELAPSED_BEFORE.search(text, start, end)
    ref = _reference(article_date)
    if m is None or ref is None:
        return None
    count, unit = m.group(1), m.group(2)
    if count is None and unit.lower() in ("day", "week"):
        return None  # "days after": too vague to date
    found, precision = _units_back(ref, count or "2", unit)
    return DateRef(found.isoformat(), precision, (ref - found).days > HISTORICAL_DAYS, "elapsed", m.start(), m.end())


@dataclass(frozen=True, slots=True)
class DateRef:
    """A resolved event date (ISO or None), its precision, and whether it is historical."""

    event_date: str | None
    time_precision: int
    historical: bool
    rule: str
    start: int = -1
    end: int = -1


def parse_iso(value: str | date | None) -> date | None:
    """Return a date from ``YYYY-MM-DD`` (or a date), None when absent or invalid."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _month(name: str) -> int:
    return _MONTH_ABBR[name.lower()[:4] if name.lower().startswith("sept") else name.lower()[:3]]


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(rule: str, m: re.Match[str], ref: date | None) -> tuple[date | None, int, int | None]:
    """Return (date, precision, year_only) for one match; year_only is the year when only that is known."""
    if rule in ("day-month", "month-day"):
        day, month = (m.group(1), m.group(2)) if rule == "day-month" else (m.group(2), m.group(1))
        year = int(m.group(3)) if m.group(3) else (ref.year if ref else None)
        if year is None:
            return None, 1, None
        found = _safe(year, _month(month), int(day))
        if found and ref and not m.group(3) and found > ref + timedelta(days=1):
            found = _safe(year - 1, _month(month), int(day))
        return found, 1, None
    if rule == "iso":
        return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3))), 1, None
    if rule == "year":
        return None, 3, int(m.group(1))
    if ref is None:
        return None, 1, None
    if rule == "weekday":
        wanted = WEEKDAYS.index(m.group(2).lower())
        back = (ref.weekday() - wanted) % 7
        if m.group("last") and back == 0:
            back = 7
        return ref - timedelta(days=back), 1, None
    if rule == "yesterday":
        return ref - timedelta(days=1), 1, None
    if rule == "today":
        return ref, 1, None
    if rule == "ago":
        return (*_units_back(ref, m.group(1), m.group(2)), None)
    if rule == "last-week":
        return ref - timedelta(days=7), 2, None
    if rule == "this-week":
        return ref, 2, None
    if rule == "last-year":  # "took over most of Rakhine state last year": that year, no day known
        return None, 3, ref.year - 1
    if rule == "last-month":
        first = ref.replace(day=1) - timedelta(days=1)
        return first.replace(day=15), 3, None
    if rule == "month":
        month = _month(m.group(1))
        year = int(m.group(2)) if m.group(2) else ref.year
        last = m.group(0)[:4].lower() == "last"  # "last August": the most recent one before this month
        if not m.group(2) and (month > ref.month or (last and month == ref.month)):
            year -= 1
        found = ref if (year, month) == (ref.year, ref.month) else _safe(year, month, 15)
        return found, 3, None
    return None, 1, None


_BY_RULE = dict(_PATTERNS)
# every rule starts at a word boundary (after its look-behinds): checking it once up front, instead of
# once per alternative, lets the search skip the inside of words quickly (same matches)
assert all(re.sub(r"^(?:\(\?<![^)]*\))*", "", pattern.pattern).startswith("\\b") for _, pattern in _PATTERNS)
_MONTH3 = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"  # how every month name starts
# the words a date expression can open with (with the next word where the first is common): a word that
# opens none of them is passed over after a few character comparisons instead of trying all twelve rules
_OPENINGS = [*_MONTH3[3:-1].split("|")] + [day + "day" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")] + [
    "yesterday", "overnight", "today", "tonight", r"last[\s-]", r"this\s", r"past\s", r"previous\s", r"earlier\s",
] + [rf"{number}\s+(?:day|week|month|year)" for number in
     ("a", "an", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "few")
] + [rf"{word}[\s-]+{_MONTH3}" for word in ("in", "since", "during", "early", "late", "mid", "by", "of")]


assert all(opening[0].isalpha() and opening[0].islower() for opening in _OPENINGS)
_GATE = rf"(?=\d|{by_first_letter(_OPENINGS)})"
_COMBINED = re.compile(r"\b" + _GATE + "(?:" + "|".join(f"(?P<{rule.replace('-', '_')}>{lower_pattern(pattern.pattern.replace('(?P<last>', '(?:'))})"
                                            for rule, pattern in _PATTERNS) + ")")


# the positions where a date expression may start in a stretch of text: a word start (the first one, then
# each after a non-word character) where one of _OPENINGS begins
_GATE_AT = re.compile(r"\b" + _GATE)
_GATE_AFTER = re.compile(r"\W" + _GATE)
# _COMBINED one character after a character that ends a word: the search skips to such characters in
# one quick loop, much faster than trying the word boundary at every position
_COMBINED_AFTER = re.compile(r"[^a-z0-9_]" + _COMBINED.pattern)
_RULE_OF_GROUP = {rule.replace("-", "_"): rule for rule in _BY_RULE}
_INDEX = "gate-index"  # the cache entry holding the last indexed stretch: (text, start, end, positions)


def _gate_positions(low: str, start: int, end: int) -> list[int]:
    """Every position of ``low[start:end]`` where _COMBINED can match, in this span or any span inside it.

    (The gate is the look-ahead _COMBINED opens with; whatever it reads within a shorter span it also
    reads within a longer one, so the positions found here are a superset for each sub-span.)
    """
    positions = [start] if _GATE_AT.match(low, start, end) else []
    positions += [m.start() + 1 for m in _GATE_AFTER.finditer(low, start, end)]
    return positions


def _first_match(text: str, start: int, end: int, positions: list[int] | None = None
                 ) -> tuple[str, re.Match[str]] | None:
    """The earliest date expression in ``text[start:end]`` (ties: the rule listed first).

    ``positions`` (from :func:`_gate_positions` over a stretch holding the span) are the only places
    tried; without them the span is searched.
    """
    pos = max(start, 0)  # (as a search does with a negative start)
    low = lowered(text)
    i = bisect_left(positions, start) if positions is not None else 0
    while True:
        if positions is None:  # as _COMBINED.search(low, pos, end)
            if pos > 0:  # (the character before pos only decides whether a word starts at pos, as \b does)
                hit = _COMBINED_AFTER.search(low, pos - 1, end)
                at = -1 if hit is None else hit.start() + 1
            else:
                hit = _COMBINED.match(low, pos, end)
                at = pos
                if hit is None:
                    hit = _COMBINED_AFTER.search(low, pos, end)
                    at = -1 if hit is None else hit.start() + 1
        else:  # the match a search from pos would find: the first indexed position where one starts
            hit = None
            while i < len(positions) and positions[i] < end:
                at = positions[i]
                i += 1
                if at >= pos and (hit := _COMBINED.match(low, at, end)) is not None:
                    break
        if hit is None:
            return None
        rule = _RULE_OF_GROUP.get(hit.lastgroup, "")
        m = _BY_RULE[rule].match(text, at, end) if rule in _BY_RULE else None
        if m is None:
            pos = at + 1
            continue
        if rule == "month" and re.match(r"may\b", m.group(1), re.I) and not m.group(2) \
                and m.group(0)[:4].lower() != "last":
            pos = m.end()
            continue  # "may" is mostly the verb
        return rule, m


_REFERENCES: dict = {}


def _reference(article_date: str | date | None) -> date | None:
    """:func:`parse_iso` remembered per article date (few distinct values)."""
    try:
        return _REFERENCES[article_date]
    except KeyError:
        if len(_REFERENCES) > 10_000:
            _REFERENCES.clear()
        found = _REFERENCES[article_date] = parse_iso(article_date)
        return found
    except TypeError:  # unhashable
        return parse_iso(article_date)


def find_date(text: str, start: int, end: int, article_date: str | date | None,
              positions: list[int] | None = None) -> DateRef | None:
    """Return the first date expression in ``text[start:end]`` resolved against the article date.

    ``positions``: see :func:`_first_match`.
    """
    first = _first_match(text, start, end, positions)
    if first is None:
        return None
    rule, m = first
    # a span without any _ANY_DATE word gives no date; only these two rules can match without one
    # ("this evening", "two years ago"), every other match holds such a word itself
    if rule in ("today", "ago") and not _ANY_DATE.search(lowered(text), start, end):
        return None
    ref = _reference(article_date)
    found, precision, year_only = _resolve(rule, m, ref)
    if year_only is not None:
        historical = ref is not None and (ref - date(year_only, 12, 31)).days > HISTORICAL_DAYS
        if ref is not None and year_only == ref.year:
            return DateRef(ref.isoformat(), 3, False, rule, m.start(), m.end())
        return DateRef(None, 3, historical, rule, m.start(), m.end())
    if found is None:
        return None
    historical = ref is not None and (ref - found).days > HISTORICAL_DAYS
    return DateRef(found.isoformat(), precision, historical, rule, m.start(), m.end())


_FALLBACKS: dict = {}


def _article_date_ref(article_date: str | date | None) -> DateRef:
    """The date of an event whose spans name none: the article date, time precision 2 (the week)."""
    try:
        return _FALLBACKS[article_date]
    except KeyError:
        if len(_FALLBACKS) > 10_000:
            _FALLBACKS.clear()
    except TypeError:  # unhashable
        pass
    ref = parse_iso(article_date)
    found = DateRef(ref.isoformat() if ref else None, 2, False, "article-date")
    try:
        _FALLBACKS[article_date] = found
    except TypeError:
        pass
    return found


def event_date(text: str, spans: list[tuple[int, int]], article_date: str | date | None,
               cache: dict | None = None) -> DateRef:
    """Resolve an event's date from the first span (clause, then sentence) that names one.

    Without any date expression the article date is used with time precision 2 (the week).
    ``cache`` (one dict per article) remembers spans already read; it also keeps the places where a
    date may start in the stretch the spans cover, so that a clause, its sentence and a span after a
    trigger in it are read from one scan of the sentence.
    """
    if cache is None:
        for start, end in spans:
            found = find_date(text, start, end, article_date)
            if found is not None:
                return found
        return _article_date_ref(article_date)
    for n, (start, end) in enumerate(spans):
        key = (start, end)
        if key not in cache:
            index = cache.get(_INDEX)
            if index is not None and index[0] is text and index[1] <= start and end <= index[2]:
                positions = index[3]
            elif n and n == len(spans) - 1:  # a sentence after its clause: index it for its other clauses
                positions = _gate_positions(lowered(text), start, end)
                cache[_INDEX] = (text, start, end, positions)
            else:
                positions = None
            cache[key] = find_date(text, start, end, article_date, positions)
        found = cache[key]
        if found is not None:
            return found
    return _article_date_ref(article_date)

"""Event dates against the article date: "on Sunday", "yesterday", "30 November", "in 2016".

``time_precision`` follows ACLED: 1 the day is known, 2 the week, 3 the month or vaguer.
An event more than :data:`HISTORICAL_DAYS` days before the article date is historical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geomap.rules import lower_pattern, lowered

HISTORICAL_DAYS = 60
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)} | {"sept": 9}
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "several": 3, "few": 3}

_PATTERNS = [
    ("day-month", re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+((?:19|20)\d\d))?\b", re.I)),
    ("month-day", re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d\d))?", re.I)),
    ("iso", re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")),
    ("weekday", re.compile(r"\b(?:(?P<last>last)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I)),
    ("yesterday", re.compile(r"\b(?:yesterday|last night|overnight)\b", re.I)),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I)),
    ("ago", re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+(day|week|month|year)s?\s+ago\b", re.I)),
    ("last-week", re.compile(r"\b(?:last|past|previous)\s+week\b", re.I)),
    ("this-week", re.compile(r"\b(?:this|earlier this)\s+week\b", re.I)),
    ("last-month", re.compile(r"\b(?:last|previous)\s+month\b", re.I)),
    ("month", re.compile(rf"\b(?:in|since|during|early|late|mid|by|of|last)[\s-]+({_MONTH_RE})\b(?:\s+((?:19|20)\d\d))?", re.I)),
    ("year", re.compile(r"(?<!least )(?<!about )(?<!some )(?<!than )\b((?:19|20)\d\d)\b(?![,.]?\d)(?!\s*(?:people|persons|civilians|soldiers|troops|fighters|residents|men|women|children|killed|dead|deaths|km|kilomet|miles|tons|homes|families|others|were|have)\b)")),
]


# every date expression contains one of these (lower-cased, matched against the lowered text)
# (the look-ahead lists their first characters: other positions are rejected at one comparison)
_ANY_DATE = re.compile(lower_pattern(rf"(?=[\dadfjmnostwy])(?:\d|day\b|days\b|yesterday|today|tonight|night|morning|week|month|{_MONTH_RE}\b)"))


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
        count = m.group(1).lower()
        n = int(count) if count.isdigit() else _NUMBER_WORDS.get(count, 1)
        unit = m.group(2).lower()
        days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * n
        return ref - timedelta(days=days), {"day": 1, "week": 2}.get(unit, 3), None
    if rule == "last-week":
        return ref - timedelta(days=7), 2, None
    if rule == "this-week":
        return ref, 2, None
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
# every rule starts with a digit or one of these letters (day/month numbers and years; month and weekday
# names; last, past, previous, this, earlier, yesterday, overnight, today, tonight; number words; in, since,
# during, early, late, mid, by, of): the look-ahead rejects every other word at one comparison
_FIRST_CHARS = r"(?=[\dabdefijlmnopstwy])"
_COMBINED = re.compile(r"\b" + _FIRST_CHARS + "(?:" + "|".join(f"(?P<{rule.replace('-', '_')}>{lower_pattern(pattern.pattern.replace('(?P<last>', '(?:'))})"
                                            for rule, pattern in _PATTERNS) + ")")


def _first_match(text: str, start: int, end: int) -> tuple[str, re.Match[str]] | None:
    """The earliest date expression in ``text[start:end]`` (ties: the rule listed first)."""
    pos = start
    low = lowered(text)
    while True:
        hit = _COMBINED.search(low, pos, end)
        if hit is None:
            return None
        rule = hit.lastgroup.replace("_", "-") if hit.lastgroup else ""
        m = _BY_RULE[rule].match(text, hit.start(), end) if rule in _BY_RULE else None
        if m is None:
            pos = hit.start() + 1
            continue
        if rule == "month" and re.match(r"may\b", m.group(1), re.I) and not m.group(2) \
                and m.group(0)[:4].lower() != "last":
            pos = m.end()
            continue  # "may" is mostly the verb
        return rule, m


def find_date(text: str, start: int, end: int, article_date: str | date | None) -> DateRef | None:
    """Return the first date expression in ``text[start:end]`` resolved against the article date."""
    if not _ANY_DATE.search(lowered(text), start, end):
        return None
    ref = parse_iso(article_date)
    first = _first_match(text, start, end)
    if first is None:
        return None
    rule, m = first
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


def event_date(text: str, spans: list[tuple[int, int]], article_date: str | date | None,
               cache: dict | None = None) -> DateRef:
    """Resolve an event's date from the first span (clause, then sentence) that names one.

    Without any date expression the article date is used with time precision 2 (the week).
    ``cache`` (one dict per article) remembers spans already read.
    """
    for start, end in spans:
        if cache is not None:
            key = (start, end)
            if key not in cache:
                cache[key] = find_date(text, start, end, article_date)
            found = cache[key]
        else:
            found = find_date(text, start, end, article_date)
        if found is not None:
            return found
    ref = parse_iso(article_date)
    return DateRef(ref.isoformat() if ref else None, 2, False, "article-date")

"""Editable lexicons for event extraction, read from the TSV files beside this module.

- ``triggers.tsv``: event-type trigger expressions (and the weapon they imply);
- ``cues.tsv``: context cues that demote a place (diplomacy, media, metonymy) or a
  trigger (protest, statement, plan, background);
- ``crosswalk.tsv``: geomap event type -> ACLED event type / sub-event type;
- ``examples.tsv``: positive and negative example sentences the tests run.

Rows are validated on load; a malformed row raises :class:`geomap.errors.RuleError`
naming ``file:line``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geomap.errors import RuleError
from geomap.types import fast_constructor

RULES_DIR = Path(__file__).parent
KNOWN_TYPES = ("airstrike", "shelling", "clash", "seizure", "counterattack", "withdrawal", "explosion", "remote")


@dataclass(frozen=True, slots=True)
class TriggerRule:
    kind: str
    weapon: str | None
    pattern: re.Pattern[str]
    order: int


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    """A trigger found in text: ``text[start:end]`` is the trigger phrase."""

    kind: str
    weapon: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Cues:
    place_before: re.Pattern[str]
    place_after: re.Pattern[str]
    not_military: re.Pattern[str]
    irrealis: re.Pattern[str]
    background: re.Pattern[str]


_PATTERN_PARTS = re.compile(r"\\.|\(\?P<[^>]*>|\(\?P=|[^\\(]+|\(")


def lower_pattern(expression: str) -> str:
    """Lower-case a regular expression's letters (not its escapes or group names).

    Matching a lower-cased pattern against :func:`lowered` text is about three times
    faster than ``re.IGNORECASE`` and finds the same spans.
    """
    parts = []
    for piece in _PATTERN_PARTS.findall(expression):
        parts.append(piece if piece.startswith("\\") or piece.startswith("(?P") else piece.lower())
    return "".join(parts)


@lru_cache(maxsize=8)
def lowered(text: str) -> str:
    """Return ``text`` lower-cased with every offset unchanged (odd characters kept as they are)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _rows(name: str, columns: int) -> list[tuple[int, list[str]]]:
    path = RULES_DIR / name
    rows: list[tuple[int, list[str]]] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != columns:
            raise RuleError(f"{path}:{lineno}: expected {columns} tab-separated columns, got {len(cells)}")
        rows.append((lineno, cells))
    return rows


def _compile(expression: str, where: str, *, words: bool = True, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    body = rf"(?<![\w-])(?:{expression})(?![\w-])" if words else expression
    try:
        return re.compile(body, flags)
    except re.error as exc:
        raise RuleError(f"{where}: invalid regular expression ({exc}); fix the pattern") from exc


@lru_cache(maxsize=1)
def load_triggers() -> tuple[TriggerRule, ...]:
    """Return the trigger rules in file order."""
    rules = []
    for order, (lineno, (kind, weapon, expression)) in enumerate(_rows("triggers.tsv", 3)):
        if kind not in KNOWN_TYPES:
            raise RuleError(f"{RULES_DIR / 'triggers.tsv'}:{lineno}: unknown event type {kind!r}; use one of {KNOWN_TYPES}")
        pattern = _compile(expression, f"{RULES_DIR / 'triggers.tsv'}:{lineno}")
        rules.append(TriggerRule(kind, weapon or None, pattern, order))
    return tuple(rules)


def _structure(expression: str, start: int = 0):
    """Yield (index, character, group depth after it) for the characters of a regular expression from
    ``start`` that are neither escaped nor inside a character class."""
    depth, i, in_class = 0, start, False
    while i < len(expression):
        ch = expression[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        else:
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth
        i += 1


def split_top_level(expression: str) -> list[str]:
    """Split a regular expression at its top-level ``|`` (not inside groups or classes)."""
    cuts = [i for i, ch, depth in _structure(expression) if ch == "|" and depth == 0]
    bounds = [-1, *cuts, len(expression)]
    return [expression[lo + 1:hi] for lo, hi in zip(bounds, bounds[1:])]


def _alternatives(expression: str) -> list[str]:
    """The top-level alternatives of a (lower-cased) expression, a leading ``(?:a|b) rest`` group
    distributed into ``a rest|b rest`` (the same language)."""
    out = []
    for alt in split_top_level(expression):
        if alt.startswith("(?:"):
            depth, close = 0, -1
            for i, ch in enumerate(alt):  # the group's closing parenthesis (no classes or escapes inside)
                if ch in "[\\":
                    break
                depth += ch == "("
                depth -= ch == ")"
                if depth == 0:
                    close = i
                    break
            rest = alt[close + 1:] if close > 0 else ""
            if close > 0 and (not rest or rest[0] not in "?*+{"):
                out.extend(option + rest for option in split_top_level(alt[3:close]))
                continue
        out.append(alt)
    return out


def group_end(expression: str, start: int) -> int:
    """The index of the ")" closing the group that opens at ``expression[start]``, else -1."""
    return next((i for i, ch, depth in _structure(expression, start) if ch == ")" and depth == 0), -1)


def grouped_pattern(expression: str) -> re.Pattern[str]:
    """A cue pattern ``(?<![\\w-])(?:a|b|...)<rest>`` lower-cased, its alternatives regrouped by first
    letter as the trigger scanner does (the same matches, about a quarter faster over a window);
    any other pattern is only lower-cased.  Match it against :func:`lowered` text."""
    pre = "(?<![\\w-])"
    close = group_end(expression, len(pre)) if expression.startswith(pre + "(?:") else -1
    if close < 0:
        return re.compile(lower_pattern(expression))
    options = []
    for alt in _alternatives(lower_pattern(expression[len(pre) + 3:close])):
        whole_group = alt.startswith("(?:") and group_end(alt, 0) == len(alt) - 1
        options.extend(_alternatives(alt[3:-1]) if whole_group else [alt])
    return re.compile(f"{pre}(?:{by_first_letter(options)}){lower_pattern(expression[close + 1:])}")


def by_first_letter(alternatives: list[str], depth: int = 1) -> str:
    """``a(?:ir strike|ttack)|b(?:...)|(?:other)``: the alternatives regrouped by their first letter, so
    that a search fails at most positions after one comparison per letter (the same language); with
    ``depth`` 2 each group is regrouped by its next letter too."""
    groups: dict[str, list[str]] = {}
    other: list[str] = []
    for alt in alternatives:
        letter = _first_letter(alt)
        if letter is None:
            other.append(alt)
        else:
            groups.setdefault(letter, []).append(alt[1:])
    grouped = []
    for letter, rests in sorted(groups.items()):
        inner = by_first_letter(rests, depth - 1) if depth > 1 and len(rests) > 1 else "|".join(rests)
        grouped.append(f"{letter}(?:{inner})")
    return "|".join(grouped + [f"(?:{alt})" for alt in other])


def _first_letter(alternative: str) -> str | None:
    """The literal lower-case letter an alternative must start with, else None."""
    first = alternative[:1]
    if "a" <= first <= "z" and alternative[1:2] not in ("?", "*", "{"):
        return first
    return None


@lru_cache(maxsize=1)
def _combined() -> re.Pattern[str]:
    """One pattern for all trigger rules: finds candidate positions in a single pass.

    Only where a trigger starts matters (each rule is then tried there), so the rules'
    alternatives are regrouped by their first letter: ``a(?:ir[ -]?strikes?|...)|b(?:...)``
    fails at most positions after one comparison per letter (same positions found).
    """
    alternatives = [alt for _, (_, _, expression) in _rows("triggers.tsv", 3)
                    for alt in _alternatives(lower_pattern(expression))]
    return re.compile(rf"(?<![\w-])(?:{by_first_letter(alternatives, depth=2)})(?![\w-])")


@lru_cache(maxsize=1)
def _rules_by_letter() -> dict[str, tuple[TriggerRule, ...]]:
    """For each lower-case ASCII letter, the trigger rules that may start with it (file order)."""
    rows = _rows("triggers.tsv", 3)
    rules = load_triggers()
    table = {}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        table[letter] = tuple(rule for rule, (_, (_, _, expression)) in zip(rules, rows)
                              if any(_first_letter(alt) in (None, letter)
                                     for alt in _alternatives(lower_pattern(expression))))
    return table


_WORD_ASCII = "0-9A-Za-z_-"  # ``[\w-]`` on ASCII text, without the Unicode category look-ups


@lru_cache(maxsize=1)
def _scanners() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """:func:`_combined` as (at, after) pairs, for any text and for ASCII text: ``at`` matches a trigger
    start at a position, ``after`` finds the character before the next one (a search that starts
    with a character class skips the inside of words at once; the trigger starts one further)."""
    body = _combined().pattern[len(r"(?<![\w-])"):]
    ascii_body = body[:-len(r"(?![\w-])")] + rf"(?![{_WORD_ASCII}])"
    return (_combined(), re.compile(r"[^\w-]" + body),
            re.compile(rf"(?<![{_WORD_ASCII}])" + ascii_body), re.compile(rf"[^{_WORD_ASCII}]" + ascii_body))


_LITERAL = re.compile(r"[a-z0-9 '’-]*")


def _literal_prefix(alternative: str) -> str:
    """The characters every match of a (lower-cased) alternative starts with ("" when unknown)."""
    prefix = _LITERAL.match(alternative).group(0)
    if alternative[len(prefix):len(prefix) + 1] in ("?", "*", "{"):
        prefix = prefix[:-1]  # "strikes?": the "s" may be missing
    return prefix


@lru_cache(maxsize=1)
def _rule_prefixes() -> tuple[tuple[str, ...], ...]:
    """For each trigger rule (by ``order``), the literal prefixes of its alternatives (lower case): on
    ASCII text a rule can match only where the lower-cased text starts with one of them."""
    return tuple(tuple(_literal_prefix(alt) for alt in _alternatives(lower_pattern(expression)))
                 for _, (_, _, expression) in _rows("triggers.tsv", 3))




_new_trigger = fast_constructor(TriggerMatch)


def find_triggers(text: str, start: int = 0, end: int | None = None) -> list[TriggerMatch]:
    """Return non-overlapping triggers in ``text[start:end]`` (longest match wins), in text order."""
    end = len(text) if end is None else end
    all_rules = load_triggers()
    by_letter = _rules_by_letter()
    low = lowered(text)
    plain = text.isascii()
    at, after, ascii_at, ascii_after = _scanners()
    if plain:
        at, after = ascii_at, ascii_after
        prefixes = _rule_prefixes()
    chosen: list[TriggerMatch] = []
    pos = start
    while True:
        hit = at.match(low, pos, end)  # (a search from pos finds this first)
        if hit is None:
            hit = after.search(low, pos, end)
            if hit is None:
                break
            begin = hit.start() + 1
        else:
            begin = pos
        best: tuple[int, TriggerRule] | None = None
        for rule in by_letter.get(low[begin], all_rules):  # only the rules that can start here
            if plain and not low.startswith(prefixes[rule.order], begin):
                continue  # none of its alternatives starts so
            m = rule.pattern.match(text, begin, end)
            if m is not None and (best is None or m.end() > best[0]):
                best = (m.end(), rule)
        if best is None:  # cannot happen (same expressions), but never loop forever
            pos = hit.end() if hit.end() > begin else begin + 1
            continue
        stop, rule = best
        chosen.append(_new_trigger(rule.kind, rule.weapon, begin, stop, text[begin:stop]))
        pos = stop if stop > begin else begin + 1
    return chosen


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Return the context cues, one compiled pattern per scope."""
    groups: dict[str, list[str]] = {}
    path = RULES_DIR / "cues.tsv"
    for lineno, (scope, _label, expression) in _rows("cues.tsv", 3):
        _compile(expression, f"{path}:{lineno}")  # validate each row on its own
        groups.setdefault(scope, []).append(expression)
    wanted = ("place-before", "place-after", "not-military", "irrealis", "background")
    missing = [scope for scope in wanted if scope not in groups]
    if missing:
        raise RuleError(f"{path}: no rows for scope(s) {', '.join(missing)}; add at least one each")
    joined = {scope: "|".join(f"(?:{e})" for e in groups[scope]) for scope in wanted}
    return Cues(
        # a cue then optional article/adjectives right before the place
        place_before=_compile(rf"(?<![\w-])(?:{joined['place-before']})\s*(?:the\s+|a\s+)?(?:(?:city|town|village|province|of|northern|southern|eastern|western|central)\s+)*$", str(path), words=False),
        place_after=_compile(rf"(?:{joined['place-after']})", str(path), words=False),
        not_military=_compile(joined["not-military"], str(path)),
        irrealis=_compile(rf"(?<![\w-])(?:{joined['irrealis']})(?![\w-])[^.;]{{0,30}}$", str(path), words=False),
        background=_compile(joined["background"], str(path)),
    )


@dataclass(frozen=True, slots=True)
class CrosswalkRow:
    event_type: str
    condition: str
    acled_event_type: str
    acled_sub_event_type: str


@lru_cache(maxsize=1)
def load_crosswalk() -> tuple[CrosswalkRow, ...]:
    """Return the ACLED crosswalk rows in file order (first matching condition wins)."""
    return tuple(CrosswalkRow(*cells) for _, cells in _rows("crosswalk.tsv", 4))


def acled_types(event_type: str, *, government: bool = False, weapon: str | None = None,
                success: bool = False) -> tuple[str | None, str | None]:
    """Return (acled_event_type, acled_sub_event_type) for an event."""
    for row in load_crosswalk():
        if row.event_type != event_type:
            continue
        if (row.condition == "any" or (row.condition == "government" and government)
                or (row.condition == "suicide" and weapon == "suicide")
                or (row.condition == "success" and success)
                or (row.condition == "nonstate" and not government)):
            return row.acled_event_type, row.acled_sub_event_type
    return None, None


@lru_cache(maxsize=1)
def load_examples() -> tuple[tuple[str, str], ...]:
    """Return (expected event type or "none", sentence) examples for the tests."""
    return tuple((cells[0], cells[1]) for _, cells in _rows("examples.tsv", 2))

"""The bundled, editable actor dictionary: aliases -> canonical actor, side, conflict.

Rows live in ``geomap/data/actors.csv`` (see its header comments).  A row applies
to the conflicts (ISO-2 country codes) it lists, so a generic alias such as
"insurgents" means Hayat Tahrir al-Sham in Syria and nothing elsewhere, and
"Russian forces" are on the government side in Syria but side "Russia" in Ukraine.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress, repeat
from pathlib import Path

from geomap.errors import RuleError
from geomap.types import fast_constructor

DEFAULT_PATH = Path(__file__).parent / "data" / "actors.csv"
ANY = "*"


@dataclass(frozen=True, slots=True)
class Actor:
    """One canonical actor in one conflict scope."""

    name: str
    side: str
    countries: tuple[str, ...]
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorMatch:
    """An alias found in text: ``text[start:end] == alias``."""

    actor: str
    side: str
    alias: str
    start: int
    end: int
    generic: bool = False  # matched only thanks to the country scope


_new_match = fast_constructor(ActorMatch)



@dataclass(slots=True)
class ActorDictionary:
    """Aliases of actors, looked up by name, country and free text."""

    actors: list[Actor] = field(default_factory=list)
    _patterns: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    _last_scan: tuple[str, str, list, dict, list, dict] | None = field(default=None, repr=False, compare=False)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # side_of, adjective_actor

    def get(self, name: str) -> Actor | None:
        """Return the first actor row whose canonical name or alias is ``name`` (case-insensitive)."""
        wanted = name.casefold()
        for actor in self.actors:
            if actor.name.casefold() == wanted:
                return actor
        for actor in self.actors:
            if any(alias.casefold() == wanted for alias in actor.aliases):
                return actor
        return None

    def side_of(self, actor_name: str, country_code: str | None = None) -> str | None:
        """Return the side of ``actor_name`` in the conflict of ``country_code`` (or its first side)."""
        key = ("side", actor_name, country_code, len(self.actors))
        if key not in self._memo:
            self._memo[key] = self._side_of(actor_name, country_code)
        return self._memo[key]

    def _side_of(self, actor_name: str, country_code: str | None) -> str | None:
        rows = [a for a in self.actors if a.name.casefold() == actor_name.casefold()]
        if not rows:
            actor = self.get(actor_name)
            rows = [actor] if actor else []
        cc = (country_code or "").upper()
        for actor in rows:
            if cc and cc in actor.countries:
                return actor.side
        for actor in rows:
            if ANY in actor.countries:
                return actor.side
        return rows[0].side if rows else None

    def adjectives(self) -> frozenset[str]:
        """Every demonym of the dictionary ("Russian", "Israeli")."""
        key = ("adjectives", len(self.actors))
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = frozenset(a for actor in self.actors for a in actor.adjectives)
        return found

    def adjective_actor(self, adjective: str, country_code: str | None = None) -> str | None:
        """Return the actor a demonym stands for before an event noun ("Syrian airstrikes")."""
        key = ("adjective", adjective, country_code, len(self.actors))
        if key not in self._memo:
            self._memo[key] = self._adjective_actor(adjective, country_code)
        return self._memo[key]

    def _adjective_actor(self, adjective: str, country_code: str | None) -> str | None:
        cc = (country_code or "").upper()
        best = None
        for actor in self.actors:
            if adjective in actor.adjectives:
                if cc and cc in actor.countries:
                    return actor.name
                if best is None and (ANY in actor.countries or not cc):
                    best = actor.name
        return best

    def find(self, text: str, country_code: str | None = None, begin: int = 0,
             stop: int | None = None) -> list[ActorMatch]:
        """Return actor aliases in ``text``, longest first, not overlapping, in text order.

        Aliases scoped to particular conflicts match only when ``country_code`` is one
        of them (``"*"`` means any conflict); rows scoped ``*`` always match.
        Matching is by whole words, case-insensitive except for short acronyms (HTS, SNA).
        ``begin``/``stop`` limit the scan to aliases starting in ``text[begin:stop]`` (the
        same matches as a whole-text scan when no alias can run across ``begin``: see
        :meth:`separated_at`).
        """
        index = self._token_index(country_code)
        if not index:
            return []
        low, starts, read, offsets, wholes = self._scan(text)  # read: offset -> the words there, shared by every conflict
        whole = wholes.get(country_code)
        if whole is not None:  # this conflict's whole-text scan, done before: the matches in the range
            matches, match_starts, blocked = whole
            first = bisect_left(offsets, begin) if begin else 0
            if first == len(offsets):
                return []
            if blocked[first] <= offsets[first]:  # no match from before the range reaches into it
                return matches[bisect_left(match_starts, begin) if begin else 0:
                               len(matches) if stop is None else bisect_left(match_starts, stop)]
        matches = []
        last_end = -1
        first = bisect_left(offsets, begin) if begin else 0
        last = len(offsets) if stop is None else bisect_left(offsets, stop)
        blocked = [] if first == 0 and last == len(offsets) else None  # last_end before each start
        for n in range(first, last):
            start, keys = starts[n]
            if blocked is not None:
                blocked.append(last_end)
            if start < last_end:
                continue
            # the longest first word of this conflict's aliases that starts here
            for key in keys:
                if key in index:
                    break
            else:
                continue
            entries = index[key]
            need = len(entries[0][0])  # longest first: no alias here has more words
            cached = read.get(start)  # (words asked for, the words read: fewer when the text stops them)
            if cached is not None and (cached[0] >= need or len(cached[1]) < cached[0]):
                tokens = cached[1]
            else:
                tokens = _tokens_at(low, start, need)
                read[start] = (need, tokens)
            second = tokens[1][0] if len(tokens) > 1 else None
            for words, exact, actor, side, generic in entries:
                if len(words) > 1 and second != words[1] and second != words[1] + "'s":
                    continue  # the second word differs: _match_tokens would say no
                end = _match_tokens(tokens, words)
                if end is None or (exact and text[start:end] != exact):
                    continue
                matches.append(_new_match(actor, side, text[start:end], start, end, generic))
                last_end = end
                break
        if blocked is not None:  # a whole-text scan: remembered for the ranges asked next
            wholes[country_code] = (matches, [m.start for m in matches], blocked)
            return list(matches)
        return matches

    # -- internals -------------------------------------------------------------------

    def _rows_for(self, country_code: str | None) -> list[tuple[Actor, bool]]:
        cc = (country_code or "").upper()
        if cc == ANY:
            return [(a, ANY not in a.countries) for a in self.actors]
        rows = [(a, True) for a in self.actors if cc and cc in a.countries]
        rows += [(a, False) for a in self.actors if ANY in a.countries]
        return rows

    def separated_at(self, text: str, offset: int) -> bool:
        """True when no alias can run across ``offset``: the last non-space character before it
        is not part of a word (so :meth:`find` may start its scan there)."""
        i = offset - 1
        while i >= 0 and text[i].isspace():
            i -= 1
        return i < 0 or not (text[i].isalnum() or text[i] in _JOINERS)  # not _RUN_CHAR

    def _scan(self, text: str) -> tuple[str, list[tuple[int, tuple[str, ...]]], dict, list[int], dict]:
        """Where an alias of any conflict may start in ``text``: (lower-cased text, [(offset, first
        words, longest first)], token memo, offsets, whole-text matches per conflict).

        A first word starts a run of word characters, hyphens and apostrophes and ends at
        the run's end or before an apostrophe ("hamas's"); the scan runs once per text and
        is shared by every conflict's lookup.
        """
        scan = self._last_scan  # one text remembered (a local snapshot: safe under threads)
        if scan is not None and scan[0] == text:
            return scan[1:]
        low = text.lower()
        runs, lowered = word_runs(text)
        if len(low) != len(text):
            low, words = text, runs
        else:
            words = lowered if lowered is not None else frozenset(_RUN.findall(low))
        firsts = self._all_first_words()
        if "’" in low:
            quoted = {word for word in words if "'" in word or "’" in word}
        elif "'" in low:  # (the same, looped in C)
            quoted = set(compress(words, map(str.__contains__, words, repeat("'"))))
        else:
            quoted = set()
        # a word without apostrophes is its own key (set operations: most words are no first word)
        keyed: dict[str, tuple[str, ...]] = {word: (word,) for word in (words & firsts) - quoted}
        for word in quoted:
            norm = word.replace("’", "'")
            cuts = [norm] + [norm[:i] for i in range(len(norm) - 1, 0, -1) if norm[i] == "'"]
            keys = tuple(k for k in cuts if k in firsts)
            if keys:
                keyed[word] = keys
        found: list[tuple[int, tuple[str, ...]]] = []
        size = len(low)
        for word, keys in keyed.items():  # every whole-run occurrence of the word
            at = low.find(word)
            while at >= 0:
                after = at + len(word)
                # (c.isalnum() or c in _JOINERS) is _RUN_CHAR.match(c), without a regular expression call
                if ((at == 0 or not (low[at - 1].isalnum() or low[at - 1] in _JOINERS))
                        and (after == size or not (low[after].isalnum() or low[after] in _JOINERS))):
                    found.append((at, keys))
                at = low.find(word, after)
        found.sort()
        scan = self._last_scan = (text, low, found, {}, [at for at, _ in found], {})
        return scan[1:]

    def _all_first_words(self) -> frozenset[str]:
        firsts = self._patterns.get("firsts:*")
        if firsts is None:
            firsts = frozenset(self._token_index(ANY))
            self._patterns["firsts:*"] = firsts  # type: ignore[assignment]
        return firsts  # type: ignore[return-value]

    def _token_index(self, country_code: str | None) -> dict[str, list[tuple]]:
        key = (country_code or "").upper()
        index = self._patterns.get(key)
        if index is None:
            built: dict[str, list[tuple]] = {}
            seen: set[tuple[str, ...]] = set()
            for actor, scoped in self._rows_for(country_code):
                for alias in actor.aliases:
                    words = tuple(w.replace("’", "'").casefold() for w in _TOKEN.findall(alias))
                    if len(words) > 1 and words[0] in ("the", "a", "an"):
                        words = words[1:]  # "the regime" is found as "regime" (and "the" is everywhere)
                    if not words or words in seen:
                        continue
                    seen.add(words)
                    exact = alias if alias.isupper() and len(alias) <= 5 else None
                    generic = scoped and alias.islower()
                    built.setdefault(words[0], []).append((words, exact, actor.name, actor.side, generic))
            for entries in built.values():
                entries.sort(key=lambda e: -len(e[0]))
            self._patterns[key] = built  # type: ignore[assignment]
            index = built
        return index  # type: ignore[return-value]


_TOKEN = re.compile(r"\w[\w'’-]*")
_RUN = re.compile(r"[\w'’-]+")
_RUN_CHAR = re.compile(r"[\w'’-]")
_JOINERS = "_'’-"  # with the alphanumeric characters (str.isalnum), the characters _RUN_CHAR matches
# ASCII characters that are never inside a run -> space, so that ``str.split`` cuts the runs apart
_SEPARATE = {c: " " for c in range(128) if not _RUN_CHAR.match(chr(c))}
_SEPARATE_TABLE = str.maketrans(_SEPARATE)
_SEPARATE_BYTES = bytes(32 if c in _SEPARATE else c for c in range(256))
_last_runs: tuple[str, frozenset[str], frozenset[str] | None] | None = None


def word_runs(text: str) -> tuple[frozenset[str], frozenset[str] | None]:
    """The distinct runs of word characters, hyphens and apostrophes in ``text`` (``_RUN.findall``)
    and the same runs lower-cased (None when lower-casing is not one character for one, or depends
    on the context: a capital sigma), remembered for the last text.

    One tokenisation per article, shared by the actor scan and toponym recognition (it splits
    at separators with ``str.translate``/``bytes.translate`` and ``split``: no regular expression
    for the plain-ASCII case).
    """
    global _last_runs
    last = _last_runs  # a local snapshot: safe under threads
    if last is not None and last[0] == text:
        return last[1], last[2]
    if text.isascii():
        runs = frozenset(text.translate(_SEPARATE_TABLE).split())
    else:  # the ASCII separators cut at once, then the rest (other punctuation, other spaces) by regex
        chunks = set(text.encode("utf-8", "surrogatepass").translate(_SEPARATE_BYTES).split())
        runs = frozenset(_RUN.findall(b"\n".join(chunks).decode("utf-8", "surrogatepass")))
    lowered = None
    if text.isascii() or (len(text.lower()) == len(text) and "Σ" not in text):
        lowered = frozenset("\n".join(runs).lower().split("\n")) if runs else frozenset()
    _last_runs = (text, runs, lowered)
    return runs, lowered
_GAP = re.compile(r"\s+")


def _tokens_at(low: str, start: int, count: int) -> list[tuple[str, int, int]]:
    """The first ``count`` whitespace-separated tokens read from ``low[start:]``: (token, start, end)."""
    tokens: list[tuple[str, int, int]] = []
    pos = start
    for n in range(count):
        if n:
            gap = _GAP.match(low, pos)
            if gap is None:
                break
            pos = gap.end()
        token = _TOKEN.match(low, pos)
        if token is None:
            break
        tokens.append((token.group(0).replace("’", "'"), pos, token.end()))
        pos = token.end()
    return tokens


def _match_tokens(tokens: list[tuple[str, int, int]], words: tuple[str, ...]) -> int | None:
    """Where ``words`` end when read from ``tokens`` (from :func:`_tokens_at`, as many as the longest alias; "Hamas's" reads as "hamas"), or None."""
    if len(words) > len(tokens):
        return None
    last = len(words) - 1
    for n, word in enumerate(words):
        found, begin, _ = tokens[n]
        if found != word:
            if not (found.endswith("'s") and found[:-2] == word):
                return None
            return begin + len(word) if n == last else None
    return tokens[last][2]


def _split(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in (value or "").split("|") if part.strip())


def read_actors(path: str | Path) -> list[Actor]:
    """Read actor rows from a CSV file (``#`` lines are comments)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RuleError(f"cannot read actor dictionary {path}: {exc}; pass an existing CSV file") from exc
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    reader = csv.reader([line for _, line in numbered])
    header = next(reader, None)
    expected = ["actor", "side", "countries", "aliases", "adjectives"]
    if header != expected:
        raise RuleError(f"{path}:1: expected header {','.join(expected)}, got {','.join(header or [])}")
    actors: list[Actor] = []
    for (lineno, _), row in zip(numbered[1:], reader):
        if len(row) != len(expected) or not row[0].strip() or not row[1].strip():
            raise RuleError(
                f"{path}:{lineno}: expected 5 columns (actor,side,countries,aliases,adjectives) "
                f"with actor and side set, got {row!r}; fix or remove the line"
            )
        name, side, countries, aliases, adjectives = (cell.strip() for cell in row)
        scope = tuple(c.upper() if c != ANY else ANY for c in _split(countries)) or (ANY,)
        actors.append(Actor(name, side, scope, _split(aliases) + (name,), _split(adjectives)))
    return actors


@lru_cache(maxsize=8)
def _load_cached(path: str) -> ActorDictionary:
    return ActorDictionary(read_actors(path))


def load_actors(path: str | Path | None = None) -> ActorDictionary:
    """Load (and cache) the actor dictionary; ``None`` means the bundled one."""
    return _load_cached(str(Path(path) if path else DEFAULT_PATH))

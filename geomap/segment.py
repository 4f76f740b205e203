"""Sentence and clause segmentation by character offsets (no models, no copies of the text)."""

from __future__ import annotations

import re

from geomap.rules import by_first_letter

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt maj capt sgt st no vs etc jr sr prof rev sen rep gov u.s u.n u.k e.g i.e approx km"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# a sentence ends at . ! ? (plus closing quotes/brackets) followed by space and an upper-case start,
# or at a line break
# (group 1 ends where the sentence does: after its full stop and closing quotes, before the space)
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)\n*|([.!?]*[\"”’')\]]*)\s+(?=[\"“‘'(\[]?[A-Z0-9]))")
# a wire dateline opening a paragraph ("BEIRUT (Reuters) - ", "KYIV, Feb 18 - "): not part of the sentence
DATELINE = re.compile(r"(?P<place>[A-Z][A-Z’'.\- ]{2,40}?)(?:,\s*[A-Z][\w.\- ]{1,30}?){0,2}\s*"
                      r"(?:\([A-Za-z.\- ]{2,30}\)\s*)?[-–—]{1,2}\s")
_LAST_WORD = re.compile(r"([\w.]+)$")
_INITIAL = re.compile(r"[A-Z]")
# every break starts with a space, ";", ":" or ",": the leading look-ahead skips other positions at once.
# The breaks: "; " or ": " (with any space before), " — ", a conjunction after a space (not "such as",
# "as well as", ...) and, after a comma, a conjunction or "and", "saying", ...  Each reads the whole run
# of spaces before what follows it, so a run is read once for all of them.
_CONJUNCTIONS = ("as while whereas although though after before when whilst amid despite but prompting following which who"
                 " where because since until").split()
_CONJUNCTION = rf"(?=(?:{by_first_letter(_CONJUNCTIONS)})\s)(?<!such )(?<!well )(?<!known )(?<!same )(?<!so )(?<!as )"
_CLAUSE_BREAK = re.compile(
    r"(?=[\s;:,])(?:"
    rf"\s+(?:[;:]\s+|[—–]\s+|{_CONJUNCTION})"
    r"|[;:]\s+"
    rf"|,\s+(?:{_CONJUNCTION}|(?=(?:and|in an attempt|pointing|claiming|saying|according|adding|while)\b))"
    r")"
)

# the same breaks, found by a search that skips to the characters a break starts with in one quick loop
# (a pattern opening with a character set): the look-behind steps back onto that character and the
# look-ahead reads the whole break from there into group 1; a break is a single match of _CLAUSE_BREAK
_CLAUSE_SCAN = re.compile(r"[\s;:,](?<=(?=(" + _CLAUSE_BREAK.pattern[len(r"(?=[\s;:,])"):] + r"))[\s;:,])")
assert _CLAUSE_BREAK.pattern.startswith(r"(?=[\s;:,])")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    begin = start
    memo = _ABBREVIATED
    for m in _SENTENCE_END.finditer(text, start, end):
        at = m.start()
        if text[at] == ".":
            before = text[max(begin, at - 12):at]
            abbreviated = memo.get(before)
            if abbreviated is None:
                abbreviated = memo[before] = _abbreviated(before)
                if len(memo) > 50_000:
                    memo.clear()
            if abbreviated:
                continue
        stop = m.end(1)
        if stop < 0:  # line breaks: the sentence ends before them
            stop = at
        if begin < stop and not text[begin].isspace() and not text[stop - 1].isspace():
            out.append((begin, stop))
        else:
            span = _trim(text, begin, stop)
            if span[0] < span[1]:
                out.append(span)
        begin = m.end()
    span = _trim(text, begin, end)
    if span[0] < span[1]:
        out.append(span)
    for n, (s, e) in enumerate(out):
        if (s == 0 or text[s - 1] == "\n") and text[s:s + 2].isupper():  # (a capital pair at a line start)
            dateline = DATELINE.match(text, s, e)
            if dateline is not None and dateline.end() < e:
                out[n] = (dateline.end(), e)
    return out


_ABBREVIATED: dict[str, bool] = {}


def _abbreviated(before: str) -> bool:
    """Does the text before a full stop end with an abbreviation ("Gen.") or an initial ("J.")?"""
    word = _LAST_WORD.search(before)
    return bool(word and (word.group(1).lower() in _ABBREVIATIONS or _INITIAL.fullmatch(word.group(1))))


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the clauses of one sentence ``text[start:end]``."""
    out: list[tuple[int, int]] = []
    begin = start
    for m in _CLAUSE_SCAN.finditer(text, start, end):
        at, stop = m.span(1)
        if at < begin:
            continue  # inside the break found before (_CLAUSE_BREAK.finditer would go on after it)
        if at > begin:
            _keep(out, text, begin, at)
        begin = stop
    if begin < end:
        _keep(out, text, begin, end)
    return out


def _keep(out: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    """Append ``text[start:end]`` whitespace-trimmed to ``out`` unless it is blank."""
    if not text[start].isspace() and not text[end - 1].isspace():
        out.append((start, end))
        return
    span = _trim(text, start, end)
    if span[0] < span[1]:
        out.append(span)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

"""Sentence and clause segmentation by character offsets (no models, no copies of the text)."""

from __future__ import annotations

import re

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen col lt maj capt sgt st no vs etc jr sr prof rev sen rep gov u.s u.n u.k e.g i.e approx km"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# a sentence ends at . ! ? (plus closing quotes/brackets) followed by space and an upper-case start,
# or at a line break
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=\n)\n*|[.!?]*[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9]))")
_LAST_WORD = re.compile(r"([\w.]+)$")
_INITIAL = re.compile(r"[A-Z]")
# every break starts with a space, ";", ":" or ",": the leading look-ahead skips other positions at once
_CLAUSE_BREAK = re.compile(
    r"(?=[\s;:,])(?:"
    r"\s*[;:]\s+|\s+[—–]\s+"
    r"|,?\s+(?<!such )(?<!well )(?<!known )(?<!same )(?<!so )(?<!as )"
    r"(?=(?:as|while|whereas|although|though|after|before|when|whilst|amid|despite|but|prompting|following|which|who|where|because|since|until)\s)"
    r"|,\s+(?=(?:and|in an attempt|pointing|claiming|saying|according|adding|while)\b)"
    r")"
)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.group(0)[0] == ".":
            word = _LAST_WORD.search(text, max(begin, m.start() - 12), m.start())
            if word and (word.group(1).lower() in _ABBREVIATIONS or _INITIAL.fullmatch(word.group(1))):
                continue
        spans.append((begin, m.start() + len(m.group(0).rstrip())))
        begin = m.end()
    spans.append((begin, end))
    return [_trim(text, a, b) for a, b in spans if text[a:b].strip()]


def split_clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the clauses of one sentence ``text[start:end]``."""
    spans: list[tuple[int, int]] = []
    begin = start
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.start() > begin:
            spans.append((begin, m.start()))
        begin = m.end()
    if begin < end:
        spans.append((begin, end))
    return [_trim(text, a, b) for a, b in spans if text[a:b].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end

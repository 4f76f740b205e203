"""A small rule-based Arabic-to-Latin romanizer for news-style name keys.

Arabic script leaves short vowels unwritten, so the romanizer guesses them with
two simple syllable patterns and returns both guesses; the name keys of
:mod:`geomap.names` then fold the remaining vowel differences away.  The goal is
matching ("سراقب" meets "Saraqib", "منبج" meets "Manbij"), not a scholarly
transliteration.

>>> romanize_arabic("سراقب")
['Saraqab']
>>> romanize_arabic("منبج")
['Manbaj', 'Manabaj']
>>> romanize_arabic("")
[]
"""

from __future__ import annotations

import re

__all__ = ["has_arabic", "romanize_arabic"]

_ARABIC = re.compile(r"[\u0600-\u06ff]")

# Consonants (a tuple marks letters that are vowels in some positions).
_CONSONANTS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "'", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ء": "'", "ئ": "'", "ؤ": "'", "پ": "p", "چ": "ch", "ڤ": "v", "گ": "g", "ک": "k",
}
_LONG = {"ا": "a", "آ": "a", "أ": "a", "إ": "i", "ى": "a", "ٱ": "a"}
_SEMI = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i")}
_MARKS = {"\u064e": "a", "\u064f": "u", "\u0650": "i", "\u064b": "an", "\u064d": "in", "\u064c": "un"}
_SHADDA = "\u0651"
_SUKUN = "\u0652"
_SUN = set("تثدذرزسشصضطظلن")


def has_arabic(text: str) -> bool:
    """Return True when ``text`` contains Arabic-script letters."""
    return bool(_ARABIC.search(text or ""))


def _tokens(word: str, construct: bool = False) -> list[tuple[str, str]]:
    """Split an Arabic word into ('C', latin) consonant and ('V', latin) vowel tokens.

    ``construct``: the word is followed by another one, so a final taa marbuta is "at".
    """
    out: list[tuple[str, str]] = []
    letters = [ch for ch in word if ch not in "\u0640"]
    for i, ch in enumerate(letters):
        prev = out[-1] if out else None
        nxt = letters[i + 1] if i + 1 < len(letters) else ""
        if ch in _MARKS:
            out.append(("V", _MARKS[ch]))
        elif ch == _SHADDA:
            if prev and prev[0] == "C":
                out.append(prev)
        elif ch == _SUKUN:
            continue
        elif ch == "ة":
            out.append(("V", "a"))
            if construct and not nxt:
                out.append(("C", "t"))
        elif ch in _LONG:
            out.append(("V", _LONG[ch]))
        elif ch in _SEMI:
            cons, vowel = _SEMI[ch]
            at_start = prev is None
            before_vowel = nxt in _LONG or nxt in _MARKS or nxt == "ة"
            after_vowel = prev is not None and prev[0] == "V"
            out.append(("C", cons) if at_start or before_vowel or after_vowel else ("V", vowel))
        elif ch in _CONSONANTS:
            out.append(("C", _CONSONANTS[ch]))
    return out


def _render(tokens: list[tuple[str, str]], dense: bool) -> str:
    """Insert short vowels into consonant runs: CaCCaC (sparse) or CaCaCaC (dense)."""
    parts: list[str] = []
    run = 0  # position inside the current consonant run
    for i, (kind, latin) in enumerate(tokens):
        if kind == "V":
            parts.append(latin)
            run = 0
            continue
        parts.append(latin)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if nxt is not None and nxt[0] == "C" and (dense or run % 2 == 0):
            parts.append("a")
        run += 1
    return "".join(parts)


def _romanize_word(word: str, dense: bool, construct: bool = False) -> str:
    prefix = ""
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
        prefix = "al-"
    elif word.startswith("وال") and len(word) > 4:
        word = word[3:]
        prefix = "wal-"
    tokens = _tokens(word, construct)
    if not tokens:
        return ""
    latin = _render(tokens, dense)
    latin = latin[:1].upper() + latin[1:]
    return prefix + latin


def romanize_arabic(text: str) -> list[str]:
    """Return one or two Latin renderings of an Arabic name (sparse, then dense vowels).

    >>> romanize_arabic("تل رفعت")
    ["Tal Raf'at", "Tal Rafa'at"]
    >>> romanize_arabic("Aleppo")
    []
    """
    if not has_arabic(text):
        return []
    words = [w for w in re.split(r"[\s\-_/()]+", text) if w]
    results: list[str] = []
    for dense in (False, True):
        last = len(words) - 1
        rendered = " ".join(
            filter(None, (_romanize_word(w, dense, i < last) for i, w in enumerate(words)))
        )
        if rendered and rendered not in results:
            results.append(rendered)
    return results

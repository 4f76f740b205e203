"""Place-name normalisation and transliteration-tolerant name keys.

Three key levels, each a pure function of the text, are computed the same way
for gazetteer names (at build time) and for queries (at lookup time):

``fold``      case, diacritics, apostrophes and punctuation folded
              ("Ma'arrat an-Nu'man" -> "maarrat an numan").
``variant``   a transliteration-tolerant key: Arabic articles dropped,
              Tel/Tell/Tall, Deir/Dayr/Dair, Kafr/Kfar unified, consonant digraphs
              (kh, sh, dh, zh, q/k ...) mapped, vowel runs collapsed, doubled letters
              undoubled, spaces removed ("Deir Ezzor" == "Dayr az Zawr").
``skeleton``  the variant key without vowels, used for fuzzy matches only
              ("Kafranbel" == "Kafr Nabl").

>>> fold("Ḩamāh")
'hamah'
>>> variant_key("Deir Ezzor") == variant_key("Dayr az-Zawr")
True
>>> variant_key("Kharkiv") == variant_key("Kharkov")
True
>>> fold("")
''
"""

from __future__ import annotations

import operator
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "FEATURE_GROUPS",
    "KEY_VERSION",
    "fold",
    "is_latin",
    "name_keys",
    "skeleton_key",
    "split_feature",
    "variant_key",
]

# Bump when any key function or the index schema changes: indexes built with another
# version are rebuilt (7: names rows carry the place prior, see gazetteer/build.py; 8: country rows
# carry their land neighbours; 9: "Krai"/"Republic"/"Okrug" unit names give "X region" forms too).
KEY_VERSION = "9"

# Characters NFKD does not decompose into base + mark.
_SPECIAL = str.maketrans(
    {
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe",
        "þ": "th", "ə": "a", "ħ": "h", "ŧ": "t", "ŀ": "l", "ĸ": "k",
        # apostrophes, ayn/hamza marks and backticks vanish
        "'": None, "’": None, "‘": None, "ʿ": None, "ʾ": None, "`": None, "´": None,
        "ʼ": None, "ʻ": None, "ʹ": None, "′": None, "ʽ": None,
        # Arabic letter folding (alef variants, taa marbuta, alef maqsura, tatweel)
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None,
    }
)
# Combining marks (Latin/Greek/Cyrillic diacritics, Arabic harakat, Hebrew points).
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u0900-\u0903\u093a-\u094f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\u3099\u309a\ufe20-\ufe2f]"
)
_ASCII_DROP = str.maketrans({"'": None, "`": None})
_WORDS = re.compile(r"[^\W_]+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics, apostrophes or punctuation.

    >>> fold("  Jisr al-Shughur ")
    'jisr al shughur'
    >>> fold("Tel Rif‘at")
    'tel rifat'
    """
    if not text:
        return ""
    if text.isascii():
        return " ".join(_WORDS.findall(text.lower().translate(_ASCII_DROP)))
    text = text.casefold().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text).casefold()  # NFKD may give capitals ("𝝖" -> "Α")
    text = _MARKS.sub("", text).translate(_SPECIAL)
    return " ".join(_WORDS.findall(text))


_LATIN = re.compile(r"^[a-z0-9 ]+$")


def is_latin(folded: str) -> bool:
    """Return True when a folded key is plain ASCII Latin (variant keys apply)."""
    return bool(_LATIN.match(folded))


# Arabic article forms, written as separate words after folding ("al-Bab" -> "al bab").
ARTICLES = frozenset(
    ["al", "el", "il", "ul", "ad", "ed", "ar", "er", "an", "en", "as", "es", "ash", "esh",
     "at", "et", "az", "ez", "adh", "ath", "dh", "l"]
)
# An attached article assimilated to a sun letter ("Ezzor", "Arraqqa") is dropped too.
# Whole-word spelling variants that vowel folding alone does not unify.
_WORD_VARIANTS = {
    "kfar": "kafr", "kafar": "kafr", "kefar": "kafr", "kfr": "kafr", "kefr": "kafr", "kufr": "kafr",
    "kafer": "kafr",
    "tall": "tal", "tell": "tal", "tel": "tal", "til": "tal",
    "deir": "dayr", "dair": "dayr", "der": "dayr", "dier": "dayr",
    "jisir": "jisr", "jesr": "jisr",
    "maaret": "maarat", "marat": "maarat", "maarrat": "maarat", "maarret": "maarat", "mart": "maarat",
    "sheikh": "shaykh", "shaikh": "shaykh", "sheik": "shaykh", "shekh": "shaykh", "shaykh": "shaykh",
    "saint": "st", "sankt": "st",
    "mount": "jabal", "jebel": "jabal", "jbel": "jabal", "djebel": "jabal", "jabal": "jabal",
}
# Applied in this order with str.replace (placeholders are upper case, so later
# rules never see them): kh/X, sh/S, ch/C, zh/J, gh+g/G, q/k, dh/z, th/t, ph/f ...
_DIGRAPHS = (
    ("shch", "S"), ("sch", "S"), ("tch", "C"), ("kh", "X"), ("gh", "G"), ("sh", "S"), ("ch", "C"),
    ("zh", "J"), ("dj", "J"), ("dh", "z"), ("th", "t"), ("ph", "f"), ("ck", "k"), ("q", "k"),
    ("x", "ks"), ("c", "k"), ("g", "G"), ("ts", "c"), ("tz", "c"),
)
_ATTACHED_ALL = re.compile(r"\b[ae](t|th|d|dh|r|z|s|sh|n)(?=\1)")
# Russian -ov/-ev endings are Ukrainian -iv (Kharkov/Kharkiv, Lvov/Lviv)
_SLAVIC_SUFFIX = re.compile(r"(?<=[a-z]{3})(?:o|e|i|y|ey|ei|ii|iy|yi)v(?=ka\b|\b)")
_FINAL_H = re.compile(r"(?<=[aeiouy])h\b")
_VOWELS = re.compile(r"(\B[aeiouyw]+|\b[aeiou]+)")  # split() keeps the runs at odd positions
# Vowel runs: diphthongs first (ei/ey/ai/ay -> ay, ou/oo/aw/au/ow -> u), then classes
# a | e i y -> i | o u w -> u, repeated classes merged ("iya" -> "ia", "ee" -> "i").
_DIPHTHONGS = {
    "ei": "ay", "ey": "ay", "ai": "ay", "ay": "ay", "aye": "ay", "eye": "i",
    "ou": "u", "oo": "u", "aw": "u", "au": "u", "ow": "u", "ue": "u",
}
_VOWEL_CLASS = str.maketrans("aeiouyw", "aiiuuiu")


def _vowel_run(run: str) -> str:
    """Return the normalized form of one vowel run (memoized: there are few distinct runs)."""
    normal = _RUNS.get(run)
    if normal is None:
        if run in _DIPHTHONGS:
            normal = _DIPHTHONGS[run]
        else:
            normal = _DOUBLED.sub(_FIRST, run.translate(_VOWEL_CLASS))
        if len(_RUNS) < 10_000:
            _RUNS[run] = normal
    return normal


_RUNS: dict[str, str] = {}
_DOUBLED = re.compile(r"(.)\1+")
_FIRST = operator.methodcaller("group", 1)  # a C-level replacement: no template parsing per call


@lru_cache(maxsize=200_000)
def variant_key(text: str) -> str:
    """Return the transliteration-tolerant key of a (folded or raw) Latin name.

    >>> variant_key("Maarat al-Numan") == variant_key("Ma'arrat an-Nu'man")
    True
    >>> variant_key("Avdiivka") == variant_key("Avdeyevka")
    True
    >>> variant_key("Geneina") == variant_key("Jinan")
    False
    """
    return variant_of_folded(fold(text))


def variant_of_folded(folded: str) -> str:
    """Return :func:`variant_key` of an already folded name (no caching, no re-folding)."""
    words = folded.split()
    kept = [_WORD_VARIANTS.get(w, w) for w in words if w not in ARTICLES] or words
    key = " ".join(kept)
    key = _ATTACHED_ALL.sub("", key)
    if "h" in key:
        key = _FINAL_H.sub("", key)
    if "v" in key:
        key = _SLAVIC_SUFFIX.sub("iv", key)
    for src, dst in _DIGRAPHS:
        if src in key:
            key = key.replace(src, dst)
    key = _DOUBLED.sub(_FIRST, key)
    parts = _VOWELS.split(key)
    parts[1::2] = [_RUNS.get(run) or _vowel_run(run) for run in parts[1::2]]
    key = "".join(parts).replace(" ", "")
    return _DOUBLED.sub(_FIRST, key)


_SKELETON_DROP = re.compile(r"[aeiouyw]")


@lru_cache(maxsize=200_000)
def skeleton_key(text: str) -> str:
    """Return the consonant skeleton of a Latin name ('' when too short to be useful).

    >>> skeleton_key("Kafranbel") == skeleton_key("Kafr Nabl")
    True
    >>> skeleton_key("Hama")
    ''
    """
    return skeleton_of_variant(variant_key(text))


def skeleton_of_variant(key: str) -> str:
    """Return the skeleton for an already computed variant key."""
    skeleton = key[:1] + _SKELETON_DROP.sub("", key[1:])
    skeleton = _DOUBLED.sub(_FIRST, skeleton)
    return skeleton if len(skeleton) >= 4 else ""


# Feature words: (group, phrases).  Longest phrases are tried first.
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "air": (
        "military air base", "military airbase", "military airport", "military airfield",
        "air base", "airbase", "airport", "airfield", "air field", "airstrip", "air strip",
        "international airport", "air station", "military aerodrome", "aerodrome",
    ),
    "base": ("military base", "naval base", "army base", "base", "barracks"),
    "adm1": (
        "governorate", "province", "oblast", "region", "state", "wilayah", "wilaya",
        "muhafazah", "muhafazat", "governate", "regional state", "prefecture",
    ),
    "adm2": ("district", "raion", "rayon", "county", "locality", "subdistrict", "sub district", "nahiya"),
    "city": ("city", "town", "village", "camp", "refugee camp", "neighbourhood", "neighborhood"),
    "dam": ("dam", "reservoir"),
    "crossing": ("border crossing", "crossing", "border post", "checkpoint"),
}
FEATURE_CODES: dict[str, frozenset[str]] = {
    "air": frozenset({"AIRB", "AIRP", "AIRF", "AIRH"}),
    "base": frozenset({"MILB", "AIRB", "INSM"}),
    "adm1": frozenset({"ADM1"}),
    "adm2": frozenset({"ADM2", "ADM3"}),
    "city": frozenset({"PPL", "PPLA", "PPLA2", "PPLA3", "PPLC", "PPLX", "PPLL", "CMPRF"}),
    "dam": frozenset({"DAM"}),
    "crossing": frozenset({"CRSG", "PSTB"}),
}
_SUFFIXES: dict[str, str] = {
    phrase: group for group, phrases in FEATURE_GROUPS.items() for phrase in phrases
}
_PREFIX = re.compile(
    r"^(?:the )?(city|town|village|province|governorate|district|region|state|oblast)"
    r" of (.+)$"
)
_PREFIX_GROUP = {
    "city": "city", "town": "city", "village": "city", "province": "adm1", "governorate": "adm1",
    "region": "adm1", "state": "adm1", "oblast": "adm1", "district": "adm2",
}


@lru_cache(maxsize=100_000)
def split_feature(folded: str) -> tuple[str, str | None]:
    """Split a folded name into (core, feature group) when it names a feature type.

    >>> split_feature("kuweires air base")
    ('kuweires', 'air')
    >>> split_feature("idlib province")
    ('idlib', 'adm1')
    >>> split_feature("aleppo")
    ('aleppo', None)
    """
    if " of " in folded:
        match = _PREFIX.match(folded)
        if match:
            return match.group(2), _PREFIX_GROUP[match.group(1)]
    words = folded.rsplit(" ", 3)
    for size in (3, 2, 1):
        if len(words) > size:
            group = _SUFFIXES.get(" ".join(words[-size:]))
            if group:
                return " ".join(words[:-size]), group
    return folded, None


def name_keys(text: str) -> list[tuple[str, str]]:
    """Return the lookup keys of a name as (key, level) pairs, most exact first.

    Levels are ``"folded"``, ``"variant"`` and ``"skeleton"``; the last two only
    exist for Latin-script names.

    >>> name_keys("Tel Rifaat")
    [('tel rifaat', 'folded'), ('talrifat', 'variant'), ('tlrft', 'skeleton')]
    >>> name_keys("")
    []
    """
    folded = fold(text)
    if not folded:
        return []
    keys = [(folded, "folded")]
    if is_latin(folded):
        variant = variant_key(folded)
        if variant:
            keys.append((variant, "variant"))
        skeleton = skeleton_of_variant(variant)
        if skeleton:
            keys.append((skeleton, "skeleton"))
    return keys

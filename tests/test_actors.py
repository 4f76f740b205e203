"""The bundled actor dictionary: aliases, conflict-dependent sides, text search."""

from __future__ import annotations

import re

import pytest

from geomap.actors import load_actors, read_actors
from geomap.errors import RuleError


@pytest.fixture(scope="module")
def actors():
    return load_actors()


@pytest.mark.parametrize(
    ("alias", "country", "actor", "side"),
    [
        ("HTS", "SY", "Hayat Tahrir al-Sham", "opposition"),
        ("Islamist insurgents", "SY", "Hayat Tahrir al-Sham", "opposition"),
        ("insurgents", "SY", "Hayat Tahrir al-Sham", "opposition"),
        ("Turkish-backed rebels", "SY", "Syrian National Army", "opposition"),
        ("Turkish-backed Syrian rebel forces", "SY", "Syrian National Army", "opposition"),
        ("Kurdish militias", "SY", "Syrian Democratic Forces", "SDF"),
        ("YPG", "SY", "Syrian Democratic Forces", "SDF"),
        ("Syrian army", "SY", "Syrian government forces", "government"),
        ("regime forces", "SY", "Syrian government forces", "government"),
        ("IRGC", "SY", "Iran-backed forces", "government"),
        ("ISIS", "SY", "Islamic State", "ISIS"),
        ("IDF", "LB", "Israel Defense Forces", "Israel"),
        ("Hezbollah", "LB", "Hezbollah", "Hezbollah"),
        ("Hamas", "PS", "Hamas", "Hamas"),
        ("Islamic Jihad", "PS", "Palestinian Islamic Jihad", "PIJ"),
        ("Houthi rebels", "YE", "Houthis", "Houthis"),
        ("Saudi-led coalition", "YE", "Saudi-led coalition", "government"),
        ("government forces", "YE", "Yemeni government forces", "government"),
        ("RSF", "SD", "Rapid Support Forces", "RSF"),
        ("Sudanese army", "SD", "Sudanese Armed Forces", "government"),
        ("junta", "MM", "Myanmar military", "junta"),
        ("Arakan Army", "MM", "Arakan Army", "Arakan Army"),
        ("Ukrainian troops", "UA", "Ukrainian forces", "Ukraine"),
        # a ministry or command that speaks for its troops ("said its troops had captured ...")
        ("Russia's defence ministry", "UA", "Russian forces", "Russia"),
        ("Ukraine's southern forces", "UA", "Ukrainian forces", "Ukraine"),
    ],
)
def test_alias_resolves_to_canonical_actor(actors, alias, country, actor, side):
    found = actors.find(f"Reports said {alias} moved in.", country)
    assert [m.actor for m in found] == [actor]
    assert actors.side_of(actor, country) == side


def test_side_depends_on_the_conflict(actors):
    assert actors.side_of("Russian forces", "SY") == "government"
    assert actors.side_of("Russian forces", "UA") == "Russia"


def test_generic_alias_only_in_its_conflict(actors):
    assert [m.actor for m in actors.find("insurgents attacked", "SY")] == ["Hayat Tahrir al-Sham"]
    assert actors.find("insurgents attacked", "MM") == []


def test_find_returns_offsets_longest_first(actors):
    text = "Turkish-backed Syrian rebel forces and Kurdish militants"
    found = actors.find(text, "SY")
    assert [text[m.start:m.end] for m in found] == ["Turkish-backed Syrian rebel forces", "Kurdish militants"]


def test_acronyms_are_case_sensitive(actors):
    assert actors.find("the hts of it", "SY") == []


def test_get_by_alias_and_adjective(actors):
    assert actors.get("SNA").name == "Syrian National Army"
    assert actors.get("nobody at all") is None
    assert actors.adjective_actor("Russian", "SY") == "Russian forces"


def test_malformed_file_names_the_line(tmp_path):
    bad = tmp_path / "actors.csv"
    bad.write_text("actor,side,countries,aliases,adjectives\nOnly two,cells\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"actors.csv:2"):
        read_actors(bad)


def test_custom_dictionary_is_loadable(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("actor,side,countries,aliases,adjectives\nBlue Brigade,blue,XX,blues|the Blues,\n", encoding="utf-8")
    custom = load_actors(path)
    assert [m.actor for m in custom.find("the Blues advanced", "XX")] == ["Blue Brigade"]


_REFERENCE_TOKEN = re.compile(r"\w[\w'’-]*")
_REFERENCE_GAP = re.compile(r"\s+")


def _first_words(actors, cc):
    """One alternation of the first words of a conflict's aliases, longest first."""
    words = sorted(actors._token_index(cc), key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w).replace("'", "['’]") for w in words) or "(?!)"
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w-])")


def _match_words(low, start, words):
    """End offset of ``words`` read one by one from ``low[start:]`` ("Hamas's" reads as "hamas"), or None."""
    pos = start
    for n, word in enumerate(words):
        if n:
            gap = _REFERENCE_GAP.match(low, pos)
            if gap is None:
                return None
            pos = gap.end()
        token = _REFERENCE_TOKEN.match(low, pos)
        if token is None:
            return None
        found = token.group(0).replace("’", "'")
        if found != word:
            if not (found.endswith("'s") and found[:-2] == word):
                return None
            return pos + len(word) if n == len(words) - 1 else None
        pos = token.end()
    return pos


def _find_by_regex(actors, text, cc):
    """The reference scan: one alternation of first words, tried at every offset."""
    from geomap.actors import ActorMatch

    index = actors._token_index(cc)
    low = text.lower() if len(text.lower()) == len(text) else text
    found, last_end = [], -1
    for hit in _first_words(actors, cc).finditer(low):
        if hit.start() < last_end:
            continue
        for words, exact, actor, side, generic in index.get(hit.group(0).replace("’", "'"), ()):
            end = _match_words(low, hit.start(), words)
            if end is None or (exact and text[hit.start():end] != exact):
                continue
            found.append(ActorMatch(actor, side, text[hit.start():end], hit.start(), end, generic))
            last_end = end
            break
    return found


def test_find_matches_the_reference_scan_for_every_conflict(actors):
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    texts += ["Hamas's fighters and Hamas’ allies; HTS-led rebels, the SDF’s YPG, Russian forces, Russian-backed units",
              "insurgents, Islamist insurgents and the regime's army near pro-Turkish-backed rebels", ""]
    for text in texts:
        for cc in ("SY", "UA", "PS", "LB", "YE", "SD", "MM", "*", None):
            assert actors.find(text, cc) == _find_by_regex(actors, text, cc)


def test_find_on_one_text_gives_each_conflict_its_own_sides(actors):
    text = "Russian forces shelled the town."
    assert actors.find(text, "SY")[0].side == "government"
    assert actors.find(text, "UA")[0].side == "Russia"
    assert actors.find(text, "SY")[0].side == "government"

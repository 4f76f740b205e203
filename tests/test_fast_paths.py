"""The quick paths of dates, casualties and segmentation find what the plain searches find."""

from __future__ import annotations

import random
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from geomap import casualties, dates, segment
from geomap.rules import lowered

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
EXTRA = ("On Monday, 30 November 2024; in May 2016 — since early March: two years ago, this evening, "
         "last night. At least 2015 people; 3 days ago, earlier this week (Tuesday) and mid-June. "
         "Four shepherds were killed, while a fifth man was wounded\nsince dozens wounded; killing a boy.")


def _texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + [EXTRA]


def _spans(text: str, rng: random.Random) -> list[tuple[int, int]]:
    spans = []
    for s, e in segment.split_sentences(text):
        spans.append((s, e))
        spans += segment.split_clauses(text, s, e)
    for _ in range(30):
        s = rng.randint(0, len(text))
        spans.append((s, rng.randint(s, min(len(text), s + 200))))
    return spans


def test_gate_positions_hold_every_date_start_of_every_span_inside():
    rng = random.Random(1)
    for text in _texts():
        low = lowered(text)
        for s, e in segment.split_sentences(text):
            positions = set(dates._gate_positions(low, s, e))
            for _ in range(20):
                a = rng.randint(s, e)
                b = rng.randint(a, e)
                for at in range(a, b):
                    if dates._COMBINED.match(low, at, b):
                        assert at in positions, (text[s:e], at)
                        assert dates._COMBINED.search(low, a, b) is not None


def test_find_date_from_positions_matches_the_search():
    rng = random.Random(2)
    for text in _texts():
        low = lowered(text)
        for s, e in segment.split_sentences(text):
            positions = dates._gate_positions(low, s, e)
            for a, b in [(s, e), *segment.split_clauses(text, s, e), *[(x, min(e, x + 40)) for x in
                                                                        (rng.randint(s, e) for _ in range(5))]]:
                for published in ("2024-12-01", None):
                    assert dates.find_date(text, a, b, published, positions) == dates.find_date(text, a, b, published)


def test_clause_scan_finds_the_breaks_of_the_plain_search():
    rng = random.Random(3)
    for text in _texts():
        for s, e in _spans(text, rng):
            plain, begin = [], s
            for m in segment._CLAUSE_BREAK.finditer(text, s, e):
                plain.append(m.span())
            fast = []
            for m in segment._CLAUSE_SCAN.finditer(text, s, e):
                if m.start(1) >= begin:
                    fast.append(m.span(1))
                    begin = m.end(1)
            assert fast == plain


def test_casualty_bounds_change_no_figure():
    rng = random.Random(4)
    for text in _texts():
        low = lowered(text)
        for s, e in _spans(text, rng):
            for patterns, needs, bounds in ((casualties._KILLED, casualties._KILLED_NEEDS, casualties._KILLED_BOUNDS),
                                            (casualties._INJURED, casualties._INJURED_NEEDS, casualties._INJURED_BOUNDS)):
                slow: list[str] = []
                fast: list[str] = []
                a = casualties._lowest(patterns, low, s, e, "x", slow)
                b = casualties._lowest(patterns, low, s, e, "x", fast, needs, low[s:e], bounds)
                assert (a, slow) == (b, fast)


def test_plain_word_checks_agree_with_regular_expressions():
    rng = random.Random(5)
    for text in _texts():
        low = lowered(text)
        for s, e in _spans(text, rng):
            for words in (casualties._KEYWORDS, casualties._KILL_WORDS, casualties._HURT_WORDS):
                expected = re.compile("|".join(map(re.escape, words))).search(low, s, e) is not None
                assert casualties._holds(low[s:e], words) is expected


@given(st.lists(st.sampled_from(["a" * 45, "Gen", "President", " " * 41, " ", ",", ".", "-", "é", "1", "(", "x"]),
                max_size=10), st.data())
def test_word_before_slices_like_the_character_walk(pieces, data):
    from geomap.toponyms import _word_before, _word_before_by_characters

    text = "".join(pieces)
    start = data.draw(st.integers(0, len(text)))
    assert _word_before(text, start) == _word_before_by_characters(text, start)

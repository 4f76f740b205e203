"""``grouped_pattern`` regroups a cue pattern for speed: it must find exactly what the original finds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.rules import grouped_pattern, load_cues, lowered

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
SCOPES = ("not_military", "irrealis", "background")


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("scope", SCOPES)
def test_same_matches_on_the_example_reports(scope):
    original = getattr(load_cues(), scope)
    grouped = grouped_pattern(original.pattern)
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        assert _spans(grouped, lowered(text)) == _spans(original, text), path.name


@settings(max_examples=200, deadline=None)
@given(text=st.lists(st.sampled_from(list("abdehilnorstuwy -,.'") + ["since ", "protest ", "would ", "planned ",
                                                                     "in 2016 ", "Rally", "threatened ", "ago "]),
                     max_size=60).map("".join))
@pytest.mark.parametrize("scope", SCOPES)
def test_same_matches_on_generated_text(scope, text):
    original = getattr(load_cues(), scope)
    assert _spans(grouped_pattern(original.pattern), lowered(text)) == _spans(original, text)


def test_other_patterns_are_only_lower_cased():
    assert grouped_pattern(r"\bShelling\b").pattern == r"\bshelling\b"

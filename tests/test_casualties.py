"""Fatalities and injuries: figures, number words, vague quantities, the lowest-figure rule."""

from __future__ import annotations

import pytest

from geomap.casualties import extract_casualties, parse_number


@pytest.mark.parametrize(
    ("text", "fatalities", "injured"),
    [
        ("An earlier airstrike killed 12 people when it hit a site close to a hospital.", 12, None),
        ("An airstrike had killed four people and injured 54 others.", 4, 54),
        ("At least 21 civilians were killed and dozens wounded.", 21, 12),
        ("The blast killed between 10 and 15 people.", 10, None),
        ("Twenty-three people were killed, while another report said 30 people died.", 23, None),
        ("The death toll rose to 1,200.", 1200, None),
        ("A drone strike wounded three soldiers.", None, 3),
        ("Dozens of fighters were killed on both sides.", 12, None),
        ("a strike left four people dead and 54 wounded", 4, 54),
        ("The strike killed 3 and wounded 7.", 3, 7),
        ("Shelling hit the town.", None, None),
        ("A third child lost a leg in the blast.", None, 1),
        ("Two men lost limbs in the explosion.", None, 2),
        ("Government forces lost control of the town.", None, None),
        # one person named with "the", "his", "their": one victim
        ("A drone hit a minibus, killing the driver and wounding four passengers.", 1, 4),
        ("A farmer was killed. His son, who was following in a truck, was injured.", 1, 1),
        ("A mine exploded under a cart, killing three children and injuring their mother.", 3, 1),
        ("The strike killed the driver and his wife.", None, None),  # a pair: its count is not told here
        ("An air strike on a house killed a woman and five of her children, medics said.", 6, None),
        ("Four soldiers were killed and two seriously wounded when the device went off.", 4, 2),
        ("The civil defence later put the toll at 11 and said dozens were wounded.", 11, 12),
        ("The blast killed a Moscow-installed deputy district head and his driver, and a passer-by was wounded.", 2, 1),
        ("Artillery hit the soldiers' positions, killing the soldiers inside.", None, None),
    ],
)
def test_casualties(text, fatalities, injured):
    found = extract_casualties(text)
    assert (found.fatalities, found.injured) == (fatalities, injured)


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("54", 54), ("1,200", 1200), ("four", 4), ("twenty-one", 21), ("one hundred and twenty", 120),
     ("dozens", 12), ("a dozen", 12), ("hundreds", 100), ("several", 10)],
)
def test_number_words(phrase, value):
    assert parse_number(phrase) == value


def test_rules_say_which_phrase_counted():
    found = extract_casualties("killed four people")
    assert found.rules == ("fatalities:killed four people",)


def test_first_character_look_aheads_change_no_match():
    """Each pattern's leading look-ahead (the characters a match can start with) only skips positions."""
    import re
    from pathlib import Path

    from geomap.casualties import _INJURED, _KILLED
    from geomap.rules import lowered

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    texts = [lowered(p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]
    texts.append("zero people were killed; twenty-one killed, 1,200 wounded; a dozen injured; "
                 "the death toll rose to 54; up to nine civilians died; a fifth man was wounded; two men lost limbs")
    for fast in _KILLED + _INJURED:
        body = re.fullmatch(r"\(\?=\[[^\]]+\]\)\(\?:(.*)\)", fast.pattern, re.S)
        assert body, fast.pattern[:40]
        plain = re.compile(body.group(1))
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("sentence", "killed", "injured"),
    [
        ("A rocket on the depot left one guard dead, officials said.", 1, None),
        ("Six gunmen from rival clans were killed, police said.", 6, None),
        ("One medic was badly wounded when the convoy came under fire.", None, 1),
        ("Troops said they had killed several militants near the ridge.", None, None),
    ],
)
def test_single_victims_long_subjects_and_several(sentence, killed, injured):
    found = extract_casualties(sentence)
    assert (found.fatalities, found.injured) == (killed, injured)

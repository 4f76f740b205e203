"""``fast_constructor`` builds records equal to the dataclass's own constructor."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from geomap.types import Event, Mention, fast_constructor


@given(st.tuples(st.text(), st.integers(), st.integers(), st.text(), st.sampled_from(["lexicon", "dateline"]),
                 st.floats(allow_nan=False), st.booleans(), st.booleans()))
def test_mentions_equal_the_class_built_ones(values):
    made = fast_constructor(Mention)(*values)
    assert made == Mention(*values) and type(made) is Mention and hash(made) == hash(Mention(*values))


def test_every_event_field_is_filled():
    values = [f"v{i}" for i in range(len(Event.__dataclass_fields__))]
    assert fast_constructor(Event)(*values) == Event(*values)


def test_classes_with_more_to_construction_are_returned_as_they_are():
    @dataclass(frozen=True, slots=True)
    class Checked:
        value: int

        def __post_init__(self):
            if self.value < 0:
                raise ValueError("negative")

    @dataclass
    class Plain:
        value: int

    assert fast_constructor(Checked) is Checked
    assert fast_constructor(Plain) is Plain

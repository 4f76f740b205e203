"""Property tests: extraction on generated text never crashes and always gives well-formed events.

Articles are assembled by hypothesis from report fragments (places, actors, triggers, figures,
dates, distractors) mixed with arbitrary unicode, so that every rule path meets odd input:
stray punctuation, control characters, emoji, right-to-left script, very long runs of
capitals.  The invariants are the ones users' scripts rely on.
"""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.events import extract_events, extract_with_roles
from geomap.geojson import events_to_collection
from geomap.types import EVENT_KINDS, Article, MentionRole

PLACES = ["Aleppo", "Idlib", "Hama", "Kherson", "Rafah", "Khan Younis", "Marib", "El Fasher", "Sittwe",
          "Tel Rifaat", "Kuweires airbase", "Nabatieh", "Damascus", "Moscow", "Syria", "Ukraine"]
ACTORS = ["Islamist insurgents", "government forces", "Russian troops", "Hamas", "the RSF", "Houthi fighters",
          "Israeli forces", "the Arakan Army", "Turkish-backed rebels", "HTS"]
TEMPLATES = [
    "Warplanes bombed {p} on {d}, killing {n} people.",
    "{a} seized {p} after heavy fighting.",
    "Artillery shelling hit the outskirts of {p}, wounding {n} civilians.",
    "A car bomb exploded in {p}, killing {w} and injuring dozens.",
    "{a} launched a counterattack {k}km north of {p}.",
    "Clashes erupted between {a} and {a2} near {p} {d}.",
    "{a} withdrew from {p}.",
    "The foreign minister arrived in {p} for talks.",
    "In 2016, {a} captured {p}.",
    "{a} said they would attack {p}.",
    "Protesters marched through {p}.",
]
DAYS = ["on Sunday", "yesterday", "last week", "on 30 November", "on Saturday night", ""]
WORDS = ["four", "twelve", "twenty-one", "dozens", "a hundred", "several"]


@st.composite
def articles(draw) -> Article:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            template = draw(st.sampled_from(TEMPLATES))
            parts.append(template.format(
                p=draw(st.sampled_from(PLACES)), a=draw(st.sampled_from(ACTORS)), a2=draw(st.sampled_from(ACTORS)),
                d=draw(st.sampled_from(DAYS)), n=draw(st.integers(0, 5000)), w=draw(st.sampled_from(WORDS)),
                k=draw(st.integers(1, 80))))
        else:
            parts.append(draw(st.text(max_size=80)))
    separator = draw(st.sampled_from([" ", "\n", "\n\n", " — ", "; "]))
    published = draw(st.sampled_from(["2024-12-01", "2025-02-28", None]))
    return Article("prop", separator.join(parts), published=published)


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@_SETTINGS
@given(article=articles())
def test_events_are_well_formed(gazetteer, article):
    events = extract_events(article, gazetteer=gazetteer)
    for event in events:
        assert event.event_type in EVENT_KINDS
        assert event.lat is not None and event.lon is not None
        assert -90 <= event.lat <= 90 and -180 <= event.lon <= 180
        assert event.geo_precision in (1, 2, 3)
        assert event.uncertainty_km >= 0 and math.isfinite(event.uncertainty_km)
        assert event.time_precision in (1, 2, 3)
        for figure in (event.fatalities, event.injured):
            assert figure is None or (isinstance(figure, int) and figure >= 0)
        assert event.evidence and event.evidence in article.text
        assert 0 <= event.confidence <= 1
    assert len({e.event_id for e in events}) == len(events)


@_SETTINGS
@given(article=articles())
def test_extraction_is_deterministic_and_serialisable(gazetteer, article):
    first = events_to_collection(extract_events(article, gazetteer=gazetteer))
    second = events_to_collection(extract_events(article, gazetteer=gazetteer))
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    json.dumps(first, allow_nan=False)  # RFC 8259: no NaN/Infinity reaches the output


@_SETTINGS
@given(article=articles())
def test_mention_offsets_point_into_the_text(gazetteer, article):
    events, resolutions = extract_with_roles(article, gazetteer=gazetteer)
    roles = {role.value for role in MentionRole}
    for r in resolutions:
        m = r.mention
        assert 0 <= m.start < m.end <= len(article.text)
        assert article.text[m.start:m.end] == m.surface
        assert r.role in roles
    located = {(r.mention.start, r.mention.end) for r in resolutions if r.role == MentionRole.EVENT_LOCATION.value}
    assert len(located) <= len(events)  # each event has one location mention; none without events

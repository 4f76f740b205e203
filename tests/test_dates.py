"""Event dates against the article date, with ACLED time precision and the 60-day history rule."""

from __future__ import annotations

import pytest

from geomap.dates import event_date, find_date

ARTICLE = "2024-12-01"  # a Sunday


@pytest.mark.parametrize(
    ("phrase", "expected", "precision"),
    [
        ("on Sunday", "2024-12-01", 1),
        ("late on Saturday night", "2024-11-30", 1),
        ("on Friday", "2024-11-29", 1),
        ("last Sunday", "2024-11-24", 1),
        ("yesterday", "2024-11-30", 1),
        ("overnight", "2024-12-01", 1),  # the night that ended on the morning of the report
        ("overnight into Saturday", "2024-11-30", 1),
        ("last night", "2024-11-30", 1),
        ("today", "2024-12-01", 1),
        ("last week", "2024-11-24", 2),
        ("earlier this week", "2024-12-01", 2),
        ("on 30 November", "2024-11-30", 1),
        ("on November 28", "2024-11-28", 1),
        ("on 3 March 2023", "2023-03-03", 1),
        ("two days ago", "2024-11-29", 1),
        ("in November", "2024-11-15", 3),
    ],
)
def test_relative_and_absolute_dates(phrase, expected, precision):
    found = find_date(phrase, 0, len(phrase), ARTICLE)
    assert (found.event_date, found.time_precision) == (expected, precision)


def test_year_older_than_sixty_days_is_historical():
    text = "during the 2016 battle to retake control of Aleppo"
    found = find_date(text, 0, len(text), ARTICLE)
    assert found.historical is True
    assert found.event_date is None and found.time_precision == 3


def test_recent_date_is_not_historical_and_old_one_is():
    assert find_date("on 30 November", 0, 14, ARTICLE).historical is False
    text = "on 1 September"
    assert find_date(text, 0, len(text), ARTICLE).historical is True


def test_casualty_figures_are_not_years():
    text = "the strikes killed 2000 people"
    assert find_date(text, 0, len(text), ARTICLE) is None


def test_no_date_falls_back_to_the_article_date_with_week_precision():
    ref = event_date("Shelling hit the town.", [(0, 22)], ARTICLE)
    assert (ref.event_date, ref.time_precision, ref.historical, ref.rule) == (ARTICLE, 2, False, "article-date")


def test_first_span_with_a_date_wins():
    text = "Rebels seized the town. It happened on Friday."
    ref = event_date(text, [(0, 23), (0, len(text))], ARTICLE)
    assert ref.event_date == "2024-11-29"


def test_without_article_date_weekdays_are_unknown():
    ref = event_date("on Friday", [(0, 9)], None)
    assert ref.event_date is None


def test_combined_pattern_finds_what_the_rules_find_one_by_one():
    """The shared word-boundary check in front of the combined pattern changes no match."""
    import re
    from pathlib import Path

    from geomap.dates import _COMBINED, _PATTERNS
    from geomap.rules import lower_pattern, lowered
    from geomap.segment import split_clauses, split_sentences

    plain = re.compile("|".join(f"(?P<{rule.replace('-', '_')}>{lower_pattern(p.pattern.replace('(?P<last>', '(?:'))})"
                                for rule, p in _PATTERNS))
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    texts.append("In 2016, at least 2015 people; 3 days ago; last week; on 30 November 2024; early December.")
    for text in texts:
        low = lowered(text)
        for s, e in split_sentences(text):
            for start, end in [(s, e), *split_clauses(text, s, e)]:
                for pos in range(start, end, 7):
                    a, b = _COMBINED.search(low, pos, end), plain.search(low, pos, end)
                    assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup))


def test_last_month_name_is_the_most_recent_one_before_the_article():
    from geomap.dates import event_date
    text = "the depot they had seized last June"
    ref = event_date(text, [(0, len(text))], "2025-04-23")
    assert ref.event_date == "2024-06-15" and ref.historical
    same = "fighters overran the post last April"
    assert event_date(same, [(0, len(same))], "2025-04-23").event_date == "2024-04-15"
    verb = "they may attack"
    assert event_date(verb, [(0, len(verb))], "2025-04-23").rule == "article-date"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a day told relative to the event before it
        ("Rebels captured Saraqib on Friday. Hours later, warplanes struck Ariha, killing four people.", "2024-11-29"),
        ("Rebels captured Saraqib on Friday. The next day, warplanes struck Ariha, killing four people.", "2024-11-30"),
        ("Rebels captured Saraqib on Friday. A day earlier, warplanes struck Ariha, killing four people.", "2024-11-28"),
        ("Saraqib was captured on Friday and Ariha fell a day later, as warplanes struck Ariha a day later.",
         "2024-11-30"),
    ],
)
def test_a_day_told_relative_to_the_previous_event(text, expected, gazetteer):
    from geomap.events import extract_events
    from geomap.types import Article

    events = extract_events(Article("d", text, published=ARTICLE), gazetteer=gazetteer)
    ariha = [e for e in events if e.place and e.place.startswith("Ar")]
    assert [e.event_date for e in ariha] == [expected]


def test_a_dateline_date_is_the_publication_not_the_event(gazetteer):
    from geomap.events import extract_events
    from geomap.types import Article

    text = ("Rebels push on\n\nIDLIB, Syria, Dec 1 - Warplanes struck Ariha on Friday, killing four people, "
            "rescuers said.")
    (event,) = extract_events(Article("d", text, published=ARTICLE), gazetteer=gazetteer)
    assert (event.event_date, event.time_precision) == ("2024-11-29", 1)


def test_a_headline_event_takes_the_day_the_body_gives(gazetteer):
    from geomap.events import extract_events
    from geomap.types import Article

    text = "Warplanes hit Ariha\n\nWarplanes struck Ariha on Friday, killing four people, rescuers said."
    (event,) = extract_events(Article("d", text, published=ARTICLE), gazetteer=gazetteer)
    assert (event.event_date, event.time_precision) == ("2024-11-29", 1)


def test_years_ago_make_an_event_historical():
    from geomap.dates import event_date

    text = "Troops captured the town three years ago, officials said."
    found = event_date(text, [(0, len(text))], "2025-05-24", {})
    assert found.historical and found.rule == "ago" and found.event_date.startswith("2022")

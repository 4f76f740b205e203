"""Tests for geomap.evaluate (scoring), ``geomap evaluate`` and the seeds/ evaluation set."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap import evaluate
from geomap.cli.main import cli
from geomap.evaluate import (
    GoldArticle,
    GoldEvent,
    GoldFormatError,
    load_gold,
    match_events,
    run_evaluation,
    score,
)
from geomap.geodesy import distance_km
from geomap.types import EVENT_KINDS, Event

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ALEPPO = (36.2021, 37.1343)
IDLIB = (35.9306, 36.6339)
HAMA = (35.1318, 36.7578)


def gold_event(kind, latlon, fatalities=None, injured=None, date="2024-12-01"):
    return GoldEvent(kind, "x", latlon[0], latlon[1], date, (), fatalities, injured)


_IDS = itertools.count(1)


def predicted(kind, latlon, fatalities=None, injured=None, date="2024-12-01", historical=False):
    lat, lon = latlon if latlon else (None, None)
    return Event(
        event_id=f"e{next(_IDS)}", article_id="a", event_type=kind, lat=lat, lon=lon, fatalities=fatalities,
        injured=injured, event_date=date, historical=historical,
    )


def article(stem, *events):
    return GoldArticle(stem=stem, article=f"{stem}.txt", date="2024-12-01", events=tuple(events))


GOLD = [
    article("one", gold_event("airstrike", ALEPPO, 12), gold_event("airstrike", IDLIB, 4, 54), gold_event("seizure", ALEPPO)),
    article("two", gold_event("counterattack", HAMA)),
    article("quiet"),
]


def perfect():
    return {
        "one": [predicted("airstrike", ALEPPO, 12), predicted("airstrike", IDLIB, 4, 54), predicted("seizure", ALEPPO)],
        "two": [predicted("counterattack", HAMA)],
        "quiet": [],
    }


def test_perfect_prediction_scores_one():
    report = score(perfect(), GOLD)
    assert report.macro_f1 == 1.0
    assert all(s.f1 == 1.0 for s in report.per_type.values() if s.tp + s.fp + s.fn)
    assert report.location_accuracy == 1.0
    assert report.fatality_accuracy == 1.0 and len(report.fatality_pairs) == 2
    assert report.injured_accuracy == 1.0
    assert report.date_accuracy == 1.0
    assert report.no_event_emitted == 0 and report.no_event_articles == ["quiet"]


def test_wrong_type_lowers_precision_and_recall_of_both_types():
    preds = perfect()
    preds["one"][2] = predicted("clash", ALEPPO)
    report = score(preds, GOLD)
    assert report.per_type["clash"].precision == 0.0 and report.per_type["clash"].fp == 1
    assert report.per_type["seizure"].recall == 0.0 and report.per_type["seizure"].fn == 1
    assert report.per_type["airstrike"].f1 == 1.0
    assert report.macro_f1 == pytest.approx((1 + 1 + 0 + 0) / 4)  # airstrike, counterattack, seizure, clash


def test_extra_event_lowers_precision_only():
    preds = perfect()
    preds["one"].append(predicted("airstrike", HAMA))
    s = score(preds, GOLD).per_type["airstrike"]
    assert (s.tp, s.fp, s.fn) == (2, 1, 0)
    assert s.precision == pytest.approx(2 / 3) and s.recall == 1.0


def test_missed_event_lowers_recall_only():
    preds = perfect()
    del preds["two"][0]
    s = score(preds, GOLD).per_type["counterattack"]
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert score(preds, GOLD).per_type["airstrike"].f1 == 1.0


def test_wrong_place_counts_for_f1_but_not_location():
    preds = perfect()
    preds["two"] = [predicted("counterattack", (35.6, 36.75))]  # ~52 km north of Hama
    report = score(preds, GOLD)
    assert report.macro_f1 == 1.0
    assert report.location_accuracy == pytest.approx(3 / 4)
    assert report.details[1]["far"][0]["distance_km"] == pytest.approx(52, abs=1)
    assert score(preds, GOLD, within_km=60).location_accuracy == 1.0


def test_event_without_coordinates_matches_but_is_never_located():
    preds = perfect()
    preds["two"] = [predicted("counterattack", None)]
    report = score(preds, GOLD)
    assert report.per_type["counterattack"].tp == 1
    assert report.location_accuracy == pytest.approx(3 / 4)
    assert report.as_dict()["details"][1]["far"][0]["distance_km"] is None


def test_greedy_matching_takes_the_closest_pair_first():
    gold = [gold_event("airstrike", ALEPPO), gold_event("airstrike", IDLIB)]
    preds = [predicted("airstrike", (36.0, 36.7)), predicted("airstrike", (36.21, 37.13))]  # near Idlib, near Aleppo
    matches = match_events(preds, gold)
    assert [(p, g) for p, g, _ in matches] == [(0, 1), (1, 0)]
    assert all(d < 10 for _, _, d in matches)


def test_matching_never_crosses_types():
    assert match_events([predicted("shelling", ALEPPO)], [gold_event("airstrike", ALEPPO)]) == []


def test_fatality_accuracy_counts_pairs_with_a_figure():
    preds = perfect()
    preds["one"][0] = predicted("airstrike", ALEPPO, 10)  # gold 12
    preds["one"][2] = predicted("seizure", ALEPPO, 3)  # gold none
    report = score(preds, GOLD)
    assert len(report.fatality_pairs) == 3
    assert report.fatality_accuracy == pytest.approx(1 / 3)


def test_historical_predictions_are_left_out():
    preds = perfect()
    preds["one"].append(predicted("seizure", ALEPPO, historical=True))
    report = score(preds, GOLD)
    assert report.historical_left_out == 1 and report.macro_f1 == 1.0


def test_events_in_no_event_stories_are_counted():
    preds = perfect()
    preds["quiet"] = [predicted("airstrike", ALEPPO), predicted("airstrike", ALEPPO, historical=True)]
    report = score(preds, GOLD)
    assert report.no_event_emitted == 1
    assert report.per_type["airstrike"].fp == 1


def test_report_json_and_text():
    report = score(perfect(), GOLD)
    data = json.loads(evaluate.report_json(report))
    assert data["macro_f1"] == 1.0 and data["location_accuracy"] == 1.0 and data["no_event_emitted"] == 0
    assert set(data["per_type"]) == set(EVENT_KINDS)
    assert data["per_type"]["airstrike"] == {"gold": 2, "predicted": 2, "tp": 2, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    text = report.format_text(details=True)
    assert "macro-F1 1.000" in text and "location within 25 km: 1.000 (4/4)" in text
    assert "no-event stories: 1, events emitted in them: 0" in text


def test_haversine():
    assert distance_km(*ALEPPO, *ALEPPO) == 0.0
    assert distance_km(*ALEPPO, *HAMA) == pytest.approx(120, abs=5)
    assert math.isclose(distance_km(0, 0, 0, 1), 111.2, abs_tol=0.2)


# -- gold files ------------------------------------------------------------------------------------


def test_load_gold_errors(tmp_path):
    with pytest.raises(GoldFormatError, match="directory"):
        load_gold(tmp_path / "missing")
    with pytest.raises(GoldFormatError, match="found none"):
        load_gold(tmp_path)
    (tmp_path / "a.json").write_text("{not json")
    with pytest.raises(GoldFormatError, match="a.json"):
        load_gold(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps({"events": [{"place": "Aleppo"}]}))
    with pytest.raises(GoldFormatError, match=r"events\[0\].*event_type"):
        load_gold(tmp_path)
    (tmp_path / "a.json").write_text(json.dumps({"events": [{"event_type": "airstrike", "lat": 95, "lon": 0}]}))
    with pytest.raises(ValueError, match="lat in"):
        load_gold(tmp_path)


def fake_extractor(gold_dir):
    """An extractor that reads the answer from the gold file, to test the wiring (not the extractor)."""
    by_article = {g.article: g for g in load_gold(gold_dir)}

    def extract(art):
        name = Path(art.origin.rsplit(":", 1)[0]).name
        return [
            Event(event_id=f"{art.article_id}-{i}", article_id=art.article_id, event_type=e.event_type, lat=e.lat,
                  lon=e.lon, fatalities=e.fatalities, injured=e.injured, event_date=e.event_date)
            for i, e in enumerate(by_article[name].events)
        ]

    return extract


def test_run_evaluation_reads_articles_next_to_gold(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "2024-12-01_a.txt").write_text("An airstrike hit Idlib city, killing four.")
    (tmp_path / "gold" / "2024-12-01_a.json").write_text(
        json.dumps({"article": "2024-12-01_a.txt", "date": "2024-12-01", "events": [
            {"event_type": "airstrike", "place": "Idlib", "lat": IDLIB[0], "lon": IDLIB[1], "event_date": "2024-12-01",
             "actors": [], "fatalities": 4, "injured": None}]})
    )
    seen = []

    def extract(art):
        seen.append(art)
        return [predicted("airstrike", (35.93, 36.63), 4)]

    report = run_evaluation(tmp_path / "gold", extract=extract)
    assert report.macro_f1 == 1.0 and report.fatality_accuracy == 1.0
    assert seen[0].published == "2024-12-01" and "Idlib" in seen[0].text
    (tmp_path / "2024-12-01_a.txt").unlink()
    with pytest.raises(GoldFormatError, match="--articles"):
        run_evaluation(tmp_path / "gold", extract=extract)


def test_cli_evaluate_text_and_json(monkeypatch):
    monkeypatch.setattr(evaluate, "_default_extractor", lambda: fake_extractor(SEEDS / "gold"))
    runner = CliRunner()
    result = runner.invoke(cli, ["evaluate", str(SEEDS / "gold"), "-q"])
    assert result.exit_code == 0, result.output
    assert "macro-F1 1.000" in result.output and "fatalities exact: 1.000" in result.output
    result = runner.invoke(cli, ["evaluate", str(SEEDS / "gold"), "--articles", str(SEEDS), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["articles"] >= 32 and data["macro_f1"] == 1.0 and data["no_event_emitted"] == 0


def test_cli_fail_under_and_errors(monkeypatch, tmp_path):
    monkeypatch.setattr(evaluate, "_default_extractor", lambda: (lambda art: []))
    runner = CliRunner()
    result = runner.invoke(cli, ["evaluate", str(SEEDS / "gold"), "--fail-under", "0.5"])
    assert result.exit_code == 1 and "below --fail-under" in result.output
    result = runner.invoke(cli, ["evaluate", str(tmp_path)])
    assert result.exit_code == 1 and "Error: expected gold .json files" in result.output
    result = runner.invoke(cli, ["evaluate", "--help"])
    assert result.exit_code == 0 and "geomap evaluate seeds/gold" in result.output


# -- the evaluation set itself ---------------------------------------------------------------------

REGIONS = {"syria", "ukraine", "gaza", "lebanon", "yemen", "sudan", "myanmar"}


def test_seed_set_shape():
    reports = sorted(SEEDS.glob("*.txt"))
    gold = {g.stem: g for g in load_gold(SEEDS / "gold")}
    assert len(reports) >= 32
    assert {p.stem for p in reports} == set(gold)
    regions = set()
    for path in reports:
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})_([a-z]+)-[a-z0-9-]+", path.stem)
        assert match, path.name
        regions.add(match.group(2))
        words = len(path.read_text(encoding="utf-8").split())
        assert 80 <= words <= 250, (path.name, words)
        item = gold[path.stem]
        assert item.article == path.name and item.date == match.group(1)
        for event in item.events:
            assert event.event_type in EVENT_KINDS
            assert event.lat is not None and event.lon is not None and event.event_date
            assert event.event_date <= item.date
            assert event.fatalities is None or event.fatalities >= 0
    assert regions == REGIONS
    assert sum(1 for g in gold.values() if not g.events) >= 5
    assert {e.event_type for g in gold.values() for e in g.events} == set(EVENT_KINDS)


def test_seed_set_has_the_aleppo_offensive_and_a_triple_report():
    gold = {g.stem: g for g in load_gold(SEEDS / "gold")}
    offensive = gold["2024-12-01_syria-aleppo-offensive"]
    kinds = sorted(e.event_type for e in offensive.events)
    assert kinds == ["airstrike", "airstrike", "counterattack", "seizure", "seizure", "seizure"]
    strikes = [gold[f"2024-12-12_gaza-nuseirat-strike-{x}"].events[0] for x in "abc"]
    assert len({(s.lat, s.lon, s.event_date, s.event_type) for s in strikes}) == 1
    assert len({s.fatalities for s in strikes}) == 3


@pytest.mark.slow
def test_real_extractor_runs_on_the_seed_set():
    """Smoke test of the real pipeline; the quality figures are quoted in the README, not asserted."""
    pytest.importorskip("geomap.events")
    pytest.importorskip("geomap.gazetteer")
    try:
        report = run_evaluation(SEEDS / "gold")
    except evaluate.ExtractorUnavailable as err:  # pragma: no cover - extractor not built yet
        pytest.skip(str(err))
    assert report.articles >= 32
    assert 0.0 <= report.macro_f1 <= 1.0


def test_actor_accuracy_counts_pairs_whose_gold_names_actors():
    gold = [article("one", GoldEvent("seizure", "x", *ALEPPO, "2024-12-01", ("HTS", "Army")),
                    GoldEvent("airstrike", "x", *IDLIB, "2024-12-01", ("Air force",)),
                    gold_event("counterattack", HAMA))]
    seizure = predicted("seizure", ALEPPO)
    strike = predicted("airstrike", IDLIB)
    counter = predicted("counterattack", HAMA)
    predictions = {"one": [_with_actors(seizure, ("HTS",)), _with_actors(strike, ("Air force", "Army")),
                           _with_actors(counter, ("Army",))]}
    report = score(predictions, gold)
    assert len(report.actor_pairs) == 2  # the counterattack's gold names no actor
    assert report.actor1_accuracy == 1.0
    assert report.actor_set_accuracy == 0.0
    as_json = report.as_dict()
    assert (as_json["actor1_accuracy"], as_json["actor_set_accuracy"], as_json["actor_pairs"]) == (1.0, 0.0, 2)
    text = report.format_text(details=True)
    assert "actor1 exact: 1.000 (2/2)" in text
    assert "one: seizure at x: actors HTS, gold HTS, Army" in text


def _with_actors(event, actors):
    return dataclasses.replace(event, actors=actors)

"""Score extracted events against gold annotations (the ``seeds/`` evaluation set).

Gold files are ``<stem>.json`` documents ``{"article", "date", "events": [...]}`` (see
``seeds/README.md``).  Predictions are the events of :func:`geomap.events.extract_events`.

Matching rule
-------------
Within one article and one event type, every (predicted, gold) pair gets its great-circle
distance (infinite when either side has no coordinates).  Pairs are taken in order of
increasing distance (ties: gold order, then prediction order) and accepted when neither
side is matched yet, so each gold event matches at most one prediction of the same type,
closest first.  There is no distance cut-off for a match: a right-type event at the wrong
place counts for precision/recall and is then caught by the location accuracy.
Predictions flagged ``historical`` are left out, as they are on the maps.

Metrics
-------
* per type: true/false positives, false negatives, precision, recall and F1;
  macro-F1 averages F1 over the types that occur in the gold or the predictions;
* location accuracy: share of matched pairs within ``within_km`` (25 km) of the gold point;
* fatality (injured) accuracy: share of matched pairs whose figures are equal, counted over
  pairs where the gold or the prediction gives a figure;
* date accuracy: share of matched pairs with the gold ``event_date``;
* actor accuracy: over matched pairs whose gold names actors, the share whose first predicted
  actor is the gold's first (actor1, who acted), and the share whose predicted actors are the
  gold's, order ignored (actor set);
* no-event stories: events emitted for gold articles whose ``events`` list is empty.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.errors import GeomapError
from geomap.geodesy import distance_km
from geomap.types import EVENT_KINDS, Article, Event, Problem

__all__ = [
    "EvaluationReport",
    "ExtractorUnavailable",
    "GoldArticle",
    "GoldEvent",
    "GoldFormatError",
    "load_gold",
    "match_events",
    "run_evaluation",
    "score",
]



class GoldFormatError(GeomapError, ValueError):
    """Raised when a gold annotation file or its article cannot be read."""


class ExtractorUnavailable(GeomapError, RuntimeError):
    """Raised when the event extractor (``geomap.events``) cannot be imported."""


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One annotated event."""

    event_type: str
    place: str | None
    lat: float | None
    lon: float | None
    event_date: str | None = None
    actors: tuple[str, ...] = ()
    fatalities: int | None = None
    injured: int | None = None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One gold file: the article it annotates and its events."""

    stem: str
    article: str
    date: str | None
    events: tuple[GoldEvent, ...]
    path: str = ""


@dataclass(frozen=True, slots=True)
class Pair:
    """A matched (prediction, gold) pair."""

    article: str
    gold: GoldEvent
    predicted: Event
    distance_km: float  # math.inf when a side has no coordinates


@dataclass(slots=True)
class TypeScore:
    """Counts and scores for one event type."""

    event_type: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.tp + self.fn,
            "predicted": self.tp + self.fp,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(slots=True)
class EvaluationReport:
    """Everything :func:`score` measured; ``as_dict`` is the ``--json`` output."""

    articles: int
    gold_events: int
    predicted_events: int
    historical_left_out: int
    per_type: dict[str, TypeScore]
    pairs: list[Pair]
    within_km: float
    no_event_articles: list[str]
    no_event_emitted: int
    details: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        scored = [s.f1 for s in self.per_type.values() if s.tp + s.fp + s.fn]
        return sum(scored) / len(scored) if scored else 0.0

    @property
    def micro(self) -> TypeScore:
        total = TypeScore("all")
        for s in self.per_type.values():
            total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        return total

    @property
    def location_accuracy(self) -> float | None:
        return _share(p.distance_km <= self.within_km for p in self.pairs)

    @property
    def fatality_pairs(self) -> list[Pair]:
        return [p for p in self.pairs if p.gold.fatalities is not None or p.predicted.fatalities is not None]

    @property
    def fatality_accuracy(self) -> float | None:
        return _share(p.gold.fatalities == p.predicted.fatalities for p in self.fatality_pairs)

    @property
    def injured_pairs(self) -> list[Pair]:
        return [p for p in self.pairs if p.gold.injured is not None or p.predicted.injured is not None]

    @property
    def injured_accuracy(self) -> float | None:
        return _share(p.gold.injured == p.predicted.injured for p in self.injured_pairs)

    @property
    def date_accuracy(self) -> float | None:
        return _share(p.gold.event_date == p.predicted.event_date for p in self.pairs if p.gold.event_date)

    @property
    def actor_pairs(self) -> list[Pair]:
        return [p for p in self.pairs if p.gold.actors]

    @property
    def actor1_accuracy(self) -> float | None:
        return _share(tuple(p.predicted.actors[:1]) == p.gold.actors[:1] for p in self.actor_pairs)

    @property
    def actor_set_accuracy(self) -> float | None:
        return _share(set(p.predicted.actors) == set(p.gold.actors) for p in self.actor_pairs)

    def as_dict(self) -> dict[str, Any]:
        """Return the machine-readable report (stable keys, rounded figures)."""
        micro = self.micro
        return {
            "articles": self.articles,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "historical_left_out": self.historical_left_out,
            "per_type": {kind: score.as_dict() for kind, score in self.per_type.items()},
            "macro_f1": round(self.macro_f1, 4),
            "micro": {k: v for k, v in micro.as_dict().items() if k in {"precision", "recall", "f1"}},
            "matched": len(self.pairs),
            "within_km": self.within_km,
            "location_accuracy": _round(self.location_accuracy),
            "fatality_accuracy": _round(self.fatality_accuracy),
            "fatality_pairs": len(self.fatality_pairs),
            "injured_accuracy": _round(self.injured_accuracy),
            "injured_pairs": len(self.injured_pairs),
            "date_accuracy": _round(self.date_accuracy),
            "actor1_accuracy": _round(self.actor1_accuracy),
            "actor_set_accuracy": _round(self.actor_set_accuracy),
            "actor_pairs": len(self.actor_pairs),
            "no_event_articles": len(self.no_event_articles),
            "no_event_emitted": self.no_event_emitted,
            "details": self.details,
            "problems": [problem.as_dict() for problem in self.problems],
        }

    def format_text(self, *, details: bool = False) -> str:
        """Return the human-readable report printed by ``geomap evaluate``."""
        lines = [
            (
                f"{self.articles} articles, {self.gold_events} gold events, {self.predicted_events} predicted"
                f" ({self.historical_left_out} historical left out), {len(self.pairs)} matched"
            ),
            "",
            f"{'type':<14}{'gold':>6}{'pred':>6}{'tp':>5}{'precision':>11}{'recall':>8}{'f1':>7}",
        ]
        for kind, s in self.per_type.items():
            if s.tp + s.fp + s.fn:
                lines.append(
                    f"{kind:<14}{s.tp + s.fn:>6}{s.tp + s.fp:>6}{s.tp:>5}{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
                )
        micro = self.micro
        lines += [
            "",
            f"macro-F1 {self.macro_f1:.3f}   micro P {micro.precision:.3f} R {micro.recall:.3f} F1 {micro.f1:.3f}",
            f"location within {self.within_km:g} km: {_fmt_share(self.location_accuracy, len(self.pairs))}",
            f"fatalities exact: {_fmt_share(self.fatality_accuracy, len(self.fatality_pairs))}",
            f"injured exact: {_fmt_share(self.injured_accuracy, len(self.injured_pairs))}",
            f"event date exact: {_fmt_share(self.date_accuracy, sum(1 for p in self.pairs if p.gold.event_date))}",
            f"actor1 exact: {_fmt_share(self.actor1_accuracy, len(self.actor_pairs))}   "
            f"actor set exact: {_fmt_share(self.actor_set_accuracy, len(self.actor_pairs))}",
            f"no-event stories: {len(self.no_event_articles)}, events emitted in them: {self.no_event_emitted}",
        ]
        if details:
            lines.append("")
            for item in self.details:
                for fp in item["false_positives"]:
                    lines.append(f"{item['article']}: extra {fp['event_type']} at {fp['place']!s}")
                for fn in item["missed"]:
                    lines.append(f"{item['article']}: missed {fn['event_type']} at {fn['place']!s}")
                for far in item["far"]:
                    lines.append(
                        f"{item['article']}: {far['event_type']} at {far['predicted_place']!s}, "
                        f"{far['distance_km']} km from {far['gold_place']}"
                    )
                for fig in item.get("figures", ()):
                    lines.append(f"{item['article']}: {fig['event_type']} at {fig['place']!s}: {fig['figure']} "
                                 f"{fig['predicted']}, gold {fig['gold']}")
                for act in item.get("actors", ()):
                    lines.append(f"{item['article']}: {act['event_type']} at {act['place']!s}: actors "
                                 f"{', '.join(act['predicted']) or 'none'}, gold {', '.join(act['gold'])}")
        return "\n".join(lines)


def _distance(predicted: Event, gold: GoldEvent) -> float:
    if None in (predicted.lat, predicted.lon, gold.lat, gold.lon):
        return math.inf
    return distance_km(predicted.lat, predicted.lon, gold.lat, gold.lon)


def match_events(predicted: Sequence[Event], gold: Sequence[GoldEvent]) -> list[tuple[int, int, float]]:
    """Match one article's predictions to its gold events; return (pred index, gold index, km) triples.

    Same type only, greedy by distance (see the module docstring).
    """
    candidates = [
        (_distance(p, g), gi, pi)
        for pi, p in enumerate(predicted)
        for gi, g in enumerate(gold)
        if p.event_type == g.event_type
    ]
    candidates.sort()
    used_pred: set[int] = set()
    used_gold: set[int] = set()
    matches = []
    for distance, gi, pi in candidates:
        if pi in used_pred or gi in used_gold:
            continue
        used_pred.add(pi)
        used_gold.add(gi)
        matches.append((pi, gi, distance))
    return sorted(matches)


def score(
    predictions: Mapping[str, Sequence[Event]], gold: Sequence[GoldArticle], *, within_km: float = 25.0
) -> EvaluationReport:
    """Score predicted events (keyed by gold stem) against the gold articles."""
    seen = {e.event_type for g in gold for e in g.events} | {e.event_type for es in predictions.values() for e in es}
    kinds = list(EVENT_KINDS) + sorted(seen - set(EVENT_KINDS))
    per_type = {kind: TypeScore(kind) for kind in kinds}
    pairs: list[Pair] = []
    details: list[dict[str, Any]] = []
    predicted_total = historical = no_event_emitted = 0
    no_event_articles: list[str] = []
    for item in gold:
        events = list(predictions.get(item.stem, ()))
        current = [e for e in events if not e.historical]
        historical += len(events) - len(current)
        predicted_total += len(current)
        if not item.events:
            no_event_articles.append(item.stem)
            no_event_emitted += len(current)
        matches = match_events(current, item.events)
        matched_pred = {pi for pi, _, _ in matches}
        matched_gold = {gi for _, gi, _ in matches}
        far, figures, actors = [], [], []
        for pi, gi, distance in matches:
            pair = Pair(item.stem, item.events[gi], current[pi], distance)
            pairs.append(pair)
            per_type[pair.gold.event_type].tp += 1
            for label in ("fatalities", "injured"):
                want, got = getattr(pair.gold, label), getattr(pair.predicted, label)
                if want != got:
                    figures.append({"event_type": pair.gold.event_type, "place": pair.gold.place,
                                    "figure": label, "gold": want, "predicted": got})
            if pair.gold.actors and set(pair.predicted.actors) != set(pair.gold.actors):
                actors.append({"event_type": pair.gold.event_type, "place": pair.gold.place,
                               "gold": list(pair.gold.actors), "predicted": list(pair.predicted.actors)})
            if distance > within_km:
                far.append(
                    {
                        "event_type": pair.gold.event_type,
                        "gold_place": pair.gold.place,
                        "predicted_place": pair.predicted.place,
                        "distance_km": None if math.isinf(distance) else round(distance, 1),
                    }
                )
        false_positives = [current[i] for i in range(len(current)) if i not in matched_pred]
        missed = [item.events[i] for i in range(len(item.events)) if i not in matched_gold]
        for event in false_positives:
            per_type[event.event_type].fp += 1
        for event in missed:
            per_type[event.event_type].fn += 1
        details.append(
            {
                "article": item.stem,
                "gold": len(item.events),
                "predicted": len(current),
                "matched": len(matches),
                "false_positives": [
                    {"event_type": e.event_type, "place": e.place, "evidence": e.evidence} for e in false_positives
                ],
                "missed": [{"event_type": e.event_type, "place": e.place} for e in missed],
                "far": far,
                "figures": figures,
                "actors": actors,
            }
        )
    return EvaluationReport(
        articles=len(gold),
        gold_events=sum(len(g.events) for g in gold),
        predicted_events=predicted_total,
        historical_left_out=historical,
        per_type=per_type,
        pairs=pairs,
        within_km=within_km,
        no_event_articles=no_event_articles,
        no_event_emitted=no_event_emitted,
        details=details,
    )


# -- gold files ------------------------------------------------------------------------------------


def load_gold(gold_dir: str | Path) -> list[GoldArticle]:
    """Read every ``*.json`` gold file in ``gold_dir`` (sorted by name)."""
    directory = Path(gold_dir)
    if not directory.is_dir():
        raise GoldFormatError(f"expected a directory of gold .json files, got {str(directory)!r}; check the path")
    files = sorted(directory.glob("*.json"))
    if not files:
        raise GoldFormatError(f"expected gold .json files in {str(directory)!r}, found none")
    return [_read_gold(path) for path in files]


def _read_gold(path: Path) -> GoldArticle:
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise GoldFormatError(f"{path}: expected a JSON gold document, could not read it ({err})") from err
    if not isinstance(doc, dict) or not isinstance(doc.get("events"), list):
        raise GoldFormatError(f'{path}: expected {{"article": ..., "date": ..., "events": [...]}}, got {type(doc).__name__}')
    events = tuple(_gold_event(raw, path, index) for index, raw in enumerate(doc["events"]))
    article = doc.get("article") or f"{path.stem}.txt"
    return GoldArticle(stem=path.stem, article=str(article), date=doc.get("date"), events=events, path=str(path))


def _gold_event(raw: Any, path: Path, index: int) -> GoldEvent:
    where = f"{path}: events[{index}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("event_type"), str):
        raise GoldFormatError(f"{where}: expected an object with an 'event_type' string, got {raw!r:.80}")
    try:
        lat = None if raw.get("lat") is None else float(raw["lat"])
        lon = None if raw.get("lon") is None else float(raw["lon"])
        fatalities = None if raw.get("fatalities") is None else int(raw["fatalities"])
        injured = None if raw.get("injured") is None else int(raw["injured"])
    except (TypeError, ValueError) as err:
        raise GoldFormatError(f"{where}: expected numeric lat/lon/fatalities/injured ({err})") from err
    if lat is not None and not -90 <= lat <= 90 or lon is not None and not -180 <= lon <= 180:
        raise GoldFormatError(f"{where}: expected lat in [-90, 90] and lon in [-180, 180], got {lat}, {lon}")
    return GoldEvent(
        event_type=raw["event_type"],
        place=raw.get("place"),
        lat=lat,
        lon=lon,
        event_date=raw.get("event_date"),
        actors=tuple(raw.get("actors") or ()),
        fatalities=fatalities,
        injured=injured,
    )


# -- running the real extractor --------------------------------------------------------------------


def run_evaluation(
    gold_dir: str | Path,
    *,
    articles_dir: str | Path | None = None,
    within_km: float = 25.0,
    extract: Callable[[Article], Iterable[Event]] | None = None,
    progress: bool = False,
) -> EvaluationReport:
    """Read the gold set, run the extractor on each annotated article and score it.

    ``extract`` defaults to :func:`geomap.events.extract_events` with the default gazetteer
    (opened once).  Articles are read with :func:`geomap.ingest.read_articles`, dated by the
    gold ``date``; ingest problems are kept in the report.
    """
    from geomap.ingest import read_articles

    gold = load_gold(gold_dir)
    base = Path(articles_dir) if articles_dir is not None else Path(gold_dir).resolve().parent
    if extract is None:
        extract = _default_extractor()
    predictions: dict[str, list[Event]] = {}
    problems: list[Problem] = []
    items: Iterable[GoldArticle] = gold
    if progress:
        from tqdm import tqdm

        items = tqdm(gold, desc="evaluate", unit="article", leave=False)
    for item in items:
        path = base / item.article
        if not path.is_file():
            raise GoldFormatError(
                f"{item.path}: expected the article {str(path)!r} next to the gold directory, not found; "
                "pass --articles DIR"
            )
        events: list[Event] = []
        for record in read_articles([path], default_date=item.date):
            if isinstance(record, Problem):
                problems.append(record)
            else:
                events.extend(extract(record))
        predictions[item.stem] = events
    report = score(predictions, gold, within_km=within_km)
    report.problems = problems
    return report


def _default_extractor() -> Callable[[Article], list[Event]]:
    try:
        from geomap.events import extract_events
    except ImportError as err:
        raise ExtractorUnavailable(
            f"expected the extractor geomap.events.extract_events, could not import it ({err}); reinstall geomap"
        ) from err

    gazetteer = None
    try:
        from geomap.gazetteer import Gazetteer
    except ImportError:
        pass
    else:
        gazetteer = Gazetteer.open()

    def extract(article: Article) -> list[Event]:
        return extract_events(article, gazetteer=gazetteer)

    return extract


def _share(flags: Iterable[bool]) -> float | None:
    values = list(flags)
    return sum(values) / len(values) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _fmt_share(value: float | None, count: int) -> str:
    if value is None:
        return "n/a (nothing to compare)"
    return f"{value:.3f} ({round(value * count)}/{count})"


def report_json(report: EvaluationReport) -> str:
    """Return the report as pretty, key-sorted JSON."""
    return json.dumps(report.as_dict(), indent=2, sort_keys=True, ensure_ascii=False)


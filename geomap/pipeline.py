"""Inputs -> EventBatch: the one call map, control and store code use to get events.

An input that is a GeoJSON FeatureCollection of events (written by ``geomap extract``)
is read as is; anything else is read as articles (:func:`geomap.ingest.read_articles`)
and run through :func:`geomap.events.extract_events`.  Bad items become ``Problem``
records and the run goes on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.types import Article, Event, Problem


@dataclass(slots=True)
class EventBatch:
    """Events and problems from one run, with the number of articles read."""

    events: list[Event] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    articles_read: int = 0

    def summary(self) -> str:
        """Return ``"N articles read, M events found, K problems"``."""
        return (f"{_plural(self.articles_read, 'article')} read, {_plural(len(self.events), 'event')} found, "
                f"{_plural(len(self.problems), 'problem')}")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def is_event_file(path: str | Path) -> bool:
    """Tell (cheaply) whether a path is a GeoJSON file of geomap events.

    Every ``.geojson`` file counts (a wrong one then gets a clear problem); a ``.json``
    file counts when it starts like a FeatureCollection rather than a list of articles.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if str(path) == "-" or not path.is_file() or suffix not in (".geojson", ".json"):
        return False
    if suffix == ".geojson":
        return True
    with open(path, "rb") as stream:
        head = stream.read(4096).replace(b" ", b"")
    return head.lstrip().startswith(b"{") and (b'"FeatureCollection"' in head or b'"features":' in head)


def extract_articles(items: Iterable[Article | Problem], *, gazetteer: Any = None, explain: bool = False,
                     batch: EventBatch | None = None) -> Iterator[Event]:
    """Yield the events of every article in ``items``; problems are collected in ``batch``."""
    from geomap.events import extract_events

    batch = batch if batch is not None else EventBatch()
    for item in items:
        if isinstance(item, Problem):
            batch.problems.append(item)
            continue
        batch.articles_read += 1
        try:
            found = extract_events(item, gazetteer=gazetteer, explain=explain)
        except Exception as exc:  # one bad article must not stop a batch run
            batch.problems.append(Problem("extract", "extract-failed",
                                          f"extraction failed: {type(exc).__name__}: {exc}; report this article",
                                          item.origin, item.article_id))
            continue
        yield from found


def load_events(inputs: Sequence[str | Path] | str | Path, *, default_date: str | None = None,
                progress: bool = False, gazetteer: Any = None, explain: bool = False) -> EventBatch:
    """Return the events of ``inputs`` (event GeoJSON files, or article files/dirs/stdin)."""
    from geomap.geojson import read_event_collection
    from geomap.ingest import read_articles

    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    batch = EventBatch()
    article_inputs: list[str | Path] = []
    for item in inputs:
        if is_event_file(item):
            try:
                batch.events.extend(read_event_collection(item))
            except (ValueError, OSError, KeyError, TypeError, json.JSONDecodeError) as exc:
                batch.problems.append(Problem("extract", "bad-geojson", f"{exc}", str(item)))
        else:
            article_inputs.append(item)
    if article_inputs:
        items: Iterable[Article | Problem] = read_articles(article_inputs, default_date=default_date)
        if progress:
            from tqdm import tqdm

            items = tqdm(items, desc="extracting", unit=" articles", file=sys.stderr,
                         disable=not sys.stderr.isatty(), leave=False)
        batch.events.extend(extract_articles(items, gazetteer=gazetteer, explain=explain, batch=batch))
    return batch

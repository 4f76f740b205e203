"""``geomap ingest``: add articles to the GeoPackage event store, deduplicated."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from geomap.errors import GeomapError
from geomap.store import ArticleResult, CommitStats, EventStore, content_hash
from geomap.types import Article, Problem

EPILOG = """\b
Examples:
  geomap ingest seeds/ --db events.gpkg
  geomap ingest corpus/*.jsonl --db events.gpkg --workers 4
  geomap ingest corpus/ --db events.gpkg --scheduler tcp://10.0.0.5:8786 -q
"""
MAX_PROBLEM_LINES = 20


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did."""

    stats: CommitStats = field(default_factory=CommitStats)
    articles_read: int = 0
    events_found: int = 0
    control: tuple[int, int] | None = None
    problems: list[Problem] = field(default_factory=list)


def _event_collection_results(path: Path) -> Iterator[ArticleResult] | None:
    """Read a ``geomap extract`` GeoJSON as per-article results (None when it is not one)."""
    import json

    from geomap.geojson import is_event_collection
    from geomap.types import Event

    if path.suffix.lower() not in {".geojson", ".json"} or not path.is_file():
        return None
    try:
        with open(path, encoding="utf-8") as stream:
            data = json.load(stream)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not is_event_collection(data) or not data.get("features"):
        return None
    grouped: dict[str, list[Event]] = {}
    for feature in data["features"]:
        event = Event.from_feature(feature)
        grouped.setdefault(event.article_id, []).append(event)

    def results() -> Iterator[ArticleResult]:
        for article_id, events in grouped.items():
            first = events[0]
            article = Article(article_id=article_id, text="", title=first.title, source=first.source,
                              url=first.url, origin=str(path))
            yield ArticleResult(article, content_hash(f"geomap-event-article:{article_id}"), tuple(events))

    return results()


def run_ingest(
    inputs: Sequence[str],
    db: str | Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    default_date: str | None = None,
    batch_size: int = 100,
    progress: bool = False,
    extractor: Any = None,
    refresh_control: bool = True,
) -> IngestReport:
    """Ingest ``inputs`` into the store at ``db``: skip known articles, extract, merge, commit per batch."""
    from tqdm import tqdm

    from geomap.distributed import extract_results
    from geomap.ingest import read_articles

    report = IngestReport()
    store = EventStore.open(db, create=True)
    try:
        known = store.known_hashes()
        loose: list[Problem] = []
        article_inputs: list[str] = []
        ready: list[ArticleResult] = []
        for item in inputs:
            direct = _event_collection_results(Path(item)) if item != "-" else None
            if direct is None:
                article_inputs.append(item)
            else:
                ready.extend(direct)

        def new_articles() -> Iterator[Article]:
            for entry in read_articles(article_inputs, default_date=default_date) if article_inputs else ():
                if isinstance(entry, Problem):
                    loose.append(entry)
                    continue
                report.articles_read += 1
                digest = content_hash(entry.text)
                if digest in known:
                    report.stats.skipped_duplicates += 1
                    continue
                known.add(digest)
                yield entry

        bar = tqdm(unit=" articles", desc="ingest", file=sys.stderr, disable=not progress, delay=1.0,
                   dynamic_ncols=True)
        batch: list[ArticleResult] = []

        def flush() -> None:
            problems = list(loose)
            loose.clear()
            report.problems.extend(problems)
            report.problems.extend(p for result in batch for p in result.problems)
            if batch or problems:
                report.stats += store.commit(batch, problems)
            batch.clear()

        def results() -> Iterator[ArticleResult]:
            for result in ready:
                report.articles_read += 1
                if result.content_hash in known:
                    report.stats.skipped_duplicates += 1
                    continue
                known.add(result.content_hash)
                yield result
            if article_inputs:
                yield from extract_results(new_articles(), workers=workers, scheduler=scheduler,
                                           extractor=extractor)

        try:
            for result in results():
                batch.append(result)
                report.events_found += len(result.events)
                bar.update(1)
                bar.set_postfix(events=report.events_found, refresh=False)
                if len(batch) >= batch_size:
                    flush()
            flush()
        finally:
            bar.close()
        if refresh_control and (report.stats.events_added or report.stats.events_merged):
            report.control = _refresh_control(store, report)
    finally:
        store.close()
    return report


def _refresh_control(store: EventStore, report: IngestReport) -> tuple[int, int] | None:
    """Rebuild the control layers from every stored event (skipped when geomap.control is absent)."""
    try:
        from geomap.control import control_collection
    except ImportError:
        return None
    try:
        collection = control_collection(store.read_events())
    except Exception as err:  # noqa: BLE001 - control is a derived layer; the ingest itself succeeded
        problem = Problem("control", "control-failed", f"control layers not refreshed: {type(err).__name__}: "
                          f"{err}", severity="warning")
        store.commit([], [problem])
        report.problems.append(problem)
        report.stats.problems += 1
        return None
    return store.write_control(collection)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(report: IngestReport, db: str | Path) -> str:
    """Return the one-line summary printed at the end of a run."""
    s = report.stats
    line = (f"ingest: {_plural(s.new_articles, 'new article')}, {_plural(s.skipped_duplicates, 'skipped duplicate')}, "
            f"{_plural(s.events_added, 'event')} added, {_plural(s.events_merged, 'event')} merged, "
            f"{_plural(s.problems, 'problem')} -> {db}")
    if report.control is not None:
        line += f" (control: {_plural(report.control[0], 'place')}, {_plural(report.control[1], 'zone')})"
    return line


@click.command(epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False),
              help="GeoPackage event store (created when absent).")
@click.option("--date", "default_date", default=None, metavar="YYYY-MM-DD",
              help="Publication date for articles that carry none.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extract on a local Dask cluster of N worker processes.")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT",
              help="Extract on an existing Dask cluster.")
@click.option("--batch-size", type=click.IntRange(min=1), default=100, show_default=True,
              help="Articles committed per transaction.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary.")
def command(inputs: tuple[str, ...], db: str, default_date: str | None, workers: int | None,
            scheduler: str | None, batch_size: int, quiet: bool) -> None:
    """Add articles to the GeoPackage event store; already-ingested articles are skipped.

    INPUT may be files (.txt .html .jsonl .json .csv, or a `geomap extract`
    GeoJSON), directories, or - for stdin.  Reports of one event from several
    outlets merge into one event that keeps every source.
    """
    if workers and scheduler:
        raise click.UsageError("give either --workers N (local cluster) or --scheduler ADDR, not both")
    progress = not quiet and sys.stderr.isatty()
    try:
        report = run_ingest(list(inputs), db, workers=workers, scheduler=scheduler, default_date=default_date,
                            batch_size=batch_size, progress=progress)
    except KeyboardInterrupt:
        click.echo(f"ingest: interrupted; committed batches are kept in {db}; rerun the same command to resume",
                   err=True)
        sys.exit(130)
    except GeomapError as err:
        raise click.ClickException(str(err)) from err
    if not quiet:
        from geomap.ingest import format_problem

        for problem in report.problems[:MAX_PROBLEM_LINES]:
            click.echo(f"problem: {format_problem(problem)}", err=True)
        if len(report.problems) > MAX_PROBLEM_LINES:
            click.echo(f"... and {len(report.problems) - MAX_PROBLEM_LINES} more problems (see the 'problems' "
                       f"table of {db})", err=True)
        click.echo(summary_line(report, db), err=True)

"""``geomap map``: a layered interactive HTML map of events and territorial control."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from geomap.errors import GeomapError, OutputExistsError
from geomap.types import EVENT_KINDS, Event, Problem

EPILOG = """\b
Examples:
  geomap map seeds/ -o maps/seeds.html --offline
  geomap map article.txt --date 2024-12-01 -o maps/aleppo.html --title "Aleppo, Dec 2024"
  geomap map events.geojson -o maps/strikes.html --types airstrike,shelling --from 2024-11-27 --to 2024-12-05
  geomap map --db events.gpkg -o maps/store.html --offline --overwrite

\b
INPUT is anything `geomap extract` reads (.txt .html .jsonl .json .csv, folders,
"-" for stdin) or an events GeoJSON written by `geomap extract`; with --db the
event store is read instead.  --offline writes one self-contained file with no
web tiles (Natural Earth basemap only); without it OpenStreetMap and CartoDB
tiles are offered too.  Historical events are left out unless
--include-historical.
"""


def _iso_date(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as err:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}; pass e.g. {flag} 2024-12-01",
                                 param_hint=flag) from err


def _event_types(value: str | None) -> list[str] | None:
    if not value:
        return None
    kinds = [part.strip().lower() for part in value.split(",") if part.strip()]
    unknown = [kind for kind in kinds if kind not in EVENT_KINDS]
    if unknown:
        raise click.BadParameter(f"unknown event type(s) {', '.join(unknown)}; choose from {','.join(EVENT_KINDS)}",
                                 param_hint="--types")
    return kinds


def _load_inputs(inputs: list[str], default_date: str | None, progress: bool) -> tuple[list[Event], list[Problem], int]:
    try:
        from geomap.pipeline import load_events
    except ImportError:
        return _load_geojson_only(inputs)
    batch = load_events(inputs, default_date=default_date, progress=progress)
    return list(batch.events), list(batch.problems), batch.articles_read


def _load_geojson_only(inputs: list[str]) -> tuple[list[Event], list[Problem], int]:
    """Fallback while the extraction pipeline is not installed: events GeoJSON files only."""
    from geomap.geojson import read_event_collection

    events: list[Event] = []
    for item in inputs:
        if not item.lower().endswith((".geojson", ".json")):
            raise click.ClickException(
                f"cannot extract events from {item!r}: the extraction pipeline (geomap.pipeline) is not "
                "installed; pass an events GeoJSON written by `geomap extract`"
            )
        events.extend(read_event_collection(item))
    return events, [], 0


def _load_store(db: Path, date_from: str | None, date_to: str | None,
                types: list[str] | None) -> tuple[list[Event], dict[str, Any] | None]:
    from geomap.store import EventStore

    with EventStore.open(db) as store:
        events = store.read_events(date_from=date_from, date_to=date_to, types=types)
        return list(events), store.read_control()


def _filter(events: list[Event], date_from: str | None, date_to: str | None, types: list[str] | None) -> list[Event]:
    """Keep events of the chosen types inside the date range (undated events are kept)."""
    kept = []
    for event in events:
        if types and event.event_type not in types:
            continue
        if event.event_date and ((date_from and event.event_date < date_from) or (date_to and event.event_date > date_to)):
            continue
        kept.append(event)
    return kept


def _control(events: list[Event], as_of: str | None) -> tuple[dict[str, Any] | None, list[tuple[str, dict[str, Any]]]]:
    """Control at ``as_of`` and its snapshots, when the control module is available and finds any."""
    try:
        from geomap.control import control_collection, control_snapshots
    except ImportError:
        return None, []
    current = control_collection(events, as_of=as_of)
    snapshots = control_snapshots(events)
    if as_of:
        snapshots = [(day, collection) for day, collection in snapshots if day <= as_of]
    if not current.get("features"):
        current = None
    return current, snapshots


def _report_problems(problems: list[Problem], limit: int = 5) -> None:
    for problem in problems[:limit]:
        where = f"{problem.origin}: " if problem.origin else ""
        click.echo(f"problem: {where}{problem.code}: {problem.message}", err=True)
    if len(problems) > limit:
        click.echo(f"... and {len(problems) - limit} more problems", err=True)


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Output HTML file, e.g. maps/seeds.html.")
@click.option("--date", "default_date", metavar="YYYY-MM-DD", help="Publication date of articles that have none.")
@click.option("--offline", is_flag=True, help="No web tiles: a self-contained map on the bundled basemap.")
@click.option("--title", help="Map title (default: geomap).")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Leave out events before this date.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Leave out events after this date (control as of it).")
@click.option("--types", metavar="TYPE,...", help=f"Event types to draw ({','.join(EVENT_KINDS)}).")
@click.option("--include-historical", is_flag=True, help="Also draw historical events (e.g. a 2016 battle).")
@click.option("--all-layers", is_flag=True, help="One layer per event type even when a type has no events.")
@click.option("--no-control", is_flag=True, help="Do not derive or draw territorial control.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help="Read events from this event store.")
@click.option("--overwrite", is_flag=True, help="Replace the output file if it exists.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
def command(inputs: tuple[str, ...], output: Path, default_date: str | None, offline: bool, title: str | None,
            date_from: str | None, date_to: str | None, types: str | None, include_historical: bool,
            all_layers: bool, no_control: bool, db: Path | None, overwrite: bool, quiet: bool) -> None:
    """Draw a layered interactive map of events and territorial control.

    One overlay per event type (colour and icon, clustered when large), a
    Control overlay, a heat map (off by default), a legend, and a date slider
    driving every layer.  The same input always gives the same HTML.
    """
    default_date = _iso_date(default_date, "--date")
    date_from = _iso_date(date_from, "--from")
    date_to = _iso_date(date_to, "--to")
    kinds = _event_types(types)
    if date_from and date_to and date_from > date_to:
        raise click.BadParameter(f"--from {date_from} is after --to {date_to}; swap them", param_hint="--from")
    if not inputs and db is None:
        raise click.UsageError("expected INPUT... (articles or an events GeoJSON) or --db FILE; see --help")
    if inputs and db is not None:
        raise click.UsageError("give either INPUT... or --db FILE, not both")
    if output.exists() and not overwrite:
        err = OutputExistsError(f"{output} exists; pass --overwrite to replace it")
        raise click.ClickException(str(err))
    if db is not None and not db.is_file():
        raise click.ClickException(f"expected an event store at --db {str(db)!r}, but no such file; "
                                   "create one with `geomap ingest ... --db FILE`")

    from geomap.render import build_map, write_map

    progress = not quiet and sys.stderr.isatty()
    problems: list[Problem] = []
    articles = 0
    control = None
    snapshots: list[tuple[str, dict[str, Any]]] = []
    try:
        if db is not None:
            events, control = _load_store(db, date_from, date_to, kinds)
        else:
            events, problems, articles = _load_inputs(list(inputs), default_date, progress)
        events = _filter(events, date_from, date_to, kinds)
        if not no_control and db is None:
            control_events = [event for event in events if include_historical or not event.historical]
            control, snapshots = _control(control_events, date_to)
        if no_control:
            control = None
        fmap = build_map(events, control=control, control_snapshots=snapshots, title=title, offline=offline,
                         include_historical=include_historical, all_types=all_layers)
        write_map(fmap, output)
    except (GeomapError, OSError, ValueError) as err:
        raise click.ClickException(str(err)) from err

    if not quiet:
        _report_problems(problems)
        drawn = sum(1 for e in events if (include_historical or not e.historical) and e.lat is not None)
        historical = sum(1 for e in events if e.historical)
        places = sum(1 for f in (control or {}).get("features", []) if (f.get("geometry") or {}).get("type") == "Point")
        source = f"--db {db}" if db is not None else f"{articles} articles"
        click.echo(
            f"map: {drawn} events drawn from {source} ({len(events)} events, {historical} historical"
            f"{'' if include_historical else ' left out'}), control: {places} places, {len(problems)} problems "
            f"-> {output} ({output.stat().st_size / 1e6:.1f} MB{', offline' if offline else ''})",
            err=True,
        )

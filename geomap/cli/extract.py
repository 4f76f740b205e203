"""``geomap extract``: articles in, a GeoJSON FeatureCollection of typed events out."""

from __future__ import annotations

import sys

import click

EXAMPLES = """\b
Examples:
  geomap extract ../shared/seeds/*.txt --date 2024-12-01 -o events.geojson
  geomap extract seeds/ -o events.geojson --overwrite
  cat report.txt | geomap extract - --date 2024-12-01 --explain
"""


@click.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--date", "default_date", metavar="YYYY-MM-DD", default=None,
              help="Publication date for articles that carry none (every .txt file).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the GeoJSON here instead of standard output.")
@click.option("--explain", is_flag=True, help="Add per event the trigger words, candidate places and rules fired.")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, no per-problem lines (the summary stays).")
def command(inputs, default_date, output, explain, overwrite, quiet) -> None:
    """Extract typed, located, dated military events from news articles.

    INPUT is a .txt/.html/.jsonl/.json/.csv file, a directory of them, or - for stdin.
    Events are written as RFC 7946 GeoJSON Points (byte-identical for the same input);
    a summary "N articles read, M events found, K problems" goes to stderr.
    """
    from pathlib import Path

    from geomap.errors import GeomapError

    if output and Path(output).exists() and not overwrite:
        raise click.ClickException(f"output {output} already exists; pass --overwrite to replace it or choose another -o path")
    try:
        from geomap.ingest import format_problem
        from geomap.pipeline import load_events

        batch = load_events(list(inputs), default_date=default_date, progress=not quiet, explain=explain)
    except GeomapError as err:
        raise click.ClickException(str(err)) from err
    from geomap.geojson import dump_feature_collection, events_to_collection

    collection = events_to_collection(batch.events)
    if output:
        with open(output, "w", encoding="utf-8") as stream:
            dump_feature_collection(collection, stream)
    else:
        dump_feature_collection(collection, sys.stdout)
    if not quiet:
        for problem in batch.problems:
            click.echo(format_problem(problem), err=True)
    click.echo(batch.summary(), err=True)
    if batch.articles_read == 0:
        sys.exit(1)

"""``geomap control``: who holds which place at a date, as GeoJSON points and side zones."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from geomap.errors import GeomapError

EPILOG = """\b
Examples:
  geomap control seeds/ -o control.geojson
  geomap control events.geojson --as-of 2024-12-03 -o control.geojson --overwrite
  geomap control new-events.geojson --baseline control-november.geojson -o control.geojson
  geomap control events.geojson --baseline held.csv --max-reach-km 10 -o -

\b
INPUT is anything `geomap extract` reads (.txt .html .jsonl .json .csv, folders,
"-" for stdin) or an events GeoJSON written by `geomap extract`.
--baseline is a CSV (place, place_id, lat, lon, holder, date) or a GeoJSON of
places with a holder and a date; the output of `geomap control` is one.
"""


def _check_date(value: str | None, flag: str) -> str | None:
    from geomap.control import parse_date

    if value is None:
        return None
    try:
        return parse_date(value, what=flag)
    except ValueError as err:
        raise click.ClickException(f"{err}; pass e.g. {flag} 2024-12-01") from err


@click.command(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--date", "default_date", metavar="YYYY-MM-DD", help="Publication date of articles that have none.")
@click.option("--as-of", metavar="YYYY-MM-DD", help="Control on this day (default: the day of the latest change).")
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Known control before the events: CSV or GeoJSON (a previous `geomap control` output works).",
)
@click.option(
    "--max-reach-km",
    type=click.FloatRange(min=0.0, min_open=True),
    default=15.0,
    show_default=True,
    help="Zones reach at most this far from a held place (so empty desert is not painted).",
)
@click.option("-o", "--output", default="-", show_default=True, help="Output GeoJSON file ('-' = stdout).")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
def command(
    inputs: tuple[str, ...],
    default_date: str | None,
    as_of: str | None,
    baseline: Path | None,
    max_reach_km: float,
    output: str,
    overwrite: bool,
    quiet: bool,
) -> None:
    """Derive territorial control (place points and side zones) from events.

    Seizures, withdrawals, recaptures and fighting in held places are replayed
    in date order up to --as-of; the result is one RFC 7946 FeatureCollection:
    a Point per place (holder, side, status, since, event_ids, confidence) and a
    Polygon/MultiPolygon per side (controller, side, as_of).
    """
    default_date = _check_date(default_date, "--date")
    as_of = _check_date(as_of, "--as-of")
    if output != "-" and Path(output).exists() and not overwrite:
        raise click.ClickException(
            f"output {output} already exists; pass --overwrite to replace it or choose another -o"
        )
    if baseline is not None and not baseline.is_file():
        raise click.ClickException(
            f"expected --baseline to be a CSV or GeoJSON file, got {str(baseline)!r} which does not exist"
        )

    from geomap.control import control_collection
    from geomap.geojson import dump_feature_collection
    from geomap.pipeline import load_events

    progress = not quiet and sys.stderr.isatty()
    try:
        batch = load_events(list(inputs), default_date=default_date, progress=progress)
        collection = control_collection(batch.events, as_of=as_of, baseline=baseline, max_reach_km=max_reach_km)
    except (GeomapError, OSError, ValueError) as err:
        raise click.ClickException(str(err)) from err
    collection["problems"] = [problem.as_dict() for problem in batch.problems] + collection["problems"]

    if output == "-":
        dump_feature_collection(collection, sys.stdout)
    else:
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as stream:
            dump_feature_collection(collection, stream)

    if not quiet:
        points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
        zones = len(collection["features"]) - len(points)
        sides = Counter(f["properties"]["side"] for f in points)
        held = ", ".join(f"{count} {side}" for side, count in sorted(sides.items()))
        click.echo(
            f"control as of {collection['as_of'] or 'no date'}: {len(batch.events)} events from "
            f"{batch.articles_read} articles, {len(points)} places ({held or 'none'}), {zones} zones, "
            f"{len(collection['problems'])} problems -> {output}",
            err=True,
        )

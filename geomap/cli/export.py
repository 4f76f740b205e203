"""``geomap export``: write the event store as GeoJSON, GeoPackage, CSV, KML or GeoParquet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from geomap.errors import GeomapError
from geomap.types import EVENT_KINDS

EPILOG = """\b
Examples:
  geomap export --db events.gpkg --format geojson -o events.geojson
  geomap export --db events.gpkg --format csv -o syria.csv --country SY --from 2024-11-27 --to 2024-12-08
  geomap export --db events.gpkg --format gpkg -o qgis.gpkg --types airstrike,shelling --overwrite
  geomap export --db events.gpkg --format kml -o events.kml --bbox 35.5,35.5,38.5,37.0
"""


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError as err:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}") from err


def _types(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    if not value:
        return None
    kinds = [item.strip().lower() for item in value.split(",") if item.strip()]
    unknown = [kind for kind in kinds if kind not in EVENT_KINDS]
    if unknown:
        raise click.BadParameter(f"expected event types among {', '.join(EVENT_KINDS)}, got {', '.join(unknown)}")
    return kinds


def _bbox(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[float, ...] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError as err:
        raise click.BadParameter(f"expected WEST,SOUTH,EAST,NORTH in degrees, got {value!r}") from err
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise click.BadParameter(f"expected lon in [-180, 180] and lat in [-90, 90] with SOUTH <= NORTH, "
                                 f"got {value!r}")
    return (west, south, east, north)


def _country(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    if not value:
        return None
    codes = [item.strip().upper() for item in value.split(",") if item.strip()]
    bad = [code for code in codes if len(code) != 2 or not code.isalpha()]
    if bad:
        raise click.BadParameter(f"expected ISO 3166-1 alpha-2 codes such as SY or UA, got {', '.join(bad)}")
    return codes


@click.command(epilog=EPILOG)
@click.option("--db", "db", required=True, type=click.Path(dir_okay=False), help="GeoPackage event store.")
@click.option("--format", "fmt", required=True, type=click.Choice(["geojson", "gpkg", "csv", "kml", "parquet"]),
              help="Output format.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False), help="Output file.")
@click.option("--from", "date_from", callback=_date, metavar="YYYY-MM-DD", help="First event date (inclusive).")
@click.option("--to", "date_to", callback=_date, metavar="YYYY-MM-DD", help="Last event date (inclusive).")
@click.option("--types", callback=_types, metavar="TYPE[,TYPE]", help="Only these event types.")
@click.option("--bbox", callback=_bbox, metavar="W,S,E,N", help="Only events inside this lon/lat box.")
@click.option("--country", callback=_country, metavar="CC[,CC]", help="Only events in these countries (ISO-2).")
@click.option("--layer", type=click.Choice(["events", "control"]), default="events", show_default=True,
              help="For geojson/parquet: write the events or the control points and zones (gpkg has both).")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT if it exists.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
def command(db: str, fmt: str, output: str, date_from: str | None, date_to: str | None,
            types: list[str] | None, bbox: tuple[float, ...] | None, country: list[str] | None, layer: str,
            overwrite: bool, quiet: bool) -> None:
    """Export the event store (merged events with all their sources) for GIS software.

    GeoJSON follows RFC 7946; the GeoPackage has layers events,
    control_points and control_zones with DATE fields for QGIS; the CSV has
    ACLED-style columns that kepler.gl reads as is.
    """
    from geomap.export import export_records
    from geomap.store import EventStore

    if Path(output).resolve() == Path(db).resolve():
        raise click.BadParameter(f"{output!r} is the event store itself; choose another output path",
                                 param_hint="-o")
    if date_from and date_to and date_from > date_to:
        raise click.BadParameter(f"--from {date_from} is after --to {date_to}; swap them", param_hint="--from")
    try:
        with EventStore.open(db) as store:
            records = store.read_stored(date_from=date_from, date_to=date_to, types=types, bbox=bbox,
                                        country=country)
            control = store.read_control()
        count = export_records(records, fmt, output, control=control, layer=layer, overwrite=overwrite)
    except GeomapError as err:
        raise click.ClickException(str(err)) from err
    if not quiet:
        what = "control features" if layer == "control" and fmt in {"geojson", "parquet"} else "events"
        click.echo(f"export: {count} {what} -> {output} ({fmt})", err=True)

"""The ``geomap`` command group.

Each verb lives in its own module ``geomap.cli.<verb>`` exposing ``command``;
modules are imported only when their verb runs, so ``geomap --help`` stays fast.
Extra verbs can be added by other packages through the ``geomap.commands``
entry-point group.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

import click

# verb -> (module, one-line help shown by ``geomap --help``)
VERBS: dict[str, tuple[str, str]] = {
    "geocode": ("geomap.cli.geocode", "Look up place names in the offline gazetteer."),
    "toponyms": ("geomap.cli.toponyms", "List the place names found in articles, resolved."),
    "extract": ("geomap.cli.extract", "Extract typed, located, dated events from articles."),
    "evaluate": ("geomap.cli.evaluate", "Score extraction against gold annotations."),
    "control": ("geomap.cli.control", "Derive territorial control (points and zones) from events."),
    "map": ("geomap.cli.map", "Draw a layered interactive map of events and control."),
    "ingest": ("geomap.cli.ingest", "Add articles to the GeoPackage event store (deduplicated)."),
    "export": ("geomap.cli.export", "Export the event store to GeoJSON, GeoPackage, CSV, KML or GeoParquet."),
}


class LazyGroup(click.Group):
    """A click group whose sub-commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        plugins = [ep.name for ep in entry_points(group="geomap.commands")]
        return sorted(set(VERBS) | set(plugins))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in VERBS:
            module = importlib.import_module(VERBS[name][0])
            return module.command
        for ep in entry_points(group="geomap.commands"):
            if ep.name == name:
                return ep.load()
        return None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, VERBS[name][1]) for name in sorted(VERBS)]
        rows += [(ep.name, "(plugin)") for ep in entry_points(group="geomap.commands")]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


EPILOG = """\b
Examples:
  geomap geocode "Tel Rifaat" "Kuweires airbase" --json
  geomap extract seeds/*.txt --date 2024-12-01 -o events.geojson
  geomap map seeds/ -o maps/seeds.html --offline
  geomap control events.geojson -o control.geojson
  geomap ingest seeds/ --db events.gpkg && geomap export --db events.gpkg --format csv -o events.csv
"""


@click.group(cls=LazyGroup, epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="geomap")
def cli() -> None:
    """geomap: conflict news in, typed events, territorial control and offline maps out."""


def main() -> None:  # pragma: no cover - thin wrapper for ``python -m geomap``
    cli()

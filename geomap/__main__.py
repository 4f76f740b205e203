"""``python -m geomap`` runs the command-line interface."""

from geomap.cli.main import cli

cli()

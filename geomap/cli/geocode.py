"""``geomap geocode``: look up place names in the offline gazetteer."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from geomap.errors import GazetteerCorrupt, GazetteerNotFound
from geomap.types import Candidate

EPILOG = """\b
Examples:
  geomap geocode "Tel Rifaat" "Kuweires airbase" --json
  geomap geocode Hama --country SY --limit 3
  printf 'Idleb\\nSaraqeb\\n' | geomap geocode - --json
  geomap geocode --rebuild            # rebuild the index explicitly
"""


def _fields(candidate: Candidate | None) -> dict[str, Any]:
    place = candidate.place if candidate else None
    return {
        "name": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "country_code": place.country_code if place else None,
        "admin1": (place.admin1 or None) if place else None,
        "feature_code": place.feature_code if place else None,
        "place_id": place.place_id if place else None,
        "score": candidate.score if candidate else None,
    }


def _read_stdin() -> Iterator[str]:
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise click.ClickException(
            f"stdin is not UTF-8 (byte {err.start}: {data[err.start:err.start + 1]!r}); "
            "re-encode it, e.g. `iconv -t UTF-8`"
        ) from err
    for line in text.splitlines():
        if line.strip():
            yield line.strip()


def _queries(args: tuple[str, ...]) -> Iterator[str]:
    for arg in args:
        if arg == "-":
            yield from _read_stdin()
        elif not arg.strip():
            raise click.ClickException(f"expected a place name, got an empty query {arg!r}")
        else:
            yield arg


@click.command(name="geocode", epilog=EPILOG)
@click.argument("queries", nargs=-1, metavar="QUERY...")
@click.option("--country", "countries", multiple=True, metavar="CC",
              help="Prefer places in this country (ISO-2, repeatable).")
@click.option("--limit", type=click.IntRange(1, 100), default=1, show_default=True,
              help="Candidates per query (more than 1 adds a \"candidates\" list with --json).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per query, one per line.")
@click.option("--index", "index_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Gazetteer index file (default: $GEOMAP_GAZETTEER or the bundled one).")
@click.option("--rebuild", is_flag=True, help="Rebuild the gazetteer index first.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def command(queries: tuple[str, ...], countries: tuple[str, ...], limit: int, as_json: bool,
            index_path: Path | None, rebuild: bool, quiet: bool) -> None:
    """Look up place names in the offline gazetteer (no network).

    QUERY is a place name as the news spells it; "-" reads one query per line
    from stdin.  An unknown name is not an error: it prints a null result.
    """
    from geomap.gazetteer import Gazetteer, build_index, default_path

    if not queries and not rebuild:
        raise click.UsageError("expected at least one QUERY (or - for stdin), got none")
    for code in countries:
        if len(code) != 2 or not code.isalpha():
            raise click.BadParameter(f"expected an ISO-2 country code like SY, got {code!r}",
                                     param_hint="--country")
    target = index_path or default_path()
    progress = False if quiet else None
    try:
        if rebuild:
            manifest = build_index(target, progress=progress)
            click.echo(f"rebuilt {target} (build {manifest['build_id']}, "
                       f"{manifest['counts']['places']} places)", err=True)
        if not queries:
            return
        gazetteer = Gazetteer.open(target, build=index_path is None, progress=progress)
    except (GazetteerNotFound, GazetteerCorrupt) as err:
        raise click.ClickException(str(err)) from err
    codes = [c.upper() for c in countries] or None
    for query in _queries(queries):
        found = gazetteer.lookup(query, country_codes=codes, limit=limit)
        best = found[0] if found else None
        if as_json:
            record = {"query": query, **_fields(best)}
            if limit > 1:
                record["candidates"] = [{**_fields(c), "rule": c.rule} for c in found]
            click.echo(json.dumps(record, ensure_ascii=False))
            continue
        if best is None:
            click.echo(f"{query}\t(no match)")
            continue
        for rank, cand in enumerate(found, 1):
            place = cand.place
            where = ", ".join(x for x in (place.admin1, place.country_code) if x)
            prefix = query if rank == 1 else " " * len(query)
            click.echo(f"{prefix}\t{place.name} ({where})\t{place.lat:.5f},{place.lon:.5f}\t"
                       f"{place.feature_code}\t{cand.score:.3f}\t{cand.rule}\t{place.place_id}")

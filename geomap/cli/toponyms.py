"""``geomap toponyms``: list the place names found in articles, resolved, with their role."""

from __future__ import annotations

import json

import click

EXAMPLES = """\b
Examples:
  geomap toponyms ../shared/seeds/*.txt --date 2024-12-01 --json
  geomap toponyms report.html
"""
FIELDS = ("article_id", "start", "end", "text", "place_id", "name", "lat", "lon", "country_code",
          "feature_code", "score", "role")


def mention_record(article_id: str, resolution) -> dict:
    """Return the public JSON record of one resolved mention (exactly :data:`FIELDS`)."""
    place = resolution.place
    m = resolution.mention
    return {
        "article_id": article_id,
        "start": m.start,
        "end": m.end,
        "text": m.surface,
        "place_id": place.place_id if place else None,
        "name": place.name if place else None,
        "lat": round(place.lat, 7) if place else None,
        "lon": round(place.lon, 7) if place else None,
        "country_code": (place.country_code or None) if place else None,
        "feature_code": (place.feature_code or None) if place else None,
        "score": resolution.score,
        "role": resolution.role,
    }


@click.command(epilog=EXAMPLES)
@click.argument("inputs", nargs=-1, required=True)
@click.option("--date", "default_date", metavar="YYYY-MM-DD", default=None,
              help="Publication date for articles that carry none.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per mention and line.")
def command(inputs, default_date, as_json) -> None:
    """List every toponym mention with its resolved place and role.

    role is event_location (where an extracted event happened), anchor (a place that a
    relative location is measured from), demonym ("Syrian") or mention (anything else).
    """
    from geomap.errors import GeomapError
    from geomap.events import extract_with_roles
    from geomap.ingest import format_problem, read_articles
    from geomap.types import Problem

    read = problems = count = 0
    try:
        for item in read_articles(list(inputs), default_date=default_date):
            if isinstance(item, Problem):
                problems += 1
                click.echo(format_problem(item), err=True)
                continue
            read += 1
            _, resolutions = extract_with_roles(item)
            for resolution in resolutions:
                count += 1
                record = mention_record(item.article_id, resolution)
                if as_json:
                    click.echo(json.dumps(record, ensure_ascii=False, sort_keys=False))
                else:
                    where = f"{record['name']} ({record['country_code']}, {record['feature_code']})" if record["place_id"] else "-"
                    click.echo(f"{record['start']:>6} {record['text']:<28} {record['role']:<15} {where}")
    except GeomapError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"{read} articles read, {count} mentions, {problems} problems", err=True)

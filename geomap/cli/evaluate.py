"""``geomap evaluate GOLD_DIR``: score the extractor against gold annotations."""

from __future__ import annotations

import sys

import click

EXAMPLES = """\b
Examples:
  geomap evaluate seeds/gold
  geomap evaluate seeds/gold --json > evaluation.json
  geomap evaluate my_gold/ --articles my_articles/ --details --fail-under 0.85
"""


@click.command(epilog=EXAMPLES)
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, dir_okay=True))
@click.option(
    "--articles",
    "articles_dir",
    type=click.Path(exists=True, file_okay=False, dir_okay=True),
    default=None,
    help="Directory holding the annotated articles [default: GOLD_DIR's parent].",
)
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable JSON report.")
@click.option("--within-km", type=click.FloatRange(min=0), default=25.0, show_default=True,
              help="Distance under which a matched event's location counts as right.")
@click.option("--details", is_flag=True, help="Also list extra, missed and misplaced events per article.")
@click.option("--fail-under", type=click.FloatRange(0, 1), default=None,
              help="Exit with status 1 when macro-F1 is below this value.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def command(articles_dir, gold_dir, as_json, within_km, details, fail_under, quiet) -> None:
    """Score event extraction against the gold annotations in GOLD_DIR.

    Each GOLD_DIR/<stem>.json names its article (read from --articles); the real extractor
    runs on it and its events are matched to the gold ones (same article, same type, greedy
    by distance). Prints per-type precision, recall and F1, macro-F1, location accuracy,
    fatality accuracy and the events emitted for stories that must yield none.
    """
    from geomap.errors import GeomapError
    from geomap.evaluate import report_json, run_evaluation
    from geomap.ingest import format_problem

    progress = not quiet and sys.stderr.isatty()
    try:
        report = run_evaluation(gold_dir, articles_dir=articles_dir, within_km=within_km, progress=progress)
    except GeomapError as err:
        raise click.ClickException(str(err)) from err
    for problem in report.problems:
        click.echo(format_problem(problem), err=True)
    if as_json:
        click.echo(report_json(report))
    else:
        click.echo(report.format_text(details=details))
    if fail_under is not None and report.macro_f1 < fail_under:
        click.echo(f"macro-F1 {report.macro_f1:.3f} is below --fail-under {fail_under}", err=True)
        sys.exit(1)

"""`eventwire evaluate`: score the analysis on a gold file.

Formats: ours (docs/GOLD.md), PLOVER GSR, PETRARCH2 unit tests, MEANTIME.
"""

from __future__ import annotations

import json
from typing import Any

import click
from rich.table import Table

from eventwire.cli import CliContext, main
from eventwire.errors import EventwireError
from eventwire.evaluate import BUILTIN

_FORMATS = ("ours", "plover-gsr", "petrarch", "meantime")


def _flatten(report: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """Scalar figures of a report as (dotted name, value), lists and details left out."""
    rows = []
    for key, value in report.items():
        if isinstance(value, dict) and key not in {"confusion"}:
            rows += _flatten(value, f"{prefix}{key}.")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            rows.append((f"{prefix}{key}", value))
    return rows


@main.command(help=f"""Score eventwire on GOLD: events, quotes, actors, dates (see docs/GOLD.md).

    GOLD is a file, or a gold set of the repository by name: {", ".join(BUILTIN)}
    (benchmarks/README.md).
    """)
@click.argument("gold")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default=None,
              help="Gold format (default: guessed from the file name).")
@click.option("--lang", type=click.Choice(("en", "es", "fr")), default=None,
              help="MEANTIME: language of the file (default: from its folder).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="PLOVER GSR / PETRARCH: score only the first N records.")
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.pass_obj
def evaluate(obj: CliContext, gold: str, fmt: str | None, lang: str | None, limit: int | None,
             as_json: bool) -> None:
    """Score eventwire on a gold file or a built-in gold set (help text built from BUILTIN)."""
    from eventwire.evaluate import evaluate as run

    try:
        report = run(gold, fmt, settings=obj.settings, lang=lang, limit=limit)
    except EventwireError as exc:
        raise click.UsageError(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        return
    table = Table("measure", "value", title=f"evaluation of {gold}")
    for name, value in _flatten(report):
        table.add_row(name, f"{value:.4f}" if isinstance(value, float) else str(value))
    obj.out.print(table)

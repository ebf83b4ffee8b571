"""`eventwire export` and `eventwire stats`."""

from __future__ import annotations

import json
import os
import sys

import click
from rich.table import Table

from eventwire.cli import CliContext, main
from eventwire.errors import EventwireError

_WHAT = ("articles", "events", "quotes", "actors", "mentions", "stories")
_FORMATS = ("jsonl", "csv", "parquet", "gdelt")


@main.command()
@click.argument("what", type=click.Choice(_WHAT))
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default="jsonl", show_default=True,
              help="gdelt: GDELT 2.0 event-table rows (events only).")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Where to write; '-' is standard output.")
@click.option("--merged", is_flag=True,
              help="Events: one canonical event per story-level happening, not per mention "
                   "(canonical events never include negated ones).")
@click.option("--include-negated", is_flag=True,
              help="Events: also negated and hypothetical events (left out by default).")
@click.pass_obj
def export(obj: CliContext, what: str, fmt: str, output: str, merged: bool,
           include_negated: bool) -> None:
    """Export stored articles, events, quotes, actors, mentions or stories (spec/EXPORT.md)."""
    from eventwire.export import export_records

    if output == "-" and fmt == "parquet" and sys.stdout.isatty():
        raise click.UsageError("parquet is binary: give -o FILE or redirect standard output")
    _require_database(obj)
    out = sys.stdout.buffer if output == "-" else output
    try:
        with obj.store() as store:
            n = export_records(store, what, fmt, out, merged=merged,
                               include_negated=include_negated)
    except EventwireError as exc:
        raise click.UsageError(str(exc)) from exc
    except BrokenPipeError:
        # the reader (`| head`) stopped early: not an error worth a message
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:
        raise click.FileError(output, hint=exc.strerror or str(exc)) from exc
    if output != "-":
        obj.err.print(f"{n} {what} written to {output}", highlight=False)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def stats(obj: CliContext, as_json: bool) -> None:
    """Rows per table, languages, date spans, errors and the latest runs."""
    _require_database(obj)
    with obj.store() as store:
        data = store.stats()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    counts = Table("table", "rows", title="stored")
    for name, n in data["counts"].items():
        counts.add_row(name, str(n))
    obj.out.print(counts)
    langs = ", ".join(f"{lang} {n}" for lang, n in data["languages"].items()) or "none"
    obj.out.print(f"languages: {langs}", highlight=False)
    pub, ev = data["published"], data["event_dates"]
    obj.out.print(f"published: {pub['first'] or '-'} .. {pub['last'] or '-'}", highlight=False)
    obj.out.print(f"event dates: {ev['first'] or '-'} .. {ev['last'] or '-'}", highlight=False)
    errors = ", ".join(f"{step} {n}" for step, n in data["errors"].items()) or "none"
    obj.out.print(f"errors: {errors}", highlight=False)
    runs = Table("run", "command", "started (UTC)", "finished", "stats", title="latest runs")
    for run in data["runs"]:
        stats_text = " · ".join(f"{k} {v}" for k, v in (run["stats"] or {}).items() if v)
        runs.add_row(str(run["id"]), run["command"], _when(run["started_at"]),
                     _when(run["finished_at"]) or "running or interrupted", stats_text)
    obj.out.print(runs)


def _require_database(obj: CliContext) -> None:
    """Reading commands must not create an empty SQLite file for a mistyped --db."""
    from eventwire.store import sqlite_path

    path = sqlite_path(obj.settings.db)
    if path is not None and not path.exists():
        raise click.UsageError(
            f"no database at {path}: run `eventwire ingest` first, or give --db / EVENTWIRE_DB"
        )


def _when(stamp: str | None) -> str:
    """ISO timestamp as 'YYYY-MM-DD HH:MM:SS' (seconds are enough in a table)."""
    return stamp[:19].replace("T", " ") if stamp else ""

"""`eventwire ingest` and `eventwire report`."""

from __future__ import annotations

import sys

import click
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from eventwire.cli import CliContext, main
from eventwire.models import ItemError


@main.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--urls",
    "url_lists",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A file of URLs, one per line, whose pages are fetched politely; repeatable.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=0),
    help="Analysis processes (0 = one per core). Output is identical for any N.",
)
@click.option(
    "--dask",
    "dask_address",
    default=None,
    metavar="ADDRESS",
    help="Run the analysis on a Dask cluster, e.g. tcp://scheduler:8786.",
)
@click.option("--no-stories", is_flag=True, help="Do not cluster the new articles into stories.")
@click.option(
    "--restart",
    is_flag=True,
    help="Read WARC files from their start, not from where an earlier ingest stopped.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_obj
def ingest(
    obj: CliContext,
    inputs: tuple[str, ...],
    url_lists: tuple[str, ...],
    workers: int,
    dask_address: str | None,
    no_stories: bool,
    restart: bool,
    quiet: bool,
) -> None:
    """Ingest files, folders, JSON(L), HTML, WARC (.warc, .warc.gz), RSS/Atom feeds (file or
    URL), URL lists (.urls, a text file of URLs, or --urls), or '-' for stdin.

    Bad items get one line each on stderr (and a row in the store); the rest goes on.
    A WARC file is resumed where an interrupted ingest of it stopped (see --restart).
    The exit status is 1 when any item failed.
    """
    from eventwire.pipeline import ingest as run_ingest

    if not inputs and not url_lists:
        raise click.UsageError("give files, folders, feed URLs or '-' to ingest, or --urls FILE")
    store = obj.store()

    def on_error(err: ItemError) -> None:
        obj.err.print(f"[red]error[/red] {err}", markup=True, highlight=False)

    show = not quiet and sys.stderr.isatty()
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("read {task.fields[read]} · analysed {task.completed}"),
        TimeElapsedColumn(),
        console=obj.err,
        disable=not show,
        transient=True,
    ) as bar:
        task = bar.add_task("ingesting", total=None, read=0)

        def progress(event: str, n: int) -> None:
            if event == "read":
                bar.update(task, read=bar.tasks[task].fields["read"] + n)
            else:
                bar.advance(task, n)

        report = run_ingest(
            list(inputs),
            store=store,
            settings=obj.settings,
            workers=workers,
            dask_address=dask_address,
            progress=progress,
            on_error=on_error,
            cluster_stories=not no_stories,
            restart=restart,
            url_lists=list(url_lists),
        )
    for path, (offset, size) in report.resumed.items():
        done = "read to its end" if offset >= size else f"resumed at byte {offset} of {size}"
        obj.err.print(f"{path}: {done} by an earlier ingest; --restart reads it from the start",
                      highlight=False)
    counts = report.as_dict()
    line = ("read {read} · stored {stored} · updated {updated} · duplicates {duplicates} · "
            "failed {failed}").format(**counts)
    if report.skipped:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items()))
        line += f" · skipped {sum(report.skipped.values())} ({reasons})"
    obj.out.print(line, highlight=False)
    if report.failed:
        sys.exit(1)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def report(obj: CliContext, as_json: bool) -> None:
    """A short report of what the store holds: articles, events, quotes, stories."""
    from eventwire.cli.report import build_report, render_report

    data = build_report(obj.store())
    if as_json:
        import json

        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        render_report(data, obj.out)

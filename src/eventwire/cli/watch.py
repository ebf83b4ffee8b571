"""`eventwire watch`."""

from __future__ import annotations

import signal
import threading

import click

from eventwire.cli import CliContext, main
from eventwire.models import ItemError


@main.command()
@click.argument("targets", nargs=-1, required=True)
@click.option(
    "--interval",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds between polls.",
)
@click.option(
    "--polls",
    "max_polls",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after this many polls (default: until Ctrl-C).",
)
@click.pass_obj
def watch(
    obj: CliContext, targets: tuple[str, ...], interval: float, max_polls: int | None
) -> None:
    """Keep polling folders and feeds (files or URLs) and ingest what is new.

    What was seen is remembered in the store, so a restart does not ingest it again.
    Ctrl-C (or SIGTERM) finishes the article in progress and stops.
    """
    from eventwire.pipeline.watch import watch as run_watch

    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        obj.err.print("stopping after the current item…")
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    def on_error(err: ItemError) -> None:
        obj.err.print(f"[red]error[/red] {err}", markup=True, highlight=False)

    def on_poll(t) -> None:  # noqa: ANN001
        obj.out.print(
            f"poll {t.polls}: stored {t.stored} · duplicates {t.duplicates} · failed {t.failed}",
            highlight=False,
        )

    run_watch(
        list(targets),
        store=obj.store(),
        settings=obj.settings,
        interval=interval,
        stop=stop,
        max_polls=max_polls,
        on_error=on_error,
        on_poll=on_poll,
    )

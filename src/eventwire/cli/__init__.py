"""The `eventwire` command line: a thin shell over the library.

Each command validates its input, calls one library function and turns errors into messages.
Commands live in small modules by theme (ingest, export, explore, ...) and attach themselves
to the `main` group; `main` imports them at the bottom of this file.
"""

from __future__ import annotations

from dataclasses import dataclass

import click
from rich.console import Console

from eventwire import __version__
from eventwire.settings import Settings, load_settings


@dataclass
class CliContext:
    settings: Settings
    out: Console
    err: Console

    def store(self):  # noqa: ANN201 - imported lazily: `--help` must not load SQLAlchemy
        """Open (and migrate) the configured store."""
        from eventwire.store import open_store

        return open_store(self.settings.db)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="EVENTWIRE_DB",
    default=None,
    help="Database: a SQLite path (default eventwire.db) or postgresql://... URL.",
)
@click.option(
    "--kb",
    "kb_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Extra actor knowledge-base file (YAML/JSON); repeatable.",
)
@click.version_option(__version__, prog_name="eventwire")
@click.pass_context
def main(ctx: click.Context, db: str | None, kb_files: tuple[str, ...]) -> None:
    """eventwire: geopolitical news to sourced, PLOVER-coded events, quotes and stories."""
    try:
        settings = load_settings(db=db, kb_files=kb_files or None)
    except ValueError as exc:
        raise click.UsageError(f"invalid setting: {exc}") from exc
    ctx.obj = CliContext(
        settings=settings,
        out=Console(soft_wrap=True),
        err=Console(stderr=True, soft_wrap=True),
    )


def run() -> None:
    """Console-script entry point."""
    main(prog_name="eventwire")


# Command modules register themselves on `main` when imported.
from eventwire.cli import commands as _commands  # noqa: E402,F401

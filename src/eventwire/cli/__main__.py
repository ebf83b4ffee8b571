"""`python -m eventwire.cli` = the `eventwire` command."""

from eventwire.cli import run

run()

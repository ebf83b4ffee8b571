"""Rewrite docs/CLI.md from the commands (the command-line contract)."""

from pathlib import Path

from eventwire.cli.reference import cli_reference

target = Path(__file__).resolve().parents[1] / "docs" / "CLI.md"
target.write_text(cli_reference(), encoding="utf-8")
print(f"wrote {target}")

"""The command-line contract as Markdown, generated from the commands themselves (docs/CLI.md).

    >>> from eventwire.cli.reference import cli_reference
    >>> cli_reference().startswith("# Command-line contract")
    True

`python scripts/cli-reference.py` rewrites docs/CLI.md; tests/test_docs.py fails when the file and
the commands disagree, so the contract cannot drift from the code.
"""

from __future__ import annotations

import inspect

import click

HEADER = """# Command-line contract

Generated from the commands by `python scripts/cli-reference.py`; `tests/test_docs.py` checks it
is current. Exit status: 0 on success, 1 when some input item failed (each failure is one line
on stderr naming the item and the reason, and the rest of the batch goes on), 2 on a usage error.
Every command that lists data takes `--json` for machines.
"""


def _param(p: click.Parameter) -> str:
    """One Markdown bullet for an argument or option."""
    if isinstance(p, click.Argument):
        name = p.human_readable_name.upper()
        return f"- `{name}`{' (repeatable)' if p.multiple or p.nargs == -1 else ''}"
    names = ", ".join(f"`{o}`" for o in [*p.opts, *p.secondary_opts])
    kind = ""
    if isinstance(p.type, click.Choice):
        kind = f" {{{'|'.join(map(str, p.type.choices))}}}"
    elif not p.is_flag and p.type.name != "boolean":  # type: ignore[attr-defined]
        kind = f" {p.type.name.upper()}"
    default = ""
    unset = type(p.default).__name__ == "Sentinel"  # click's "no default given"
    if not unset and p.default not in (None, False, (), "") and not p.is_flag:  # type: ignore
        default = f" (default: `{p.default}`)"
    envvar = f" [env `{p.envvar}`]" if p.envvar else ""
    help_text = " ".join((getattr(p, "help", None) or "").split())
    return f"- {names}{kind}{default}{envvar}: {help_text}".rstrip(": ")


def _section(cmd: click.Command, path: str, level: int) -> list[str]:
    """The heading, help text and parameters of one command, then its subcommands."""
    lines = [f"{'#' * level} `{path}`", ""]
    doc = inspect.cleandoc(cmd.help or "")
    if doc:
        lines += [click.unstyle(doc), ""]
    params = [p for p in cmd.params if p.name != "help"]
    if params:
        lines += [_param(p) for p in params] + [""]
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            lines += _section(cmd.commands[name], f"{path} {name}", min(level + 1, 4))
    return lines


def cli_reference() -> str:
    """docs/CLI.md: every command with its arguments, options and defaults."""
    from eventwire.cli import main

    return "\n".join([HEADER, *_section(main, "eventwire", 2)]).rstrip() + "\n"

"""Docs can't drift: every CLI command is in the README tour and every setting is documented."""

from __future__ import annotations

import pytest

from eventwire.cli import main
from eventwire.settings import SETTINGS, Settings
from paths import REPO as ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"eventwire {command}" in README


def test_every_setting_has_a_default_and_help() -> None:
    names = [name for name, _, _ in SETTINGS]
    assert names == list(Settings.__dataclass_fields__)
    for name, default, help_text in SETTINGS:
        assert getattr(Settings(), name) == default, name
        assert help_text.endswith(".")


def test_the_cli_contract_in_docs_is_current() -> None:
    from eventwire.cli.reference import cli_reference

    assert (ROOT / "docs" / "CLI.md").read_text(encoding="utf-8") == cli_reference(), (
        "docs/CLI.md is stale: run `python scripts/cli-reference.py`")


@pytest.mark.parametrize("page", ["ONTOLOGY.md", "EXPORT.md", "GOLD.md", "CLI.md"])
def test_every_spec_page_is_in_the_repository_and_linked(page: str) -> None:
    assert (ROOT / "docs" / page).is_file()
    assert f"docs/{page}" in README

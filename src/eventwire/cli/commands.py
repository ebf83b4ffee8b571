"""Imports every command module so that each registers its commands on `main`."""

from importlib import import_module

# One module per theme; a module missing here simply has no commands yet.
_MODULES = (
    "ingest", "export", "actors", "quotes", "explore", "stories", "evaluate", "serve", "watch",
)

for _name in _MODULES:
    try:
        import_module(f"eventwire.cli.{_name}")
    except ModuleNotFoundError as exc:  # only tolerate the command module itself being absent
        if exc.name != f"eventwire.cli.{_name}":
            raise

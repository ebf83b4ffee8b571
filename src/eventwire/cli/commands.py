"""Imports every command module so that each registers its commands on `main`."""

from importlib import import_module

# One module per theme.
_MODULES = ("ingest", "export", "actors", "explore", "stories", "evaluate", "serve", "watch",
            "reviews")

for _name in _MODULES:
    import_module(f"eventwire.cli.{_name}")

"""Storage: schema, named migrations, and the Store (SQLite by default, PostgreSQL by URL)."""

from eventwire.store.db import Store, open_store
from eventwire.store.engine import normalize_url, sqlite_path

__all__ = ["Store", "normalize_url", "open_store", "sqlite_path"]

"""Database URLs and engines: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3).

SQLite gets explicit transactions: Python's sqlite3 module would otherwise run DDL outside any
transaction and start DML transactions lazily, so a failed migration or a failed save could
leave half its rows behind. Write transactions use ``BEGIN IMMEDIATE`` so that two writers
queue on ``busy_timeout`` instead of failing with "database is locked" when a reader upgrades.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from eventwire.errors import StoreError

BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "eventwire_write"  # execution option that asks for BEGIN IMMEDIATE on SQLite


def normalize_url(url: str) -> str:
    """Turn what a user typed (bare path, sqlite:, postgres(ql):) into a SQLAlchemy URL.

    >>> normalize_url("postgresql://u@h/db")
    'postgresql+psycopg://u@h/db'
    """
    url = (url or "").strip()
    if not url:
        raise StoreError("empty database URL: give a SQLite path or a postgresql://... URL")
    if url == ":memory:":
        return "sqlite://"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    if "://" not in url:  # a bare path means SQLite
        return "sqlite:///" + str(Path(url).expanduser().resolve())
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"cannot parse database URL {url!r}: {exc}") from exc
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise StoreError(
            f"unsupported database {parsed.get_backend_name()!r}: use a SQLite path or "
            "a postgresql://user@host/dbname URL"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def sqlite_path(url: str) -> Path | None:
    """The file a SQLite URL points at (None for PostgreSQL and in-memory databases)."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str) -> Engine:
    """Create the engine for a (normalized) URL, with our SQLite settings when it is SQLite."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = make_url(url).database
        if path and path != ":memory:" and not Path(path).parent.is_dir():
            folder = Path(path).parent
            raise StoreError(f"cannot create database {path}: folder {folder} does not exist")
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _wal(cur: sqlite3.Cursor) -> None:
    """Switch to WAL, waiting like busy_timeout does: on a new file another process may hold
    the lock while it switches, and SQLite then answers "locked" at once, without waiting
    (two first ingests into one new database)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cur.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _configure_sqlite(engine: Engine) -> None:
    """Pragmas on every connection and explicit BEGIN (see the module docstring)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # noqa: ANN001 - DB-API objects
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        _wal(cur)
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL, much faster per commit
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # e.g. VACUUM, which cannot run inside a transaction
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE_OPTION) else "BEGIN")

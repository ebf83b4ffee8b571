"""Throw-away PostgreSQL databases on the cluster `make test` starts (EVENTWIRE_TEST_PG)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("EVENTWIRE_TEST_PG")


@contextmanager
def throwaway_database(prefix: str) -> Iterator[str]:
    """A new, empty database named `{prefix}_<random>`, dropped afterwards; yields its URL."""
    if not PG_URL:
        raise RuntimeError("EVENTWIRE_TEST_PG is not set: run `bash scripts/system-deps.sh`")
    base = make_url(PG_URL)
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

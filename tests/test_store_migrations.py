"""Named migrations: applied once, recorded, refusing a database from a newer version."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, select

from conftest import make_analysis_en, make_article
from eventwire.errors import StoreError
from eventwire.store import migrations, open_store
from eventwire.store.schema import metadata, schema_migrations

NAMES = [name for name, _ in migrations.MIGRATIONS]


def test_first_open_applies_every_migration_in_order(store_url):
    with open_store(store_url, migrate_schema=False) as store:
        assert store.migrate() == NAMES
        with store.read() as conn:
            recorded = list(conn.scalars(select(schema_migrations.c.name)))
            tables = set(inspect(conn).get_table_names())
    assert sorted(recorded) == NAMES
    assert set(metadata.tables) <= tables


def test_migrating_again_changes_nothing(store_url):
    article = make_article("000_2008e6402e0ebef9.txt", language="en")
    with open_store(store_url) as store:
        store.save(article, make_analysis_en(article), run_id=None)
        before = store.counts()
    with open_store(store_url) as store:  # opening migrates: must be a no-op now
        assert store.migrate() == []
        assert store.counts() == before
        assert store.search("articles", "Erdogan") == [article.id]


def test_fulltext_migration_indexes_rows_stored_before_it(store_url, monkeypatch):
    article = make_article("000_2008e6402e0ebef9.txt", language="en")
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    with open_store(store_url) as store:
        store.save(article, make_analysis_en(article), run_id=None)
    monkeypatch.undo()
    with open_store(store_url) as store:
        assert store.search("articles", "Supreme Council") == [article.id]
        assert store.search("quotes", "Islamic Ummah") == [f"{article.id}:q1"]


def test_a_migration_from_a_newer_version_is_refused(store_url):
    with open_store(store_url) as store, store.write() as conn:
        conn.execute(schema_migrations.insert().values(
            name="0099_from_the_future", applied_at=dt.datetime.now(dt.UTC)))
    with pytest.raises(StoreError, match="0099_from_the_future.*newer version; upgrade"):
        open_store(store_url)


def test_add_column_if_missing_is_idempotent(store):
    for _ in range(2):
        with store.write() as conn:
            migrations.add_column_if_missing(conn, "stories", "summary TEXT")
    with store.read() as conn:
        names = [c["name"] for c in inspect(conn).get_columns("stories")]
    assert names.count("summary") == 1


def test_scale_indexes_replace_the_narrow_ones_in_an_older_database(store_url, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:3])
    with open_store(store_url) as store, store.write() as conn:  # as 0001 made them before 0004
        for name in migrations.SCALE_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX {name}")
        conn.exec_driver_sql("CREATE INDEX ix_events_date ON events (date)")
        conn.exec_driver_sql("CREATE INDEX ix_event_actors_kb ON event_actors (kb_id, role)")
    monkeypatch.undo()
    with open_store(store_url) as store, store.read() as conn:
        found = {ix["name"] for t in ("events", "event_actors", "stories")
                 for ix in inspect(conn).get_indexes(t)}
    assert set(migrations.SCALE_INDEXES) <= found
    assert not found & set(migrations.REPLACED_INDEXES)

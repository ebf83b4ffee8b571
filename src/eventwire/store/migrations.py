"""Named migrations, applied in order and recorded in ``schema_migrations``.

``0001_initial`` creates every table of ``schema.metadata`` as it is *now*, so a later migration
that adds a table or column must be idempotent (a fresh database already has it): use
``metadata.create_all(checkfirst=True)`` for tables and ``add_column_if_missing`` for columns.

Full-text search (``0002_fulltext``) uses no stemming and no stop words on both backends, so
that one query behaves the same on SQLite and PostgreSQL and across en/es/fr text:
SQLite FTS5 tables ``articles_fts(id, title, text)`` and ``quotes_fts(id, article_id, text,
speaker_name)`` (tokenizer ``unicode61 remove_diacritics 0``: case-folded, accents kept) are
kept in sync by triggers, inside the writing transaction (``0003_fulltext_keys`` makes their
deletes and updates use rowids from ``*_fts_map`` tables); PostgreSQL gets generated
``search_vector`` columns (``to_tsvector('simple', ...)``) with GIN indexes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, func, inspect, select, text

from eventwire.errors import StoreError
from eventwire.store import rollup
from eventwire.store.schema import (
    actor_periods,
    input_positions,
    metadata,
    reviews,
    schema_migrations,
)

_PG_LOCK_KEY = 7_145_031_001  # advisory lock: one migrating process at a time


def _initial(conn: Connection) -> None:
    metadata.create_all(conn, checkfirst=True)


_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
        id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 0')""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
        id UNINDEXED, article_id UNINDEXED, text, speaker_name,
        tokenize = 'unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(id, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_ad AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE id = old.id; END""",
    """CREATE TRIGGER IF NOT EXISTS articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        UPDATE articles_fts SET title = new.title, text = new.text WHERE id = old.id; END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_ai AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(id, article_id, text, speaker_name)
        VALUES (new.id, new.article_id, new.text, new.speaker_name); END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_ad AFTER DELETE ON quotes BEGIN
        DELETE FROM quotes_fts WHERE id = old.id; END""",
    """CREATE TRIGGER IF NOT EXISTS quotes_fts_au AFTER UPDATE OF text, speaker_name ON quotes
        BEGIN UPDATE quotes_fts SET text = new.text, speaker_name = new.speaker_name
        WHERE id = old.id; END""",
    # rows stored before this migration
    """INSERT INTO articles_fts(id, title, text) SELECT id, title, text FROM articles
        WHERE id NOT IN (SELECT id FROM articles_fts)""",
    """INSERT INTO quotes_fts(id, article_id, text, speaker_name)
        SELECT id, article_id, text, speaker_name FROM quotes
        WHERE id NOT IN (SELECT id FROM quotes_fts)""",
]

_PG_FTS = [
    """ALTER TABLE articles ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_articles_search ON articles USING gin (search_vector)",
    """ALTER TABLE quotes ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS
        (to_tsvector('simple', text || ' ' || coalesce(speaker_name, ''))) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_quotes_search ON quotes USING gin (search_vector)",
]


def _fulltext(conn: Connection) -> None:
    statements = _PG_FTS if conn.dialect.name == "postgresql" else _SQLITE_FTS
    for statement in statements:
        conn.exec_driver_sql(statement)


# FTS5 rows are found by rowid in O(log n); deleting by the UNINDEXED id scanned the whole
# index (60 ms per quote at 100k quotes). The base tables' own rowids are no key: VACUUM may
# renumber them (TEXT primary keys), so a map table with an INTEGER PRIMARY KEY holds them.
_FTS_TABLES = {"articles": ("title", "text"), "quotes": ("article_id", "text", "speaker_name")}


def _sqlite_fts_keyed(table: str, cols: tuple[str, ...]) -> list[str]:
    fts, fmap = f"{table}_fts", f"{table}_fts_map"
    names = ", ".join(("id", *cols))
    new_values = ", ".join(f"new.{c}" for c in ("id", *cols))
    insert = (f"INSERT INTO {fmap}(id) VALUES (new.id); INSERT INTO {fts}(rowid, {names}) "
              f"VALUES ((SELECT n FROM {fmap} WHERE id = new.id), {new_values});")
    remove = (f"DELETE FROM {fts} WHERE rowid = (SELECT n FROM {fmap} WHERE id = old.id); "
              f"DELETE FROM {fmap} WHERE id = old.id;")
    watched = ", ".join(("id", *[c for c in cols if c != "article_id"]))
    return [
        *(f"DROP TRIGGER IF EXISTS {fts}_{op}" for op in ("ai", "ad", "au")),
        f"CREATE TABLE IF NOT EXISTS {fmap} (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE)",
        f"DELETE FROM {fts}",
        f"DELETE FROM {fmap}",
        f"INSERT INTO {fmap}(id) SELECT id FROM {table} ORDER BY id",
        f"INSERT INTO {fts}(rowid, {names}) SELECT m.n, "
        f"{', '.join('t.' + c for c in ('id', *cols))} FROM {table} t JOIN {fmap} m ON m.id = t.id",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {watched} ON {table} BEGIN "
        f"{remove} {insert} END",
    ]


def _fulltext_keys(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        return  # generated columns need no bookkeeping
    for table, cols in _FTS_TABLES.items():
        for statement in _sqlite_fts_keyed(table, cols):
            conn.exec_driver_sql(statement)


# 0004_scale_indexes: covering indexes for 1M events (bench/RESULTS.md). They are declared in
# schema.py too, so a new database gets them from 0001 and this step finds them there; the
# narrower indexes they replace are dropped from databases created before.
SCALE_INDEXES = (
    "ix_events_date_cover", "ix_events_type_cover", "ix_events_id_cover",
    "ix_event_actors_event_cover", "ix_event_actors_kb_cover", "ix_event_actors_country_cover",
    "ix_event_actors_code", "ix_event_actors_sector", "ix_stories_span",
)
REPLACED_INDEXES = (
    "ix_events_date", "ix_events_type", "ix_event_actors_event", "ix_event_actors_kb",
    "ix_event_actors_country",
)


def _scale_indexes(conn: Connection) -> None:
    for name in REPLACED_INDEXES:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
    for table in metadata.sorted_tables:
        for index in sorted(table.indexes, key=lambda i: str(i.name)):
            if index.name in SCALE_INDEXES:
                index.create(conn, checkfirst=True)


def _actor_periods(conn: Connection) -> None:
    actor_periods.create(conn, checkfirst=True)
    if conn.execute(select(func.count()).select_from(actor_periods)).scalar_one() == 0:
        rollup.backfill(conn)  # events stored before this migration


# 0006_publication_precision: how much of an article's date was written (a wire dateline gives
# no year: "--05-08" then, never a guessed year) and the dateline's place (ingest.metadata).
# Rows stored before keep NULL there: their text is not read again.
PUBLICATION_COLUMNS = (
    "published_precision VARCHAR(20)", "published_partial VARCHAR(10)", "dateline_place TEXT",
)


def _publication_precision(conn: Connection) -> None:
    for column in PUBLICATION_COLUMNS:
        add_column_if_missing(conn, "articles", column)


def _input_positions(conn: Connection) -> None:
    """Where a WARC ingest stopped (``store.positions``), so a restart resumes there."""
    input_positions.create(conn, checkfirst=True)


def _reviews(conn: Connection) -> None:
    """Analysts' reviews of coded events (``store.reviews``)."""
    reviews.create(conn, checkfirst=True)


MIGRATIONS: list[tuple[str, Callable[[Connection], None]]] = [
    ("0001_initial", _initial),
    ("0002_fulltext", _fulltext),
    ("0003_fulltext_keys", _fulltext_keys),
    ("0004_scale_indexes", _scale_indexes),
    ("0005_actor_periods", _actor_periods),
    ("0006_publication_precision", _publication_precision),
    ("0007_input_positions", _input_positions),
    ("0008_reviews", _reviews),
]


def add_column_if_missing(conn: Connection, table: str, column_ddl: str) -> None:
    """``ALTER TABLE table ADD COLUMN column_ddl`` unless the column exists (for new migrations)."""
    name = column_ddl.split()[0]
    if name not in {c["name"] for c in inspect(conn).get_columns(table)}:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column_ddl}")


def applied_migrations(conn: Connection) -> list[str]:
    """Names recorded in ``schema_migrations`` (empty for a new database)."""
    if not inspect(conn).has_table("schema_migrations"):
        return []
    rows = conn.execute(select(schema_migrations.c.name).order_by(schema_migrations.c.name))
    return [name for (name,) in rows]


def migrate(conn: Connection) -> list[str]:
    """Apply the missing migrations inside the caller's transaction; return their names.

    Raises ``StoreError`` when the database holds a migration this version does not know
    (it was written by a newer eventwire).
    """
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
    done = applied_migrations(conn)
    known = [name for name, _ in MIGRATIONS]
    unknown = sorted(set(done) - set(known))
    if unknown:
        raise StoreError(
            f"the database has migrations this eventwire does not know ({', '.join(unknown)}): "
            "it was created by a newer version; upgrade eventwire or use another database"
        )
    schema_migrations.create(conn, checkfirst=True)
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        step(conn)
        conn.execute(
            schema_migrations.insert().values(name=name, applied_at=dt.datetime.now(dt.UTC))
        )
        applied.append(name)
    return applied

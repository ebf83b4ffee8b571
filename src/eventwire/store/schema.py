"""The relational schema (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Offsets are stored as ``start_char``/``end_char`` (``end`` is an SQL keyword) and exported as
``start``/``end``. JSON columns hold the nested actor/location objects exactly as exported;
the ``event_actors`` table repeats the actors flat so that filters use indexes.
Change the schema only through a new named migration in ``migrations.py``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", String(50), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("stats", JSON),  # {"read": n, "stored": n, "duplicates": n, "failed": n}
    Column("settings", JSON),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("published", Date),
    Column("published_source", String(20)),
    # how much of the date was written; a year-less day is kept as "--MM-DD" (0006)
    Column("published_precision", String(20)),
    Column("published_partial", String(10)),
    Column("language", String(8)),
    Column("language_score", Float),
    Column("outlet", Text),
    Column("cited_source", Text),
    Column("dateline_place", Text),  # the wire dateline's place as written (0006)
    Column("raw_text", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("removals", JSON),
    Column("analysis_steps", JSON),
    Column("story_id", String(64)),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_story", articles.c.story_id)

# Every place an article was seen (its first source and every exact duplicate).
article_sources = Table(
    "article_sources",
    metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("article_id", "source", name="uq_article_sources"),
)

actors = Table(
    "actors",
    metadata,
    Column("kb_id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("country", String(3)),
    Column("sector", String(10)),
    Column("code", String(20)),
    Column("source", String(10), nullable=False),  # kb | learned | user
    Column("aliases", JSON),
    Column("roles", JSON),
    Column("evidence", JSON),  # for learned actors: article id, offsets, the introducing words
    Column("first_seen", Date),
    Column("last_seen", Date),
)
Index("ix_actors_code", actors.c.code)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", String(20)),
    Column("kb_id", String(200)),
    Column("actor", JSON),
    Column("how", String(50)),
    Column("antecedent", Integer),  # index (in the article's mention list) it was resolved through
    UniqueConstraint("article_id", "start_char", "end_char", name="uq_mentions_span"),
)
Index("ix_mentions_kb", mentions.c.kb_id)

quotes = Table(
    "quotes",
    metadata,
    Column("id", String(80), primary_key=True),  # "{article_id}:q{n}"
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("speaker", JSON),
    Column("speaker_kb_id", String(200)),
    Column("speaker_name", Text),
    Column("speaker_text", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
    Column("text", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("language", String(8)),
)
Index("ix_quotes_speaker", quotes.c.speaker_kb_id)

events = Table(
    "events",
    metadata,
    Column("id", String(80), primary_key=True),  # "{article_id}:e{n}"
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("story_id", String(64)),
    Column("canonical_id", String(80)),
    Column("type", String(20), nullable=False),
    Column("mode", String(30)),
    Column("context", JSON),
    Column("actors", JSON),
    Column("recipients", JSON),
    Column("date", Date),
    Column("date_text", Text),
    Column("date_source", String(10)),
    Column("date_conflict", Boolean, nullable=False, default=False),
    Column("future", Boolean, nullable=False, default=False),
    Column("negated", Boolean, nullable=False, default=False),
    Column("hypothetical", Boolean, nullable=False, default=False),
    Column("location", JSON),
    Column("location_name", Text),
    Column("location_country", String(3)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geonameid", Integer),
    Column("trigger", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("evidence", Text),
    Column("start_char", Integer, nullable=False),
    Column("end_char", Integer, nullable=False),
    Column("score", Float),
    Column("cameo", String(10)),
    Column("confidence", Float),
    Column("quote_id", String(80)),
    Column("rule", Text),
)
# 0004: covering indexes (the columns after the key spare a table read per event on SQLite and
# allow index-only scans on PostgreSQL); see bench/RESULTS.md for the measurements.
Index("ix_events_date_cover", events.c.date, events.c.negated, events.c.id)
Index("ix_events_type_cover", events.c.type, events.c.date, events.c.negated, events.c.id)
Index("ix_events_id_cover", events.c.id, events.c.type, events.c.date, events.c.negated)
Index("ix_events_story", events.c.story_id)
Index("ix_events_canonical", events.c.canonical_id)
Index("ix_events_article", events.c.article_id)

# Flat copy of events.actors / events.recipients for fast filtering and dyad aggregates.
event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String(80), ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(10), nullable=False),  # actor | recipient
    Column("kb_id", String(200)),
    Column("name", Text),
    Column("country", String(3)),
    Column("sector", String(10)),
    Column("code", String(20)),
)
# 0004: every lookup index ends with event_id (or starts with it and holds the matched
# columns), so actor filters and dyads read indexes only
Index("ix_event_actors_event_cover", event_actors.c.event_id, event_actors.c.role,
      event_actors.c.kb_id, event_actors.c.country, event_actors.c.code, event_actors.c.sector,
      event_actors.c.name)
Index("ix_event_actors_kb_cover", event_actors.c.kb_id, event_actors.c.role,
      event_actors.c.event_id)
Index("ix_event_actors_country_cover", event_actors.c.country, event_actors.c.role,
      event_actors.c.event_id)
Index("ix_event_actors_code", event_actors.c.code, event_actors.c.role, event_actors.c.event_id)
Index("ix_event_actors_sector", event_actors.c.sector, event_actors.c.role,
      event_actors.c.event_id)

# 0005: events per actor per year, month and day (dated events only; store/rollup.py keeps it in
# step with event_actors). top_actors over a date range sums a few dozen periods instead of
# joining every event of the range (one year of 1M events: ~2 s -> see bench/RESULTS.md).
# Missing identity parts are '' (NULLs would defeat the unique key that upserts rely on).
actor_periods = Table(
    "actor_periods",
    metadata,
    Column("period", String(1), nullable=False),  # Y | M | D
    Column("start", Date, nullable=False),  # first day of the year, month or the day itself
    Column("negated", Boolean, nullable=False),
    Column("kb_id", String(200), nullable=False),
    Column("name", Text, nullable=False),
    Column("code", String(20), nullable=False),
    Column("country", String(3), nullable=False),
    Column("sector", String(10), nullable=False),
    Column("n", Integer, nullable=False),  # distinct events
    UniqueConstraint("period", "start", "negated", "kb_id", "name", "code", "country", "sector",
                     name="uq_actor_periods"),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text),
    Column("title_article_id", String(64)),
    Column("languages", JSON),
    Column("start", Date),
    Column("end", Date),
    Column("actors", JSON),  # top actor codes
    Column("centroid", JSON),  # embedding centroid (list of floats) for incremental clustering
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_stories_span", stories.c.start, stories.c.end)  # 0004: candidates by date window

story_articles = Table(
    "story_articles",
    metadata,
    Column("story_id", String(64), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("scores", JSON),  # the similarity scores behind the decision (explainability)
    Column("decided_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("article_id", name="uq_story_articles_article"),
)

canonical_events = Table(
    "canonical_events",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("story_id", String(64), nullable=False),
    Column("type", String(20), nullable=False),
    Column("mode", String(30)),
    Column("actors", JSON),
    Column("recipients", JSON),
    Column("date", Date),
    Column("date_conflict", Boolean, nullable=False, default=False),
    Column("dates_seen", JSON),  # {"2024-11-20": 1, "2024-11-30": 1}
    Column("num_articles", Integer, nullable=False),
    Column("num_sources", Integer, nullable=False),
    Column("num_mentions", Integer, nullable=False),
    Column("languages", JSON),
    Column("score", Float),
    Column("cameo", String(10)),
)

processing_errors = Table(
    "processing_errors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("source", Text, nullable=False),
    Column("line", Integer),
    Column("step", String(20), nullable=False),
    Column("message", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# What `watch` has already seen (survives restarts).
seen_items = Table(
    "seen_items",
    metadata,
    Column("key", Text, primary_key=True),  # path+mtime+size, or feed entry id/link
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

# How far an ingest got in a resumable input (a WARC file): every record before ``position`` is
# stored, refused or skipped. ``fingerprint`` (of the file's start) tells another file at the
# same path, which is then read from the start.
input_positions = Table(
    "input_positions",
    metadata,
    Column("input", Text, primary_key=True),  # the file's resolved path
    Column("fingerprint", String(64), nullable=False),
    Column("position", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# An analyst's review of one coded event (issue: the review loop): "wrong", or "corrected" with
# the fields the analyst changed. The machine's event row is never modified; a review is keyed
# by the article and the trigger's offsets, so it finds its event again after a re-analysis
# (``event_id`` is relinked by the writer; NULL while the coder no longer finds it).
reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"),
           nullable=False),
    Column("event_id", String(80), index=True),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("machine", JSON, nullable=False),  # type, mode, actors, recipients, date as coded
    Column("verdict", String(10), nullable=False),  # wrong | corrected
    Column("fields", JSON),  # corrected: {type, mode, actor, recipient, date}
    Column("note", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

"""Full-text search over articles, quotes and event evidence.

Every word of the query must occur (case-insensitive, in any order). Articles and quotes use
the store's full-text index when the database has one (migration ``0002_fulltext``: SQLite
FTS5 tables, PostgreSQL ``search_vector`` columns, both without stemming, so whole words
match); without it, and for event evidence, each word is a parametrised substring LIKE.
Each hit carries the offsets of the first matching word in the cleaned text, for highlighting.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    column,
    func,
    inspect,
    literal,
    literal_column,
    or_,
    select,
    table,
    union_all,
)

from eventwire.query.filters import FIRST_PAGE, Page, Result, contains, engine_of, iso
from eventwire.store.schema import articles, events, quotes

KINDS = ("article", "quote", "event")
WORD = re.compile(r"\w+", re.UNICODE)
SNIPPET = 90  # characters of context each side of the first hit


def query_words(text: str) -> list[str]:
    """The words of a query (punctuation dropped); at most 12 so queries stay cheap."""
    return WORD.findall(text)[:12]


def _all_words(columns: list[Any], words: list[str]) -> Any:
    return and_(*[or_(*[contains(c, w) for c in columns]) for w in words])


def fulltext_backend(conn: Connection) -> str | None:
    """Which full-text index the database has: "fts5", "postgresql" or None."""
    if conn.dialect.name == "sqlite":
        return "fts5" if inspect(conn).has_table("articles_fts") else None
    if conn.dialect.name == "postgresql":
        names = {c["name"] for c in inspect(conn).get_columns("articles")}
        return "postgresql" if "search_vector" in names else None
    return None


def _indexed(name: str, words: list[str], backend: str | None, fallback: list[Any]) -> Any:
    """Condition on ``name`` (articles | quotes) rows holding every word."""
    if backend == "fts5":
        fts = table(f"{name}_fts", column("id"))
        # each word quoted, so FTS5 operators typed by a user are plain words
        match = " ".join(f'"{w}"' for w in words)
        hits = select(fts.c.id).where(literal_column(f"{name}_fts").op("MATCH")(match))
        return literal_column(f"{name}.id").in_(hits)
    if backend == "postgresql":
        query = func.plainto_tsquery("simple", " ".join(words))
        return literal_column(f"{name}.search_vector").op("@@")(query)
    return _all_words(fallback, words)


def _selects(words: list[str], kinds: tuple[str, ...], backend: str | None) -> list[Any]:
    """One SELECT per kind, all with the same columns so they can be UNIONed."""
    parts = []
    if "article" in kinds:
        parts.append(
            select(
                literal("article").label("kind"), articles.c.id.label("id"),
                articles.c.id.label("article_id"), articles.c.title.label("title"),
                articles.c.text.label("body"), literal(0).label("base"),
                articles.c.published.label("published"), articles.c.language.label("language"),
            ).where(_indexed("articles", words, backend, [articles.c.title, articles.c.text]))
        )
    if "quote" in kinds:
        parts.append(
            select(
                literal("quote").label("kind"), quotes.c.id, quotes.c.article_id,
                quotes.c.speaker_name.label("title"), quotes.c.text.label("body"),
                quotes.c.start_char.label("base"), articles.c.published, articles.c.language,
            )
            .select_from(quotes.join(articles, articles.c.id == quotes.c.article_id))
            .where(_indexed("quotes", words, backend, [quotes.c.text, quotes.c.speaker_name]))
        )
    if "event" in kinds:
        parts.append(
            select(
                literal("event").label("kind"), events.c.id, events.c.article_id,
                events.c.type.label("title"), events.c.evidence.label("body"),
                events.c.start_char.label("base"), articles.c.published, articles.c.language,
            )
            .select_from(events.join(articles, articles.c.id == events.c.article_id))
            .where(_all_words([events.c.evidence], words), events.c.negated.is_(False))
        )
    return parts


def snippet(body: str, words: list[str]) -> tuple[str, int | None, int | None]:
    """A window of ``body`` around the first query word, and that word's offsets in body."""
    low = body.lower()
    hits = [(i, len(w)) for w in words if (i := low.find(w.lower())) >= 0]
    if not hits:
        return body[: 2 * SNIPPET], None, None
    i, n = min(hits)
    a, b = max(0, i - SNIPPET), min(len(body), i + n + SNIPPET)
    text = ("…" if a else "") + body[a:b] + ("…" if b < len(body) else "")
    return text, i, i + n


def search(
    db: Any, text: str, *, kinds: tuple[str, ...] = KINDS, language: str | None = None,
    page: Page = FIRST_PAGE,
) -> Result:
    """Articles, quotes and events whose text holds every word of ``text``.

    >>> search(store, "territorial integrity", kinds=("quote",)).items[0]["snippet"]
    """
    words = query_words(text)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}; choose from {', '.join(KINDS)}")
    if not words:
        raise ValueError("the search text has no words")
    with engine_of(db).connect() as conn:
        union = union_all(*_selects(words, kinds, fulltext_backend(conn))).subquery()
        conds = [union.c.language == language] if language else []
        stmt = (
            select(union).where(*conds)
            .order_by(union.c.published.desc().nulls_last(), union.c.kind, union.c.id)
        )
        count = select(func.count()).select_from(union).where(*conds)
        total = conn.execute(count).scalar_one()
        rows = conn.execute(stmt.limit(page.limit).offset(page.offset)).mappings().all()
    return Result([_hit(r, words) for r in rows], total, page.limit, page.offset)


def _hit(row: Any, words: list[str]) -> dict[str, Any]:
    snip, i, j = snippet(row["body"] or "", words)
    base = row["base"] or 0
    return {
        "kind": row["kind"],
        "id": row["id"],
        "article_id": row["article_id"],
        "title": row["title"],
        "snippet": snip,
        "start": base + i if i is not None else None,
        "end": base + j if j is not None else None,
        "published": iso(row["published"]),
        "language": row["language"],
    }

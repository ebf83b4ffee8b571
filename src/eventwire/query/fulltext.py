"""Full-text search over articles, quotes and event evidence, in the search syntax.

The text is parsed once (``eventwire.search_syntax``: words, "phrases", OR, -exclusions,
prefix*, parentheses) and the tree goes to every kind of hit: articles and quotes use the
store's full-text index when the database has one (migration ``0002_fulltext``: SQLite FTS5
tables, PostgreSQL ``search_vector`` columns, both without stemming, so whole words match);
without it, and for event evidence, ``store.search.text_condition`` (LIKE, then a regular
expression with the same meaning). Each hit carries a snippet around its first match and the
offsets of every match, in the snippet and in the cleaned article text (``query.highlight``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal, select, union_all

from eventwire.query.filters import FIRST_PAGE, Page, Result, engine_of, iso
from eventwire.query.highlight import snippet
from eventwire.search_syntax import Node, parse
from eventwire.store.schema import articles, events, quotes
from eventwire.store.search import fulltext_backend, indexed_condition, text_condition

KINDS = ("article", "quote", "event")
LEAD = 90  # characters of an untitled article's text read for its name


def _article_columns() -> list[Any]:
    """The hit's article by name: its title and, for untitled articles, its first words."""
    return [articles.c.title.label("article_title"),
            func.substr(articles.c.text, 1, LEAD).label("lead")]


def article_name(title: str | None, lead: str | None) -> str:
    """An article's title, or its first words cut at a word ("Pezeshkian made the …")."""
    if title and title.strip():
        return title.strip()
    words = " ".join((lead or "").split())
    if len(words) < LEAD - 10:
        return words or "untitled article"
    return words[: words.rfind(" ", 0, LEAD - 20)].rstrip(",;:") + " …"


def _selects(node: Node, kinds: tuple[str, ...], backend: str | None) -> list[Any]:
    """One SELECT per kind, all with the same columns so they can be UNIONed."""
    parts = []
    if "article" in kinds:
        parts.append(
            select(
                literal("article").label("kind"), articles.c.id.label("id"),
                articles.c.id.label("article_id"), articles.c.title.label("title"),
                articles.c.text.label("body"), literal(0).label("base"),
                articles.c.published.label("published"), articles.c.language.label("language"),
                *_article_columns(),
            ).where(indexed_condition("articles", node, backend,
                                     [articles.c.title, articles.c.text]))
        )
    if "quote" in kinds:
        parts.append(
            select(
                literal("quote").label("kind"), quotes.c.id, quotes.c.article_id,
                quotes.c.speaker_name.label("title"), quotes.c.text.label("body"),
                quotes.c.start_char.label("base"), articles.c.published, articles.c.language,
                *_article_columns(),
            )
            .select_from(quotes.join(articles, articles.c.id == quotes.c.article_id))
            .where(indexed_condition("quotes", node, backend,
                                     [quotes.c.text, quotes.c.speaker_name]))
        )
    if "event" in kinds:
        parts.append(
            select(
                literal("event").label("kind"), events.c.id, events.c.article_id,
                events.c.type.label("title"), events.c.evidence.label("body"),
                events.c.start_char.label("base"), articles.c.published, articles.c.language,
                *_article_columns(),
            )
            .select_from(events.join(articles, articles.c.id == events.c.article_id))
            .where(text_condition(node, [events.c.evidence]), events.c.negated.is_(False))
        )
    return parts


def search(
    db: Any, text: str, *, kinds: tuple[str, ...] = KINDS, language: str | None = None,
    page: Page = FIRST_PAGE,
) -> Result:
    """Articles, quotes and events matching ``text`` (the search syntax), newest first.

    Raises ``SearchSyntaxError`` (a ``ValueError``) for malformed text or text with no words.

    >>> hit = search(store, '"territorial integrity" OR Ummah', kinds=("quote",)).items[0]
    >>> hit["snippet"][slice(*hit["highlights"][0])]
    'territorial integrity'
    """
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds {sorted(unknown)}; choose from {', '.join(KINDS)}")
    node = parse(text)
    with engine_of(db).connect() as conn:
        union = union_all(*_selects(node, kinds, fulltext_backend(conn))).subquery()
        conds = [union.c.language == language] if language else []
        stmt = (
            select(union).where(*conds)
            .order_by(union.c.published.desc().nulls_last(), union.c.kind, union.c.id)
        )
        count = select(func.count()).select_from(union).where(*conds)
        total = conn.execute(count).scalar_one()
        rows = conn.execute(stmt.limit(page.limit).offset(page.offset)).mappings().all()
    return Result([_hit(r, node) for r in rows], total, page.limit, page.offset)


def _hit(row: Any, node: Node) -> dict[str, Any]:
    """One result; ``start``/``end`` (the first match) and ``matches`` index the article text."""
    found = snippet(row["body"] or "", node)
    base = row["base"] or 0
    first = found.matches[0] if found.matches else None
    return {
        "kind": row["kind"],
        "id": row["id"],
        "article_id": row["article_id"],
        "title": row["title"],
        "article_title": article_name(row["article_title"], row["lead"]),
        "snippet": found.text,
        "highlights": found.highlights,
        "matches": [[base + s, base + e] for s, e in found.matches],
        "start": base + first[0] if first else None,
        "end": base + first[1] if first else None,
        "published": iso(row["published"]),
        "language": row["language"],
    }

"""Full-text search over articles (title, text) and quotes (text, speaker name).

A search tree (``eventwire.search_syntax``) compiles three ways, one per place text is searched:

- ``fts5_match``: SQLite FTS5 MATCH text, every token double-quoted (FTS5 operators, column
  filters and ``^`` in user input stay words), ``"tok"*`` for prefixes, AND / OR / NOT.
- ``tsquery``: a PostgreSQL tsquery built from function calls on bound parameters:
  ``phraseto_tsquery`` reads a word or phrase as plain text (it has no operators) with the
  parser that indexed the text, so ``al-Sabbagh`` and ``U.S.`` match as indexed; a prefix is
  ``to_tsquery`` of its tokens, each quoted (they are letters and digits only), the last with
  ``:*``; ``tsquery_and`` / ``_or`` / ``_not`` are the ``&&`` / ``||`` / ``!!`` operators.
- ``text_condition``: for event evidence and for databases without the full-text index: each
  term is a regular expression (``term_pattern``: the tokens between word boundaries, any
  punctuation between them) behind a LIKE on the ASCII letters of its tokens that keeps it off
  most rows. SQLAlchemy gives SQLite a ``REGEXP`` (Python's ``re``); PostgreSQL uses ``~``.

Both indexes match whole words, case-insensitively, with no stemming (see migrations.py).
Known differences, all on PostgreSQL's side (checked by hand, not hidden by the tests): it
indexes a hyphenated word whole and then in parts, so a phrase that starts before such a word
("les États" in "les États-Unis") is not found; it keeps host names and decimals ("3.5")
whole, so a part of them ("3") is not a word; and its vector runs the title into the text, so
a phrase may span the two, where FTS5 and the expressions match each column apart.
"""

from __future__ import annotations

import re
from functools import reduce
from typing import Any

from sqlalchemy import (
    Connection,
    and_,
    column,
    func,
    inspect,
    literal_column,
    not_,
    or_,
    select,
    table,
)
from sqlalchemy.sql.elements import ColumnElement

from eventwire.search_syntax import AnyOf, EmptySearch, Node, Term, parse

TABLES = ("articles", "quotes")
_ASCII_RUN = re.compile(r"[a-z0-9]+")  # tokens are lower case already
_CONFIG = "simple"  # the text search configuration of the search_vector columns


def fulltext_backend(conn: Connection) -> str | None:
    """Which full-text index the database has: "fts5", "postgresql" or None."""
    if conn.dialect.name == "sqlite":
        return "fts5" if inspect(conn).has_table("articles_fts") else None
    if conn.dialect.name == "postgresql":
        names = {c["name"] for c in inspect(conn).get_columns("articles")}
        return "postgresql" if "search_vector" in names else None
    return None


def fts5_match(node: Node) -> str:
    """FTS5 MATCH text for the tree: ``("iran" OR ("turkey" NOT "israel"))``."""
    if isinstance(node, Term):
        quoted = " ".join(t.replace('"', '""') for t in node.tokens)  # tokens hold no quote
        return f'"{quoted}"' + ("*" if node.prefix else "")
    if isinstance(node, AnyOf):
        return "(" + " OR ".join(map(fts5_match, node.options)) + ")"
    found = "(" + " AND ".join(map(fts5_match, node.include)) + ")"
    return reduce(lambda acc, ex: f"({acc} NOT {fts5_match(ex)})", node.exclude, found)


def tsquery(node: Node) -> ColumnElement[Any]:
    """A PostgreSQL tsquery expression for the tree, every piece of user text a parameter."""
    if isinstance(node, Term):
        if not node.prefix:
            return func.phraseto_tsquery(_CONFIG, node.text)
        lexemes = [_lexeme(t) for t in node.tokens]
        lexemes[-1] += ":*"
        return func.to_tsquery(_CONFIG, " <-> ".join(lexemes))
    if isinstance(node, AnyOf):
        return reduce(func.tsquery_or, map(tsquery, node.options))
    found = reduce(func.tsquery_and, map(tsquery, node.include))
    return reduce(lambda acc, ex: func.tsquery_and(acc, func.tsquery_not(tsquery(ex))),
                  node.exclude, found)


def _lexeme(token: str) -> str:
    """A tsquery lexeme in quotes (tokens are letters and digits; escaped all the same)."""
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def term_pattern(term: Term) -> str:
    """A regular expression (Python and PostgreSQL alike) for one term, case-insensitive.

    >>> term_pattern(Term(("territorial", "integrity")))
    '(?i)(?<!\\\\w)territorial(?:\\\\W|_)+integrity(?!\\\\w)'
    """
    body = r"(?:\W|_)+".join(term.tokens)  # tokens are letters and digits: nothing to escape
    return r"(?i)(?<!\w)" + body + (r"\w*" if term.prefix else r"(?!\w)")


def text_condition(node: Node, columns: list[Any]) -> ColumnElement[bool]:
    """Rows where the tree holds over the text of ``columns`` (a term may match any column)."""
    if isinstance(node, Term):
        return or_(*[_term_in(func.coalesce(c, ""), node) for c in columns])
    if isinstance(node, AnyOf):
        return or_(*[text_condition(n, columns) for n in node.options])
    return and_(*[text_condition(n, columns) for n in node.include],
                *[not_(text_condition(n, columns)) for n in node.exclude])


def _term_in(text: Any, term: Term) -> ColumnElement[bool]:
    # LIKE first: cheap, and it spares the expression most rows. Only the longest ASCII run of
    # each token ("diplom" of "diplomáticas"): SQLite's lower() and LIKE fold ASCII letters
    # alone, so "DIPLOMÁTICAS" is not LIKE "%diplomáticas%". Runs hold no LIKE wildcard.
    runs = [max(_ASCII_RUN.findall(t), key=len, default="") for t in term.tokens]
    likes = [func.lower(text).like(f"%{r}%") for r in runs if r]
    return and_(*likes, text.regexp_match(term_pattern(term)))


def indexed_condition(name: str, node: Node, backend: str | None,
                      fallback: list[Any]) -> ColumnElement[bool]:
    """Condition on rows of ``name`` (articles | quotes) where the tree holds.

    Uses the full-text index ``backend`` has, else ``text_condition`` over ``fallback``.
    """
    if backend == "fts5":
        fts = table(f"{name}_fts", column("id"))
        hits = select(fts.c.id).where(column(f"{name}_fts").op("MATCH")(fts5_match(node)))
        return literal_column(f"{name}.id").in_(hits)
    if backend == "postgresql":
        return literal_column(f"{name}.search_vector").op("@@")(tsquery(node))
    return text_condition(node, fallback)


def search_ids(conn: Connection, table_name: str, query: str | Node, *,
               limit: int = 50) -> list[str]:
    """Ids of ``articles`` or ``quotes`` matching ``query`` (the search syntax), best first.

    A text with no words finds nothing; malformed syntax raises ``SearchSyntaxError``.
    """
    if table_name not in TABLES:
        raise ValueError(f"cannot search {table_name!r}: choose articles or quotes")
    try:
        node = parse(query) if isinstance(query, str) else query
    except EmptySearch:
        return []
    if conn.dialect.name == "postgresql":
        q = tsquery(node)
        vector = column("search_vector")
        stmt = (select(column("id")).select_from(table(table_name)).where(vector.op("@@")(q))
                .order_by(func.ts_rank(vector, q).desc(), column("id")))
    else:
        fts = f"{table_name}_fts"
        stmt = (select(column("id")).select_from(table(fts))
                .where(column(fts).op("MATCH")(fts5_match(node)))
                .order_by(column("rank"), column("id")))
    return list(conn.scalars(stmt.limit(limit)))

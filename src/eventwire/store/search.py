"""Full-text search over articles (title, text) and quotes (text, speaker name).

Both backends match whole words, case-insensitively, with no stemming (see migrations.py):
every word of the query must occur. Results are ids, best match first.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

_WORD = re.compile(r"\w+", re.UNICODE)

_SQLITE = {
    table: f"SELECT id FROM {table}_fts WHERE {table}_fts MATCH :q ORDER BY rank, id LIMIT :n"
    for table in ("articles", "quotes")
}
_PG = """SELECT id FROM {table} WHERE search_vector @@ plainto_tsquery('simple', :q)
         ORDER BY ts_rank(search_vector, plainto_tsquery('simple', :q)) DESC, id LIMIT :n"""


def search_ids(conn: Connection, table: str, query: str, *, limit: int = 50) -> list[str]:
    """Ids of ``articles`` or ``quotes`` whose words include every word of ``query``."""
    if table not in _SQLITE:
        raise ValueError(f"cannot search {table!r}: choose articles or quotes")
    words = _WORD.findall(query)
    if not words:
        return []
    if conn.dialect.name == "postgresql":
        sql, q = _PG.format(table=table), " ".join(words)
    else:
        # each word quoted: FTS5 operators (AND, NEAR, column:) in user input stay plain words
        sql, q = _SQLITE[table], " ".join(f'"{w}"' for w in words)
    return [row[0] for row in conn.execute(text(sql), {"q": q, "n": limit})]

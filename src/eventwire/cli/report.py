"""The short report `make demo` prints: what the store holds, article by article.

Built only from `eventwire.query` (the one read side); rendering is separate from the data so
`eventwire report --json` gives the same content to machines.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from eventwire import query

REPORT_LIMIT = 500


def _actor_names(actors: list[dict[str, Any]] | None) -> str:
    return ", ".join(a.get("code") or a.get("name") or "?" for a in actors or []) or "-"


def build_report(db: Any) -> dict[str, Any]:
    """Totals, then per article its events and quotes, then the stories."""
    page = query.Page(limit=REPORT_LIMIT)
    articles = query.list_articles(db, page=page).items
    out: dict[str, Any] = {"totals": query.totals(db), "articles": [], "stories": []}
    for art in sorted(articles, key=lambda a: a.get("source") or ""):
        evs = query.list_events(db, query.EventFilter(article_id=art["id"]), page).items
        qs = query.list_quotes(db, query.QuoteFilter(article_id=art["id"]), page).items
        out["articles"].append(
            {
                "id": art["id"],
                "source": art.get("source"),
                "title": art.get("title"),
                "published": art.get("published"),
                "language": art.get("language"),
                "outlet": art.get("outlet"),
                "story_id": art.get("story_id"),
                "events": [
                    {
                        "type": e["type"],
                        "mode": e.get("mode"),
                        "actors": _actor_names(e.get("actors")),
                        "recipients": _actor_names(e.get("recipients")),
                        "date": e.get("date"),
                        "date_source": e.get("date_source"),
                        "trigger": e.get("trigger"),
                        "location": (e.get("location") or {}).get("name"),
                    }
                    for e in sorted(evs, key=lambda e: e.get("start") or 0)
                ],
                "quotes": [
                    {
                        "speaker": (q.get("speaker") or {}).get("name") or q.get("speaker_text"),
                        "direct": q.get("direct"),
                        "text": q.get("text"),
                    }
                    for q in sorted(qs, key=lambda q: q.get("start") or 0)
                ],
            }
        )
    for story in query.list_stories(db, page=page).items:
        out["stories"].append(story)
    return out


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def render_report(data: dict[str, Any], console: Console) -> None:
    """Rich tables for people."""
    totals = data["totals"]
    console.print(" · ".join(f"{k} {v}" for k, v in totals.items()), style="bold")
    for art in data["articles"]:
        console.rule(
            f"{art['source']}  [{art['language']}]  {art['published'] or 'no date'}"
            f"  {art['outlet'] or ''}".rstrip()
        )
        if art["title"]:
            console.print(f"[italic]{art['title']}[/italic]")
        table = Table(
            "type",
            "mode",
            "actors",
            "recipients",
            "date",
            "where",
            "trigger",
            box=None,
            pad_edge=False,
        )
        for e in art["events"]:
            date = f"{e['date'] or '-'}" + (" (article)" if e["date_source"] == "article" else "")
            table.add_row(
                e["type"],
                e["mode"] or "",
                e["actors"],
                e["recipients"],
                date,
                e["location"] or "",
                e["trigger"] or "",
            )
        console.print(table)
        for q in art["quotes"]:
            text = _short(q["text"], 110)
            kind = "says" if q["direct"] else "(reported)"
            console.print(f"  [bold]{q['speaker'] or '?'}[/bold] {kind}: “{text}”", highlight=False)
    if data["stories"]:
        console.rule("stories")
        for s in data["stories"]:
            arts = s.get("articles")
            n = len(arts) if isinstance(arts, list) else arts
            console.print(
                f"[bold]{s.get('id')}[/bold]  {n} article(s)  {','.join(s.get('languages') or [])}"
                f"  {s.get('start') or '?'}..{s.get('end') or '?'}",
                highlight=False,
            )
            console.print(f"  {_short(s.get('title') or '', 110)}", highlight=False)

"""`eventwire stories`: list the stories (optionally re-clustering everything first)."""

from __future__ import annotations

import json

import click
from rich.markup import escape

from eventwire.cli import main


def _span(row: dict) -> str:
    start, end = row.get("start"), row.get("end")
    if start is None:
        return "undated"
    return str(start) if start == end else f"{start} – {end}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@main.command()
@click.option("--rebuild", is_flag=True, help="Forget all stories and cluster every article again.")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True,
              help="Stories to list, biggest first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def stories(obj, rebuild: bool, limit: int, as_json: bool) -> None:
    """List stories: reports of one happening grouped across languages and outlets."""
    from eventwire.stories.cluster import rebuild as rebuild_stories
    from eventwire.stories.repo import story_summaries

    store = obj.store()
    try:
        if rebuild:
            decisions = rebuild_stories(store, settings=obj.settings)
            founded = sum(d.founded for d in decisions)
            obj.err.print(f"clustered {len(decisions)} articles into {founded} stories")
        with store.read() as conn:
            rows = story_summaries(conn, limit=limit)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(rows, default=str, ensure_ascii=False, indent=2))
        return
    if not rows:
        obj.out.print("no stories yet: ingest articles first (eventwire ingest PATH)")
        return
    # two lines per story rather than a table: titles stay whole on a narrow terminal
    for r in rows:
        obj.out.print(
            f"[bold]{escape(r['title'] or '(untitled)')}[/bold]\n"
            f"  {r['id']}  {_span(r)}  {', '.join(r['languages'] or [])}  "
            f"{_count(r['articles'], 'article')}  {_count(r['events'], 'event')} "
            f"→ {r['canonical_events']} canonical  "
            f"{' '.join(r['actors'] or [])}")

"""`eventwire stories`: list stories, show one with the reasons behind it, or re-cluster all."""

from __future__ import annotations

import json
from typing import Any

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


def _decision(scores: dict[str, Any] | None) -> str:
    """One line saying why an article is in its story."""
    if not scores:
        return "no decision recorded"
    best = scores.get("best")
    if scores.get("decision") == "founded":
        if not best:
            return f"founded the story ({scores.get('candidates', 0)} candidates)"
        return (f"founded the story: best candidate {best['story']} scored {best['combined']}"
                f" < {scores['threshold']}")
    signals = "  ".join(f"{k} {best[k]}" for k in ("embed", "actor", "event")
                        if best.get(k) is not None)
    shared = best.get("shared", {}).get("kb_ids") or best.get("shared", {}).get("countries") or []
    return (f"joined: {best['combined']} ≥ {scores['threshold']}  ({signals}; "
            f"cosine {best['cosine']}; shares {', '.join(shared) or 'no actors'})")


def _print_detail(out: Any, detail: dict[str, Any]) -> None:
    story = detail["story"]
    out.print(f"[bold]{escape(story['title'] or '(untitled)')}[/bold]\n  {story['id']}  "
              f"{_span(story)}  {', '.join(story['languages'] or [])}  "
              f"{' '.join(story['actors'] or [])}")
    for a in detail["articles"]:
        lang = escape(f"[{a['language'] or '?'}]")
        out.print(f"  • {lang} {escape(a['title'] or a['id'])}  "
                  f"({a['outlet'] or a['url'] or a['id']}, {a['published'] or 'undated'})\n"
                  f"      {escape(_decision(a.get('scores')))}")
    for e in detail["canonical_events"]:
        sides = " → ".join(",".join(x.get("code") or x.get("name") or "?" for x in side)
                           for side in (e["actors"], e["recipients"]) if side)
        conflict = f"  dates seen {e['dates_seen']}" if e["date_conflict"] else ""
        out.print(f"  ◆ {e['type']} {sides}  {e['date'] or 'undated'}  "
                  f"{_count(e['num_articles'], 'article')}, {_count(e['num_sources'], 'source')}"
                  f", {', '.join(e['languages'] or [])}{conflict}")


@main.command()
@click.option("--rebuild", is_flag=True, help="Forget all stories and cluster every article again.")
@click.option("--show", "story_id", metavar="ID",
              help="Show one story: its articles, why each joined, its merged events.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True,
              help="Stories to list, latest first.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_obj
def stories(obj, rebuild: bool, story_id: str | None, limit: int, as_json: bool) -> None:
    """List stories: reports of one happening grouped across languages and outlets."""
    from eventwire.query import NotFound, Page, list_stories, story_detail
    from eventwire.stories.cluster import rebuild as rebuild_stories

    store = obj.store()
    try:
        if rebuild:
            decisions = rebuild_stories(store, settings=obj.settings)
            founded = sum(d.founded for d in decisions)
            obj.err.print(f"clustered {len(decisions)} articles into {founded} stories")
        if story_id:
            try:
                result: Any = story_detail(store, story_id)
            except NotFound as exc:
                raise click.ClickException(f"{exc}; list them with `eventwire stories`") from exc
        else:
            result = list_stories(store, page=Page(limit=limit)).items
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(result, default=str, ensure_ascii=False, indent=2))
    elif story_id:
        _print_detail(obj.out, result)
    elif not result:
        obj.out.print("no stories yet: ingest articles first (eventwire ingest PATH)")
    else:
        # two lines per story rather than a table: titles stay whole on a narrow terminal
        for r in result:
            obj.out.print(f"[bold]{escape(r['title'] or '(untitled)')}[/bold]\n  {r['id']}  "
                          f"{_span(r)}  {', '.join(r['languages'] or [])}  "
                          f"{_count(r['articles'], 'article')}  {_count(r['events'], 'event')}  "
                          f"{' '.join(r['actors'] or [])}")

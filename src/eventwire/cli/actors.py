"""`eventwire actors` (actors with mention counts) and `eventwire actor NAME` (profile)."""

from __future__ import annotations

import json
from typing import Any

import click
from rich.table import Table

from eventwire.cli import CliContext, main


def _read(obj: CliContext, fn: Any) -> Any:
    from eventwire.query import ActorNotFound

    try:
        with obj.store() as store:
            return fn(store)
    except ActorNotFound as exc:
        raise click.ClickException(str(exc)) from exc


@main.command("actors")
@click.option("--search", help="Name contains this (or a kb_id / code).")
@click.option("--country", help="ISO alpha-3 country, e.g. IRN.")
@click.option("--sector", help="Sector, e.g. GOV, MIL, REB.")
@click.option(
    "--source", type=click.Choice(["kb", "learned", "user"]), help="Where it is known from."
)
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def actors_command(
    obj: CliContext,
    search: str | None,
    country: str | None,
    sector: str | None,
    source: str | None,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """Actors mentioned in stored articles, most mentioned first."""
    from eventwire.query import actor_mention_counts

    rows = _read(
        obj,
        lambda s: actor_mention_counts(
            s,
            text=search,
            country=country,
            sector=sector,
            source=source,
            limit=limit,
            offset=offset,
        ),
    )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="actors", title_justify="left")
    table.add_column("name", no_wrap=True)
    table.add_column("code")
    table.add_column("kb_id", no_wrap=True)
    for column in ("mentions", "articles"):
        table.add_column(column, justify="right")
    table.add_column("last seen")
    for r in rows:
        table.add_row(
            r["name"],
            r["code"] or "",
            r["kb_id"],
            str(r["mentions"]),
            str(r["articles"]),
            r["last_seen"] or "-",
        )
    obj.out.print(table)
    if not rows:
        obj.err.print("no actors: ingest articles first, or loosen the filters")


@main.command("actor")
@click.argument("name")
@click.option(
    "--recent",
    type=click.IntRange(0, 500),
    default=10,
    show_default=True,
    help="How many recent mentions to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def actor_command(obj: CliContext, name: str, recent: int, as_json: bool) -> None:
    """Profile of one actor (kb_id or name): roles, aliases, recent mentions."""
    from eventwire.query import actor_details

    actor = _read(obj, lambda s: actor_details(s, name, recent=recent))
    if as_json:
        click.echo(json.dumps(actor, ensure_ascii=False, indent=2))
        return
    out = obj.out
    out.print(
        f"[bold]{actor['name']}[/bold]  {actor.get('code') or ''}  "
        f"({actor['kb_id']}, {actor.get('source') or 'kb'})",
        highlight=False,
    )
    if actor.get("aliases"):
        out.print("aliases: " + ", ".join(map(str, actor["aliases"])), highlight=False)
    roles = Table("title", "country", "sector", "start", "end", title="roles", title_justify="left")
    for role in actor.get("roles") or []:
        roles.add_row(
            role.get("title") or "",
            role.get("country") or "",
            role.get("sector") or "",
            role.get("start") or "",
            role.get("end") or "",
        )
    out.print(roles)
    if actor.get("evidence"):
        out.print(f"learned from: {actor['evidence']}", highlight=False)
    seen = Table(
        "published",
        "article",
        "as written",
        "how",
        title=(f"recent mentions ({actor['mentions']} in all)"),
        title_justify="left",
    )
    for m in actor["recent_mentions"]:
        seen.add_row(m["published"] or "-", m["article_id"], m["text"], m["how"] or "")
    out.print(seen)

"""`eventwire events | timeline | dyads | search | quotes`: the read side from the terminal.

Each command turns its options into a query-layer filter, calls one ``eventwire.query``
function and prints a table (or, with ``--json``, the same data the API returns).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import click
from rich.table import Table

from eventwire.cli import CliContext, main
from eventwire.search_syntax import SYNTAX

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _run(obj: CliContext, fn: Callable[[Any], Any]) -> Any:
    """Open the store, run one query, and turn query errors into CLI messages."""
    from eventwire.query import AmbiguousActor, NotFound

    try:
        with obj.store() as store:
            return fn(store)
    except (NotFound, AmbiguousActor) as exc:
        raise click.ClickException(str(exc)) from exc
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _names(actors: list[dict[str, Any]] | None) -> str:
    return ", ".join(
        a.get("name", "?") + (f" [{a['code']}]" if a.get("code") else "") for a in actors or []
    )


def _event_table(items: list[dict[str, Any]], title: str) -> Table:
    table = Table("date", "type", "actor", "recipient", "trigger", "place", "score", "event",
                  title=title, title_justify="left")
    for e in items:
        kind = e["type"] + (f" ({e['mode']})" if e.get("mode") else "")
        if e.get("negated"):
            kind += " [negated]"
        place = (e.get("location") or {}).get("name") or ""
        score = "" if e.get("score") is None else f"{e['score']:g}"
        table.add_row(e.get("date") or "-", kind, _names(e.get("actors")),
                      _names(e.get("recipients")), e.get("trigger") or "", place, score, e["id"])
    return table


def _pager(result: dict[str, Any]) -> str:
    shown = len(result["items"])
    more = f"; next page: --offset {result['next_offset']}" if result["next_offset"] else ""
    return f"{shown} of {result['total']} shown{more}"


def _dyad_arg(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise click.BadParameter("give two actors separated by a comma, e.g. IRN,TUR",
                                 param_hint="--dyad")
    return parts[0], parts[1]


def paging_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--json", "as_json", is_flag=True, help="Print JSON (as the API).")(f)
    f = click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)(f)
    return click.option("--limit", type=click.IntRange(1, 500), default=50, show_default=True,
                        help="Items per page.")(f)


@main.command()
@click.option("--actor", help="kb_id, code (IRNGOV), country (IRN) or name, either side.")
@click.option("--role", type=click.Choice(["any", "actor", "recipient"]), default="any",
              show_default=True, help="Which side --actor must be on.")
@click.option("--actor-country", help="An actor or recipient from this country (ISO alpha-3).")
@click.option("--dyad", help="Two actors, actor side first: IRN,TUR.")
@click.option("--one-way", is_flag=True, help="--dyad only in the given direction.")
@click.option("--type", "type_", metavar="CATEGORY", help="PLOVER category, e.g. CONSULT.")
@click.option("--mode", help="PLOVER mode, e.g. phone.")
@click.option("--since", type=DATE, help="Events on or after YYYY-MM-DD.")
@click.option("--until", type=DATE, help="Events on or before YYYY-MM-DD.")
@click.option("--place", help="Location name contains this.")
@click.option("--country", help="Location country (ISO alpha-3).")
@click.option("--story", help="Story id.")
@click.option("--article", help="Article id.")
@click.option("--language", help="Article language (en, es, fr).")
@click.option("--text", help="Words in the evidence sentence or trigger.")
@click.option("--include-negated", is_flag=True, help="Also negated events.")
@paging_options
@click.pass_obj
def events(obj: CliContext, actor: str | None, role: str, actor_country: str | None,
           dyad: str | None, one_way: bool, type_: str | None, mode: str | None,
           since: dt.datetime | None, until: dt.datetime | None, place: str | None,
           country: str | None, story: str | None, article: str | None, language: str | None,
           text: str | None, include_negated: bool, limit: int, offset: int,
           as_json: bool) -> None:
    """Stored events matching the filters, newest first."""
    from eventwire.query import EventFilter, Page, list_events

    def run(store: Any) -> dict[str, Any]:
        f = EventFilter(
            actor=actor, actor_role=role, actor_country=actor_country, dyad=_dyad_arg(dyad),
            either_direction=not one_way, type=type_, mode=mode, date_from=_day(since),
            date_to=_day(until), place=place, country=country, story_id=story,
            article_id=article, language=language, text=text, include_negated=include_negated,
        )
        return list_events(store, f, Page(limit=limit, offset=offset)).to_dict()

    result = _run(obj, run)
    if as_json:
        return _print_json(result)
    obj.out.print(_event_table(result["items"], "events"))
    obj.err.print(_pager(result), highlight=False)


@main.command()
@click.argument("actor")
@click.option("--interval", type=click.Choice(["day", "week", "month"]), default="month",
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (as the API).")
@click.pass_obj
def timeline(obj: CliContext, actor: str, interval: str, as_json: bool) -> None:
    """ACTOR's cooperation–conflict score per period, then its events oldest first.

    ACTOR is a surname, alias or kb_id (one actor), a code (IRNGOV) or a country code or name
    (IRN, Iran, Irán: the country with its sectors and people).
    """
    from eventwire.query import EventFilter, Page, list_events, resolve_actor, score_series

    def run(store: Any) -> dict[str, Any]:
        scope = resolve_actor(store, actor)  # "Pezeshkian" -> actor:masoud-pezeshkian
        f = EventFilter(actor=scope)
        return {
            "actor": scope.to_dict(),
            "interval": interval,
            "series": score_series(store, f, interval=interval),
            "events": list_events(store, f, Page(limit=500)).to_dict(),
        }

    data = _run(obj, run)
    if as_json:
        return _print_json(data)
    if not data["events"]["total"]:
        raise click.ClickException(f"no events for {actor!r}: try a kb_id, a name, a code "
                                   "(IRNGOV) or a country (IRN); `eventwire dyads` lists actors")
    series = Table("period", "events", "mean score", "cooperative", "conflictual",
                   title=f"{data['actor']['name']} per {interval}", title_justify="left")
    for row in data["series"]:
        mean = "" if row["mean_score"] is None else f"{row['mean_score']:+.2f}"
        series.add_row(row["period"], str(row["events"]), mean, str(row["cooperative"]),
                       str(row["conflictual"]))
    obj.out.print(series)
    obj.out.print(_event_table(list(reversed(data["events"]["items"])), "events"))


@main.command()
@click.argument("pair", nargs=-1)
@click.option("--level", type=click.Choice(["country", "code", "actor"]), default="country",
              show_default=True, help="Group actors by country, code or individual actor.")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@click.option("--since", type=DATE, help="Events on or after YYYY-MM-DD.")
@click.option("--until", type=DATE, help="Events on or before YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (as the API).")
@click.pass_obj
def dyads(obj: CliContext, pair: tuple[str, ...], level: str, limit: int,
          since: dt.datetime | None, until: dt.datetime | None, as_json: bool) -> None:
    """The busiest actor → recipient pairs; with two actors A B, their events and scores."""
    from eventwire.query import EventFilter, Page, dyad_detail, dyad_matrix

    if pair and len(pair) != 2:
        raise click.UsageError("give no actors (the busiest pairs) or exactly two: dyads IRN TUR")
    f = EventFilter(date_from=_day(since), date_to=_day(until))
    if pair:
        data = _run(obj, lambda s: dyad_detail(s, pair[0], pair[1], page=Page(limit=limit), f=f))
    else:
        data = {"level": level, "items": _run(obj, lambda s: dyad_matrix(s, f, level=level,
                                                                        limit=limit))}
    if as_json:
        return _print_json(data)
    if pair:
        a, b, n = data["a"]["name"], data["b"]["name"], data["counts"]
        title = f"{a} ↔ {b} ({a} → {b}: {n['a_to_b']}, {b} → {a}: {n['b_to_a']})"
        obj.out.print(_event_table(data["events"]["items"], title))
        obj.err.print(_pager(data["events"]), highlight=False)
        return
    table = Table("actor", "recipient", "events", "mean score", title=f"dyads by {level}",
                  title_justify="left")
    for d in data["items"]:
        mean = "" if d["mean_score"] is None else f"{d['mean_score']:+.2f}"
        table.add_row(d["source"]["name"], d["target"]["name"], str(d["count"]), mean)
    obj.out.print(table)


SEARCH_HELP = f"""Articles, quotes and event evidence matching a search, newest first.

The WORDS are joined by spaces into one search. Quote phrases for the shell, and put -- before
the search when it has exclusions, so that -word is not read as an option:

eventwire search -- '"territorial integrity"' Syria -Israel

{SYNTAX}"""


@main.command(help=SEARCH_HELP)
@click.argument("words", nargs=-1, required=True)
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["article", "quote", "event"]),
              help="Only these kinds of hit (repeatable; default all).")
@click.option("--language", help="Only articles in this language.")
@paging_options
@click.pass_obj
def search(obj: CliContext, words: tuple[str, ...], kinds: tuple[str, ...], language: str | None,
           limit: int, offset: int, as_json: bool) -> None:
    """One ``query.search`` of the joined WORDS, printed as a table (or the API's JSON)."""
    text = " ".join(words)
    from eventwire.query import KINDS, Page
    from eventwire.query import search as run_search

    result = _run(obj, lambda s: run_search(s, text, kinds=kinds or KINDS, language=language,
                                            page=Page(limit=limit, offset=offset)).to_dict())
    if as_json:
        return _print_json(result)
    table = Table("kind", "published", "where", "snippet", title=f"search: {text}",
                  title_justify="left")
    for hit in result["items"]:
        table.add_row(hit["kind"], hit["published"] or "-", hit["id"], hit["snippet"])
    obj.out.print(table)
    obj.err.print(_pager(result), highlight=False)


@main.command()
@click.option("--speaker", metavar="NAME", help="Speaker kb_id or part of the name.")
@click.option("--contains", metavar="TEXT", help="Quoted words contain this.")
@click.option("--since", type=DATE, help="Articles published on or after YYYY-MM-DD.")
@click.option("--language", help="Quote language (en, es, fr).")
@click.option("--story", help="Story id.")
@paging_options
@click.pass_obj
def quotes(obj: CliContext, speaker: str | None, contains: str | None,
           since: dt.datetime | None, language: str | None, story: str | None, limit: int,
           offset: int, as_json: bool) -> None:
    """Quotes with their speakers, newest article first."""
    from eventwire.query import Page, QuoteFilter, list_quotes

    f = QuoteFilter(speaker=speaker, contains=contains, since=_day(since), language=language,
                    story_id=story)
    result = _run(obj, lambda s: list_quotes(s, f, Page(limit=limit, offset=offset)).to_dict())
    if as_json:
        return _print_json(result)
    table = Table("published", "speaker", "quote", "cue", "id", title="quotes",
                  title_justify="left")
    for q in result["items"]:
        speaker_name = (q.get("speaker") or {}).get("name") or q.get("speaker_text") or "?"
        table.add_row(q.get("article_published") or "-", speaker_name, q["text"],
                      q.get("cue") or "", q["id"])
    obj.out.print(table)
    obj.err.print(_pager(result), highlight=False)

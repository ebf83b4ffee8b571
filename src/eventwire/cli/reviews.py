"""`eventwire reviews`: analysts' reviews of coded events, listed or written out as gold."""

from __future__ import annotations

import json
from pathlib import Path

import click

from eventwire.cli import CliContext, main


@main.group()
def reviews() -> None:
    """Analysts' reviews of events (made on the event pages or POST /api/events/ID/reviews)."""


@reviews.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (as the API).")
@click.pass_obj
def list_(obj: CliContext, as_json: bool) -> None:
    """Every review, newest first."""
    from eventwire.query import Page
    from eventwire.query.reviews import list_reviews

    with obj.store() as store:
        data = list_reviews(store, Page(limit=500)).to_dict()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for r in data["items"]:
        fields = ", ".join(f"{k}={v}" for k, v in (r["fields"] or {}).items())
        click.echo(f"{r['created_at'][:19]}  {r['event_id'] or '(event lost)'}  {r['verdict']}"
                   f"{'  ' + fields if fields else ''}{'  ' + r['note'] if r['note'] else ''}")


@reviews.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.pass_obj
def export(obj: CliContext, folder: Path) -> None:
    """Write the reviews as FOLDER/gold.jsonl (docs/GOLD.md) with the reviewed articles' texts
    beside it, ready for `eventwire evaluate FOLDER/gold.jsonl`."""
    from eventwire.query.reviews import gold_texts, review_gold

    with obj.store() as store:
        records = review_gold(store)
        texts = gold_texts(store, records)
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    with open(folder / "gold.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    n = sum(len(r["events"]) for r in records)
    click.echo(f"{len(records)} reviewed article(s), {n} gold event(s) -> {folder / 'gold.jsonl'}")

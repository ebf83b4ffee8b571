"""`eventwire actors` and `eventwire actor NAME` on a store holding resolved sample articles."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from click.testing import CliRunner

from eventwire.analyze.actors.resolve import resolve_actors
from eventwire.analyze.nlp import get_nlp
from eventwire.cli import main
from eventwire.knowledge import build_kb
from eventwire.models import Analysis, Article
from eventwire.store import open_store
from paths import SAMPLES

FILES = [("001_cf467551792bf9f2.txt", None), ("003_d33951d0d46d772f.txt", "2024-12-01")]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("actors") / "eventwire.db")
    kb = build_kb()
    with open_store(path) as store:
        for name, day in FILES:
            text = (SAMPLES / name).read_text(encoding="utf-8").strip()
            text = text[15:].strip() if text.startswith("date ") else text
            digest = hashlib.sha256(text.encode()).hexdigest()
            article = Article(
                id=digest[:16],
                source=name,
                raw_text=text,
                text=text,
                content_hash=digest,
                title=name,
                published=dt.date.fromisoformat(day) if day else None,
                language="en",
            )
            actors = resolve_actors(get_nlp("en")(text), article, kb)
            analysis = Analysis(article_id=article.id, language="en", mentions=actors.mentions)
            store.save(article, analysis, run_id=None)
    return path


def run(db: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", db, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_actors_lists_mention_counts(db: str) -> None:
    rows = json.loads(run(db, "actors", "--json"))
    by_id = {r["kb_id"]: r for r in rows}
    assert by_id["abbas-araghchi"]["mentions"] >= 10
    assert by_id["masoud-pezeshkian"]["articles"] == 1
    assert rows[0]["mentions"] >= rows[-1]["mentions"]


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--country", "TUR", {"hakan-fidan", "TUR"}),
        ("--search", "sudani", {"mohammed-shia-al-sudani"}),
    ],
)
def test_actors_filters(db: str, option: str, value: str, expected: set[str]) -> None:
    rows = json.loads(run(db, "actors", option, value, "--json"))
    assert expected <= {r["kb_id"] for r in rows}
    assert all(
        value.lower() in (r["name"] + r["kb_id"] + (r["country"] or "")).lower() for r in rows
    )


def test_actors_table(db: str) -> None:
    output = run(db, "actors", "--limit", "5")
    assert "Abbas Araghchi" in output and "IRNGOV" in output


def test_actor_profile_shows_roles_aliases_and_mentions(db: str) -> None:
    profile = json.loads(run(db, "actor", "Abbas Araghchi", "--json"))
    assert profile["kb_id"] == "abbas-araghchi"
    assert any(
        r["title"] == "foreign_minister" and r["start"] == "2024-08-21" for r in profile["roles"]
    )
    assert "Araqchi" in profile["aliases"]
    assert {m["text"] for m in profile["recent_mentions"]} & {"Araghchi", "Abbas Araghchi"}
    text = run(db, "actor", "abbas-araghchi")
    assert "foreign_minister" in text and "recent mentions" in text


def test_actor_by_alias_finds_the_stored_actor(db: str) -> None:
    profile = json.loads(run(db, "actor", "Al Sudani", "--json"))
    assert profile["kb_id"] == "mohammed-shia-al-sudani" and profile["mentions"] >= 2


def test_actor_known_only_to_the_kb(db: str) -> None:
    profile = json.loads(run(db, "actor", "Sergey Lavrov", "--json"))
    assert profile["mentions"] == 0 and profile["code"] == "RUSGOV"


def test_unknown_actor_is_an_error_with_a_hint(db: str) -> None:
    result = CliRunner().invoke(main, ["--db", db, "actor", "Nobody Anybody"])
    assert result.exit_code != 0 and "eventwire actors --search" in result.output

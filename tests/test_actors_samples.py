"""Actor resolution on the five sample articles, checked against examples/gold.jsonl."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from eventwire.analyze.actors.resolve import ArticleActors, resolve_actors
from eventwire.analyze.nlp import get_nlp
from eventwire.knowledge import load_kb
from eventwire.models import Article
from paths import SAMPLE_GOLD, SAMPLES

GOLD = [json.loads(line) for line in SAMPLE_GOLD.read_text().splitlines() if line]


def _resolve(record: dict) -> ArticleActors:
    text = (SAMPLES / record["file"]).read_text(encoding="utf-8")
    published = dt.date.fromisoformat(record["published"]) if record.get("published") else None
    article = Article(
        id=record["file"],
        source=record["file"],
        raw_text=text,
        text=text,
        content_hash="",
        published=published,
        language=record["language"],
    )
    return resolve_actors(get_nlp(record["language"])(text), article, load_kb())


@pytest.fixture(scope="module")
def resolved() -> dict[str, ArticleActors]:
    return {record["file"]: _resolve(record) for record in GOLD}


GOLD_ACTORS = [(r["file"], a) for r in GOLD for a in r["actors"]]


@pytest.mark.parametrize(("file", "gold"), GOLD_ACTORS, ids=[a["text"] for _, a in GOLD_ACTORS])
def test_gold_actor_resolves(resolved: dict[str, ArticleActors], file: str, gold: dict) -> None:
    hits = [m for m in resolved[file].mentions if m.text == gold["text"]]
    assert hits, f"no mention with text {gold['text']!r}"
    for mention in hits:
        assert mention.actor is not None
        assert (mention.actor.country, mention.actor.sector) == (gold["country"], gold["sector"])


PEOPLE = [
    ("masoud-pezeshkian", ["Pezeshkian", "Masoud Pezeshkian", "Masud Pezeshkian"]),
    ("recep-tayyip-erdogan", ["Erdogan", "Recep Tayyip Erdogan"]),
    ("abbas-araghchi", ["Araghchi", "Abbas Araghchi"]),
    ("hakan-fidan", ["Fidan", "Hakan Fidan"]),
    ("bassam-al-sabbagh", ["al-Sabbagh", "Bassam al-Sabbagh", "Sabbagh"]),
    ("bashar-al-assad", ["Bashar al-Assad"]),
    ("mohammed-shia-al-sudani", ["Al Sudani", "Mohammed Shia' Al Sudani"]),
]


@pytest.mark.parametrize(("kb_id", "forms"), PEOPLE, ids=[p[0] for p in PEOPLE])
def test_every_name_mention_points_to_one_person(
    resolved: dict[str, ArticleActors], kb_id: str, forms: list[str]
) -> None:
    seen = [m for actors in resolved.values() for m in actors.mentions if m.text in forms]
    assert seen, f"no mention of {kb_id}"
    assert {m.actor.kb_id for m in seen if m.actor} == {kb_id}
    assert all(m.actor for m in seen)


# (file, mention text, n-th occurrence, expected kb_id or codes of the group, how)
COREFERENCE = [
    ("000_2008e6402e0ebef9.txt", "Iranian president", 0, "masoud-pezeshkian", "title"),
    ("000_2008e6402e0ebef9.txt", "Turkish president", 0, "recep-tayyip-erdogan", "title"),
    ("000_2008e6402e0ebef9.txt", "he", 0, "masoud-pezeshkian", "pronoun"),
    ("000_2008e6402e0ebef9.txt", "Arab country", 0, "SYR", "group-country:arab"),
    ("000_2008e6402e0ebef9.txt", "his country", 0, "TUR", "possessive-country"),
    ("000_2008e6402e0ebef9.txt", "the regime", 0, "ISR", "regime"),
    ("001_cf467551792bf9f2.txt", "top Iranian diplomat", 0, "abbas-araghchi", "title"),
    ("001_cf467551792bf9f2.txt", "Turkish minister", 0, "hakan-fidan", "title"),
    ("001_cf467551792bf9f2.txt", "Iranian minister", 0, "abbas-araghchi", "title"),
    ("001_cf467551792bf9f2.txt", "Iranian foreign minister", 0, "abbas-araghchi", "title"),
    ("001_cf467551792bf9f2.txt", "He", 0, "abbas-araghchi", "pronoun"),
    ("001_cf467551792bf9f2.txt", "Arab country", 0, "SYR", "group-country:arab"),
    # the headline's "says president" looks ahead to the lede's "Iranian President"
    ("002_0c9684f6eb059610.txt", "president", 0, "masoud-pezeshkian", "title-ahead"),
    ("002_0c9684f6eb059610.txt", "president", 1, "masoud-pezeshkian", "title"),
    ("002_0c9684f6eb059610.txt", "Iranian President", 0, "masoud-pezeshkian", "title"),
    ("002_0c9684f6eb059610.txt", "President", 0, "masoud-pezeshkian", "title"),
    ("002_0c9684f6eb059610.txt", "President", 1, "masoud-pezeshkian", "title"),
    ("002_0c9684f6eb059610.txt", "he", 0, "masoud-pezeshkian", "pronoun"),
    ("002_0c9684f6eb059610.txt", "Syrian foreign minister", 0, "bassam-al-sabbagh", "title"),
    ("003_d33951d0d46d772f.txt", "Iraqi prime minister", 0, "mohammed-shia-al-sudani", "title"),
    ("003_d33951d0d46d772f.txt", "He", 1, "mohammed-shia-al-sudani", "pronoun"),
    ("004_1d7981e0e1efbe65.txt", "presidente", 0, "masoud-pezeshkian", "title"),
    ("004_1d7981e0e1efbe65.txt", "presidente", 1, "masoud-pezeshkian", "title"),
    ("004_1d7981e0e1efbe65.txt", "presidente sirio", 0, "bashar-al-assad", "title-role"),
]


@pytest.mark.parametrize(("file", "text", "nth", "expected", "how"), COREFERENCE)
def test_coreference(
    resolved: dict[str, ArticleActors], file: str, text: str, nth: int, expected: str, how: str
) -> None:
    mention = [m for m in resolved[file].mentions if m.text == text][nth]
    assert mention.actor is not None and mention.actor.kb_id == expected
    assert mention.how == how


PAIRS = [
    ("000_2008e6402e0ebef9.txt", "The two", {"IRNGOV", "TURGOV"}),
    ("000_2008e6402e0ebef9.txt", "the two countries", {"IRN", "TUR"}),
    ("002_0c9684f6eb059610.txt", "the two countries", {"IRN", "SYR"}),
    ("003_d33951d0d46d772f.txt", "They", {"IRNGOV", "IRQGOV"}),
    ("004_1d7981e0e1efbe65.txt", "ambos países", {"IRN", "SYR"}),
]


@pytest.mark.parametrize(("file", "text", "codes"), PAIRS)
def test_plural_anaphora_names_the_last_pair(
    resolved: dict[str, ArticleActors], file: str, text: str, codes: set[str]
) -> None:
    actors = resolved[file]
    for index, mention in enumerate(actors.mentions):
        if mention.text == text:
            assert {r.code for r in actors.refs_of(index)} == codes


def test_takfiris_fighting_government_forces_are_syrian_rebels(resolved) -> None:
    actors = resolved["001_cf467551792bf9f2.txt"]
    codes = {m.text: m.actor.code for m in actors.mentions if m.actor}
    assert codes["Takfiris"] == "SYRREB"
    assert codes["government forces"] == "SYRMIL"


def test_mentions_carry_offsets_into_the_text(resolved) -> None:
    for record in GOLD:
        text = (SAMPLES / record["file"]).read_text(encoding="utf-8")
        for mention in resolved[record["file"]].mentions:
            assert text[mention.start : mention.end] == mention.text

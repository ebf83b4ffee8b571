"""Quotes on the five sample articles against their gold coding (examples/gold.jsonl)."""

from __future__ import annotations

import json
from functools import cache

import pytest

from eventwire.analyze.actors.resolve import resolve_actors
from eventwire.analyze.nlp import get_nlp
from eventwire.analyze.quotes.extract import extract_quotes
from eventwire.ingest import build_article
from eventwire.knowledge import load_kb
from eventwire.models import Quote, RawDocument
from eventwire.settings import Settings
from paths import EXAMPLES

GOLD = [json.loads(line) for line in (EXAMPLES / "gold.jsonl").read_text().splitlines()]


@cache
def sample_quotes(name: str) -> tuple[str, tuple[Quote, ...]]:
    """The cleaned text of a sample article and the quotes found in it."""
    path = EXAMPLES / "articles" / name
    article = build_article(RawDocument(source=str(path), content=path.read_text()),
                            settings=Settings())
    doc = get_nlp(article.language or "en")(article.text)
    actors = resolve_actors(doc, article, load_kb())
    return article.text, tuple(extract_quotes(doc, actors, article.language or "en"))


def said_by(quote: Quote) -> str:
    """The name a quote is scored on (GOLD.md): the canonical speaker, else its words."""
    return (quote.speaker.name if quote.speaker else quote.speaker_text or "").lower()


GOLD_QUOTES = [(g["file"], q) for g in GOLD for q in g["quotes"]]


@pytest.mark.parametrize(("name", "gold"), GOLD_QUOTES,
                         ids=[f"{n[:3]}-{q['contains'][:20]}" for n, q in GOLD_QUOTES])
def test_every_gold_quote_is_found_with_its_speaker(name, gold):
    _, quotes = sample_quotes(name)
    found = [q for q in quotes if gold["contains"].lower() in q.text.lower()]
    assert found, f"no quote contains {gold['contains']!r}"
    assert any(q.direct == gold["direct"] for q in found)
    assert any(gold["speaker"].lower() in said_by(q) for q in found), [
        (q.speaker_text, q.speaker) for q in found]


@pytest.mark.parametrize("name", [g["file"] for g in GOLD])
def test_no_quote_is_given_to_the_outlet_or_a_country_adjective(name):
    text, quotes = sample_quotes(name)
    for q in quotes:
        words = (q.speaker_text or "").lower()
        assert "news.az" not in words and "news.az" not in said_by(q)
        if "media" in words or "sources" in words or "television" in words:
            assert q.speaker is None or q.speaker.sector == "MED", q


@pytest.mark.parametrize("name", [g["file"] for g in GOLD])
def test_sample_offsets_are_evidence(name):
    text, quotes = sample_quotes(name)
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.cue is None or text[q.cue_start : q.cue_end] == q.cue
        if q.speaker_text is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_text
        assert len(q.text) < 1500  # no stray mark swallowed a paragraph


def test_the_stray_closing_mark_of_004_swallows_nothing():
    text, quotes = sample_quotes("004_1d7981e0e1efbe65.txt")
    direct = [q.text for q in quotes if q.direct]
    assert len(direct) == 2 and all(len(t) < 200 for t in direct), direct


# Floors measured on the samples (they only go up): gold quotes found, and quotes whose
# speaker resolves to an actor (every quote in these articles has a named or titled speaker).
FLOORS = {"recall": 1.0, "resolved": 1.0, "direct": 15, "reported": 40}


def test_sample_scores_stay_above_their_floors():
    found = resolved = direct = reported = 0
    for record in GOLD:
        _, quotes = sample_quotes(record["file"])
        found += sum(any(g["speaker"].lower() in said_by(q)
                         and g["contains"].lower() in q.text.lower() for q in quotes)
                     for g in record["quotes"])
        resolved += sum(q.speaker is not None for q in quotes)
        direct += sum(q.direct for q in quotes)
        reported += sum(not q.direct for q in quotes)
    assert found / len(GOLD_QUOTES) >= FLOORS["recall"]
    assert resolved / (direct + reported) >= FLOORS["resolved"]
    assert direct >= FLOORS["direct"] and reported >= FLOORS["reported"]

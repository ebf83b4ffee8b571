"""Full-text search and its syntax, the same on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import dataclasses
import hashlib
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_analysis_en, make_analysis_es, make_article
from eventwire.models import Analysis, Article, Event
from eventwire.query import fulltext, search
from eventwire.search_syntax import SearchSyntaxError

EN = make_article("000_2008e6402e0ebef9.txt", language="en")
ES = make_article("004_1d7981e0e1efbe65.txt", language="es")


@pytest.fixture
def filled(store):
    store.save(EN, make_analysis_en(EN), run_id=None)
    store.save(ES, make_analysis_es(ES), run_id=None)
    return store


@pytest.mark.parametrize(
    ("table", "query", "expected"),
    [
        ("articles", "Erdogan Cairo", [EN.id]),  # every word must occur
        ("articles", "erdogan", [EN.id]),  # case-insensitive
        ("articles", "Bassam al-Sabbagh", [ES.id]),
        ("articles", "relaciones diplomáticas", [ES.id]),  # accented words match as written
        ("articles", "Erdogan Sabbagh", []),  # no article has both
        ("articles", "Tehran Madrid", []),
        ("articles", "Pezeshkian", sorted([EN.id, ES.id])),
        ("quotes", "Islamic Ummah", [f"{EN.id}:q1"]),
        ("quotes", "territorial integrity", [f"{EN.id}:q0"]),
        ("quotes", "cohesión musulmanes", [f"{ES.id}:q0"]),
        ("quotes", "Masoud Pezeshkian Syria", [f"{EN.id}:q0"]),  # speaker name is searched too
        ("quotes", "territorial integrity*", [f"{EN.id}:q0"]),
        ("quotes", "NEAR(territorial integrity)", []),  # FTS5 syntax is words: no "near"
        ("quotes", "speaker_name:Pezeshkian", []),  # no column filter: the phrase is not there
        ("quotes", "Ummah OR integrity", sorted([f"{EN.id}:q0", f"{EN.id}:q1"])),
        ("quotes", "Pezeshkian -Ummah", sorted([f"{EN.id}:q0", f"{ES.id}:q0"])),
        ("quotes", "  ", []),  # no words: nothing found
    ],
)
def test_search(filled, table, query, expected):
    got = filled.search(table, query)
    assert (sorted(got) if len(expected) > 1 else got) == expected


def test_search_follows_updates_and_text_edits(store):
    store.save(EN, make_analysis_en(EN), run_id=None)
    newer = make_analysis_en(EN, steps=("events@2",))
    store.save(EN, newer, run_id=None)  # quotes replaced: no stale copies in the index
    assert store.search("quotes", "Islamic Ummah") == [f"{EN.id}:q1"]
    edited = dataclasses.replace(
        EN, text=EN.text.replace("Cairo", "Istanbul"), content_hash="a" * 64)
    store.save(edited, make_analysis_es(ES), run_id=None)  # same id, corrected text
    assert store.search("articles", "Cairo") == []
    assert store.search("articles", "Istanbul") == [EN.id]
    assert store.search("quotes", "Islamic Ummah") == []


def test_search_rejects_unknown_tables_and_malformed_syntax(store):
    with pytest.raises(ValueError, match="choose articles or quotes"):
        store.search("events", "Cairo")
    with pytest.raises(SearchSyntaxError, match="never closed"):
        store.search("quotes", '"territorial" AND (integrity*')


def test_search_stays_right_after_vacuum(store):
    """SQLite's VACUUM renumbers rowids of tables with TEXT keys: the index must not care."""
    store.save(EN, make_analysis_en(EN), run_id=None)
    store.save(ES, make_analysis_es(ES), run_id=None)
    store.save(EN, make_analysis_en(EN, steps=("events@2",)), run_id=None)
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM")
    edited = dataclasses.replace(  # the outlet corrects the weekday
        ES, text=ES.text.replace("miércoles", "sábado"), content_hash="b" * 64)
    store.save(edited, make_analysis_es(edited), run_id=None)
    assert store.search("articles", "miércoles") == []
    assert store.search("articles", "sábado") == [ES.id]
    assert store.search("quotes", "Islamic Ummah") == [f"{EN.id}:q1"]
    assert store.search("quotes", "cohesión musulmanes") == [f"{ES.id}:q0"]


# ---------------------------------------------------------------------------------------------
# The search syntax on wire-style sentences: the same hits on both backends, and the same hits
# from the full-text index (articles) as from the LIKE + expression path (event evidence)
# ---------------------------------------------------------------------------------------------

SENTENCES = {
    "trade": ("en", "Iran and Turkey agreed on Tuesday to expand trade, the foreign ministers "
                    "said in Ankara."),
    "border": ("en", "Iranian diplomats met their Turkish counterparts in Tehran to discuss the "
                     "Syrian border."),
    "integrity": ("en", "Turkey's president called for diplomatic talks on the territorial "
                        "integrity of Syria."),
    "apart": ("en", "The talks on Syria's integrity were territorial in scope, a diplomat said."),
    "gaza": ("en", "Israel and Iran exchanged threats over the Gaza Strip, officials in Tel Aviv "
                   "said."),
    "envoy": ("en", "Bassam al-Sabbagh, Syria's envoy, arrived in Tehran on Monday."),
    "madrid": ("es", "El ministro iraní subrayó la importancia de las relaciones diplomáticas "
                     "con Turquía."),
    "elysee": ("fr", "Le président français a reçu à l'Élysée le ministre turc des Affaires "
                     "étrangères."),
}


@pytest.fixture
def wire(store):
    for name, (language, text) in SENTENCES.items():
        article = Article(id=name, source=f"test:{name}", raw_text=text, text=text,
                          content_hash=hashlib.sha256(text.encode()).hexdigest(),
                          language=language)
        event = Event("CONSULT", text.split()[0], 0, len(text), text)  # evidence: the sentence
        store.save(article, Analysis(name, language, events=[event]), run_id=None)
    return store


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran", {"trade", "gaza"}),  # whole words: not Iranian, not iraní
        ("Turkey", {"trade", "integrity"}),  # Turkey's is Turkey
        ("Iran OR Turkey", {"trade", "gaza", "integrity"}),  # the union of the two above
        ("Iran Turkey", {"trade"}),  # every word
        ("Iran AND Turkey", {"trade"}),
        ("iran or turkey", set()),  # lower-case "or" is a word no sentence has
        ("IRAN tUrKeY", {"trade"}),  # case-insensitive
        ('"territorial integrity"', {"integrity"}),  # the phrase ...
        ("territorial integrity", {"integrity", "apart"}),  # ... and the same words apart
        ('"integrity territorial"', set()),  # a phrase keeps its order
        ("Syria", {"integrity", "apart", "envoy"}),  # not Syrian; Syria's is Syria
        ("Syria -Turkey", {"apart", "envoy"}),  # exclusion
        ("Syria NOT Turkey", {"apart", "envoy"}),
        ('Syria -"territorial integrity"', {"apart", "envoy"}),  # exclusion of a phrase ...
        ("Syria -territorial -integrity", {"envoy"}),
        ('integrity -"integrity territorial"', {"integrity", "apart"}),  # ... not of its words
        ("diplomat*", {"border", "integrity", "apart"}),  # diplomats, diplomatic, diplomat
        ("diplomá*", {"madrid"}),  # diplomáticas: accents count in prefixes too
        ("Iran*", {"trade", "border", "gaza", "madrid"}),  # Iranian, iraní
        ("diplomaticas", set()),  # accents count
        ("diplomáticas", {"madrid"}),
        ("DIPLOMÁTICAS", {"madrid"}),  # accented capitals fold too
        ("Turquía OR turc", {"madrid", "elysee"}),
        ("Élysée", {"elysee"}),
        ("ÉLYSÉE", {"elysee"}),
        ("l'Élysée étrangères", {"elysee"}),
        ("président*", {"elysee"}),  # not "president" (no accent)
        ('"Gaza Strip" OR Élysée', {"gaza", "elysee"}),  # OR with a phrase
        ('"Gaza Strip" OR "Tel Aviv" OR Ankara', {"gaza", "trade"}),
        ('(Iran OR Israel) -"Gaza Strip"', {"trade"}),
        ("Tehran (Syria OR Turkish)", {"border", "envoy"}),
        ("Tehran Syria OR Turkish", {"envoy", "border"}),  # (Tehran Syria) OR Turkish
        ("Tehran -(Syria OR Turkish)", set()),
        ("al-Sabbagh", {"envoy"}),
        ('"Bassam al-Sabbagh"', {"envoy"}),
        ("Sabbagh", {"envoy"}),
        ("Tel*", {"gaza"}),
        ('"foreign minist"*', {"trade"}),  # a phrase ending in a prefix
    ],
)
def test_search_syntax_on_both_backends(wire, text, expected, monkeypatch):
    def found(kind):
        return {h["article_id"] for h in search(wire, text, kinds=(kind,)).items}

    assert found("article") == expected  # FTS5 or search_vector
    assert found("event") == expected  # LIKE + regular expression over the evidence
    assert set(wire.search("articles", text)) == expected  # the store's own search
    monkeypatch.setattr(fulltext, "fulltext_backend", lambda conn: None)
    assert found("article") == expected  # a database without the full-text index


def test_or_is_the_union_of_its_sides(wire):
    def total(text):
        return search(wire, text).total

    both = total("Iran OR Turkey")
    assert both == len(search(wire, "Iran").items + search(wire, "Turkey").items) - total(
        "Iran Turkey")
    assert both > total("Iran") and both > total("Turkey")


@pytest.mark.parametrize(
    ("text", "article", "marked"),
    [
        ("Iran OR Turkey", "trade", ["Iran", "Turkey"]),
        ("diplomat*", "apart", ["diplomat"]),
        ("diplomat* talks", "integrity", ["diplomatic", "talks"]),
        ('"territorial integrity" Syria', "integrity", ["territorial integrity", "Syria"]),
        ("Tehran OR (Syria -diplomats)", "border", ["Tehran"]),  # excluded words are not marked
        ("Tehran OR (Syria -diplomats)", "envoy", ["Syria", "Tehran"]),
        ("ÉLYSÉE OR ministre", "elysee", ["Élysée", "ministre"]),
        ("al-Sabbagh", "envoy", ["al-Sabbagh"]),
    ],
)
def test_hits_mark_every_match(wire, text, article, marked):
    sentence = SENTENCES[article][1]
    for kind in ("article", "event"):
        (hit,) = [h for h in search(wire, text, kinds=(kind,)).items if h["article_id"] == article]
        assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == marked
        assert [sentence[s:e] for s, e in hit["matches"]] == marked
        assert (hit["start"], hit["end"]) == tuple(hit["matches"][0])


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('"Gaza Strip', "never closed"),
        ("-Iran", "only leaves out"),
        ("*", "a * must follow"),
        ("Iran OR", "OR needs"),
        ("(Iran OR Turkey", "never closed"),
        ("!!", "no words"),
    ],
)
def test_malformed_searches_fail_before_the_database(wire, text, problem):
    with pytest.raises(SearchSyntaxError, match=re.escape(problem)):
        search(wire, text)


PIECES = st.sampled_from(['"', "(", ")", "-", "*", " ", " OR ", " AND ", " NOT ", "'", "\\", "%",
                          "_", ":", "^", "{", "}", "<->", "&", "|", "!", "NEAR", "Iran", "é",
                          "Ω", "al-", "3.5", "Tehran", "diplomat"])


@settings(max_examples=150, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(text=st.lists(PIECES, max_size=12).map("".join))
def test_any_text_finds_or_is_refused_but_never_reaches_the_database_as_syntax(wire, text):
    try:
        result = search(wire, text)
    except SearchSyntaxError:
        return  # refused with a message, before any SQL ran
    for hit in result.items:
        assert all(0 <= s < e <= len(hit["snippet"]) for s, e in hit["highlights"])

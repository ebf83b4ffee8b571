"""Full-text search over articles and quotes, the same on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import make_analysis_en, make_analysis_es, make_article

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
        ("quotes", '"territorial" AND (integrity*', [f"{EN.id}:q0"]),  # no FTS syntax
        ("quotes", "  ", []),
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


def test_search_rejects_unknown_tables(store):
    with pytest.raises(ValueError, match="choose articles or quotes"):
        store.search("events", "Cairo")


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

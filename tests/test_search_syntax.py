"""The search language: what a text parses to, what is refused and why, and what it compiles to.

Trees are compared through ``str``: lower-case tokens, ``"a b"`` phrases, ``x*`` prefixes,
``(a b -c)`` for AND with exclusions and ``(a OR b)``.
"""

from __future__ import annotations

import re

import pytest

from eventwire.search_syntax import (
    MAX_WORDS,
    SYNTAX_SUMMARY,
    EmptySearch,
    SearchSyntaxError,
    parse,
    terms,
)
from eventwire.store.search import fts5_match, term_pattern


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("Iran", "iran"),
        ("Iran Turkey", "(iran turkey)"),  # every word
        ("Iran AND Turkey", "(iran turkey)"),  # AND may be written
        ("Iran OR Turkey", "(iran OR turkey)"),
        ("Iran Turkey OR Syria", "((iran turkey) OR syria)"),  # OR binds looser than AND
        ("Iran (Turkey OR Syria)", "(iran (turkey OR syria))"),
        ("(Iran OR Irán) (talks OR conversaciones)", "((iran OR irán) (talks OR conversaciones))"),
        ('"territorial integrity"', '"territorial integrity"'),
        ('"territorial integrity" OR Ummah', '("territorial integrity" OR ummah)'),
        ("Syria -Israel", "(syria -israel)"),
        ('Syria -"Gaza Strip"', '(syria -"gaza strip")'),
        ("Syria NOT Israel", "(syria -israel)"),
        ("Syria -(Israel OR Turkey)", "(syria -(israel OR turkey))"),
        ("diplomat*", "diplomat*"),
        ('"foreign minist"*', '"foreign minist"*'),
        ("al-Sabbagh", '"al sabbagh"'),  # split where the index splits: a phrase
        ("Iran's", '"iran s"'),
        ("Territorial   INTEGRITY!", "(territorial integrity)"),  # case and punctuation
        ("ÉLYSÉE", "élysée"),  # lower case, accents kept
        ("Iran -- Turkey", "(iran turkey)"),  # a dash between words is punctuation
        ("Iran - Turkey", "(iran turkey)"),
        ("iran or turkey", "(iran or turkey)"),  # lower-case operators are words
        ("NEAR(territorial integrity)", "(near (territorial integrity))"),  # FTS5's NEAR: a word
        ("speaker_name:Pezeshkian", '"speaker name pezeshkian"'),  # FTS5 column filter: words
        ("^Iran +Turkey", "(iran turkey)"),
        ("((((Iran))))", "iran"),
    ],
)
def test_parse(text, tree):
    assert str(parse(text)) == tree


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('Zionist "goals', "the quote at character 9 is never closed"),
        ('"', "the quote at character 1 is never closed"),
        ("-Israel", "-israel only leaves out: add what to find"),
        ('-"Gaza Strip" -Israel', '-"gaza strip" -israel only leaves out'),
        ("Syria OR -Israel", "-israel only leaves out"),
        ("*", "a * must follow the start of a word"),
        ("Iran *", "a * must follow the start of a word"),
        ('""*', "a * must follow a word"),
        ("dip*lomat", "* may only end a word"),
        ("*Iran", "* may only end a word"),
        ("Iran OR", "OR needs a word, phrase or group on both sides"),
        ("OR Iran", "OR needs a word"),
        ("Iran OR OR Turkey", "OR needs a word"),
        ("(Iran OR) Turkey", "OR needs a word"),
        ("NEAR OR", "OR needs a word"),
        ("Iran AND", "AND needs a word"),
        ("AND Iran", "AND needs a word"),
        ("Iran NOT", "NOT must be followed by the word, phrase or group to leave out"),
        ("Iran -()", "empty parentheses"),
        ("Iran ()", "empty parentheses"),
        ("(Iran", 'a "(" is never closed'),
        ("Iran)", 'a ")" closes no "("'),
        (")Iran(", 'a ")" closes no "("'),
        ("((((((Iran))))))", "parentheses nested more than 5 deep"),
        (" ".join(["Iran"] * (MAX_WORDS + 1)), f"too many words (25); at most {MAX_WORDS}"),
    ],
)
def test_malformed_text_names_the_problem_and_the_syntax(text, problem):
    with pytest.raises(SearchSyntaxError) as caught:
        parse(text)
    assert problem in caught.value.problem
    assert str(caught.value).endswith(SYNTAX_SUMMARY)
    assert isinstance(caught.value, ValueError)  # the API answers 400, the CLI a usage error


@pytest.mark.parametrize("text", ["", "   ", "!!", "— …", '""', "-"])
def test_text_without_words_is_empty(text):
    with pytest.raises(EmptySearch, match="the search text has no words"):
        parse(text)


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("Iran", '"iran"'),
        ("Iran OR Turkey", '("iran" OR "turkey")'),
        ("Iran Turkey OR Syria", '(("iran" AND "turkey") OR "syria")'),
        ('Syria -"Gaza Strip" -Israel', '((("syria") NOT "gaza strip") NOT "israel")'),
        ("diplomat* al-Sabbagh", '("diplomat"* AND "al sabbagh")'),
        ("NEAR(a b) speaker_name:x ^y", '("near" AND ("a" AND "b") AND "speaker name x" AND "y")'),
    ],
)
def test_fts5_match_quotes_every_token(text, match):
    assert fts5_match(parse(text)) == match


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("Iran", "Iran, Turkey", ["Iran"]),
        ("Iran", "Iranian diplomats", []),  # whole words
        ("Iran*", "Iranian diplomats and IRAN", ["Iranian", "IRAN"]),  # prefix: to word end
        ('"territorial integrity"', "territorial  integrity; territorial, integrity", [
            "territorial  integrity", "territorial, integrity"]),  # any punctuation between
        ("Élysée", "à l'ÉLYSÉE", ["ÉLYSÉE"]),
        ("elysee", "à l'Élysée", []),  # accents count
        ("Iran's", "Iran’s envoy", ["Iran’s"]),
    ],
)
def test_term_pattern(term, text, found):
    (t,) = terms(parse(term))
    assert [m.group() for m in re.finditer(term_pattern(t), text)] == found


def test_excluded_terms_are_listed_apart():
    tree = parse('Tehran OR (Syria -diplomats -("Gaza Strip" OR Israel))')
    assert [str(t) for t in terms(tree)] == ["tehran", "syria"]
    assert [str(t) for t in terms(tree, excluded=True)] == ["diplomats", '"gaza strip"', "israel"]

"""Quotation marks and cue lexicons: the character-level and data layers of the quote finder."""

from __future__ import annotations

import pytest

from eventwire.analyze.quotes.lexicon import load_cues, parse_lexicon
from eventwire.analyze.quotes.marks import find_quoted
from eventwire.errors import InvalidKnowledgeBase

# (text, the quoted words found, in order)
MARKS = [
    ('"We will win," he said.', ["We will win"]),
    ("“The ceasefire must hold,” said Guterres.", ["The ceasefire must hold"]),
    ("Il a déclaré : « Nous ne céderons pas ».", ["Nous ne céderons pas"]),
    ("Il a déclaré : «\u00a0Nous ne céderons pas\u00a0».", ["Nous ne céderons pas"]),
    ("«Vamos a ganar», aseguró.", ["Vamos a ganar"]),
    ("Er sagte „Wir sind bereit“ gestern.", ["Wir sind bereit"]),
    ("She called it ‹ une honte › on air.", ["une honte"]),
    ("The minister’s aide said ‘we won’t back down’ after the vote.", ["we won’t back down"]),
    ("the countries’ leaders met in the ‘90s and rock ’n’ roll.", []),
    ('"A," he said, "B and C."', ["A", "B and C."]),
    ('"One. Two. Three," he said.', ["One. Two. Three"]),
    ('he said."The next', []),  # a stray closing mark glued to the next sentence
    ('musulmanes".\n\nEn una reunión dijo "sí" a todo.', ["sí"]),
    ('A stray " mark. Then “a real quote” follows.', ["a real quote"]),
    ('all Muslims."Pezeshkian noted that "we are ready."', ["we are ready."]),
    ('“He told me ‘never’ twice,” she said.', ["He told me ‘never’ twice"]),
    ('“Unclosed at the end of the paragraph.\n\nNext paragraph “closed” here.', ["closed"]),
    ("'We will not back down,' the minister said. 'It is our country's future.'",
     ["We will not back down", "It is our country's future."]),
    ("The countries' leaders met. Rock 'n' roll and 'tis fine.", []),
    ("He said 'no' and Iran's 'red lines' remain.", []),
    ("« Premier paragraphe.\n\n» Second paragraphe », a-t-il dit.",
     ["Premier paragraphe.", "Second paragraphe"]),
]


@pytest.mark.parametrize(("text", "expected"), MARKS)
def test_quoted_words(text, expected):
    assert [text[q.start : q.end] for q in find_quoted(text)] == expected


def test_a_quote_running_over_paragraphs_is_one_chain():
    text = ('"The first paragraph of the statement.\n\n"The second paragraph," the spokesman '
            'said.\n\n"A new quote," he added.')
    pieces = find_quoted(text)
    assert [text[q.start : q.end] for q in pieces] == [
        "The first paragraph of the statement.", "The second paragraph", "A new quote"]
    assert [q.closed for q in pieces] == [False, True, True]
    assert pieces[0].chain == pieces[1].chain != pieces[2].chain


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
def test_packaged_lexicons_load(lang):
    lex = load_cues(lang)
    assert lex.language == lang and lex.lemmas and lex.media_heads


# (lang, surface form, lemma it must map to)
FORMS = [("en", "said", "say"), ("en", "stated", "state"), ("en", "denied", "deny"),
         ("es", "afirmó", "afirmar"), ("es", "dijo", "decir"), ("es", "añadió", "añadir"),
         ("es", "advirtió", "advertir"), ("fr", "déclaré", "déclarer"), ("fr", "dit", "dire"),
         ("fr", "averti", "avertir"), ("fr", "estime", "estimer")]


@pytest.mark.parametrize(("lang", "form", "lemma"), FORMS)
def test_forms_map_to_their_verb(lang, form, lemma):
    assert lemma in {e.lemma for e in load_cues(lang).verb_entries("?", form)}


# (broken data, words the error message must contain)
BROKEN = [
    ({"language": "fr", "verbs": ["dire"]}, "'language' must be 'en'"),
    ({"language": "en", "verbs": []}, "'verbs' must be a non-empty list"),
    ({"language": "en", "verbs": ["say", "say"]}, "duplicate verbs"),
    ({"language": "en", "verbs": [{"lemma": "stress", "objet": True}]}, "unknown keys"),
    ({"language": "en", "verbs": ["say"], "sources": "according to"}, "'sources' must be a list"),
    ({"language": "en", "verbs": ["say"], "min_words": 0}, "'min_words'"),
    ({"language": "en", "verbs": ["say"], "irregular": {"tell": ["told"]}}, "'irregular'"),
    ({"language": "en", "verbs": ["say"], "cues": []}, "unknown keys"),
]


@pytest.mark.parametrize(("data", "message"), BROKEN)
def test_broken_lexicons_are_refused_with_the_reason(data, message):
    with pytest.raises(InvalidKnowledgeBase, match=message.replace("'", ".")):
        parse_lexicon("en", data)

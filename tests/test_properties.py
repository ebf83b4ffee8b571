"""Property-based tests (hypothesis): the cleaner, the readers, the date finder and the offset
bookkeeping hold their invariants on arbitrary input, not only on the cases we thought of.

Examples are bounded (``max_examples``) so the file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.analyze.dates.resolve import find_timexes
from eventwire.errors import EventwireError
from eventwire.ingest import build_article, iter_documents
from eventwire.ingest.clean import clean_text
from eventwire.ingest.encoding import mojibake_repairs
from eventwire.models import ItemError, RawDocument
from eventwire.settings import Settings
from paths import SAMPLES as EXAMPLES

SETTINGS = Settings(max_article_bytes=200_000)
QUICK = settings(max_examples=150, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow])

# Characters the cleaner must never leave in its output.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\r\t\u200b\ufeff\u202a-\u202e]")


def _sentences() -> list[str]:
    """Real sentences (en/es/fr) from the sample articles."""
    found: list[str] = []
    for path in sorted(EXAMPLES.glob("*.txt")):
        # the samples open with a " date YYYY-MM-DD" header that the cleaner removes by design
        text = re.sub(r"\A\s*date \d{4}-\d\d-\d\d", "", path.read_text(encoding="utf-8"))
        found += [s.strip() for s in re.split(r"(?<=[.!?\"”])\s+", text) if len(s.strip()) > 20]
    return found


SENTENCES = _sentences()
DATE_PHRASES = [
    "on Thursday", "last week", "on December 20, 2024", "two days ago", "next month",
    "early Monday", "el miércoles 30 de noviembre", "el jueves", "hace dos días",
    "le 5 décembre", "mardi dernier", "la semaine prochaine", "in 2024", "20/12/2024",
    "yesterday", "tomorrow morning", "Dec. 1", "the 1990s", "every Friday", "for three days",
]
NOISE = ["\n", "\n\n", " ", "\t", "\r\n", "\u00a0", "\u200b", "\x00", "“", "”", "«", "»", "—",
         "’", "🤝", "\u202b", "Advertisement", "Read more:", "Ã©", "1", "(AP) —", "TEHRAN –"]

fragments = st.lists(
    st.one_of(st.sampled_from(SENTENCES), st.sampled_from(DATE_PHRASES), st.sampled_from(NOISE),
              st.text(max_size=12)),
    min_size=1, max_size=12,
).map(" ".join)
sentence_texts = st.lists(
    st.tuples(st.sampled_from(SENTENCES), st.sampled_from([" ", "\n\n", "\n", " — "])),
    min_size=1, max_size=6,
).map(lambda parts: "".join(s + sep for s, sep in parts))


# ---------------------------------------------------------------------------------------------
# Cleaner
# ---------------------------------------------------------------------------------------------


@QUICK
@given(raw=st.one_of(st.text(), fragments))
def test_cleaner_output_is_clean_and_its_removals_point_into_the_raw_text(raw):
    result = clean_text(raw)
    assert not FORBIDDEN.search(result.text), repr(result.text)
    assert result.text == result.text.strip()
    assert "\n\n\n" not in result.text
    for removal in result.removals:
        assert 0 <= removal.raw_start <= removal.raw_end <= len(raw)
        assert raw[removal.raw_start:removal.raw_end] == removal.text, removal


@QUICK
@given(raw=st.one_of(st.text(), fragments))
def test_cleaning_twice_changes_nothing(raw):
    once = clean_text(raw).text
    assert clean_text(once).text == once


@QUICK
@given(body=st.one_of(sentence_texts, fragments))
def test_no_word_disappears_without_a_recorded_removal(body):
    """Every word of the input is in the cleaned text or in a removal the cleaner recorded."""
    result = clean_text(body)
    kept = set(re.findall(r"\w{4,}", result.text))
    for removal in result.removals:
        kept |= set(re.findall(r"\w{4,}", removal.text))
    # mojibake repairs are edits, not removals ("00Â²" -> "00²"): words are compared after them
    repaired = body
    for start, end, fixed in reversed(list(mojibake_repairs(body))):
        repaired = repaired[:start] + fixed + repaired[end:]
    # a repaired character next to a word joins it ("0000Æ’" -> "0000ƒ"): the word is still
    # there, inside the longer one
    missing = {w for w in re.findall(r"\w{4,}", repaired) if not any(w in k for k in kept)}
    assert not missing


# ---------------------------------------------------------------------------------------------
# Readers: arbitrary bytes give documents or clear errors, never an unexpected exception
# ---------------------------------------------------------------------------------------------

SUFFIXES = [".txt", ".html", ".json", ".jsonl", ".xml", ".rss", ".md", ""]
PREFIXES = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"<html><body><p>", b'{"text": "', b"[", b"<rss>",
            b"<?xml version='1.0' encoding='windows-1256'?>", b"\x00"]


def read_all(path: Path) -> list:
    """Documents and errors for ``path``; a document that fails to build becomes its error."""
    out = []
    for item in iter_documents([str(path)], settings=SETTINGS):
        if isinstance(item, ItemError):
            out.append(item)
            continue
        assert isinstance(item, RawDocument) and isinstance(item.content, str)
        try:
            article = build_article(item, settings=SETTINGS)
        except EventwireError as exc:
            out.append(ItemError(item.source, "clean", str(exc)))
            continue
        assert article.text and article.text == article.text.strip()
        out.append(article)
    return out


@settings(max_examples=120, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), data=st.binary(max_size=3000),
       suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_give_documents_or_clear_errors(tmp_path, prefix, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(prefix + data)
    for item in read_all(path):
        if isinstance(item, ItemError):
            # the readers catch everything; "unexpected" marks an exception nobody planned for
            assert not item.message.startswith("unexpected"), item
            assert item.step in {"read", "decode", "parse", "clean"} and item.message


@settings(max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.one_of(
    st.fixed_dictionaries({"text": st.one_of(fragments, st.text())},
                          optional={"id": st.one_of(st.text(max_size=20), st.integers()),
                                    "title": st.one_of(st.none(), st.text(max_size=40)),
                                    "published": st.one_of(st.none(), st.text(max_size=30),
                                                           st.sampled_from(DATE_PHRASES)),
                                    "language": st.one_of(st.text(max_size=5),
                                                          st.sampled_from(["en", "es", "fr"]))}),
    st.dictionaries(st.text(max_size=8), st.text(max_size=20), max_size=3),
), min_size=1, max_size=5))
def test_arbitrary_json_lines_records(tmp_path, records):
    import json

    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    for item in read_all(path):
        if isinstance(item, ItemError):
            assert not item.message.startswith("unexpected"), item


# ---------------------------------------------------------------------------------------------
# Date finder
# ---------------------------------------------------------------------------------------------


@QUICK
@given(text=st.one_of(st.text(), fragments), lang=st.sampled_from(["en", "es", "fr"]),
       dct=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
       tense=st.sampled_from(["auto", "past", "future"]))
def test_time_expressions_lie_inside_the_text_and_do_not_overlap(text, lang, dct, tense):
    end = 0
    for timex in find_timexes(text, dct, lang, tense=tense):
        assert 0 <= timex.start < timex.end <= len(text)
        assert text[timex.start:timex.end] == timex.text
        assert timex.start >= end, "overlapping time expressions"
        end = timex.end
        assert timex.type in {"DATE", "TIME", "DURATION", "SET"} and timex.value
        if timex.date is not None:
            assert dt.date(1, 1, 1) <= timex.date


# ---------------------------------------------------------------------------------------------
# Offsets through analysis, the store and the export records
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offsets_store(tmp_path_factory):
    from eventwire.store import open_store

    store = open_store(str(tmp_path_factory.mktemp("props") / "offsets.db"))
    yield store
    store.close()


def check_span(text: str, start, end, surface, what: str) -> None:
    """A stored span lies inside the cleaned text and equals its stored surface string."""
    if start is None and end is None:
        return
    assert 0 <= start <= end <= len(text), (what, start, end, len(text))
    assert text[start:end] == surface, (what, text[start:end], surface)


def check_trigger(text: str, start, end, words: str) -> None:
    """A trigger may be discontinuous ("stressed ... need"): its words appear in order in the
    span, the first at its start and the last at its end."""
    if start is None:
        return
    assert 0 <= start < end <= len(text), ("trigger", start, end)
    span, at = text[start:end], 0
    parts = words.split()
    assert span.startswith(parts[0]) and span.endswith(parts[-1]), (span, words)
    for part in parts:
        at = span.find(part, at)
        assert at >= 0, ("trigger", span, words)
        at += len(part)


def check_records(store, article_id: str, text: str) -> int:
    """Check every span of one article's export records; return how many were checked."""
    n = 0
    for m in (r for r in store.iter_mentions() if r["article_id"] == article_id):
        check_span(text, m["start"], m["end"], m["text"], "mention")
        n += 1
    for q in (r for r in store.iter_quotes() if r["article_id"] == article_id):
        check_span(text, q["start"], q["end"], q["text"], "quote")
        if q.get("speaker_start") is not None:
            check_span(text, q["speaker_start"], q["speaker_end"], q["speaker_text"], "speaker")
        if q.get("cue_start") is not None:
            check_span(text, q["cue_start"], q["cue_end"], q["cue"], "cue")
        n += 1
    for e in (r for r in store.iter_events(include_negated=True) if r["article_id"] == article_id):
        check_span(text, e["start"], e["end"], e["evidence"], "event evidence")
        check_trigger(text, e["trigger_start"], e["trigger_end"], e["trigger"])
        place = e.get("location") or {}
        if place.get("start") is not None:
            check_span(text, place["start"], place["end"], place["text"], "event place")
        n += 1
    return n


@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=st.one_of(sentence_texts, fragments))
def test_stored_spans_lie_inside_the_cleaned_text(offsets_store, body):
    from eventwire.analyze import get_analyzer

    doc = RawDocument(source="property", content=body, published="2024-12-20")
    try:
        article = build_article(doc, settings=Settings())
    except EventwireError:
        return  # nothing left to analyse: the readers' and cleaner's properties cover this
    analysis = get_analyzer(Settings()).analyze(article)
    offsets_store.save(article, analysis, run_id=None)
    stored = next(a for a in offsets_store.iter_articles() if a["id"] == article.id)
    assert stored["text"] == article.text
    check_records(offsets_store, article.id, stored["text"])


def test_sample_articles_spans_are_checked(offsets_store):
    """The span check itself sees real spans: the five samples give mentions, quotes, events."""
    from eventwire.pipeline import ingest

    report = ingest([str(EXAMPLES)], store=offsets_store, settings=Settings(),
                    cluster_stories=False)
    assert not report.errors, report.errors
    texts = {a["id"]: a["text"] for a in offsets_store.iter_articles()}
    checked = sum(check_records(offsets_store, i, texts[i]) for i in report.article_ids)
    assert checked > 50

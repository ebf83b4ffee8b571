"""Shared fixtures: a migrated ``store`` on every backend, and hand-built analysed articles.

``store`` / ``store_url`` run each test on SQLite (a fresh file) and, when
``EVENTWIRE_TEST_PG`` is set (``bash scripts/system-deps.sh && source .test-env``), on
PostgreSQL too, in a fresh database created for the test and dropped after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.models import ActorRef, Analysis, Article, Event, Location, Mention, Quote
from eventwire.store import Store, open_store
from eventwire.store.schema import canonical_events, events, stories, story_articles
from paths import SAMPLES as EXAMPLES
from throwaway_pg import throwaway_database

PG_URL = os.environ.get("EVENTWIRE_TEST_PG")
BACKENDS = ["sqlite"] + ([pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_URL else [])


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL nobody else uses: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "eventwire.db")
        return
    with throwaway_database("ew_test") as url:
        yield url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A migrated, empty store."""
    s = open_store(store_url)
    try:
        yield s
    finally:
        s.close()


# ---------------------------------------------------------------------------------------------
# Hand-built analysed articles (what the pipeline would produce for two sample articles)
# ---------------------------------------------------------------------------------------------

PEZESHKIAN = ActorRef("Masoud Pezeshkian", "President Pezeshkian", "IRN", "GOV", "IRNGOV",
                      "masoud-pezeshkian")
ERDOGAN = ActorRef("Recep Tayyip Erdogan", "Recep Tayyip Erdogan", "TUR", "GOV", "TURGOV",
                   "recep-tayyip-erdogan")
ISRAEL = ActorRef("Israel", "the Zionist regime", "ISR", None, "ISR", "country:ISR")
SABBAGH = ActorRef("Bassam al-Sabbagh", "Bassam al-Sabbagh", "SYR", "GOV", "SYRGOV",
                   "learned:bassam-al-sabbagh")
CAIRO = Location("Cairo", "EGY", 30.06263, 31.24967, 360630, "Cairo")


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    """[start, end) of the nth occurrence of phrase in text (fails loudly if absent)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def sentence(text: str, phrase: str) -> tuple[int, int, str]:
    """The sentence (up to the next '. ' or line end) that contains phrase."""
    s, _ = span(text, phrase)
    begin = max(text.rfind("\n", 0, s), text.rfind(". ", 0, s) + 1) + 1
    stop = min(i for i in (text.find(".\n", s), text.find(". ", s), len(text) - 1) if i >= 0) + 1
    return begin, stop, text[begin:stop]


def make_article(name: str, *, source: str | None = None, language: str) -> Article:
    raw = (EXAMPLES / name).read_text(encoding="utf-8")
    published = None
    text = raw.strip()
    if text.startswith("date "):  # the " date YYYY-MM-DD" header line the cleaner removes
        published = dt.date.fromisoformat(text[5:15])
        text = text[15:].strip()
    return Article(
        id=hashlib.sha256(text.encode()).hexdigest()[:16],
        source=source or f"examples/articles/{name}",
        raw_text=raw,
        text=text,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=text.split("\n", 1)[0][:80],
        published=published,
        published_source="header" if published else None,
        language=language,
        language_score=0.99,
        outlet="News.Az" if "News.az" in text else None,
    )


def _mention(text: str, phrase: str, label: str, actor: ActorRef | None, how: str) -> Mention:
    s, e = span(text, phrase)
    return Mention(phrase, s, e, label, actor, how)


def _quote(text: str, words: str, speaker: ActorRef, speaker_text: str, cue: str, lang: str):
    s, e = span(text, words)
    ss, se = span(text, speaker_text)
    cs, ce = span(text, cue)
    return Quote(words, s, e, True, speaker, speaker_text, ss, se, cue, cs, ce, lang)


def _event(text: str, trigger: str, etype: str, actors, recipients, **kw) -> Event:
    s, e, evidence = sentence(text, trigger)
    ts, te = span(text, trigger)
    return Event(etype, trigger, s, e, evidence, ts, te, actors=actors, recipients=recipients,
                 **kw)


def make_analysis_en(article: Article, steps: tuple[str, ...] = ("events@1",)) -> Analysis:
    """Sample 000: Pezeshkian meets Erdogan in Cairo (2024-12-19)."""
    t = article.text
    quote1 = ("Any developments in Syria must preserve the country's territorial integrity, and "
              "even the slightest infringement on Syria's territorial integrity is absolutely "
              "unacceptable,")
    quote2 = ("Islamic nations must fulfill their duty in combating crimes and aggression of the "
              "Zionist regime, and if there is unity and cohesion in the Islamic Ummah, this "
              "regime will not dare take such actions,")
    meet = _event(t, "during a meeting", "CONSULT", [PEZESHKIAN], [ERDOGAN],
                  date=dt.date(2024, 12, 19), date_text="on Thursday", date_source="text",
                  location=CAIRO, score=2.5, cameo="040", confidence=0.8, rule="en:meeting")
    return Analysis(
        article_id=article.id,
        language="en",
        mentions=[
            _mention(t, "President Pezeshkian", "PERSON", PEZESHKIAN, "kb-name"),
            _mention(t, "Recep Tayyip Erdogan", "PERSON", ERDOGAN, "kb-name"),
            _mention(t, "Zionist regime", "NOMINAL", ISRAEL, "kb-alias"),
            _mention(t, "Cairo", "GPE", None, ""),
        ],
        quotes=[
            _quote(t, quote1, PEZESHKIAN, "President Pezeshkian", "said", "en"),
            _quote(t, quote2, PEZESHKIAN, "Pezeshkian noted", "noted", "en"),
        ],
        events=[
            meet,
            _event(t, "stressed the urgent need to halt", "REQUEST", [PEZESHKIAN], [ISRAEL],
                   mode="change", score=-1.0, cameo="104", rule="en:need-to-halt"),
            _event(t, "announced Iran's readiness to host", "AGREE", [PEZESHKIAN], [ERDOGAN],
                   future=True, score=2.5, cameo="030"),
            _event(t, "will not dare take such actions", "ASSAULT", [ISRAEL], [], negated=True,
                   score=-9.0, cameo="190", quote_index=1),
        ],
        steps=list(steps),
    )


def make_analysis_es(article: Article) -> Analysis:
    """Sample 004: Pezeshkian receives Syria's foreign minister (a learned actor)."""
    t = article.text
    masud = ActorRef("Masoud Pezeshkian", "Masud Pezeshkian", "IRN", "GOV", "IRNGOV",
                     "masoud-pezeshkian")
    words = ("Creemos que la cooperación y la cohesión entre las naciones islámicas pueden "
             "traer progreso y excelencia para todos los musulmanes")
    s, e = span(t, "Bassam al-Sabbagh")
    return Analysis(
        article_id=article.id,
        language="es",
        mentions=[
            _mention(t, "Masud Pezeshkian", "PERSON", masud, "kb-name"),
            Mention("Bassam al-Sabbagh", s, e, "PERSON", SABBAGH, "learned-apposition"),
        ],
        quotes=[_quote(t, words, masud, "Pezeshkian", "enfatizó", "es")],
        events=[
            _event(t, "En una reunión celebrada", "CONSULT", [masud], [SABBAGH],
                   date=dt.date(2024, 11, 30), date_text="el miércoles 30 de noviembre",
                   date_source="text", date_conflict=True, score=2.5, cameo="040",
                   quote_index=None),
        ],
        steps=["events@1"],
    )


def add_sample_stories(store: Store, en: Article, es: Article) -> None:
    """What the stories engineer's clustering and merging would write for the two articles."""
    now = dt.datetime.now(dt.UTC)
    with store.write() as conn:
        for sid, art, lang, day in (("story-a", en, "en", "2024-12-19"),
                                    ("story-b", es, "es", "2024-11-20")):
            conn.execute(stories.insert().values(
                id=sid, title=art.title, title_article_id=art.id, languages=[lang],
                start=dt.date.fromisoformat(day), end=dt.date.fromisoformat(day),
                actors=["IRNGOV"], created_at=now, updated_at=now))
            conn.execute(story_articles.insert().values(
                story_id=sid, article_id=art.id, scores={"embed": 1.0}, decided_at=now))
            conn.execute(events.update().where(events.c.article_id == art.id)
                         .values(story_id=sid))
        conn.execute(canonical_events.insert().values(
            id="story-b:c0", story_id="story-b", type="CONSULT", actors=[], recipients=[],
            date=dt.date(2024, 11, 20), date_conflict=True,
            dates_seen={"2024-11-20": 1, "2024-11-30": 1}, num_articles=1, num_sources=1,
            num_mentions=1, languages=["es"], score=2.5, cameo="040"))
        conn.execute(events.update().where(events.c.id == f"{es.id}:e0")
                     .values(canonical_id="story-b:c0"))


@pytest.fixture
def article_en() -> Article:
    return make_article("000_2008e6402e0ebef9.txt", language="en")


@pytest.fixture
def analysis_en(article_en: Article) -> Analysis:
    return make_analysis_en(article_en)


@pytest.fixture
def article_es() -> Article:
    return make_article("004_1d7981e0e1efbe65.txt", language="es")


@pytest.fixture
def analysis_es(article_es: Article) -> Analysis:
    return make_analysis_es(article_es)

"""A hand-coded database of the five sample articles, for the query, API and browser tests.

The coding follows examples/gold.jsonl (a human reading of the samples): every offset is
found in the real article text, so highlighting and evidence links are tested on real text.
Rows are written straight through the schema (plus the store's migrations, so full-text
tables exist), which keeps these tests independent of the analyzers' current quality.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, insert

from eventwire.store import rollup
from eventwire.store import schema as s
from eventwire.store.migrations import migrate
from paths import REPO as ROOT
from throwaway_pg import throwaway_database

SAMPLES = ROOT / "examples" / "articles"
NOW = dt.datetime(2024, 12, 21, tzinfo=dt.UTC)

# kb_id: (name, country, sector, aliases, roles)
ACTORS = {
    "masoud-pezeshkian": ("Masoud Pezeshkian", "IRN", "GOV", ["Pezeshkian", "Masud Pezeshkian"],
                          [{"title": "President", "country": "IRN", "sector": "GOV",
                            "start": "2024-07-28", "end": None}]),
    "recep-tayyip-erdogan": ("Recep Tayyip Erdogan", "TUR", "GOV", ["Erdogan"],
                             [{"title": "President", "country": "TUR", "sector": "GOV",
                               "start": "2014-08-28", "end": None}]),
    "abbas-araghchi": ("Abbas Araghchi", "IRN", "GOV", ["Araghchi"],
                       [{"title": "Foreign Minister", "country": "IRN", "sector": "GOV",
                         "start": "2024-08-21", "end": None}]),
    "hakan-fidan": ("Hakan Fidan", "TUR", "GOV", ["Fidan"], []),
    "bashar-al-assad": ("Bashar al-Assad", "SYR", "GOV", ["Assad"], []),
    "bassam-al-sabbagh": ("Bassam al-Sabbagh", "SYR", "GOV", ["Sabbagh", "al-Sabbagh"], []),
    "mohammed-shia-al-sudani": ("Mohammed Shia al-Sudani", "IRQ", "GOV", ["Al Sudani"], []),
    "ISR": ("Israel", "ISR", None, ["Zionist regime", "Tel Aviv regime"], []),
    "SYR": ("Syria", "SYR", None, ["Siria"], []),
    "TUR": ("Turkey", "TUR", None, ["Ankara"], []),
    "syria-forces": ("Syrian government forces", "SYR", "MIL", [], []),
}

# surface form -> kb_id, per article (mentions)
SURFACES = {
    "000": {"Pezeshkian": "masoud-pezeshkian", "Recep Tayyip Erdogan": "recep-tayyip-erdogan",
            "Erdogan": "recep-tayyip-erdogan", "Zionist regime": "ISR", "Cairo": None},
    "001": {"Araghchi": "abbas-araghchi", "Hakan Fidan": "hakan-fidan", "Fidan": "hakan-fidan",
            "Bashar al-Assad": "bashar-al-assad", "Israel": "ISR", "Ankara": None},
    "002": {"Masoud Pezeshkian": "masoud-pezeshkian", "Pezeshkian": "masoud-pezeshkian",
            "Bassam al-Sabbagh": "bassam-al-sabbagh", "al-Sabbagh": "bassam-al-sabbagh",
            "Tehran": None},
    "003": {"Pezeshkian": "masoud-pezeshkian", "Al Sudani": "mohammed-shia-al-sudani"},
    "004": {"Masud Pezeshkian": "masoud-pezeshkian", "Pezeshkian": "masoud-pezeshkian",
            "Bassam al-Sabbagh": "bassam-al-sabbagh"},
}

PLACES = {
    "Cairo": ("EGY", 30.0444, 31.2357, 360630),
    "Ankara": ("TUR", 39.9199, 32.8543, 323786),
    "Damascus": ("SYR", 33.5102, 36.2913, 170654),
    "Aleppo": ("SYR", 36.2021, 37.1343, 170063),
    "Tehran": ("IRN", 35.6944, 51.4215, 112931),
}

# (article, type, mode, actor, recipient, trigger, evidence phrase, date, date_text, place,
#  score, negated)
EVENTS = [
    ("000", "CONSULT", None, "masoud-pezeshkian", "recep-tayyip-erdogan", "meeting",
     "during a meeting with his Turkish counterpart", "2024-12-19", "on Thursday", "Cairo",
     2.5, False),
    ("000", "REQUEST", None, "masoud-pezeshkian", "ISR", "stressed",
     "stressed the urgent need to halt", None, None, None, 0.0, False),
    ("000", "AGREE", None, "masoud-pezeshkian", "TUR", "announced",
     "Pezeshkian announced Iran's readiness", None, None, None, 2.5, False),
    ("000", "REQUEST", None, "recep-tayyip-erdogan", "ISR", "emphasized",
     "emphasized the need for a halt to Israeli attacks", None, None, None, 0.0, False),
    ("001", "CONSULT", None, "abbas-araghchi", "hakan-fidan", "held talks",
     "Araghchi and Turkish Foreign Minister Hakan Fidan held talks", None, "on Monday",
     "Ankara", 2.5, False),
    ("001", "CONSULT", "visit", "abbas-araghchi", "bashar-al-assad", "meeting",
     "In his meeting with Syrian President Bashar al-Assad", None, "on Sunday", "Damascus",
     4.0, False),
    ("001", "ACCUSE", None, "abbas-araghchi", "ISR", "emphasized",
     "The top Iranian diplomat emphasized that Israel", None, None, None, -3.0, False),
    ("001", "ASSAULT", None, "syria-forces", None, "killed",
     "around 320 more terrorists had been killed", None, None, "Aleppo", -9.0, False),
    ("002", "CONSULT", None, "masoud-pezeshkian", "bassam-al-sabbagh", "meeting",
     "Masoud Pezeshkian made the comments in a meeting", "2024-11-20", "on Wednesday",
     "Tehran", 2.5, False),
    ("002", "SUPPORT", None, "masoud-pezeshkian", "SYR", "supporting",
     "the country will keep supporting allies like Syria", "2024-11-20", None, None, 5.0, False),
    ("002", "SANCTION", "withdraw", "masoud-pezeshkian", "SYR", "halt",
     "Iran will not halt its support for its allies", "2024-11-20", None, None, -6.0, True),
    ("003", "CONSULT", "phone", "masoud-pezeshkian", "mohammed-shia-al-sudani",
     "phone conversation", "Pezeshkian made the comment on Saturday evening in a phone",
     "2024-11-30", "on Saturday evening", None, 1.5, False),
    ("003", "AGREE", None, "masoud-pezeshkian", "SYR", "ready",
     "Iran is ready for cooperation", "2024-12-01", None, None, 2.5, False),
    ("004", "CONSULT", None, "masoud-pezeshkian", "bassam-al-sabbagh", "reunión",
     "En una reunión celebrada el miércoles 30 de noviembre", "2024-11-30",
     "el miércoles 30 de noviembre", None, 2.5, False),
]

# (article, speaker kb_id, speaker text, cue, start of the quoted words, end of them)
QUOTES = [
    ("000", "masoud-pezeshkian", "President Pezeshkian", "said", "Any developments in Syria",
     "absolutely unacceptable,"),
    ("000", "masoud-pezeshkian", "Pezeshkian", "noted", "Islamic nations must fulfill",
     "take such actions,"),
    ("001", "abbas-araghchi", "Araghchi", "pointed out", "The recent moves by terrorist",
     "Zionist goals,"),
    ("002", "masoud-pezeshkian", "he", "said", "The Islamic Republic of Iran is interested",
     "in various fields,"),
    ("002", "bassam-al-sabbagh", "The Syrian foreign minister", "said",
     "Relations between Iran and Syria", "between the two countries."),
    ("003", "masoud-pezeshkian", "Pezeshkian", "said", "Such incidents are part",
     "inside Islamic countries"),
    ("003", "mohammed-shia-al-sudani", "Al Sudani", "said", "These incidents have doubled",
     "face serious dangers"),
    ("004", "masoud-pezeshkian", "Pezeshkian", "enfatizó", "Creemos que la cooperación",
     "todos los musulmanes"),
]

STORIES = {
    "story-a": ("Pezeshkian meets Erdogan in Cairo", ["000"]),
    "story-b": ("Araghchi holds talks in Ankara", ["001"]),
    "story-c": ("Iran will not halt its support for its allies, says president", ["002", "004"]),
    "story-d": ("Pezeshkian and Al Sudani discuss Syria", ["003"]),
}

PUBLISHED = {"000": "2024-12-20", "001": None, "002": "2024-11-20", "003": "2024-12-01",
             "004": None}
LANGUAGE = {"004": "es"}
PG_URL = os.environ.get("EVENTWIRE_TEST_PG")
BACKENDS = ["sqlite"] + ([pytest.param("postgresql", marks=pytest.mark.postgres)] if PG_URL else [])
HEADER = re.compile(r"^\s*date \d{4}-\d{2}-\d{2}\s+")


def article_id(n: str) -> str:
    return next(p.stem.split("_")[1] for p in SAMPLES.glob(f"{n}_*.txt"))


def article_text(n: str) -> str:
    raw = next(SAMPLES.glob(f"{n}_*.txt")).read_text(encoding="utf-8")
    return HEADER.sub("", raw).strip()


def actor_obj(kb_id: str, text: str | None = None) -> dict:
    name, country, sector, _, _ = ACTORS[kb_id]
    code = (country or "") + (sector or "") or None
    return {"name": name, "text": text or name, "country": country, "sector": sector,
            "code": code, "kb_id": kb_id}


def sentence_bounds(text: str, i: int) -> tuple[int, int]:
    """The sentence (or line) around offset i: enough for fixture evidence."""
    starts = [m.end() for m in re.finditer(r"[.!?”\"]\s+|\n", text[:i])]
    a = starts[-1] if starts else 0
    m = re.search(r"[.!?](?=\s|$)|\n", text[i:])
    b = i + m.end() if m else len(text)
    return a, b


def _rows_for(n: str) -> dict[str, list[dict]]:
    aid, text = article_id(n), article_text(n)
    rows: dict[str, list[dict]] = {"mentions": [], "events": [], "event_actors": [], "quotes": []}
    taken: set[tuple[int, int]] = set()
    for surface, kb in sorted(SURFACES[n].items(), key=lambda kv: -len(kv[0])):
        for m in re.finditer(re.escape(surface), text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.add((m.start(), m.end()))
            rows["mentions"].append({
                "article_id": aid, "start_char": m.start(), "end_char": m.end(),
                "text": surface, "label": "PERSON" if kb and "-" in kb else "GPE",
                "kb_id": kb, "actor": actor_obj(kb, surface) if kb else None,
                "how": "kb-name" if kb else "",
            })
    for i, ev in enumerate(e for e in EVENTS if e[0] == n):
        rows["events"].append(_event_row(aid, i, text, ev, rows["event_actors"]))
    for i, (_, kb, spk, cue, first, last) in enumerate(q for q in QUOTES if q[0] == n):
        a = text.index(first)
        b = text.index(last, a) + len(last)
        rows["quotes"].append({
            "id": f"{aid}:q{i}", "article_id": aid, "speaker": actor_obj(kb, spk),
            "speaker_kb_id": kb, "speaker_name": ACTORS[kb][0], "speaker_text": spk, "cue": cue,
            "text": text[a:b], "direct": True, "start_char": a, "end_char": b,
            "language": LANGUAGE.get(n, "en"),
        })
    return rows


def _event_row(aid: str, i: int, text: str, ev: tuple, flat: list[dict]) -> dict:
    n, typ, mode, actor, recipient, trigger, phrase, date, date_text, place, score, neg = ev
    p = text.index(phrase)
    t = text.index(trigger, p)
    a, b = sentence_bounds(text, t)
    eid = f"{aid}:e{i}"
    actors = [actor_obj(actor)]
    recipients = [actor_obj(recipient)] if recipient else []
    for role, objs in (("actor", actors), ("recipient", recipients)):
        for o in objs:
            flat.append({"event_id": eid, "role": role, **{k: o[k] for k in
                         ("kb_id", "name", "country", "sector", "code")}})
    loc = None
    if place:
        country, lat, lon, gid = PLACES[place]
        k = text.find(place)
        loc = {"name": place, "country": country, "lat": lat, "lon": lon, "geonameid": gid,
               "text": place, "start": k if k >= 0 else None,
               "end": k + len(place) if k >= 0 else None}
    return {
        "id": eid, "article_id": aid, "story_id": _story_of(n), "type": typ, "mode": mode,
        "context": [], "actors": actors, "recipients": recipients,
        "date": dt.date.fromisoformat(date) if date else None, "date_text": date_text,
        "date_source": "text" if date_text else "article", "date_conflict": n == "004",
        "future": False, "negated": neg, "hypothetical": False, "location": loc,
        "location_name": place, "location_country": loc["country"] if loc else None,
        "lat": loc["lat"] if loc else None, "lon": loc["lon"] if loc else None,
        "geonameid": loc["geonameid"] if loc else None, "trigger": trigger,
        "trigger_start": t, "trigger_end": t + len(trigger), "evidence": text[a:b],
        "start_char": a, "end_char": b, "score": score, "cameo": None, "confidence": 0.9,
        "quote_id": None, "rule": "fixture",
    }


def _story_of(n: str) -> str:
    return next(sid for sid, (_, arts) in STORIES.items() if n in arts)


def fill(engine: Engine) -> None:
    """Migrate ``engine`` and write the five coded samples, their actors and stories."""
    with engine.begin() as conn:
        migrate(conn)
        conn.execute(insert(s.runs).values(id=1, command="fixture", started_at=NOW))
        for sid, (title, arts) in STORIES.items():
            days = [PUBLISHED[a] for a in arts if PUBLISHED[a]]
            conn.execute(insert(s.stories).values(
                id=sid, title=title, title_article_id=article_id(arts[0]),
                languages=sorted({LANGUAGE.get(a, "en") for a in arts}),
                start=dt.date.fromisoformat(min(days)) if days else None,
                end=dt.date.fromisoformat(max(days)) if days else None,
                actors=[], created_at=NOW, updated_at=NOW))
        for n in sorted(PUBLISHED):
            text = article_text(n)
            conn.execute(insert(s.articles).values(
                id=article_id(n), source=f"examples/articles/{n}", title=text.split("\n")[0][:80],
                published=dt.date.fromisoformat(PUBLISHED[n]) if PUBLISHED[n] else None,
                language=LANGUAGE.get(n, "en"), raw_text=text, text=text,
                content_hash=f"hash-{n}", story_id=_story_of(n), run_id=1, ingested_at=NOW,
                outlet="News.Az" if n == "002" else None))
            conn.execute(insert(s.story_articles).values(
                story_id=_story_of(n), article_id=article_id(n), scores={"fixture": 1.0},
                decided_at=NOW))
            for table, rows in _rows_for(n).items():
                if rows:
                    conn.execute(insert(getattr(s, table)), rows)
            rollup.count_article(conn, article_id(n), +1)  # as the store's writer does
        for kb, (name, country, sector, aliases, roles) in ACTORS.items():
            conn.execute(insert(s.actors).values(
                kb_id=kb, name=name, country=country, sector=sector,
                code=((country or "") + (sector or "")) or None, source="kb",
                aliases=aliases, roles=roles))
        conn.execute(insert(s.canonical_events).values(
            id="story-c:c0", story_id="story-c", type="CONSULT",
            actors=[actor_obj("masoud-pezeshkian")], recipients=[actor_obj("bassam-al-sabbagh")],
            date=dt.date(2024, 11, 20), date_conflict=True,
            dates_seen={"2024-11-20": 1, "2024-11-30": 1}, num_articles=2, num_sources=2,
            num_mentions=2, languages=["en", "es"], score=2.5))


def sample_engine(path: Path) -> Engine:
    """A SQLite database at ``path`` holding the coded samples."""
    engine = create_engine(f"sqlite:///{path}")
    fill(engine)
    return engine


@contextmanager
def pg_database() -> Iterator[str]:
    """A throw-away PostgreSQL database on the EVENTWIRE_TEST_PG cluster."""
    with throwaway_database("ew_query") as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def sample_db(request: pytest.FixtureRequest,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The coded samples on SQLite and (when EVENTWIRE_TEST_PG is set) PostgreSQL."""
    if request.param == "sqlite":
        engine = sample_engine(tmp_path_factory.mktemp("samples") / "samples.db")
        yield engine
        engine.dispose()
        return
    with pg_database() as url:
        engine = create_engine(url)
        fill(engine)
        yield engine
        engine.dispose()

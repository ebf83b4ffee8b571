"""Stories on the five shared samples: clustering, explainable decisions, merged events, rebuild.

The samples' analyses here are built from their gold coding (actors, required events), so the
test pins what clustering and merging do with a correct analysis; `test_stories_fixture.py`
measures clustering on text alone.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.ingest import build_article
from eventwire.models import ActorRef, Analysis, Event, Mention, RawDocument
from eventwire.settings import Settings
from eventwire.store import open_store
from eventwire.store.schema import canonical_events, events, stories, story_articles
from eventwire.stories.cluster import assign_articles, rebuild
from eventwire.stories.state import story_id_for
from paths import REPO as ROOT

D = dt.date
SAMPLES = ROOT / "examples" / "articles"
GOLD = {json.loads(line)["file"][:3]: json.loads(line)
        for line in (ROOT / "examples" / "gold.jsonl").read_text().splitlines() if line.strip()}
# What the date resolver reads in each sample's meeting sentence (see examples/README.md):
# 004's "miércoles 30 de noviembre" names a Wednesday, but 30 November 2024 was a Saturday.
MEETING_DATES = {"002": (dt.date(2024, 11, 20), "text", False),
                 "004": (dt.date(2024, 11, 30), "text", True)}


def _ref(country: str | None, name: str | None = None) -> ActorRef | None:
    if country is None:
        return None
    kb_id = name.split()[-1].lower() if name else None  # surname: the same across languages
    return ActorRef(name=name or country, text=name or country, country=country,
                    sector="GOV", code=f"{country}GOV", kb_id=kb_id)


def gold_analysis(key: str, article) -> Analysis:
    """The gold coding of a sample as an Analysis (mentions of its key actors, required events)."""
    gold = GOLD[key]
    mentions, names = [], {}
    for actor in gold["actors"]:
        start = article.text.find(actor["text"])
        if start < 0:
            continue
        ref = _ref(actor["country"], actor["text"])
        names[actor["text"]] = ref
        mentions.append(Mention(actor["text"], start, start + len(actor["text"]), "PERSON", ref,
                                how="kb-name"))
    found = []
    for n, ev in enumerate(e for e in gold["events"] if not e["optional"]):
        who = ev.get("actor_name")
        named = [ref for text, ref in names.items() if who and who in text]
        actor = named[0] if named else _ref(ev["actor"])
        date, source, conflict = (None, "article", False)
        if ev["type"] == "CONSULT" and key in MEETING_DATES:
            date, source, conflict = MEETING_DATES[key]
        found.append(Event(type=ev["type"], trigger=ev["type"].lower(), start=n, end=n + 1,
                           evidence=ev.get("evidence") or "", actors=[actor] if actor else [],
                           recipients=[r for r in [_ref(ev["recipient"])] if r],
                           date=date, date_source=source, date_conflict=conflict))
    return Analysis(article_id=article.id, language=article.language, mentions=mentions,
                    events=found)


def sample_articles():
    out = []
    for path in sorted(SAMPLES.glob("*.txt")):
        doc = RawDocument(source=str(path), content=path.read_text(encoding="utf-8"))
        article = build_article(doc, settings=Settings())
        out.append((path.name[:3], article, gold_analysis(path.name[:3], article)))
    return out


@pytest.fixture(scope="module")
def samples():
    return sample_articles()


def _store(where, samples):
    """A store (a SQLite file in a tmp dir, or a `store_url`) holding the analysed samples."""
    store = open_store(str(where / "s.db") if isinstance(where, Path) else where)
    for _, article, analysis in samples:
        assert store.save(article, analysis, run_id=None) == "stored"
    return store


def _stories_by_sample(store, samples) -> dict[str, str]:
    with store.read() as conn:
        rows = dict(conn.execute(story_articles.select().with_only_columns(
            story_articles.c.article_id, story_articles.c.story_id)).all())
    return {key: rows[article.id] for key, article, _ in samples}


def test_samples_cluster_into_the_gold_stories(tmp_path, samples):
    store = _store(tmp_path, samples)
    assign_articles(store, [a.id for _, a, _ in samples], settings=Settings())
    got = _stories_by_sample(store, samples)
    gold = {key: GOLD[key]["story"] for key in got}
    for a in got:
        for b in got:
            assert (got[a] == got[b]) == (gold[a] == gold[b]), (a, b, got)
    assert len(set(got.values())) == 4


def test_story_rows_and_explained_decisions(tmp_path, samples):
    store = _store(tmp_path, samples)
    assign_articles(store, [a.id for _, a, _ in samples], settings=Settings())
    ids = {key: a.id for key, a, _ in samples}
    sid = story_id_for(ids["002"])  # 002 was ingested before 004: it founded the story
    with store.read() as conn:
        story = conn.execute(stories.select().where(stories.c.id == sid)).mappings().one()
        scores = dict(conn.execute(story_articles.select().with_only_columns(
            story_articles.c.article_id, story_articles.c.scores)).all())
    assert story["title"] == "Iran will not halt its support for its allies, says president"
    assert story["title_article_id"] == ids["002"]
    assert sorted(story["languages"]) == ["en", "es"]
    assert story["start"] == story["end"] == dt.date(2024, 11, 20)  # 004 has no date
    assert set(story["actors"]) >= {"IRNGOV", "SYRGOV"}
    joined = scores[ids["004"]]
    assert joined["decision"] == "joined" and joined["story"] == sid
    best = joined["best"]
    assert best["story"] == sid and best["combined"] >= joined["threshold"]
    assert {"embed", "actor", "event", "cosine", "days_apart"} <= set(best)
    assert best["shared"]["kb_ids"] == ["al-sabbagh", "pezeshkian"]
    assert "CONSULT|IRN~SYR" in best["shared"]["signatures"]
    assert scores[ids["002"]]["decision"] == "founded"


def test_consult_reports_merge_across_languages(store_url, samples):
    store = _store(store_url, samples)
    assign_articles(store, [a.id for _, a, _ in samples], settings=Settings())
    ids = {key: a.id for key, a, _ in samples}
    with store.read() as conn:
        rows = conn.execute(canonical_events.select().where(
            canonical_events.c.story_id == story_id_for(ids["002"]),
            canonical_events.c.type == "CONSULT")).mappings().all()
        members = conn.execute(events.select().with_only_columns(events.c.article_id).where(
            events.c.canonical_id == rows[0]["id"])).scalars().all()
    assert len(rows) == 1
    consult = rows[0]
    assert consult["num_articles"] == 2 and consult["num_mentions"] == 2
    assert consult["num_sources"] == 2  # News.Az, and 004's file path (no outlet known)
    assert consult["languages"] == ["en", "es"]
    assert consult["date"] == dt.date(2024, 11, 20)  # firm English date beats the contradicted
    assert consult["date_conflict"] is True
    assert consult["dates_seen"] == {"2024-11-20": 1, "2024-11-30": 1}
    assert sorted(members) == sorted([ids["002"], ids["004"]])


def test_incremental_one_by_one_equals_rebuild(store_url, samples):
    store = _store(store_url, samples)
    for _, article, _ in samples:  # one call per article, as a feed watcher would
        assign_articles(store, [article.id], settings=Settings())
    before = _stories_by_sample(store, samples)
    with store.read() as conn:
        canon_before = sorted(conn.execute(canonical_events.select()).all())
    rebuild(store, settings=Settings())
    assert _stories_by_sample(store, samples) == before
    with store.read() as conn:
        assert sorted(conn.execute(canonical_events.select()).all()) == canon_before


def test_a_story_stored_without_centroid_still_takes_members(tmp_path, samples):
    from sqlalchemy import update

    store = _store(tmp_path, samples)
    ids = {key: a.id for key, a, _ in samples}
    assign_articles(store, [ids["002"]], settings=Settings())
    with store.write() as conn:  # as a story written by another tool would be
        conn.execute(update(stories).values(centroid=None))
    decisions = assign_articles(store, [ids["004"]], settings=Settings())
    assert decisions[0].story_id == story_id_for(ids["002"]) and not decisions[0].founded
    with store.read() as conn:
        assert conn.execute(stories.select().with_only_columns(stories.c.centroid)).scalar()


def test_assigning_again_changes_nothing(tmp_path, samples):
    store = _store(tmp_path, samples)
    ids = [a.id for _, a, _ in samples]
    first = assign_articles(store, ids, settings=Settings())
    assert len(first) == 5
    assert assign_articles(store, ids, settings=Settings()) == []


def _feats(aid, day=None, kb=(), countries=()):
    from collections import Counter

    from eventwire.stories.features import ArticleFeatures

    return ArticleFeatures(id=aid, seq=(aid,), published=day, language="en", title=aid,
                           text_for_embedding=aid, kb_ids=Counter(kb),
                           event_countries=set(countries), countries=Counter(countries))


@pytest.mark.parametrize("story_dates, story_kb, article_date, article_kb, found", [
    ((D(2024, 12, 2), D(2024, 12, 3)), ["araghchi"], D(2024, 12, 7), [], True),   # 4 days after
    ((D(2024, 12, 2), D(2024, 12, 3)), ["araghchi"], D(2024, 12, 8), [], False),  # 5 days after
    ((D(2024, 12, 2), D(2024, 12, 3)), ["araghchi"], D(2024, 11, 28), [], True),  # 4 days before
    ((D(2024, 12, 2), D(2024, 12, 3)), ["araghchi"], D(2024, 12, 20), ["araghchi"], False),
    ((D(2024, 12, 2), D(2024, 12, 3)), ["araghchi"], None, ["araghchi"], True),   # undated: actor
    ((D(2024, 12, 2), D(2024, 12, 3)), ["araghchi"], None, ["fidan"], False),
    ((None, None), ["araghchi"], D(2024, 12, 20), ["araghchi"], True),  # undated story: actor
    ((None, None), ["araghchi"], D(2024, 12, 20), [], False),
])
def test_candidates_come_from_the_date_window_or_shared_actors(
        story_dates, story_kb, article_date, article_kb, found):
    import numpy as np

    from eventwire.stories.state import StoryIndex, StoryState

    index = StoryIndex(window_days=4)
    story = StoryState(id="s", founder_seq=("a",))
    for n, day in enumerate(story_dates):
        story.add(_feats(f"m{n}", day, kb=story_kb), np.ones(512) / np.sqrt(512))
    index.put(story)
    got = index.candidates(_feats("new", article_date, kb=article_kb))
    assert [s.id for s in got] == (["s"] if found else [])


def test_cli_lists_and_rebuilds(tmp_path, samples):
    from eventwire.cli import main

    store = _store(tmp_path, samples)
    assign_articles(store, [a.id for _, a, _ in samples], settings=Settings())
    store.close()
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(main, ["--db", db, "stories"])
    assert result.exit_code == 0, result.output
    assert "Iran will not halt its support for its allies" in result.output
    assert "en, es" in result.output
    result = CliRunner().invoke(main, ["--db", db, "stories", "--rebuild", "--json"])
    assert result.exit_code == 0, result.output
    assert "clustered 5 articles into 4 stories" in result.stderr
    listed = json.loads(result.stdout)
    assert sorted(s["articles"] for s in listed) == [1, 1, 1, 2]
    story = next(s["id"] for s in listed if s["articles"] == 2)
    result = CliRunner().invoke(main, ["--db", db, "stories", "--show", story])
    assert result.exit_code == 0, result.output
    assert "[es]" in result.stdout and "joined: " in result.stdout
    assert "founded the story" in result.stdout
    assert "CONSULT" in result.stdout and "2 articles, 2 sources, en, es" in result.stdout
    result = CliRunner().invoke(main, ["--db", db, "stories", "--show", "st-nope"])
    assert result.exit_code != 0 and "no story with id 'st-nope'" in result.output


# members: (id, day, language, its own title or None); the member whose title the story takes
@pytest.mark.parametrize(("members", "chosen"), [
    # an untitled first report gives way to a later one with a title of its own
    ([("a", D(2024, 12, 1), "en", None), ("b", D(2024, 12, 2), "en", "Talks in Ankara")], "b"),
    # a title in another language beats a first sentence in the preferred one
    ([("a", D(2024, 12, 1), "en", None), ("b", D(2024, 12, 2), "es", "Conversaciones")], "b"),
    # among titled members: the preferred language, then the earliest
    ([("a", D(2024, 12, 1), "es", "Reunión"), ("b", D(2024, 12, 3), "en", "Meeting"),
      ("c", D(2024, 12, 2), "en", "Talks")], "c"),
    # nobody titled: the earliest member's first sentence
    ([("a", D(2024, 12, 2), "en", None), ("b", D(2024, 12, 1), "en", None)], "b"),
])
def test_a_story_takes_its_title_from_an_article_title_first(members, chosen):
    from eventwire.stories.state import StoryState

    story = StoryState(id="s", founder_seq=("a",))
    for aid, day, lang, title in members:
        f = _feats(aid, day)
        f.language, f.title, f.titled = lang, title or f"First sentence of {aid}.", bool(title)
        story.add(f, None)
    assert story.title_member("en").id == chosen

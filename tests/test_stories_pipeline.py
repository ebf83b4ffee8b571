"""The real thing: `eventwire ingest` on the five samples, then stories and canonical events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.store import open_store
from eventwire.store.schema import articles, canonical_events, events
from paths import REPO as ROOT

GOLD = {json.loads(line)["file"][:3]: json.loads(line)["story"]
        for line in (ROOT / "examples" / "gold.jsonl").read_text().splitlines() if line.strip()}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("pipeline") / "samples.db")
    result = CliRunner().invoke(main, ["--db", db, "ingest", str(ROOT / "examples" / "articles")])
    assert result.exit_code == 0, result.output
    store = open_store(db)
    yield db, store
    store.close()


def _story_of_sample(store) -> dict[str, str]:
    with store.read() as conn:
        rows = conn.execute(articles.select().with_only_columns(
            articles.c.source, articles.c.story_id)).all()
    return {Path(source).name[:3]: story for source, story in rows}


def test_samples_form_the_gold_stories(ingested):
    _, store = ingested
    got = _story_of_sample(store)
    assert set(got) == set(GOLD) and all(got.values())
    for a in got:
        for b in got:
            assert (got[a] == got[b]) == (GOLD[a] == GOLD[b]), (a, b)


def test_the_meeting_is_one_event_reported_in_two_languages(ingested):
    _, store = ingested
    story = _story_of_sample(store)["002"]
    with store.read() as conn:
        consult = conn.execute(canonical_events.select().where(
            canonical_events.c.story_id == story, canonical_events.c.type == "CONSULT",
            canonical_events.c.num_articles == 2)).mappings().all()
        reports = conn.execute(events.select().where(
            events.c.canonical_id.in_([c["id"] for c in consult]))).mappings().all()
    assert len(consult) == 1
    event = consult[0]
    assert event["languages"] == ["en", "es"] and event["num_sources"] == 2
    assert {a["country"] for a in event["actors"] + event["recipients"]} == {"IRN", "SYR"}
    assert event["date"] is not None and event["date"].isoformat() == "2024-11-20"
    assert {r["article_id"] for r in reports} == {
        a for a, s in _ids_by_sample(store).items() if s in ("002", "004")}
    assert all(r["evidence"] for r in reports)  # every report keeps its evidence sentence


def _ids_by_sample(store) -> dict[str, str]:
    with store.read() as conn:
        rows = conn.execute(articles.select().with_only_columns(
            articles.c.id, articles.c.source)).all()
    return {aid: Path(source).name[:3] for aid, source in rows}


def test_stories_command_lists_them(ingested):
    db, _ = ingested
    result = CliRunner().invoke(main, ["--db", db, "stories", "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert sorted(s["articles"] for s in listed) == [1, 1, 1, 2]
    meeting = next(s for s in listed if s["articles"] == 2)
    assert meeting["title"] == "Iran will not halt its support for its allies, says president"
    assert meeting["languages"] == ["en", "es"]
    assert [s["start"] for s in listed][:3] == ["2024-12-20", "2024-12-01", "2024-11-20"]

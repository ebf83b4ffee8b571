"""Store.save and friends on every backend: outcomes, row contents, atomicity, concurrency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from conftest import ERDOGAN, make_analysis_en, make_analysis_es, make_article
from eventwire.models import ItemError
from eventwire.store import Store, normalize_url, open_store
from eventwire.store import write as store_write
from eventwire.store.schema import actors, article_sources, articles, event_actors, events

EN = "000_2008e6402e0ebef9.txt"
ES = "004_1d7981e0e1efbe65.txt"

ANALYSIS_TABLES = ("mentions", "quotes", "events", "event_actors")


def _counts(store: Store) -> dict[str, int]:
    c = store.counts()
    return {k: c[k] for k in ("articles", "article_sources", *ANALYSIS_TABLES)}


def _en(**changes):
    article = dataclasses.replace(make_article(EN, language="en"), **changes)
    return article, make_analysis_en(article)


def _edited():
    """The same article id with corrected text (the outlet fixed a typo)."""
    article = make_article(EN, language="en")
    text = article.text.replace("Erdogan on Thursday", "Erdogan on Thursday ")
    article = dataclasses.replace(article, text=text, content_hash="f" * 64)
    return article, make_analysis_en(article)


def _new_version():
    article = make_article(EN, language="en")
    return article, make_analysis_en(article, steps=("events@2",))


def _es():
    article = make_article(ES, language="es")
    return article, make_analysis_es(article)


EN_ROWS = {"mentions": 4, "quotes": 2, "events": 4, "event_actors": 7}


@pytest.mark.parametrize(
    ("case", "saves", "outcomes", "sources"),
    [
        ("same file twice", [_en, _en], ["stored", "duplicate"], 1),
        ("exact copy from another feed",
         [_en, lambda: _en(source="https://news.example/a.html")], ["stored", "duplicate"], 2),
        ("re-analysed by a newer step version", [_en, _new_version], ["stored", "updated"], 1),
        ("same id, edited text", [_en, _edited], ["stored", "updated"], 1),
        ("newer version saved twice", [_en, _new_version, _new_version],
         ["stored", "updated", "duplicate"], 1),
    ],
)
def test_save_outcomes_keep_one_copy(store, case, saves, outcomes, sources):
    run = store.start_run("ingest", {"case": case})
    got = [store.save(*make(), run_id=run) for make in saves]
    assert got == outcomes, case
    assert _counts(store) == {"articles": 1, "article_sources": sources, **EN_ROWS}, case


def test_two_articles_are_both_stored(store):
    run = store.start_run("ingest")
    assert [store.save(*_en(), run_id=run), store.save(*_es(), run_id=run)] == ["stored"] * 2
    assert store.counts()["articles"] == 2
    assert store.counts()["events"] == EN_ROWS["events"] + 1


def test_update_replaces_analysis_and_records_new_steps(store):
    store.save(*_en(), run_id=None)
    article, analysis = _new_version()
    analysis.events = analysis.events[:1]  # the new version finds fewer events
    assert store.save(article, analysis, run_id=None) == "updated"
    with store.read() as conn:
        steps = conn.scalar(select(articles.c.analysis_steps))
        n_events = conn.scalar(select(func.count()).select_from(events))
    assert (steps, n_events) == (["events@2"], 1)


def test_edited_text_replaces_text_and_hash(store):
    store.save(*_en(), run_id=None)
    article, analysis = _edited()
    store.save(article, analysis, run_id=None)
    with store.read() as conn:
        row = conn.execute(select(articles.c.content_hash, articles.c.text)).one()
    assert row.content_hash == "f" * 64 and row.text.endswith(article.text[-40:])
    assert "Thursday " in row.text


def test_saved_rows_carry_ids_offsets_and_flat_actors(store):
    article, analysis = _en()
    store.save(article, analysis, run_id=None)
    quotes = list(store.iter_quotes())
    assert [q["id"] for q in quotes] == [f"{article.id}:q0", f"{article.id}:q1"]
    for q in quotes:  # every offset points at the words it claims
        assert article.text[q["start"]:q["end"]] == q["text"]
        assert article.text[q["speaker_start"]:q["speaker_end"]] == q["speaker_text"]
        assert article.text[q["cue_start"]:q["cue_end"]] == q["cue"]
    evs = {e["id"]: e for e in store.iter_events(include_negated=True)}
    negated = evs[f"{article.id}:e3"]
    assert negated["negated"] and negated["quote_id"] == f"{article.id}:q1"
    meet = evs[f"{article.id}:e0"]
    assert article.text[meet["start"]:meet["end"]] == meet["evidence"]
    assert meet["date"] == "2024-12-19" and meet["location"]["geonameid"] == 360630
    with store.read() as conn:
        flat = conn.execute(
            select(event_actors.c.role, event_actors.c.code)
            .where(event_actors.c.event_id == meet["id"]).order_by(event_actors.c.role)
        ).all()
    assert [tuple(r) for r in flat] == [("actor", "IRNGOV"), ("recipient", "TURGOV")]


def test_learned_actor_is_kept_with_its_evidence(store):
    article, analysis = _es()
    store.save(article, analysis, run_id=None)
    learned = store.learned_actors()
    assert [a["kb_id"] for a in learned] == ["learned:bassam-al-sabbagh"]
    ev = learned[0]["evidence"]
    assert article.text[ev["start"]:ev["end"]] == "Bassam al-Sabbagh"
    assert ev["article_id"] == article.id
    with store.read() as conn:
        ingested = conn.execute(select(articles.c.ingested_at)).scalar_one()
    # an undated article: the day it was ingested stands for its news date
    assert (learned[0]["first_seen"], learned[0]["last_seen"]) == (str(ingested.date()),) * 2


@pytest.mark.parametrize(("published", "seen"), [
    (dt.date(2024, 12, 20), "2024-12-20"),  # the publication date, not the ingestion day
    (None, "ingested"),  # undated: the ingestion day
])
def test_actors_are_seen_on_the_article_publication_date(store, published, seen):
    article = dataclasses.replace(make_article(EN, language="en"), published=published)
    store.save(article, make_analysis_en(article), run_id=None)
    with store.read() as conn:
        ingested = conn.execute(select(articles.c.ingested_at)).scalar_one()
        row = conn.execute(select(actors.c.first_seen, actors.c.last_seen)
                           .where(actors.c.kb_id == "masoud-pezeshkian")).one()
    expected = str(ingested.date()) if seen == "ingested" else seen
    assert (str(row.first_seen), str(row.last_seen)) == (expected, expected)


def test_pipeline_learned_entries_are_stored_but_never_override_the_kb(store):
    article, analysis = _es()
    analysis.learned = [  # what the resolver hands over (objects or mappings)
        {"kb_id": "learned:bassam-al-sabbagh", "name": "Bassam al-Sabbagh", "country": "SYR",
         "sector": "GOV", "code": "SYRGOV", "aliases": ["al-Sabbagh"],
         "roles": [{"title": "Foreign Minister", "country": "SYR", "sector": "GOV"}]},
        {"kb_id": "recep-tayyip-erdogan", "name": "Erdogan (learned)", "aliases": ["Erdoğan"]},
    ]
    store.upsert_kb_actors([{"kb_id": ERDOGAN.kb_id, "name": ERDOGAN.name, "country": "TUR",
                             "sector": "GOV", "code": "TURGOV", "aliases": ["Erdoğan"]}])
    store.save(article, analysis, run_id=None)
    with store.read() as conn:
        rows = {r.kb_id: r for r in conn.execute(select(actors))}
    assert rows["learned:bassam-al-sabbagh"].aliases == ["al-Sabbagh"]
    assert rows["learned:bassam-al-sabbagh"].roles[0]["title"] == "Foreign Minister"
    assert (rows[ERDOGAN.kb_id].name, rows[ERDOGAN.kb_id].source) == (ERDOGAN.name, "kb")


def test_actor_first_and_last_seen_only_widen(store):
    store.save(*_en(), run_id=None)  # published 2024-12-20
    late_article = dataclasses.replace(
        make_article(ES, language="es"), published=dt.date(2025, 1, 5))
    store.save(late_article, make_analysis_es(late_article), run_id=None)
    earlier = dataclasses.replace(make_article(EN, language="en"), source="b", id="other",
                                  content_hash="e" * 64, published=dt.date(2024, 12, 1))
    store.save(earlier, make_analysis_en(earlier), run_id=None)
    with store.read() as conn:
        seen = conn.execute(
            select(actors.c.first_seen, actors.c.last_seen)
            .where(actors.c.kb_id == "masoud-pezeshkian")).one()
    assert (str(seen.first_seen), str(seen.last_seen)) == ("2024-12-01", "2025-01-05")


@pytest.mark.parametrize(
    ("fail_in", "second"),
    [
        ("upsert_seen_actors", _es),  # a new article, at its last write
        ("upsert_seen_actors", _new_version),  # a stored article, after its rows were replaced
        ("delete_analysis", _new_version),  # a stored article, while replacing
    ],
)
def test_a_failure_mid_save_leaves_nothing_half_written(store, monkeypatch, fail_in, second):
    store.save(*_en(), run_id=None)
    before = _counts(store)

    def boom(*args, **kwargs):
        raise RuntimeError(f"injected failure in {fail_in}")

    monkeypatch.setattr(store_write, fail_in, boom)
    with pytest.raises(RuntimeError, match="injected"):
        store.save(*second(), run_id=None)
    assert _counts(store) == before
    with store.read() as conn:
        assert conn.scalar(select(articles.c.analysis_steps)) == ["events@1"]


def test_a_database_error_mid_save_rolls_back_and_is_raised(store):
    article, analysis = _en()
    analysis.events[2].type = None  # NOT NULL violation on the third event row
    with pytest.raises(IntegrityError):
        store.save(article, analysis, run_id=None)
    assert _counts(store) == dict.fromkeys(_counts(store), 0)


def test_concurrent_writers_store_one_copy(store_url):
    """Two processes' worth of writers racing on the same article: one stores it."""
    stores = [open_store(store_url) for _ in range(4)]
    barrier = threading.Barrier(len(stores))
    outcomes: list[str] = []

    def worker(s: Store, n: int) -> None:
        article, analysis = _en(source=f"feed-{n}")
        barrier.wait()
        outcomes.append(s.save(article, analysis, run_id=None))

    threads = [threading.Thread(target=worker, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["duplicate"] * 3 + ["stored"]
    assert _counts(stores[0]) == {"articles": 1, "article_sources": 4, **EN_ROWS}
    for s in stores:
        s.close()


def test_errors_and_runs_are_recorded(store):
    run = store.start_run("ingest", {"inputs": ("a.txt", "b.bin"), "workers": 2})
    store.record_error(ItemError("b.bin", "read", "binary file: not text"), run_id=run)
    store.record_error(ItemError("feed.jsonl", "parse", "line is not JSON", line=7), run_id=run)
    store.finish_run(run, {"read": 3, "stored": 1, "failed": 2})
    stats = store.stats()
    assert stats["errors"] == {"parse": 1, "read": 1}
    assert stats["runs"][0]["stats"] == {"read": 3, "stored": 1, "failed": 2}
    assert stats["runs"][0]["finished_at"] is not None
    assert stats["counts"]["processing_errors"] == 2


def test_stats_report_languages_and_date_spans(store):
    store.save(*_en(), run_id=None)
    store.save(*_es(), run_id=None)
    stats = store.stats()
    assert stats["languages"] == {"en": 1, "es": 1}
    assert stats["published"] == {"first": "2024-12-20", "last": "2024-12-20"}
    assert stats["event_dates"] == {"first": "2024-11-30", "last": "2024-12-19"}


def test_has_article_and_record_sighting(store):
    article, analysis = _en()
    assert not store.has_article(article)
    store.save(article, analysis, run_id=None)
    assert store.has_article(article)
    assert store.has_article(article, steps=["events@1"])
    assert not store.has_article(article, steps=["events@2"])
    assert store.record_sighting(dataclasses.replace(article, source="mirror/copy.txt"))
    assert not store.record_sighting(make_article(ES, language="es"))
    with store.read() as conn:
        sources = sorted(conn.scalars(select(article_sources.c.source)))
    assert sources == ["examples/articles/000_2008e6402e0ebef9.txt", "mirror/copy.txt"]


def test_seen_items_survive_reopening(store_url):
    from eventwire.store.seen import mark_seen, unseen

    with open_store(store_url) as s:
        keys = ["file:/in/a.txt:10:1", "file:/in/b.txt:20:2"]
        assert unseen(s, keys) == keys
        mark_seen(s, keys[0])
        mark_seen(s, keys[0])
    with open_store(store_url) as s:
        assert unseen(s, keys) == keys[1:]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://eventwire@127.0.0.1:55432/news",
         "postgresql+psycopg://eventwire@127.0.0.1:55432/news"),
        ("postgres://u:p@db/news", "postgresql+psycopg://u:p@db/news"),
        ("postgresql+psycopg2://u@db/news", "postgresql+psycopg://u@db/news"),
        ("postgresql+psycopg://u@db/news", "postgresql+psycopg://u@db/news"),
        ("sqlite:////var/data/ew.db", "sqlite:////var/data/ew.db"),
        (":memory:", "sqlite://"),
        ("/var/data/ew.db", "sqlite:////var/data/ew.db"),
    ],
)
def test_database_urls(given, expected):
    assert normalize_url(given) == expected


def test_relative_path_means_sqlite_file_in_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert normalize_url("eventwire.db") == f"sqlite:///{tmp_path / 'eventwire.db'}"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("", "empty database URL"),
        ("/no/such/folder/ew.db", "folder /no/such/folder does not exist"),
        ("postgresql://nobody@127.0.0.1:1/news", "cannot open database"),  # nothing listens
    ],
)
def test_bad_database_urls_say_what_to_do(url, message):
    from eventwire.errors import StoreError

    with pytest.raises(StoreError, match=message):
        open_store(url)


def test_learned_kb_entries_round_trip_into_the_next_run(store):
    """The resolver's learned Entry objects are stored and come back as the KB reads them."""
    from eventwire.knowledge import Alias, Entry, Role, entry_from_record

    article, analysis = _es()
    learned = Entry("learned:bassam-al-sabbagh", "Bassam al-Sabbagh", "person", country="SYR",
                    sector="GOV", code="SYRGOV",
                    aliases=[Alias("Bassam al-Sabbagh"), Alias("al-Sabbagh", "surname")],
                    roles=[Role("Foreign Minister", "SYR", "GOV", dt.date(2023, 9, 1))],
                    source="learned",
                    evidence={"article_id": article.id, "text": "Bassam al-Sabbagh, ministro"})
    analysis.learned = [learned]
    store.save(article, analysis, run_id=None)
    (record,) = store.learned_actors()
    back = entry_from_record(record)
    assert (back.kb_id, back.name, back.code, back.source) == (
        learned.kb_id, learned.name, "SYRGOV", "learned")
    assert [str(a) for a in back.aliases] == ["Bassam al-Sabbagh", "al-Sabbagh"]
    assert back.roles == learned.roles and back.evidence == learned.evidence


@pytest.mark.parametrize(
    ("sqlstate", "failures", "outcome"),
    [
        ("40P01", 1, "stored"),  # deadlock detected: retried
        ("40001", 2, "stored"),  # serialization failure twice: third attempt succeeds
        ("40P01", 3, "raises"),  # gives up after SAVE_ATTEMPTS
        ("42P01", 1, "raises"),  # undefined table: not a transient error
    ],
)
def test_transient_lock_conflicts_are_retried(store, monkeypatch, sqlstate, failures, outcome):
    from sqlalchemy.exc import OperationalError

    real = store_write.save_article
    calls = []

    class Orig(Exception):
        pass

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) <= failures:
            orig = Orig("conflict")
            orig.sqlstate = sqlstate
            raise OperationalError("INSERT ...", {}, orig)
        return real(*args, **kwargs)

    monkeypatch.setattr(store_write, "save_article", flaky)
    if outcome == "raises":
        with pytest.raises(OperationalError):
            store.save(*_en(), run_id=None)
        assert store.counts()["articles"] == 0
    else:
        assert store.save(*_en(), run_id=None) == outcome
        assert len(calls) == failures + 1


def test_concurrent_writers_of_different_articles_sharing_actors(store_url):
    """Writers upserting the same actors at once neither fail nor lose first/last_seen."""
    stores = [open_store(store_url) for _ in range(3)]
    errors: list[BaseException] = []

    def worker(s: Store, n: int) -> None:
        try:
            for i in range(4):
                day = dt.date(2024, 12, 1 + 3 * n + i)
                base = make_article(EN, language="en")
                text = f"{base.text}\n\nUpdated {day}."
                article = dataclasses.replace(base, id=f"a{n}{i}", text=text, published=day,
                                              content_hash=f"{n}{i}".ljust(64, "0"))
                s.save(article, make_analysis_en(article), run_id=None)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with stores[0].read() as conn:
        seen = {r.kb_id: (str(r.first_seen), str(r.last_seen))
                for r in conn.execute(select(actors))}
    assert stores[0].counts()["articles"] == 12
    assert seen[ERDOGAN.kb_id] == ("2024-12-01", "2024-12-10")
    for s in stores:
        s.close()


def test_kb_actors_seen_in_articles_can_be_described_later(store):
    store.save(*_en(), run_id=None)
    assert store.undescribed_actors() == ["country:ISR", "masoud-pezeshkian",
                                          "recep-tayyip-erdogan"]
    store.upsert_kb_actors([{"kb_id": "masoud-pezeshkian", "name": "Masoud Pezeshkian",
                             "country": "IRN", "aliases": ["Pezeshkian"],
                             "roles": [{"title": "president", "start": dt.date(2024, 7, 28)}]}])
    assert store.undescribed_actors() == ["country:ISR", "recep-tayyip-erdogan"]
    with store.read() as conn:
        row = conn.execute(select(actors).where(actors.c.kb_id == "masoud-pezeshkian")).one()
    assert row.roles == [{"title": "president", "start": "2024-07-28"}]
    assert (str(row.first_seen), row.source) == ("2024-12-20", "kb")  # seen dates kept

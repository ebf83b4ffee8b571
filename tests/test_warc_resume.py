"""An interrupted ingest of a WARC file restarts where it stopped, and nothing is stored twice
(on SQLite and, with EVENTWIRE_TEST_PG, on PostgreSQL)."""

from __future__ import annotations

import os

import pytest

from eventwire.ingest.warc import fingerprint
from eventwire.pipeline import run
from eventwire.settings import Settings
from eventwire.store.positions import saved_position
from warcs import Rec, article_page, write_warc

SETTINGS = Settings(learned_events=False)
PAGES = 7


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "news.warc.gz"
    records = []
    for i in range(PAGES):
        records.append(Rec(f"https://a.example/{i}", article_page(i)))
        records.append(Rec(f"https://a.example/{i}.jpg", b"\xff\xd8", content_type="image/jpeg"))
    offsets = write_warc(path, records)
    return path, offsets[::2]  # the offsets of the pages


class Interrupted(BaseException):
    """Stands for Ctrl-C or a killed process (not an Exception: nothing catches it)."""


def interrupt_at(store, monkeypatch, call: int) -> None:
    """Make the store's ``call``-th save raise Interrupted."""
    original = store.save
    calls = {"n": 0}

    def save(article, analysis, *, run_id):
        calls["n"] += 1
        if calls["n"] == call:
            raise Interrupted
        return original(article, analysis, run_id=run_id)

    monkeypatch.setattr(store, "save", save)


def ingest(path, store, **kwargs):
    return run.ingest([str(path)], store=store, settings=SETTINGS, cluster_stories=False,
                      **kwargs)


def test_an_interrupted_ingest_resumes_and_stores_each_article_once(
    store, archive, monkeypatch
) -> None:
    path, page_offsets = archive
    monkeypatch.setattr(run, "BATCH_SIZE", 2)  # waves (0 1) (2 3) (4 5) (6)
    with monkeypatch.context() as patch:
        interrupt_at(store, patch, call=6)  # page 4 is stored, page 5 is not
        with pytest.raises(Interrupted):
            ingest(path, store)
    assert store.counts()["articles"] == 5
    # saved after the wave (2 3): the last position read before page 4, i.e. page 4's offset
    resolved, mark = os.path.realpath(path), fingerprint(str(path))
    assert saved_position(store, resolved, mark) == page_offsets[4]
    report = ingest(path, store)
    assert resolved in report.resumed
    # pages 4, 5, 6 and their images are read again; page 4 was stored already
    assert (report.read, report.stored, report.duplicates, report.failed) == (6, 2, 1, 0)
    assert report.skipped == {"not-html": 3}
    assert store.counts()["articles"] == PAGES
    assert store.counts()["article_sources"] == PAGES  # no source recorded twice
    assert saved_position(store, resolved, mark) == path.stat().st_size


def test_a_finished_file_is_not_read_again_unless_restarted(store, archive) -> None:
    path, _ = archive
    first = ingest(path, store)
    assert (first.stored, first.skipped) == (PAGES, {"not-html": PAGES})
    again = ingest(path, store)
    assert (again.read, again.stored) == (0, 0)
    restarted = ingest(path, store, restart=True)
    assert (restarted.read, restarted.duplicates) == (2 * PAGES, PAGES)
    assert store.counts()["articles"] == PAGES


def test_another_file_at_the_same_path_is_read_from_the_start(store, archive) -> None:
    path, _ = archive
    ingest(path, store)
    write_warc(path, [Rec("https://b.example/new", article_page(3, date="2024-11-02"))])
    report = ingest(path, store)
    assert not report.resumed and report.read == 1

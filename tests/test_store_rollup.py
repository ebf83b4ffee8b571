"""actor_periods: top actors over a date range from the rollup equal the join over events."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import make_analysis_en, make_analysis_es, make_article
from eventwire import query
from eventwire.query import EventFilter
from eventwire.query import aggregates as query_aggregates
from eventwire.store import migrations, open_store
from eventwire.store.rollup import tiles

pytest_plugins = ("test_query_samples",)  # the sample_db fixture
D = dt.date


@pytest.mark.parametrize(("lo", "hi", "expected"), [
    (D(2024, 1, 1), D(2024, 12, 31), [("Y", D(2024, 1, 1), D(2024, 12, 31))]),
    (D(2024, 11, 1), D(2024, 12, 31), [("M", D(2024, 11, 1), D(2024, 11, 30)),
                                       ("M", D(2024, 12, 1), D(2024, 12, 31))]),
    (D(2024, 11, 20), D(2025, 2, 3), [("D", D(2024, 11, 20), D(2024, 11, 30)),
                                      ("M", D(2024, 12, 1), D(2024, 12, 31)),
                                      ("M", D(2025, 1, 1), D(2025, 1, 31)),
                                      ("D", D(2025, 2, 1), D(2025, 2, 3))]),
    (D(2023, 12, 31), D(2025, 1, 1), [("D", D(2023, 12, 31), D(2023, 12, 31)),
                                      ("Y", D(2024, 1, 1), D(2024, 12, 31)),
                                      ("D", D(2025, 1, 1), D(2025, 1, 1))]),
    (D(2024, 2, 1), D(2024, 2, 29), [("M", D(2024, 2, 1), D(2024, 2, 29))]),  # leap month
    (D(2024, 12, 19), D(2024, 12, 19), [("D", D(2024, 12, 19), D(2024, 12, 19))]),
])
def test_tiles_cover_the_range_with_the_fewest_periods(lo, hi, expected):
    assert tiles(lo, hi) == expected


def _joined(db, f, monkeypatch):
    """top_actors through the join over events (the rollup bypassed)."""
    with monkeypatch.context() as m:
        m.setattr(query_aggregates, "_only_dates", lambda _f: False)
        return _key(query.top_actors(db, f, limit=100))


def _key(rows):
    return sorted((r["events"], r["name"], r["kb_id"] or "", r["code"] or "") for r in rows)


RANGES = [
    (D(2024, 1, 1), D(2024, 12, 31)),  # a whole year
    (D(2024, 11, 1), D(2024, 11, 30)),  # a whole month
    (D(2024, 11, 20), D(2024, 12, 19)),  # days at both ends
    (D(2024, 12, 19), D(2024, 12, 19)),  # one day
    (D(2020, 1, 1), D(2020, 6, 30)),  # nothing then
]


@pytest.mark.parametrize(("lo", "hi"), RANGES)
@pytest.mark.parametrize("include_negated", [False, True])
def test_rollup_equals_the_join_on_the_samples(sample_db, monkeypatch, lo, hi, include_negated):
    f = EventFilter(date_from=lo, date_to=hi, include_negated=include_negated)
    assert _key(query.top_actors(sample_db, f, limit=100)) == _joined(sample_db, f, monkeypatch)


def test_the_samples_rank_pezeshkian_first_in_2024(sample_db):
    top = query.top_actors(sample_db, EventFilter(date_from=D(2024, 1, 1),
                                                  date_to=D(2024, 12, 31)), limit=1)
    assert top[0]["kb_id"] == "masoud-pezeshkian" and top[0]["events"] > 1


def _two_articles(store):
    en = dataclasses.replace(make_article("000_2008e6402e0ebef9.txt", language="en"),
                             published=D(2024, 12, 20))
    es = make_article("004_1d7981e0e1efbe65.txt", language="es")
    store.save(en, make_analysis_en(en), run_id=None)
    store.save(es, make_analysis_es(es), run_id=None)
    return en


YEAR = EventFilter(date_from=D(2024, 1, 1), date_to=D(2024, 12, 31))


def test_reanalysing_an_article_replaces_its_counts(store, monkeypatch):
    en = _two_articles(store)
    once = _key(query.top_actors(store, YEAR))
    assert once and once == _joined(store, YEAR, monkeypatch)
    assert store.save(en, make_analysis_en(en, steps=("events@2",)), run_id=None) == "updated"
    assert _key(query.top_actors(store, YEAR)) == once  # not counted twice


def test_the_migration_counts_events_stored_before_it(store_url, monkeypatch):
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:4])
    with open_store(store_url) as store:
        _two_articles(store)
        with store.write() as conn:  # as in a database from before 0005
            conn.exec_driver_sql("DROP TABLE actor_periods")
    monkeypatch.undo()
    with open_store(store_url) as store:  # applies 0005: backfills actor_periods
        got = _key(query.top_actors(store, YEAR))
        assert got and got == _joined(store, YEAR, monkeypatch)

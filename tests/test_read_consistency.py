"""One filter, one count: the dashboard, actor pages, dyad pages, the events list, the CLI and
the API agree, on a store the pipeline built from real articles (SQLite and PostgreSQL).

The store holds the five sample articles and the en/es/fr story fixture (48 articles), coded
by the analyzers as they are today: the equalities below hold whatever the coder finds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from conftest import BACKENDS
from eventwire import query
from eventwire.api import create_app
from eventwire.cli import main
from eventwire.pipeline import ingest
from eventwire.settings import Settings
from eventwire.store import open_store
from paths import REPO
from throwaway_pg import throwaway_database

STORY_FIXTURE = REPO / "tests" / "fixtures" / "stories" / "articles.jsonl"
EXAMPLES = REPO / "examples" / "articles"

# each row: terms people type for one actor, and the scope they must all resolve to
SAME_ACTOR = [
    (["Pezeshkian", "masoud-pezeshkian", "Masoud Pezeshkian", "PEZESHKIAN",
      "actor:masoud-pezeshkian"], "actor:masoud-pezeshkian"),
    (["IRN", "irn", "Iran", "Irán", "country:IRN", "country:irn"], "country:IRN"),
    (["IRNGOV", "irngov", "code:IRNGOV"], "code:IRNGOV"),
    (["TUR", "Turkey", "Turquía", "Turquie", "Türkiye"], "country:TUR"),
    (["Erdogan", "recep-tayyip-erdogan"], "actor:recep-tayyip-erdogan"),
]


def _ingested(url: str) -> Iterator:
    with open_store(url) as store:
        report = ingest([str(EXAMPLES), str(STORY_FIXTURE)], store=store,
                        settings=Settings(db=url))
        assert report.stored == 48, report.errors
        yield url, store


@pytest.fixture(scope="module", params=BACKENDS)
def real_store(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator:
    if request.param == "sqlite":
        yield from _ingested(str(tmp_path_factory.mktemp("consistency") / "real.db"))
        return
    with throwaway_database("ew_consistency") as url:
        yield from _ingested(url)


@pytest.fixture(scope="module")
def api(real_store) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), db=real_store[1])) as client:
        yield client


def get(api: TestClient, url: str) -> dict:
    response = api.get(url)
    assert response.status_code == 200, (url, response.text)
    return response.json()


def cli_total(url: str, *args: str) -> int:
    result = CliRunner().invoke(main, ["--db", url, "events", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["total"]


@pytest.mark.parametrize(("terms", "scope"), SAME_ACTOR)
def test_every_way_of_naming_an_actor_gives_one_scope_and_one_count(real_store, api, terms,
                                                                    scope):
    url, store = real_store
    totals = set()
    for term in terms:
        assert query.resolve_actor(store, term).term == scope, term
        page = get(api, f"/api/actors/{quote(term)}")
        assert page["actor"]["term"] == scope
        totals |= {
            get(api, f"/api/events?actor={quote(term)}")["total"],
            page["events"]["total"],
            query.list_events(store, query.EventFilter(actor=term)).total,
            cli_total(url, "--actor", term),
        }
    assert len(totals) == 1, (terms, totals)
    assert totals.pop() > 0


def test_a_country_rolls_up_its_sectors_and_people(real_store, api):
    iran = get(api, "/api/actors/IRN")
    state_only = get(api, "/api/actors/IRN?exact=true")
    government = get(api, "/api/events?actor=IRNGOV")["total"]
    president = get(api, "/api/events?actor=Pezeshkian")["total"]
    assert iran["events"]["total"] >= max(government, president, state_only["events"]["total"])
    assert iran["events"]["total"] > state_only["events"]["total"]
    members = {m["term"] for m in iran["members"]}
    assert {"actor:masoud-pezeshkian", "country:IRN"} <= members
    assert all(m["country"] == "IRN" for m in iran["members"])
    assert get(api, "/api/events?actor=IRN&exact=true")["total"] == state_only["events"]["total"]


def test_a_persons_header_gives_the_role_not_codes(api):
    actor = get(api, "/api/actors/Pezeshkian")["actor"]
    assert actor["role"]["title"] == "president" and actor["role"]["country_name"] == "Iran"
    assert actor["label"] == "Masoud Pezeshkian" and actor["country_name"] == "Iran"


def test_counterparts_are_one_row_per_country_and_count_their_dyad(api):
    for term in ("IRN", "Pezeshkian", "SYR"):
        page = get(api, f"/api/actors/{term}")
        me = page["actor"]["term"]
        rows = [(c["term"], c["direction"]) for c in page["counterparts"]]
        assert len(rows) == len(set(rows)), rows  # no counterpart twice in one direction
        for c in page["counterparts"]:
            a, b = (me, c["term"]) if c["direction"] == "outgoing" else (c["term"], me)
            dyad = get(api, f"/api/dyads/{quote(a)}/{quote(b)}?either_direction=false")
            assert dyad["counts"]["a_to_b"] == dyad["events"]["total"] == c["events"], (me, c)


def test_dyad_tables_dashboard_and_dyad_pages_agree(api):
    dashboard = get(api, "/api/dashboard")
    table = get(api, "/api/dyads?level=country&limit=10")["items"]
    assert [(d["source"]["term"], d["target"]["term"], d["count"]) for d in dashboard["dyads"]] \
        == [(d["source"]["term"], d["target"]["term"], d["count"]) for d in table]
    assert table, "the store has dyads"
    for d in table:
        a, b = d["source"]["term"], d["target"]["term"]
        page = get(api, f"/api/dyads/{quote(a)}/{quote(b)}")
        listed = get(api, f"/api/events?dyad={quote(a)},{quote(b)}&either_direction=false")
        assert page["counts"]["a_to_b"] == listed["total"] == d["count"], d
        reverse = get(api, f"/api/events?dyad={quote(b)},{quote(a)}&either_direction=false")
        assert page["counts"]["b_to_a"] == reverse["total"]
        assert page["events"]["total"] >= max(page["counts"]["a_to_b"], page["counts"]["b_to_a"])
        assert d["source"]["name"] != d["source"]["key"]  # Iran, not IRN


def test_undated_events_are_counted_where_a_date_range_leaves_them_out(api):
    everything = get(api, "/api/events")["total"]
    window = get(api, "/api/dashboard")["window"]
    ranged = get(api, f"/api/events?date_from={window['data_from']}&date_to={window['data_to']}")
    assert ranged["total"] + ranged["undated"] == everything
    counts = get(api, "/api/aggregates/counts")
    assert sum(c["count"] for c in counts["items"]) + counts["undated"] == everything
    dashboard = get(api, "/api/dashboard")
    assert dashboard["events"] == everything and dashboard["undated"] == counts["undated"]


def test_a_dashboard_for_a_range_counts_what_the_events_list_counts(api):
    window = get(api, "/api/dashboard")["window"]
    span = f"date_from={window['data_to'][:8]}01&date_to={window['data_to']}"
    dashboard = get(api, f"/api/dashboard?{span}")
    assert dashboard["events"] == get(api, f"/api/events?{span}")["total"]
    assert sum(c["count"] for c in dashboard["counts"]) == dashboard["events"]
    for d in dashboard["dyads"]:
        a, b = d["source"]["term"], d["target"]["term"]
        page = get(api, f"/api/dyads/{quote(a)}/{quote(b)}?{span}")
        assert page["counts"]["a_to_b"] == d["count"]


def test_the_actor_list_counts_what_the_actor_page_counts(api):
    for item in get(api, "/api/actors?limit=15")["items"]:
        page = get(api, f"/api/actors/{quote(item['term'])}")
        assert page["events"]["total"] == item["events"], item


# each facet and the EventFilter field that selects its values exactly (place is a substring)
FACET_FIELDS = {"type": "type", "mode": "mode", "language": "language",
                "actor_country": "actor_country", "country": "country"}


@pytest.mark.parametrize("narrow", [{}, {"type": "CONSULT"}, {"actor": "IRN"}])
def test_facet_counts_are_what_the_events_list_counts(real_store, narrow):
    store = real_store[1]
    f = query.EventFilter(**narrow)
    facets = query.facet_counts(store, f)
    assert facets["type"], facets
    for facet, field in FACET_FIELDS.items():
        for item in facets[facet]:
            chosen = query.EventFilter(**{**narrow, field: item["value"]})
            total = query.list_events(store, chosen, query.Page(limit=1)).total
            assert total == item["events"], (facet, item)


def test_totals_count_each_actor_once_and_pages_share_one_series(real_store):
    from sqlalchemy import func, select

    from eventwire.store.schema import event_actors

    store = real_store[1]
    with store.engine.connect() as conn:
        actors = conn.execute(select(func.count(func.distinct(
            func.coalesce(event_actors.c.kb_id, event_actors.c.name))))).scalar_one()
    assert query.totals(store)["actors"] == actors > 0
    first, last = query.data_span(store)
    assert first is not None and first <= last
    profile = query.actor_profile(store, "IRN", interval="week")
    assert profile["timeline"] == query.event_counts(
        store, query.EventFilter(actor="IRN"), interval="week")
    dyad = query.dyad_detail(store, "IRN", "TUR", interval="month")
    both = query.EventFilter(dyad=("IRN", "TUR"))
    assert dyad["timeline"] == query.event_counts(store, both, interval="month")

"""The review loop: an analyst marks an event wrong (or corrects it); the verdict is stored
beside the machine's coding, applied in every count and export, exported as gold, and kept
across a re-analysis."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from eventwire import query
from eventwire.api import create_app
from eventwire.cli import main
from eventwire.settings import Settings
from eventwire.store.reviews import ReviewError, add_review
from eventwire.store.schema import events
from test_api import assert_error

pytest_plugins = ("test_read_consistency",)  # real_store: the pipeline-built store
TOKEN = "review-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def api(real_store):
    with TestClient(create_app(Settings(write_token=TOKEN), db=real_store[1])) as client:
        yield client


def counts(api: TestClient, url: str, a: str, b: str) -> dict[str, int]:
    """Every count the marked event is part of: listings, pages, aggregates, exports, CLI."""
    dyad = f"dyad={quote(a)},{quote(b)}&either_direction=false"
    table = api.get("/api/dyads?limit=50").json()["items"]
    csv_body = api.get(f"/api/export/events?{dyad}&format=csv")
    cli = CliRunner().invoke(main, ["--db", url, "events", "--dyad", f"{a},{b}", "--json"])
    return {
        "events": api.get("/api/events").json()["total"],
        "dyad list": api.get(f"/api/events?{dyad}").json()["total"],
        "dyad page": api.get(f"/api/dyads/{quote(a)}/{quote(b)}").json()["counts"]["a_to_b"],
        "dyad table": next(d["count"] for d in table
                           if (d["source"]["term"], d["target"]["term"]) == (a, b)),
        "actor page": api.get(f"/api/actors/{quote(a)}").json()["events"]["total"],
        "dashboard": api.get("/api/dashboard").json()["events"],
        "types": sum(t["events"] for t in api.get("/api/aggregates/types").json()["items"]),
        "export header": int(csv_body.headers["x-total-count"]),
        "export rows": len(list(csv.DictReader(io.StringIO(csv_body.text)))),
        "cli": json.loads(cli.output)["total"] if cli.exit_code == 0 else -1,
    }


def test_an_event_marked_wrong_leaves_every_count_and_export(real_store, api):
    url, store = real_store
    top = api.get("/api/dyads?limit=1").json()["items"][0]
    a, b = top["source"]["term"], top["target"]["term"]
    before = counts(api, url, a, b)
    event = api.get(f"/api/events?dyad={quote(a)},{quote(b)}&either_direction=false&limit=1"
                    ).json()["items"][0]
    response = api.post(f"/api/events/{quote(event['id'])}/reviews", headers=AUTH,
                        json={"verdict": "wrong", "note": "a statement, not a meeting"})
    assert response.status_code == 201, response.text
    after = counts(api, url, a, b)
    assert {k: before[k] - after[k] for k in before} == {k: 1 for k in before}
    detail = api.get(f"/events/{quote(event['id'])}?format=json").json()
    assert detail["reviews"][0]["verdict"] == "wrong"
    assert detail["event"]["type"] == event["type"]  # the machine's coding is kept
    assert event["id"] not in {e["id"] for e in store.iter_events()}  # the CLI export too


def test_the_gold_file_drops_wrong_events_and_scores_the_coder(real_store, api, tmp_path):
    url, store = real_store
    # an event whose type is unique in its article: once it is wrong, nothing else covers it
    events = list(store.iter_events())
    pick = next(e for e in events
                if sum(1 for o in events if o["article_id"] == e["article_id"]
                       and o["type"] == e["type"]) == 1 and not e["negated"])
    other = next(e for e in events if e["article_id"] == pick["article_id"]
                 and e["id"] != pick["id"] and not e["negated"])
    for event_id, body in ((pick["id"], {"verdict": "wrong"}),
                           (other["id"], {"verdict": "corrected", "date": "2024-01-02"})):
        assert api.post(f"/api/events/{quote(event_id)}/reviews", headers=AUTH,
                        json=body).status_code == 201
    gold = api.get("/api/reviews/gold").json()["items"]
    record = next(r for r in gold if r["file"] == f"{pick['article_id']}.txt")
    assert pick["type"] not in {e["type"] for e in record["events"]}
    corrected = [e for e in record["events"] if not e["optional"]]
    assert corrected and all(e["date"] == "2024-01-02" for e in corrected)
    out = tmp_path / "gold"
    result = CliRunner().invoke(main, ["--db", url, "reviews", "export", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / record["file"]).read_text(encoding="utf-8")
    assert text.startswith(f" date {record['published']} ") if record["published"] else text
    scored = CliRunner().invoke(main, ["evaluate", str(out / "gold.jsonl"), "--json"])
    assert scored.exit_code == 0, scored.output
    report = json.loads(scored.output)
    assert report["events_undated"]["precision"] < 1  # the coder still emits the wrong event


def test_a_review_follows_its_trigger_through_a_reanalysis(store, article_en, analysis_en):
    store.save(article_en, analysis_en, run_id=None)
    first = next(e for e in store.iter_events() if e["type"] == "REQUEST")
    with store.write() as conn:
        add_review(conn, first["id"], "wrong")
    # re-analysed: a new event before it shifts every id
    shifted = dataclasses.replace(analysis_en, steps=["events@2"],
                                  events=[analysis_en.events[2], *analysis_en.events])
    assert store.save(article_en, shifted, run_id=None) == "updated"
    with store.read() as conn:  # the events table itself: exports leave the reviewed one out
        again = conn.execute(select(events).where(events.c.type == "REQUEST")).mappings().one()
    assert again["trigger"] == first["trigger"] and again["id"] != first["id"]
    assert [r["event_id"] for r in query.reviews.list_reviews(store).items] == [again["id"]]
    assert again["id"] not in {e["id"] for e in query.list_events(store).items}


# (body, status, code, words)
BAD_REVIEWS = [
    ({"verdict": "maybe"}, 422, "invalid_request", ["verdict"]),
    ({"verdict": "corrected"}, 400, "bad_request", ["at least one field"]),
    ({"verdict": "corrected", "type": "NOPE"}, 400, "bad_request", ["NOPE", "CONSULT"]),
    ({"verdict": "corrected", "actor": "Atlantis"}, 400, "bad_request", ["Atlantis"]),
    ({"verdict": "corrected", "date": "20240102"}, 400, "bad_request", ["YYYY-MM-DD"]),
    ({"verdict": "wrong", "colour": "red"}, 422, "invalid_request", ["colour"]),
]


@pytest.mark.parametrize(("body", "status", "code", "words"), BAD_REVIEWS)
def test_bad_reviews_are_refused_with_the_reason(api, real_store, body, status, code, words):
    event_id = next(real_store[1].iter_events())["id"]
    response = api.post(f"/api/events/{quote(event_id)}/reviews", headers=AUTH, json=body)
    assert_error(response, status, code, *words)


def test_reviews_need_the_write_token_and_a_real_event(api, real_store):
    event_id = quote(next(real_store[1].iter_events())["id"])
    assert_error(api.post(f"/api/events/{event_id}/reviews", json={"verdict": "wrong"}),
                 401, "unauthorized", "token")
    assert_error(api.post(f"/api/events/{event_id}/reviews", json={"verdict": "wrong"},
                          headers={"authorization": "Bearer nope"}), 403, "bad_token")
    assert_error(api.post("/api/events/nope:e1/reviews", json={"verdict": "wrong"},
                          headers=AUTH), 404, "not_found", "nope:e1")


def test_the_store_refuses_unknown_fields(store, article_en, analysis_en):
    store.save(article_en, analysis_en, run_id=None)
    event_id = next(store.iter_events())["id"]
    with store.write() as conn, pytest.raises(ReviewError, match="unknown fields"):
        add_review(conn, event_id, "corrected", fields={"colour": "red"})

"""The API answers every case a new user tried (issue: one consistent read side).

Each row is a request that used to be silently ignored or answered oddly, with what it gives
now: the same count as its canonical spelling, or a specific error naming the fix.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.settings import Settings
from test_api import assert_error

pytest_plugins = ("test_query_samples",)  # the sample_db fixture


@pytest.fixture(scope="module")
def client(sample_db):
    with TestClient(create_app(Settings(), db=sample_db)) as c:
        yield c


def total(client: TestClient, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, response.text
    body = response.json()
    return body["total"] if "total" in body else body["events"]["total"]


# (url, the canonical url that must give the same non-zero total)
SAME_TOTAL = [
    ("/api/events?actor=Pezeshkian", "/api/events?actor=masoud-pezeshkian"),
    ("/api/events?actor=pezeshkian", "/api/events?actor=masoud-pezeshkian"),
    ("/api/events?actor=Masud%20Pezeshkian", "/api/events?actor=masoud-pezeshkian"),
    ("/api/actors/Pezeshkian", "/api/events?actor=masoud-pezeshkian"),
    ("/api/actors/IRNGOV", "/api/events?actor=IRNGOV"),
    ("/api/actors/irngov", "/api/events?actor=IRNGOV"),
    ("/api/events?actor=irn", "/api/events?actor=IRN"),
    ("/api/events?actor=Iran", "/api/events?actor=IRN"),
    ("/api/events?actor=Ir%C3%A1n", "/api/events?actor=IRN"),
    ("/api/actors/IRN", "/api/events?actor=IRN"),
    ("/api/events?language=EN", "/api/events?language=en"),
    ("/api/events?type=consult", "/api/events?type=CONSULT"),
    ("/api/events?country=syr", "/api/events?country=SYR"),
    ("/api/events?country=Syria", "/api/events?country=SYR"),
    ("/api/events?actor_country=turkey", "/api/events?actor_country=TUR"),
    ("/api/articles?language=ES", "/api/articles?language=es"),
    ("/api/quotes?language=EN", "/api/quotes?language=en"),
]


@pytest.mark.parametrize(("url", "canonical"), SAME_TOTAL)
def test_codes_and_actor_terms_read_the_way_people_type_them(client, url, canonical):
    n = total(client, canonical)
    assert n > 0 and total(client, url) == n


# (url, status, code, words the message must hold)
ERRORS = [
    ("/api/events?start=2024-11-01", 400, "bad_request", ["'start'", "date_from", "takes:"]),
    ("/api/events?end=2024-11-01", 400, "bad_request", ["'end'", "date_to"]),
    ("/api/events?format=csv", 400, "bad_request", ["'format'", "/api/export/"]),
    ("/api/articles?sort=date", 400, "bad_request", ["'sort'", "language"]),
    ("/api/dashboard?actr=IRN", 400, "bad_request", ["'actr'"]),
    ("/api/events?type=NOTATYPE", 400, "bad_request", ["NOTATYPE", "CONSULT", "ASSAULT"]),
    ("/api/events?mode=teleport", 400, "bad_request", ["teleport", "phone"]),
    ("/api/events?language=english", 400, "bad_request", ["english", "ISO 639-1"]),
    ("/api/events?language=zz", 400, "bad_request", ["'zz'"]),
    ("/api/events?country=Atlantis", 400, "bad_request", ["Atlantis", "alpha-3"]),
    ("/api/events?actor_sector=XYZ", 400, "bad_request", ["XYZ", "GOV"]),
    ("/api/events?date_from=20241201", 400, "bad_request", ["YYYY-MM-DD", "20241201"]),
    ("/api/events?date_from=2024-13-01", 400, "bad_request", ["YYYY-MM-DD"]),
    ("/api/events?date_from=2024-12-02&date_to=2024-12-01", 400, "bad_request", ["after"]),
    ("/api/articles?date_from=2024-12-02&date_to=2024-12-01", 400, "bad_request", ["after"]),
    ("/api/dashboard?date_from=2024-12-02&date_to=2024-12-01", 400, "bad_request", ["after"]),
    ("/api/aggregates/counts?date_from=2024-12-02&date_to=2024-12-01", 400, "bad_request",
     ["after"]),
    ("/api/quotes?since=yesterday", 400, "bad_request", ["since", "YYYY-MM-DD"]),
    ("/api/actors/NOPE", 404, "not_found", ["NOPE"]),
    ("/api/dyads/IRN/NOPE", 404, "not_found", ["NOPE"]),
    ("/api/events?actor=NOPE", 404, "not_found", ["NOPE"]),
    ("/api/events?dyad=IRN,NOPE", 404, "not_found", ["NOPE"]),
    ("/api/events?actor=Salman", 409, "ambiguous", ["King Salman", "Mohammed bin Salman"]),
    ("/api/actors/Salman", 409, "ambiguous", ["actor:king-salman"]),
    ("/api/actors?country=Atlantis", 400, "bad_request", ["Atlantis"]),
    ("/api/stories?language=xx", 400, "bad_request", ["'xx'"]),
]


@pytest.mark.parametrize(("url", "status", "code", "words"), ERRORS)
def test_bad_parameters_get_a_specific_error(client, url, status, code, words):
    assert_error(client.get(url), status, code, *words)


def test_errors_carry_the_valid_values_and_the_candidates(client):
    err = assert_error(client.get("/api/events?type=NOTATYPE"), 400, "bad_request")
    assert err["details"][0]["field"] == "type" and "CONSULT" in err["details"][0]["valid"]
    err = assert_error(client.get("/api/events?bogus=1"), 400, "bad_request")
    assert "actor" in err["details"][0]["valid"] and "limit" in err["details"][0]["valid"]
    err = assert_error(client.get("/api/events?actor=Salman"), 409, "ambiguous")
    assert {d["term"] for d in err["details"]} == {"actor:king-salman",
                                                   "actor:mohammed-bin-salman"}


def test_head_answers_every_get_endpoint_without_a_body(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path, ops in paths.items():
        if "get" not in ops or "{" in path:
            continue
        url = path + ("?q=Iran" if path == "/api/search" else "")
        get, head = client.get(url), client.head(url)
        assert head.status_code == get.status_code == 200, (path, head.status_code)
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
    assert client.head("/api/actors/IRN").status_code == 200
    assert client.head("/api/actors/NOPE").status_code == 404


@pytest.mark.parametrize(("url", "once", "links"), [
    ("/events?type=NOTATYPE", "unknown PLOVER type", []),
    ("/events?limit=0", "greater than or equal to 1", []),
    ("/actors/Salman", "names 2 actors", ["/actors/actor%3Aking-salman",
                                          "/actors/actor%3Amohammed-bin-salman"]),
])
def test_error_pages_say_the_message_once_and_link_the_candidates(client, url, once, links):
    html = client.get(url, headers={"accept": "text/html"}).text
    main = re.split(r"<main[^>]*>", html)[1].split("</main>")[0]
    assert main.count(once) == 1, main
    for link in links:
        assert f'href="{link}"' in main

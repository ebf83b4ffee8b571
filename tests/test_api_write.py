"""POST /api/articles: off unless a write token is set; token, size and body checks."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.settings import Settings
from paths import SAMPLES

pytest_plugins = ("test_query_samples",)  # the sample_db fixture

TOKEN = "s3cret-token-for-tests"
DOC = {"text": "Iranian President Masoud Pezeshkian met Turkish President Recep Tayyip Erdogan "
               "in Cairo on Thursday.", "title": "Pezeshkian meets Erdogan",
       "published": "2024-12-20"}


def error_of(response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    err = response.json()["error"]
    assert err["status"] == status and err["code"] == code
    return err["message"]


@pytest.fixture(scope="module")
def writable(sample_db):
    settings = Settings(write_token=TOKEN, max_body_bytes=2_000)
    with TestClient(create_app(settings, db=sample_db)) as c:
        yield c


def test_read_only_by_default(sample_db):
    with TestClient(create_app(Settings(), db=sample_db)) as c:
        message = error_of(c.post("/api/articles", json=DOC,
                                  headers={"authorization": f"Bearer {TOKEN}"}), 403, "read_only")
    assert "EVENTWIRE_WRITE_TOKEN" in message


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        ({}, 401, "unauthorized"),
        ({"authorization": TOKEN}, 401, "unauthorized"),  # no Bearer scheme
        ({"authorization": "Bearer "}, 401, "unauthorized"),
        ({"authorization": "Bearer wrong-token"}, 403, "bad_token"),
        ({"authorization": f"Bearer {TOKEN}x"}, 403, "bad_token"),
        ({"authorization": f"Basic {TOKEN}"}, 401, "unauthorized"),
    ],
)
def test_token_is_required(writable, headers, status, code):
    error_of(writable.post("/api/articles", json=DOC, headers=headers), status, code)


@pytest.mark.parametrize(
    ("body", "code", "words"),
    [
        (b"not json", "invalid_request", "not JSON"),
        (b"[]", "invalid_request", "no documents"),
        (json.dumps({"title": "no text"}).encode(), "invalid_request", "'text'"),
        (json.dumps({"documents": [DOC, {"text": 42}]}).encode(), "invalid_request", "document 1"),
        (json.dumps({"text": "x" * 3_000}).encode(), "payload_too_large", "2000-byte limit"),
    ],
)
def test_bad_bodies_are_refused(writable, body, code, words):
    response = writable.post("/api/articles", content=body,
                             headers={"authorization": f"Bearer {TOKEN}",
                                      "content-type": "application/json"})
    status = 413 if code == "payload_too_large" else 422
    assert words in error_of(response, status, code)


def test_streamed_body_over_the_limit_is_refused(writable):
    def chunks():  # no Content-Length: the limit is enforced while reading
        for _ in range(10):
            yield b"x" * 500

    response = writable.post("/api/articles", content=chunks(),
                             headers={"authorization": f"Bearer {TOKEN}"})
    error_of(response, 413, "payload_too_large")


def test_engine_backed_app_cannot_write(writable):
    """Writes need a Store (the pipeline saves through it), not a bare engine."""
    response = writable.post("/api/articles", json=DOC,
                             headers={"authorization": f"Bearer {TOKEN}"})
    error_of(response, 503, "unavailable")


def test_posted_article_is_analysed_and_stored(tmp_path):
    """With a Store and the token, documents go through the pipeline and become readable."""
    from eventwire.store import open_store

    text = (SAMPLES / "003_d33951d0d46d772f.txt").read_text(encoding="utf-8")
    settings = Settings(db=str(tmp_path / "posted.db"), write_token=TOKEN)
    with open_store(settings.db) as store, TestClient(create_app(settings, db=store)) as c:
        response = c.post("/api/articles", json={"documents": [{"text": text, "id": "sudani"}]},
                          headers={"authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 201, response.text
        report = response.json()
        assert report["stored"] == 1 and report["failed"] == 0
        detail = c.get(f"/api/articles/{report['article_ids'][0]}").json()
        assert detail["published"] == "2024-12-01"
        events = c.get("/api/events", params={"actor": "IRQ"}).json()
        assert events["total"] >= 1  # Al Sudani (Iraq) takes part in the coded events
        again = c.post("/api/articles", json={"text": text},
                       headers={"authorization": f"Bearer {TOKEN}"}).json()
        assert again["duplicates"] == 1 and again["stored"] == 0

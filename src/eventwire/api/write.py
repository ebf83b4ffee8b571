"""The one write endpoint, POST /api/articles: ingest documents through the pipeline.

Enabled only when ``settings.write_token`` is set; the token travels as
``Authorization: Bearer <token>`` and is compared in constant time. The body is one document
(``{"text": ..., "title": ..., "published": ...}``, the JSON Lines record format of
``eventwire ingest``), a list of them, or ``{"documents": [...]}``; bodies above
``settings.max_body_bytes`` are refused before they are read whole.
"""

from __future__ import annotations

import hmac
import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool

from eventwire.api.errors import ApiError, responses
from eventwire.api.models import IngestReport, ModelRoute
from eventwire.settings import Settings

router = APIRouter(prefix="/api", route_class=ModelRoute)


DOCUMENT = {
    "type": "object",
    "description": "An article in the JSON Lines record format of `eventwire ingest`: `text` "
                   "or `html` is needed; other fields are optional (aliases such as `date` "
                   "and `lang` are read too)",
    "properties": {
        "text": {"type": "string", "description": "The article text"},
        "html": {"type": "string", "description": "Or a whole HTML page"},
        "id": {"type": ["string", "integer"], "description": "Article id (default: a hash)"},
        "title": {"type": "string", "description": "Headline"},
        "url": {"type": "string", "description": "Where it was published"},
        "published": {"type": "string", "description": "Publication date (ISO 8601, RFC 2822 "
                      "or a plain date)"},
        "outlet": {"type": "string", "description": "Publisher"},
        "language": {"type": "string", "description": "ISO 639-1 code (en, es, fr)"},
    },
    "anyOf": [{"required": ["text"]}, {"required": ["html"]}],
}
BODY = {
    "required": True,
    "description": "One document, a list of them, or {\"documents\": [...]}",
    "content": {"application/json": {"schema": {"anyOf": [
        DOCUMENT,
        {"type": "array", "items": DOCUMENT, "minItems": 1},
        {"type": "object", "required": ["documents"],
         "properties": {"documents": {"type": "array", "items": DOCUMENT, "minItems": 1}}},
    ]}}},
}


def check_token(settings: Settings, header: str | None) -> None:
    """401/403 unless the request carries the configured write token."""
    if not settings.write_token:
        raise ApiError(403, "this server is read-only: start it with EVENTWIRE_WRITE_TOKEN set "
                       "to enable POST /api/articles", code="read_only")
    scheme, _, given = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(401, "missing token: send 'Authorization: Bearer <write token>'")
    if not hmac.compare_digest(given.strip().encode(), settings.write_token.encode()):
        raise ApiError(403, "wrong write token", code="bad_token")


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refusing (413) anything longer than ``limit`` bytes, declared or streamed."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"body of {declared} bytes is over the {limit}-byte limit "
                       "(settings.max_body_bytes); send fewer documents per request")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"body is over the {limit}-byte limit (settings.max_body_bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def documents(body: bytes) -> list[dict[str, Any]]:
    """The documents of a request body, validated enough to name what is wrong (422)."""
    try:
        payload = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ApiError(422, f"body is not JSON: {exc}") from exc
    if isinstance(payload, dict) and "documents" in payload:
        payload = payload["documents"]
    docs = payload if isinstance(payload, list) else [payload]
    if not docs:
        raise ApiError(422, "no documents: send {\"text\": ...} or a list of them")
    for i, doc in enumerate(docs):
        if not isinstance(doc, dict) or not isinstance(doc.get("text") or doc.get("html"), str):
            raise ApiError(422, f"document {i} needs a 'text' (or 'html') string field",
                           details=[{"field": f"documents.{i}.text", "message": "required"}])
    return docs


def ingest(store: Any, docs: list[dict[str, Any]], settings: Settings) -> dict[str, Any]:
    """Run the documents through ``eventwire.pipeline.ingest`` via a JSON Lines file."""
    from eventwire.pipeline import ingest as run_ingest

    with tempfile.TemporaryDirectory(prefix="eventwire-post-") as tmp:
        path = Path(tmp) / "posted.jsonl"
        path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs),
                        encoding="utf-8")
        report = run_ingest([str(path)], store=store, settings=settings, workers=1)
    return {
        **report.as_dict(),
        "article_ids": report.article_ids,
        "errors": [{"item": e.line, "step": e.step, "message": e.message} for e in report.errors],
    }


@router.post("/articles", status_code=201, summary="Ingest documents (needs the write token)",
             response_model=IngestReport, responses=responses(400, 401, 403, 413, 422, 503),
             openapi_extra={"requestBody": BODY})
async def post_articles(request: Request) -> dict[str, Any]:
    settings: Settings = request.app.state.settings
    check_token(settings, request.headers.get("authorization"))
    docs = documents(await read_body(request, settings.max_body_bytes))
    store = request.app.state.db
    if not hasattr(store, "save"):
        raise ApiError(503, "this app was started on a bare database engine, not a Store; "
                       "start it with `eventwire serve` to accept writes")
    return await run_in_threadpool(ingest, store, docs, settings)

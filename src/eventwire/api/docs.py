"""The API's documentation: the OpenAPI document at /api/openapi.json as the server really
answers, and the interactive docs at /api/docs (Swagger UI, vendored: nothing from a CDN).

FastAPI documents a 422 in its own ``HTTPValidationError`` shape wherever an operation has
parameters; the server answers every error in ``ErrorBody`` (``api.errors``), so operations
declare their error statuses with ``responses(...)`` and the default 422 is dropped where an
operation declares none (path-only lookups, which cannot fail validation).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse

from eventwire.api.params import LANGUAGE

router = APIRouter()
DEFAULT_422 = "#/components/schemas/HTTPValidationError"
# Only /static/ files: the vendored Swagger UI bundle and its initialiser (no inline script)
PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>eventwire API</title>
  <link rel="stylesheet" href="/static/vendor/swagger-ui.css">
  <link rel="stylesheet" href="/static/api-docs.css">
  <script src="/static/vendor/swagger-ui-bundle.js" defer></script>
  <script src="/static/api-docs.js" defer></script>
</head>
<body>
  <div id="swagger-ui" data-openapi="/api/openapi.json"></div>
</body>
</html>
"""
# Parameters of the search route, described here while its parameter lines are being reworked
# (a description the route gives itself wins).
UNDESCRIBED = {
    ("/api/search", "q"): "Words to find, all of them, in any order (case-insensitive)",
    ("/api/search", "kind"): "What to search: article, quote, event; repeat for several "
                             "(default: all three)",
    ("/api/search", "language"): LANGUAGE,
}


def _is_default_422(response: dict[str, Any] | None) -> bool:
    schema = ((response or {}).get("content") or {}).get("application/json", {}).get("schema")
    return (schema or {}).get("$ref") == DEFAULT_422


def openapi_document(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document with the real error shape only and every parameter described."""
    if app.openapi_schema is not None:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description,
                      routes=app.routes)
    for path, operations in doc["paths"].items():
        for operation in operations.values():
            if _is_default_422(operation.get("responses", {}).get("422")):
                del operation["responses"]["422"]
            for param in operation.get("parameters", []):
                if not param.get("description") and (path, param["name"]) in UNDESCRIBED:
                    param["description"] = UNDESCRIBED[path, param["name"]]
    schemas = doc.get("components", {}).get("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    app.openapi_schema = doc
    return doc


@router.get("/api/docs", include_in_schema=False)
def api_docs() -> HTMLResponse:
    """The interactive docs: Swagger UI over /api/openapi.json."""
    return HTMLResponse(PAGE)

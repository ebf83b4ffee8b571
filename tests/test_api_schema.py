"""Property-based API test from the OpenAPI document (schemathesis + hypothesis): whatever a
client sends to any read endpoint, the answer is data or the one error shape, never a crash,
with a status the operation documents and a body its response schema describes."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from eventwire.api import create_app
from eventwire.settings import Settings

pytest_plugins = ("test_query_samples",)  # the sample_db fixture

# Operations are listed from an app built without a database (routes do not need one).
OPERATIONS = [
    (path, method.upper())
    for path, ops in create_app(Settings(), db=object()).openapi()["paths"].items()
    for method in ops
    if method == "get"
]


@pytest.fixture(scope="module")
def api_schema(sample_db):
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(Settings(), db=sample_db))


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_any_request_gets_data_or_the_error_shape(api_schema, path, method):
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=8, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        response = case.call_and_validate(
            checks=[not_a_server_error, status_code_conformance, response_schema_conformance])
        assert response.status_code < 500, response.text
        if response.status_code >= 400 or not path.startswith("/api/export/"):
            body = response.json()  # exports answer with a file in the format asked for
        if response.status_code >= 400:
            assert set(body) == {"error"}
            assert body["error"]["status"] == response.status_code
            assert body["error"]["code"] and body["error"]["message"]
        assert response.headers["x-content-type-options"] == ["nosniff"]

    check()

"""/api/docs in headless Chromium: Swagger UI, vendored, renders every operation of
/api/openapi.json under the site's strict Content-Security-Policy (no inline script or style,
no eval) with no console error, no CSP violation and no request off the server."""

from __future__ import annotations

import pytest

from eventwire.api.app import CSP
from test_browser import ARTIFACTS

# Runs before the page's scripts (Playwright injects it outside the page's CSP): every CSP
# violation the page causes, as "directive blocked-URI".
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
    e => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""

pytest_plugins = ("test_browser",)  # the browser, base_url and page fixtures
pytestmark = pytest.mark.browser


def test_api_docs_list_every_operation_offline(page, base_url):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(base_url + "/api/docs")
    assert response is not None and response.status == 200
    assert response.headers["content-security-policy"] == CSP  # the strict one, unrelaxed
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    doc = page.request.get(base_url + "/api/openapi.json").json()
    expected = sorted((method.upper(), path) for path, ops in doc["paths"].items()
                      for method in ops)
    shown = sorted(zip(page.locator(".opblock-summary-method").all_inner_texts(),
                       page.locator(".opblock-summary-path").evaluate_all(
                           "els => els.map(e => e.dataset.path)"), strict=True))
    assert shown == expected
    # an operation opens on its parameters and its documented responses
    page.locator(".opblock-get .opblock-summary-path[data-path='/api/events']").click()
    events = page.locator(".opblock.is-open")
    events.locator(".parameters").first.wait_for(timeout=10_000)
    assert "PLOVER category" in events.locator(".parameters").inner_text()
    statuses = events.locator(".responses-table .response-col_status").all_inner_texts()
    assert {"200", "400", "404", "409", "422"} <= {s.split()[0] for s in statuses if s}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"), full_page=True)
    assert page.evaluate("window.__violations") == []
    assert page.problems == []  # type: ignore[attr-defined]
    assert all(url.startswith(base_url) for url in requests), requests


def test_the_violation_recorder_sees_an_inline_style(page, base_url):
    """The check itself: a page of ours that breaks the CSP is caught."""
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(base_url + "/api/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    page.evaluate("""() => { const s = document.createElement('style');
                             s.textContent = 'body {}'; document.head.append(s); }""")
    page.wait_for_function("window.__violations.length > 0", timeout=5_000)
    assert page.evaluate("window.__violations")[0].startswith("style-src")
    page.problems.clear()  # type: ignore[attr-defined]  # the console error it also causes

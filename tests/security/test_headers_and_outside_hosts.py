"""Items 6 and 7: the page asks no other host for anything, and every response carries the
security headers. (The browser test also leaves any outside request hanging and must pass.)"""

from __future__ import annotations

import re

import httpx
import pytest

OUTSIDE_TAG = re.compile(r"<(?:link|script)\b[^>]*(?:href|src)=[\"']?(?:https?:)?//", re.I)


def test_index_page_references_no_other_host(open_server: str) -> None:
    page = httpx.get(open_server + "/").text
    assert "fonts.googleapis.com" not in page and "cdn.jsdelivr.net" not in page
    assert not OUTSIDE_TAG.search(page)
    assert re.search(r'<script type="module"[^>]*src="/assets/', page)  # the app still loads


@pytest.mark.parametrize("path", ["/", "/auth/config", "/project/settings?language=en-US"])
def test_security_headers_on_every_response(open_server: str, path: str) -> None:
    headers = httpx.get(open_server + path).headers
    csp = headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["connect-src"] == "'self'" and directives["object-src"] == "'none'"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"


def test_refusals_carry_the_headers_too(open_server: str) -> None:
    refused = httpx.get(open_server + "/", headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403 and refused.headers["x-frame-options"] == "DENY"

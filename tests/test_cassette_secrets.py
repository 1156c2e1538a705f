"""No cassette may carry a credential: keys, bearer tokens, org/project ids, cookies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from vcr_setup import SECRET_HEADERS

CASSETTES = sorted((Path(__file__).parent / "cassettes").rglob("*.yaml"))
PATTERNS = {
    "OpenAI key": re.compile(r"sk-[A-Za-z0-9_-]{10,}"),
    "Anthropic key": re.compile(r"sk-ant-[A-Za-z0-9_-]{10,}"),
    "bearer token": re.compile(r"Bearer\s+[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE),
    "organisation id": re.compile(r"\borg-[A-Za-z0-9]{8,}"),
    "project id": re.compile(r"\bproj_[A-Za-z0-9]{8,}"),
}


def test_there_are_cassettes_to_scan() -> None:
    assert CASSETTES, "tests/cassettes holds no recordings"


@pytest.mark.parametrize("path", CASSETTES, ids=lambda p: p.name)
def test_cassette_holds_no_secrets(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for name, pattern in PATTERNS.items():
        assert not pattern.search(text), f"{path.name} contains an {name}"
    data = yaml.safe_load(text)
    for interaction in data["interactions"]:
        for part in ("request", "response"):
            headers = {h.lower() for h in interaction[part].get("headers", {})}
            leaked = headers & set(SECRET_HEADERS)
            assert not leaked, f"{path.name} {part} keeps header(s) {sorted(leaked)}"


def test_the_scanner_catches_a_planted_key() -> None:
    planted = "authorization: Bearer sk-abcdefghijklmnop1234"
    assert PATTERNS["OpenAI key"].search(planted) and PATTERNS["bearer token"].search(planted)

"""Central VCR configuration, shared by the cassette tests and scripts/record_cassettes.py.

- secrets: request and response headers that can carry credentials are dropped;
- readability: compressed bodies are decoded, JSON bodies pretty-printed, multi-line strings
  stored as YAML literal blocks;
- portability: every recorded URI is rewritten to http://127.0.0.1:8080 (the local server runs
  on a random port; OpenAI on its own host), and requests match on method, path and the
  parsed JSON body, so neither host, port nor key order matters.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import yaml
from vcr.serializers import yamlserializer

REPLAY_HOST = "127.0.0.1:8080"
REPLAY_BASE_URL = f"http://{REPLAY_HOST}/v1"
SECRET_HEADERS = (
    "authorization",
    "api-key",
    "x-api-key",
    "openai-organization",
    "openai-project",
    "cookie",
    "set-cookie",
)


def _pretty(body: Any) -> Any:
    """Pretty-print a JSON body (bytes or str); anything else is returned unchanged."""
    if body is None:
        return None
    raw = body.decode("utf-8") if isinstance(body, bytes) else body
    if not isinstance(raw, str):
        return body
    try:
        parsed = json.loads(raw)
    except ValueError:
        return body
    text = json.dumps(parsed, indent=2, ensure_ascii=False) + "\n"
    return text.encode("utf-8") if isinstance(body, bytes) else text


def normalise_request(request: Any) -> Any:
    parts = urlsplit(request.uri)
    request.uri = urlunsplit(("http", REPLAY_HOST, parts.path, parts.query, ""))
    for name in list(request.headers):
        if name.lower() == "host":
            request.headers[name] = REPLAY_HOST
    request.body = _pretty(request.body)
    return request


def normalise_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in SECRET_HEADERS:
            del headers[name]
    body = response.get("body", {}).get("string")
    pretty = _pretty(body)
    if pretty is not body and pretty is not None:
        response["body"]["string"] = pretty
        for name in list(headers):
            if name.lower() == "content-length":
                headers[name] = [str(len(pretty))]
    return response


def _json_or_bytes(body: Any) -> Any:
    if body is None:
        return None
    raw = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def json_body_matcher(r1: Any, r2: Any) -> None:
    """Match on the parsed JSON body (vcrpy matchers raise AssertionError on a mismatch)."""
    a, b = _json_or_bytes(r1.body), _json_or_bytes(r2.body)
    if a != b:
        raise AssertionError("request bodies differ")


class _LiteralDumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_LiteralDumper.add_representer(str, _str)


class ReadableYamlSerializer:
    """YAML with JSON and SSE bodies as literal blocks; loads with vcrpy's safe loader."""

    @staticmethod
    def serialize(cassette_dict: dict[str, Any]) -> str:
        text: str = yaml.dump(
            cassette_dict, Dumper=_LiteralDumper, sort_keys=False, allow_unicode=True, width=100
        )
        return text

    @staticmethod
    def deserialize(cassette_string: str) -> Any:
        return yamlserializer.deserialize(cassette_string)


def vcr_config() -> dict[str, Any]:
    return {
        "filter_headers": list(SECRET_HEADERS),
        "decode_compressed_response": True,
        "before_record_request": normalise_request,
        "before_record_response": normalise_response,
        "match_on": ["method", "path", "json_body"],
        "record_mode": "none",
    }


def register(vcr: Any) -> None:
    """Add our matcher, and our serializer under the default name so files stay `.yaml`."""
    vcr.register_matcher("json_body", json_body_matcher)
    vcr.register_serializer("yaml", ReadableYamlSerializer)

"""Provider factory, model-string parsing, missing-key fallback and error translation."""

from __future__ import annotations

import httpx
import openai
import pytest
from langchain_core.caches import InMemoryCache
from pydantic import SecretStr

from interview_coach.config import ConfigError, ModelSettings, Settings
from interview_coach.engine_factory import build_grader, build_interviewer
from interview_coach.llm_errors import (
    LLMError,
    MissingDependencyError,
    MissingKeyError,
    ModelFileError,
    translate,
)
from interview_coach.providers import build_chat_model, local_provider, parse_model_string


def _settings(model: str, **kw: object) -> Settings:
    ms = ModelSettings(model=model, **kw)  # type: ignore[arg-type]
    return Settings(grader=ms, interviewer=ms)


def test_typo_in_provider_suggests_the_closest_one() -> None:
    with pytest.raises(ConfigError, match=r"unknown provider 'opena', did you mean 'openai'\?"):
        parse_model_string("opena:gpt-4o-mini")


def test_unrelated_provider_lists_examples() -> None:
    with pytest.raises(ConfigError, match="unknown provider 'banana'; use one of"):
        parse_model_string("banana:split")


def test_model_string_needs_a_model_except_offline() -> None:
    assert str(parse_model_string(" offline ")) == "offline"
    spec = parse_model_string("local:/models/a b.gguf")
    assert (spec.provider, spec.model) == ("local", "/models/a b.gguf")
    with pytest.raises(ConfigError, match="names no model"):
        parse_model_string("openai:")


def test_openai_without_key_names_the_variable_and_the_fixes() -> None:
    settings = _settings("openai:gpt-4o-mini")
    with pytest.raises(MissingKeyError) as info:
        build_chat_model(settings.grader, settings)
    text = str(info.value)
    assert "OPENAI_API_KEY" in text and ".env" in text and "offline" in text


def test_openai_model_gets_timeout_retries_and_cache_from_settings() -> None:
    settings = _settings("openai:gpt-4o-mini", timeout=12.5, max_retries=4)
    settings.openai_api_key = SecretStr("sk-test-not-real")
    cache = InMemoryCache()
    model = build_chat_model(settings.grader, settings, cache=cache)
    assert model.model_name == "gpt-4o-mini"  # type: ignore[attr-defined]
    assert model.request_timeout == 12.5  # type: ignore[attr-defined]
    assert model.max_retries == 4  # type: ignore[attr-defined]
    assert model.cache is cache


def test_openai_compatible_needs_base_url_but_no_key() -> None:
    settings = _settings("openai-compatible:llama3.1")
    with pytest.raises(ConfigError, match="needs base_url"):
        build_chat_model(settings.grader, settings)
    settings = _settings("openai-compatible:llama3.1", base_url="http://localhost:11434/v1")
    model = build_chat_model(settings.grader, settings)
    assert str(model.openai_api_base) == "http://localhost:11434/v1"  # type: ignore[attr-defined]


def test_anthropic_without_the_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from interview_coach.providers import anthropic_provider

    monkeypatch.setattr(anthropic_provider, "find_spec", lambda name: None)
    settings = _settings("anthropic:claude-3-5-haiku-latest")
    with pytest.raises(MissingDependencyError, match=r"pip install 'interview-coach\[anthropic\]'"):
        build_chat_model(settings.grader, settings)


def test_local_without_the_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_provider, "find_spec", lambda name: None)
    settings = _settings("local:/nowhere/model.gguf")
    with pytest.raises(MissingDependencyError, match=r"interview-coach\[local\]"):
        build_chat_model(settings.grader, settings)


def test_local_with_a_missing_file_names_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_provider, "find_spec", lambda name: object())
    settings = _settings("local:/nowhere/model.gguf")
    with pytest.raises(ModelFileError, match=r"/nowhere/model\.gguf"):
        build_chat_model(settings.grader, settings)


def test_missing_key_falls_back_to_offline_with_a_notice() -> None:
    settings = _settings("openai:gpt-4o-mini")
    grader, notices = build_grader(settings)
    interviewer, inotices = build_interviewer(settings)
    assert grader.info.engine == "offline" and interviewer.info.engine == "offline"
    assert notices == inotices
    assert notices[0].startswith("Falling back to the offline engine: OPENAI_API_KEY is not set")


def test_offline_is_chosen_without_a_notice() -> None:
    grader, notices = build_grader(_settings("offline"))
    assert grader.info.engine == "offline" and notices == []


def test_a_configured_key_builds_the_llm_engines() -> None:
    settings = _settings("openai:gpt-4o-mini")
    settings.openai_api_key = SecretStr("sk-test-not-real")
    grader, notices = build_grader(settings)
    interviewer, _ = build_interviewer(settings)
    assert notices == []
    assert grader.info.label == "openai:gpt-4o-mini"
    assert interviewer.info.engine == "llm"


def _request() -> httpx.Request:
    return httpx.Request("POST", "https://api.example.test/v1/chat/completions")


def _status(cls: type[openai.APIStatusError], code: int, body: object = None) -> Exception:
    return cls("provider said no", response=httpx.Response(code, request=_request()), body=body)


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (_status(openai.AuthenticationError, 401), "auth"),
        (_status(openai.NotFoundError, 404), "not_found"),
        (_status(openai.RateLimitError, 429), "rate_limit"),
        (_status(openai.InternalServerError, 503), "server"),
        (
            _status(openai.BadRequestError, 400, {"code": "context_length_exceeded"}),
            "context_length",
        ),
        (_status(openai.BadRequestError, 400, {"code": "invalid_value"}), "bad_request"),
        (openai.APITimeoutError(request=_request()), "timeout"),
        (openai.APIConnectionError(request=_request()), "connection"),
    ],
)
def test_provider_errors_become_user_facing_llm_errors(exc: Exception, kind: str) -> None:
    error = translate(exc, "gpt-4o-mini")
    assert isinstance(error, LLMError)
    assert error.kind == kind
    assert error.user_message and error.hint
    assert "provider said no" not in error.user_message


def test_a_secret_never_prints(capsys: pytest.CaptureFixture[str]) -> None:
    secret = "fake-key-for-tests-0123456789abcdefSECRET"
    settings = _settings("openai:gpt-4o-mini")
    settings.openai_api_key = SecretStr(secret)
    from interview_coach.providers import connect

    provider, conn = connect(settings.grader, settings)
    model = build_chat_model(settings.grader, settings)
    grader, _ = build_grader(settings)
    leaked = translate(
        _status(openai.AuthenticationError, 401, {"message": f"Incorrect API key {secret}"})
    )
    shown = [repr(settings), str(settings), repr(conn), str(conn), repr(provider), repr(model)]
    shown += [str(model), repr(grader), str(leaked), repr(leaked), str(settings.public_dict())]
    print(*shown)
    assert secret not in capsys.readouterr().out
    assert all(secret not in text for text in shown)

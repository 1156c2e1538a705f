"""Settings: precedence (TOML < env < CLI flags), secrets never shown, readable errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.config import ConfigError, load_settings, provenance

FAKE_KEY = "fake-key-for-tests-never-print-0123456789"


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "interview-coach.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_offline_is_the_default_with_nothing_configured() -> None:
    settings = load_settings()
    assert settings.grader.model == "offline"
    assert settings.interviewer.model == "offline"
    assert settings.followups == 2
    assert settings.openai_api_key is None


def test_precedence_toml_then_env_then_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _toml(tmp_path, 'followups = 1\nstyle = "tough"\n[grader]\nmodel = "openai:gpt-4o"\n')
    settings = load_settings(path)
    assert (settings.followups, settings.style, settings.grader.model) == (
        1,
        "tough",
        "openai:gpt-4o",
    )

    monkeypatch.setenv("INTERVIEW_COACH_FOLLOWUPS", "3")
    monkeypatch.setenv("INTERVIEW_COACH_GRADER__TEMPERATURE", "0.4")
    settings = load_settings(path)
    assert settings.followups == 3
    assert settings.grader.model == "openai:gpt-4o", "env must merge into the TOML table"
    assert settings.grader.temperature == 0.4

    settings = load_settings(path, followups=0, grader={"model": "offline"})
    assert settings.followups == 0
    assert settings.grader.model == "offline"
    assert settings.grader.temperature == 0.4

    sources = provenance(path, followups=0)
    assert sources["followups"] == "cli"
    assert sources["grader.temperature"] == "env"
    assert sources["style"] == str(path)


def test_config_path_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _toml(tmp_path, 'style = "neutral"\n')
    monkeypatch.setenv("INTERVIEW_COACH_CONFIG", str(path))
    assert load_settings().style == "neutral"


def test_key_comes_from_the_providers_usual_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    settings = load_settings()
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == FAKE_KEY
    assert provenance()["openai_api_key"] == "env"


def test_key_from_a_dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dotenv = tmp_path / "my.env"
    dotenv.write_text(f"OPENAI_API_KEY={FAKE_KEY}\n", encoding="utf-8")
    monkeypatch.setenv("INTERVIEW_COACH_ENV_FILE", str(dotenv))
    settings = load_settings()
    assert settings.openai_api_key is not None


def test_secrets_never_print(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("INTERVIEW_COACH_GRADER__API_KEY", FAKE_KEY)
    settings = load_settings()
    for shown in (
        repr(settings),
        str(settings),
        str(settings.public_dict()),
        settings.model_dump_json(),
    ):
        assert FAKE_KEY not in shown
    assert settings.public_dict()["openai_api_key"] == "**********"
    assert settings.public_dict()["grader"]["api_key"] == "**********"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("followups = 9\n", "followups"),
        ('style = "rude"\n', "style"),
        ("unknown_setting = 1\n", "unknown_setting"),
        ("[grader]\nmodel = '  '\n", "grader.model"),
        ("followups = = 1\n", "cannot read"),
    ],
)
def test_bad_config_is_a_readable_error(tmp_path: Path, text: str, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        load_settings(_toml(tmp_path, text))


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "nope.toml")


def test_config_file_named_in_the_environment_must_exist(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_CONFIG", str(tmp_path / "typo.toml"))
    with pytest.raises(ConfigError, match=r"typo.toml.*INTERVIEW_COACH_CONFIG"):
        load_settings()


def test_role_temperatures_survive_partial_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Naming only the interviewer's model must not reset it to the grader's temperature 0."""
    path = _toml(tmp_path, '[interviewer]\nmodel = "openai:gpt-4o-mini"\n')
    assert load_settings(path).interviewer.temperature == 0.7
    monkeypatch.setenv("INTERVIEW_COACH_GRADER__MODEL", "openai:gpt-4o-mini")
    assert load_settings(path).grader.temperature == 0.0
    assert load_settings(path, interviewer={"temperature": 0.3}).interviewer.temperature == 0.3


def test_provider_model_shorthand_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_GRADER", "openai:gpt-4o-mini")
    monkeypatch.setenv("INTERVIEW_COACH_INTERVIEWER", "anthropic:claude-3-5-haiku-latest")
    monkeypatch.setenv("INTERVIEW_COACH_GRADER__BASE_URL", "http://127.0.0.1:9/v1")
    settings = load_settings()
    assert settings.grader.model == "openai:gpt-4o-mini"
    assert settings.grader.base_url == "http://127.0.0.1:9/v1"
    assert settings.grader.temperature == 0.0
    assert settings.interviewer.model == "anthropic:claude-3-5-haiku-latest"
    assert settings.interviewer.temperature == 0.7


def test_env_errors_name_the_variable_not_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_GRADER", '{"model": broken')
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "environment variable INTERVIEW_COACH_GRADER" in str(info.value)
    assert ".toml" not in str(info.value)


def test_invalid_values_name_their_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_GRADER__TIMEOUT", "-1")
    with pytest.raises(
        ConfigError, match=r"grader.timeout \(from \$INTERVIEW_COACH_GRADER__TIMEOUT"
    ):
        load_settings()
    monkeypatch.delenv("INTERVIEW_COACH_GRADER__TIMEOUT")
    path = _toml(tmp_path, "followups = 9\n")
    with pytest.raises(ConfigError, match=rf"followups \(from {path}\)"):
        load_settings(path)


def test_call_budget_defaults_remote_and_local() -> None:
    from interview_coach.config import LOCAL_TIMEOUT_S, ModelSettings

    assert ModelSettings(model="openai:gpt-4o-mini").budget_s <= 60
    assert ModelSettings(model="local:/m.gguf").budget_s == LOCAL_TIMEOUT_S
    assert ModelSettings(model="local:/m.gguf", timeout=5).budget_s == 5

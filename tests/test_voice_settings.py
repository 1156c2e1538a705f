"""The transcription seam's settings: `voice.model` named like the chat models."""

from __future__ import annotations

import pytest

from interview_coach.config import ConfigError, Settings, VoiceSettings, load_settings
from interview_coach.voice.errors import VoiceUnavailable
from interview_coach.voice.transcriber import build_transcriber, voice_enabled


def test_default_is_the_bundled_local_model_in_english() -> None:
    voice = load_settings().voice
    assert (voice.provider, voice.model_name, voice.language) == ("local", "", "en")
    assert voice_enabled(voice)  # the voice extra is installed by make test


def test_env_selects_a_size_name_or_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_VOICE__MODEL", "local:small")
    assert load_settings().voice.model_name == "small"
    monkeypatch.setenv("INTERVIEW_COACH_VOICE__MODEL", "off")
    assert not voice_enabled(load_settings().voice)


def test_an_unknown_provider_is_a_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_VOICE__MODEL", "whisperx:base")
    with pytest.raises(
        ConfigError, match=r"voice\.model must start with 'local', 'openai' or 'off'"
    ):
        load_settings()


def test_openai_transcription_without_a_key_says_which_variable_to_set() -> None:
    with pytest.raises(VoiceUnavailable, match="no OpenAI key") as exc:
        build_transcriber(Settings(voice=VoiceSettings(model="openai")))
    assert "OPENAI_API_KEY" in exc.value.hint

"""The transcription seam, configured like the chat models (`voice.model` in the settings)."""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Protocol

from ..config import Settings, VoiceSettings
from .errors import VoiceUnavailable, extra_missing
from .models import Transcript


class Transcriber(Protocol):
    name: str

    def transcribe(self, samples: Any, language: str) -> Transcript:
        """16 kHz mono float samples to a transcript with word timestamps. Blocking: call it
        from a worker thread in async code."""
        ...


def voice_installed() -> bool:
    return find_spec("faster_whisper") is not None


def voice_enabled(voice: VoiceSettings) -> bool:
    """Off when configured off, or `local` without the voice extra installed."""
    if voice.provider == "off":
        return False
    return voice.provider != "local" or voice_installed()


def build_transcriber(settings: Settings) -> Transcriber:
    voice = settings.voice
    if voice.provider == "off":
        raise VoiceUnavailable(
            "Voice answers are turned off (voice.model = 'off').",
            "Set voice.model to 'local' or 'openai' to use them.",
        )
    if voice.provider == "openai":
        from .remote import OpenAITranscriber

        key = voice_key(settings)
        return OpenAITranscriber(key, voice.model_name)
    if not voice_installed():
        raise extra_missing()
    return _local(voice.model_name, voice.cache_dir, voice.cpu_threads)


def voice_key(settings: Settings) -> Any:
    return settings.openai_api_key


@cache
def _local(model: str, cache_dir: Path, cpu_threads: int) -> Transcriber:
    """One loaded model per process, shared by every chat session and command."""
    from .local import LocalTranscriber

    return LocalTranscriber(model, cache_dir, cpu_threads)

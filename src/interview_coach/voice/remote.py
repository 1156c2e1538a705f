"""The `openai` transcriber: OpenAI's transcription API, for machines without the local model."""

from __future__ import annotations

import io
from typing import Any

from pydantic import SecretStr

from .audio import samples_to_wav
from .delivery import rules
from .errors import VoiceUnavailable
from .models import Transcript, Word

# The API names languages in English words; map back to the codes the rest of the coach uses.
_NAMES_TO_CODES = {"english": "en"}


class OpenAITranscriber:
    def __init__(self, api_key: SecretStr | None, model: str = "") -> None:
        if api_key is None or not api_key.get_secret_value():
            raise VoiceUnavailable(
                "voice.model is 'openai' but no OpenAI key is set.",
                "Set OPENAI_API_KEY, or use voice.model = 'local'.",
            )
        self._key = api_key
        self.model = model or "whisper-1"
        self.name = f"openai:{self.model}"

    def transcribe(self, samples: Any, language: str) -> Transcript:
        from openai import OpenAI

        client = OpenAI(api_key=self._key.get_secret_value())
        audio = io.BytesIO(samples_to_wav(samples))
        audio.name = "answer.wav"
        result = client.audio.transcriptions.create(
            model=self.model,
            file=audio,
            response_format="verbose_json",
            timestamp_granularities=["word"],
            prompt=rules().filler_prompt,
        )
        spoken = str(getattr(result, "language", "") or "").lower()
        names = {v.lower(): k for k, v in rules().language_names.items()} | _NAMES_TO_CODES
        return Transcript(
            text=str(result.text).strip(),
            language=names.get(spoken, spoken or language),
            language_probability=1.0,
            duration_s=float(getattr(result, "duration", 0.0) or 0.0),
            words=[
                Word(text=w.word, start=float(w.start), end=float(w.end))
                for w in getattr(result, "words", None) or []
            ],
            model=self.name,
        )

"""Voice failures, each worded for the person and sorted by what they mean for the answer.

`AudioUnscorable` means the recording cannot be graded (exit code 1 in the CLI); the others are
setup or data problems (exit code 2). The chat and CLI show `message` and `hint` as they are.
"""

from __future__ import annotations

from typing import Literal

AudioReason = Literal["no_speech", "audio_too_short", "audio_too_long"]


class VoiceError(Exception):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class VoiceUnavailable(VoiceError):
    """Voice is off, the extra is missing, or the model is missing or corrupt."""


class AudioFormatError(VoiceError):
    """The file is missing, of an unsupported type, or cannot be decoded."""


class AudioUnscorable(VoiceError):
    """A readable recording with nothing gradable in it: silence, noise, too short or too long."""

    def __init__(self, reason: AudioReason, message: str, hint: str) -> None:
        super().__init__(message, hint)
        self.reason: AudioReason = reason


def extra_missing() -> VoiceUnavailable:
    return VoiceUnavailable(
        "Voice practice needs the voice extra.",
        "Install it: pip install 'interview-coach[voice]'.",
    )

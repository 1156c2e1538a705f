"""Reading recordings: decode any supported file (or the chat's raw chunks) to 16 kHz mono
float samples, and refuse what cannot be graded before spending time on transcription."""

from __future__ import annotations

import io
import wave
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from .errors import AudioFormatError, AudioUnscorable, extra_missing

SAMPLE_RATE = 16_000
CHAT_SAMPLE_RATE = 24_000  # Chainlit's browser side always sends pcm16 at 24 kHz
SUPPORTED = (".wav", ".mp3", ".m4a", ".webm", ".ogg", ".flac")
MIN_SECONDS = 2.0
MAX_SECONDS = 300.0
SILENCE_RMS = 0.003  # below this the whole file is digital or room silence

AudioSource = Path | BinaryIO


def pcm16_to_wav(chunks: Iterable[bytes], rate: int = CHAT_SAMPLE_RATE) -> bytes:
    """Raw little-endian 16-bit mono chunks as a wav file."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        for chunk in chunks:
            w.writeframes(chunk)
    return buf.getvalue()


def samples_to_wav(samples: Any, rate: int = SAMPLE_RATE) -> bytes:
    """Float samples in [-1, 1] as a 16-bit wav (for transcribers that want a file)."""
    import numpy as np

    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    return pcm16_to_wav([pcm], rate)


def check_path(path: Path) -> None:
    if not path.is_file():
        raise AudioFormatError(f"Audio file not found: {path}.", "Check the path and try again.")
    if path.suffix.lower() not in SUPPORTED:
        raise AudioFormatError(
            f"Unsupported audio format {path.suffix or '(no extension)'!r}: {path.name}.",
            f"Use one of {', '.join(SUPPORTED)} (convert it with e.g. ffmpeg or sox).",
        )


def decode(source: AudioSource) -> Any:
    """16 kHz mono float32 samples; AudioFormatError when the data is not decodable audio."""
    if isinstance(source, Path):
        check_path(source)
    try:
        from faster_whisper import decode_audio
    except ImportError:
        raise extra_missing() from None
    name = source.name if isinstance(source, Path) else "the recording"
    try:
        samples = decode_audio(source if not isinstance(source, Path) else str(source))
    except Exception as exc:  # av raises many types for damaged or non-audio data
        raise AudioFormatError(
            f"Cannot read {name} as audio ({type(exc).__name__}).",
            "The file may be damaged or not audio; record it again or export it as wav.",
        ) from None
    return samples


def check_gradable(samples: Any) -> float:
    """The duration in seconds, after refusing recordings too short, too long or silent."""
    import numpy as np

    seconds = len(samples) / SAMPLE_RATE
    if seconds < MIN_SECONDS:
        raise AudioUnscorable(
            "audio_too_short",
            f"The recording is {seconds:.1f} s long; too short to be an answer.",
            "Record your whole answer: one to two minutes is a good length.",
        )
    if seconds > MAX_SECONDS:
        raise AudioUnscorable(
            "audio_too_long",
            f"The recording is {seconds / 60:.1f} minutes long; the limit is "
            f"{MAX_SECONDS / 60:.0f} minutes.",
            "Trim it to your answer alone: one to two minutes is a good length.",
        )
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    if rms < SILENCE_RMS:
        raise no_speech("The recording is silent.")
    return seconds


def no_speech(what: str) -> AudioUnscorable:
    return AudioUnscorable(
        "no_speech",
        f"{what} No speech was heard, so there is nothing to grade.",
        "Check that the right microphone is selected and not muted, then record again close to it.",
    )

"""Transcription on this machine against answers with a known script (espeak-ng + sox).

The model is loaded once per session; the ten scripted answers are transcribed once and shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.config import Settings, VoiceSettings
from interview_coach.models import EngineInfo
from interview_coach.voice.errors import AudioFormatError, AudioUnscorable
from interview_coach.voice.hearing import Heard, hear, language_outcome
from interview_coach.voice.transcriber import Transcriber, build_transcriber
from voice_audio import FILLERS, Synth, norm_words, require_voice_extra, voiced_seconds, word_errors
from voice_scripts import PAUSED_SENTENCES, SCRIPTED_ANSWERS, SPANISH_ANSWER

OFFLINE = EngineInfo(engine="offline", provider="offline", model="offline")


@pytest.fixture(scope="session")
def transcriber(voice_cache: Path) -> Transcriber:
    require_voice_extra()
    return build_transcriber(Settings(voice=VoiceSettings(cache_dir=voice_cache)))


@pytest.fixture(scope="session")
def scripted(synth: Synth, transcriber: Transcriber) -> list[tuple[str, Heard]]:
    return [(text, hear(transcriber, synth.speak(text))) for text in SCRIPTED_ANSWERS]


def test_word_error_rate_over_ten_scripted_answers_is_at_most_15_percent(
    scripted: list[tuple[str, Heard]],
) -> None:
    errors = sum(word_errors(text, heard.transcript.text) for text, heard in scripted)
    words = sum(len([w for w in norm_words(text) if w not in FILLERS]) for text, _ in scripted)
    wer = errors / words
    print(f"WER over {len(scripted)} answers: {wer:.3f} ({errors}/{words})")
    assert wer <= 0.15
    assert all(heard.transcript.language == "en" for _, heard in scripted)


def test_the_filler_prompt_keeps_most_spoken_fillers(scripted: list[tuple[str, Heard]]) -> None:
    spoken = sum(sum(w in FILLERS for w in norm_words(text)) for text, _ in scripted)
    kept = sum(sum(heard.delivery.fillers.get(f, 0) for f in FILLERS) for _, heard in scripted)
    print(f"fillers kept: {kept}/{spoken}")
    assert spoken >= 4
    assert kept >= spoken * 0.5


@pytest.mark.parametrize("rate", [85, 140, 210])
def test_words_per_minute_within_10_percent_of_the_scripted_rate(
    synth: Synth, transcriber: Transcriber, rate: int
) -> None:
    """The reference is the rate espeak-ng really produced: script words over voiced time."""
    text = SCRIPTED_ANSWERS[3] + " " + SCRIPTED_ANSWERS[8]
    wav = synth.speak(text, rate=rate)
    scripted = len(norm_words(text)) / voiced_seconds(wav) * 60
    assert scripted == pytest.approx(rate, rel=0.10)  # espeak-ng keeps roughly to -s
    pace = hear(transcriber, wav).delivery.metric("words_per_minute")
    assert pace.value == pytest.approx(scripted, rel=0.10)
    # Rates well clear of the 110 and 170 limits, so a 10% measuring error cannot flip the status.
    assert pace.status == {85: "low", 140: "ok", 210: "high"}[rate]


def test_inserted_pauses_are_found_where_they_were_put(
    synth: Synth, transcriber: Transcriber
) -> None:
    wav = synth.with_pauses(PAUSED_SENTENCES, {0: 3.0, 2: 2.5})
    heard = hear(transcriber, wav)
    pauses = heard.delivery.pauses
    assert [p.after.strip(".").lower() for p in pauses] == ["question", "directly"]
    assert pauses[0].length_s == pytest.approx(3.0, abs=0.6)
    assert pauses[1].length_s == pytest.approx(2.5, abs=0.6)
    assert heard.delivery.metric("pauses").value == 2
    assert word_errors(" ".join(PAUSED_SENTENCES), heard.transcript.text) <= 4


def test_spanish_speech_is_unscored_not_english_never_invented_english(
    synth: Synth, transcriber: Transcriber
) -> None:
    heard = hear(transcriber, synth.speak(SPANISH_ANSWER, voice="es"))
    assert heard.transcript.language == "es"
    spanish = set(norm_words(SPANISH_ANSWER))
    heard_words = norm_words(heard.transcript.text)
    assert sum(w in spanish for w in heard_words) >= len(heard_words) * 0.5
    outcome = language_outcome(heard, "en", OFFLINE)
    assert outcome is not None
    assert outcome.reason_code == "non_english"
    assert "Spanish" in outcome.reason


def test_english_speech_passes_the_language_check(scripted: list[tuple[str, Heard]]) -> None:
    assert language_outcome(scripted[0][1], "en", OFFLINE) is None


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda s: s.silence(5), "no_speech"),
        (lambda s: s.noise(5), "no_speech"),
        (lambda s: s.speak("Hi."), "audio_too_short"),
        (lambda s: s.silence(301), "audio_too_long"),
    ],
    ids=["silence", "noise", "under-2s", "over-5min"],
)
def test_recordings_without_a_gradable_answer_are_refused_with_a_reason(
    synth: Synth,
    transcriber: Transcriber,
    make,
    reason: str,  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(AudioUnscorable) as exc:
        hear(transcriber, make(synth))
    assert exc.value.reason == reason
    assert exc.value.hint


def test_unsupported_and_damaged_files_are_format_errors(
    tmp_path: Path, transcriber: Transcriber
) -> None:
    text = tmp_path / "answer.txt"
    text.write_text("not audio")
    with pytest.raises(AudioFormatError, match=r"Unsupported audio format '\.txt'"):
        hear(transcriber, text)
    damaged = tmp_path / "answer.wav"
    damaged.write_bytes(b"RIFF\x00\x00garbage" * 100)
    with pytest.raises(AudioFormatError, match=r"Cannot read answer\.wav as audio"):
        hear(transcriber, damaged)
    with pytest.raises(AudioFormatError, match="not found"):
        hear(transcriber, tmp_path / "missing.wav")


@pytest.mark.parametrize("suffix", [".mp3", ".m4a", ".webm"])
def test_compressed_formats_are_transcribed(
    synth: Synth, transcriber: Transcriber, suffix: str
) -> None:
    text = "In three years I want to lead a small data team."
    heard = hear(transcriber, synth.encode(synth.speak(text), suffix))
    assert word_errors(text, heard.transcript.text) <= len(norm_words(text)) * 0.2

"""`interview-coach grade --audio`: transcript, delivery and grade; exit codes for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interview_coach.cli import main
from voice_audio import Synth, require_voice_extra
from voice_scripts import SPANISH_ANSWER

ANSWER = (
    "Thank you for asking. In my first year I want to become a reliable data analyst on your "
    "team, um, building clear reports that help the sales team decide faster. Longer term I "
    "hope to lead analytics projects."
)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err


@pytest.fixture(autouse=True)
def _voice() -> None:
    require_voice_extra()


def test_audio_answer_prints_transcript_delivery_and_grade(
    synth: Synth, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["grade", "--audio", str(synth.speak(ANSWER))], capsys)
    assert code == 0, err
    assert "What we heard" in out
    assert "data analyst" in out
    for label in ("Delivery", "Length", "Pace", "Filler words", "Long pauses", "Hedges"):
        assert label in out
    assert "Scorecard" in out and "/100" in out


def test_audio_json_includes_transcript_and_delivery(
    synth: Synth, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["grade", "--audio", str(synth.speak(ANSWER)), "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["status"] == "scored"
    assert "sales team" in data["transcript"]["text"]
    assert data["transcript"]["language"] == "en"
    ids = [m["id"] for m in data["delivery"]["metrics"]]
    assert ids == ["duration_s", "words_per_minute", "fillers_per_minute", "pauses", "hedges"]
    assert data["delivery"]["fillers"].get("um") == 1


def test_silent_recording_is_unscored_exit_1(
    synth: Synth, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["grade", "--audio", str(synth.silence(4)), "--json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert data["status"] == "unscored"
    assert data["reason_code"] == "no_speech"
    assert "microphone" in err


def test_too_short_recording_is_unscored_exit_1(
    synth: Synth, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["grade", "--audio", str(synth.speak("Hi."))], capsys)
    assert code == 1
    assert "too short" in out and "Unscored" in out


def test_spanish_speech_is_unscored_as_not_english(
    synth: Synth, capsys: pytest.CaptureFixture[str]
) -> None:
    wav = synth.speak(SPANISH_ANSWER, voice="es")
    code, out, _ = run(["grade", "--audio", str(wav), "--json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert data["reason_code"] == "non_english"
    assert data["transcript"]["language"] == "es"


def test_unsupported_format_is_a_usage_error_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "answer.aiff"
    notes.write_bytes(b"FORM0000AIFF")
    code, out, err = run(["grade", "--audio", str(notes)], capsys)
    assert code == 2
    assert "Unsupported audio format '.aiff'" in err
    assert out == ""


def test_missing_audio_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["grade", "--audio", str(tmp_path / "nope.wav")], capsys)
    assert code == 2
    assert "Audio file not found" in err


def test_missing_model_folder_exit_2(
    synth: Synth,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("INTERVIEW_COACH_VOICE__MODEL", f"local:{tmp_path / 'no-model'}")
    code, _, err = run(["grade", "--audio", str(synth.speak(ANSWER))], capsys)
    assert code == 2
    assert "No faster-whisper model" in err and "model.bin is missing" in err


def test_voice_off_exit_2(synth: Synth, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INTERVIEW_COACH_VOICE__MODEL", "off")
    code, _, err = run(["grade", "--audio", str(synth.speak(ANSWER))], capsys)
    assert code == 2
    assert "turned off" in err


def test_text_and_audio_together_is_a_usage_error(
    synth: Synth, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["grade", "some text", "--audio", str(synth.speak(ANSWER))], capsys)
    assert code == 2
    assert "not both" in err


def test_corrupt_model_folder_exit_2(
    synth: Synth,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "broken-model"
    folder.mkdir()
    (folder / "model.bin").write_bytes(b"not a model")
    monkeypatch.setenv("INTERVIEW_COACH_VOICE__MODEL", f"local:{folder}")
    code, _, err = run(["grade", "--audio", str(synth.speak(ANSWER))], capsys)
    assert code == 2
    assert "Cannot load the speech model broken-model" in err

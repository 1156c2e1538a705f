"""Spoken answers made at test time: espeak-ng reads known text, sox inserts pauses.

Each wav is generated once per session (cached by its recipe) as 16 kHz mono. Without espeak-ng
or sox the voice tests are skipped locally and fail in CI (CI=true: .ci/run installs them).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest


def require_tools() -> None:
    missing = [t for t in ("espeak-ng", "sox") if shutil.which(t) is None]
    if not missing:
        return
    reason = f"{', '.join(missing)} missing (apt-get install -y espeak-ng sox)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + "; CI must install it")
    pytest.skip(reason)


def require_voice_extra() -> None:
    from interview_coach.voice.transcriber import voice_installed

    if not voice_installed():
        pytest.fail("the voice extra is not installed: pip install -e '.[dev,voice]'")


FILLERS = frozenset({"um", "uh"})


def norm_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("’", "'"))


def word_errors(reference: str, hypothesis: str, drop: frozenset[str] = FILLERS) -> int:
    """Word-level edit distance (substitutions + deletions + insertions)."""
    ref = [w for w in norm_words(reference) if w not in drop]
    hyp = [w for w in norm_words(hypothesis) if w not in drop]
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


@dataclass
class Synth:
    folder: Path

    def _cached(self, recipe: str, build: callable) -> Path:  # type: ignore[valid-type]
        key = hashlib.sha256(recipe.encode()).hexdigest()[:16]
        path = self.folder / f"{key}.wav"
        if not path.exists():
            tmp = self.folder / f"{key}.tmp.wav"
            build(tmp)
            tmp.replace(path)
        return path

    def speak(self, text: str, rate: int = 150, voice: str = "en-us") -> Path:
        """16 kHz mono wav of espeak-ng reading `text` at `rate` words per minute."""

        def build(out: Path) -> None:
            raw = out.with_suffix(".raw.wav")
            subprocess.run(
                ["espeak-ng", "-v", voice, "-s", str(rate), "-w", str(raw), text], check=True
            )
            subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(out)], check=True)
            raw.unlink()

        return self._cached(f"speak|{voice}|{rate}|{text}", build)

    def with_pauses(self, sentences: list[str], pauses: dict[int, float], rate: int = 150) -> Path:
        """The sentences read one after another, with `pauses[i]` seconds of silence after
        sentence i (sox pad)."""

        def build(out: Path) -> None:
            parts = []
            for i, sentence in enumerate(sentences):
                part = self.speak(sentence, rate)
                if i in pauses:
                    padded = self.folder / f"{part.stem}-pad{pauses[i]}.wav"
                    subprocess.run(
                        ["sox", str(part), str(padded), "pad", "0", str(pauses[i])], check=True
                    )
                    part = padded
                parts.append(str(part))
            subprocess.run(["sox", *parts, str(out)], check=True)

        return self._cached(f"pauses|{rate}|{sentences}|{sorted(pauses.items())}", build)

    def silence(self, seconds: float) -> Path:
        def build(out: Path) -> None:
            cmd = ["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(out)]
            subprocess.run([*cmd, "trim", "0", str(seconds)], check=True)

        return self._cached(f"silence|{seconds}", build)

    def noise(self, seconds: float, kind: str = "whitenoise") -> Path:
        def build(out: Path) -> None:
            cmd = ["sox", "-n", "-r", "16000", "-c", "1", "-b", "16", str(out)]
            subprocess.run([*cmd, "synth", str(seconds), kind, "vol", "0.3"], check=True)

        return self._cached(f"noise|{kind}|{seconds}", build)

    def encode(self, wav: Path, suffix: str) -> Path:
        """The wav re-encoded as mp3, m4a (AAC) or webm (Opus) with PyAV (ffmpeg inside)."""
        import av

        codec = {".mp3": "mp3", ".m4a": "aac", ".webm": "libopus"}[suffix]
        fmt = {".mp3": "mp3", ".m4a": "ipod", ".webm": "webm"}[suffix]

        def build(out: Path) -> None:
            target = out.with_suffix(suffix)
            rate = 48000 if codec == "libopus" else 16000
            with av.open(str(wav)) as src, av.open(str(target), "w", format=fmt) as dst:
                stream = dst.add_stream(codec, rate=rate)
                resampler = av.AudioResampler(format=stream.format, layout="mono", rate=rate)
                for frame in src.decode(audio=0):
                    for f in resampler.resample(frame):
                        dst.mux(stream.encode(f))
                for f in resampler.resample(None):
                    dst.mux(stream.encode(f))
                dst.mux(stream.encode(None))
            target.replace(out)

        wav_out = self._cached(f"encode|{wav.name}|{suffix}", build)
        final = wav_out.with_suffix(suffix)
        if not final.exists():
            shutil.copyfile(wav_out, final)
        return final


def voiced_seconds(wav: Path) -> float:
    """The wav's length without leading and trailing silence (sox silence + stat)."""
    cmd = ["sox", str(wav), "-n", "silence", "1", "0.05", "1%", "reverse"]
    cmd += ["silence", "1", "0.05", "1%", "reverse", "stat"]
    report = subprocess.run(cmd, check=True, capture_output=True, text=True).stderr
    match = re.search(r"Length \(seconds\):\s+([\d.]+)", report)
    assert match, report
    return float(match.group(1))

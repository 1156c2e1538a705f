"""Voice answers on this machine: model assembly and load, real-time factor for a 60 s answer,
peak memory, and the chat's time from "stop" to scorecard.

Baselines measured in the same run: decoding the audio alone (what any recording costs before
Whisper) and the offline grader alone on the transcript (what a typed answer costs). Target: a
real-time factor of at most 0.5 with int8 Whisper-base on 2 cores.

Needs espeak-ng and sox (the 60 s answer is synthesised) and the voice extra.
Run: .venv/bin/python benchmarks/transcribe.py [--repeats N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from interview_coach.config import Settings, VoiceSettings
from interview_coach.models import InterviewContext
from interview_coach.offline.grader import OfflineGrader
from interview_coach.store import HistoryStore
from interview_coach.voice import model_files
from interview_coach.voice.audio import decode
from interview_coach.voice.hearing import hear
from interview_coach.voice.local import LocalTranscriber
from interview_coach.web.engines import build_engines
from interview_coach.web.handlers import ChatController
from interview_coach.web.voice import VoiceChat

ANSWER = (
    "Thank you for asking, I am really excited about this role. In my first year I want to "
    "learn your data platform in depth, um, take ownership of the weekly sales reports, and "
    "ship dashboards that help the regional teams decide faster. I have already automated "
    "similar reports in my current job, which saved my team about a day every week. Over the "
    "next three to five years I hope to grow into a senior analyst who mentors new hires and "
    "leads projects that shape how the business plans its stock. Your focus on small shops "
    "is the reason I applied, because I grew up helping in my parents' shop and I know how "
    "much good numbers matter to them. I would love to learn from your senior engineers and, "
    "uh, finish the statistics course I started this spring. Above all, I am committed to "
    "doing careful work that your customers notice every single day, and to growing with "
    "this team for the long term."
)


def synthesise(folder: Path) -> tuple[Path, bytes]:
    """The answer as a 16 kHz wav, and as the chat's 24 kHz pcm16 stream."""
    raw, wav = folder / "raw.wav", folder / "answer.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), ANSWER], check=True)
    subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", str(wav)], check=True)
    pcm = subprocess.run(
        ["sox", str(raw), "-r", "24000", "-c", "1", "-b", "16", "-e", "signed", "-t", "raw", "-"],
        check=True,
        capture_output=True,
    ).stdout
    return wav, pcm


class QuietUI:
    """A chat UI that shows nothing: the benchmark times the work, not the rendering."""

    def __init__(self) -> None:
        self.scorecard_at: float | None = None

    async def say(self, text: str, buttons: Sequence[Any] = ()) -> None:
        return None

    async def candidate(self, text: str) -> None:
        return None

    async def stream(self, chunks: AsyncIterator[str], buttons: Sequence[Any] = ()) -> str:
        return "".join([c async for c in chunks])

    @asynccontextmanager
    async def progress(self, title: str, by: str) -> AsyncIterator[Any]:
        class _P:
            async def update(self, text: str) -> None:
                return None

        yield _P()

    async def scorecard(self, summary: str, figure: Any, details: str, buttons: Any = ()) -> None:
        self.scorecard_at = time.perf_counter()

    async def downloads(self, text: str, files: Any) -> None:
        return None

    async def engine(self, ai: bool) -> None:
        return None

    async def retire(self, button: Any) -> None:
        return None

    def remember(self, key: str, value: Any) -> None:
        return None


async def stop_to_scorecard(settings: Settings, pcm: bytes, folder: Path) -> float:
    """Seconds from the second mic click (on_audio_end) to the scorecard, with followups=0:
    transcribe, show the transcript, 'Use this answer', grade offline, render."""
    ui = QuietUI()
    store = HistoryStore(folder / "history.sqlite3")
    controller = ChatController(ui, settings, store, build_engines)  # type: ignore[arg-type]
    chat = VoiceChat(controller, ui, settings)
    await controller.start()
    chat.start()
    for i in range(0, len(pcm), 8192):
        chat.chunk(pcm[i : i + 8192])
    start = time.perf_counter()
    await chat.end()
    await chat.use()
    assert ui.scorecard_at is not None, "no scorecard was shown"
    return ui.scorecard_at - start


def timed(fn: Any, repeats: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=2)
    repeats = parser.parse_args().repeats
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        wav, pcm = synthesise(folder)
        cache = folder / "whisper"
        t0 = time.perf_counter()
        model_files.bundled_model(cache)
        assemble = time.perf_counter() - t0
        model_files._verified.clear()
        t0 = time.perf_counter()
        model_files.bundled_model(cache)
        verify = time.perf_counter() - t0
        transcriber = LocalTranscriber("", cache, cpu_threads=2)
        t0 = time.perf_counter()
        transcriber.load()
        load = time.perf_counter() - t0

        decode_s, samples = timed(lambda: decode(wav), repeats)
        audio_s = len(samples) / 16000
        hear_s, heard = timed(lambda: hear(transcriber, wav), repeats)
        grader = OfflineGrader()
        grade_s, _ = timed(
            lambda: asyncio.run(grader.grade(heard.transcript.text, InterviewContext())),
            repeats,
        )
        settings = Settings(followups=0, voice=VoiceSettings(cache_dir=cache))
        chat_times = [
            asyncio.run(stop_to_scorecard(settings, pcm, folder / f"chat{i}"))
            for i in range(repeats)
        ]
        chat_s = statistics.median(chat_times)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rtf = hear_s / audio_s
    table = Table(title=f"Voice answer benchmark ({audio_s:.0f} s answer, median of {repeats})")
    table.add_column("Step")
    table.add_column("Seconds", justify="right")
    table.add_column("× audio decode", justify="right")
    table.add_column("× offline grade", justify="right")
    rows = [
        ("Assemble + verify model (first use)", assemble),
        ("Verify model (each process)", verify),
        ("Load model (int8, 2 threads)", load),
        ("Decode audio alone (baseline)", decode_s),
        ("Offline grader alone (baseline)", grade_s),
        ("Transcribe + delivery (hear)", hear_s),
        ("Chat: stop to scorecard", chat_s),
    ]
    for name, seconds in rows:
        table.add_row(
            name, f"{seconds:.2f}", f"{seconds / decode_s:,.0f}", f"{seconds / grade_s:,.0f}"
        )
    console.print(table)
    verdict = "meets" if rtf <= 0.5 else "misses"
    console.print(
        f"Real-time factor {rtf:.2f} ({verdict} the 0.5 target); peak memory {peak_mb:.0f} MB; "
        f"{heard.delivery.word_count} words heard. Load average {os.getloadavg()[0]:.2f} "
        f"on {os.cpu_count()} cores."
    )


if __name__ == "__main__":
    main()

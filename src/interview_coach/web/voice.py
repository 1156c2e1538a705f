"""Voice answers in the chat, independent of Chainlit: one `VoiceChat` per browser session.

The microphone's chunks are collected, transcribed on this machine when recording stops, and the
transcript is shown as the candidate's message with *Use this answer* / *Record again*. A used
answer goes through `ChatController.message`, the same path as typed text. The recording is kept
on disk until its answer is graded or discarded; if transcription fails it stays there, and the
person is told where.
"""

from __future__ import annotations

import asyncio
import io
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..config import Settings
from ..report_view import unscored_view
from ..voice.audio import CHAT_SAMPLE_RATE, MAX_SECONDS, pcm16_to_wav
from ..voice.errors import AudioUnscorable, VoiceError
from ..voice.hearing import Heard, hear, language_outcome
from ..voice.transcriber import Transcriber, build_transcriber, voice_enabled
from .chat_ui import Button
from .handlers import ChatController
from .scorecard import unscored_markdown

log = logging.getLogger(__name__)

MAX_BYTES = int((MAX_SECONDS + 60) * CHAT_SAMPLE_RATE * 2)

USE_ANSWER = Button("use_answer", "Use this answer")
RECORD_AGAIN = Button("record_again", "Record again")
NEEDS_SECURE_PAGE = (
    "No sound reached me: the browser only lets a page use the microphone over HTTPS or on "
    "localhost. Open the chat at https://... (or http://localhost) and record again, or type "
    "your answer."
)
VOICE_OFF = (
    "Voice answers are off here ({why}). Type your answer instead, or ask whoever runs the "
    "coach to enable them."
)


class VoiceUI(Protocol):
    async def say(self, text: str, buttons: Sequence[Button] = ()) -> None: ...

    async def candidate(self, text: str) -> None:
        """Show `text` as the candidate's own message."""
        ...


@dataclass
class Recording:
    wav: Path
    heard: Heard


class VoiceChat:
    def __init__(
        self,
        controller: ChatController,
        ui: VoiceUI,
        settings: Settings,
        transcriber: Callable[[Settings], Transcriber] = build_transcriber,
    ) -> None:
        self.controller = controller
        self.ui = ui
        self.settings = settings
        self._transcriber = transcriber
        self.folder = settings.voice.cache_dir / "recordings"
        self.chunks: list[bytes] = []
        self._bytes = 0
        self.pending: Recording | None = None
        self.used: list[Path] = []
        self._warming: asyncio.Future[None] | None = None

    # ---- Chainlit's audio callbacks ---------------------------------------------------------

    def start(self) -> bool:
        """A new recording. Always True: anything else leaves the browser's mic spinner stuck."""
        self.chunks = []
        self._bytes = 0
        self._warm_up()
        return True

    def chunk(self, data: bytes) -> None:
        """Keep a chunk; past a minute over the limit the rest is dropped (memory stays bounded,
        and the recording is still reported as too long)."""
        if self._bytes < MAX_BYTES:
            self.chunks.append(data)
            self._bytes += len(data)

    async def end(self) -> None:
        chunks, self.chunks, self._bytes = self.chunks, [], 0
        if not any(chunks):
            await self.ui.say(NEEDS_SECURE_PAGE)
            return
        if not voice_enabled(self.settings.voice):
            await self.ui.say(VOICE_OFF.format(why=self._off_reason()))
            return
        if self.controller.phase == "grading":
            await self.ui.say("Still scoring your answer; record again after the feedback.")
            return
        self._discard_pending()
        wav = self._keep(pcm16_to_wav(chunks))
        try:
            transcriber = self._transcriber(self.settings)
            heard = await asyncio.to_thread(
                hear, transcriber, io.BytesIO(wav.read_bytes()), self.settings.voice.language
            )
        except AudioUnscorable as exc:
            kept = ""
            if exc.reason == "audio_too_long":  # there is an answer in it: keep it
                kept = f" Your recording is saved at {wav}."
            else:
                wav.unlink(missing_ok=True)
            await self.ui.say(f"{exc.message} {exc.hint}{kept}", [RECORD_AGAIN])
            return
        except VoiceError as exc:
            await self.ui.say(
                f"I could not transcribe your recording: {exc} Your recording is saved at "
                f"{wav}; type your answer instead, or record again once this is fixed.",
                [RECORD_AGAIN],
            )
            return
        except Exception as exc:
            log.exception("transcription failed")
            await self.ui.say(
                f"Transcription failed unexpectedly ({type(exc).__name__}). Your recording is "
                f"saved at {wav}; record again or type your answer.",
                [RECORD_AGAIN],
            )
            return
        await self.ui.candidate(heard.transcript.text)
        other = language_outcome(
            heard, self.settings.voice.language, self.controller.session.grader.info
        )
        if other is not None:
            wav.unlink(missing_ok=True)
            await self.ui.say(
                unscored_markdown(unscored_view(other, heard.transcript.text)), [RECORD_AGAIN]
            )
            return
        self.pending = Recording(wav, heard)
        await self.ui.say(
            "That is what I heard. Use it as your answer, or record again.",
            [USE_ANSWER, RECORD_AGAIN],
        )

    # ---- actions ------------------------------------------------------------------------------

    async def use(self) -> None:
        recording, self.pending = self.pending, None
        if recording is None:
            await self.ui.say("There is no recording waiting; press the microphone to record.")
            return
        self.used.append(recording.wav)
        heard = recording.heard
        await self.controller.message(heard.transcript.text, spoken=heard.spoken())
        self.settle()

    async def record_again(self) -> None:
        self._discard_pending()
        await self.ui.say("Press the microphone and answer again; press it once more to stop.")

    def settle(self) -> None:
        """Delete the recordings of answers that are now graded (call after every chat event)."""
        if self.controller.phase != "graded":
            return
        for wav in self.used:
            wav.unlink(missing_ok=True)
        self.used = []

    # ---- helpers ------------------------------------------------------------------------------

    def _warm_up(self) -> None:
        """Load the local model in a worker thread while the person speaks, so the first
        transcript does not wait for it. Failures surface (with their message) at `end`."""
        if not voice_enabled(self.settings.voice):
            return
        try:
            load = getattr(self._transcriber(self.settings), "load", None)
        except VoiceError:
            return
        if callable(load):
            self._warming = asyncio.get_running_loop().run_in_executor(None, _quietly, load)

    def _keep(self, wav: bytes) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"answer-{uuid.uuid4().hex[:12]}.wav"
        path.write_bytes(wav)
        return path

    def _discard_pending(self) -> None:
        if self.pending is not None:
            self.pending.wav.unlink(missing_ok=True)
            self.pending = None

    def _off_reason(self) -> str:
        if self.settings.voice.provider == "off":
            return "voice.model is 'off'"
        return "the voice extra is not installed"


def _quietly(load: Callable[[], object]) -> None:
    try:
        load()
    except Exception:  # reported when the recording is transcribed
        log.info("speech model warm-up failed", exc_info=True)

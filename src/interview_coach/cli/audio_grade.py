"""`interview-coach grade --audio FILE`: transcribe on this machine, show delivery, grade.

Voice failures become the project's exit codes here: a recording with nothing gradable in it
(silence, noise, too short or long) is an unscored outcome (exit 1); a missing, unsupported or
damaged file, or a missing/corrupt model, is a usage/data error (exit 2).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import click
from rich.text import Text

from ..config import Settings
from ..engine import Grader
from ..models import InterviewContext, Unscored
from ..voice.errors import AudioFormatError, AudioUnscorable, VoiceUnavailable
from ..voice.hearing import Heard, hear, language_outcome
from ..voice.transcriber import build_transcriber
from .common import EXIT_OK, EXIT_UNSCORED, EXIT_USAGE, console, err_console, fail
from .render import print_outcome
from .voice_render import print_spoken


def _hear(settings: Settings, audio: Path) -> Heard:
    err = err_console()
    try:
        transcriber = build_transcriber(settings)
        with err.status("Transcribing on this machine ..."):
            return hear(transcriber, audio, settings.voice.language)
    except (VoiceUnavailable, AudioFormatError) as exc:
        fail(str(exc), EXIT_USAGE)
        raise  # unreachable: fail raises


def grade_audio(
    audio: Path, settings: Settings, grader: Grader, context: InterviewContext, as_json: bool
) -> int:
    out, err = console(), err_console()
    try:
        heard = _hear(settings, audio)
    except AudioUnscorable as exc:
        outcome = Unscored(
            reason_code=exc.reason, reason=exc.message, hint=exc.hint, engine=grader.info
        )
        if as_json:
            click.echo(outcome.model_dump_json(indent=2))
        else:
            print_outcome(out, outcome, prices=settings.prices)
        err.print(Text.assemble(("unscored: ", "yellow"), str(exc)))
        return EXIT_UNSCORED
    language_result = language_outcome(heard, settings.voice.language, grader.info)
    result = language_result or asyncio.run(grader.grade(heard.transcript.text, context))
    if as_json:
        data = json.loads(result.model_dump_json())
        data["transcript"] = heard.transcript.model_dump(mode="json")
        data["delivery"] = heard.delivery.model_dump(mode="json")
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_spoken(out, heard.transcript, heard.delivery)
        print_outcome(out, result, prices=settings.prices)
    if isinstance(result, Unscored):
        err.print(Text.assemble(("unscored: ", "yellow"), f"{result.reason} {result.hint}"))
        return EXIT_UNSCORED
    return EXIT_OK

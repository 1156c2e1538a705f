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
from ..report_view import build_view, report_data
from ..voice.errors import AudioFormatError, AudioUnscorable, VoiceUnavailable
from ..voice.hearing import Heard, hear, language_outcome
from ..voice.transcriber import build_transcriber
from .common import EXIT_OK, EXIT_UNSCORED, EXIT_USAGE, console, err_console, fail
from .render import print_view
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
        view = build_view(outcome, prices=settings.prices)
        if as_json:
            click.echo(json.dumps(report_data(view), indent=2, ensure_ascii=False))
        else:
            print_view(out, view)
        err.print(Text.assemble(("unscored: ", "yellow"), str(exc)))
        return EXIT_UNSCORED
    language_result = language_outcome(heard, settings.voice.language, grader.info)
    result = language_result or asyncio.run(grader.grade(heard.transcript.text, context))
    result_view = build_view(result, heard.transcript.text, prices=settings.prices)
    if as_json:
        data = report_data(result_view)  # unscored: with the transcript as "answer", as text
        data["transcript"] = heard.transcript.model_dump(mode="json")
        data["delivery"] = heard.delivery.model_dump(mode="json")
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print_spoken(out, heard.transcript, heard.delivery)
        print_view(out, result_view)
    if isinstance(result, Unscored):
        err.print(Text.assemble(("unscored: ", "yellow"), f"{result.reason} {result.hint}"))
        return EXIT_UNSCORED
    return EXIT_OK

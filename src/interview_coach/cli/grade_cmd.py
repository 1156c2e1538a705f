"""`interview-coach grade`: grade one answer from an argument, a file or stdin."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import click
from rich.text import Text

from ..catalogue import SENIORITIES
from ..engine_factory import build_grader
from ..models import InterviewContext, Seniority, Unscored
from ..report_view import build_view, report_data
from ..text_safety import terminal_lines
from .common import (
    EXIT_OK,
    EXIT_UNSCORED,
    build_settings,
    console,
    err_console,
    fail,
    print_notices,
    settings_options,
)
from .render import print_view


def read_answer(answer: str | None, file: Path | None) -> str:
    """The answer text from exactly one of: the argument, --file, or stdin ('-' or piped)."""
    if answer is not None and file is not None:
        fail("give the answer either as an argument or with --file, not both")
    if file is not None:
        if not file.is_file():
            fail(f"file not found: {file}. Check the path, or pass the answer as an argument.")
        data = file.read_bytes()
    elif answer is None or answer == "-":
        if answer is None and sys.stdin.isatty():
            fail("no answer given: pass it as an argument, with --file PATH, or on stdin")
        data = sys.stdin.buffer.read()
    else:
        return answer
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace")


def context_options(func):  # type: ignore[no-untyped-def]
    for option in reversed(
        [
            click.option("--role", default="", help="The role you are interviewing for."),
            click.option("--company", default="", help="The company."),
            click.option("--company-blurb", default="", help="One line about the company."),
            click.option(
                "--seniority",
                type=click.Choice(SENIORITIES),
                default=Seniority.mid.value,
                show_default=True,
            ),
        ]
    ):
        func = option(func)
    return func


@click.command("grade")
@click.argument("answer", required=False)
@click.option(
    "--file",
    "-f",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Read the answer from a text file.",
)
@click.option(
    "--audio",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Grade a spoken answer (wav, mp3, m4a, webm): transcribed on this machine.",
)
@context_options
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@settings_options
def grade_cmd(
    answer: str | None,
    file: Path | None,
    audio: Path | None,
    role: str,
    company: str,
    company_blurb: str,
    seniority: str,
    as_json: bool,
    config_path: Path | None,
    grader_model: str | None,
    interviewer_model: str | None,
    base_url: str | None,
) -> int:
    """Grade ANSWER (or --file, stdin, or a recording with --audio) against the rubric.

    Exit code 0 when graded, 1 when the answer cannot be scored, 2 for usage or config errors.
    """
    if audio is not None and (answer is not None or file is not None):
        fail("give the answer as text or with --audio, not both")
    text = read_answer(answer, file) if audio is None else ""
    settings = build_settings(
        config_path, grader_model=grader_model, interviewer_model=None, base_url=base_url
    )
    context = InterviewContext(
        role=role, company=company, company_blurb=company_blurb, seniority=Seniority(seniority)
    )
    grader, notices = build_grader(settings)
    err = err_console()
    print_notices(err, notices)
    if audio is not None:
        from .audio_grade import grade_audio

        return grade_audio(audio, settings, grader, context, as_json)
    outcome = asyncio.run(grader.grade(text, context))
    view = build_view(outcome, text, prices=settings.prices)
    if as_json:
        click.echo(json.dumps(report_data(view), indent=2, ensure_ascii=False))
    else:
        print_view(console(), view)
        if isinstance(outcome, Unscored) and answer in (None, "-"):
            # Piped or read from a file: show it, so an unscored answer is never lost.
            console().print(Text.assemble(("Your answer (kept):\n", "bold"), terminal_lines(text)))
    if isinstance(outcome, Unscored):
        err.print(Text.assemble(("unscored: ", "yellow"), f"{outcome.reason} {outcome.hint}"))
        return EXIT_UNSCORED
    return EXIT_OK

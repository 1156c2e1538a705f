"""Invoke the CLI in-process, as a user would from the shell, and keep its exit code and output."""

from __future__ import annotations

import pytest

from interview_coach.cli import main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `interview-coach ARGS`."""
    with pytest.raises(SystemExit) as exc:
        main(args)
    out, err = capsys.readouterr()
    return int(exc.value.code or 0), out, err

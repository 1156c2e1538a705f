"""What every subcommand shares: settings flags, engine construction, and the error edge.

Exit codes: 0 ok, 1 unscorable input (or a missed eval threshold), 2 usage, config or
data error.
Exceptions become a one-line message here and nowhere else; INTERVIEW_COACH_DEBUG=1 shows
tracebacks.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.text import Text

from ..config import ConfigError, Settings, load_settings

EXIT_OK = 0
EXIT_UNSCORED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

F = TypeVar("F", bound=Callable[..., Any])


class CliError(Exception):
    """A failure with a message for the user and the exit code that goes with it."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


PIPED_WIDTH = 140


def _width(stderr: bool) -> int | None:
    """Rich assumes 80 columns when output is piped (CI logs, files): too narrow for our tables."""
    stream = sys.stderr if stderr else sys.stdout
    if os.environ.get("COLUMNS") or stream.isatty():
        return None
    return PIPED_WIDTH


def console() -> Console:
    return Console(highlight=False, soft_wrap=False, width=_width(stderr=False))


def err_console() -> Console:
    return Console(stderr=True, highlight=False, width=_width(stderr=True))


def fail(message: str, code: int = EXIT_USAGE) -> None:
    raise CliError(message, code)


def _report(err: Console, label: str, message: str) -> None:
    """One line on stderr; the message is shown as typed (user text may contain [brackets])."""
    err.print(Text.assemble((f"{label}: ", "red"), message))


def run_guarded(command: click.Command, argv: list[str] | None) -> int:
    """Run the click command; turn every failure into a one-line message and an exit code."""
    from ..llm_errors import LLMError

    err = err_console()
    try:
        result = command.main(args=argv, standalone_mode=False, prog_name="interview-coach")
    except click.exceptions.Abort:
        err.print("Aborted.")
        return EXIT_USAGE
    except click.ClickException as exc:
        _report(err, "error", exc.format_message())
        return EXIT_USAGE
    except CliError as exc:
        _report(err, "error", exc.message)
        return exc.code
    except ConfigError as exc:
        _report(err, "config error", str(exc))
        return EXIT_USAGE
    except LLMError as exc:
        _report(err, "model error", str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.print("Interrupted.")
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get("INTERVIEW_COACH_DEBUG"):
            raise
        _report(
            err,
            "unexpected error",
            f"{type(exc).__name__}: {exc}. Run again with INTERVIEW_COACH_DEBUG=1 for details.",
        )
        return EXIT_USAGE
    return result if isinstance(result, int) else EXIT_OK


def print_notices(err: Console, notices: list[str]) -> None:
    for notice in dict.fromkeys(notices):
        err.print(Text.assemble(("note: ", "yellow"), notice))


def settings_options(func: F) -> F:
    """Flags shared by commands that need settings; None means 'not given' (lower sources apply)."""

    @click.option(
        "--config",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Settings file (default: ./interview-coach.toml or $INTERVIEW_COACH_CONFIG).",
    )
    @click.option("--grader", "grader_model", default=None, help="Grader model, 'provider:model'.")
    @click.option(
        "--interviewer", "interviewer_model", default=None, help="Interviewer, 'provider:model'."
    )
    @click.option("--base-url", default=None, help="Base URL for an OpenAI-compatible server.")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def cli_overrides(
    grader_model: str | None = None,
    interviewer_model: str | None = None,
    base_url: str | None = None,
    **flat: Any,
) -> dict[str, Any]:
    """The CLI flags in the nested shape the settings expect; unset flags are left out."""
    out: dict[str, Any] = {k: v for k, v in flat.items() if v is not None}
    for part, model in (("grader", grader_model), ("interviewer", interviewer_model)):
        nested = {k: v for k, v in {"model": model, "base_url": base_url}.items() if v}
        if nested:
            out[part] = nested
    return out


def build_settings(config_path: Path | None, **flags: Any) -> Settings:
    """Settings with CLI flags on top of env, .env and the TOML file."""
    return load_settings(config_path, **cli_overrides(**flags))


def require_history(settings: Settings) -> None:
    """Stop before anything starts (exit 2) when attempts cannot be saved where configured."""
    from ..store import HistoryUnavailable, check_writable

    if not settings.history:
        return
    try:
        check_writable(settings)
    except HistoryUnavailable as exc:
        fail(f"{exc}. {exc.hint}")

"""Entry point: a click group whose subcommands live in one module each."""

from __future__ import annotations

import sys

import click

from .. import __version__
from .common import run_guarded


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="interview-coach")
def cli() -> None:
    """Rehearse "What are your career aspirations?" and get graded, evidence-backed feedback."""


def _register() -> None:
    from .config_cmd import config_cmd
    from .eval_cmd import eval_cmd
    from .grade_cmd import grade_cmd
    from .hash_password_cmd import hash_password_cmd
    from .history_cmd import history_cmd
    from .practice_cmd import practice_cmd
    from .proxy_config_cmd import proxy_config_cmd
    from .web_cmd import web_cmd

    commands = (grade_cmd, practice_cmd, config_cmd, eval_cmd, web_cmd, history_cmd)
    for command in (*commands, hash_password_cmd, proxy_config_cmd):
        cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    sys.exit(run_guarded(cli, argv))


if __name__ == "__main__":
    main()

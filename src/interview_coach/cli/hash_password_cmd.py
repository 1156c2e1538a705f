"""`interview-coach hash-password`: a scrypt hash to put in INTERVIEW_COACH_WEB_USERS."""

from __future__ import annotations

import click

from ..web.passwords import hash_password
from .common import fail

MIN_LENGTH = 8


@click.command("hash-password")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Read from a hidden prompt when not given (given here, it lands in shell history).",
)
def hash_password_cmd(password: str) -> None:
    """Print a password hash for INTERVIEW_COACH_WEB_USERS='name:<hash>'."""
    if len(password) < MIN_LENGTH:
        fail(f"use at least {MIN_LENGTH} characters")
    click.echo(hash_password(password))

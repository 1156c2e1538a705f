"""`interview-coach web` (placeholder until its issue lands)."""

from __future__ import annotations

import click


@click.command("web")
def web_cmd() -> None:
    """Not available yet."""
    raise click.UsageError("'web' is not available in this build yet.")

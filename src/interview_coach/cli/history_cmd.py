"""`interview-coach history` (placeholder until its issue lands)."""

from __future__ import annotations

import click


@click.command("history")
def history_cmd() -> None:
    """Not available yet."""
    raise click.UsageError("'history' is not available in this build yet.")

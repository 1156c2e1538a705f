"""`interview-coach eval` (placeholder until its issue lands)."""

from __future__ import annotations

import click


@click.command("eval")
def eval_cmd() -> None:
    """Not available yet."""
    raise click.UsageError("'eval' is not available in this build yet.")

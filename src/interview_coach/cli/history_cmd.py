"""`interview-coach history`: list and export saved attempts (the same records the chat saves)."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table
from rich.text import Text

from ..history import HistoryRecord, HistoryStore
from ..history_access import HISTORY_ERRORS, NO_HISTORY_HINT, HistoryUnavailable, check_readable
from ..text_safety import terminal_safe
from ..web import export
from ..web.auth import LOCAL_USER
from .common import build_settings, console, fail


def _table(records: list[HistoryRecord]) -> Table:
    table = Table(title="Practice history", show_lines=False)
    for column in ("ID", "When (UTC)", "User", "Role", "Company", "Score", "Band", "Engine"):
        table.add_column(column, justify="right" if column in ("ID", "Score") else "left")
    for r in records:
        outcome = r.outcome
        score = str(r.overall) if r.overall is not None else r.status
        band = outcome.band.value if outcome is not None and outcome.status == "scored" else "-"
        cells = [
            str(r.id),
            r.created_at.strftime("%Y-%m-%d %H:%M"),
            r.user,
            r.context.role or "-",
            r.context.company or "-",
            score,
            band,
            r.model,
        ]
        table.add_row(*(Text(terminal_safe(cell)) for cell in cells))
    return table


@click.command("history")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Settings file (for history_db).",
)
@click.option(
    "--history-db", type=click.Path(path_type=Path, dir_okay=False), default=None, help="SQLite."
)
@click.option(
    "--user",
    default=LOCAL_USER,
    show_default=True,
    help="Whose attempts (the web login name; 'local' without logins).",
)
@click.option("--all-users", is_flag=True, help="Every user's attempts.")
@click.option("--id", "record_id", type=int, default=None, help="Only this attempt.")
@click.option(
    "--export",
    "export_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the attempts with transcript and report to a .json or .md file.",
)
def history_cmd(
    config_path: Path | None,
    history_db: Path | None,
    user: str,
    all_users: bool,
    record_id: int | None,
    export_path: Path | None,
) -> None:
    """List saved practice attempts, or export them as JSON or Markdown."""
    settings = build_settings(config_path, history_db=history_db)
    fmt = None
    if export_path is not None:
        try:
            fmt = export.format_for(export_path)
        except ValueError as exc:
            fail(str(exc))
    out = console()
    if not settings.history_db.exists():
        out.print(f"No history yet ({settings.history_db} does not exist).")
        return
    owner = None if all_users else user
    try:
        check_readable(settings.history_db)
        records = HistoryStore(settings.history_db).export(user=owner, record_id=record_id)
    except HistoryUnavailable as exc:
        fail(f"{exc}. {exc.hint}")
    except HISTORY_ERRORS as exc:
        fail(f"cannot read the history database {settings.history_db}: {exc}. {NO_HISTORY_HINT}")
    if record_id is not None and not records:
        fail(f"no attempt with id {record_id}" + ("" if all_users else f" for user {user!r}"))
    if export_path is not None and fmt is not None:
        export_path.parent.mkdir(parents=True, exist_ok=True)
        export_path.write_text(export.render(records, fmt), encoding="utf-8")
        out.print(f"Exported {len(records)} attempt(s) to {export_path}")
        return
    if not records:
        out.print("No attempts saved yet.")
        return
    out.print(_table(records))

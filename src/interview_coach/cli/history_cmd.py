"""`interview-coach history`: list, export, show the trend of, or delete saved attempts.

It reads the same store the chat writes (the SQLite file, or Postgres by URL); deleting an
attempt made in the chat deletes its whole chat session, as the chat's own delete does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click
from rich.table import Table
from rich.text import Text

from ..config import Settings
from ..store import (
    HISTORY_ERRORS,
    NO_HISTORY_HINT,
    HistoryRecord,
    HistoryStore,
    HistoryUnavailable,
    check_readable,
    database_url,
)
from ..store.access import is_sqlite, where
from ..store.erase import Erased, delete_session, delete_user
from ..text_safety import terminal_safe
from ..web import export
from ..web.auth import LOCAL_USER
from .common import build_settings, console, fail

_T = TypeVar("_T")


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


def trend_lines(records: list[HistoryRecord]) -> list[str]:
    """One line per role and company: the scores in order, first to latest."""
    groups: dict[tuple[str, str], list[int]] = {}
    for r in records:
        if r.overall is not None:
            key = (r.context.role_or_default, r.context.company_or_default)
            groups.setdefault(key, []).append(r.overall)
    lines = []
    for (role, company), scores in groups.items():
        change = scores[-1] - scores[0]
        arrow = " -> ".join(str(s) for s in scores)
        lines.append(
            terminal_safe(f"{role} at {company}: {arrow} ({len(scores)} scored, {change:+d})")
        )
    return lines


def _on_store(settings: Settings, work: Callable[[HistoryStore], Awaitable[_T]]) -> _T:
    async def run() -> _T:
        store = HistoryStore(database_url(settings))
        try:
            return await work(store)
        finally:
            await store.close()

    try:
        return asyncio.run(run())
    except HISTORY_ERRORS as exc:
        fail(
            f"cannot use the history database {where(database_url(settings))}: "
            f"{str(exc).splitlines()[0]}. {NO_HISTORY_HINT}"
        )
        raise AssertionError("unreachable") from exc


async def _delete_one(store: HistoryStore, record_id: int, user: str | None) -> Erased | None:
    record = await store.get(record_id, user)
    if record is None:
        return None
    if record.thread_id:
        return await delete_session(store, record.thread_id, record.user)
    deleted = await store.delete(record.id, record.user)
    return Erased(attempts=int(deleted))


@click.command("history")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Settings file (for history_db or database_url).",
)
@click.option(
    "--history-db", type=click.Path(path_type=Path, dir_okay=False), default=None, help="SQLite."
)
@click.option(
    "--user",
    default=LOCAL_USER,
    show_default=True,
    help="Whose attempts (the web login name; 'local' for the terminal).",
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
@click.option("--trend", is_flag=True, help="Scores over time, per role and company.")
@click.option(
    "--delete",
    "delete_id",
    type=click.IntRange(min=1),
    default=None,
    help="Delete this attempt (one made in the chat: its whole chat session).",
)
@click.option("--delete-all", is_flag=True, help="Delete everything the user saved.")
@click.option("--yes", is_flag=True, help="Delete without asking for confirmation.")
def history_cmd(
    config_path: Path | None,
    history_db: Path | None,
    user: str,
    all_users: bool,
    record_id: int | None,
    export_path: Path | None,
    trend: bool,
    delete_id: int | None,
    delete_all: bool,
    yes: bool,
) -> None:
    """List saved practice attempts, export them, show the trend, or delete them."""
    settings = build_settings(config_path, history_db=history_db)
    fmt = None
    if export_path is not None:
        try:
            fmt = export.format_for(export_path)
        except ValueError as exc:
            fail(str(exc))
    if delete_all and all_users:
        fail("--delete-all deletes one user's data; name them with --user (no --all-users).")
    out = console()
    url = database_url(settings)
    if is_sqlite(url):
        path = settings.history_db
        if not path.exists():
            out.print(f"No history yet ({path} does not exist).")
            return
        try:
            check_readable(path)
        except HistoryUnavailable as exc:
            fail(f"{exc}. {exc.hint}")
    owner = None if all_users else user
    if delete_all:
        if not yes:
            click.confirm(f"Delete every session and attempt of {user!r}?", abort=True)
        erased = _on_store(settings, lambda s: delete_user(s, user))
        out.print(f"Deleted {erased.sessions} session(s) and {erased.attempts} attempt(s).")
        return
    if delete_id is not None:
        if not yes:
            click.confirm(f"Delete attempt {delete_id} (and its chat session)?", abort=True)
        found = _on_store(settings, lambda s: _delete_one(s, delete_id, owner))
        if found is None:
            fail(f"no attempt with id {delete_id}" + ("" if all_users else f" for user {user!r}"))
        assert found is not None
        out.print(f"Deleted {found.sessions} session(s) and {found.attempts} attempt(s).")
        return
    records = _on_store(settings, lambda s: s.export(user=owner, record_id=record_id))
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
    if trend:
        for line in trend_lines(records) or ["No scored attempts yet."]:
            out.print(Text(line))
        return
    out.print(_table(records))

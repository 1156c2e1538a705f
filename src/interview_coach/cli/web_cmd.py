"""`interview-coach web`: the practice chat in the browser (a Chainlit server)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from ..catalogue import STYLES
from ..config import CONFIG_ENV_VAR, Settings
from ..providers.spec import check_model_settings
from ..web.auth import AUTH_SECRET_VAR, SECRET_FILE, parse_users, require_auth_secret, stored_secret
from .common import build_settings, console, require_history, settings_options
from .ports import taken_port
from .web_instances import run_instances, shared_env

APP_PATH = Path(__file__).resolve().parents[1] / "web" / "app.py"


def app_root() -> Path:
    """Where chainlit.md and .chainlit/ live: the checkout's root, else the current directory."""
    checkout = Path(__file__).resolve().parents[3]
    return checkout if (checkout / "chainlit.md").is_file() else Path.cwd()


def server_env(
    settings: Settings, config_path: Path | None, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment for the server process: settings flags passed as INTERVIEW_COACH_* vars.

    Secrets are not copied here: the server reads them from the same environment or files.
    """
    env = dict(os.environ if base is None else base)
    if config_path is not None:
        env[CONFIG_ENV_VAR] = str(config_path.resolve())
    values: dict[str, Any] = {
        "INTERVIEW_COACH_GRADER__MODEL": settings.grader.model,
        "INTERVIEW_COACH_INTERVIEWER__MODEL": settings.interviewer.model,
        "INTERVIEW_COACH_GRADER__BASE_URL": settings.grader.base_url,
        "INTERVIEW_COACH_INTERVIEWER__BASE_URL": settings.interviewer.base_url,
        "INTERVIEW_COACH_FOLLOWUPS": settings.followups,
        "INTERVIEW_COACH_STYLE": settings.style,
        "INTERVIEW_COACH_SEED": settings.seed,
        "INTERVIEW_COACH_HISTORY_DB": str(settings.history_db),
        "INTERVIEW_COACH_HISTORY": "true" if settings.history else "false",
    }
    for key, value in values.items():
        if value is not None:
            env[key] = str(value)
    env.setdefault("CHAINLIT_APP_ROOT", str(app_root()))
    # Chainlit's runner reads this (default on): per-message deflate costs the server CPU on
    # every socket frame (each streamed token) for a few hundred bytes saved; the chat's
    # messages are small, so it is off unless the operator sets it.
    env.setdefault("UVICORN_WS_PER_MESSAGE_DEFLATE", "false")
    return env


def chainlit_command(host: str, port: int, open_browser: bool) -> list[str]:
    cmd = [sys.executable, "-m", "chainlit", "run", str(APP_PATH), "--host", host]
    cmd += ["--port", str(port)]
    if not open_browser:
        cmd.append("--headless")
    return cmd


@click.command("web")
@settings_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--seed", type=int, default=None, help="Fix the offline interviewer's phrasing.")
@click.option("--followups", type=click.IntRange(0, 3), default=None, help="Default follow-ups.")
@click.option("--style", type=click.Choice(STYLES), default=None, help="Default.")
@click.option(
    "--history-db", type=click.Path(path_type=Path, dir_okay=False), default=None, help="SQLite."
)
@click.option("--no-history", is_flag=True, help="Keep attempts in memory only (no history file).")
@click.option("--open", "open_browser", is_flag=True, help="Open a browser tab.")
@click.option(
    "--instances",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Run N servers on PORT, PORT+1, ... for a sticky proxy (needs a shared database).",
)
def web_cmd(
    config_path: Path | None,
    grader_model: str | None,
    interviewer_model: str | None,
    base_url: str | None,
    host: str,
    port: int,
    seed: int | None,
    followups: int | None,
    style: str | None,
    history_db: Path | None,
    no_history: bool,
    open_browser: bool,
    instances: int,
) -> int:
    """Open the practice chat at http://localhost:PORT (offline engine unless a provider is set)."""
    settings = build_settings(
        config_path,
        grader_model=grader_model,
        interviewer_model=interviewer_model,
        base_url=base_url,
        seed=seed,
        followups=followups,
        style=style,
        history_db=history_db,
        history=False if no_history else None,
    )
    require_history(settings)
    check_model_settings({"interviewer": settings.interviewer, "grader": settings.grader})
    require_auth_secret(parse_users(settings.web_users))
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0", "::") else host
    _require_free(host, port, instances)
    env = server_env(settings, config_path)
    if instances > 1:
        if settings.history and not env.get(AUTH_SECRET_VAR):
            env[AUTH_SECRET_VAR] = stored_secret(settings.history_db.parent / SECRET_FILE)
        return _several(host, shown, port, instances, env)
    console().print(f"Interview Coach chat on [bold]http://{shown}:{port}[/bold] (Ctrl-C stops it)")
    serve(chainlit_command(host, port, open_browser), env)
    return 0


def _require_free(host: str, port: int, instances: int) -> None:
    last = port + instances - 1
    if last > 65535:
        raise click.BadParameter("the instances' ports would go past 65535", param_hint="--port")
    taken = taken_port(host, range(port, last + 1))
    if taken is not None:
        which = "" if instances == 1 else f" (instances use {port}-{last})"
        raise click.BadParameter(
            f"port {taken} on {host} is already in use{which}, perhaps by another Interview "
            f"Coach; stop that, or choose a free port with --port",
            param_hint="--port",
        )


def _several(host: str, shown: str, port: int, instances: int, env: dict[str, str]) -> int:
    last = port + instances - 1
    out = console()
    out.print(
        f"{instances} Interview Coach instances on http://{shown}:{port}-{last} (Ctrl-C stops "
        f"them); put a sticky proxy in front: interview-coach proxy-config haproxy "
        f"--instances {instances} --first-port {port}"
    )
    commands = [chainlit_command(host, p, False) for p in range(port, last + 1)]
    return run_instances(commands, shared_env(env), lambda line: out.print(line))


def serve(cmd: list[str], env: dict[str, str]) -> None:
    """Become the Chainlit server (exec, not a child process): Ctrl-C and a supervisor's
    SIGTERM then reach the server itself, and stopping `interview-coach web` can never leave
    an orphaned server holding the port."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execvpe(cmd[0], cmd, env)

"""A throwaway PostgreSQL cluster for tests and benchmarks: `with pg_cluster() as url: ...`.

It runs Debian's own binaries (package `postgresql`): `initdb` into a temporary folder, then
`pg_ctl start` on a free loopback port with fsync off (nothing here must survive a crash), and
stops and deletes everything on exit. Postgres refuses to run as root, so as root the commands
run as the `postgres` user through `runuser`. Without the binaries `PostgresMissing` is raised:
tests skip on it locally and fail under CI (`CI=true`), where `.ci/run` installs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ports import free_port

DATABASE = "coach"


class PostgresMissing(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def postgres_bin() -> Path:
    """The newest installed server's bin folder (`/usr/lib/postgresql/<N>/bin`)."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1].parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise PostgresMissing(
        "PostgreSQL server binaries not found (apt-get install postgresql): "
        "no /usr/lib/postgresql/*/bin/pg_ctl and no pg_ctl on PATH"
    )


def _as_postgres(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def _run(args: list[str]) -> None:
    result = subprocess.run(_as_postgres(args), capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed ({result.returncode}): {result.stderr[-2000:]}")


@contextmanager
def pg_cluster(database: str = DATABASE) -> Iterator[str]:
    """Start a cluster, yield `postgresql://postgres@127.0.0.1:<port>/<database>`, clean up."""
    bin_dir = postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="pg-cluster-"))
    data, sock = root / "data", root / "sock"
    data.mkdir()
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        for folder in (data, sock):
            shutil.chown(folder, "postgres", "postgres")
        root.chmod(0o755)
    port = free_port()
    started = False
    try:
        _run(
            [
                str(bin_dir / "initdb"),
                "-D", str(data),
                "-U", "postgres",
                "-A", "trust",
                "--no-sync",
                "-E", "UTF8",
                "--locale=C.UTF-8",
            ]
        )  # fmt: skip
        options = (
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        pg_ctl = str(bin_dir / "pg_ctl")
        _run([pg_ctl, "-D", str(data), "-l", str(data / "log"), "-w", "-o", options, "start"])
        started = True
        _STARTED[port] = (data, options)
        createdb = str(bin_dir / "createdb")
        _run([createdb, "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", database])
        yield f"postgresql://postgres@127.0.0.1:{port}/{database}"
    finally:
        _STARTED.pop(port, None)
        if started:
            stop = [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
            subprocess.run(
                _as_postgres(stop),
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(root, ignore_errors=True)


_STARTED: dict[int, tuple[Path, str]] = {}
"""Running clusters by port: their data folder and server options, for `restart`."""


def restart(url: str) -> None:
    """Stop the cluster serving `url` (every connection to it is cut) and start it again."""
    data, options = _STARTED[int(url.rsplit(":", 1)[1].split("/", 1)[0])]
    pg_ctl = str(postgres_bin() / "pg_ctl")
    _run([pg_ctl, "-D", str(data), "-l", str(data / "log"), "-m", "fast", "-w", "-o", options,
          "restart"])  # fmt: skip


def missing_reason() -> str | None:
    """Why a Postgres test cannot run here, or None when it can."""
    try:
        postgres_bin()
    except PostgresMissing as exc:
        return str(exc)
    return None


async def fresh_database(url: str) -> str:
    """A new empty database in the cluster at `url` (one per test: no state leaks between)."""
    import uuid

    import asyncpg

    name = "t_" + uuid.uuid4().hex[:16]
    conn = await asyncpg.connect(url.rsplit("/", 1)[0] + "/postgres")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return url.rsplit("/", 1)[0] + "/" + name

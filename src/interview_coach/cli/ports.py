"""Whether the chat's ports can be listened on, asked before the server starts.

Chainlit prints "Your app is available at ..." before uvicorn binds, and a port already taken
then ends the server with exit code 0 under that line; checking first lets `interview-coach
web` say which port is taken and what to do instead.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable


def taken_port(host: str, ports: Iterable[int]) -> int | None:
    """The first of `ports` that cannot be listened on at `host`, else None.

    SO_REUSEADDR as uvicorn sets it, so a port still in TIME_WAIT from a server just stopped
    counts as free, as it does for the server itself."""
    for port in ports:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        except socket.gaierror:
            return None  # an unknown host: the server's own error says so
        family, kind, proto, _, address = infos[0]
        with socket.socket(family, kind, proto) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(address)
            except OSError:
                return port
    return None

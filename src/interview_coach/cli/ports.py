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

    Bound as asyncio's `create_server` binds for uvicorn: every address the host resolves to
    ("localhost" is ::1 and 127.0.0.1), SO_REUSEADDR (a port in TIME_WAIT from a server just
    stopped is free to it), IPv6 sockets IPv6-only."""
    for port in ports:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        except socket.gaierror:
            return None  # an unknown host: the server's own error says so
        for family, kind, proto, _, address in dict.fromkeys(infos):
            with socket.socket(family, kind, proto) as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:
                    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                try:
                    s.bind(address)
                except OSError:
                    return port
    return None

"""Free loopback ports for the servers the tests start, chosen outside the kernel's ephemeral range.

A port the kernel hands out for `bind(0)` comes from the same range as the local ports of
outgoing connections: between choosing it and a server binding it seconds later (Chainlit
starts slowly), a connection to Postgres or to another server can take it as its own local
port, and the server then fails with "address already in use" (CI saw exactly that). Below the
range, only a listener can hold a port, and `_free` sees a listener.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
LOWEST = 10000  # clear of the well-known and most registered service ports


def ephemeral_low() -> int:
    """The first port of the kernel's ephemeral range (Linux's default when it cannot be read)."""
    try:
        return int(RANGE_FILE.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_ports(count: int = 1) -> int:
    """The first of `count` consecutive ports that nothing listens on, below the ephemeral range."""
    top = ephemeral_low() - count
    if top <= LOWEST:
        raise RuntimeError(f"no room below the ephemeral range ({RANGE_FILE}) for {count} ports")
    rng = random.SystemRandom()
    for _ in range(500):
        first = rng.randrange(LOWEST, top)
        if all(_free(first + i) for i in range(count)):
            return first
    raise RuntimeError(f"no {count} consecutive free ports in {LOWEST}-{top + count - 1}")


def free_port() -> int:
    return free_ports(1)


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True

"""The sticky proxy in front of several chat instances: HAProxy's and nginx's configuration text.

Chainlit keeps each chat's session in the memory of the instance that opened it (socket.io
polling, button clicks, uploads and thumbs all look it up there), so a browser must keep talking
to one instance: the proxy pins it with a cookie and moves it only when that instance fails its
health check (then the page reconnects and Chainlit resumes the chat from the shared database).
`deploy/haproxy.cfg` and `deploy/nginx.conf` are these functions' output for two instances
(a test keeps them equal); the failover test and `benchmarks/chat_load.py` run the same text on
free ports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

HEALTH_PATH = "/health"  # Chainlit's own route: {"status": "ok"} while the server is up
COOKIE = "LB"


@dataclass(frozen=True)
class Address:
    host: str
    port: int

    def __str__(self) -> str:
        return f"{self.host}:{self.port}"


def instance_addresses(first_port: int, count: int, host: str = "127.0.0.1") -> list[Address]:
    """Instances on consecutive ports, as `interview-coach web --instances N` starts them."""
    return [Address(host, first_port + i) for i in range(count)]


def server_name(index: int) -> str:
    """'a', 'b', ... 'z', 'a1', ...: also the value of the LB cookie that pins a browser."""
    letter = chr(ord("a") + index % 26)
    return letter if index < 26 else f"{letter}{index // 26}"


def haproxy_config(listen: Address, backends: Sequence[Address], stats_socket: str = "") -> str:
    """HAProxy 2.x: round robin for new browsers, then the inserted LB cookie keeps each on its
    instance; health checks every second (down after 2 failures) and `redispatch` move a pinned
    browser to a live instance; `timeout tunnel` keeps the websocket open through idle minutes;
    `forwardfor` gives the app the real client address (the login throttle counts per address).
    """
    stats = f"    stats socket {stats_socket} mode 600 level admin\n" if stats_socket else ""
    servers = "".join(
        f"    server {server_name(i)} {b} cookie {server_name(i)}\n" for i, b in enumerate(backends)
    )
    return (
        "# HAProxy in front of several `interview-coach web` instances (one database).\n"
        "# Written by `interview-coach proxy-config haproxy`; see README, 'Hosting for a class'.\n"
        "global\n"
        "    maxconn 4096\n"
        f"{stats}"
        "\n"
        "defaults\n"
        "    mode http\n"
        "    option forwardfor\n"
        "    option redispatch\n"
        "    retries 2\n"
        "    timeout connect 5s\n"
        "    timeout client 1m\n"
        "    timeout server 1m\n"
        "    timeout tunnel 1h\n"
        "\n"
        "frontend interview_coach\n"
        f"    bind {listen}\n"
        "    # With TLS (the microphone needs https off localhost):\n"
        "    # bind :443 ssl crt /etc/haproxy/interview-coach.pem\n"
        "    default_backend chat\n"
        "\n"
        "backend chat\n"
        "    balance roundrobin\n"
        f"    option httpchk GET {HEALTH_PATH}\n"
        f"    cookie {COOKIE} insert indirect nocache httponly\n"
        "    default-server check inter 1s fall 2 rise 2\n"
        f"{servers}"
    )


def nginx_config(listen: Address, backends: Sequence[Address]) -> str:
    """nginx (open-source: no sticky directive): a browser's LB cookie, set from the id of its
    first request, is hashed onto an instance; a failed instance is skipped for 5 s and the
    request retried on the next. A complete `nginx -c` file; for a site file, keep only the
    `map`, `upstream` and `server` blocks (the `http` block's content)."""
    servers = "".join(f"        server {b} max_fails=1 fail_timeout=5s;\n" for b in backends)
    return (
        "# nginx in front of several `interview-coach web` instances (one database).\n"
        "# Written by `interview-coach proxy-config nginx`; see README, 'Hosting for a class'.\n"
        "worker_processes 1;\n"
        "pid /tmp/interview-coach-nginx.pid;\n"
        "error_log stderr warn;\n"
        "events { worker_connections 4096; }\n"
        "\n"
        "http {\n"
        "    access_log off;\n"
        f'    map $cookie_{COOKIE} $lb_key {{ "" $request_id; default $cookie_{COOKIE}; }}\n'
        '    map $http_upgrade $connection_upgrade { default upgrade; "" close; }\n'
        "\n"
        "    upstream interview_coach {\n"
        "        hash $lb_key consistent;\n"
        f"{servers}"
        "    }\n"
        "\n"
        "    server {\n"
        f"        listen {listen if listen.host else listen.port};\n"
        "        location / {\n"
        "            proxy_pass http://interview_coach;\n"
        "            proxy_http_version 1.1;\n"
        "            proxy_set_header Upgrade $http_upgrade;\n"
        "            proxy_set_header Connection $connection_upgrade;\n"
        "            proxy_set_header Host $http_host;\n"
        "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "            proxy_set_header X-Forwarded-Proto $scheme;\n"
        "            proxy_read_timeout 1h;\n"
        "            proxy_next_upstream error timeout;\n"
        f'            add_header Set-Cookie "{COOKIE}=$lb_key; Path=/; HttpOnly; SameSite=Lax"'
        " always;\n"
        "        }\n"
        "    }\n"
        "}\n"
    )

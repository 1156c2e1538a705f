"""The proxy configuration for several chat instances: the committed files in `deploy/` are
what `interview-coach proxy-config` writes, they hold the settings the failover needs, and the
proxies themselves accept them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cli_runner import run
from interview_coach.web.proxy_config import (
    Address,
    haproxy_config,
    instance_addresses,
    nginx_config,
    server_name,
)

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


@pytest.mark.parametrize("proxy", ["haproxy", "nginx"])
def test_the_committed_configs_are_what_the_command_writes(
    proxy: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["proxy-config", proxy], capsys)
    assert code == 0, err
    name = "haproxy.cfg" if proxy == "haproxy" else "nginx.conf"
    assert (DEPLOY / name).read_text() == out, f"regenerate: interview-coach proxy-config {proxy}"


def test_haproxy_pins_a_browser_and_moves_it_only_when_its_instance_fails() -> None:
    text = haproxy_config(Address("", 8000), instance_addresses(8001, 3))
    lines = [line.strip() for line in text.splitlines()]
    for setting in (
        "balance roundrobin",
        "option httpchk GET /health",
        "cookie LB insert indirect nocache httponly",
        "default-server check inter 1s fall 2 rise 2",
        "option redispatch",
        "timeout tunnel 1h",
        "option forwardfor",
        "bind :8000",
    ):
        assert setting in lines, setting
    servers = [line for line in lines if line.startswith("server ")]
    assert servers == [
        "server a 127.0.0.1:8001 cookie a",
        "server b 127.0.0.1:8002 cookie b",
        "server c 127.0.0.1:8003 cookie c",
    ]


def test_server_names_stay_unique_past_the_alphabet() -> None:
    names = [server_name(i) for i in range(60)]
    assert len(set(names)) == 60 and names[:2] == ["a", "b"] and names[26] == "a1"


def test_nginx_hashes_the_cookie_and_passes_websockets() -> None:
    text = nginx_config(Address("127.0.0.1", 9000), instance_addresses(9001, 2))
    for setting in (
        "hash $lb_key consistent;",
        "listen 127.0.0.1:9000;",
        "server 127.0.0.1:9002 max_fails=1 fail_timeout=5s;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_next_upstream error timeout;",
    ):
        assert setting in text, setting


def test_ports_past_the_last_one_are_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["proxy-config", "haproxy", "--first-port", "65535"], capsys)
    assert code == 2 and "65535" in err
    code, _, err = run(["web", "--instances", "3", "--port", "65534"], capsys)
    assert code == 2 and "65535" in err


def test_haproxy_accepts_its_config(tmp_path: Path) -> None:
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(haproxy).exists():
        pytest.skip("haproxy is not installed (apt-get install haproxy; .ci/run does)")
    done = subprocess.run(
        [haproxy, "-c", "-f", str(DEPLOY / "haproxy.cfg")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr


def test_nginx_accepts_its_config() -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (optional: apt-get install nginx-light)")
    done = subprocess.run(
        [nginx, "-t", "-c", str(DEPLOY / "nginx.conf")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr

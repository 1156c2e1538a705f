"""`interview-coach proxy-config`: the sticky proxy's configuration for N chat instances."""

from __future__ import annotations

import click

from ..web.proxy_config import Address, haproxy_config, instance_addresses, nginx_config


@click.command("proxy-config")
@click.argument("proxy", type=click.Choice(["haproxy", "nginx"]))
@click.option("--instances", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--first-port",
    default=8001,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="The first instance's port (as `interview-coach web --instances N --port` uses).",
)
@click.option("--instance-host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--host", default="", help="Address the proxy listens on (default: all).")
def proxy_config_cmd(
    proxy: str, instances: int, first_port: int, instance_host: str, port: int, host: str
) -> None:
    """Print a HAProxy or nginx configuration for N instances of `interview-coach web`."""
    if first_port + instances - 1 > 65535:
        raise click.BadParameter(
            "the instances' ports would go past 65535", param_hint="--first-port"
        )
    backends = instance_addresses(first_port, instances, instance_host)
    listen = Address(host, port)
    text = (
        haproxy_config(listen, backends) if proxy == "haproxy" else nginx_config(listen, backends)
    )
    click.echo(text, nl=False)

"""`interview-coach config`: the effective settings, secrets masked, and where each came from."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.table import Table

from ..config import Settings, config_file, flatten, provenance
from ..engine_factory import describe
from ..models import EngineInfo
from ..providers.spec import check_model_settings
from .common import build_settings, cli_overrides, console, settings_options


@click.command("config")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@settings_options
def config_cmd(
    as_json: bool,
    config_path: Path | None,
    grader_model: str | None,
    interviewer_model: str | None,
    base_url: str | None,
) -> None:
    """Show the effective settings (secrets masked) and the source of each value."""
    flags = {
        "grader_model": grader_model,
        "interviewer_model": interviewer_model,
        "base_url": base_url,
    }
    settings = build_settings(config_path, **flags)
    check_model_settings({"interviewer": settings.interviewer, "grader": settings.grader})
    values = flatten(settings.public_dict())
    sources = provenance(config_path, **cli_overrides(**flags))
    if as_json:
        rows = {k: {"value": v, "source": sources.get(k, "default")} for k, v in values.items()}
        rows.update(engine_rows(settings))
        click.echo(json.dumps(rows, indent=2, default=str))
        return
    table = Table(title=f"Effective settings (file: {config_path or config_file()})")
    table.add_column("Setting", style="bold")
    table.add_column("Value")
    table.add_column("Source", style="dim")
    for key, value in values.items():
        shown = json.dumps(value, default=str) if isinstance(value, dict) else str(value)
        table.add_row(
            key,
            shown if value not in (None, "") else "[dim]unset[/dim]",
            sources.get(key, "default"),
        )
    out = console()
    out.print(table)
    engines = Table(title="Engines (what each part runs on when the model can be built)")
    engines.add_column("Part", style="bold")
    engines.add_column("Engine")
    engines.add_column("Does", style="dim")
    for part, row in engine_rows(settings).items():
        engines.add_row(part.removeprefix("engine."), row["value"], row["does"])
    out.print(engines)


def engine_label(info: EngineInfo) -> str:
    return f"offline ({info.model})" if info.engine == "offline" else info.label


def engine_rows(settings: Settings) -> dict[str, dict[str, str]]:
    """`engine.<part>` rows: the engine each part runs on, derived from the model settings."""
    return {
        f"engine.{part}": {
            "value": engine_label(info),
            "source": "derived",
            "does": does,
        }
        for part, (info, does) in describe(settings).items()
    }

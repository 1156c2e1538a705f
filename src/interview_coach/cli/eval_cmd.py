"""`interview-coach eval`: run labelled suites through a grader, report metrics and thresholds.

Exit codes: 0 every threshold holds, 1 a threshold is missed (or the run stopped early because
every call failed for a reason retrying cannot fix), 2 usage, config or dataset error, 130
interrupted (Ctrl-C; the report is still written, marked partial).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from ..config import Settings
from ..evals.compare import print_comparison
from ..evals.console import print_summary
from ..evals.failures import FailFast, RunStopped
from ..evals.grading import GraderUnavailable, open_grader
from ..evals.report import EvalReport, ReportError, build_report, read_report
from ..evals.runner import Prediction, items_of, label_issues, run_cases
from ..evals.suite import LoadedSuite, SuiteError, load_suites
from ..evals.thresholds import (
    ThresholdsError,
    ThresholdTable,
    find_threshold_file,
    load_threshold_table,
)
from ..llm_errors import LLMError
from ..models import EngineInfo
from ..rubric import default_rubric
from .common import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNSCORED,
    build_settings,
    console,
    err_console,
    fail,
    print_notices,
    settings_options,
)


def _thresholds_for(suites: list[LoadedSuite], explicit: Path | None) -> ThresholdTable | None:
    path = explicit
    if path is None:
        found = {find_threshold_file(s.path) for s in suites} - {None}
        if len(found) > 1:
            fail(
                "suites come from folders with different thresholds.yaml files "
                f"({', '.join(sorted(map(str, found)))}); pass --thresholds to pick one"
            )
        path = next(iter(found), None)
    elif not path.is_file():
        fail(f"thresholds file not found: {path}")
    return load_threshold_table(path) if path else None


async def _run(
    suites: list[LoadedSuite],
    settings: Settings,
    *,
    split: str | None,
    concurrency: int,
    repeat: int,
    use_cache: bool,
    table: ThresholdTable | None,
    run: RunSoFar,
) -> EvalReport:
    """Grade every case; each result goes into `run` as it arrives, so that an early stop or
    Ctrl-C can still report what was done."""
    items = items_of(suites, split)
    if not items:
        fail(f"no cases with split {split!r} in the given suites")
    watch = FailFast()
    with open_grader(settings, use_cache=use_cache) as (grader, notices):
        run.engine = grader.info
        err = err_console()
        print_notices(err, notices)
        started = time.perf_counter()
        with Progress(
            TextColumn("[bold]grading[/bold] {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            task = progress.add_task(grader.info.label, total=len(items) * repeat)

            def advance(pred: Prediction) -> None:
                run.predictions.append(pred)
                progress.advance(task)
                watch.observe(pred)

            predictions = await run_cases(
                items,
                grader,
                concurrency=concurrency,
                repeat=repeat,
                prices=settings.prices,
                rubric=default_rubric(),
                on_result=advance,
            )
        wall = time.perf_counter() - started
    run.predictions = predictions
    return _report(suites, run, settings, split, concurrency, repeat, use_cache, table, wall)


@dataclass
class RunSoFar:
    predictions: list[Prediction] = field(default_factory=list)
    engine: EngineInfo | None = None


def _report(
    suites: list[LoadedSuite],
    run: RunSoFar,
    settings: Settings,
    split: str | None,
    concurrency: int,
    repeat: int,
    use_cache: bool,
    table: ThresholdTable | None,
    wall: float,
) -> EvalReport:
    from ..engine_factory import engine_info

    return build_report(
        suites=suites,
        predictions=run.predictions,
        engine=run.engine or engine_info(settings.grader),
        settings=settings.public_dict(),
        options={
            "concurrency": concurrency,
            "repeat": repeat,
            "split": split,
            "cache": use_cache,
            "suites": [str(s.path) for s in suites],
        },
        table=table,
        label_issues=label_issues(items_of(suites, split), default_rubric()),
        wall_time_s=wall,
    )


def _write(report: EvalReport, output: Path | None, html_path: Path | None) -> None:
    out = console()
    print_summary(report, out)
    if output is not None:
        report.write(output)
        out.print(f"JSON report: {output}")
    if html_path is not None:
        from ..evals.report_html import write_html

        write_html(report, html_path)
        out.print(f"HTML report: {html_path}")


@click.command("eval")
@click.argument("suites", nargs=-1, type=click.Path(path_type=Path))
@click.option("--concurrency", type=click.IntRange(1, 256), default=4, show_default=True)
@click.option(
    "--repeat",
    type=click.IntRange(1, 50),
    default=1,
    show_default=True,
    help="Grade each case K times (stability across repeats).",
)
@click.option("--no-cache", is_flag=True, help="Call the model even when a cached answer exists.")
@click.option(
    "--split", type=click.Choice(["dev", "holdout"]), default=None, help="Only cases of this split."
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the JSON report here.",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write a self-contained HTML report here.",
)
@click.option(
    "--thresholds",
    "thresholds_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Thresholds file (default: the nearest thresholds.yaml).",
)
@click.option(
    "--compare",
    nargs=2,
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    metavar="OLD.json NEW.json",
    help="Compare two JSON reports instead of running suites.",
)
@settings_options
def eval_cmd(
    suites: tuple[Path, ...],
    concurrency: int,
    repeat: int,
    no_cache: bool,
    split: str | None,
    output: Path | None,
    html_path: Path | None,
    thresholds_path: Path | None,
    compare: tuple[Path, Path] | None,
    config_path: Path | None,
    grader_model: str | None,
    interviewer_model: str | None,
    base_url: str | None,
) -> int:
    """Run eval SUITES (YAML files or folders, searched recursively) through the grader.

    Examples: `interview-coach eval evals`, `interview-coach eval evals/dev --grader
    openai:gpt-4o-mini --repeat 3 --output new.json`, `interview-coach eval --compare old.json
    new.json`.
    """
    if compare:
        if suites:
            fail("--compare takes two reports and no suites")
        try:
            old, new = read_report(compare[0]), read_report(compare[1])
        except ReportError as exc:
            fail(str(exc))
        print_comparison(old, new, console())
        return EXIT_OK
    if not suites:
        fail("give at least one suite file or folder, e.g. `interview-coach eval evals`")
    settings = build_settings(
        config_path,
        grader_model=grader_model,
        interviewer_model=interviewer_model,
        base_url=base_url,
    )
    so_far = RunSoFar()
    started = time.perf_counter()
    try:
        loaded = load_suites(suites)
        table = _thresholds_for(loaded, thresholds_path)
    except (SuiteError, ThresholdsError) as exc:
        fail(str(exc))
    options = (split, concurrency, repeat, not no_cache, table)
    try:
        report = asyncio.run(
            _run(
                loaded,
                settings,
                split=split,
                concurrency=concurrency,
                repeat=repeat,
                use_cache=not no_cache,
                table=table,
                run=so_far,
            )
        )
    except (LLMError, GraderUnavailable) as exc:
        fail(str(exc))
    except (RunStopped, KeyboardInterrupt) as exc:
        wall = time.perf_counter() - started
        report = _report(loaded, so_far, settings, *options, wall)
        report.failures.partial = True
        if isinstance(exc, RunStopped):
            report.failures.stopped_early = exc.message
        _write(report, output, html_path)
        why = exc.message if isinstance(exc, RunStopped) else "interrupted"
        done = len(so_far.predictions)
        err_console().print(
            Text.assemble(
                (why, "red"),
                f"\nThe report covers the {done} grade(s) done so far and is marked partial.",
            )
        )
        raise click.exceptions.Exit(
            EXIT_UNSCORED if isinstance(exc, RunStopped) else EXIT_INTERRUPTED
        ) from None
    _write(report, output, html_path)
    if not report.passed:
        raise click.exceptions.Exit(EXIT_UNSCORED)
    return EXIT_OK

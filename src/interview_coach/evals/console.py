"""Rich tables for the terminal: the run summary, the threshold verdicts, and `--compare`."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..rubric import CRITERION_IDS
from .report import EvalReport
from .summary import Number


def fmt(value: Number, kind: str = "f2") -> str:
    if value is None:
        return "–"
    if kind == "pct":
        return f"{100 * value:.0f}%"
    if kind == "int":
        return str(int(value))
    if kind == "s":
        return f"{value:.2f}s"
    if kind == "usd":
        return f"${value:.5f}"
    if kind == "signed":
        return f"{value:+.2f}"
    return f"{value:.2f}"


def measured(key: str, value: float | None) -> str:
    """A threshold's measured value: counts as integers, rates and errors to three places."""
    if value is None:
        return "–"
    return f"{value:.0f}" if key.startswith("max_") else f"{value:.3f}"


GROUP_COLUMNS: list[tuple[str, str, str]] = [
    ("Cases", "cases", "int"),
    ("Band\nacc", "band_accuracy", "pct"),
    ("Exact", "exact", "pct"),
    ("Within\n1", "within1", "pct"),
    ("QWK", "qwk_mean", "f2"),
    ("Overall\nMAE", "overall_mae", "f2"),
    ("Spear-\nman", "overall_spearman", "f2"),
    ("Asserts", "assertion_pass_rate", "pct"),
    ("p50", "latency_p50_s", "s"),
    ("p95", "latency_p95_s", "s"),
]


VERDICT_COLUMNS: list[tuple[str, str, str]] = [
    ("Good", "verdict_good", "int"),
    ("Bad", "verdict_bad", "int"),
    ("AUC\nscore", "auc", "f2"),
    ("AUC\nwords", "auc_words", "f2"),
    ("Gain", "auc_gain", "signed"),
    ("Good\n>25 w", "verdict_good_long", "int"),
    ("Bad\n>25 w", "verdict_bad_long", "int"),
    ("AUC score\n>25 w", "auc_long", "f2"),
    ("AUC words\n>25 w", "auc_words_long", "f2"),
    ("Mixed", "verdict_mixed", "int"),
    ("Unscored", "verdict_unscored", "int"),
]
"""Good-vs-bad separation on verdict-labelled cases (evals/verdicts.py); mixed is excluded."""


def verdict_rows(report: EvalReport) -> list[tuple[str, str, dict[str, Number]]]:
    """The groups with verdict labels, plus the whole run when more than one group has them."""
    rows = [
        (g.suite, g.split, g.metrics)
        for g in report.groups
        if g.metrics.get("verdict_labelled_runs") or g.metrics.get("verdict_mixed")
    ]
    if len(rows) > 1:
        rows.append(("all", "", report.totals))
    return rows


def verdict_table(report: EvalReport) -> Table | None:
    rows = verdict_rows(report)
    if not rows:
        return None
    table = Table(
        title="Good vs bad (source verdicts; AUC 0.5 = chance, 1 = perfect)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
    )
    table.add_column("Suite", no_wrap=True)
    table.add_column("Split", no_wrap=True)
    for label, _, _ in VERDICT_COLUMNS:
        table.add_column(label, justify="right", no_wrap=True)
    for suite, split, values in rows:
        table.add_row(suite, split, *(fmt(values.get(k), kind) for _, k, kind in VERDICT_COLUMNS))
    return table


def summary_table(report: EvalReport) -> Table:
    """One row per (suite, split) and one for the whole run. Latency, tokens and cost are
    left out for the offline engine, where they are all but zero and would only crowd the
    agreement columns."""
    table = Table(
        title=f"Eval summary: {report.engine.label}", title_justify="left", box=box.SIMPLE_HEAD
    )
    llm = report.engine.engine != "offline"
    columns = [c for c in GROUP_COLUMNS if llm or not c[1].startswith("latency")]
    table.add_column("Suite", no_wrap=True)
    table.add_column("Split", no_wrap=True)
    for label, _, _ in columns:
        table.add_column(label, justify="right", no_wrap=True)
    table.add_column("Unscored\nexp/unexp\n/missed", justify="right", no_wrap=True)
    repeated = report.options.get("repeat", 1) > 1
    if repeated:
        table.add_column("Stability\nSD", justify="right", no_wrap=True)
    if llm:
        table.add_column("Tokens\n/case", justify="right", no_wrap=True)
        table.add_column("Cost\n/case", justify="right", no_wrap=True)
    rows = [(g.suite, g.split, g.metrics, g.passed) for g in report.groups]
    rows.append(("all", "", report.totals, report.passed))
    for suite, split, values, passed in rows:
        cells = [fmt(values.get(key), kind) for _, key, kind in columns]
        unscored = "/".join(
            str(values.get(k, 0))
            for k in ("unscored_expected", "unscored_unexpected", "unscored_missed")
        )
        extra = [fmt(values.get("stability_sd"))] if repeated else []
        if llm:
            extra += [
                fmt(values.get("tokens_per_case"), "f2"),
                fmt(values.get("cost_per_case_usd"), "usd"),
            ]
        table.add_row(suite, split, *cells, unscored, *extra, style=None if passed else "red")
    return table


def criteria_table(report: EvalReport) -> Table:
    from .summary import criterion_metrics

    table = Table(title="Per criterion (all suites)", title_justify="left")
    for name in ("Criterion", "n", "QWK", "Spearman", "MAE", "Exact", "Within 1"):
        table.add_column(name, justify="left" if name == "Criterion" else "right")
    crit = criterion_metrics(report.predictions)
    for cid in CRITERION_IDS:
        c = crit[cid]
        table.add_row(
            cid,
            str(c.n),
            fmt(c.qwk),
            fmt(c.spearman),
            fmt(c.mae),
            fmt(c.exact, "pct"),
            fmt(c.within1, "pct"),
        )
    return table


def thresholds_table(report: EvalReport) -> Table | None:
    checks = [(g, c) for g in report.groups for c in g.checks]
    if not checks:
        return None
    table = Table(title="Thresholds", title_justify="left")
    for name in ("Suite", "Split", "Threshold", "Limit", "Measured", "Result"):
        table.add_column(name, justify="right" if name in {"Limit", "Measured"} else "left")
    for g, c in checks:
        op = ">=" if c["op"] == "min" else "<="
        if not c.get("applies", True):
            verdict = "[dim]n/a (no labels)[/dim]"
        else:
            verdict = "[green]pass[/green]" if c["passed"] else "[bold red]MISSED[/bold red]"
        table.add_row(
            g.suite,
            g.split,
            c["key"],
            f"{op} {c['limit']:g}",
            measured(c["key"], c["value"]),
            verdict,
            style=None if c["passed"] else "red",
        )
    return table


def print_summary(report: EvalReport, console: Console) -> None:
    console.print(summary_table(report))
    console.print(criteria_table(report))
    verdicts = verdict_table(report)
    if verdicts is not None:
        console.print(verdicts)
    limits = thresholds_table(report)
    if limits is not None:
        console.print(limits)
    for issue in report.label_issues:
        console.print(f"[yellow]label check:[/yellow] {issue}")
    print_failures(report, console)
    failed = report.failed_checks
    if failed:
        names = ", ".join(f"{g.suite}/{g.split} {c['key']}" for g, c in failed)
        console.print(f"[bold red]{len(failed)} threshold(s) missed:[/bold red] {names}")
    else:
        console.print("[green]All thresholds hold.[/green]")


def print_failures(report: EvalReport, console: Console) -> None:
    """Failed calls by cause and the first error in full: "provider_error" alone says nothing."""
    failures = report.failures
    if failures.partial:
        console.print("[bold yellow]Partial report:[/bold yellow] the run did not finish.")
    if not failures.total:
        return
    causes = ", ".join(f"{cause} {n}" for cause, n in failures.by_cause.items())
    console.print(Text.assemble(("Failed calls: ", "bold red"), f"{failures.total} ({causes})"))
    if failures.first_error:
        console.print(Text.assemble(("First error: ", "red"), failures.first_error))

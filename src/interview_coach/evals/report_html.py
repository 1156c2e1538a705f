"""A self-contained HTML eval report: one file, inline CSS and SVG charts, no scripts or fetches."""

from __future__ import annotations

from pathlib import Path

from ..models import Band
from ..rubric import CRITERION_IDS
from ..text_safety import html_text as escape
from .console import GROUP_COLUMNS, VERDICT_COLUMNS, fmt, measured, verdict_rows
from .report import EvalReport
from .summary import criterion_metrics, worst_disagreements

BANDS = [b.value for b in Band]
PREDICTED_COLUMNS = [*BANDS, "unscored", "error"]

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;
max-width:1100px;color:#1f2933;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d9e2ec}
.wide{overflow-x:auto}table{border-collapse:collapse;margin:.5rem 0;font-size:.85rem}
th,td{border:1px solid #d9e2ec;padding:.3rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}
.fail{color:#b42318;font-weight:600}.pass{color:#067647;font-weight:600}
.verdict{font-size:1.1rem;padding:.5rem 1rem;border-radius:6px;display:inline-block}
.verdict.pass{background:#ecfdf3}.verdict.fail{background:#fef3f2}
.case{border:1px solid #d9e2ec;border-radius:6px;padding:.5rem 1rem;margin:.75rem 0}
.quote{color:#52606d;font-style:italic}.muted{color:#7b8794}
.legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 1rem}
"""

QWK_COLOUR = "#2f6fde"
WITHIN_COLOUR = "#f59e0b"


def agreement_chart(report: EvalReport) -> str:
    """Grouped horizontal bars per criterion: QWK (-1..1 drawn from 0) and within-1 (0..1)."""
    crit = criterion_metrics(report.predictions)
    label_w, bar_w, row_h = 160, 420, 34
    height = row_h * len(CRITERION_IDS) + 40
    width = label_w + bar_w + 80
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="QWK and within-1 agreement per criterion">'
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = label_w + tick * bar_w
        parts.append(
            f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="{height - 25}" stroke="#e4e7eb"/>'
            f'<text x="{x:.1f}" y="{height - 10}" font-size="11" '
            f'text-anchor="middle">{tick:g}</text>'
        )
    for i, cid in enumerate(CRITERION_IDS):
        y = 12 + i * row_h
        c = crit[cid]
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" font-size="12" text-anchor="end">'
            f"{escape(cid)}</text>"
        )
        for j, (value, colour, name) in enumerate(
            ((c.qwk, QWK_COLOUR, "QWK"), (c.within1, WITHIN_COLOUR, "within-1"))
        ):
            by = y + j * 13
            if value is None:
                parts.append(
                    f'<text x="{label_w + 4}" y="{by + 10}" font-size="10" fill="#7b8794">'
                    f"{name}: n/a</text>"
                )
                continue
            w = max(0.0, value) * bar_w
            parts.append(
                f'<rect x="{label_w}" y="{by}" width="{w:.1f}" height="11" fill="{colour}">'
                f"<title>{escape(cid)} {name} {value:.2f} (n={c.n})</title></rect>"
                f'<text x="{label_w + w + 4:.1f}" y="{by + 10}" font-size="10">{value:.2f}</text>'
            )
    parts.append("</svg>")
    legend = (
        f'<div class="legend"><span style="background:{QWK_COLOUR}"></span>QWK'
        f'<span style="background:{WITHIN_COLOUR}"></span>within-1 agreement</div>'
    )
    return "".join(parts) + legend


def band_confusion(report: EvalReport) -> dict[str, dict[str, int]]:
    matrix = {e: dict.fromkeys(PREDICTED_COLUMNS, 0) for e in BANDS}
    for p in report.predictions:
        if p.expected_band is None or p.expects_unscored:
            continue
        got = p.band if p.status == "scored" and p.band else p.status
        matrix[p.expected_band][got] += 1
    return matrix


def confusion_table(report: EvalReport) -> str:
    matrix = band_confusion(report)
    peak = max((v for row in matrix.values() for v in row.values()), default=0) or 1
    head = "".join(f"<th>{escape(c)}</th>" for c in PREDICTED_COLUMNS)
    rows = []
    for expected, row in matrix.items():
        cells = []
        for got, count in row.items():
            alpha = 0.85 * count / peak
            hue = "6,118,71" if got == expected else "180,35,24"
            bg = f"background:rgba({hue},{alpha:.2f})" if count else ""
            colour = ";color:#fff" if alpha > 0.45 else ""
            cells.append(f'<td style="{bg}{colour}">{count}</td>')
        rows.append(f"<tr><th>{escape(expected)}</th>{''.join(cells)}</tr>")
    return f"<table><tr><th>expected \\ predicted</th>{head}</tr>{''.join(rows)}</table>"


def summary_section(report: EvalReport) -> str:
    head = "".join(f"<th>{escape(label)}</th>" for label, _, _ in GROUP_COLUMNS)
    rows = []
    entries = [(f"{g.suite}", g.split, g.metrics, g.passed) for g in report.groups]
    entries.append(("all", "", report.totals, report.passed))
    for suite, split, values, passed in entries:
        cells = "".join(f"<td>{fmt(values.get(k), kind)}</td>" for _, k, kind in GROUP_COLUMNS)
        unscored = "/".join(
            str(values.get(k, 0))
            for k in ("unscored_expected", "unscored_unexpected", "unscored_missed")
        )
        cls = "" if passed else ' class="fail"'
        rows.append(
            f"<tr{cls}><td>{escape(suite)}</td><td>{escape(split)}</td>{cells}"
            f"<td>{unscored}</td><td>{fmt(values.get('stability_sd'))}</td>"
            f"<td>{fmt(values.get('tokens_per_case'))}</td>"
            f"<td>{fmt(values.get('cost_per_case_usd'), 'usd')}</td></tr>"
        )
    return (
        f"<table><tr><th>Suite</th><th>Split</th>{head}<th>Unscored exp/unexp/missed</th>"
        f"<th>Stability SD</th><th>Tokens/case</th><th>Cost/case</th></tr>{''.join(rows)}</table>"
    )


def verdict_section(report: EvalReport) -> str:
    """Good-vs-bad AUC per group with verdict labels; empty when no case has a verdict."""
    rows = verdict_rows(report)
    if not rows:
        return ""
    head = "".join(f"<th>{escape(label)}</th>" for label, _, _ in VERDICT_COLUMNS)
    body = "".join(
        f"<tr><td>{escape(suite)}</td><td>{escape(split)}</td>"
        + "".join(f"<td>{fmt(values.get(k), kind)}</td>" for _, k, kind in VERDICT_COLUMNS)
        + "</tr>"
        for suite, split, values in rows
    )
    return (
        "<h2>Good vs bad (source verdicts)</h2>"
        '<p class="muted">AUC: the chance that a good answer outscores a bad one (ties count '
        "half; 0.5 = chance). Word count alone is the baseline; gain = score AUC minus word-count "
        "AUC. Mixed verdicts and unscored runs are left out.</p>"
        f'<div class="wide"><table><tr><th>Suite</th><th>Split</th>{head}</tr>{body}</table></div>'
    )


def thresholds_section(report: EvalReport) -> str:
    rows = []
    for g in report.groups:
        for c in g.checks:
            op = "&ge;" if c["op"] == "min" else "&le;"
            value = measured(c["key"], c["value"])
            if not c.get("applies", True):
                verdict = '<td class="muted">n/a (no labels)</td>'
            elif c["passed"]:
                verdict = '<td class="pass">pass</td>'
            else:
                verdict = '<td class="fail">MISSED</td>'
            rows.append(
                f"<tr><td>{escape(g.suite)}/{escape(g.split)}</td><td>{escape(c['key'])}</td>"
                f"<td>{op} {c['limit']:g}</td><td>{value}</td>{verdict}</tr>"
            )
    if not rows:
        return '<p class="muted">No thresholds apply to these suites and this engine.</p>'
    return (
        "<table><tr><th>Group</th><th>Threshold</th><th>Limit</th><th>Measured</th>"
        f"<th>Result</th></tr>{''.join(rows)}</table>"
    )


def disagreements_section(report: EvalReport, limit: int = 10) -> str:
    rows = worst_disagreements(report.predictions, limit)
    if not rows:
        return '<p class="muted">No scored case disagrees with its labels.</p>'
    out = []
    for row in rows:
        p = row["prediction"]
        items = []
        for cid, gap in sorted(row["gaps"].items(), key=lambda kv: -abs(kv[1])):
            quotes = "; ".join(f"“{escape(q)}”" for q in p.evidence.get(cid, [])) or "no quote"
            items.append(
                f"<li><b>{escape(cid)}</b>: expected {p.expected_scores[cid]}, got "
                f"{p.scores[cid]} ({gap:+d}). {escape(p.reasons.get(cid, ''))} "
                f'<span class="quote">{quotes}</span></li>'
            )
        out.append(
            f'<div class="case"><b>{escape(p.suite)}/{escape(p.case_id)}</b> '
            f'<span class="muted">({escape(p.kind)}, repeat {p.repeat})</span><br>'
            f"overall expected {p.expected_overall if p.expected_overall is not None else '–'}, "
            f"got {p.overall}; band expected {escape(p.expected_band or '–')}, "
            f"got {escape(p.band or '–')}<ul>{''.join(items)}</ul></div>"
        )
    return "".join(out)


def render_html(report: EvalReport) -> str:
    verdict = (
        '<div class="verdict pass">All thresholds hold</div>'
        if report.passed
        else f'<div class="verdict fail">{len(report.failed_checks)} threshold(s) missed</div>'
    )
    issues = "".join(f"<li>{escape(i)}</li>" for i in report.label_issues)
    options = ", ".join(f"{escape(str(k))}={escape(str(v))}" for k, v in report.options.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Interview Coach eval: {escape(report.engine.label)}</title><style>{CSS}</style></head>
<body>
<h1>Interview Coach eval: {escape(report.engine.label)}</h1>
<p class="muted">{report.created_at:%Y-%m-%d %H:%M UTC} &middot; {len(report.predictions)} runs
in {report.wall_time_s:.1f}s &middot; {options}</p>
{verdict}
<h2>Summary</h2><div class="wide">{summary_section(report)}</div>
{verdict_section(report)}
<h2>Thresholds</h2>{thresholds_section(report)}
<h2>Agreement per criterion</h2>{agreement_chart(report)}
<h2>Bands: expected vs predicted</h2>{confusion_table(report)}
<h2>Worst disagreements</h2>{disagreements_section(report)}
{f"<h2>Label checks</h2><ul>{issues}</ul>" if issues else ""}
</body></html>
"""


def write_html(report: EvalReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")

"""The chat's renderer of a report view: a markdown scorecard, a plotly chart, the rewrite diff.

Pure functions of a `report_view` (what to show is decided there), so they are tested without
Chainlit; they only lay it out, escaping through `text_safety`.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from functools import cache
from typing import Any

import plotly.io as pio

from ..models import GradeReport
from ..report_view import (
    FlagRow,
    RewriteView,
    ScoredView,
    UnscoredView,
    rewrite_summary,
    rewrite_view,
)
from ..rubric import default_rubric
from ..text_safety import md_code, md_escape, md_inline

NO_REWRITE = "_No rewrite for this answer._"
_SCORE_COLOURS = {1: "#d9534f", 2: "#f0883e", 3: "#e3b341", 4: "#7cb342", 5: "#2e7d32"}


# Plotly's own options for the chat's chart: no mode bar (on a phone it covers the bars), and
# redraw on resize so a narrow screen gets a narrow chart instead of a squashed wide one.
CHART_CONFIG: dict[str, object] = {"displayModeBar": False, "responsive": True}
_LABEL_WIDTH = 18


Chart = dict[str, Any]
"""A plotly figure as JSON-ready data (`data`, `layout`), built without plotly's objects: those
validate every property and copy the default template for each figure, on the chat's event loop
for every scorecard (2 ms, against 0.1 ms for this)."""


def criteria_chart(view: ScoredView) -> Chart:
    """Horizontal bars, one per criterion in rubric order, scored 1-5.

    Readable at 390 px: long criterion names wrap onto short lines (tick text), the score sits
    inside its bar, and the margins grow to fit the labels rather than squeezing the bars.
    """
    names = [c.name for c in view.criteria][::-1]
    values = [c.score for c in view.criteria][::-1]
    bar = {
        "type": "bar",
        "x": values,
        "y": names,
        "orientation": "h",
        "text": [f"{v}/5" for v in values],
        "textposition": "inside",
        "insidetextanchor": "end",
        "marker": {"color": [_SCORE_COLOURS.get(v, "#888") for v in values]},
        "hovertemplate": "%{y}: %{x}/5<extra></extra>",
    }
    layout = {
        "title": {"text": f"Overall {view.overall}/100 ({view.band.value})", "x": 0},
        "xaxis": {"range": [0, 5], "dtick": 1, "fixedrange": True},
        "yaxis": {
            "tickvals": names,
            "ticktext": [_wrap(n) for n in names],
            "automargin": True,
            "fixedrange": True,
        },
        "margin": {"l": 8, "r": 8, "t": 40, "b": 24},
        "font": {"size": 12},
        "height": 44 * len(names) + 70,
        "bargap": 0.25,
        "showlegend": False,
    }
    return {"data": [bar], "layout": layout}


@cache
def _template() -> dict[str, Any]:
    """Plotly's default template (colours, fonts, grid), as `pio.to_json` writes it into every
    figure's layout; made once (never changed: only serialised)."""
    template: dict[str, Any] = pio.templates[pio.templates.default].to_plotly_json()
    return template


def chart_json(chart: Chart) -> str:
    """The chart as Chainlit's plotly element fetches it: the figure's JSON as plotly writes it
    (default template included, sized to its container as `cl.Plotly` sets it), with
    `CHART_CONFIG` (a figure's own JSON carries no config, so the chat would otherwise show the
    mode bar)."""
    layout = {**chart["layout"], "autosize": True, "template": _template()}
    return json.dumps({"data": chart["data"], "layout": layout, "config": CHART_CONFIG})


def _wrap(name: str) -> str:
    return "<br>".join(textwrap.wrap(name, _LABEL_WIDTH)) or name


def summary_markdown(view: ScoredView) -> str:
    """The headline shown above the chart."""
    return (
        f"## Your score: {view.overall}/100 · {view.band_label}\n"
        f"_Graded by the {view.engine_label} · {view.word_count} words_"
    )


def scorecard_markdown(view: ScoredView) -> str:
    """Per criterion: score, reason and evidence; then strengths, improvements, red flags."""
    lines = ["| Criterion | Score | Why |", "|---|---|---|"]
    lines += [f"| {c.name} | {c.score}/5 | {md_inline(c.reason)} |" for c in view.criteria]
    lines += ["", "### Evidence"]
    for c in view.criteria:
        quotes = "; ".join(f"“{md_inline(q)}”" for q in c.evidence) or "_no quote found_"
        lines.append(f"- **{c.name}** ({c.score}/5: {md_inline(c.anchor)}): {quotes}")
    if view.strengths:
        lines += ["", "### Strengths", *[f"- {md_inline(s)}" for s in view.strengths]]
    if view.improvements:
        lines += [
            "",
            "### Top improvements",
            *[f"{i}. {md_inline(s)}" for i, s in enumerate(view.improvements, 1)],
        ]
    if view.flags:
        lines += ["", "### Red flags", *[_flag_line(f) for f in view.flags]]
    if view.warnings:
        lines += ["", *[f"> ⚠️ {md_inline(w)}" for w in view.warnings]]
    lines += ["", f"*{view.footer}*"]
    return "\n".join(lines)


def _flag_line(flag: FlagRow) -> str:
    line = f"- **{md_inline(flag.label)}**"
    if flag.evidence:
        line += f": “{md_inline(flag.evidence)}”"
    if flag.advice:
        line += f" → {md_inline(flag.advice)}"
    return line


def rewrite_diff_markdown(original: str, rewrite: str) -> str:
    """The rewrite of `original`, laid out by `diff_markdown`."""
    if not rewrite.strip():
        return NO_REWRITE
    return diff_markdown(rewrite_view(original, rewrite))


def diff_markdown(rewrite: RewriteView) -> str:
    """The rewrite with the words the candidate did not write in bold and placeholders as code
    (which words are theirs is decided once, in `report_view.rewrite_view`)."""
    out: list[str] = []
    added: list[str] = []

    def flush() -> None:
        if added:
            out.append(f"**{' '.join(added)}**")
            added.clear()

    for segment in rewrite.segments:
        if segment.kind == "added":
            added.append(md_escape(segment.text))
            continue
        flush()
        placeholder = segment.kind == "placeholder"
        out.append(md_code(segment.text) if placeholder else md_escape(segment.text))
    flush()
    summary = f"_{rewrite_summary(rewrite)}; **bold** is what you did not write"
    if rewrite.placeholders:
        summary += f", and {rewrite.placeholders} `[placeholder]` parts are for you to fill in"
    summary += "._"
    return " ".join(out) + "\n\n" + summary


def rewrite_section(view: ScoredView) -> str:
    body = diff_markdown(view.rewrite) if view.rewrite is not None else NO_REWRITE
    return "### Your answer, rewritten\n" + body


def unscored_markdown(view: UnscoredView) -> str:
    """An answer we could not grade: the reason and what to do, never a number."""
    return (
        f"**I couldn't score this answer.** {md_escape(view.reason)}\n\n"
        f"_What to do:_ {md_escape(view.hint)}"
    )


def progress_line(overalls: Sequence[int]) -> str | None:
    """Across saved attempts, oldest first: '62 -> 74 since your first try'."""
    if len(overalls) < 2:
        return None
    first, last = overalls[0], overalls[-1]
    tries = len(overalls)
    return f"Progress: {first} -> {last} since your first try ({tries} scored attempts)."


def score_change_line(previous: GradeReport, current: GradeReport) -> str:
    """Change since the previous attempt, with the criteria that moved."""
    delta = current.overall - previous.overall
    sign = "+" if delta > 0 else ""
    moved = []
    rubric = default_rubric()
    for criterion in rubric.criteria:
        try:
            before, after = previous.score_of(criterion.id), current.score_of(criterion.id)
        except KeyError:
            continue
        if before != after:
            moved.append(f"{criterion.name} {before} -> {after}")
    line = (
        f"Score change: {previous.overall} -> {current.overall} ({sign}{delta}) "
        "since your last attempt."
    )
    if moved:
        line += " Moved: " + ", ".join(moved) + "."
    return line

"""The feedback as the chat shows it: a markdown scorecard, a plotly chart and the rewrite diff.

Pure functions of a GradeReport/Unscored, so they are tested without Chainlit.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from collections.abc import Sequence

import plotly.graph_objects as go
import plotly.io as pio

from ..agreement import agreement_line
from ..models import GradeReport, Unscored
from ..rubric import Rubric, default_rubric
from ..text_safety import md_code, md_escape, md_inline

_TOKEN = re.compile(r"\[[^\]\n]{1,400}\]|\S+")
_PLACEHOLDER = re.compile(r"^\[[^\]\n]{1,400}\]$")
_WORD_KEY = re.compile(r"[^\w']+")
_SCORE_COLOURS = {1: "#d9534f", 2: "#f0883e", 3: "#e3b341", 4: "#7cb342", 5: "#2e7d32"}


# Plotly's own options for the chat's chart: no mode bar (on a phone it covers the bars), and
# redraw on resize so a narrow screen gets a narrow chart instead of a squashed wide one.
CHART_CONFIG: dict[str, object] = {"displayModeBar": False, "responsive": True}
_LABEL_WIDTH = 18


def criteria_figure(report: GradeReport, rubric: Rubric | None = None) -> go.Figure:
    """Horizontal bars, one per criterion in rubric order, scored 1-5.

    Readable at 390 px: long criterion names wrap onto short lines (tick text), the score sits
    inside its bar, and the margins grow to fit the labels rather than squeezing the bars.
    """
    rubric = rubric or default_rubric()
    scores = report.scores
    criteria = [c for c in rubric.criteria if c.id in scores]
    names = [c.name for c in criteria][::-1]
    values = [scores[c.id] for c in criteria][::-1]
    # The layout goes to the constructor: one validation pass, 3x faster than update_layout()
    # (this runs on the chat's event loop for every scorecard).
    layout = dict(
        title={"text": f"Overall {report.overall}/100 ({report.band.value})", "x": 0},
        xaxis={"range": [0, 5], "dtick": 1, "fixedrange": True},
        yaxis={
            "tickvals": names,
            "ticktext": [_wrap(n) for n in names],
            "automargin": True,
            "fixedrange": True,
        },
        margin={"l": 8, "r": 8, "t": 40, "b": 24},
        font={"size": 12},
        height=44 * len(names) + 70,
        bargap=0.25,
        showlegend=False,
    )
    return go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            text=[f"{v}/5" for v in values],
            textposition="inside",
            insidetextanchor="end",
            marker_color=[_SCORE_COLOURS.get(v, "#888") for v in values],
            hovertemplate="%{y}: %{x}/5<extra></extra>",
        ),
        layout=layout,
    )


def figure_json(figure: go.Figure) -> str:
    """The figure as Chainlit's plotly element fetches it, with `CHART_CONFIG` (a figure's own
    JSON carries no config, so the chat would otherwise show the mode bar)."""
    data = json.loads(pio.to_json(figure, validate=True))
    data["config"] = CHART_CONFIG
    return json.dumps(data)


def _wrap(name: str) -> str:
    return "<br>".join(textwrap.wrap(name, _LABEL_WIDTH)) or name


def summary_markdown(report: GradeReport, rubric: Rubric | None = None) -> str:
    """The headline shown above the chart."""
    rubric = rubric or default_rubric()
    return (
        f"## Your score: {report.overall}/100 · {rubric.band_label(report.band)}\n"
        f"_Graded by the {report.engine.label} · {report.word_count} words_"
    )


def scorecard_markdown(report: GradeReport, rubric: Rubric | None = None) -> str:
    """Per criterion: score, reason and evidence; then strengths, improvements, red flags."""
    rubric = rubric or default_rubric()
    lines = [
        "| Criterion | Score | Why |",
        "|---|---|---|",
    ]
    by_id = {c.criterion_id: c for c in report.criteria}
    for criterion in rubric.criteria:
        score = by_id.get(criterion.id)
        if score is None:
            continue
        lines.append(f"| {criterion.name} | {score.score}/5 | {_cell(score.reason)} |")
    lines.append("")
    lines.append("### Evidence")
    for criterion in rubric.criteria:
        score = by_id.get(criterion.id)
        if score is None:
            continue
        quotes = "; ".join(f"“{md_inline(q)}”" for q in score.evidence) or "_no quote found_"
        lines.append(f"- **{criterion.name}** ({score.score}/5): {quotes}")
    if report.strengths:
        lines += ["", "### Strengths", *[f"- {md_inline(s)}" for s in report.strengths]]
    if report.improvements:
        lines += [
            "",
            "### Top improvements",
            *[f"{i}. {md_inline(s)}" for i, s in enumerate(report.improvements, 1)],
        ]
    if report.flags:
        lines += ["", "### Red flags"]
        for flag in report.flags:
            line = f"- **{md_inline(flag.label)}**"
            if flag.evidence:
                line += f": “{md_inline(flag.evidence)}”"
            if flag.advice:
                line += f" → {md_inline(flag.advice)}"
            lines.append(line)
    if report.warnings:
        lines += ["", *[f"> ⚠️ {md_inline(w.message)}" for w in report.warnings]]
    lines += ["", f"*{agreement_line(report.engine)}*"]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return md_inline(text)


def rewrite_diff_markdown(original: str, rewrite: str) -> str:
    """The rewrite, with the words the candidate did not write in bold and placeholders as code.

    A word is theirs when it occurs anywhere in their answer (case- and punctuation-insensitive,
    each occurrence counted once), so a sentence the rewrite merely moved stays unmarked: a
    sequence alignment alone would call everything out of its original order "new". A
    `[bracketed]` part is a placeholder only where the grader added it: brackets the candidate
    typed themselves ("[click]") stay their words.
    """
    if not rewrite.strip():
        return "_No rewrite for this answer._"
    available = Counter(_key(t) for t in _TOKEN.findall(original))
    out: list[str] = []
    added: list[str] = []

    def flush() -> None:
        if added:
            out.append(f"**{' '.join(added)}**")
            added.clear()

    kept = placeholders = words = 0
    for token in _TOKEN.findall(rewrite):
        key = _key(token)
        if available[key] > 0 or not key:
            flush()
            out.append(md_escape(token))
            if key:
                available[key] -= 1
                kept += 1
                words += 1
        elif _PLACEHOLDER.match(token):
            flush()
            out.append(md_code(token))
            placeholders += 1
        else:
            added.append(md_escape(token))
            words += 1
    flush()
    summary = f"_{kept} of {words} words are yours; **bold** is what you did not write"
    if placeholders:
        summary += f", and {placeholders} `[placeholder]` parts are for you to fill in"
    summary += "._"
    return " ".join(out) + "\n\n" + summary


def _key(token: str) -> str:
    """Bracketed parts keep their brackets, so a placeholder never matches a plain word."""
    if _PLACEHOLDER.match(token):
        return token.lower()
    return _WORD_KEY.sub("", token.lower())


def rewrite_section(original: str, rewrite: str) -> str:
    return "### Your answer, rewritten\n" + rewrite_diff_markdown(original, rewrite)


def unscored_markdown(outcome: Unscored) -> str:
    """An answer we could not grade: the reason and what to do, never a number."""
    return (
        f"**I couldn't score this answer.** {md_escape(outcome.reason)}\n\n"
        f"_What to do:_ {md_escape(outcome.hint)}"
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

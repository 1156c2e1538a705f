"""Scorecard, rewrite diff and export: what the feedback looks like as markdown, chart and files."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest

from interview_coach.models import InterviewContext, Speaker, Turn, Unscored
from interview_coach.report_view import scored_view, unscored_view
from interview_coach.rubric import CRITERION_IDS, default_rubric
from interview_coach.store import HistoryRecord
from interview_coach.text_safety import md_escape
from interview_coach.web import export
from interview_coach.web.scorecard import (
    chart_json,
    criteria_chart,
    progress_line,
    rewrite_diff_markdown,
    score_change_line,
    scorecard_markdown,
    summary_markdown,
    unscored_markdown,
)
from web_fakes import OFFLINE, make_report

ANSWER = "I want to learn data engineering. Later I hope to lead a team."
SCORES = dict(zip(CRITERION_IDS, [1, 2, 3, 4, 5, 1, 2, 3, 4], strict=True))


def test_scorecard_lists_every_criterion_with_score_reason_and_evidence() -> None:
    report = make_report(SCORES, ANSWER)
    text = scorecard_markdown(scored_view(report))
    rubric = default_rubric()
    for criterion in rubric.criteria:
        row = next(line for line in text.splitlines() if line.startswith(f"| {criterion.name} |"))
        assert f"| {SCORES[criterion.id]}/5 |" in row
        assert md_escape(f"reason for {criterion.id}") in row
    assert text.count("“I want to learn data engineering”") == 9
    headline = summary_markdown(scored_view(report))
    assert f"{report.overall}/100" in headline and rubric.band_label(report.band) in headline
    assert "### Strengths" in text and "### Top improvements" in text
    assert "### Red flags" in text and "Vague goals" in text


def test_chart_has_the_nine_scores_in_rubric_order() -> None:
    [bar] = criteria_chart(scored_view(make_report(SCORES, ANSWER)))["data"]
    names = [c.name for c in default_rubric().criteria]
    assert bar["y"] == names[::-1]
    assert bar["x"] == [SCORES[c] for c in CRITERION_IDS][::-1]


@pytest.mark.parametrize("scores", [SCORES, dict.fromkeys(CRITERION_IDS, 5)])
def test_chart_json_is_what_plotly_writes_for_the_same_figure(scores: dict[str, int]) -> None:
    """The chart is built as plain data (plotly's objects cost 2 ms a scorecard): plotly takes
    it as a valid figure (every property checked) and writes the same JSON, template included."""
    import plotly.graph_objects as go
    import plotly.io as pio

    chart = criteria_chart(scored_view(make_report(scores, ANSWER)))
    figure = go.Figure(chart, skip_invalid=False)
    figure.layout.autosize, figure.layout.width = True, None  # as cl.Plotly sets them
    expected = json.loads(pio.to_json(figure, validate=True))
    expected["config"] = {"displayModeBar": False, "responsive": True}
    assert json.loads(chart_json(chart)) == expected
    assert expected["layout"]["template"]["layout"]["colorway"], "the default template is in"


def test_rewrite_diff_bolds_new_words_and_highlights_placeholders() -> None:
    original = "I want to learn data engineering."
    rewrite = "Thank you! I want to learn data engineering at [Company] quickly."
    diff = rewrite_diff_markdown(original, rewrite)
    assert diff.startswith("**Thank you!** I want to learn data")
    assert "`[Company]`" in diff
    assert "**at** `[Company]` **quickly.**" in diff
    assert "**want**" not in diff and "**learn" not in diff
    assert "6 of 10 words are yours" in diff and "1 `[placeholder]`" in diff


def test_rewrite_diff_leaves_the_candidates_moved_sentences_unmarked() -> None:
    """Reordering is not writing: sentences the rewrite moved are still the candidate's own."""
    first = "I am excited about this role and grateful for the chance to interview."
    second = "In two years I want to lead the analytics work for the payments team."
    third = "Long term I hope to mentor others and grow into a principal engineer."
    original = f"{first} {second} {third}"
    rewrite = f"{third} {first} {second}"
    diff = rewrite_diff_markdown(original, rewrite)
    words = len(original.split())
    assert "**" not in diff.split("\n\n")[0]
    assert f"{words} of {words} words are yours" in diff


def test_rewrite_diff_bolds_only_words_the_candidate_never_wrote() -> None:
    original = "I want to grow. Learning matters to me at work."
    rewrite = "At work, learning matters to me deeply. I want to grow fast."
    diff = rewrite_diff_markdown(original, rewrite)
    assert "**deeply.**" in diff and "**fast.**" in diff
    assert diff.split("\n\n")[0].count("**") == 4
    assert "10 of 12 words are yours" in diff


def test_rewrite_diff_escapes_markdown_in_user_text() -> None:
    diff = rewrite_diff_markdown("a", "a *b* <script>")
    assert "<script>" not in diff and r"\<script\>" in diff
    assert md_escape("_x_ [y](z)") == r"\_x\_ \[y\](z)"


def test_unscored_shows_reason_and_hint_never_a_number() -> None:
    outcome = Unscored(reason_code="too_long", reason="Too long.", hint="Cut it.", engine=OFFLINE)
    text = unscored_markdown(unscored_view(outcome))
    assert "Too long." in text and "Cut it." in text
    assert not re.search(r"\d", text)


def test_progress_and_score_change_lines() -> None:
    assert progress_line([62]) is None
    assert progress_line([62, 50, 74]) == (
        "Progress: 62 -> 74 since your first try (3 scored attempts)."
    )
    low = make_report(dict.fromkeys(CRITERION_IDS, 2))
    high = make_report({**dict.fromkeys(CRITERION_IDS, 2), "enthusiasm": 5})
    line = score_change_line(low, high)
    assert f"{low.overall} -> {high.overall} (+{high.overall - low.overall})" in line
    assert "Enthusiasm and gratitude 2 -> 5" in line and "Commitment" not in line


def _record(outcome: object | None) -> HistoryRecord:
    return HistoryRecord(
        id=7,
        user="local",
        created_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        context=InterviewContext(role="Analyst", company="Acme"),
        transcript=[
            Turn(speaker=Speaker.interviewer, kind="question", text="What are your aspirations?"),
            Turn(speaker=Speaker.candidate, kind="answer", text=ANSWER),
        ],
        answer=ANSWER,
        outcome=outcome,  # type: ignore[arg-type]
        engine="offline",
        model="offline",
    )


def test_markdown_export_has_transcript_and_report() -> None:
    report = make_report(SCORES, ANSWER, rewrite="Better answer.")
    text = export.to_markdown([_record(report)])
    assert "## Attempt 7 · 2026-01-02 03:04 UTC" in text
    assert "**Interviewer:** What are your aspirations?" in text
    assert f"**You:** {ANSWER}" in text
    assert f"Overall: {report.overall}/100" in text
    assert text.count("/5 |") == 9
    assert "### Rewrite" in text and "Better answer." in text
    assert "_Not graded yet._" in export.to_markdown([_record(None)])


def test_json_export_round_trips_the_report() -> None:
    report = make_report(SCORES, ANSWER)
    data = json.loads(export.to_json([_record(report), _record(None)]))
    first, second = data["attempts"]
    assert first["outcome"]["overall"] == report.overall
    assert len(first["outcome"]["criteria"]) == 9
    assert first["transcript"][1]["text"] == ANSWER
    assert second["outcome"] is None


def test_scorecard_footer_states_the_engines_measured_agreement_or_unmeasured() -> None:
    from interview_coach.agreement import load_agreement
    from interview_coach.models import EngineInfo

    report = make_report(dict.fromkeys(CRITERION_IDS, 3))
    measured = report.model_copy(
        update={"engine": EngineInfo(engine="offline", provider="offline", model="semantic-v1")}
    )
    footer = scorecard_markdown(scored_view(measured)).splitlines()[-1]
    assert "Agreement with human graders" in footer
    assert f"{load_agreement()['offline:semantic-v1'].qwk_mean:.2f}" in footer
    llm = report.model_copy(
        update={"engine": EngineInfo(engine="llm", provider="openai", model="gpt-4o-mini")}
    )
    assert "unmeasured" in scorecard_markdown(scored_view(llm)).splitlines()[-1]

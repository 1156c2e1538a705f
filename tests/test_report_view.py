"""One report model, four renderers: the terminal, the chat, the export Markdown and the JSON all
lay out the same `report_view` and agree on what it says; hostile text stays inert in each; an
unscored outcome shows its reason everywhere and never a score."""

from __future__ import annotations

import html
import io
import json
import re
from collections.abc import Callable

import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from interview_coach.catalogue import red_flags
from interview_coach.cli.render import print_view
from interview_coach.models import CriterionScore, RedFlag, ReportWarning, Unscored
from interview_coach.report_view import (
    ReportView,
    ScoredView,
    build_view,
    report_data,
    rewrite_view,
)
from interview_coach.rubric import CRITERION_IDS, default_rubric
from interview_coach.text_safety import WORD_JOINER
from interview_coach.web.export import report_markdown
from interview_coach.web.scorecard import (
    rewrite_section,
    scorecard_markdown,
    summary_markdown,
    unscored_markdown,
)
from web_fakes import OFFLINE, make_report

MD = MarkdownIt("commonmark").enable("table")
ANSWER = "I want to grow into data engineering. Later I hope to lead the platform team."
SCORES = dict(zip(CRITERION_IDS, [1, 2, 3, 4, 5, 1, 2, 3, 4], strict=True))
HOSTILE = (
    "[bold red]PWNED[/bold red] <img src=x onerror=alert(1)> ![t](http://h/t.png) "
    "[click](javascript:x) **loud** | cell \x1b[2J\x1b]0;title\x07 done"
)
HOSTILE_SHOWN = re.sub(r"\x1b\[2J|\x1b\]0;title\x07", "", HOSTILE)  # control sequences dropped


def terminal(view: ReportView) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=600)
    print_view(console, view)
    return buffer.getvalue()


def terminal_text(view: ReportView) -> str:
    """What the terminal shows, styles removed and table borders/wrapping folded to spaces."""
    return _fold(re.sub(r"\x1b\[[0-9;]*m", "", terminal(view)))


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[│┃║┆|]", " ", text).split())


def chat(view: ReportView) -> str:
    if not isinstance(view, ScoredView):
        return unscored_markdown(view)
    return "\n\n".join([summary_markdown(view), scorecard_markdown(view), rewrite_section(view)])


def export(view: ReportView) -> str:
    return "\n".join(report_markdown(view))


def shown(markdown: str) -> str:
    """What a reader of rendered Markdown sees, on one line (table cells joined by spaces)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", MD.render(markdown))).replace(WORD_JOINER, "")
    return " ".join(text.split())


def json_text(view: ReportView) -> str:
    return json.dumps(report_data(view), ensure_ascii=False)


SHOWN: dict[str, Callable[[ReportView], str]] = {
    "terminal": terminal_text,
    "chat": lambda v: shown(chat(v)),
    "export": lambda v: shown(export(v)),
}


def _report() -> ScoredView:
    report = make_report(SCORES, ANSWER, rewrite=f"Thank you! {ANSWER} At [Company] I will thrive.")
    flag_id = next(iter(red_flags()))
    report.flags = [
        RedFlag(id=flag_id, label="an old label", evidence="the pay is good", advice="old advice"),
        RedFlag(id="not_in_catalogue", label="Own label", evidence="", advice="Own advice."),
    ]
    report.warnings = [ReportWarning(code="short", message="A short answer.")]
    view = build_view(report, ANSWER)
    assert isinstance(view, ScoredView)
    return view


def test_the_view_orders_rows_by_rubric_and_takes_flag_wording_from_the_catalogue() -> None:
    view = _report()
    rubric = default_rubric()
    assert [r.id for r in view.criteria] == list(CRITERION_IDS)
    for row in view.criteria:
        assert row.name == rubric.get(row.id).name
        assert row.anchor == rubric.get(row.id).descriptors[SCORES[row.id]]
    catalogue = next(iter(red_flags().values()))
    assert (view.flags[0].label, view.flags[0].advice) == (catalogue.label, catalogue.advice)
    assert (view.flags[1].label, view.flags[1].advice) == ("Own label", "Own advice.")
    assert view.band_label == rubric.band_label(view.band)
    assert view.rewrite is not None and view.rewrite.placeholders == 1


@pytest.mark.parametrize("renderer", list(SHOWN))
def test_every_renderer_shows_the_same_criteria_scores_evidence_and_flags(renderer: str) -> None:
    view = _report()
    text = SHOWN[renderer](view)
    assert f"{view.overall}/100" in text and view.band_label in text
    for row in view.criteria:
        assert row.name in text, row.name
        assert f"{row.score}/5: {row.anchor}" in text, row.anchor
        assert f"“{row.evidence[0]}”" in text
        assert row.reason in text
    for flag in view.flags:
        assert flag.label in text and flag.advice in text
    assert "an old label" not in text and "old advice" not in text
    assert "“the pay is good”" in text
    for item in [*view.strengths, *view.improvements, *view.warnings, view.footer]:
        assert item in text, item
    assert "words are yours" in text


def test_the_json_renderer_agrees_with_the_view_and_keeps_its_shape() -> None:
    view = _report()
    data = report_data(view)
    assert data == view.outcome.model_dump(mode="json")  # grade --json and the export's shape
    assert [(c["criterion_id"], c["score"], c["evidence"]) for c in data["criteria"]] == [
        (r.id, r.score, r.evidence) for r in view.criteria
    ]
    assert [f["id"] for f in data["flags"]] == [f.id for f in view.flags]
    assert (data["overall"], data["band"]) == (view.overall, view.band.value)


def _hostile_view() -> ScoredView:
    report = make_report(dict.fromkeys(CRITERION_IDS, 3), HOSTILE, rewrite=f"{HOSTILE} [Company]")
    report.criteria[0] = CriterionScore(
        criterion_id=CRITERION_IDS[0], evidence=[HOSTILE], reason=HOSTILE, score=3
    )
    report.strengths = [HOSTILE]
    report.flags = [RedFlag(id="x", label="Flag", evidence=HOSTILE, advice="Say less.")]
    view = build_view(report, HOSTILE)
    assert isinstance(view, ScoredView)
    return view


@pytest.mark.parametrize("render", [chat, export], ids=["chat", "export"])
def test_hostile_text_stays_inert_in_markdown(render: Callable[[ReportView], str]) -> None:
    markdown = render(_hostile_view())
    page = MD.render(markdown)
    assert not re.search(r"<(img|a|script)\b", page)
    assert "<strong>loud</strong>" not in page
    assert HOSTILE in shown(markdown)  # reads exactly as typed


def test_hostile_text_stays_inert_in_the_terminal() -> None:
    raw = terminal(_hostile_view())
    assert "\x1b[2J" not in raw and "\x1b]0;" not in raw and "\x07" not in raw
    assert "[bold red]PWNED[/bold red]" in raw  # shown as typed, not as style
    assert _fold(HOSTILE_SHOWN) in terminal_text(_hostile_view())


def test_hostile_text_stays_data_in_json() -> None:
    data = json.loads(json_text(_hostile_view()))
    assert data["criteria"][0]["evidence"] == [HOSTILE] and data["strengths"] == [HOSTILE]


UNSCORED = Unscored(
    reason_code="too_long", reason="Too long to grade.", hint="Cut it to the point.", engine=OFFLINE
)


@pytest.mark.parametrize("renderer", list(SHOWN))
def test_unscored_shows_the_reason_and_hint_and_never_a_score(renderer: str) -> None:
    text = SHOWN[renderer](build_view(UNSCORED, ANSWER))
    assert "Too long to grade." in text and "Cut it to the point." in text
    assert not re.search(r"\d", text)


def test_unscored_json_keeps_the_answer_and_has_no_score() -> None:
    data = json.loads(json_text(build_view(UNSCORED, ANSWER)))
    assert data["status"] == "unscored" and data["reason"] == "Too long to grade."
    assert data["answer"] == ANSWER
    assert "overall" not in data and "criteria" not in data and "band" not in data


def test_rewrite_segments_mark_only_words_the_candidate_did_not_write() -> None:
    rewrite = rewrite_view(
        "I want to grow. Learning matters.", "Learning matters. I want to grow at [X]."
    )
    kinds = [(s.kind, s.text) for s in rewrite.segments]
    assert kinds[-3:] == [("added", "at"), ("placeholder", "[X]"), ("kept", ".")]
    assert all(kind == "kept" for kind, _ in kinds[:6])
    assert (rewrite.kept_words, rewrite.words) == (6, 7)


def test_the_json_export_keeps_each_outcome_as_it_was_stored() -> None:
    from datetime import UTC, datetime

    from interview_coach.models import InterviewContext
    from interview_coach.store import HistoryRecord
    from interview_coach.web.export import to_json

    records = [
        HistoryRecord(
            id=i,
            user="local",
            created_at=datetime(2026, 1, 2, tzinfo=UTC),
            context=InterviewContext(),
            answer=ANSWER,
            outcome=outcome,
            engine="offline",
            model="offline",
        )
        for i, outcome in enumerate([_report().outcome, UNSCORED, None])
    ]
    attempts = json.loads(to_json(records))["attempts"]
    assert attempts == [r.model_dump(mode="json") for r in records]

"""Item 5: user text is shown literally everywhere: chat messages, settings echoes, interviewer
turns, scorecard evidence, rewrite and exports. Rendered with a CommonMark parser (markdown-it,
tables on) to check that no link, image, HTML or table cell appears that the user did not get
from us, and that the text reads exactly as typed."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from interview_coach.config import Settings
from interview_coach.models import CriterionScore, InterviewContext, Speaker, Turn
from interview_coach.report_view import scored_view
from interview_coach.rubric import CRITERION_IDS
from interview_coach.session import Phase
from interview_coach.store import HistoryRecord, HistoryStore
from interview_coach.text_safety import WORD_JOINER, md_escape, md_inline
from interview_coach.web import export
from interview_coach.web.handlers import ChatController
from interview_coach.web.scorecard import rewrite_diff_markdown, scorecard_markdown
from web_fakes import OFFLINE, FakeEngines, RecordingUI, first_untargeted, make_report

MD = MarkdownIt("commonmark").enable("table")
TRACKER = "![t](http://host/track.png)"
NASTY = [
    TRACKER,
    "[click](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "areas:SQL",
    "a | b | c",
    "**bold** _it_ `code` ~~s~~",
    "# heading",
    "1. list",
    "- item",
    "> quote",
    "&lt;not an entity&gt; &amp;",
    "<http://autolink.example>",
    "www.example.com and me@example.com",
    "back\\slash\\",
    "x\n===",
    "3) item",
]


def rendered_text(markdown: str) -> str:
    """What a reader sees: the HTML's text, tags removed, entities decoded, invisible word
    joiners (which stop bare URLs becoming links) left out."""
    text = html.unescape(re.sub(r"<[^>]+>", "", MD.render(markdown))).strip()
    return text.replace(WORD_JOINER, "")


def cells_per_row(markdown: str) -> set[int]:
    rows = re.findall(r"<tr>(.*?)</tr>", MD.render(markdown), flags=re.S)
    return {len(re.findall(r"<t[dh]\b", row)) for row in rows}


def markup_tags(markdown: str) -> set[str]:
    tags = r"<(a|img|script|h\d|ol|ul|li|blockquote|table|td|em|strong|code|br|hr)\b"
    return set(re.findall(tags, MD.render(markdown)))


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_reads_exactly_as_typed_and_has_no_markup(text: str) -> None:
    escaped = md_escape(text)
    assert markup_tags(escaped) == set()
    assert rendered_text(escaped) == text


def reference_escape(text: str, before: str = "") -> str:
    """`text_safety`'s escaping as first written, one character at a time (the spec the fast
    version, which jumps between the characters that can change, must match)."""
    from interview_coach.text_safety import _CONTEXT_LOOKBACK, _escape_char

    out = []
    for char in text:
        out.append(_escape_char(char, before))
        before = (before + char)[-_CONTEXT_LOOKBACK:]
    return "".join(out)


def test_escaping_matches_the_character_by_character_spec() -> None:
    import random

    from interview_coach.text_safety import md_escape_stream

    rng = random.Random(13)
    alphabet = "aw.tThps:/@1 2)\\`*_{}[]<>#|~&+-=$^é\n" + "\u2060"
    texts = [*NASTY, "https://a.b www.x 12. 3) me@x", "", "....", "HTTPS:www.WWW."]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(2000)]
    for text in texts:
        assert md_escape(text) == reference_escape(text), text

    async def chunks(parts: list[str]) -> AsyncIterator[str]:
        for part in parts:
            yield part

    async def streamed(parts: list[str]) -> str:
        return "".join([c async for c in md_escape_stream(chunks(parts))])

    for text in texts[:300]:
        cut = sorted(rng.sample(range(len(text) + 1), min(3, len(text) + 1)))
        parts = [text[a:b] for a, b in zip([0, *cut], [*cut, len(text)], strict=True)]
        assert asyncio.run(streamed(parts)) == reference_escape(text), parts


def test_gfm_autolinks_and_directives_are_broken_up() -> None:
    """Chainlit's renderer adds GFM autolinks and ':name' directives, which CommonMark lacks."""
    assert not re.search(r"https?://", md_escape("see http://e.example and HTTPS://e.example"))
    assert "www." not in md_escape("www.e.co") and not re.search(r"@\w", md_escape("me@e.co"))
    assert md_escape("areas:SQL") == "areas\\:SQL"


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "history.sqlite3")


def _chat(store: HistoryStore) -> tuple[ChatController, RecordingUI]:
    ui = RecordingUI()
    controller = ChatController(
        ui, Settings(followups=1), store, FakeEngines(), planner=first_untargeted
    )
    return controller, ui


async def test_settings_fields_and_interviewer_turns_show_literally(store: HistoryStore) -> None:
    controller, ui = _chat(store)
    await controller.start()
    await controller.settings_changed(
        {"role": TRACKER, "company": "<img src=x>[Acme](http://e.example)", "company_blurb": "x"}
    )
    for shown in ui.shown:
        assert markup_tags(shown.text) <= {"strong", "em"}, shown.text
    summary = next(s.text for s in ui.shown if s.text.startswith("New interview"))
    assert TRACKER in rendered_text(summary)
    opening = ui.shown[-1]  # the fake interviewer greets the company by name
    assert opening.kind == "streamed"
    assert "<img src=x>[Acme](http://e.example)" in rendered_text(opening.text)


async def test_echoed_messages_show_literally(store: HistoryStore) -> None:
    controller, ui = _chat(store)
    await controller.start()
    controller.session.phase = Phase.graded  # as after a feedback
    await controller.message(f"{TRACKER}\nareas:SQL | <b>x</b>")
    echo = ui.shown[-1].text
    assert markup_tags(echo) <= {"blockquote"}
    assert TRACKER in rendered_text(echo) and "areas:SQL | <b>x</b>" in rendered_text(echo)


def test_scorecard_evidence_quotes_read_exactly_as_typed() -> None:
    report = make_report(dict.fromkeys(CRITERION_IDS, 3))
    quote = "I'd grow in areas:SQL, <b>dbt</b> | [click](x) *fast* &amp; well"
    report.criteria[0] = CriterionScore(
        criterion_id=CRITERION_IDS[0], evidence=[quote], reason=f"because {TRACKER}", score=3
    )
    text = scorecard_markdown(scored_view(report))
    assert "<img" not in MD.render(text) and "<b>" not in MD.render(text)
    assert f"“{quote}”" in rendered_text(text)
    assert "areas\\:SQL" in text  # Chainlit's renderer reads ':SQL' as a directive (a break)
    assert cells_per_row(text) == {3}  # no extra cells from '|'


def test_users_own_brackets_are_not_placeholders() -> None:
    original = "Please [click] here to see my portfolio. I want to grow."
    rewrite = "Please [click] here to see my portfolio. I want to grow at [Company]."
    text = rewrite_diff_markdown(original, rewrite)
    assert "1 `[placeholder]`" in text
    assert "`[Company]`" in text and "`[click]`" not in text
    assert "[click]" in rendered_text(text)


def test_rewrite_shows_user_markup_literally() -> None:
    typed = f"{TRACKER} &amp; areas:SQL"
    text = rewrite_diff_markdown(typed, f"{typed} and more")
    assert "<img" not in MD.render(text) and typed in rendered_text(text)
    assert "areas\\:SQL" in text


def test_export_escapes_markdown_and_tables() -> None:
    answer = f"{TRACKER} <script>x</script> | pipes"
    report = make_report(dict.fromkeys(CRITERION_IDS, 3), answer, rewrite=f"{answer} [Company]")
    report.criteria[0] = CriterionScore(
        criterion_id=CRITERION_IDS[0], evidence=["a | b"], reason="r | s", score=3
    )
    record = HistoryRecord(
        id=1,
        user="local",
        created_at=datetime.now(UTC),
        context=InterviewContext(role="<b>Role</b> | x", company=TRACKER),
        transcript=[Turn(speaker=Speaker.candidate, kind="answer", text=answer)],
        answer=answer,
        outcome=report,
        engine=OFFLINE.engine,
        model=OFFLINE.model,
    )
    markdown = export.to_markdown([record])
    page = MD.render(markdown)
    assert "<img" not in page and "<script" not in page and "<b>" not in page
    assert cells_per_row(markdown) == {4}
    assert rendered_text(md_inline(answer)) in rendered_text(markdown)

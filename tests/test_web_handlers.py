"""The chat's behaviour, asserted on what the person sees (a recording UI, then Chainlit itself
with a mocked context): the flow, buttons, failures with Retry, history and secrets."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from chainlit_fakes import chainlit_context
from interview_coach.config import Settings
from interview_coach.models import EngineInfo
from interview_coach.store import HistoryStore
from interview_coach.text_safety import md_escape
from interview_coach.web.handlers import OFFLINE_NOTICE, SCORING_TITLE, ChatController
from web_fakes import FakeEngines, RecordingUI, first_untargeted

THIN = "I want to grow and learn new things in this job."
BETTER = (
    "Thank you for this opportunity, I am excited about this role. In the first year I want to "
    "master our data pipelines and ship reliable dashboards for the sales team. Over five years "
    "I hope to lead a small analytics group, and your focus on small shops is why I applied."
)


@pytest.fixture
def store(tmp_path: Path) -> HistoryStore:
    return HistoryStore(tmp_path / "web" / "history.sqlite3")


def make(
    store: HistoryStore,
    engines: FakeEngines | None = None,
    user: str = "local",
    followups: int = 2,
    **settings: object,
) -> tuple[ChatController, RecordingUI, FakeEngines]:
    ui = RecordingUI()
    engines = engines or FakeEngines()
    controller = ChatController(
        ui,
        Settings(followups=followups, **settings),  # type: ignore[arg-type]
        store,
        engines,
        user=user,
        planner=first_untargeted,
    )
    return controller, ui, engines


async def test_start_says_offline_in_one_line_then_waits_for_the_settings(
    store: HistoryStore,
) -> None:
    """The settings can be chosen before the first question: a greeting with the current set-up
    and a Start button; Start asks the question (once)."""
    controller, ui, _ = make(store)
    await controller.start()
    assert ui.texts[0] == OFFLINE_NOTICE
    welcome = ui.shown[1]
    assert welcome.kind == "message" and welcome.button_labels == [
        "Start the interview",
        "Delete all my data",
    ]
    assert "settings" in welcome.text and "friendly interviewer" in welcome.text
    assert not any(s.kind == "streamed" for s in ui.shown)
    await controller.action("start")
    assert ui.shown[-1].kind == "streamed"
    assert "What are your career aspirations?" in ui.shown[-1].text
    assert "Start the interview" not in welcome.button_labels  # Start is gone once used
    await controller.action("start")
    assert sum(s.kind == "streamed" for s in ui.shown) == 1


async def test_settings_confirmed_before_the_start_ask_the_question_with_them(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store)
    await controller.start()
    await controller.settings_changed(NEW_SETTINGS)
    assert "New interview: Data analyst at Acme (junior), tough interviewer" in ui.texts[-2]
    assert "welcome to Acme" in ui.shown[-1].text
    assert sum(s.kind == "streamed" for s in ui.shown) == 1


async def test_an_answer_sent_before_the_start_answers_the_first_question(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store)
    await controller.start()
    await controller.message(THIN)
    kinds = [s.kind for s in ui.shown]
    assert kinds[-2:] == ["streamed", "streamed"]  # the question, then a follow-up
    assert controller.session.answer_text == THIN


async def test_thin_answer_gets_a_followup_then_feedback_now_shows_scorecard(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store)
    await controller.start()
    await controller.message(THIN)
    followup = ui.shown[-1]
    assert followup.kind == "streamed" and "say more about" in followup.text
    assert "Get feedback now" in followup.button_labels

    await controller.action("feedback_now")
    kinds = [s.kind for s in ui.shown]
    assert kinds[-3:] == ["streamed", "step", "scorecard"]  # closing, scoring step, scorecard
    assert ui.last("step").text.startswith(f"the offline engine: {SCORING_TITLE}")
    card = ui.last("scorecard")
    assert re.search(r"Your score: \d+/100", card.text)
    assert len(re.findall(r"\| \d/5 \|", card.text)) == 9
    assert "Your answer, rewritten" in card.text and "`[Company]`" in card.text
    assert card.chart is not None and len(card.chart["data"][0]["y"]) == 9
    assert card.button_labels == ["Try again", "New session", "Export"]

    [record] = await store.list("local")
    assert record.answer == THIN and record.overall is not None


async def test_answering_every_followup_ends_in_feedback(store: HistoryStore) -> None:
    controller, ui, _ = make(store, followups=2)
    await controller.start()
    for text in (THIN, "I like data.", "I would stay for years."):
        await controller.message(text)
    followups = [s for s in ui.shown if s.kind == "streamed" and "say more" in s.text]
    assert len(followups) == 2
    assert ui.shown[-1].kind == "scorecard"
    [record] = await store.list("local")
    assert "I would stay for years." in record.answer


async def test_zero_followups_goes_straight_to_feedback(store: HistoryStore) -> None:
    controller, ui, _ = make(store, followups=0)
    await controller.start()
    await controller.message(THIN)
    assert ui.shown[-1].kind == "scorecard"


async def test_try_again_shows_the_score_change_and_progress(store: HistoryStore) -> None:
    controller, ui, _ = make(store, followups=0)
    await controller.start()
    await controller.message(THIN)
    first = int(re.search(r"Your score: (\d+)", ui.last("scorecard").text).group(1))  # type: ignore[union-attr]

    await controller.action("try_again")
    assert "Same question" in ui.shown[-1].text
    assert "What are your career aspirations?" in ui.shown[-1].text
    await controller.message(BETTER)
    card = ui.last("scorecard").text
    second = int(re.search(r"Your score: (\d+)", card).group(1))  # type: ignore[union-attr]
    assert second > first
    assert f"Score change: {first} -> {second} (+{second - first})" in card
    assert f"{first} -> {second} since your first try" in card
    assert [r.overall for r in await store.list("local")] == [first, second]


async def test_progress_compares_only_attempts_for_the_same_role_and_company(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store, followups=0)
    await controller.start()
    await controller.message(THIN)  # no role or company
    await controller.settings_changed(NEW_SETTINGS | {"followups": 0})  # Data analyst at Acme
    await controller.message(THIN)
    first = int(re.search(r"Your score: (\d+)", ui.last("scorecard").text).group(1))  # type: ignore[union-attr]
    assert "since your first try" not in ui.last("scorecard").text  # the other role is not mixed in
    await controller.action("try_again")
    await controller.message(BETTER)
    card = ui.last("scorecard").text
    second = int(re.search(r"Your score: (\d+)", card).group(1))  # type: ignore[union-attr]
    assert f"Progress: {first} -> {second} since your first try (2 scored attempts)." in card
    assert len(await store.list("local")) == 3


async def test_offline_notice_asks_for_the_key_only_when_it_is_unset(store: HistoryStore) -> None:
    controller, ui, _ = make(store, openai_api_key=SecretStr("sk-test-not-real"))
    await controller.start()
    assert ui.texts[0].startswith("Practising offline") and "OPENAI_API_KEY" not in ui.texts[0]
    assert "grader.model" in ui.texts[0]
    reason = "Falling back to the offline engine: ANTHROPIC_API_KEY is not set."
    controller, ui, _ = make(store, FakeEngines(notices=[reason]))
    await controller.start()
    assert ui.texts[:2] == ["Practising offline: rule-based feedback, no AI model.", reason]


async def test_the_llm_footer_shows_only_when_a_model_takes_part(store: HistoryStore) -> None:
    """Chainlit's "LLMs can make mistakes" footer is false for the offline engine: the page
    hides it unless the controller says a model takes part (public/read_aloud.js)."""
    controller, ui, _ = make(store)
    await controller.start()
    assert ui.session["ai_engine"] is False
    engines = FakeEngines()
    engines.grader.info = EngineInfo(engine="llm", provider="openai", model="gpt-4o-mini")  # type: ignore[misc]
    controller, ui, _ = make(store, engines)
    await controller.start()
    assert ui.session["ai_engine"] is True
    script = Path("public/read_aloud.js").read_text(encoding="utf-8")
    assert "body:not([data-ai-engine]) .watermark" in script and "interview-coach:engine" in script


async def test_feedback_now_before_any_answer_asks_for_one(store: HistoryStore) -> None:
    controller, ui, _ = make(store)
    await controller.start()
    await controller.action("feedback_now")
    assert ui.shown[-1].text.startswith("Answer the question first")
    assert await store.list("local") == []


async def test_provider_failure_keeps_the_answer_and_retry_grades_it(store: HistoryStore) -> None:
    engines = FakeEngines()
    engines.grader.provider_failures = 1
    controller, ui, _ = make(store, engines, followups=0)
    await controller.start()
    await controller.message(THIN)

    failure = ui.shown[-1]
    assert failure.kind == "message" and "rate-limiting" in failure.text
    assert "Retry" in failure.button_labels
    assert not re.search(r"\d+/100", failure.text)
    assert ui.session["answer"] == THIN
    [saved] = await store.list("local")
    assert saved.answer == THIN and saved.status == "ungraded"

    await controller.message("hello?")  # typing while failed does not lose anything
    assert "saved but not graded" in ui.shown[-1].text

    await controller.action("retry", {"op": "grade"})
    assert ui.shown[-1].kind == "scorecard"
    [graded] = await store.list("local")
    assert graded.id == saved.id and graded.status == "scored"


async def test_interviewer_error_mid_followup_goes_on_offline_with_a_notice(
    store: HistoryStore,
) -> None:
    """The terminal's rule, now the chat's too: the person is told what failed and the offline
    interviewer asks the follow-up, so the interview never stops at a missing question."""
    engines = FakeEngines()
    controller, ui, _ = make(store, engines)
    await controller.start()
    engines.interviewer.fail_next = "followup"
    await controller.message(THIN)
    notice, followup = ui.shown[-2:]
    assert notice.kind == "message" and "did not answer in time" in notice.text
    assert "Continuing with the offline interviewer; your answers are kept." in notice.text
    assert followup.kind == "streamed" and "Get feedback now" in followup.button_labels
    assert controller.session.interviewer is not engines.interviewer
    assert controller.session.state.followups_asked == 1
    assert (await store.list("local"))[0].answer == THIN  # saved before the failure


async def test_reload_offers_to_grade_the_saved_answer(store: HistoryStore) -> None:
    controller, _, _ = make(store)
    await controller.start()
    await controller.message(THIN)  # the browser goes away before feedback

    reloaded, ui, _ = make(store)
    await reloaded.start()
    offer = next(s for s in ui.shown if "ungraded answer from" in s.text)
    assert offer.button_labels == ["Grade it", "Discard it"]
    await reloaded.action(offer.buttons[0].name, offer.buttons[0].payload)
    assert ui.shown[-1].kind == "scorecard"
    [record] = await store.list("local")
    assert record.status == "scored" and record.answer == THIN


async def test_other_users_never_see_my_saved_answer(store: HistoryStore) -> None:
    controller, _, _ = make(store, user="alice")
    await controller.start()
    await controller.message(THIN)
    bob, ui, _ = make(store, user="bob")
    await bob.start()
    assert not any("ungraded answer" in t for t in ui.texts)
    record_id = (await store.list("alice"))[0].id
    await bob.action("grade_saved", {"id": record_id})
    assert "no longer waiting" in ui.shown[-1].text
    assert (await store.list("alice"))[0].status == "ungraded"


async def test_unscorable_answer_shows_reason_and_hint_without_a_number(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store)
    await controller.start()
    await controller.message("asdfgh qwrtzx jkjkjk zxcvbn")
    shown = ui.shown[-1]
    assert shown.kind == "message" and "couldn't score" in shown.text
    assert "What to do" in shown.text
    assert not re.search(r"\d+/100|/5", shown.text)
    [record] = await store.list("local")
    assert record.status == "unscored" and record.answer == "asdfgh qwrtzx jkjkjk zxcvbn"
    assert not any("say more about" in t for t in ui.texts)  # no follow-up on an unscorable start


async def test_message_while_scoring_is_answered_at_once_and_not_lost(store: HistoryStore) -> None:
    engines = FakeEngines()
    release = engines.grader.slow()
    controller, ui, _ = make(store, engines, followups=0)
    await controller.start()
    grading = asyncio.create_task(controller.message(THIN))
    await engines.grader.started.wait()

    extra = "Also, I forgot: I want to mentor new analysts."
    # A guard against waiting for the grade (the bug), not a timing assertion.
    await asyncio.wait_for(controller.message(extra), timeout=5)
    reply = ui.shown[-1]
    assert reply.kind == "message" and reply.text.startswith("Still scoring")
    assert "not added" in reply.text and f"> {md_escape(extra)}" in reply.text
    assert not grading.done()

    release.set()
    await grading
    assert ui.shown[-1].kind == "scorecard"
    assert not any("interview is finished" in t for t in ui.texts)
    [record] = await store.list("local")
    assert record.answer == THIN

    await controller.action("try_again")
    assert "Same question" in ui.shown[-1].text and f"> {md_escape(extra)}" in ui.shown[-1].text
    await controller.message(extra)
    await controller.action("try_again")
    assert extra not in ui.shown[-1].text  # offered once, not forever


async def test_odd_short_followup_reply_is_kept_and_the_followups_continue(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store, followups=2)
    await controller.start()
    await controller.message(THIN)
    await controller.message("SQL")  # alone it reads as gibberish; with the answer it is fine
    followups = [s for s in ui.shown if s.kind == "streamed" and "say more" in s.text]
    assert len(followups) == 2
    assert ui.shown[-1].kind == "streamed" and "Get feedback now" in ui.shown[-1].button_labels
    assert not any("couldn't score" in t for t in ui.texts)

    await controller.message("I would stay for years.")
    assert ui.shown[-1].kind == "scorecard"
    [record] = await store.list("local")
    assert "SQL" in record.answer and "I would stay for years." in record.answer


async def test_empty_followup_reply_is_refused_and_the_interview_waits(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store, followups=2)
    await controller.start()
    await controller.message(THIN)
    shown = len(ui.shown)
    await controller.message("   ")
    assert len(ui.shown) == shown + 1 and ui.shown[-1].kind == "message"
    assert controller.session.state.followups_asked == 1
    assert (await store.list("local"))[0].answer == THIN


NEW_SETTINGS = {
    "role": "Data analyst",
    "company": "Acme",
    "seniority": "junior",
    "style": "tough",
    "followups": 1,
    "company_blurb": "Payments for small shops",
}


async def test_settings_change_before_an_answer_starts_a_fresh_interview(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store)
    await controller.start()
    await controller.action("start")
    await controller.settings_changed(NEW_SETTINGS)
    assert (
        "New interview: Data analyst at Acme (junior), tough interviewer, up to 1 follow-up"
        in ui.texts[-2]
    )
    assert "welcome to Acme" in ui.shown[-1].text
    assert controller.session.state.max_followups == 1
    await controller.message(BETTER)
    await controller.action("feedback_now")
    latest = (await store.list("local"))[-1]
    assert latest.context.company == "Acme" and latest.context.seniority == "junior"


async def test_settings_change_mid_answer_keeps_the_answer_and_asks_before_starting_over(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store)
    await controller.start()
    await controller.message(BETTER)
    assert "Get feedback now" in ui.shown[-1].button_labels
    await controller.settings_changed(NEW_SETTINGS)
    ask = ui.shown[-1]
    assert "apply to your next interview" in ask.text and "Data analyst at Acme" in ask.text
    assert ask.button_labels == ["Start over now", "Keep answering"]
    assert controller.session.answer_text == BETTER  # nothing dropped
    assert controller.session.state.context.company == ""

    await controller.action("keep_answering")
    assert "next interview" in ui.texts[-1]
    await controller.message(THIN)
    assert controller.session.answer_text == BETTER + "\n\n" + THIN

    await controller.settings_changed(NEW_SETTINGS)
    await controller.action("start_over")
    intro = ui.shown[-2].text
    assert "New interview: Data analyst at Acme" in intro
    assert md_escape(BETTER.split(".")[0]) in intro and "send it" in intro  # shown back
    assert "welcome to Acme" in ui.shown[-1].text
    assert controller.session.answer_text == ""
    assert all("Get feedback now" not in s.button_labels for s in ui.shown)  # stale ones gone
    assert (await store.list("local"))[0].answer == BETTER + "\n\n" + THIN  # and saved


async def test_settings_change_after_the_feedback_starts_the_next_interview(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store, followups=0)
    await controller.start()
    await controller.message(BETTER)
    await controller.settings_changed(NEW_SETTINGS)
    assert "New interview: Data analyst at Acme" in ui.texts[-2]
    assert "welcome to Acme" in ui.shown[-1].text


async def test_export_offers_markdown_and_json_of_this_chat(store: HistoryStore) -> None:
    controller, ui, _ = make(store, followups=0)
    await controller.start()
    await controller.action("export")
    assert "Nothing to export" in ui.shown[-1].text
    await controller.message(THIN)
    await controller.action("export")
    files = {f.name: f for f in ui.last("files").files}
    assert set(files) == {"interview-practice.md", "interview-practice.json"}
    assert THIN in files["interview-practice.md"].content
    assert "Overall:" in files["interview-practice.md"].content
    assert '"overall"' in files["interview-practice.json"].content


async def test_nothing_the_chat_sends_contains_a_secret(store: HistoryStore) -> None:
    secret = "fake-key-DO-NOT-LEAK-123"
    engines = FakeEngines(notices=["Falling back to the offline engine: the key was rejected."])
    controller, ui, _ = make(
        store,
        engines,
        followups=0,
        openai_api_key=SecretStr(secret),
        web_users=SecretStr("alice:hunter2-password"),
    )
    await controller.start()
    await controller.message(THIN)
    await controller.action("export")
    sent = [s.text for s in ui.shown] + [f.content for s in ui.shown for f in s.files]
    sent += [str(v) for v in ui.session.values()]
    assert not any(secret in t or "hunter2" in t for t in sent)
    assert engines.notices[0] in ui.texts


# ---- the Chainlit adapter, with a mocked Chainlit context (as Chainlit's own tests do) --------


async def test_chainlit_ui_streams_and_attaches_buttons() -> None:
    from interview_coach.web.handlers import FEEDBACK_NOW
    from interview_coach.web.ui import ChainlitUI

    async def chunks() -> AsyncIterator[str]:
        for word in ("What ", "are ", "your ", "aspirations?"):
            yield word

    async with chainlit_context() as chainlit_events:
        text = await ChainlitUI().stream(chunks(), [FEEDBACK_NOW])
    assert text == "What are your aspirations?"
    names = [e for e, _ in chainlit_events]
    assert names[0] == "stream_start" and "new_message" in names
    sent = next(d for e, d in chainlit_events if e == "new_message")
    assert sent["output"] == "What are your aspirations?"
    action = next(d for e, d in chainlit_events if e == "action")
    assert action["name"] == "feedback_now" and action["forId"] == sent["id"]


async def test_chainlit_ui_removes_a_half_streamed_message_on_failure() -> None:
    from interview_coach.web.ui import ChainlitUI

    async def broken() -> AsyncIterator[str]:
        yield "Could you "
        raise RuntimeError("connection dropped")

    async with chainlit_context() as chainlit_events:
        with pytest.raises(RuntimeError):
            await ChainlitUI().stream(broken())
    assert [e for e, _ in chainlit_events] == ["stream_start", "delete_message"]


async def test_chainlit_ui_scorecard_sends_a_plotly_chart() -> None:
    from interview_coach.report_view import scored_view
    from interview_coach.rubric import CRITERION_IDS
    from interview_coach.web.handlers import TRY_AGAIN
    from interview_coach.web.scorecard import criteria_chart
    from interview_coach.web.ui import ChainlitUI
    from web_fakes import make_report

    report = make_report(dict.fromkeys(CRITERION_IDS, 3), THIN)
    async with chainlit_context() as chainlit_events:
        chart = criteria_chart(scored_view(report))
        await ChainlitUI().scorecard("headline", chart, "details", [TRY_AGAIN])
    messages = [d for e, d in chainlit_events if e == "new_message"]
    assert [m["output"] for m in messages] == ["headline", "details"]
    element = next(d for e, d in chainlit_events if e == "element")
    assert element["type"] == "plotly" and element["forId"] == messages[0]["id"]
    action = next(d for e, d in chainlit_events if e == "action")
    assert action["forId"] == messages[1]["id"]


async def test_text_sent_after_the_feedback_is_kept_for_the_next_attempt(
    store: HistoryStore,
) -> None:
    controller, ui, _ = make(store, followups=0)
    await controller.start()
    await controller.message(THIN)
    assert ui.shown[-1].kind == "scorecard"
    late = "Actually, in five years I want to lead the analytics team."
    await controller.message(late)
    assert "interview is finished" in ui.shown[-1].text and f"> {late}" in ui.shown[-1].text
    [record] = await store.list("local")
    assert record.answer == THIN, "the graded answer is not changed after the fact"
    await controller.action("try_again")
    assert f"> {late}" in ui.shown[-1].text

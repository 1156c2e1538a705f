"""What the chat does, independent of Chainlit: one `ChatController` per browser session.

The controller drives an `InterviewSession` and talks to the person only through a small `ChatUI`
adapter (Chainlit's in `web/ui.py`, a recording fake in the tests). This is the edge where engine
exceptions become plain chat messages with a *Retry* button; the answer is saved to history before
anything that can fail, so a provider error or a reload loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

import plotly.graph_objects as go

from ..config import Settings, Style
from ..cost import usage_line
from ..engine import InterviewState
from ..engine_factory import Engines
from ..history import HistoryStore, scored_overalls
from ..history_access import HISTORY_ERRORS
from ..models import GradeReport, InterviewContext, Seniority, Unscored
from ..session import InterviewSession, Planner
from ..text_safety import md_escape, md_escape_stream, md_quote_block
from ..turns import go_offline, show_turn
from ..voice.models import SpokenAnswer
from . import export
from .actions import checked_payload, offered_pending
from .delivery_card import delivery_markdown
from .recovery import (
    CONTINUE_OFFLINE_LABEL,
    HISTORY_NOTICE,
    continue_offline_payload,
    offers_offline,
)
from .scorecard import (
    criteria_figure,
    progress_line,
    rewrite_section,
    score_change_line,
    scorecard_markdown,
    summary_markdown,
    unscored_markdown,
)

log = logging.getLogger(__name__)
_T = TypeVar("_T")

OFFLINE_NOTICE = (
    "Practising offline: rule-based feedback, no AI model. "
    "Set OPENAI_API_KEY or configure a provider for AI feedback."
)
SCORING_TITLE = "Scoring 9 criteria ..."
RETRYABLE = frozenset({"provider_error", "invalid_output"})
STYLES: tuple[Style, ...] = ("friendly", "neutral", "tough")

Phase = Literal["answering", "grading", "graded", "failed"]


@dataclass(frozen=True)
class Button:
    """An action button: `name` is the action callback, `payload` its arguments."""

    name: str
    label: str
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Download:
    name: str
    content: str
    mime: str


class Progress(Protocol):
    async def update(self, text: str) -> None: ...


class ChatUI(Protocol):
    """Everything the controller can show. Implementations must not add content of their own."""

    async def say(self, text: str, buttons: Sequence[Button] = ()) -> None: ...

    async def stream(self, chunks: AsyncIterator[str], buttons: Sequence[Button] = ()) -> str:
        """Stream a message; if `chunks` raises, remove the partial message and re-raise."""
        ...

    def progress(self, title: str, by: str) -> AbstractAsyncContextManager[Progress]:
        """Show `title` as progress of work done by `by`, until the context exits."""
        ...

    async def scorecard(
        self, summary: str, figure: go.Figure, details: str, buttons: Sequence[Button] = ()
    ) -> None:
        """The headline with the chart, then the details (with the buttons)."""
        ...

    async def downloads(self, text: str, files: Sequence[Download]) -> None: ...

    def remember(self, key: str, value: Any) -> None:
        """Keep a value in the per-browser-session store (cl.user_session)."""
        ...


EngineFactory = Callable[[Settings], Engines]

FEEDBACK_NOW = Button("feedback_now", "Get feedback now")
TRY_AGAIN = Button("try_again", "Try again")
NEW_SESSION = Button("new_session", "New session")
EXPORT = Button("export", "Export")


def retry_button(op: str) -> Button:
    return Button("retry", "Retry", {"op": op})


def offline_button(part: str, op: str) -> Button:
    return Button("continue_offline", CONTINUE_OFFLINE_LABEL, continue_offline_payload(part, op))


@dataclass
class ChatOptions:
    """The chat settings panel, parsed."""

    context: InterviewContext = field(default_factory=InterviewContext)
    style: Style = "friendly"
    followups: int = 2

    @classmethod
    def defaults(cls, settings: Settings) -> ChatOptions:
        return cls(style=settings.style, followups=settings.followups)

    def updated(self, values: Mapping[str, Any]) -> ChatOptions:
        """Apply the settings panel's values; anything invalid keeps the previous value."""
        ctx = self.context

        def text(key: str, current: str, limit: int) -> str:
            value = values.get(key, current)
            return str(value if value is not None else "").strip()[:limit]

        seniority = values.get("seniority", ctx.seniority.value)
        try:
            seniority_value = Seniority(seniority)
        except ValueError:
            seniority_value = ctx.seniority
        style = values.get("style", self.style)
        try:
            followups = min(3, max(0, int(values.get("followups", self.followups))))
        except (TypeError, ValueError):
            followups = self.followups
        return ChatOptions(
            context=InterviewContext(
                role=text("role", ctx.role, 120),
                company=text("company", ctx.company, 120),
                company_blurb=text("company_blurb", ctx.company_blurb, 600),
                seniority=seniority_value,
            ),
            style=style if style in STYLES else self.style,
            followups=followups,
        )

    def summary(self) -> str:
        ctx = self.context
        where = f"{md_escape(ctx.role_or_default)} at {md_escape(ctx.company_or_default)}"
        plural = "" if self.followups == 1 else "s"
        return (
            f"{where} ({ctx.seniority.value}), {self.style} interviewer, "
            f"up to {self.followups} follow-up{plural}"
        )


def interviewer_error_text(exc: BaseException) -> str:
    """A plain sentence for the chat; never the SDK's own message (it may echo request data)."""
    user_message = getattr(exc, "user_message", None)
    hint = getattr(exc, "hint", "")
    if isinstance(user_message, str) and user_message:
        return f"The interviewer hit a problem: {user_message} {hint}".strip()
    return "The interviewer hit an unexpected problem. Your answer is saved; press Retry."


class ChatController:
    def __init__(
        self,
        ui: ChatUI,
        settings: Settings,
        store: HistoryStore,
        engines: EngineFactory,
        user: str = "local",
        planner: Planner | None = None,
    ) -> None:
        self.ui = ui
        self.settings = settings
        self.store = store
        self.engines = engines
        self.user = user
        self.planner = planner
        self.options = ChatOptions.defaults(settings)
        self.phase: Phase = "answering"
        self.record_id: int | None = None
        self.record_ids: list[int] = []
        self._lock = asyncio.Lock()
        self.held: list[str] = []
        self.offered: set[int] = set()  # saved answers this chat offered to grade or discard
        self._history_warned = False
        self.session = self._new_session()

    def _new_session(self) -> InterviewSession:
        built = self.engines(self.settings)
        self._notices = built.notices
        state = InterviewState(
            context=self.options.context,
            style=self.options.style,
            max_followups=self.options.followups,
            seed=self.settings.seed,
        )
        return InterviewSession(
            interviewer=built.interviewer,
            grader=built.grader,
            state=state,
            planner=self.planner or built.planner,
            user=self.user,
        )

    # ---- entry points (one per Chainlit callback) -------------------------------------------

    async def start(self) -> None:
        async with self._lock:
            for notice in self.notices():
                await self.ui.say(notice)
            saved = await self._history(lambda: self.store.latest_ungraded(self.user))
            if saved is not None:
                self.offered.add(saved.id)
                when = saved.created_at.strftime("%Y-%m-%d %H:%M UTC")
                await self.ui.say(
                    f"You have an ungraded answer from {when}: grade it?",
                    [
                        Button("grade_saved", "Grade it", {"id": saved.id}),
                        Button("discard_saved", "Discard it", {"id": saved.id}),
                    ],
                )
            await self._opening()

    async def settings_changed(self, values: Mapping[str, Any]) -> None:
        async with self._lock:
            self.options = self.options.updated(values)
            await self._restart(f"New interview: {self.options.summary()}.")

    async def message(self, text: str, spoken: SpokenAnswer | None = None) -> None:
        """A typed answer, or a spoken one (`spoken` set) once the person chose to use it."""
        if self.phase == "grading":
            await self._while_grading(text)
            return
        async with self._lock:
            kept = ""
            if text.strip() and self.phase in ("failed", "graded"):
                self.held.append(text)
                kept = (
                    f" What you just sent is kept, not added to the graded answer:\n\n"
                    f"{_quoted(text)}\n\nTry again offers it as the start of your next answer."
                )
            if self.phase == "failed":
                await self.ui.say(
                    "Your answer is saved but not graded yet. Press Retry to grade it, "
                    "or start a new session." + kept,
                    [retry_button("grade"), NEW_SESSION],
                )
                return
            if self.phase == "graded":
                await self.ui.say(
                    "This interview is finished; your feedback is above. Press Try again to "
                    "answer the same question again, or New session to start over." + kept,
                    [TRY_AGAIN, NEW_SESSION, EXPORT],
                )
                return
            first = not self.session.answer_text
            receipt = self.session.answer(text, spoken)
            if not receipt.kept:
                problem = receipt.problem
                assert problem is not None
                await self.ui.say(f"{problem.message} {problem.hint}")
                return
            await self._history(self._save_pending)
            if first and receipt.problem is not None:
                await self._grade()
                return
            await self._advance()

    async def _while_grading(self, text: str) -> None:
        """A message typed during scoring: answered at once (not after the grade, which holds the
        lock), and echoed back so nothing is lost; Try again offers it again."""
        if not text.strip():
            await self.ui.say("Still scoring your answer; one moment.")
            return
        self.held.append(text)
        await self.ui.say(
            "Still scoring your answer; one moment. What you just sent was not added to the "
            f"answer being scored:\n\n{_quoted(text)}\n\nPress Try again after the feedback "
            "to use it in your next attempt."
        )

    async def action(self, name: str, payload: Mapping[str, Any] | None = None) -> None:
        checked = checked_payload(name, payload)
        if checked is None:
            return
        async with self._lock:
            handler = {
                "feedback_now": self._feedback_now,
                "try_again": self._try_again,
                "new_session": self._new_session_action,
                "export": self._export,
                "retry": self._retry,
                "grade_saved": self._grade_saved,
                "discard_saved": self._discard_saved,
                "continue_offline": self._continue_offline,
            }.get(name)
            if handler is None:
                await self.ui.say(f"Unknown action {name!r}.")
                return
            await handler(checked)

    # ---- the interview ------------------------------------------------------------------------

    def notices(self) -> list[str]:
        """Engine notices for the chat: the offline line, then provider notices, deduplicated."""
        out: list[str] = []
        if self.session.grader.info.engine == "offline":
            out.append(OFFLINE_NOTICE)
        for notice in self._notices:
            if notice and notice not in out:
                out.append(notice)
        return out

    async def _turn(
        self, turn: Callable[[], AsyncIterator[str]], buttons: Sequence[Button] = ()
    ) -> None:
        """Stream one interviewer turn; a cut-off reply is asked for again, then offline."""

        async def show(chunks: AsyncIterator[str]) -> None:
            await self.ui.stream(md_escape_stream(chunks), buttons)

        await show_turn(self.session, show, turn, self.ui.say)

    def _failure_buttons(self, exc: BaseException, op: str, *more: Button) -> list[Button]:
        buttons = [retry_button(op)]
        if offers_offline(exc):
            buttons.append(offline_button("interviewer", op))
        return [*buttons, *more]

    async def _opening(self) -> None:
        try:
            await self._turn(self.session.opening)
        except Exception as exc:
            log.warning("interviewer failed on the opening: %r", exc)
            await self.ui.say(interviewer_error_text(exc), self._failure_buttons(exc, "opening"))

    async def _advance(self) -> None:
        """After an answer: the next follow-up, or the feedback when there is none."""
        try:
            target = self.session.next_followup_target()
            if target is not None:
                followup = target
                await self._turn(lambda: self.session.followup(followup), [FEEDBACK_NOW])
                return
        except Exception as exc:
            log.warning("interviewer failed on a follow-up: %r", exc)
            await self.ui.say(
                interviewer_error_text(exc), self._failure_buttons(exc, "advance", FEEDBACK_NOW)
            )
            return
        await self._finish()

    async def _finish(self) -> None:
        """The interviewer's close (once), then the grade. The answer is closed from here on.
        The grade never waits on the close: a failing interviewer only costs its last line."""
        self.phase = "grading"
        if not any(t.kind == "closing" for t in self.session.state.turns):
            try:
                await self._turn(self.session.closing)
            except Exception as exc:
                log.warning("interviewer failed on the closing: %r", exc)
                await self.ui.say(
                    interviewer_error_text(exc) + " Your answer is being scored anyway."
                )
        await self._grade()

    async def _grade(self) -> None:
        self.phase = "grading"
        await self._history(self._save_pending)
        self.ui.remember("answer", self.session.answer_text)
        try:
            by = f"the {self.session.grader.info.label}"
            async with self.ui.progress(SCORING_TITLE, by) as progress:
                outcome = await self.session.grade()
                await progress.update(_progress_text(outcome))
        except Exception as exc:
            log.exception("grader raised instead of returning Unscored")
            self.phase = "failed"
            await self.ui.say(
                f"Scoring failed unexpectedly ({type(exc).__name__}). Your answer is saved; "
                "press Retry to grade it again.",
                [retry_button("grade"), NEW_SESSION],
            )
            return
        if isinstance(outcome, Unscored) and outcome.reason_code in RETRYABLE:
            self.phase = "failed"
            buttons = [retry_button("grade"), NEW_SESSION]
            if offers_offline(outcome):
                buttons.insert(1, offline_button("grader", "grade"))
            await self.ui.say(
                f"{outcome.reason} {outcome.hint} Your answer is kept; press Retry to grade it "
                "again.",
                buttons,
            )
            return
        if self.record_id is not None:
            record_id, turns = self.record_id, self.session.state.turns
            await self._history(lambda: self.store.complete(record_id, outcome, turns))
        self.phase = "graded"
        self.ui.remember("answer", None)
        await self._show(outcome)

    async def _show(self, outcome: GradeReport | Unscored) -> None:
        buttons = [TRY_AGAIN, NEW_SESSION, EXPORT]
        if isinstance(outcome, Unscored):
            await self.ui.say(unscored_markdown(outcome), buttons)
            return
        summary = [summary_markdown(outcome)]
        used = usage_line(outcome.engine, outcome.usage, self.settings.prices)
        if used:
            summary += ["", f"_Model usage: {used}_"]
        previous = self.session.previous_scored()
        if previous is not None:
            summary += ["", score_change_line(previous, outcome)]
        records = await self._history(lambda: self.store.list(self.user))
        progress = progress_line(scored_overalls(records or []))
        if progress:
            summary += ["", progress]
        details = "\n\n".join(
            part
            for part in [
                scorecard_markdown(outcome),
                delivery_markdown(self.session.state.turns),
                rewrite_section(self.session.answer_text, outcome.rewrite),
            ]
            if part
        )
        await self.ui.scorecard("\n".join(summary), criteria_figure(outcome), details, buttons)

    def _save_pending(self) -> None:
        if not self.session.answer_text:
            return
        self.record_id = self.store.save_pending(
            user=self.user,
            context=self.session.state.context,
            transcript=self.session.state.turns,
            answer=self.session.answer_text,
            engine=self.session.grader.info,
            record_id=self.record_id,
        )
        if self.record_id not in self.record_ids:
            self.record_ids.append(self.record_id)
        self.ui.remember("answer", self.session.answer_text)
        self.ui.remember("record_id", self.record_id)

    async def _history(self, work: Callable[[], _T]) -> _T | None:
        """A history read or write; if the database fails, say so (once per chat), offer the
        answer as a download, and go on (None)."""
        try:
            return work()
        except HISTORY_ERRORS as exc:
            log.warning("history database failed: %r", exc)
            answer = self.session.answer_text
            if not self._history_warned:
                self._history_warned = True
                text = HISTORY_NOTICE.format(why=type(exc).__name__ + ": " + str(exc)[:200])
                files = [Download("my-answer.txt", answer, "text/plain")] if answer else []
                await self.ui.downloads(text, files)
            return None

    async def _continue_offline(self, payload: Mapping[str, Any]) -> None:
        """After a failure that retrying cannot fix: the offline engine takes over that part
        (the interview so far and the answer are kept), then the failed step runs again."""
        part, op = payload.get("part"), payload.get("op")
        go_offline(self.session, grader=part == "grader")
        self._notices = []
        which = "grader" if part == "grader" else "interviewer"
        await self.ui.say(f"Continuing with the offline {which}; everything you wrote is kept.")
        if op == "grade" and self.phase == "failed":
            await self._grade()
        else:
            await self._retry({"op": op})

    async def _restart(self, intro: str) -> None:
        self.session = self._new_session()
        self.phase = "answering"
        self.record_id = None
        await self.ui.say(self._with_held(intro))
        await self._opening()

    # ---- actions ------------------------------------------------------------------------------

    async def _feedback_now(self, _payload: Mapping[str, Any]) -> None:
        if self.phase != "answering":
            return
        if not self.session.answer_text:
            await self.ui.say("Answer the question first; then I can give you feedback.")
            return
        await self._finish()

    async def _try_again(self, _payload: Mapping[str, Any]) -> None:
        if self.phase not in ("graded", "failed"):
            return
        self.session.try_again()
        self.phase = "answering"
        self.record_id = None
        question = next((t.text for t in self.session.state.turns if t.kind == "question"), "")
        intro = "Let's try that again. Same question:"
        await self.ui.say(
            self._with_held(f"{intro}\n\n{md_escape(question)}" if question else intro)
        )

    def _with_held(self, intro: str) -> str:
        """`intro`, plus (once) what the person typed while the last answer was being scored."""
        if not self.held:
            return intro
        held = "\n\n".join(self.held)
        self.held = []
        return (
            f"{intro}\n\nYou wrote this while I was scoring; send it (as is or edited) to "
            f"start your new answer:\n\n{_quoted(held)}"
        )

    async def _new_session_action(self, _payload: Mapping[str, Any]) -> None:
        await self._restart(f"New session: {self.options.summary()}.")

    async def _export(self, _payload: Mapping[str, Any]) -> None:
        records = [r for i in self.record_ids if (r := self.store.get(i, self.user)) is not None]
        if not records:
            await self.ui.say("Nothing to export yet: answer the question first.")
            return
        await self.ui.downloads(
            f"Your transcript and report ({len(records)} attempt(s)):",
            [
                Download("interview-practice.md", export.to_markdown(records), "text/markdown"),
                Download("interview-practice.json", export.to_json(records), "application/json"),
            ],
        )

    async def _retry(self, payload: Mapping[str, Any]) -> None:
        op = payload.get("op")
        if op == "opening":
            await self._opening()
        elif op == "advance" and self.phase == "answering":
            await self._advance()
        elif op == "finish" and self.phase in ("answering", "failed"):
            self.phase = "answering"
            await self._finish()
        elif op == "grade" and self.phase == "failed":
            await self._grade()

    async def _grade_saved(self, payload: Mapping[str, Any]) -> None:
        record = offered_pending(self.store, self.user, self.offered, "grade_saved", payload)
        if record is None:
            await self.ui.say("That answer is no longer waiting to be graded.")
            return
        self.offered.discard(record.id)
        self.options = ChatOptions(
            context=record.context, style=self.options.style, followups=self.options.followups
        )
        self.session = self._new_session()
        self.session.state.turns = list(record.transcript)
        self.record_id = record.id
        if record.id not in self.record_ids:
            self.record_ids.append(record.id)
        await self.ui.say("Grading your saved answer.")
        await self._grade()

    async def _discard_saved(self, payload: Mapping[str, Any]) -> None:
        record = offered_pending(self.store, self.user, self.offered, "discard_saved", payload)
        if record is None:
            await self.ui.say("That answer is no longer waiting to be graded; nothing discarded.")
            return
        self.offered.discard(record.id)
        if self.store.delete(record.id, self.user):
            await self.ui.say("Discarded the saved answer.")


def _quoted(text: str) -> str:
    return md_quote_block(text)


def _progress_text(outcome: GradeReport | Unscored) -> str:
    if isinstance(outcome, GradeReport):
        return f"Scored 9 criteria: {outcome.overall}/100."
    return f"Not scored: {outcome.reason}"

"""The chat controller: one `ChatController` per browser session drives the interview.

The controller runs the `InterviewSession` state machine (`session.py`, the same one the terminal
uses) and talks to the person only through a `ChatUI` (`chat_ui.py`; Chainlit's in `web/ui.py`,
a recording fake in the tests). This is the edge where grader failures become plain chat
messages with a *Retry* button; the answer is saved to history before anything that can fail, so
a provider error or a reload loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from ..catalogue import STYLES
from ..config import Settings
from ..engine import InterviewState
from ..models import Unscored
from ..session import SCORING_TITLE, InterviewSession, Phase, Planner, Step
from ..store import HISTORY_ERRORS, HistoryRecord, HistoryStore
from ..text_safety import md_escape, md_escape_stream
from ..turns import go_offline, interviewer_turn
from ..voice.models import SpokenAnswer
from . import erase_actions
from .actions import checked_payload
from .chat_ui import (
    EXPORT,
    FEEDBACK_NOW,
    KEEP_ANSWERING,
    NEW_SESSION,
    START,
    START_OVER,
    TRY_AGAIN,
    Button,
    ChatUI,
    Download,
    EngineFactory,
    Engines,
    offline_button,
    retry_button,
)
from .held import while_grading, with_held
from .notices import OFFLINE_NOTICE, engine_notices
from .options import ChatOptions, greeting
from .outcome_view import progress_text, quoted, show_outcome
from .recovery import HISTORY_NOTICE, offers_offline
from .saved_answers import discard_saved, export, grade_saved, offer_saved

__all__ = [
    "EXPORT",
    "FEEDBACK_NOW",
    "NEW_SESSION",
    "OFFLINE_NOTICE",
    "SCORING_TITLE",
    "STYLES",
    "TRY_AGAIN",
    "Button",
    "ChatController",
    "ChatOptions",
    "Download",
    "Engines",
]

log = logging.getLogger(__name__)
_T = TypeVar("_T")


class ChatController:
    def __init__(
        self,
        ui: ChatUI,
        settings: Settings,
        store: HistoryStore,
        engines: EngineFactory,
        user: str = "local",
        planner: Planner | None = None,
        thread_id: str | None = None,
    ) -> None:
        self.ui = ui
        self.settings = settings
        self.store = store
        self.engines = engines
        self.user = user
        self.thread_id = thread_id  # the Chainlit thread attempts are linked to (resume, delete)
        self.planner = planner
        self.options = ChatOptions.defaults(settings)
        self.begun = False  # the first question is asked once the person is ready
        self.pending_options: ChatOptions | None = None  # chosen mid-interview, for the next one
        self.record_id: int | None = None
        self.record_ids: list[int] = []
        self._lock = asyncio.Lock()
        self.held: list[str] = []
        self.offered: set[int] = set()  # saved answers this chat offered to grade or discard
        self._history_warned = False
        self.confirming_delete = False  # "Delete all my data" asked; confirm only then
        self.saving = True  # False once this person deleted all their data from this chat
        self.resumed: HistoryRecord | None = None  # the latest attempt of a resumed thread
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

    @property
    def phase(self) -> Phase:
        return self.session.phase

    # ---- entry points (one per Chainlit callback) -------------------------------------------

    async def start(self) -> None:
        async with self._lock:
            await self._engine_footer()
            for notice in self.notices():
                await self.ui.say(notice)
            await offer_saved(self)
            await self.ui.say(greeting(self.options), [START, erase_actions.DELETE_DATA])

    async def _begin(self) -> None:
        """The first question, once: after Start, the first settings confirmed, or a message
        sent before either (then that message answers it)."""
        if self.begun:
            return
        self.begun = True
        await self.ui.retire(START)
        await self._opening()

    async def settings_changed(self, values: Mapping[str, Any]) -> None:
        """New settings start a new interview at once when nothing would be lost; with an
        answer under way they wait for the next interview, and the person may start over now
        (their answer is then shown back to send again)."""
        async with self._lock:
            options = self.options.updated(values)
            if not self.begun:
                self.options = options
                await self.ui.retire(START)
                self.begun = True
                await self._restart(f"New interview: {options.summary()}.")
                return
            if self.phase == Phase.graded or not self.session.state.candidate_turns:
                self.options, self.pending_options = options, None
                await self._restart(f"New interview: {options.summary()}.")
                return
            self.pending_options = options
            await self.ui.say(
                f"New settings saved: {options.summary()}. They apply to your next interview, "
                "so your answer so far is not lost. Start over now with them?",
                [START_OVER, KEEP_ANSWERING],
            )

    async def message(self, text: str, spoken: SpokenAnswer | None = None) -> None:
        """A typed answer, or a spoken one (`spoken` set) once the person chose to use it."""
        if self.phase == "grading":
            await while_grading(self, text)
            return
        async with self._lock:
            await self._begin()
            kept = ""
            if text.strip() and self.phase in ("failed", "graded"):
                self.held.append(text)
                kept = (
                    f" What you just sent is kept, not added to the graded answer:\n\n"
                    f"{quoted(text)}\n\nTry again offers it as the start of your next answer."
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
            _, step = self.session.submit(text, spoken)
            if step.kind == "refuse":
                await self.ui.say(step.why)
                return
            await self._history(self._save_pending)
            await self._run(step)

    async def action(self, name: str, payload: Mapping[str, Any] | None = None) -> None:
        checked = checked_payload(name, payload)
        if checked is None:
            return
        async with self._lock:
            handler = {
                "feedback_now": self._feedback_now,
                "try_again": self._try_again,
                "new_session": self._new_session_action,
                "export": lambda _p: export(self),
                "retry": self._retry,
                "grade_saved": lambda p: grade_saved(self, p),
                "discard_saved": lambda p: discard_saved(self, p),
                "continue_offline": self._continue_offline,
                "start": lambda _p: self._begin(),
                "start_over": self._start_over,
                "keep_answering": self._keep_answering,
                "delete_my_data": lambda _p: erase_actions.ask(self),
                "confirm_delete_all": lambda _p: erase_actions.confirm(self),
                "cancel_delete_all": lambda _p: erase_actions.cancel(self),
            }.get(name)
            if handler is None:
                await self.ui.say(f"Unknown action {name!r}.")
                return
            await handler(checked)

    # ---- the interview ------------------------------------------------------------------------

    async def _engine_footer(self) -> None:
        engines = (self.session.grader.info, self.session.interviewer.info)
        await self.ui.engine(any(e.engine != "offline" for e in engines))

    def notices(self) -> list[str]:
        return engine_notices(self.settings, self.session.grader.info, self._notices)

    async def _turn(
        self, turn: Callable[[], AsyncIterator[str]], buttons: Sequence[Button] = ()
    ) -> None:
        """Stream one interviewer turn; a failing interviewer is replaced by the offline one."""

        async def show(chunks: AsyncIterator[str]) -> None:
            await self.ui.stream(md_escape_stream(chunks), buttons)

        await interviewer_turn(self.session, show, turn, self.ui.say)

    async def _opening(self) -> None:
        await self._turn(self.session.opening)

    async def _run(self, step: Step) -> None:
        """Run the step the session chose: a follow-up, or the closing and then the grade."""
        if step.kind == "refuse":
            if step.why:
                await self.ui.say(step.why)
            return
        if step.kind == "followup":
            target = step.target
            await self._turn(lambda: self.session.followup(target), [FEEDBACK_NOW])
            await self._history(self._save_pending)  # the follow-up too, for a resume
            return
        if step.kind == "close":
            await self._turn(self.session.closing)
        await self._grade()

    async def _grade(self) -> None:
        await self._history(self._save_pending)
        self.ui.remember("answer", self.session.answer_text)
        try:
            by = f"the {self.session.grader.info.label}"
            async with self.ui.progress(SCORING_TITLE, by) as progress:
                outcome = await self.session.grade()
                await progress.update(progress_text(outcome))
        except Exception as exc:
            log.exception("grader raised instead of returning Unscored")
            self.session.grade_crashed()
            await self.ui.say(
                f"Scoring failed unexpectedly ({type(exc).__name__}). Your answer is saved; "
                "press Retry to grade it again.",
                [retry_button("grade"), NEW_SESSION],
            )
            return
        if self.session.graded(outcome) == Phase.failed:
            assert isinstance(outcome, Unscored)
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
        self.ui.remember("answer", None)
        records = await self._history(lambda: self.store.list(self.user))
        await show_outcome(self.ui, self.session, outcome, records or [], self.settings.prices)

    async def _save_pending(self) -> None:
        if not self.session.answer_text:
            return
        self.record_id = await self.store.save_pending(
            user=self.user,
            context=self.session.state.context,
            transcript=self.session.state.turns,
            answer=self.session.answer_text,
            engine=self.session.grader.info,
            record_id=self.record_id,
            thread_id=self.thread_id,
            options={"style": self.options.style, "followups": self.options.followups},
        )
        if self.record_id not in self.record_ids:
            self.record_ids.append(self.record_id)
        self.ui.remember("answer", self.session.answer_text)
        self.ui.remember("record_id", self.record_id)

    async def _history(self, work: Callable[[], Awaitable[_T]]) -> _T | None:
        """A history read or write; if the database fails, say so (once per chat), offer the
        answer as a download, and go on (None). Nothing once this chat erased all its data."""
        if not self.saving:
            return None
        try:
            return await work()
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
        await self._engine_footer()
        self._notices = []
        which = "grader" if part == "grader" else "interviewer"
        await self.ui.say(f"Continuing with the offline {which}; everything you wrote is kept.")
        await self._retry({"op": op})

    async def _start_over(self, _payload: Mapping[str, Any]) -> None:
        """Start over with the settings chosen mid-interview; the answer is shown back."""
        if self.pending_options is None:
            return
        if self.phase != Phase.graded and self.session.answer_text:
            self.held.append(self.session.answer_text)
        await self._restart(f"New interview: {self.pending_options.summary()}.")

    async def _keep_answering(self, _payload: Mapping[str, Any]) -> None:
        if self.pending_options is not None:
            await self.ui.say("Carrying on; the new settings apply to your next interview.")

    async def _restart(self, intro: str) -> None:
        if self.pending_options is not None:
            self.options, self.pending_options = self.pending_options, None
        await self.ui.retire(FEEDBACK_NOW)
        self.session = self._new_session()
        self.record_id = None
        await self._engine_footer()
        await self.ui.say(with_held(self, intro))
        await self._opening()

    # ---- actions ------------------------------------------------------------------------------

    async def _feedback_now(self, _payload: Mapping[str, Any]) -> None:
        await self._run(self.session.feedback_now())

    async def _try_again(self, _payload: Mapping[str, Any]) -> None:
        if self.phase not in (Phase.graded, Phase.failed):
            return
        self.session.try_again()
        self.record_id = None
        question = next((t.text for t in self.session.state.turns if t.kind == "question"), "")
        intro = "Let's try that again. Same question:"
        await self.ui.say(
            with_held(self, f"{intro}\n\n{md_escape(question)}" if question else intro)
        )

    async def _new_session_action(self, _payload: Mapping[str, Any]) -> None:
        await self._restart(f"New session: {self.options.summary()}.")

    async def _retry(self, payload: Mapping[str, Any]) -> None:
        """Retry grading after a failure (the only step that waits for the person: a failing
        interviewer is replaced at once)."""
        if payload.get("op") == "grade":
            await self._run(self.session.retry_grade())

"""The cost of a whole session is in its report: interviewer calls plus grader calls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from interview_coach.chains.interviewer import LLMInterviewer
from interview_coach.engine import InterviewState
from interview_coach.models import EngineInfo, InterviewContext
from interview_coach.offline import OfflineGrader
from interview_coach.session import InterviewSession

INFO = EngineInfo(engine="llm", provider="fake", model="fake-chat")


class MeteredChat(BaseChatModel):
    """Streams a fixed reply in two chunks, the last one carrying token usage, as OpenAI does."""

    reply: str = "Thanks for coming in. What are your career aspirations?"

    @property
    def _llm_type(self) -> str:
        return "metered-fake"

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(self.reply))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        half = len(self.reply) // 2
        yield ChatGenerationChunk(message=AIMessageChunk(content=self.reply[:half]))
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content=self.reply[half:],
                usage_metadata={"input_tokens": 120, "output_tokens": 14, "total_tokens": 134},
            )
        )


async def test_interviewer_usage_is_carried_into_the_report() -> None:
    interviewer = LLMInterviewer(MeteredChat(), INFO)
    session = InterviewSession(
        interviewer=interviewer,
        grader=OfflineGrader(),
        state=InterviewState(context=InterviewContext(role="Nurse"), max_followups=1),
        planner=lambda state: "learning_growth",
    )
    opening = "".join([c async for c in session.opening()])
    assert opening == MeteredChat().reply
    session.answer("Thank you for having me. I want to become a confident ward nurse this year.")
    target = session.next_followup_target()
    assert target is not None
    _ = [c async for c in session.followup(target)]
    _ = [c async for c in session.closing()]

    outcome = await session.grade()
    interview_calls = [c for c in outcome.usage.calls if c.purpose.startswith("interview:")]
    assert [c.purpose for c in interview_calls] == [
        "interview:opening",
        "interview:followup",
        "interview:closing",
    ]
    assert outcome.usage.input_tokens == 360
    assert outcome.usage.output_tokens == 42
    assert interviewer.usage.calls == [], "calls move into one report, never counted twice"

    session.try_again()
    session.answer("Thank you. In my first year I want to master the ward's triage routine.")
    second = await session.grade()
    assert second.usage.input_tokens == 0

"""The langchain adapter for OpenAI-wire servers, with one change to how it sends a request.

Imported only when an OpenAI-wire model is built, so the offline engine never loads the SDK.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from langchain_openai import ChatOpenAI

from ..llm_errors import IncompleteReplyError


def _finished(chunk: ChatGenerationChunk) -> bool:
    info = chunk.generation_info or {}
    return bool(info.get("finish_reason") or chunk.message.response_metadata.get("finish_reason"))


class DirectChatOpenAI(ChatOpenAI):
    """ChatOpenAI that sends a ready response format through the plain `create` call, and
    that treats a stream ending without a finish reason as cut off (`IncompleteReplyError`)
    instead of as a whole reply: a dropped connection once made "Welcome... What ar" a question.

    With `response_format` in the payload, langchain-openai calls the SDK's `parse` helper,
    which type-walks the whole request twice (once per streaming variant of the parameters)
    and builds a typed `ParsedChatCompletion`: about 0.6 ms of CPU per call, for a reply that
    `chains.structured` validates with pydantic anyway. A format that is already a dict (a
    ready JSON schema, or JSON mode) goes in `extra_body`, which the SDK merges into the same
    JSON body. A reply cut off at the token limit then arrives as a reply with
    `finish_reason="length"` instead of an exception; `chains.structured` handles both.
    """

    def _get_request_payload(
        self, input_: LanguageModelInput, *, stop: list[str] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        payload: dict[str, Any] = super()._get_request_payload(input_, stop=stop, **kwargs)
        if isinstance(payload.get("response_format"), dict) and "messages" in payload:
            extra = dict(payload.get("extra_body") or {})
            extra["response_format"] = payload.pop("response_format")
            payload["extra_body"] = extra
        return payload

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        finished = False
        for chunk in super()._stream(messages, stop, run_manager, **kwargs):
            finished = finished or _finished(chunk)
            yield chunk
        if not finished:
            raise IncompleteReplyError()

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        finished = False
        async for chunk in super()._astream(messages, stop, run_manager, **kwargs):
            finished = finished or _finished(chunk)
            yield chunk
        if not finished:
            raise IncompleteReplyError()

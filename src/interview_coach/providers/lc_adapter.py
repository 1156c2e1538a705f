"""The only place that reaches into langchain beyond its public API, each use measured or needed.

- `llm_string`: langchain-core's cache key for a chat model and its call parameters, so a
  cached reply is read without a full model call, and an unusable one can be forgotten.
- `chat_step`: the chat-model step of the `llm | parser` sequence `with_structured_output`
  returns, so its reply is parsed once, by us, without langchain's parser chain around it.
- `chat_openai_class`: ChatOpenAI with two changes. A stream that ends without a finish reason
  raises `IncompleteReplyError` instead of passing as a whole reply (a dropped connection once
  made "Welcome... What ar" a question). A ready response format (a dict) is sent in
  `extra_body`, the same JSON body, through the SDK's plain `create` instead of its `parse`
  helper: `parse` re-walks the request and, on a body that is not an OpenAI response (an HTML
  error page from a proxy), fails with an error we can no longer tell from a bug, where `create`
  reports a server error (`tests/faults/test_eval_faults.py`). A reply cut off at the token
  limit then arrives as a reply with `finish_reason="length"`; `chains.structured` handles it.

Versions are bounded in `pyproject.toml`; `tests/test_lc_adapter.py` checks every use against
the installed packages, so an upgrade that changes one fails there first, loudly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import BaseChatModel
from langchain_core.runnables import Runnable, RunnableBinding, RunnableSequence

from ..llm_errors import IncompleteReplyError

if TYPE_CHECKING:
    from langchain_core.outputs import ChatGenerationChunk
    from langchain_openai import ChatOpenAI


def llm_string(model: BaseChatModel, stop: list[str] | None, params: dict[str, Any]) -> str:
    """The `llm_string` langchain-core passes to `BaseCache.lookup/update` for this call."""
    return model._get_llm_string(stop=stop, **params)


def chat_step(structured: Runnable[Any, Any]) -> Runnable[Any, Any] | None:
    """The chat-model step of `llm | parser`, as `with_structured_output` builds it, or None
    for any other shape (then the structured runnable is called as a whole)."""
    if not isinstance(structured, RunnableSequence):
        return None
    first = structured.first
    inner = first.bound if isinstance(first, RunnableBinding) else first
    return first if isinstance(inner, BaseChatModel) else None


def finished(chunk: ChatGenerationChunk) -> bool:
    info = chunk.generation_info or {}
    return bool(info.get("finish_reason") or chunk.message.response_metadata.get("finish_reason"))


def direct_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """Move a ready (dict) response format into `extra_body`, so the plain `create` sends it."""
    if isinstance(payload.get("response_format"), dict) and "messages" in payload:
        extra = dict(payload.get("extra_body") or {})
        extra["response_format"] = payload.pop("response_format")
        payload["extra_body"] = extra
    return payload


@cache
def chat_openai_class() -> type[ChatOpenAI]:
    """Built on first use, so the offline engine never imports the openai SDK."""
    from langchain_openai import ChatOpenAI

    class CutOffAwareChatOpenAI(ChatOpenAI):
        def _get_request_payload(self, input_: Any, *, stop: Any = None, **kw: Any) -> Any:
            return direct_payload(super()._get_request_payload(input_, stop=stop, **kw))

        def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
            done = False
            for chunk in super()._stream(*args, **kwargs):
                done = done or finished(chunk)
                yield chunk
            if not done:
                raise IncompleteReplyError()

        async def _astream(self, *args: Any, **kwargs: Any) -> AsyncIterator[ChatGenerationChunk]:
            done = False
            async for chunk in super()._astream(*args, **kwargs):
                done = done or finished(chunk)
                yield chunk
            if not done:
                raise IncompleteReplyError()

    return CutOffAwareChatOpenAI

"""Structured output with a fallback ladder, for providers that lack a method.

Order: native JSON schema (`json_schema`), then tool calling (`function_calling`), then JSON
mode (`json_mode`), then plain text parsed as JSON. A method is skipped when the adapter cannot
build it or the server rejects it as a bad request; the first method that works is remembered.
"""

from __future__ import annotations

import json
import re
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.runnables import Runnable
from pydantic import BaseModel, ValidationError

from ..llm_errors import translate
from .prompts import json_format_message

METHODS: tuple[str, ...] = ("json_schema", "function_calling", "json_mode", "text")

T = TypeVar("T", bound=BaseModel)

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)


@dataclass
class StructuredResult(Generic[T]):
    raw: BaseMessage | None
    parsed: T | None
    error: str | None
    method: str

    @property
    def raw_text(self) -> str:
        if self.raw is None:
            return ""
        if isinstance(self.raw, AIMessage) and self.raw.tool_calls:
            return json.dumps(self.raw.tool_calls[0].get("args", {}))
        content = self.raw.content
        return content if isinstance(content, str) else json.dumps(content)


def short_error(exc: BaseException | str) -> str:
    """A compact, model-readable description of why the output was not accepted."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:6]:
            where = ".".join(str(p) for p in err["loc"]) or "output"
            parts.append(f"{where}: {err['msg']}")
        return "; ".join(parts)
    cause = getattr(exc, "__cause__", None)
    if isinstance(cause, ValidationError):
        return short_error(cause)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]


def parse_json_text(text: str, schema: type[T]) -> T:
    """Parse a model's text reply as JSON for `schema` (tolerates a code fence or prose around)."""
    cleaned = _FENCE.sub("", text.strip())
    start, end = cleaned.find("{"), cleaned.rfind("}")
    if start < 0 or end <= start:
        raise ValueError("the reply contains no JSON object")
    return schema.model_validate_json(cleaned[start : end + 1])


def strict_response_format(schema: type[BaseModel]) -> dict[str, Any] | type[BaseModel]:
    """The strict JSON-schema response format, computed once.

    Given a pydantic class, the openai SDK rebuilds the strict schema on every request (about
    2 ms); a ready dict is sent as is, and we validate the reply with pydantic ourselves.
    """
    try:
        from openai.lib._pydantic import to_strict_json_schema
    except ImportError:
        return schema
    return {"name": schema.__name__, "schema": to_strict_json_schema(schema), "strict": True}


def cut_off_result(exc: BaseException, method: str) -> StructuredResult[Any] | None:
    """The openai SDK raises when a structured reply stops at the token limit (or a content
    filter); that is an unusable reply, not a provider failure, so it goes to the repair step."""
    if type(exc).__name__ not in {"LengthFinishReasonError", "ContentFilterFinishReasonError"}:
        return None
    completion = getattr(exc, "completion", None)
    usage = getattr(completion, "usage", None)
    text = ""
    with suppress(AttributeError, IndexError):
        text = completion.choices[0].message.content or ""  # type: ignore[union-attr]
    raw = AIMessage(text)
    if usage is not None:
        raw.usage_metadata = {
            "input_tokens": usage.prompt_tokens,
            "output_tokens": usage.completion_tokens,
            "total_tokens": usage.total_tokens,
        }
    reason = (
        "the reply stopped at the token limit before the JSON was complete; keep every "
        "quote and reason short"
        if "Length" in type(exc).__name__
        else "the reply was blocked by a content filter"
    )
    return StructuredResult(raw, None, reason, method)


class StructuredCaller(Generic[T]):
    def __init__(self, chat_model: BaseChatModel, schema: type[T], model_label: str) -> None:
        self._model = chat_model
        self._schema = schema
        self._label = model_label
        self._start = 0
        self._runnables: dict[str, Runnable[Any, Any]] = {}

    @property
    def method(self) -> str:
        """The method in use: the first one that has not failed for lack of support."""
        return METHODS[self._start]

    def _runnable(self, method: str) -> Runnable[Any, Any]:
        if method not in self._runnables:
            schema: Any = self._schema
            if method == "json_schema":
                schema = strict_response_format(self._schema)
            self._runnables[method] = self._model.with_structured_output(
                schema, method=method, include_raw=True
            )
        return self._runnables[method]

    async def ainvoke(self, messages: list[BaseMessage]) -> StructuredResult[T]:
        for index in range(self._start, len(METHODS)):
            method = METHODS[index]
            try:
                result = await self._invoke(method, messages)
            except (NotImplementedError, TypeError, ValueError):
                self._start = index + 1
                continue
            except Exception as exc:
                cut = cut_off_result(exc, method)
                if cut is not None:
                    self._start = index
                    return cut
                error = translate(exc, self._label)
                if error.kind == "bad_request" and method != "text":
                    self._start = index + 1
                    continue
                raise error from exc
            self._start = index
            return result
        raise AssertionError("the 'text' method always answers or raises")

    async def _invoke(self, method: str, messages: list[BaseMessage]) -> StructuredResult[T]:
        if method == "text":
            msgs = [*messages, json_format_message(self._schema.model_json_schema())]
            raw = await self._model.ainvoke(msgs)
            try:
                from_text = parse_json_text(str(raw.content), self._schema)
            except (ValueError, ValidationError) as exc:
                return StructuredResult(raw, None, short_error(exc), method)
            return StructuredResult(raw, from_text, None, method)
        runnable = self._runnable(method)
        if method == "json_mode":
            messages = [*messages, json_format_message(self._schema.model_json_schema())]
        out: dict[str, Any] = await runnable.ainvoke(messages)
        value: Any = out.get("parsed")
        err = out.get("parsing_error")
        parsed: T | None = None
        if isinstance(value, self._schema):
            parsed = value
        elif value is not None:
            try:
                parsed = self._schema.model_validate(value)
            except ValidationError as exc:
                err = exc
        if parsed is None and err is None:
            err = "the reply was empty"
        return StructuredResult(
            out.get("raw"), parsed, short_error(err) if err is not None else None, method
        )

"""Structured output with a fallback ladder, for providers that lack a method.

Order: native JSON schema (`json_schema`), then tool calling (`function_calling`), then JSON
mode (`json_mode`), then plain text parsed as JSON. A method is skipped for good when the adapter
cannot build it or the server answers 400 saying it does not support it; any other failure of a
method only moves that one call on to the next method, so one odd reply never changes the
method (and the cache key) of every later call of a shared grader.

Each method's binding is built once by the adapter's own `with_structured_output` (it knows how
its provider takes a response format or a tool); we then call the bound chat model directly
and parse its reply with pydantic here. langchain's parser chain around it (a runnable map,
an assign step and a fallback, each small step run in a thread pool) cost about 2 ms of CPU per
call and a few thread hops, which is what bounded eval throughput.
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

from ..llm_cache import CachedReplies
from ..llm_errors import translate
from ..providers.lc_adapter import chat_step
from .prompts import json_format_message

METHODS: tuple[str, ...] = ("json_schema", "function_calling", "json_mode", "text")

T = TypeVar("T", bound=BaseModel)

_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.MULTILINE)
_UNSUPPORTED = re.compile(
    r"response_format|json_schema|json_object|\btools\b|tool_choice|not supported"
)

CUT_OFF = (
    "the reply stopped at the token limit before the JSON was complete; keep every "
    "quote and reason short"
)
FILTERED = "the reply was blocked by a content filter"


@dataclass
class StructuredResult(Generic[T]):
    raw: BaseMessage | None
    parsed: T | None
    error: str | None
    method: str
    sent: list[BaseMessage] | None = None
    """The messages this method sent, so that an unusable reply can be dropped from the cache."""

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
    2 ms); a ready dict is sent as is, and we validate the reply with pydantic ourselves. The
    strict schema comes from the SDK's public `pydantic_function_tool`.
    """
    try:
        from openai import pydantic_function_tool
    except ImportError:
        return schema
    strict = pydantic_function_tool(schema)["function"].get("parameters", {})
    return {"name": schema.__name__, "schema": strict, "strict": True}


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
    reason = CUT_OFF if "Length" in type(exc).__name__ else FILTERED
    return StructuredResult(raw, None, reason, method)


def rejects_feature(exc: BaseException) -> bool:
    """True when a 400 says the server lacks a structured-output feature, as opposed to
    rejecting something in this one request."""
    body = getattr(exc, "body", None)
    text = f"{exc} {body if body is not None else ''}".lower()
    return _UNSUPPORTED.search(text) is not None


@dataclass(frozen=True)
class Binding:
    """How one method is called: `model` returns the raw AIMessage (we parse it), or, for an
    adapter whose structured runnable has another shape, `structured` returns langchain's
    `{"raw", "parsed", "parsing_error"}` dict."""

    model: Runnable[Any, Any] | None
    structured: Runnable[Any, Any] | None
    cached: CachedReplies | None
    tool_call: bool = False
    format_hint: bool = False


class StructuredCaller(Generic[T]):
    def __init__(self, chat_model: BaseChatModel, schema: type[T], model_label: str) -> None:
        self._model = chat_model
        self._schema = schema
        self._label = model_label
        self._start = 0
        self._bindings: dict[str, Binding] = {}
        self._format_message: BaseMessage | None = None

    @property
    def method(self) -> str:
        """The method in use: the first one that has not failed for lack of support."""
        return METHODS[self._start]

    def _binding(self, method: str) -> Binding:
        """Built once per method; raises NotImplementedError/TypeError/ValueError when the
        adapter cannot build it."""
        if method in self._bindings:
            return self._bindings[method]
        hint = method in ("json_mode", "text")
        if method == "text":
            binding = Binding(self._model, None, CachedReplies.of(self._model), False, hint)
        else:
            schema: Any = self._schema
            if method == "json_schema":
                schema = strict_response_format(self._schema)
            structured = self._model.with_structured_output(schema, method=method)
            model = chat_step(structured)
            if model is not None:
                cached = CachedReplies.of(model)
                binding = Binding(model, None, cached, method == "function_calling", hint)
            else:
                full = self._model.with_structured_output(schema, method=method, include_raw=True)
                binding = Binding(None, full, None, False, hint)
        self._bindings[method] = binding
        return binding

    def _with_format_hint(self, messages: list[BaseMessage]) -> list[BaseMessage]:
        if self._format_message is None:
            self._format_message = json_format_message(self._schema.model_json_schema())
        return [*messages, self._format_message]

    def _remember(self, index: int) -> None:
        """Skip methods before `index` from now on (never past 'text'; never back up, so a
        call that started before another call's downgrade cannot undo it)."""
        self._start = max(self._start, min(index, len(METHODS) - 1))

    async def ainvoke(self, messages: list[BaseMessage]) -> StructuredResult[T]:
        """Try the methods in order from the remembered one.

        Only a capability error (the adapter cannot build the method, or the server says it
        does not support it) is remembered for later calls; any other failure of a method is
        an error of this call alone, which moves on to the next method for this call only.
        """
        last = len(METHODS) - 1
        for index in range(self._start, len(METHODS)):
            method = METHODS[index]
            try:
                binding = self._binding(method)
            except (NotImplementedError, TypeError, ValueError):
                if index == last:
                    raise
                self._remember(index + 1)
                continue
            try:
                return await self._invoke(binding, method, messages)
            except Exception as exc:
                cut = cut_off_result(exc, method)
                if cut is not None:
                    return cut
                error = translate(exc, self._label)
                if index == last or error.kind == "bad_response":
                    raise error from exc
                if isinstance(exc, (NotImplementedError, TypeError, ValueError)):
                    continue
                if error.kind != "bad_request":
                    raise error from exc
                if rejects_feature(exc):
                    self._remember(index + 1)
        raise AssertionError("the last method returns or raises")

    async def _invoke(
        self, binding: Binding, method: str, messages: list[BaseMessage]
    ) -> StructuredResult[T]:
        if binding.format_hint:
            messages = self._with_format_hint(messages)
        if binding.structured is not None:
            return self._from_structured(await binding.structured.ainvoke(messages), method)
        assert binding.model is not None
        raw = await binding.cached.lookup(messages) if binding.cached is not None else None
        if raw is None:
            raw = await binding.model.ainvoke(messages)
        parsed, error = self._parse(raw, binding.tool_call)
        return StructuredResult(raw, parsed, error, method, messages)

    async def discard(self, result: StructuredResult[T]) -> None:
        """Drop an unusable reply from the response cache, so the next run asks again instead
        of replaying the failure. Only valid replies stay cached."""
        binding = self._bindings.get(result.method)
        if binding is not None and binding.cached is not None and result.sent is not None:
            await binding.cached.forget(result.sent)

    def _parse(self, raw: BaseMessage, tool_call: bool) -> tuple[T | None, str | None]:
        """(parsed, None) or (None, why the reply is unusable)."""
        refusal = raw.additional_kwargs.get("refusal")
        if refusal:
            return None, f"the model refused: {str(refusal)[:200]}"
        try:
            if tool_call and isinstance(raw, AIMessage) and raw.tool_calls:
                return self._schema.model_validate(raw.tool_calls[0]["args"]), None
            if tool_call and isinstance(raw, AIMessage) and raw.invalid_tool_calls:
                return None, "the tool call arguments are not valid JSON"
            text = raw.content if isinstance(raw.content, str) else raw.text
            if not text.strip():
                return None, "the reply was empty"
            return parse_json_text(text, self._schema), None
        except (ValueError, ValidationError) as exc:
            finish = raw.response_metadata.get("finish_reason")
            if finish == "length":
                return None, CUT_OFF
            if finish == "content_filter":
                return None, FILTERED
            return None, short_error(exc)

    def _from_structured(self, out: dict[str, Any], method: str) -> StructuredResult[T]:
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

"""One exception hierarchy for everything that can go wrong talking to a model.

Provider SDKs raise their own exception types; `translate()` maps them (by HTTP status and
error code, so no SDK import is needed) to an `LLMError` whose `user_message` and `hint` can be
shown as they are. The grader turns these into `Unscored(reason_code="provider_error")`; the
interviewer lets them through to the UI edge.
"""

from __future__ import annotations

from typing import Literal

ErrorKind = Literal[
    "missing_key",
    "missing_dependency",
    "missing_model_file",
    "auth",
    "not_found",
    "rate_limit",
    "timeout",
    "context_length",
    "connection",
    "bad_request",
    "server",
    "invalid_output",
    "bad_response",
    "incomplete",
    "unknown",
]

# Failures that the same request cannot fix by being sent again.
UNFIXABLE: frozenset[str] = frozenset({"auth", "not_found", "missing_key", "missing_model_file"})


class LLMError(Exception):
    """A model call failed; `user_message` says what happened and `hint` what to do."""

    def __init__(self, kind: ErrorKind, user_message: str, hint: str = "") -> None:
        super().__init__(user_message)
        self.kind: ErrorKind = kind
        self.user_message = user_message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.user_message} {self.hint}".strip()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kind={self.kind!r}, user_message={self.user_message!r})"


class MissingKeyError(LLMError):
    def __init__(self, provider: str, env_var: str) -> None:
        super().__init__(
            "missing_key",
            f"{env_var} is not set, so the '{provider}' provider cannot be used.",
            f"Set {env_var}=... in your environment or put it in a git-ignored .env file; "
            'or choose the offline engine (model = "offline").',
        )
        self.env_var = env_var
        self.provider = provider


class MissingDependencyError(LLMError):
    def __init__(self, provider: str, extra: str, package: str) -> None:
        super().__init__(
            "missing_dependency",
            f"The '{provider}' provider needs the optional package '{package}', "
            "which is not installed.",
            f"Install it with: pip install 'interview-coach[{extra}]' "
            f"(or .venv/bin/pip install -e '.[{extra}]' in a checkout).",
        )


class ModelFileError(LLMError):
    def __init__(self, path: str) -> None:
        super().__init__(
            "missing_model_file",
            f"The local model file {path!r} does not exist or is not a .gguf file.",
            "Point the model string at a GGUF file you downloaded, e.g. "
            "'local:/models/qwen2.5-1.5b-instruct-q4_k_m.gguf'.",
        )


_STATUS_KIND: dict[int, ErrorKind] = {
    401: "auth",
    403: "auth",
    404: "not_found",
    408: "timeout",
    413: "context_length",
    429: "rate_limit",
}

_MESSAGES: dict[ErrorKind, tuple[str, str]] = {
    "auth": (
        "The provider rejected the API key (authentication failed).",
        "Check that the key is correct, active and belongs to this provider.",
    ),
    "not_found": (
        "The provider does not know the model {model!r} (or the endpoint is wrong).",
        "Check the model name and, for openai-compatible servers, the base_url "
        "(it usually ends in /v1).",
    ),
    "rate_limit": (
        "The provider is rate-limiting requests or the account is out of quota.",
        "Wait a minute and try again, or check your plan and billing.",
    ),
    "timeout": (
        "The model did not answer in time.",
        "Try again; if it keeps happening, raise `timeout` in the model settings.",
    ),
    "context_length": (
        "The conversation is too long for this model's context window.",
        "Shorten the answer or choose a model with a larger context window.",
    ),
    "connection": (
        "Could not connect to the model server.",
        "Check your network, or that the local/compatible server is running at the base_url.",
    ),
    "bad_request": (
        "The provider rejected the request as invalid.",
        "Check the model settings; this model may not support a feature we asked for.",
    ),
    "server": (
        "The provider had an internal error.",
        "Try again in a moment; if it persists, check the provider's status page.",
    ),
    "invalid_output": (
        "The model returned output we could not understand.",
        "Try again, or choose a stronger model.",
    ),
    "bad_response": (
        "The server's reply is not an OpenAI-compatible API response (a web page, or garbage).",
        "Check the base_url: it must point at the API itself (it usually ends in /v1), "
        "not at a website or a proxy's error page.",
    ),
    "incomplete": (
        "The model's reply was cut off before it finished (the stream ended early).",
        "Try again; if it keeps happening, check the server or choose another model.",
    ),
    "unknown": (
        "The model call failed unexpectedly.",
        "Try again; if it persists, switch to the offline engine and report the problem.",
    ),
}


class IncompleteReplyError(LLMError):
    """A streamed reply that ended without a finish reason: a cut connection, not an answer."""

    def __init__(self) -> None:
        message, hint = _MESSAGES["incomplete"]
        super().__init__("incomplete", message, hint)


def error_for(kind: ErrorKind, model: str = "", detail: str = "") -> LLMError:
    message, hint = _MESSAGES.get(kind, _MESSAGES["unknown"])
    message = message.format(model=model or "?")
    if detail:
        message = f"{message} ({detail})"
    return LLMError(kind, message, hint)


def _kind_of(exc: BaseException) -> ErrorKind:
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & {
        "APITimeoutError",
        "TimeoutException",
        "TimeoutError",
        "ReadTimeout",
        "DeadlineError",
    }:
        return "timeout"
    if names & {"APIConnectionError", "ConnectError", "ConnectionRefusedError", "ConnectionError"}:
        return "connection"
    status = getattr(exc, "status_code", None)
    if isinstance(status, int):
        text = str(exc).lower()
        code = str(getattr(exc, "code", "") or "").lower()
        if "context_length" in code or "context_length" in text or "context size" in text:
            return "context_length"
        if (
            "maximum context" in text
            or "too many tokens" in text
            or "exceeds the available" in text
        ):
            return "context_length"
        if status in _STATUS_KIND:
            return _STATUS_KIND[status]
        if status >= 500:
            return "server"
        if status == 400:
            return "bad_request"
    if "JSONDecodeError" in names or "Unexpected response type" in str(exc):
        return "bad_response"
    if names & {"OutputParserException", "ValidationError"}:
        return "invalid_output"
    return "unknown"


def _status_detail(exc: BaseException) -> str:
    status = getattr(exc, "status_code", None)
    return f"HTTP {status}" if isinstance(status, int) else type(exc).__name__


def translate(exc: BaseException, model: str = "") -> LLMError:
    """Map any provider/SDK exception to an LLMError; an LLMError passes through unchanged.

    The SDK's own message is not copied: it can echo request data, and users need the fix,
    not the stack.
    """
    if isinstance(exc, LLMError):
        return exc
    kind = _kind_of(exc)
    return error_for(kind, model=model, detail=_status_detail(exc))

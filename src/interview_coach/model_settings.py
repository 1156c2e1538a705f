"""The settings of one part: which model plays interviewer or grader (and its deadline and
reply cap), which speech-to-text reads spoken answers, and the price table. `config` assembles
them into `Settings`; import them from there."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir
from pydantic import BaseModel, Field, SecretStr, field_validator

APP_NAME = "interview-coach"
ROLE_TEMPERATURE = {"interviewer": 0.7, "grader": 0.0}
# The longest reply a part may write: an interviewer turn, or the grader's rewrite (the grade
# itself is never capped: a cut-off JSON is useless). A small local model once ran 3,701
# tokens (113 s) on one closing line.
ROLE_MAX_TOKENS = {"interviewer": 200, "grader": 400}
# The budget for one whole call (a grade with its repair and rewrite, or one interviewer turn),
# retries and backoff included: a hung remote server fails within a minute, while a local
# model on a CPU gets the time it needs to read a long prompt.
REMOTE_TIMEOUT_S = 60.0
LOCAL_TIMEOUT_S = 300.0


class _ProviderRef(BaseModel):
    """A `provider[:model]` string in `model`, split into its two parts."""

    model: str

    @property
    def provider(self) -> str:
        return self.model.split(":", 1)[0].strip().lower()

    @property
    def model_name(self) -> str:
        return self.model.split(":", 1)[1].strip() if ":" in self.model else ""


class ModelSettings(_ProviderRef):
    """Which model plays a part (interviewer or grader), named by a `provider:model` string."""

    model: str = "offline"
    base_url: str | None = None
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    timeout: float | None = Field(
        None,
        gt=0,
        description="Seconds for one whole call, retries included "
        f"(default {REMOTE_TIMEOUT_S:.0f}; {LOCAL_TIMEOUT_S:.0f} for local: models).",
    )
    max_retries: int = Field(2, ge=0, le=10)
    max_tokens: int | None = Field(
        None,
        ge=16,
        description="Longest reply: an interviewer turn (default 200) or the rewrite (400).",
    )
    api_key: SecretStr | None = None

    @field_validator("model")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("model must be a 'provider:model' string such as 'openai:gpt-4o-mini'")
        return v

    @property
    def budget_s(self) -> float:
        """The deadline of one whole call (see REMOTE_TIMEOUT_S)."""
        if self.timeout is not None:
            return self.timeout
        return LOCAL_TIMEOUT_S if self.provider == "local" else REMOTE_TIMEOUT_S

    def reply_cap(self, role: str) -> int:
        return self.max_tokens or ROLE_MAX_TOKENS[role]


class VoiceSettings(_ProviderRef):
    """Speech-to-text for spoken answers, named like the chat models: `provider[:model]`.

    `local` is Whisper-base from the pinned registry packages (the voice extra); `local:<size>`
    a faster-whisper size name fetched on first use (needs internet); `local:<folder>` a converted
    model folder; `openai[:whisper-1]` the OpenAI API (needs a key); `off` disables voice.
    """

    model: str = "local"
    language: str = Field("en", min_length=2, max_length=8, description="Expected language.")
    read_question: bool = Field(False, description="Read the question aloud in the browser.")
    cache_dir: Path = Field(default_factory=lambda: Path(user_cache_dir(APP_NAME)) / "whisper")
    cpu_threads: int = Field(2, ge=1, le=64)

    @field_validator("model")
    @classmethod
    def _known_provider(cls, v: str) -> str:
        v = v.strip() or "local"
        if v.split(":", 1)[0].strip().lower() not in {"local", "openai", "off"}:
            raise ValueError("voice.model must start with 'local', 'openai' or 'off'")
        return v


class ModelPrice(BaseModel):
    """US dollars per million tokens."""

    input: float = Field(ge=0)
    output: float = Field(ge=0)


def _default_prices() -> dict[str, ModelPrice]:
    return {
        "openai:gpt-4o-mini": ModelPrice(input=0.15, output=0.60),
        "openai:gpt-4o": ModelPrice(input=2.50, output=10.00),
        "openai:gpt-4.1-mini": ModelPrice(input=0.40, output=1.60),
        "openai:gpt-4.1": ModelPrice(input=2.00, output=8.00),
        "anthropic:claude-3-5-haiku-latest": ModelPrice(input=0.80, output=4.00),
    }

"""One settings object, read from (lowest to highest precedence): built-in defaults,
`interview-coach.toml`, a git-ignored `.env`, environment variables, and CLI flags.

Secrets are `SecretStr` read from the provider's usual variables; they print as `**********`
everywhere (repr, `config` output, logs, exceptions).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_cache_dir, user_data_dir
from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

# The part settings live in their own module; these names stay importable from here.
from .model_settings import (
    APP_NAME as APP_NAME,
)
from .model_settings import (
    LOCAL_TIMEOUT_S as LOCAL_TIMEOUT_S,
)
from .model_settings import (
    REMOTE_TIMEOUT_S as REMOTE_TIMEOUT_S,
)
from .model_settings import (
    ROLE_MAX_TOKENS as ROLE_MAX_TOKENS,
)
from .model_settings import (
    ROLE_TEMPERATURE as ROLE_TEMPERATURE,
)
from .model_settings import (
    ModelPrice as ModelPrice,
)
from .model_settings import (
    ModelSettings as ModelSettings,
)
from .model_settings import (
    VoiceSettings as VoiceSettings,
)
from .model_settings import (
    _default_prices,
)

CONFIG_ENV_VAR = "INTERVIEW_COACH_CONFIG"
ENV_FILE_VAR = "INTERVIEW_COACH_ENV_FILE"
DEFAULT_CONFIG_FILE = "interview-coach.toml"

Style = Literal["friendly", "neutral", "tough"]

_config_path: ContextVar[Path | None] = ContextVar("_config_path", default=None)


class ConfigError(ValueError):
    """A configuration problem, worded for the person who has to fix it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="INTERVIEW_COACH_",
        env_nested_delimiter="__",
        extra="forbid",
        validate_default=True,
    )

    interviewer: ModelSettings = Field(
        default_factory=lambda: ModelSettings(temperature=ROLE_TEMPERATURE["interviewer"])
    )
    grader: ModelSettings = Field(
        default_factory=lambda: ModelSettings(temperature=ROLE_TEMPERATURE["grader"])
    )
    voice: VoiceSettings = Field(default_factory=VoiceSettings)
    followups: int = Field(2, ge=0, le=3, description="Follow-up questions after the first answer.")
    style: Style = "friendly"
    seed: int | None = Field(None, description="Fixes the offline interviewer's phrasing.")
    history_db: Path = Field(
        default_factory=lambda: Path(user_data_dir(APP_NAME)) / "history.sqlite3"
    )
    history: bool = Field(
        True, description="Save attempts to history_db; false (--no-history): memory only."
    )
    database_url: SecretStr | None = Field(
        None,
        description="Postgres for a class or a team (postgresql://user:password@host/db); "
        "unset: the SQLite file history_db. A secret: it may hold a password.",
    )
    retention_days: int | None = Field(
        None,
        ge=1,
        description="Delete sessions older than this many days, at start and every 6 hours "
        "while the chat runs; unset: keep.",
    )
    cache_dir: Path = Field(default_factory=lambda: Path(user_cache_dir(APP_NAME)) / "llm")
    prices: dict[str, ModelPrice] = Field(default_factory=_default_prices)
    web_users: SecretStr | None = Field(
        None,
        description="Web chat logins as 'name:password' pairs separated by commas "
        "(INTERVIEW_COACH_WEB_USERS); when set, the chat asks for a password.",
    )

    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("OPENAI_API_KEY", "INTERVIEW_COACH_OPENAI_API_KEY")
    )
    anthropic_api_key: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("ANTHROPIC_API_KEY", "INTERVIEW_COACH_ANTHROPIC_API_KEY"),
    )

    @model_validator(mode="before")
    @classmethod
    def _role_temperatures(cls, data: Any) -> Any:
        """An interviewer talks at 0.7 and a grader grades at 0.0 unless told otherwise, also
        when only some of their options (say the model) come from a file, env or flags."""
        if isinstance(data, dict):
            for role, default in ROLE_TEMPERATURE.items():
                part = data.get(role)
                if isinstance(part, dict) and part.get("temperature") is None:
                    data = {**data, role: {**part, "temperature": default}}
        return data

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (
            init_settings,
            _Env(settings_cls),
            _dotenv_source(settings_cls),
            _toml_source(settings_cls),
        )

    def public_dict(self) -> dict[str, Any]:
        """Settings as plain data with every secret masked, for display and reports."""
        return _mask(self.model_dump(mode="python"))


def _mask(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return "**********" if value.get_secret_value() else ""
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


_SHORTHAND_PARTS = ("grader", "interviewer")


class _Shorthand:
    """`INTERVIEW_COACH_GRADER=openai:gpt-4o-mini` (the spelling people try first) means
    `INTERVIEW_COACH_GRADER__MODEL=...`; a JSON object still works as before."""

    def decode_complex_value(self, field_name: str, field: Any, value: Any) -> Any:
        if field_name in _SHORTHAND_PARTS and isinstance(value, str):
            text = value.strip()
            if text and not text.startswith("{"):
                return {"model": text}
        return super().decode_complex_value(field_name, field, value)  # type: ignore[misc]


class _Env(_Shorthand, EnvSettingsSource):
    def __call__(self) -> dict[str, Any]:
        try:
            return super().__call__()
        except Exception as exc:
            raise ConfigError(
                f"cannot read environment variable {_env_name(exc)}: it is not valid JSON "
                "(a model part also takes the short form provider:model)"
            ) from None


class _DotEnv(_Shorthand, DotEnvSettingsSource):
    def __call__(self) -> dict[str, Any]:
        try:
            return super().__call__()
        except Exception as exc:
            raise ConfigError(
                f"cannot read {_env_name(exc)} in {env_file()}: it is not valid JSON "
                "(a model part also takes the short form provider:model)"
            ) from None


class _Toml(TomlConfigSettingsSource):
    def __init__(self, settings_cls: type[BaseSettings], toml_file: Path) -> None:
        try:
            super().__init__(settings_cls, toml_file=toml_file)
        except Exception as exc:  # a malformed file is read here
            raise ConfigError(f"cannot read {toml_file}: {exc}") from None

    def __call__(self) -> dict[str, Any]:
        try:
            return super().__call__()
        except Exception as exc:
            raise ConfigError(f"cannot read {config_file()}: {exc}") from None


def _env_name(exc: BaseException) -> str:
    """The variable a pydantic-settings error is about ('error parsing value for field "x"')."""
    text = str(exc)
    start = text.find('field "')
    if start < 0:
        return "INTERVIEW_COACH_*"
    field_name = text[start + 7 :].split('"', 1)[0]
    return f"INTERVIEW_COACH_{field_name.upper()}"


def config_file() -> Path:
    explicit = _config_path.get()
    if explicit is not None:
        return explicit
    return Path(os.environ.get(CONFIG_ENV_VAR, DEFAULT_CONFIG_FILE))


def env_file() -> Path:
    return Path(os.environ.get(ENV_FILE_VAR, ".env"))


def _dotenv_source(settings_cls: type[BaseSettings]) -> DotEnvSettingsSource:
    return _DotEnv(settings_cls, env_file=env_file())


def _toml_source(settings_cls: type[BaseSettings]) -> TomlConfigSettingsSource:
    return _Toml(settings_cls, toml_file=config_file())


@contextmanager
def _using(path: Path | None) -> Iterator[None]:
    token = _config_path.set(path)
    try:
        yield
    finally:
        _config_path.reset(token)


def _drop_none(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            value = _drop_none(value)
            if not value:
                continue
        if value is not None:
            out[key] = value
    return out


def load_settings(config_path: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings; `overrides` are CLI flags (None means 'not given').

    Raises ConfigError with a readable message instead of pydantic's ValidationError.
    """
    if config_path is not None and not config_path.is_file():
        raise ConfigError(f"config file not found: {config_path}")
    named = os.environ.get(CONFIG_ENV_VAR)
    if config_path is None and named and not Path(named).is_file():
        raise ConfigError(
            f"config file not found: {named} (from ${CONFIG_ENV_VAR}); fix the path or unset it"
        )
    with _using(config_path):
        try:
            return Settings(**_drop_none(overrides))
        except ConfigError:
            raise
        except ValidationError as exc:
            origin = provenance(config_path, **overrides)
            raise ConfigError(_explain_validation(exc, origin)) from None


def _explain_validation(exc: ValidationError, origin: dict[str, str] | None = None) -> str:
    """Each problem with the setting's dotted name and where its value came from."""
    origin = origin or {}
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "settings"
        source = _describe_source(where, origin)
        parts.append(f"{where}{source}: {err['msg']}")
    return "invalid configuration: " + "; ".join(parts)


def _describe_source(key: str, origin: dict[str, str]) -> str:
    label = origin.get(key)
    if label is None:
        parent = key.rsplit(".", 1)[0]
        label = origin.get(parent) if parent != key else None
    if label is None:
        return ""
    if label == "env":
        return " (from $INTERVIEW_COACH_" + key.upper().replace(".", "__") + ")"
    if label == "cli":
        return " (from the command line)"
    return f" (from {label})"


def flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested settings as dotted keys (`grader.model`); the price table stays one value."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and key != "prices":
            flat.update(flatten(value, name + "."))
        else:
            flat[name] = value
    return flat


def provenance(config_path: Path | None = None, **overrides: Any) -> dict[str, str]:
    """Where each effective value came from: 'cli', 'env', '.env', the TOML file, or 'default'."""
    with _using(config_path):
        cli = InitSettingsSource(Settings, init_kwargs=_drop_none(overrides))
        sources: list[tuple[str, Callable[[], PydanticBaseSettingsSource]]] = [
            ("cli", lambda: cli),
            ("env", lambda: _Env(Settings)),
            (str(env_file()), lambda: _dotenv_source(Settings)),
            (str(config_file()), lambda: _toml_source(Settings)),
        ]
        found: dict[str, str] = {}
        for label, source in sources:
            try:
                values = source()()
            except Exception:
                continue
            for key in flatten(values):
                found.setdefault(_canonical(key), label)
    return found


_ALIASES = {
    "OPENAI_API_KEY": "openai_api_key",
    "INTERVIEW_COACH_OPENAI_API_KEY": "openai_api_key",
    "ANTHROPIC_API_KEY": "anthropic_api_key",
    "INTERVIEW_COACH_ANTHROPIC_API_KEY": "anthropic_api_key",
}


def _canonical(key: str) -> str:
    return _ALIASES.get(key, _ALIASES.get(key.upper(), key))

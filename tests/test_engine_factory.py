"""One factory builds every engine; one provider list; the planner's engine is shown by `config`."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from pydantic import SecretStr

from interview_coach.config import ModelSettings, Settings
from interview_coach.engine_factory import build_engines, build_grader, describe, planner_info
from interview_coach.llm_errors import MissingKeyError
from interview_coach.providers import PROVIDER_NAMES, PROVIDERS, parse_model_string
from test_cli import run

SRC = Path(__file__).resolve().parents[1] / "src" / "interview_coach"
ENGINE_CLASSES = {"OfflineGrader", "OfflineInterviewer", "LLMGrader", "LLMInterviewer"}
ALLOWED = {"engine_factory.py"}


def _constructions(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in ENGINE_CLASSES:
                found.append(f"{path.relative_to(SRC)}:{node.lineno} {name}()")
    return found


def test_only_the_factory_constructs_an_engine() -> None:
    found = [
        hit
        for path in sorted(SRC.rglob("*.py"))
        if path.relative_to(SRC).as_posix() not in ALLOWED
        for hit in _constructions(path)
    ]
    assert found == []
    # The scan itself must see constructions, or the assertion above proves nothing.
    assert any("OfflineGrader()" in h for h in _constructions(SRC / "engine_factory.py"))


def test_providers_sit_below_the_engines() -> None:
    for path in (SRC / "providers").glob("*.py"):
        imports = {
            node.module or ""
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom)
        }
        assert not {m for m in imports if m.split(".")[-1] in {"chains", "offline", "session"}}, (
            path.name
        )


def test_one_provider_list() -> None:
    assert (*PROVIDERS, "offline") == PROVIDER_NAMES
    for name in PROVIDERS:
        assert parse_model_string(f"{name}:some-model").provider == name


def test_a_model_string_is_parsed_once_per_part(monkeypatch: pytest.MonkeyPatch) -> None:
    from interview_coach import engine_factory
    from interview_coach.providers import spec

    calls: list[str] = []
    real = spec.parse_model_string

    def counting(value: str) -> spec.ModelSpec:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(engine_factory, "parse_model_string", counting)
    monkeypatch.setattr("interview_coach.providers.factory.parse_model_string", counting)
    ms = ModelSettings(model="openai:gpt-4o-mini")
    settings = Settings(grader=ms, openai_api_key=SecretStr("sk-test-not-real"))
    grader, _ = build_grader(settings)
    assert grader.info.engine == "llm" and calls == ["openai:gpt-4o-mini"]


def test_strict_raises_where_the_app_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    settings = Settings(grader=ModelSettings(model="openai:gpt-4o-mini"), openai_api_key=None)
    grader, notices = build_grader(settings)
    assert grader.info.engine == "offline" and "OPENAI_API_KEY" in notices[0]
    with pytest.raises(MissingKeyError):
        build_grader(settings, strict=True)


def test_engines_carry_a_planner_that_follows_the_grader_mode() -> None:
    rules = Settings(grader=ModelSettings(model="offline:rules"))
    engines = build_engines(rules)
    assert engines.planner is not None and engines.notices == []
    assert engines.grader.info.model == "rules-v1" == planner_info(rules).model
    assert planner_info(Settings()).model == "semantic-v1"
    ai = Settings(grader=ModelSettings(model="openai:gpt-4o-mini"))
    assert describe(ai)["planner"][0].engine == "offline"
    assert describe(ai)["grader"][0].label == "openai:gpt-4o-mini"


def test_offline_engine_info_is_one_definition() -> None:
    settings = Settings()
    engines = build_engines(settings)
    assert describe(settings)["grader"][0] == engines.grader.info
    assert describe(settings)["interviewer"][0].engine == engines.interviewer.info.engine


def test_config_shows_each_parts_engine_and_the_planner(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["config", "--interviewer", "openai:gpt-4o-mini"], capsys)
    assert code == 0, err
    assert "Engines" in out and "planner" in out and "offline (semantic-v1)" in out
    assert "openai:gpt-4o-mini" in out and "no model call" in out
    code, out, err = run(["config", "--json", "--grader", "offline:rules"], capsys)
    assert code == 0, err
    rows = json.loads(out)
    assert rows["engine.planner"]["value"] == "offline (rules-v1)"
    assert rows["engine.grader"]["value"] == "offline (rules-v1)"
    assert rows["engine.interviewer"]["source"] == "derived"

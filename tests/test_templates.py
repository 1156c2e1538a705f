"""Prompt templates live in files and fail loudly on a missing or unexpected variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coach import resources, templates


@pytest.fixture()
def prompts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "rubric.yaml").write_text("version: x\n", encoding="utf-8")
    (tmp_path / "hello.md").write_text("Hello {name}, welcome to {company}. {{literal}}", "utf-8")
    monkeypatch.setenv(resources.ENV_VAR, str(tmp_path))
    resources.prompts_dir.cache_clear()
    templates._read.cache_clear()
    yield tmp_path
    resources.prompts_dir.cache_clear()
    templates._read.cache_clear()


def test_renders_all_fields(prompts: Path) -> None:
    assert templates.render("hello.md", name="Ana", company="Acme") == (
        "Hello Ana, welcome to Acme. {literal}"
    )


def test_missing_variable_names_template_and_variable(prompts: Path) -> None:
    with pytest.raises(templates.TemplateError, match=r"hello.md.*missing.*company"):
        templates.render("hello.md", name="Ana")


def test_unused_variable_is_an_error(prompts: Path) -> None:
    with pytest.raises(templates.TemplateError, match=r"does not use.*tone"):
        templates.render("hello.md", name="Ana", company="Acme", tone="warm")


def test_missing_template(prompts: Path) -> None:
    with pytest.raises(templates.TemplateError, match="not found"):
        templates.render("nope.md")


def test_every_shipped_markdown_prompt_has_fields_we_know() -> None:
    """Each prompt file parses as a template (no stray single braces)."""
    for path in resources.prompts_dir().glob("*.md"):
        templates.fields_of(path.read_text(encoding="utf-8"))

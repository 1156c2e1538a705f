"""The eval suite format (YAML files validated by pydantic) and its loader.

A suite file holds labelled answers: the context, the answer, optional expected per-criterion
scores and band, and optional assertions on the grader's outcome. `evals/schema.json` is generated
from these models (`python -m interview_coach.evals.schema`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ..models import Band, InterviewContext, UnscoredReason
from ..rubric import CRITERION_IDS
from .thresholds import Thresholds

Split = Literal["dev", "holdout"]
Kind = Literal["strong", "partial", "weak", "mid", "adversarial", "edge", "real"]
Verdict = Literal["good", "bad", "mixed"]
Score = Annotated[int, Field(ge=1, le=5)]

THRESHOLDS_FILE = "thresholds.yaml"
"""Files with this name inside a suite folder hold per-engine thresholds, not cases."""

_CRITERION_KEYS: dict[str, Any] = {"propertyNames": {"enum": list(CRITERION_IDS)}}


def _known_criteria(value: dict[str, int]) -> dict[str, int]:
    unknown = sorted(set(value) - set(CRITERION_IDS))
    if unknown:
        raise ValueError(f"unknown criteria {unknown}; use {list(CRITERION_IDS)}")
    return value


class Expected(BaseModel):
    """The labels: per-criterion scores (all or some) and the band."""

    model_config = ConfigDict(extra="forbid")

    scores: dict[str, Score] = Field(default_factory=dict, json_schema_extra=_CRITERION_KEYS)
    band: Band | None = None

    @field_validator("scores")
    @classmethod
    def _check_scores(cls, value: dict[str, int]) -> dict[str, int]:
        return _known_criteria(value)

    @property
    def complete(self) -> bool:
        return set(self.scores) == set(CRITERION_IDS)


class Assertions(BaseModel):
    """Checks on the grader's outcome; every one that is set must hold for the case to pass."""

    model_config = ConfigDict(extra="forbid")

    overall_min: int | None = Field(None, ge=0, le=100)
    overall_max: int | None = Field(None, ge=0, le=100)
    criterion_min: dict[str, Score] = Field(default_factory=dict, json_schema_extra=_CRITERION_KEYS)
    criterion_max: dict[str, Score] = Field(default_factory=dict, json_schema_extra=_CRITERION_KEYS)
    unscored: bool | None = Field(
        None, description="true: must be unscored; false: must be scored."
    )
    unscored_reason: UnscoredReason | None = None
    flags: list[str] = Field(
        default_factory=list, description="Red-flag ids the report must carry."
    )
    warning: str | None = Field(None, description="A warning code the outcome must carry.")

    @field_validator("criterion_min", "criterion_max")
    @classmethod
    def _check_criteria(cls, value: dict[str, int]) -> dict[str, int]:
        return _known_criteria(value)

    @property
    def expects_unscored(self) -> bool:
        return bool(self.unscored) or self.unscored_reason is not None

    @property
    def count(self) -> int:
        return sum(
            [
                self.overall_min is not None,
                self.overall_max is not None,
                len(self.criterion_min),
                len(self.criterion_max),
                self.unscored is not None,
                self.unscored_reason is not None,
                len(self.flags),
                self.warning is not None,
            ]
        )


class Source(BaseModel):
    """Where a real answer was quoted: the public page, its title, and how the text was kept."""

    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=8, pattern=r"^https?://")
    title: str = Field(min_length=1)
    text: Literal["verbatim", "paraphrased"] = Field(
        description="verbatim: the page's own words; paraphrased: reworded, meaning and flaws kept."
    )
    why: str = Field("", description="The page's own reason for its verdict, in brief.")


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    split: Split
    kind: Kind
    tags: list[str] = Field(default_factory=list)
    context: InterviewContext = Field(default_factory=InterviewContext)
    answer: str
    expected: Expected | None = None
    assertions: Assertions | None = Field(None, alias="assert")
    verdict: Verdict | None = Field(
        None, description="The source page's own verdict on the answer (real-answer suites)."
    )
    source: Source | None = None

    @model_validator(mode="after")
    def _verdict_has_source(self) -> Case:
        if self.verdict is not None and self.source is None:
            raise ValueError("a case with a verdict needs its source (url, title, text)")
        return self

    @property
    def expects_unscored(self) -> bool:
        return self.assertions is not None and self.assertions.expects_unscored


class Suite(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        title="Interview Coach eval suite",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    suite: str = Field(min_length=1, description="Suite name; thresholds are keyed by it.")
    description: str = ""
    thresholds: Thresholds | None = Field(
        None, description="Thresholds for every split of this suite, for any engine."
    )
    cases: list[Case] = Field(min_length=1)


class LoadedSuite(BaseModel):
    path: Path
    suite: Suite


class SuiteError(ValueError):
    """A dataset problem, worded with the file and the case it is in."""


def suite_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML suite files named by `paths` (files, or folders searched recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.suffix in {".yaml", ".yml"} and p.name != THRESHOLDS_FILE and p.is_file()
            )
        elif path.is_file():
            found.append(path)
        else:
            raise SuiteError(f"{path}: no such file or folder")
    if not found:
        raise SuiteError("no suite files (*.yaml) found in " + ", ".join(map(str, paths)))
    return list(dict.fromkeys(found))


def _where(raw: Any, loc: tuple[int | str, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "cases" and isinstance(loc[1], int):
        index = loc[1]
        case_id = None
        if isinstance(raw, dict) and isinstance(raw.get("cases"), list):
            cases = raw["cases"]
            if index < len(cases) and isinstance(cases[index], dict):
                case_id = cases[index].get("id")
        label = f"case {case_id!r}" if case_id else f"case #{index + 1}"
        rest = ".".join(str(p) for p in loc[2:])
        return f"{label}{': ' + rest if rest else ''}"
    return ".".join(str(p) for p in loc) or "suite"


def load_suite(path: Path) -> LoadedSuite:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SuiteError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark is not None else ""
        raise SuiteError(f"{path}: invalid YAML{at}") from None
    if not isinstance(raw, dict):
        raise SuiteError(f"{path}: a suite must be a mapping with 'suite' and 'cases'")
    try:
        suite = Suite.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise SuiteError(f"{path}: {_where(raw, tuple(err['loc']))}: {err['msg']}{more}") from None
    seen: set[str] = set()
    for index, case in enumerate(suite.cases):
        if case.id in seen:
            raise SuiteError(f"{path}: case #{index + 1}: duplicate id {case.id!r}")
        seen.add(case.id)
    return LoadedSuite(path=path, suite=suite)


def load_suites(paths: Iterable[Path]) -> list[LoadedSuite]:
    """Load every suite under `paths`; a case id may appear once per suite name."""
    loaded = [load_suite(p) for p in suite_files(list(paths))]
    owners: dict[tuple[str, str], Path] = {}
    for item in loaded:
        for case in item.suite.cases:
            key = (item.suite.suite, case.id)
            if key in owners:
                raise SuiteError(
                    f"{item.path}: case {case.id!r}: id already used in suite "
                    f"{item.suite.suite!r} by {owners[key]}"
                )
            owners[key] = item.path
    return loaded


def suite_json_schema() -> dict[str, Any]:
    return Suite.model_json_schema(by_alias=True)

"""Pass/fail thresholds on eval metrics, and where they come from.

Thresholds apply to one group of results: one suite name and one split, graded by one engine.
They are merged from, lowest precedence first: the suite file's own `thresholds:` (any engine),
then `thresholds.yaml` entries keyed engine -> suite -> split, where each level may be `"*"` and the
engine is `"*"`, `offline`, `llm` or an exact `provider:model`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from ..models import EngineInfo

Op = Literal["min", "max"]

METRIC_OF: dict[str, tuple[str, Op, str | None]] = {
    "band_accuracy_min": ("band_accuracy", "min", "band_labelled_runs"),
    "exact_min": ("exact", "min", "score_labelled_runs"),
    "within1_min": ("within1", "min", "score_labelled_runs"),
    "qwk_min": ("qwk_mean", "min", "score_labelled_runs"),
    "criterion_mae_max": ("mae", "max", "score_labelled_runs"),
    "overall_mae_max": ("overall_mae", "max", "overall_labelled_runs"),
    "overall_spearman_min": ("overall_spearman", "min", "overall_labelled_runs"),
    "assertion_pass_rate_min": ("assertion_pass_rate", "min", "asserted_runs"),
    "max_unscored_unexpected": ("unscored_unexpected", "max", None),
    "max_unscored_missed": ("unscored_missed", "max", None),
    "stability_sd_max": ("stability_sd", "max", "repeated_cases"),
    "auc_min": ("auc", "min", "verdict_labelled_runs"),
    "auc_gain_min": ("auc_gain", "min", "verdict_labelled_runs"),
    "auc_long_min": ("auc_long", "min", "verdict_labelled_runs"),
}
"""Threshold key -> (metric key, whether the metric must be >= or <=, the count of labelled runs
the metric needs: where a group has no such labels the threshold does not apply to it)."""


class Thresholds(BaseModel):
    """Every key is optional; an unset key is not checked. Rates are fractions in 0-1."""

    model_config = ConfigDict(extra="forbid")

    band_accuracy_min: float | None = Field(None, ge=0, le=1)
    exact_min: float | None = Field(None, ge=0, le=1)
    within1_min: float | None = Field(None, ge=0, le=1)
    qwk_min: float | None = Field(None, ge=-1, le=1, description="Mean QWK over criteria.")
    criterion_mae_max: float | None = Field(None, ge=0, le=4)
    overall_mae_max: float | None = Field(None, ge=0, le=100)
    overall_spearman_min: float | None = Field(None, ge=-1, le=1)
    assertion_pass_rate_min: float | None = Field(None, ge=0, le=1)
    max_unscored_unexpected: int | None = Field(None, ge=0)
    max_unscored_missed: int | None = Field(None, ge=0)
    stability_sd_max: float | None = Field(None, ge=0)
    auc_min: float | None = Field(
        None, ge=0, le=1, description="Good-vs-bad AUC of the overall score (verdict cases)."
    )
    auc_gain_min: float | None = Field(
        None, ge=-1, le=1, description="AUC of the overall score minus AUC of word count."
    )
    auc_long_min: float | None = Field(
        None, ge=0, le=1, description="Good-vs-bad AUC on answers of more than 25 words."
    )

    def merged(self, other: Thresholds | None) -> Thresholds:
        if other is None:
            return self
        return self.model_copy(update=other.model_dump(exclude_none=True))

    def set_items(self) -> dict[str, float]:
        return {k: v for k, v in self.model_dump(exclude_none=True).items()}


ThresholdTable = dict[str, dict[str, dict[str, Thresholds]]]

BUILT_IN = Thresholds(max_unscored_unexpected=0)
"""Holds for every run, with or without a thresholds file: a case that should be scored but
came back unscored (a provider error, unusable model output, or an answer wrongly judged
unscorable) fails the run, so a dead provider can never pass as "all thresholds hold"."""
_TABLE = TypeAdapter(ThresholdTable)


class ThresholdsError(ValueError):
    pass


def load_threshold_table(path: Path) -> ThresholdTable:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ThresholdsError(f"{path}: cannot read thresholds: {exc}") from None
    try:
        return _TABLE.validate_python(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ThresholdsError(f"{path}: {where}: {err['msg']}") from None


def find_threshold_file(start: Path, stop: Path | None = None) -> Path | None:
    """The nearest `thresholds.yaml` in `start`'s folder or its parents, up to `stop` if given."""
    folder = start if start.is_dir() else start.parent
    folder = folder.resolve()
    limit = stop.resolve() if stop else None
    for candidate in (folder, *folder.parents):
        path = candidate / "thresholds.yaml"
        if path.is_file():
            return path
        if limit is not None and candidate == limit:
            break
    return None


def resolve(
    suite_level: Thresholds | None,
    table: ThresholdTable | None,
    engine: EngineInfo,
    suite: str,
    split: str,
) -> Thresholds:
    result = BUILT_IN.merged(suite_level)
    if not table:
        return result
    engine_keys = ["*", engine.engine]
    if engine.engine != "offline":
        engine_keys.append(f"{engine.provider}:{engine.model}")
    for engine_key in engine_keys:
        for suite_key in ("*", suite):
            for split_key in ("*", split):
                entry = table.get(engine_key, {}).get(suite_key, {}).get(split_key)
                result = result.merged(entry)
    return result


@dataclass(frozen=True)
class Check:
    key: str
    metric: str
    limit: float
    value: float | None
    applies: bool = True

    @property
    def op(self) -> Op:
        return METRIC_OF[self.key][1]

    @property
    def passed(self) -> bool:
        if not self.applies:
            return True
        if self.value is None:
            return False
        return self.value >= self.limit if self.op == "min" else self.value <= self.limit

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "metric": self.metric,
            "op": self.op,
            "limit": self.limit,
            "value": self.value,
            "applies": self.applies,
            "passed": self.passed,
        }


def check(thresholds: Thresholds, metrics: dict[str, Any]) -> list[Check]:
    """One Check per set threshold. A threshold whose labels the group lacks does not apply;
    one whose metric could not be measured despite labels (say, all unscored) is missed."""
    checks = []
    for key, limit in thresholds.set_items().items():
        metric, _, needs = METRIC_OF[key]
        value = metrics.get(metric)
        applies = needs is None or bool(metrics.get(needs))
        checks.append(
            Check(key, metric, float(limit), None if value is None else float(value), applies)
        )
    return checks

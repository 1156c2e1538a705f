"""Delivery feedback from word timestamps: length, pace, fillers, long pauses and hedges.

Phrase lists, targets and tips live in `prompts/voice_delivery.yaml`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cache
from typing import Any

import yaml
from pydantic import BaseModel

from ..resources import prompt_path
from .models import DeliveryMetric, DeliveryReport, MetricStatus, Pause, Transcript, Word

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")


class DeliveryRules(BaseModel):
    filler_prompt: str
    fillers: dict[str, list[str]]
    hedges: dict[str, list[str]]
    pause_seconds: float
    targets: dict[str, dict[str, float]]
    labels: dict[str, str]
    tips: dict[str, dict[str, str]]
    language_names: dict[str, str]


@cache
def rules() -> DeliveryRules:
    data: Any = yaml.safe_load(prompt_path("voice_delivery.yaml").read_text(encoding="utf-8"))
    return DeliveryRules.model_validate(data)


def language_name(code: str) -> str:
    return rules().language_names.get(code, code)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("’", "'"))


def _count_phrases(toks: list[str], phrases: list[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for phrase in phrases:
        parts = phrase.split()
        n = len(parts)
        found[phrase] += sum(1 for i in range(len(toks) - n + 1) if toks[i : i + n] == parts)
    return +found


def count_fillers(text: str) -> Counter[str]:
    spec = rules().fillers
    toks = tokens(text)
    found: Counter[str] = Counter(t for t in toks if t in set(spec["words"]))
    found.update(_count_phrases(toks, spec["phrases"]))
    not_after = set(spec["like_not_after"])
    for i, tok in enumerate(toks):
        if tok != "like":
            continue
        before = toks[i - 1] if i else ""
        after = toks[i + 1] if i + 1 < len(toks) else ""
        if before not in not_after and after != "to":
            found["like"] += 1
    return found


def count_hedges(text: str) -> Counter[str]:
    return _count_phrases(tokens(text), rules().hedges["phrases"])


def find_pauses(words: list[Word], threshold: float | None = None) -> list[Pause]:
    limit = rules().pause_seconds if threshold is None else threshold
    return [
        Pause(at_s=round(prev.end, 2), length_s=round(cur.start - prev.end, 2), after=prev.text)
        for prev, cur in itertools.pairwise(words)
        if cur.start - prev.end > limit
    ]


def _status(value: float, target: dict[str, float]) -> MetricStatus:
    if "low" in target and value < target["low"]:
        return "low"
    if "high" in target and value > target["high"]:
        return "high"
    return "ok"


def _target_text(metric_id: str, target: dict[str, float]) -> str:
    unit = {"duration_s": " s", "words_per_minute": " wpm", "fillers_per_minute": "/min"}
    suffix = unit.get(metric_id, "")
    if "low" in target and "high" in target:
        return f"{target['low']:g}-{target['high']:g}{suffix}"
    return f"at most {target['high']:g}{suffix}"


def _metric(metric_id: str, value: float) -> DeliveryMetric:
    r = rules()
    target = r.targets[metric_id]
    status = _status(value, target)
    tips = r.tips[metric_id]
    return DeliveryMetric(
        id=metric_id,  # type: ignore[arg-type]
        label=r.labels[metric_id],
        value=round(value, 1),
        target=_target_text(metric_id, target),
        status=status,
        tip=tips.get(status, tips["ok"]),
    )


def speaking_seconds(words: list[Word], pauses: list[Pause]) -> float:
    """Time spent talking: first word to last word, without the long pauses (reported apart)."""
    if not words:
        return 0.0
    span = words[-1].end - words[0].start
    return max(span - sum(p.length_s for p in pauses), 0.0)


def analyse(transcript: Transcript) -> DeliveryReport:
    """The delivery report: each figure with its target, a status and one tip."""
    words = [w for w in transcript.words if tokens(w.text)]
    pauses = find_pauses(words)
    speaking = speaking_seconds(words, pauses)
    minutes = max(speaking, 1.0) / 60
    n_words = len(tokens(transcript.text))
    fillers = count_fillers(transcript.text)
    hedges = count_hedges(transcript.text)
    metrics = [
        _metric("duration_s", transcript.duration_s),
        _metric("words_per_minute", n_words / minutes),
        _metric("fillers_per_minute", sum(fillers.values()) / minutes),
        _metric("pauses", len(pauses)),
        _metric("hedges", sum(hedges.values())),
    ]
    return DeliveryReport(
        metrics=metrics,
        word_count=n_words,
        speaking_s=round(speaking, 2),
        fillers=dict(fillers),
        hedges=dict(hedges),
        pauses=pauses,
    )


def counts_line(report: DeliveryReport) -> str:
    """Words, speaking time, and which fillers, hedges and pauses were heard, in one line."""
    parts = [f"{report.word_count} words in {report.speaking_s:.0f} s of speaking"]
    for name, found in (("fillers", report.fillers), ("hedges", report.hedges)):
        if found:
            parts.append(f"{name} " + ", ".join(f"{k} ×{v}" for k, v in found.items()))
    if report.pauses:
        parts.append(
            "pauses " + ", ".join(f"{p.length_s:.1f} s at {p.at_s:.0f} s" for p in report.pauses)
        )
    return "; ".join(parts)

"""The offline grader's lexicon (`prompts/offline_lexicon.yaml`), compiled once.

Each cue family becomes one alternation regex, so a sentence is scanned once per family.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..catalogue import flag_text
from ..templates import load_yaml
from .text import Disfluency

LEXICON_FILE = "offline_lexicon.yaml"


def _compile(patterns: list[str]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@dataclass(frozen=True)
class FlagRule:
    id: str
    label: str
    advice: str
    pattern: re.Pattern[str]
    negatable: bool
    caps: dict[str, int]
    params: dict[str, Any]


@dataclass(frozen=True)
class Denials:
    """How a clause denies a red flag (`denials` in the lexicon; read by `denial.py`)."""

    clause_break: re.Pattern[str]
    by_flag: dict[str, re.Pattern[str]]  # flag id -> a clause that denies it
    after: re.Pattern[str]  # a clause that denies the one before it too
    set_aside: dict[str, re.Pattern[str]]  # flag id -> a sentence that sets it aside


def _denials(raw: dict[str, Any]) -> Denials:
    scope = int(raw["scope_words"])
    lead = rf"(?:{raw['negation']}(?:\W+\w+){{0,{scope}}}?|{raw['wide']}.*?)\W+"
    plain = raw.get("plain") or {}
    return Denials(
        clause_break=re.compile(raw["clause_break"], re.IGNORECASE),
        by_flag={
            fid: _compile([lead + f"(?:{words})", *([plain[fid]] if fid in plain else [])])
            for fid, words in raw["words"].items()
        },
        after=re.compile(raw["after"], re.IGNORECASE),
        set_aside={fid: _compile(pats) for fid, pats in raw["set_aside"].items()},
    )


@dataclass(frozen=True)
class Lexicon:
    version: str
    first_person: re.Pattern[str]
    stopwords: frozenset[str]
    company_generic: frozenset[str]
    meta: re.Pattern[str]
    rubric_terms: tuple[re.Pattern[str], ...]
    rubric_terms_min: int
    rubric_list_item_max_words: int
    guide_parrot: re.Pattern[str]
    guide_parrot_max_words: int
    cues: dict[str, re.Pattern[str]]
    flags: dict[str, FlagRule]
    negation: re.Pattern[str]
    negation_window: int
    denials: Denials
    conciseness: dict[str, Any]
    specificity: dict[str, Any]
    disfluency: Disfluency

    def cue(self, name: str) -> re.Pattern[str]:
        return self.cues[name]


def _flag(flag_id: str, raw: dict[str, Any]) -> FlagRule:
    if "label" in raw or "advice" in raw:
        raise ValueError(
            f"flag {flag_id!r}: label and advice belong in prompts/red_flags.yaml, "
            "not in offline_lexicon.yaml"
        )
    known = {"negatable", "patterns", "caps"}
    text = flag_text(flag_id, "offline_lexicon.yaml")
    return FlagRule(
        id=flag_id,
        label=text.label,
        advice=text.advice,
        pattern=_compile(raw.get("patterns") or []),
        negatable=bool(raw.get("negatable", False)),
        caps={k: int(v) for k, v in (raw.get("caps") or {}).items()},
        params={k: v for k, v in raw.items() if k not in known},
    )


@cache
def load_lexicon(name: str = LEXICON_FILE) -> Lexicon:
    data = load_yaml(name)
    return Lexicon(
        version=str(data["version"]),
        first_person=re.compile(data["first_person"], re.IGNORECASE),
        stopwords=frozenset(data["stopwords"]),
        company_generic=frozenset(data["company_generic"]),
        meta=_compile(data["meta"]),
        rubric_terms=tuple(re.compile(p, re.IGNORECASE) for p in data["rubric_terms"]),
        rubric_terms_min=int(data["rubric_terms_min"]),
        rubric_list_item_max_words=int(data["rubric_list_item_max_words"]),
        guide_parrot=_compile(data["guide_parrot"]),
        guide_parrot_max_words=int(data["guide_parrot_max_words"]),
        cues={name: _compile(pats) for name, pats in data["cues"].items()},
        flags={fid: _flag(fid, raw) for fid, raw in data["flags"].items()},
        negation=re.compile(data["negations"], re.IGNORECASE),
        negation_window=int(data["negation_window"]),
        denials=_denials(data["denials"]),
        conciseness=dict(data["conciseness"]),
        specificity=dict(data["specificity"]),
        disfluency=Disfluency(
            remove=_compile(data["disfluency"]["remove"]),
            repeat=re.compile(data["disfluency"]["repeat"], re.IGNORECASE),
        ),
    )

"""Red flags: each flag quotes the sentence that raised it and caps the criteria it hurts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import RedFlag
from .denial import denial
from .leaving import bounded_stay, interim
from .lexicon import FlagRule
from .matching import found_unnegated, negated_at
from .signals import Analysis
from .text import Sentence, stem

_YEARS = re.compile(
    r"\b(?:in|within|by|after|under|inside)\s+(?:the\s+next\s+|about\s+|around\s+|just\s+|only\s+|"
    r"like\s+|maybe\s+)?"
    r"(a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|eighteen|couple of|few|\d+)"
    r"(?:\s*(?:or|to|-)\s*(?:two|three|four|five|six|seven|eight|nine|ten|\d+))?"  # "four or five"
    r"\s+(years?|months?)\b"
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "couple of": 2, "few": 3,
}  # fmt: skip
# Flags found by their patterns alone, in the order they are reported.
CONTENT_RULES = ("money_only", "wants_your_job", "stepping_stone", "school_or_business",
                 "negativity", "arrogance", "no_goals")  # fmt: skip
_LEAVING = frozenset({"stepping_stone", "school_or_business"})
_SOON = re.compile(
    r"\b(?:soon|quickly|fast|right away|straight away|asap|next year|this time next year|"
    r"(?:by )?next (?:christmas|summer|spring|autumn|winter|easter))\b"
)


@dataclass(frozen=True)
class Found:
    rule: FlagRule
    sentence: Sentence
    semantic: bool = False
    soften: int = 0

    def cap(self, criterion_id: str) -> int | None:
        """The most this flag lets a criterion score; a semantic flag read with less than full
        confidence caps one point higher than the same flag found by an exact rule."""
        cap = self.rule.caps.get(criterion_id)
        return None if cap is None else min(5, cap + self.soften)

    def to_model(self) -> RedFlag:
        return RedFlag(
            id=self.rule.id,
            label=self.rule.label,
            evidence=self.sentence.text,
            advice=self.rule.advice,
        )


def _negated(a: Analysis, s: Sentence, start: int) -> bool:
    return negated_at(a.lex.negation, a.lex.negation_window, s.norm, start)


def _pattern_hit(a: Analysis, rule: FlagRule, s: Sentence) -> bool:
    negation = a.lex.negation if rule.negatable else None
    if not found_unnegated(rule.pattern, negation, a.lex.negation_window, s.norm):
        return False
    if not rule.negatable:
        return True
    denied = denial(a.lex.denials, rule.id, s)  # "some see it as a stepping stone, but not me"
    return denied is None or found_unnegated(
        rule.pattern, negation, a.lex.negation_window, denied.rest
    )


def _years(s: Sentence) -> float | None:
    m = _YEARS.search(s.norm)
    if m:
        raw, unit = m.group(1), m.group(2)
        if raw.isdigit():
            n = float(raw)
        elif raw in ("twelve", "eighteen"):
            n = {"twelve": 12.0, "eighteen": 18.0}[raw]
        else:
            n = float(_NUMBER_WORDS.get(raw, 3))
        return n / 12 if unit.startswith("month") else n
    return 0.5 if _SOON.search(s.norm) else None


def _grandiose(a: Analysis, rule: FlagRule, s: Sentence) -> bool:
    if _pattern_hit(a, rule, s):
        return True
    years = _years(s)
    if years is None and re.search(rule.params["age_deadline"], s.norm):
        years = float(rule.params["age_years"])
    if years is None or not a.first_person(s):
        return False
    limits = rule.params["min_years"][a.context.seniority.value]
    for tier, pattern in rule.params["titles"].items():
        m = re.search(pattern, s.norm)
        if m and not _negated(a, s, m.start()) and years < limits[tier]:
            return True
    return False


def _buzzwords(a: Analysis, rule: FlagRule) -> Sentence | None:
    pattern = re.compile(r"\b(?:" + "|".join(rule.params["words"]) + r")\b")
    counts = {s.index: len(pattern.findall(s.norm)) for s in a.clean}
    total = sum(counts.values())
    density = total / max(a.word_count, 1)
    fires = total >= rule.params["min_count"] or (
        total >= 3 and density >= rule.params["min_density"]
    )
    if not fires:
        return None
    worst = max(counts, key=lambda i: counts[i])
    return a.sentences[worst]


def repeated_sentences(a: Analysis) -> list[Sentence]:
    """Sentences whose content mostly repeats an earlier sentence."""
    seen: list[set[str]] = []
    out: list[Sentence] = []
    for s in a.clean:
        content = {stem(w) for w in s.words if len(w) > 3 and w not in a.lex.stopwords}
        if len(content) >= 3 and any(len(content & prev) >= 0.6 * len(content) for prev in seen):
            out.append(s)
        seen.append(content)
    return out


def _rambling(a: Analysis, rule: FlagRule) -> Sentence | None:
    if not a.clean:
        return None
    p = rule.params
    ratio = len(repeated_sentences(a)) / len(a.clean)
    fillers = sum(len(a.lex.cue("filler").findall(s.plain)) for s in a.clean)
    fillers += sum(len(a.lex.cue("hedge").findall(s.plain)) for s in a.clean)
    if (
        a.word_count > p["long_words"]
        or (a.word_count > p["filler_words"] and fillers / a.word_count >= p["filler_density"])
        or (a.word_count > p["repetitive_words"] and ratio >= p["repetition_ratio"])
    ):
        return max(a.clean, key=lambda s: s.word_count)
    return None


def detect_flags(a: Analysis) -> list[Found]:
    found: list[Found] = []
    rules = a.lex.flags
    for fid in CONTENT_RULES:
        rule = rules[fid]
        hit = next((s for s in a.clean if _pattern_hit(a, rule, s)), None)
        if hit:
            found.append(Found(rule, hit))
    have = {f.rule.id for f in found}
    limited = bounded_stay(a) if not have & _LEAVING else None
    if limited:
        fid, s = limited
        found.append(Found(rules[fid], s))
    grand = next((s for s in a.clean if _grandiose(a, rules["grandiose"], s)), None)
    if grand:
        found.append(Found(rules["grandiose"], grand))
    buzz = _buzzwords(a, rules["buzzwords"])
    if buzz:
        found.append(Found(rules["buzzwords"], buzz))
    ramble = _rambling(a, rules["rambling"])
    if ramble:
        found.append(Found(rules["rambling"], ramble))
    if a.clean and a.word_count < rules["one_liner"].params["max_words"]:
        found.append(Found(rules["one_liner"], a.clean[0]))
    if a.meta:
        found.append(Found(rules["injection"], a.meta[0]))
    return found


def hurting_sentences(a: Analysis, found: list[Found]) -> set[int]:
    """Indices of sentences a rewrite should drop: rubric-talk and those behind content flags."""
    drop = {s.index for s in a.meta}
    content_flags = {*CONTENT_RULES, "grandiose"}
    for f in found:
        if f.rule.id in content_flags:
            rule = f.rule
            drop.add(f.sentence.index)
            drop |= {
                s.index
                for s in a.clean
                if (rule.id == "grandiose" and _grandiose(a, rule, s))
                or (rule.id != "grandiose" and _pattern_hit(a, rule, s))
            }
    leaving = [f.sentence.index for f in found if f.rule.id in _LEAVING]
    if leaving:
        drop |= {s.index for s in a.clean if s.index > min(leaving) and interim(a, s)}
    drop |= {s.index for s in repeated_sentences(a)}
    return drop

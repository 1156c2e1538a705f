"""A suggested rewrite built only from the candidate's own sentences, in the guide's order.

Sentences that hurt (red flags, rubric-talk, repeats) are dropped; missing or weak steps get a
clearly marked [placeholder] from `prompts/interviewer_bank.yaml`. Nothing else is written, so
the rewrite cannot invent an employer, a number, a degree or an achievement.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import InterviewContext
from ..templates import load_yaml
from .signals import Analysis
from .text import Sentence

BANK_FILE = "interviewer_bank.yaml"

# Guide order: (section, criterion whose score decides whether a placeholder is needed).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("enthusiasm", "enthusiasm"),
    ("short_term", "short_term_goals"),
    ("long_term", "long_term_vision"),
    ("company", "company_alignment"),
    ("learning", "learning_growth"),
    ("commitment", "commitment"),
)
# Sections printed together as one paragraph.
_PARAGRAPHS: tuple[tuple[str, ...], ...] = (
    ("enthusiasm",),
    ("short_term", "long_term"),
    ("company", "learning"),
    ("commitment",),
)
WEAK_SCORE = 2


@dataclass(frozen=True)
class Rewrite:
    text: str
    placeholders: list[str]


def section_of(a: Analysis, s: Sentence) -> str | None:
    """The guide step a sentence belongs to, or None for background that follows its neighbour."""
    if s in a.opening and (
        a.has("gratitude", s) or a.has("enthusiasm_strong", s) or a.has("enthusiasm_mild", s)
    ):
        return "enthusiasm"
    if s in a.closing and a.has("commitment", s):
        return "commitment"
    if a.has("long_term_time", s) and (
        a.has("long_term_direction", s) or a.has("long_term_generic", s)
    ):
        return "long_term"
    if a.has("short_term_time", s) and (a.has("goal_statement", s) or a.first_person(s)):
        return "short_term"
    if a.has("gratitude", s) or a.has("enthusiasm_strong", s):
        return "enthusiasm"
    if a.has("learning_specific", s) or (a.has("learning", s) and a.first_person(s)):
        return "learning"
    if a.keys.company_in(s) or a.has("company_specific_ref", s) or a.has("company_generic", s):
        return "company"
    if a.has("commitment", s):
        return "commitment"
    if a.has("goal_statement", s):
        return "short_term"
    return None


def placeholder(section: str, context: InterviewContext) -> str:
    bank = load_yaml(BANK_FILE)["rewrite_placeholders"][section]
    if context.company and context.role and "role_company" in bank:
        key = "role_company"
    elif context.company and "company" in bank:
        key = "company"
    elif context.role and "role" in bank:
        key = "role"
    else:
        key = "plain"
    text = str(bank[key]).format(role=context.role, company=context.company)
    return text if text.startswith("[") else f"[{text}]"


def build_rewrite(
    a: Analysis, scores: dict[str, int], drop: set[int], context: InterviewContext
) -> Rewrite:
    grouped: dict[str, list[str]] = {name: [] for name, _ in SECTIONS}
    current = "enthusiasm"
    for s in a.clean:
        section = section_of(a, s)
        current = section or current
        if s.index not in drop:
            grouped[current].append(s.text)
    placeholders: list[str] = []
    for name, criterion in SECTIONS:
        # A move the grader credits gets no placeholder even when its words sit in a sentence
        # filed under another step: asking for it again would contradict the feedback.
        if scores[criterion] <= WEAK_SCORE:
            marker = placeholder(name, context)
            grouped[name].append(marker)
            placeholders.append(marker)
    paragraphs = [" ".join(p for name in para for p in grouped[name]) for para in _PARAGRAPHS]
    return Rewrite("\n\n".join(p for p in paragraphs if p), placeholders)

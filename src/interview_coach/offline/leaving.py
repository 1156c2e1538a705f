"""Plans to leave: study or a business of one's own named as the candidate's plan, and a stay
with an end put on it.

A stay with an end ("I'm not staying here many months", "this is for the summer only", "I'd be
with you until that comes through") is the stepping stone said without its usual words. The
sentence model reads the topic of such sentences (time, a relative's offer, a course) but not
the limit they put on the job, so the limit is read from wording here; the patterns live in the
lexicon (`flags.stepping_stone.bounded_stay`). When study or a business of one's own is named in
the same sentence or next to it, the limit is leaving for that instead (`school_or_business`).
"""

from __future__ import annotations

import re

from .matching import found, negated_at
from .signals import Analysis
from .text import Sentence

# Leaving to study or for a business of one's own names the study or the business ("this school"
# or "your school" is a teacher's workplace).
_STUDY_OR_OWN = re.compile(
    r"\b(?:(?<!this )(?<!your )(?<!the )school(?! (?:that|which|where|like))|"
    r"universit\w*|uni|college|degree|masters?|master's|"
    r"mba|mfa|msc|mres|pgce|phd|doctora\w*|postgrad\w*|"
    r"course|stud(?:y|ying|ies)|retrain\w*|freelance|self-employed|start-?up|"
    r"(?<!\bthe )business(?! (?:side|partners?|end|case|analyst|development|needs|units?))|"
    r"(?<!on )(?:my|our) own|own (?:boss|company|firm|shop|practice)|"
    r"(?:go|going|strike|striking|set|setting) (?:out |up )?on my own|"
    r"(?:buy|open|start|launch|set up|run|take over) (?:a|my|our|the family) (?:[\w-]+ ){0,2}"
    r"(?:shop|studio|salon|caf[eé]|restaurant|practice|firm|agency|truck|van|stall|bakery|garage|"
    r"clinic|gym|brand|label|business))\b"
)

# Study already done is a qualification, not a plan to leave ("I finished my master's last summer").
_DONE = re.compile(
    r"\b(?:finished|completed|did|got|earned|gained|hold|holding|graduated|after|at|during)\b"
    r"(?:\s+(?:a|an|my|the|with|from|in|of|her|his|our))*\s*$"
)

# Someone else's study ("our son starts school in September"): a family member just before it,
# with no "I" or "we" between.
_SOMEONE_ELSES = re.compile(
    r"\b(?:my|our|his|her|their)\s+(?:son|daughter|kids?|children|child|boy|girl|wife|husband|"
    r"partner|brother|sister|mum|mom|dad|mother|father|niece|nephew|grandson|granddaughter)"
    r"(?:'s|’s)?\b(?:(?!\b(?:i|we|me|us)\b)[^.,;]){0,60}$"
)  # "my partner and I are saving to open a café" is the candidate's own plan


def names_study_or_own(a: Analysis, s: Sentence) -> bool:
    """Study or a business of one's own is named as the candidate's plan: not as what the
    candidate will not do ("I decided not to do a PhD straight away"), nor as study already
    done, nor as someone else's ("my daughter's just started secondary school")."""
    return any(
        not negated_at(a.lex.negation, a.lex.negation_window, s.norm, m.start())
        and not _DONE.search(s.norm[: m.start()])
        and not _SOMEONE_ELSES.search(s.norm[: m.start()])
        for m in _STUDY_OR_OWN.finditer(s.norm)
    )


def bounded_stay(a: Analysis) -> tuple[str, Sentence] | None:
    """(flag id, sentence) for the first sentence that puts an end on the candidate's stay:
    `school_or_business` when study or a business of their own is named in it or next to it,
    else `stepping_stone`. A limit that is the job's own (a fixed-term contract, a probation)
    or ends in retirement is not leaving early."""
    params = a.lex.flags["stepping_stone"].params
    limit = re.compile("|".join(f"(?:{p})" for p in params["bounded_stay"]))
    exempt = re.compile(params["bounded_stay_exempt"])
    alongside = re.compile(params["study_alongside"])
    clean = list(a.clean)
    for i, s in enumerate(clean):
        if not found(limit, s.norm) or found(exempt, s.norm):
            continue
        near = clean[max(0, i - 1) : i + 2]
        if any(names_study_or_own(a, t) and not found(alongside, t.norm) for t in near):
            return "school_or_business", s
        return "stepping_stone", s
    return None


def interim(a: Analysis, s: Sentence) -> bool:
    """A promise for the meantime ("till then I'll graft", "whatever time I'm here"): it leans
    on a plan to leave, so a rewrite that drops the plan drops it too."""
    return found(re.compile(a.lex.flags["stepping_stone"].params["interim"]), s.norm)

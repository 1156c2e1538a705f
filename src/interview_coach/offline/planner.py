"""Which gap to probe next: the weakest criterion of the answer so far, by the offline grader."""

from __future__ import annotations

from ..engine import InterviewState
from ..models import GradeReport
from .grader import OfflineGrader

STRONG = 4
NEVER_TARGETED = frozenset({"conciseness"})


def pick_followup_target(state: InterviewState, grader: OfflineGrader) -> str | None:
    """The lowest-scoring criterion not yet probed (ties: higher rubric weight first), or None
    when the follow-ups are used up, the answer is unscorable, or every step is already >= 4."""
    if state.followups_asked >= state.max_followups:
        return None
    report = grader.grade_sync(state.answer, state.context)
    if not isinstance(report, GradeReport):
        return None
    rubric = grader.rubric
    steps = [c.id for c in rubric.criteria if c.kind == "step"]
    if all(report.score_of(cid) >= STRONG for cid in steps):
        return None
    order = {cid: i for i, cid in enumerate(rubric.ids)}
    candidates = [
        c
        for c in report.criteria
        if c.criterion_id not in NEVER_TARGETED and c.criterion_id not in state.targeted
    ]
    if not candidates:
        return None
    best = min(
        candidates,
        key=lambda c: (c.score, -rubric.get(c.criterion_id).weight, order[c.criterion_id]),
    )
    return best.criterion_id

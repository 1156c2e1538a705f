"""The offline engine: a rule-based grader and rewrite, and a deterministic interviewer."""

from .grader import OfflineGrader
from .interviewer import OfflineInterviewer
from .planner import pick_followup_target

__all__ = ["OfflineGrader", "OfflineInterviewer", "pick_followup_target"]

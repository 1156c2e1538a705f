"""LLM chains: the grader (with its rewrite step) and the interviewer."""

from .grader import LLMGrader, output_problem
from .interviewer import LLMInterviewer
from .rewrite import Rewriter
from .schema import CriterionGrade, FlagFinding, GradeOutput
from .structured import METHODS, StructuredCaller

__all__ = [
    "METHODS",
    "CriterionGrade",
    "FlagFinding",
    "GradeOutput",
    "LLMGrader",
    "LLMInterviewer",
    "Rewriter",
    "StructuredCaller",
    "output_problem",
]

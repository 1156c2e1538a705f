"""Builds the interviewer and grader for one chat from the settings, via the provider factory."""

from __future__ import annotations

from ..config import Settings
from .chat_ui import Engines


def build_engines(settings: Settings) -> Engines:
    """LLM engines when a provider is configured, else the offline ones (with a notice)."""
    from ..providers import build_grader, build_interviewer

    grader, grader_notices = build_grader(settings)
    interviewer, interviewer_notices = build_interviewer(settings)
    notices = [str(n) for n in [*grader_notices, *interviewer_notices]]
    return Engines(interviewer=interviewer, grader=grader, notices=notices)

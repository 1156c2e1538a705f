"""The chat settings panel's values (role, company, seniority, style, follow-ups), parsed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..catalogue import STYLES
from ..config import Settings, Style
from ..models import InterviewContext, Seniority
from ..text_safety import md_escape


@dataclass
class ChatOptions:
    """The chat settings panel, parsed."""

    context: InterviewContext = field(default_factory=InterviewContext)
    style: Style = "friendly"
    followups: int = 2

    @classmethod
    def defaults(cls, settings: Settings) -> ChatOptions:
        return cls(style=settings.style, followups=settings.followups)

    def updated(self, values: Mapping[str, Any]) -> ChatOptions:
        """Apply the settings panel's values; anything invalid keeps the previous value."""
        ctx = self.context

        def text(key: str, current: str, limit: int) -> str:
            value = values.get(key, current)
            return str(value if value is not None else "").strip()[:limit]

        seniority = values.get("seniority", ctx.seniority.value)
        try:
            seniority_value = Seniority(seniority)
        except ValueError:
            seniority_value = ctx.seniority
        style = values.get("style", self.style)
        try:
            followups = min(3, max(0, int(values.get("followups", self.followups))))
        except (TypeError, ValueError):
            followups = self.followups
        return ChatOptions(
            context=InterviewContext(
                role=text("role", ctx.role, 120),
                company=text("company", ctx.company, 120),
                company_blurb=text("company_blurb", ctx.company_blurb, 600),
                seniority=seniority_value,
            ),
            style=style if style in STYLES else self.style,
            followups=followups,
        )

    def title(self) -> str:
        """The session's name in the sidebar (plain text: the sidebar shows it as typed)."""
        ctx = self.context
        role = ctx.role or "Career aspirations"
        return f"{role} at {ctx.company}" if ctx.company else role

    def summary(self) -> str:
        ctx = self.context
        where = f"{md_escape(ctx.role_or_default)} at {md_escape(ctx.company_or_default)}"
        plural = "" if self.followups == 1 else "s"
        return (
            f"{where} ({ctx.seniority.value}), {self.style} interviewer, "
            f"up to {self.followups} follow-up{plural}"
        )


def greeting(options: ChatOptions) -> str:
    """Before the first question: what will be practised, and where to change it."""
    return (
        'Welcome! You will practise answering "What are your career aspirations?" as: '
        f"{options.summary()}.\n\nTo set the role, company, seniority or interviewer style, open "
        "the settings (the gear icon by the message box) and confirm them; the interview starts "
        "with your settings. Or press **Start the interview** to go with these."
    )

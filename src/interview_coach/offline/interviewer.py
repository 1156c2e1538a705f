"""The offline interviewer: phrases from `prompts/interviewer_bank.yaml`, picked with a seeded RNG.

Deterministic for a given seed (each message draws from its own `random.Random` keyed by the
seed, the kind of message and the turn number), style-aware, tailored to the role and company
when known, and never repeating a phrasing already used in the session.
"""

from __future__ import annotations

import random
import re
from collections.abc import AsyncIterator
from typing import Any

from ..engine import InterviewState
from ..models import EngineInfo, InterviewContext, Speaker
from ..templates import load_yaml
from .info import RULES

BANK_FILE = "interviewer_bank.yaml"
_CHUNK = re.compile(r"\S+\s*")


def chunks(text: str) -> list[str]:
    """Word-sized chunks that join back to exactly `text`."""
    lead = text[: len(text) - len(text.lstrip())]
    parts = _CHUNK.findall(text)
    if parts and lead:
        parts[0] = lead + parts[0]
    return parts


def _variants(entry: dict[str, list[str]], ctx: InterviewContext) -> list[str]:
    """The variants whose fields are known, most tailored first."""
    keys = []
    if ctx.role and ctx.company:
        keys.append("role_company")
    if ctx.role:
        keys.append("role")
    if ctx.company:
        keys.append("company")
    best = next((k for k in keys if entry.get(k)), "plain")
    return list(entry.get(best, []))


class OfflineInterviewer:
    def __init__(self, seed: int | None = None) -> None:
        self.seed = seed
        self._free = random.Random()

    @property
    def info(self) -> EngineInfo:
        return RULES

    def _rng(self, state: InterviewState, kind: str) -> random.Random:
        seed = self.seed if self.seed is not None else state.seed
        if seed is None:
            return self._free
        return random.Random(f"{seed}|{kind}|{len(state.turns)}")

    @staticmethod
    def _bank() -> dict[str, Any]:
        data: dict[str, Any] = load_yaml(BANK_FILE)
        return data

    @staticmethod
    def _fill(template: str, ctx: InterviewContext) -> str:
        return template.format(role=ctx.role, company=ctx.company)

    def _pick(self, rng: random.Random, options: list[str], state: InterviewState) -> str:
        """A phrasing not yet used in this session, if any is left."""
        used = " ".join(t.text for t in state.turns if t.speaker == Speaker.interviewer)
        filled = [self._fill(o, state.context) for o in options]
        fresh = [o for o in filled if o not in used] or filled
        return rng.choice(fresh)

    def compose_opening(self, state: InterviewState) -> str:
        bank, ctx, rng = self._bank(), state.context, self._rng(state, "opening")
        greeting = self._pick(rng, _variants(bank["greetings"][state.style], ctx), state)
        question = self._pick(rng, _variants(bank["questions"][state.style], ctx), state)
        return f"{greeting} {question}"

    def compose_followup(self, state: InterviewState, target: str) -> str:
        bank, ctx = self._bank(), state.context
        rng = self._rng(state, f"followup:{target}")
        entry = bank["followups"].get(target) or bank["followups"]["specificity"]
        options = list(entry.get("plain", []))
        if ctx.role:
            options += entry.get("role", [])
        if ctx.company:
            options += entry.get("company", [])
        if state.style == "tough":
            options += entry.get("tough", [])
        lead = self._pick(rng, bank["followup_lead_ins"][state.style], state)
        return f"{lead} {self._pick(rng, options, state)}"

    def compose_closing(self, state: InterviewState) -> str:
        bank, ctx = self._bank(), state.context
        entry = bank["closings"][state.style]
        options = entry["company"] if ctx.company else entry["plain"]
        return self._pick(self._rng(state, "closing"), options, state)

    async def _stream(self, text: str) -> AsyncIterator[str]:
        for part in chunks(text):
            yield part

    def opening(self, state: InterviewState) -> AsyncIterator[str]:
        return self._stream(self.compose_opening(state))

    def followup(self, state: InterviewState, target: str) -> AsyncIterator[str]:
        return self._stream(self.compose_followup(state, target))

    def closing(self, state: InterviewState) -> AsyncIterator[str]:
        return self._stream(self.compose_closing(state))

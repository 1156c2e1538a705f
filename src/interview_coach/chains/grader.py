"""The LLM grader chain: validate input, ask for a structured grade, check it, compute the rest.

The model supplies per-criterion evidence, reason and score, strengths, improvements and red
flags. Everything arithmetic (overall, band) comes from the rubric, and every quote is checked
against the answer. It never raises: failures become `Unscored` with a reason and a hint.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from ..llm_errors import LLMError, error_for, translate
from ..models import (
    CriterionScore,
    EngineInfo,
    GradeReport,
    InterviewContext,
    RedFlag,
    ReportWarning,
    Unscored,
    Usage,
)
from ..rubric import Rubric, default_rubric
from ..validation import unscored_if_invalid, word_count
from .evidence import Quotes
from .prompts import grader_messages, grader_system_message, red_flag_bank, repair_message
from .rewrite import Rewriter
from .schema import GradeOutput
from .structured import StructuredCaller, StructuredResult
from .usage import call_usage

MAX_LIST = 3


def output_problem(output: GradeOutput, rubric: Rubric) -> str | None:
    """Why a parsed grade is unusable (each rubric id exactly once, scores 1-5), or None."""
    ids = rubric.ids
    counts: Counter[str] = Counter(c.criterion_id for c in output.criteria)
    missing = [cid for cid in ids if counts[cid] == 0]
    repeated = [cid for cid, n in counts.items() if n > 1]
    unknown = [cid for cid in counts if cid not in ids]
    out_of_range = [c.criterion_id for c in output.criteria if not 1 <= c.score <= 5]
    problems = []
    if missing:
        problems.append("missing criteria: " + ", ".join(missing))
    if repeated:
        problems.append("criteria graded more than once: " + ", ".join(repeated))
    if unknown:
        problems.append("unknown criteria: " + ", ".join(unknown))
    if out_of_range:
        problems.append("scores outside 1-5 for: " + ", ".join(out_of_range))
    if not problems:
        return None
    return f"grade each of the {len(ids)} criteria exactly once; " + "; ".join(problems)


class LLMGrader:
    """Implements `engine.Grader` with any langchain chat model."""

    def __init__(
        self,
        chat_model: BaseChatModel,
        info: EngineInfo,
        *,
        with_rewrite: bool = True,
        rubric: Rubric | None = None,
        budget_s: float | None = None,
        rewrite_max_tokens: int | None = None,
    ) -> None:
        self._info = info
        self._budget_s = budget_s
        self._rubric = rubric or default_rubric()
        self._with_rewrite = with_rewrite
        self._system = grader_system_message(self._rubric)
        self._structured = StructuredCaller(chat_model, GradeOutput, info.model)
        self._rewriter = Rewriter(chat_model, info.model, max_tokens=rewrite_max_tokens)

    @property
    def info(self) -> EngineInfo:
        return self._info

    @property
    def structured_method(self) -> str:
        """The structured-output method in use (see `structured.METHODS`)."""
        return self._structured.method

    async def grade(self, answer: str, context: InterviewContext) -> GradeReport | Unscored:
        invalid = unscored_if_invalid(answer, self.info)
        if invalid is not None:
            return invalid
        usage = Usage()
        loop = asyncio.get_running_loop()
        deadline = None if self._budget_s is None else loop.time() + self._budget_s
        try:
            async with asyncio.timeout_at(deadline):
                outcome = await self._grade(answer, context, usage)
        except Exception as exc:
            error: LLMError = translate(exc, self.info.model)
            if isinstance(exc, TimeoutError) and not isinstance(exc, LLMError):
                error = error_for(
                    "timeout", self.info.model, f"no grade within {self._budget_s:g} s"
                )
            return Unscored(
                reason_code="provider_error",
                reason=error.user_message,
                hint=error.hint,
                error_kind=error.kind,
                engine=self.info,
                usage=usage,
            )
        if isinstance(outcome, GradeReport) and self._with_rewrite:
            await self._add_rewrite(outcome, answer, context, deadline)
        return outcome

    async def _call(
        self, messages: list[BaseMessage], purpose: str, usage: Usage
    ) -> StructuredResult[GradeOutput]:
        start = time.perf_counter()
        result = await self._structured.ainvoke(messages)
        usage.add(call_usage(purpose, self.info.model, result.raw, time.perf_counter() - start))
        return result

    def _check(self, result: StructuredResult[GradeOutput]) -> str | None:
        if result.parsed is None:
            return result.error or "the reply could not be parsed"
        return output_problem(result.parsed, self._rubric)

    async def _grade(
        self, answer: str, context: InterviewContext, usage: Usage
    ) -> GradeReport | Unscored:
        messages = grader_messages(answer, context, self._rubric, self._system)
        result = await self._call(messages, "grade", usage)
        error = self._check(result)
        if error is not None:
            await self._structured.discard(result)
            repair = [*messages, repair_message(error, result.raw_text, self._rubric)]
            result = await self._call(repair, "repair", usage)
            error = self._check(result)
            if error is not None:
                await self._structured.discard(result)
        if error is not None or result.parsed is None:
            return Unscored(
                reason_code="invalid_output",
                reason=f"The model's grade was unusable even after one retry ({error}).",
                hint="Try again, or choose a stronger grader model (or the offline engine).",
                engine=self.info,
                usage=usage,
            )
        return self._report(result.parsed, answer, usage)

    def _report(self, output: GradeOutput, answer: str, usage: Usage) -> GradeReport:
        by_id = {c.criterion_id: c for c in output.criteria}
        quotes = Quotes(answer)
        criteria: list[CriterionScore] = []
        dropped = 0
        for cid in self._rubric.ids:
            grade = by_id[cid]  # type: ignore[index]
            evidence, lost = quotes.keep(grade.evidence)
            dropped += lost
            criteria.append(
                CriterionScore(
                    criterion_id=cid,
                    evidence=evidence,
                    reason=grade.reason.strip(),
                    score=grade.score,
                )
            )
        flags, lost_flags = self._flags(output, quotes)
        dropped += lost_flags
        warnings = []
        if dropped:
            warnings.append(
                ReportWarning(
                    code="evidence_dropped",
                    message=f"{dropped} quote(s) the model gave as evidence are not in your answer "
                    "word for word, so they were left out.",
                )
            )
        overall = self._rubric.overall_of(criteria)
        return GradeReport(
            rubric_version=self._rubric.version,
            criteria=criteria,
            overall=overall,
            band=self._rubric.band(overall),
            strengths=[s.strip() for s in output.strengths if s.strip()][:MAX_LIST],
            improvements=[s.strip() for s in output.improvements if s.strip()][:MAX_LIST],
            flags=flags,
            warnings=warnings,
            engine=self.info,
            usage=usage,
            word_count=word_count(answer),
        )

    def _flags(self, output: GradeOutput, quotes: Quotes) -> tuple[list[RedFlag], int]:
        bank = red_flag_bank()
        flags: dict[str, RedFlag] = {}
        dropped = 0
        for finding in output.red_flags:
            if finding.id in flags or finding.id not in bank:
                continue
            quote = quotes.clean(finding.evidence)
            if finding.evidence.strip() and quote is None:
                dropped += 1
            entry = bank[finding.id]
            flags[finding.id] = RedFlag(
                id=finding.id,
                label=entry["label"],
                evidence=quote or "",
                advice=entry["advice"],
            )
        return list(flags.values()), dropped

    async def _add_rewrite(
        self, report: GradeReport, answer: str, context: InterviewContext, deadline: float | None
    ) -> None:
        """The rewrite gets what is left of the grade's deadline; if it runs out, the score
        stands and only the rewrite is dropped."""
        try:
            async with asyncio.timeout_at(deadline):
                text, warnings = await self._rewriter.rewrite(
                    answer, context, report.improvements, report.usage
                )
        except Exception as exc:
            error = translate(exc, self.info.model)
            if isinstance(exc, TimeoutError) and not isinstance(exc, LLMError):
                error = error_for("timeout", self.info.model)
            report.warnings.append(
                ReportWarning(code="rewrite_failed", message=f"No rewrite: {error.user_message}")
            )
            return
        report.rewrite = text
        report.warnings.extend(warnings)

"""The rewrite chain: the candidate's own answer, reordered and tightened, with no new facts."""

from __future__ import annotations

import time

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage

from ..facts import new_facts
from ..llm_cache import CachedReplies
from ..llm_errors import translate
from ..models import InterviewContext, ReportWarning, Usage
from ..validation import detect_language_problem, is_gibberish, word_count
from .prompts import rewrite_messages, rewrite_retry_message
from .usage import call_usage

MIN_WORDS, MAX_WORDS = 90, 200
"""The target length; outside it the rewrite is kept with a warning."""
KEEP_MIN_WORDS, KEEP_MAX_WORDS = 50, 300
"""Outside these bounds (or not real words) the rewrite is dropped, never shown."""
MAX_CHARS = 20 * KEEP_MAX_WORDS


def _unreadable(text: str) -> str | None:
    """Why a reply is no rewrite at all (empty, huge, not English words), or None. The length
    is checked first, so that a 5 MB reply costs nothing."""
    if not text.strip():
        return "it was empty"
    if len(text) > MAX_CHARS:
        return f"it was far longer than {KEEP_MAX_WORDS} words"
    if is_gibberish(text) or detect_language_problem(text):
        return "it was not readable English"
    return None


def unusable(text: str) -> str | None:
    """Why a rewrite must not be shown (unreadable, or outside 50-300 words), or None."""
    problem = _unreadable(text)
    words = word_count(text) if problem is None else 0
    if problem is None and not KEEP_MIN_WORDS <= words <= KEEP_MAX_WORDS:
        problem = f"it had {words} words, outside {KEEP_MIN_WORDS}-{KEEP_MAX_WORDS}"
    return problem


def _clean(text: str) -> str:
    return text.strip().strip('"“”').strip()


def rewrite_problems(rewrite: str, answer: str, context: InterviewContext) -> tuple[list[str], int]:
    """(facts the rewrite adds, its word count)."""
    return new_facts(rewrite, answer, context.proper_text()), word_count(rewrite)


def _describe(added: list[str], words: int) -> str:
    parts = []
    if added:
        parts.append(
            "it mentions details that are not in the candidate's answer or the job details ("
            + ", ".join(added)
            + "); remove them or use a [placeholder]"
        )
    if not MIN_WORDS <= words <= MAX_WORDS:
        parts.append(f"it has {words} words; it must have between {MIN_WORDS} and {MAX_WORDS}")
    return "; ".join(parts) + "."


class Rewriter:
    def __init__(
        self, chat_model: BaseChatModel, model_label: str, *, max_tokens: int | None = None
    ) -> None:
        self._model = chat_model.bind(max_tokens=max_tokens) if max_tokens else chat_model
        self._cached = CachedReplies.of(self._model)
        self._label = model_label

    async def _call(self, messages: list[BaseMessage], usage: Usage) -> str:
        start = time.perf_counter()
        try:
            reply = await self._model.ainvoke(messages)
        except Exception as exc:
            raise translate(exc, self._label) from exc
        usage.add(call_usage("rewrite", self._label, reply, time.perf_counter() - start))
        return _clean(str(reply.content))

    async def rewrite(
        self, answer: str, context: InterviewContext, improvements: list[str], usage: Usage
    ) -> tuple[str, list[ReportWarning]]:
        """Rewrite once, check it, retry once with the problems; then return it with warnings."""
        messages = rewrite_messages(answer, context, improvements)
        text = await self._call(messages, usage)
        problem = _unreadable(text)
        if problem is None:
            added, words = rewrite_problems(text, answer, context)
            if not added and MIN_WORDS <= words <= MAX_WORDS:
                return text, []
            problems = _describe(added, words)
        else:
            problems = f"your reply was unusable: {problem}."
        if self._cached is not None:
            await self._cached.forget(messages)
        retry = [*messages, AIMessage(text[:MAX_CHARS]), rewrite_retry_message(problems)]
        text = await self._call(retry, usage)
        problem = unusable(text)
        if problem is not None:
            if self._cached is not None:
                await self._cached.forget(retry)
            return "", [
                ReportWarning(
                    code="rewrite_dropped",
                    message=f"No suggested rewrite this time: the model's rewrite was unusable "
                    f"({problem}).",
                )
            ]
        added, words = rewrite_problems(text, answer, context)
        warnings = []
        if added:
            warnings.append(
                ReportWarning(
                    code="rewrite_new_facts",
                    message="The suggested rewrite mentions "
                    + ", ".join(added)
                    + ", which is not in your answer: check it before you use it.",
                )
            )
        if not MIN_WORDS <= words <= MAX_WORDS:
            warnings.append(
                ReportWarning(
                    code="rewrite_length",
                    message=f"The suggested rewrite has {words} words "
                    f"(the target is {MIN_WORDS}-{MAX_WORDS}).",
                )
            )
        return text, warnings

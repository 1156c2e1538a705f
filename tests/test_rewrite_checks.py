"""The rewrite is shown only when it is a rewrite: non-empty, 50-300 words of readable English."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from interview_coach.chains.rewrite import Rewriter, unusable
from interview_coach.models import InterviewContext, Usage

ANSWER = (
    "Thank you for having me. In my first year I want to learn the payments API and take "
    "on-call shifts. Later I would like to lead a small team."
)
READABLE = (
    "Thank you for having me, I am excited about this role. In my first year I want to learn "
    "the payments API inside out and take my share of on-call shifts, so the team can rely on "
    "me. Later I would like to lead a small team and help it grow. I want to keep learning "
    "from the people here, especially about [a skill you want to build], and I am committed "
    "to making the platform better for the people who use it every single day."
)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("Thank you for the opportunity.", "outside 50-300"),
        (" ".join([READABLE] * 5), "outside 50-300"),
        ("x" * 5_000_000, "far longer"),
        (" ".join(["qzxv brrrk xxxtt plmf"] * 20), "not readable English"),
    ],
)
def test_unusable_rewrites_say_why(text: str, why: str) -> None:
    problem = unusable(text)
    assert problem is not None and why in problem


def test_a_readable_rewrite_is_usable() -> None:
    assert unusable(READABLE) is None


@pytest.mark.parametrize("reply", ["", "qzxv brrrk " * 40, "word " * 2_000_000])
async def test_an_unusable_rewrite_twice_is_dropped_with_a_warning(reply: str) -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(reply), AIMessage(reply)]))
    usage = Usage()
    text, warnings = await Rewriter(model, "fake").rewrite(
        ANSWER, InterviewContext(), ["Be specific"], usage
    )
    assert text == ""
    assert [w.code for w in warnings] == ["rewrite_dropped"]
    assert len(usage.calls) == 2


async def test_an_unusable_first_rewrite_is_retried_and_the_good_one_kept() -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(""), AIMessage(READABLE)]))
    text, warnings = await Rewriter(model, "fake").rewrite(
        ANSWER, InterviewContext(), ["Be specific"], Usage()
    )
    assert text == READABLE
    assert "rewrite_dropped" not in [w.code for w in warnings]

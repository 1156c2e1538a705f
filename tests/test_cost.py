from interview_coach.config import ModelPrice
from interview_coach.cost import cost_usd, usage_line
from interview_coach.models import CallUsage, EngineInfo, Usage

LLM = EngineInfo(engine="llm", provider="openai", model="gpt-4o-mini")
OFFLINE = EngineInfo(engine="offline", provider="offline", model="rules-v1")
PRICES = {"openai:gpt-4o-mini": ModelPrice(input=0.15, output=0.60)}


def _usage() -> Usage:
    return Usage(
        calls=[
            CallUsage(purpose="interview:opening", model="m", input_tokens=1000, output_tokens=100),
            CallUsage(purpose="grade", model="m", input_tokens=2000, output_tokens=400),
        ]
    )


def test_cost_uses_the_price_table() -> None:
    assert cost_usd(LLM, _usage(), PRICES["openai:gpt-4o-mini"]) == (
        (3000 * 0.15 + 500 * 0.60) / 1_000_000
    )
    assert cost_usd(LLM, _usage(), None) is None
    assert cost_usd(OFFLINE, _usage(), None) == 0.0


def test_usage_line_for_people() -> None:
    line = usage_line(LLM, _usage(), PRICES)
    assert line is not None
    assert "2 model calls" in line and "3,000 tokens in" in line and "$0.0008" in line
    assert "no price" in (usage_line(LLM, _usage(), {}) or "")
    assert usage_line(OFFLINE, _usage(), PRICES) is None
    assert usage_line(LLM, Usage(), PRICES) is None

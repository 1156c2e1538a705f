"""Cost of model calls from the price table in the settings (US$ per million tokens)."""

from __future__ import annotations

from .config import ModelPrice
from .models import EngineInfo, Usage


def price_for(engine: EngineInfo, prices: dict[str, ModelPrice]) -> ModelPrice | None:
    return prices.get(f"{engine.provider}:{engine.model}")


def cost_usd(engine: EngineInfo, usage: Usage, price: ModelPrice | None) -> float | None:
    """0 for the offline engine, None when the model has no price in the table."""
    if engine.engine == "offline":
        return 0.0
    if price is None:
        return None
    return (usage.input_tokens * price.input + usage.output_tokens * price.output) / 1_000_000


def usage_line(engine: EngineInfo, usage: Usage, prices: dict[str, ModelPrice]) -> str | None:
    """One line for people: calls, tokens, time and estimated cost; None when no model ran."""
    if engine.engine == "offline" or not usage.calls:
        return None
    cost = cost_usd(engine, usage, price_for(engine, prices))
    money = f"about ${cost:.4f}" if cost is not None else "cost unknown (no price in settings)"
    return (
        f"{len(usage.calls)} model calls, {usage.input_tokens:,} tokens in / "
        f"{usage.output_tokens:,} out, {usage.latency_s:.1f} s, {money}"
    )

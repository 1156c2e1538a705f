"""Turn one model call into a CallUsage row (tokens from usage_metadata, wall-clock latency)."""

from __future__ import annotations

from langchain_core.messages import BaseMessage

from ..models import CallUsage


def call_usage(
    purpose: str, model: str, message: BaseMessage | None, latency_s: float
) -> CallUsage:
    meta = getattr(message, "usage_metadata", None) or {}
    return CallUsage(
        purpose=purpose,
        model=model,
        input_tokens=int(meta.get("input_tokens", 0) or 0),
        output_tokens=int(meta.get("output_tokens", 0) or 0),
        latency_s=round(latency_s, 4),
        # langchain-core marks a cache hit by zeroing the cost in the replayed usage.
        cached=meta.get("total_cost", None) == 0,
    )

"""Overhead of our LLM grader over one raw `openai` SDK call, against a loopback stub.

Run: .venv/bin/python benchmarks/llm_overhead.py [--latency 0.05] [--rounds 30]

Both sides send the same request (the grader's own payload, captured by the stub) and get the
same response; the stub adds a fixed latency, so the ratio shows what prompt building,
langchain, parsing and the evidence/rubric checks cost. Target: <= 1.10x. It also prints the
prompt tokens of one grading with the full rubric (target < 2,500).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stub_server import start_stub

from interview_coach.config import ModelSettings, Settings
from interview_coach.engine_factory import build_grader
from interview_coach.models import InterviewContext

ANSWER = (
    "Thank you for the opportunity; I'm genuinely excited about this backend role at Acme. "
    "In the first year I want to become the person the team trusts with the payments API: "
    "learning the codebase, taking on-call shifts, and shipping the reliability work I did "
    "at my last job, where I cut our error rate in half. Longer term, over three to five "
    "years, I'd like to grow into a technical lead who mentors newer engineers and shapes "
    "the architecture. What draws me to Acme is your focus on making payments boringly "
    "reliable for small businesses, which is exactly the problem I enjoy. I'm eager to learn "
    "from your senior engineers, especially about running systems at your scale, and to "
    "keep improving my system design. Above all, I want to contribute meaningfully: to "
    "make the platform more dependable for the customers who rely on it every day, and to "
    "help the team ship with confidence. I see this role as a place to build a long career."
)
CONTEXT = InterviewContext(
    role="Backend engineer",
    company="Acme",
    company_blurb="Acme makes payments reliable for small businesses.",
)


def count_tokens(payload: dict[str, Any]) -> tuple[int, str]:
    """Prompt tokens of a chat request: message texts plus the response schema."""
    texts = [str(m.get("content", "")) for m in payload["messages"]]
    if "response_format" in payload:
        texts.append(json.dumps(payload["response_format"]))
    per_message = 4 * len(payload["messages"])
    for name in ("tiktoken", "bpe_openai"):
        try:
            module = __import__(name)
            enc = module.get_encoding("o200k_base")
            return sum(len(enc.encode(t)) for t in texts) + per_message, f"{name} o200k_base"
        except Exception:
            continue
    return sum(len(t) for t in texts) // 4 + per_message, "approx. 4 chars/token"


async def main(latency: float, rounds: int) -> None:
    base_url, stop = start_stub(latency)
    try:
        ms = ModelSettings(model="openai-compatible:stub", base_url=base_url, max_retries=0)
        grader, _ = build_grader(Settings(grader=ms), strict=True, with_rewrite=False)
        import openai

        client = openai.AsyncOpenAI(base_url=base_url, api_key="stub", max_retries=0)
        report = await grader.grade(ANSWER, CONTEXT)
        assert report.status == "scored", report
        payload: dict[str, Any] = stop.requests[-1]
        kwargs = {k: v for k, v in payload.items() if k != "stream"}
        await client.chat.completions.create(**kwargs)

        ours: list[float] = []
        raw: list[float] = []
        for _ in range(rounds):
            t = time.perf_counter()
            await grader.grade(ANSWER, CONTEXT)
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            await client.chat.completions.create(**kwargs)
            raw.append(time.perf_counter() - t)
        tokens, how = count_tokens(payload)
    finally:
        stop()

    ours_ms, raw_ms = statistics.median(ours) * 1000, statistics.median(raw) * 1000
    ratio = ours_ms / raw_ms
    print(
        f"stub latency {latency * 1000:.0f} ms, {rounds} rounds, {len(ANSWER.split())}-word answer"
    )
    print(f"raw openai SDK call  median {raw_ms:7.1f} ms")
    print(f"LLMGrader.grade      median {ours_ms:7.1f} ms (with_rewrite=False, one model call)")
    print(
        f"overhead ratio       {ratio:.3f}x   (target <= 1.10x) {'OK' if ratio <= 1.10 else 'OVER'}"
    )
    print(
        f"prompt tokens/grading {tokens} ({how}; messages + JSON schema)  "
        f"(target < 2,500) {'OK' if tokens < 2500 else 'OVER'}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="stub latency in seconds")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(main(args.latency, args.rounds))

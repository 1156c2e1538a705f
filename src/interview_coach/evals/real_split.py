"""The dev/holdout split of real-answer suites: seeded, stratified by verdict, whole pages only.

A page that quotes several answers goes wholly into one split, so a grader tuned on dev never
sees the holdout's wording through a sibling answer. Pages are stratified by their majority
verdict; within each stratum they are shuffled with a seeded generator and taken into holdout
until the stratum's holdout share is reached. Pages with a case tagged `PINNED_TAG` (answers
quoted in the issue tracker, which graders are tested on directly) always stay in dev.

Cases added later carry a `batch-N` tag and are split within their own batch by the same rule,
so adding answers never moves an existing page from one split to the other.

`python -m interview_coach.evals.real_split evals/real` checks that the files follow the rule.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from .suite import Case, Split, SuiteError, load_suites

SEED = 9
HOLDOUT_SHARE = 0.4
PINNED_TAG = "in-issue"
FIRST_BATCH = "batch-1"
_VERDICT_ORDER = ("good", "bad", "mixed")


def page_verdict(cases: Sequence[Case]) -> str:
    """The page's stratum: its most common verdict, ties broken good > bad > mixed."""
    counts: Counter[str] = Counter(c.verdict for c in cases if c.verdict is not None)
    if not counts:
        return "none"
    return max(_VERDICT_ORDER, key=lambda v: (counts[v], -_VERDICT_ORDER.index(v)))


def batch_of(case: Case) -> str:
    """The case's `batch-N` tag; untagged cases belong to the first batch."""
    return next((t for t in case.tags if t.startswith("batch-")), FIRST_BATCH)


def assign_splits(
    cases: Sequence[Case], seed: int = SEED, holdout_share: float = HOLDOUT_SHARE
) -> dict[str, Split]:
    """Map each source URL to "dev" or "holdout" by the rule in the module docstring."""
    if not 0 <= holdout_share <= 1:
        raise ValueError("holdout_share must be in 0..1")
    pages: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        if case.source is None:
            raise ValueError(f"case {case.id!r} has no source")
        pages[case.source.url].append(case)
    strata: dict[tuple[str, str], list[str]] = defaultdict(list)
    for url, members in pages.items():
        batches = {batch_of(c) for c in members}
        if len(batches) > 1:
            raise ValueError(f"page {url} has cases in several batches: {sorted(batches)}")
        strata[(batches.pop(), page_verdict(members))].append(url)
    result: dict[str, Split] = dict.fromkeys(pages, "dev")
    for (batch, verdict), urls in sorted(strata.items()):
        total = sum(len(pages[u]) for u in urls)
        target = round(total * holdout_share)
        movable = sorted(u for u in urls if not any(PINNED_TAG in c.tags for c in pages[u]))
        key = f"{seed}:{verdict}" if batch == FIRST_BATCH else f"{seed}:{batch}:{verdict}"
        random.Random(key).shuffle(movable)
        taken = 0
        for url in movable:
            size = len(pages[url])
            if taken + size - target <= size / 2 and taken < target:
                result[url] = "holdout"
                taken += size
    return result


def mismatches(cases: Sequence[Case], seed: int = SEED) -> list[str]:
    """Cases whose `split` differs from the rule's assignment for their page."""
    wanted = assign_splits(cases, seed)
    return [
        f"{c.id}: split {c.split}, the rule says {wanted[c.source.url]}"
        for c in cases
        if c.source is not None and c.split != wanted[c.source.url]
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("folder", type=Path, help="a folder with the dev and holdout files")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    try:
        cases = [c for s in load_suites([args.folder]) for c in s.suite.cases]
    except SuiteError as exc:
        print(exc, file=sys.stderr)
        return 2
    wrong = mismatches(cases, args.seed)
    for line in wrong:
        print(line)
    counts = Counter((c.split, c.verdict) for c in cases)
    print(", ".join(f"{split}/{verdict}: {n}" for (split, verdict), n in sorted(counts.items())))
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())

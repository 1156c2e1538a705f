"""Red-flag recall and false flags on dev files: what the eval's assertions say, per flag.

Recall counts each asserted content flag (any flag but length, format and injection) that the
report carries; "good flagged" counts good answers (expected band strong, page verdict good,
or tagged good_answer) that carry any content flag; "wrong second flags" counts content flags
on a flagged answer that its assertion does not name (an answer about leaving also read as
wanting your job). Dev only: it refuses holdout files, which are never read to tune, and the
kept-back paraphrase sets (`paraphrase_gap.KEPT_BACK`), which are measured as a whole only.

    python scripts/flag_check.py                       # every dev file, misses and false flags
    python scripts/flag_check.py evals/dev/flags-paraphrase.yaml --rules
    python scripts/flag_check.py --without-dev-exemplars   # bank refitted without `# dev:` lines
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from paraphrase_gap import DEV, KEPT_BACK, SETS
from unseen_wording import classifier_without

from interview_coach.evals.suite import load_suites
from interview_coach.models import GradeReport
from interview_coach.offline.grader import OfflineGrader
from interview_coach.offline.semantic import SemanticReader

ROOT = Path(__file__).resolve().parents[1]
KEPT = {p for name in KEPT_BACK for p in DEV.glob(SETS[name][0])}
"""The kept-back paraphrase sets: measured with `paraphrase_gap.py`, never listed case by case."""
DEFAULT = [
    *sorted(p for p in DEV.glob("*.yaml") if p not in KEPT),
    ROOT / "evals" / "real" / "dev.yaml",
]
NOT_CONTENT = {"rambling", "one_liner", "injection", "buzzwords"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--rules", action="store_true", help="the rules-only engine")
    ap.add_argument(
        "--without-dev-exemplars",
        action="store_true",
        help="refit the classifier without the `# dev:` exemplars (written after a dev miss)",
    )
    ap.add_argument("--quiet", action="store_true", help="totals only")
    args = ap.parse_args()
    if any("holdout" in str(f) for f in args.files):
        raise SystemExit("holdout files are for measuring with the eval CLI only")
    if KEPT & {f.resolve() for f in args.files}:
        raise SystemExit("kept-back paraphrase sets are measured with paraphrase_gap.py only")
    reader = None
    if args.without_dev_exemplars:
        clf, dropped = classifier_without(None)
        print(f"classifier refitted without {dropped} `# dev:` exemplars")
        reader = SemanticReader(clf=clf)
    grader = OfflineGrader(semantic=not args.rules, reader=reader)
    hit: Counter[str] = Counter()
    want: Counter[str] = Counter()
    second: Counter[str] = Counter()
    flagged, good = 0, 0
    for loaded in load_suites(args.files):
        for case in loaded.suite.cases:
            if case.split != "dev":
                continue
            report = grader.grade_sync(case.answer, case.context)
            got = {f.id for f in report.flags} if isinstance(report, GradeReport) else set()
            asserted = set(case.assertions.flags if case.assertions else []) - NOT_CONTENT
            for fid in asserted:
                want[fid] += 1
                hit[fid] += fid in got
                if fid not in got and not args.quiet:
                    print(f"MISS  {case.id}: want {fid}, got {sorted(got)}")
            if asserted:
                for fid in sorted(got - asserted - NOT_CONTENT):
                    second[fid] += 1
                    if not args.quiet:
                        print(f"EXTRA {case.id}: want {sorted(asserted)}, also {fid}")
            is_good = (
                (case.expected and case.expected.band == "strong")
                or case.verdict == "good"
                or "good_answer" in case.tags
            )
            if is_good:
                good += 1
                extra = got - NOT_CONTENT
                if extra:
                    flagged += 1
                    if not args.quiet:
                        print(f"FALSE {case.id}: {sorted(extra)}")
    n_hit, n_want = sum(hit.values()), sum(want.values())
    per = ", ".join(f"{k} {hit[k]}/{want[k]}" for k in sorted(want))
    print(f"recall {n_hit}/{n_want} = {n_hit / max(n_want, 1):.2f} ({per})")
    print(f"good flagged {flagged}/{good} = {flagged / max(good, 1):.2f}")
    extras = ", ".join(f"{k} {v}" for k, v in sorted(second.items()))
    print(f"wrong second flags on flagged answers {sum(second.values())} ({extras or 'none'})")


if __name__ == "__main__":
    main()

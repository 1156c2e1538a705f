"""Clauses that deny a red flag, so a sentence is not flagged for what it rules out.

The sentence model reads a sentence's topic, not its polarity: "I have no complaints about my
last manager" and "I can't stand my last manager" land equally close to negativity, and "I don't
want your job" close to wanting it. Negation is read here from wording instead (the patterns
are `denials` in `prompts/offline_lexicon.yaml`): a clause whose negation falls on the flag's
own words denies it. The rest of the sentence is then read again by the model, and the flag
stands only if that rest still carries it ("I'm not bitter, but the last firm was a shambles").
"""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Denials
from .text import Sentence


@dataclass(frozen=True)
class Denial:
    clauses: tuple[str, ...]  # the clauses that deny the flag
    rest: str  # the sentence without them, to be read again


def sets_aside(d: Denials, flag_id: str, s: Sentence) -> bool:
    """The sentence names the flag's subject only to set it aside ("but it is not the
    reason")."""
    pattern = d.set_aside.get(flag_id)
    return bool(pattern and pattern.search(s.norm))


def denial(d: Denials, flag_id: str, s: Sentence) -> Denial | None:
    """The clauses of `s` that deny `flag_id`, and what is left; None when none does."""
    pattern = d.by_flag.get(flag_id)
    parts = [p.strip() for p in d.clause_break.split(s.norm) if p and p.strip()]
    denied = {
        i
        for i, p in enumerate(parts)
        if (pattern is not None and pattern.search(p)) or d.after.search(p)
    }
    # a clause that rules out what came before rules out the whole sentence before it
    denied |= {j for i in denied if d.after.search(parts[i]) for j in range(i)}
    if not denied:
        return None
    return Denial(
        tuple(parts[i] for i in sorted(denied)),
        " ".join(p for i, p in enumerate(parts) if i not in denied),
    )

"""What the simulated people of `chat_load.py` answer: four shapes of a so-so answer, worded
differently by each person."""

from __future__ import annotations

import random

ANSWERS = (  # the shapes' plain wording (the protocol test's fixed interview)
    "I just want a stable job and to learn some things.",
    "Maybe I would like to get better at my work.",
    "I think I would stay a few years if it goes well.",
    "I am not sure yet, I will see.",
)
MAX_TURNS = len(ANSWERS)
SHAPES = (  # each with the range its number {n} comes from
    ("I just want a stable job in {field} at the {place} site and to learn {skill} in my first {n} "
     "weeks.", 2, 12),
    ("Maybe I would like to get better at {skill} and {other} in {place} over the next {n} months.",
     3, 18),
    ("I think I would stay {n} years in {place} if the {thing} goes well and I can grow into "
     "{role}.", 2, 6),
    ("I am not sure yet, I will see how the {thing} at the {place} office works out after {n} "
     "months.", 2, 24),
)  # fmt: skip
FILLS = {
    "field": (
        "logistics",
        "retail",
        "nursing",
        "accounting",
        "marketing",
        "software",
        "sales",
        "teaching",
        "hospitality",
        "banking",
        "insurance",
        "design",
        "research",
        "HR",
    ),
    "skill": (
        "SQL",
        "Excel",
        "scheduling",
        "customer calls",
        "budgeting",
        "Python",
        "writing",
        "negotiation",
        "reporting",
        "forecasting",
        "testing",
        "presenting",
        "coaching",
    ),
    "other": (
        "time management",
        "public speaking",
        "project planning",
        "data cleaning",
        "team work",
        "documentation",
        "people management",
        "product knowledge",
    ),
    "thing": ("team", "job", "project", "training", "role", "first year", "probation"),
    "place": (
        "Leeds",
        "Bristol",
        "Cardiff",
        "Glasgow",
        "Belfast",
        "Norwich",
        "Exeter",
        "Hull",
        "York",
        "Derby",
        "Leicester",
        "Coventry",
        "Swansea",
        "Dundee",
        "Aberdeen",
        "Inverness",
        "Bath",
        "Oxford",
        "Cambridge",
        "Reading",
        "Slough",
        "Luton",
        "Ipswich",
        "Lincoln",
        "Preston",
        "Bolton",
        "Wigan",
        "Stockport",
        "Salford",
        "Sunderland",
        "Durham",
        "Carlisle",
        "Kendal",
        "Chester",
        "Crewe",
        "Shrewsbury",
        "Hereford",
        "Worcester",
        "Gloucester",
        "Swindon",
    ),
    "role": (
        "a senior role",
        "team lead",
        "a specialist",
        "an analyst",
        "a mentor",
        "a supervisor",
        "a project owner",
    ),
}


def answers(rng: random.Random) -> tuple[str, ...]:
    """One person's answers: the shapes of `ANSWERS`, filled differently for each person, as
    real people word things differently. The grader caches what it has read, so answers that
    repeat across people make its reading cheaper, and more so on one instance (one cache sees
    every person) than on two. With these fills, 0-3 in 100 sentences of a burst were read before
    over six bursts of 50 people, on one instance or two; with the earlier, fewer fills, 8 in
    100 in the first burst and 42 in the fourth on one instance (28 on each of two)."""
    return tuple(
        shape.format(n=rng.randint(low, high), **{k: rng.choice(v) for k, v in FILLS.items()})
        for shape, low, high in SHAPES
    )

"""The catalogue: criterion ids and names, interviewer styles and seniorities, read from `prompts/`.

Every other list of these (the `CriterionId` and `Style` Literals, the `Seniority` enum, the
offline scorers, the chat's choices) derives from here or is tied to it by a test.
"""

from __future__ import annotations

from functools import cache

from .templates import load_yaml


@cache
def criterion_ids() -> tuple[str, ...]:
    """Criterion ids in rubric order (`prompts/rubric.yaml` is their only source)."""
    return tuple(str(c["id"]) for c in load_yaml("rubric.yaml")["criteria"])


@cache
def criterion_names() -> dict[str, str]:
    return {str(c["id"]): str(c["name"]) for c in load_yaml("rubric.yaml")["criteria"]}


@cache
def styles() -> tuple[str, ...]:
    """Interviewer styles, from `prompts/interviewer_styles.yaml` (it says how each sounds)."""
    return tuple(load_yaml("interviewer_styles.yaml"))


@cache
def seniorities() -> tuple[str, ...]:
    """Seniority levels, lowest first, from `prompts/seniorities.yaml`."""
    return tuple(load_yaml("seniorities.yaml"))


CRITERION_IDS: tuple[str, ...] = criterion_ids()
STYLES: tuple[str, ...] = styles()
SENIORITIES: tuple[str, ...] = seniorities()

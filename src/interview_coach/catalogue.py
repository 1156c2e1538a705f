"""The catalogue: criteria, red flags, interviewer styles and seniorities, read from `prompts/`.

Every other list of these (the `CriterionId` and `Style` Literals, the `Seniority` enum, the
offline scorers, the chat's choices) derives from here or is tied to it by a test.
"""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class FlagText:
    """What the candidate reads for a red flag, whichever engine found it."""

    label: str
    advice: str


@cache
def red_flags() -> dict[str, FlagText]:
    """Red flag id -> its one label and advice, from `prompts/red_flags.yaml`."""
    data = load_yaml("red_flags.yaml")
    return {str(fid): FlagText(str(e["label"]), str(e["advice"])) for fid, e in data.items()}


def flag_text(flag_id: str, source: str) -> FlagText:
    """The wording for a flag an engine file (`source`) defines; a flag missing from the
    catalogue is a configuration error, named with the file to fix."""
    try:
        return red_flags()[flag_id]
    except KeyError:
        raise ValueError(
            f"red flag {flag_id!r} in {source} has no label/advice in prompts/red_flags.yaml"
        ) from None


CRITERION_IDS: tuple[str, ...] = criterion_ids()
STYLES: tuple[str, ...] = styles()
SENIORITIES: tuple[str, ...] = seniorities()

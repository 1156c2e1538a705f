"""Text primitives shared by every layer: quote/dash straightening, words, capitalised words
(names), numbers and number words. One regex per idea, so validation, the offline reader, the
fact guard and the evidence check agree on what a word or a number is."""

from __future__ import annotations

import re

# Curly quotes and typographic dashes to their ASCII forms, one character for one character (the
# evidence check maps offsets back through it).
QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"}
)
# A word in any Latin or Cyrillic script, with one apostrophe part ("I'm", "company’s").
WORD = re.compile(r"[A-Za-z\u00C0-\u024F\u0400-\u04FF]+(?:['’][A-Za-z]+)?")
# A word of normalised text (lower case, straight quotes): letters and digits.
PLAIN_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# A capitalised word not glued to a previous word: a candidate name inside a sentence.
CAPITALISED = re.compile(r"(?<![\w'’-])[A-Z][A-Za-z0-9&'’-]*[A-Za-z0-9]")
# A name-like token for the fact guard: also single capitals ("A") and dotted forms ("U.S").
NAME_TOKEN = re.compile(r"\b[A-Z][A-Za-z0-9&'’.-]*[A-Za-z0-9]|\b[A-Z]\b")
# A number as written: digits with separators, optionally a percentage.
NUMBER = re.compile(r"\b\d+(?:[.,]\d+)*%?")
NUMBER_WORDS: frozenset[str] = frozenset(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
    "hundred thousand million billion first second third".split()
)

# Common words that are capitalised without being names (pronouns, openers, sentence adverbs,
# days, months, languages): neither a fact a rewrite could invent nor a concrete detail.
NOT_NAMES: frozenset[str] = frozenset(
    """i i'm i'd i've i'll im my me we our you your in on at for with as and but so thank thanks
    over within longer long short right first second finally ultimately eventually today now here
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december english ai""".split()
)


def straighten(text: str) -> str:
    """Curly quotes and dashes made ASCII; same length as `text`."""
    return text.translate(QUOTES)


def normalise(text: str) -> str:
    """For matching, never for display: straightened and lower case."""
    return straighten(text).lower()


def words(text: str) -> list[str]:
    """The words of `text`, lower case, apostrophes straightened."""
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def plain_words(norm_text: str) -> list[str]:
    """The words of already normalised text."""
    return PLAIN_WORD.findall(norm_text)


def numbers(text: str) -> list[str]:
    """Numbers as written, in order."""
    return NUMBER.findall(text)

"""Checks an answer must pass before any engine grades it.

Each failure carries what is wrong and what to do, so the CLI and the chat can show it as is,
and graders return an `Unscored` outcome instead of inventing a score.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .models import EngineInfo, Unscored, UnscoredReason
from .text import words

MAX_WORDS = 1500

_ENGLISH = frozenset(
    """the a an and or but i i'm i'd i've my me to of in on for with at by from as is am are was
    be been being have has had do does did will would can could should want like this that these
    those it its we our you your they their there here what which who how when where why so not no
    more most about into over also very just than then if while because after before during
    through all any each some such own same other new role team company job work working years
    year next first""".split()
)
_OTHER_LANGS: dict[str, frozenset[str]] = {
    "Spanish": frozenset(
        "el la los las de del que y en un una por para con mi es son estoy quiero me gustaría "
        "trabajo empresa años como más pero su sus lo se al muy".split()
    ),
    "French": frozenset(
        "le la les de des du et en un une pour avec je suis mon ma mes est sont dans que qui "
        "travail entreprise ans plus mais au aux nous vous ce cette être".split()
    ),
    "German": frozenset(
        "der die das und ich bin mein meine ist sind zu mit für ein eine nicht auf den dem "
        "arbeit unternehmen jahren möchte werden auch sich von wir".split()
    ),
    "Portuguese": frozenset(
        "o a os as de do da e em um uma para com eu sou meu minha é são que não trabalho "
        "empresa anos mais mas como".split()
    ),
    "Italian": frozenset(
        "il lo la gli le di del e in un una per con io sono mio mia è che non lavoro azienda "
        "anni più ma come".split()
    ),
}


_IMPOSSIBLE = re.compile(
    r"q(?!u)|jh|jk|kj|zx|xz|qw|wq|vq|fq|qg|jq|xj|jx|vj|jv|zj|jz|fj|hjk|dfg|fgh|ghj"
)


@dataclass(frozen=True)
class InputProblem:
    code: UnscoredReason
    message: str
    hint: str


def word_count(text: str) -> int:
    return len(text.split())


def _control_ratio(text: str) -> float:
    bad = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) in {"Cc", "Cs", "Co"} and ch not in "\n\r\t")
    )
    return bad / max(len(text), 1)


def _script_share(text: str) -> float:
    """Share of letters that are Latin script (1.0 with no letters: no script to judge)."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for ch in letters if "LATIN" in unicodedata.name(ch, ""))
    return latin / len(letters)


def _looks_like_word(w: str) -> bool:
    if w in _ENGLISH:
        return True
    if len(w) > 18 or not re.search(r"[aeiouy]", w):
        return False
    if re.search(r"[bcdfghjklmnpqrstvwxz]{5,}", w) or re.search(r"(.)\1\1", w):
        return False
    return not _IMPOSSIBLE.search(w)


def detect_language_problem(text: str) -> str | None:
    """Name of the language if the text is clearly not English, else None."""
    if _script_share(text) < 0.6:
        return "a non-Latin script"
    toks = words(text)
    if len(toks) < 4:
        return None
    english = sum(1 for w in toks if w in _ENGLISH)
    best, best_hits = None, 0
    for lang, vocab in _OTHER_LANGS.items():
        hits = sum(1 for w in toks if w in vocab and w not in _ENGLISH)
        if hits > best_hits:
            best, best_hits = lang, hits
    if best and best_hits >= 3 and best_hits > 1.5 * english:
        return best
    return None


def is_gibberish(text: str) -> bool:
    toks = words(text)
    if not toks:
        return True
    plausible = sum(1 for w in toks if _looks_like_word(w))
    english = sum(1 for w in toks if w in _ENGLISH)
    if len(toks) <= 3:
        return plausible < len(toks)
    return plausible / len(toks) < 0.6 or (len(toks) >= 8 and english / len(toks) < 0.05)


def non_english_problem(language: str) -> InputProblem:
    """The 'not English' problem, shared by typed and spoken answers."""
    return InputProblem(
        "non_english",
        f"The answer looks like it is in {language}; the coach grades English only.",
        "Answer in English to get a score. Your original answer is kept.",
    )


def check_answer(text: str | None) -> InputProblem | None:
    """Return the first problem with the answer, or None when it can be graded."""
    if text is None or not text.strip():
        return InputProblem(
            "empty",
            "The answer is empty.",
            "Type your answer to 'What are your career aspirations?' and send it again.",
        )
    if "\x00" in text or _control_ratio(text) > 0.02:
        return InputProblem(
            "binary",
            "The answer contains binary data or control characters, not readable text.",
            "Paste plain text (copy it from a text editor, not a binary or PDF file).",
        )
    n = word_count(text)
    if n > MAX_WORDS:
        return InputProblem(
            "too_long",
            f"The answer is {n:,} words; the limit is {MAX_WORDS:,}.",
            "A spoken answer to this question takes one to two minutes (about 120-250 words). "
            "Cut it down to your goals, the company link and your commitment, then try again.",
        )
    if not any(ch.isalpha() for ch in text):
        return InputProblem(
            "gibberish",
            "The answer has no words, only emoji, numbers or symbols.",
            "Write your answer in full sentences: what you want to achieve soon, longer term, "
            "and how it connects to the company.",
        )
    lang = detect_language_problem(text)
    if lang:
        return non_english_problem(lang)
    if is_gibberish(text):
        return InputProblem(
            "gibberish",
            "The answer does not read as sentences we can grade.",
            "Write your answer in full sentences: what you want to achieve soon, longer term, "
            "and how it connects to the company.",
        )
    return None


def unscored_if_invalid(text: str | None, engine: EngineInfo) -> Unscored | None:
    """The Unscored outcome every grader returns for input it must not score, else None."""
    problem = check_answer(text)
    if problem is None:
        return None
    return Unscored(
        reason_code=problem.code, reason=problem.message, hint=problem.hint, engine=engine
    )

"""Untrusted text made inert, in one place: for Markdown (chat, scorecard, exports), terminals
and HTML (the eval report).

Every renderer of a report (terminal, chat, export) escapes through these functions and no other.

Everything a person typed (answer, role, company, blurb, echoes), and everything a model wrote
from it (interviewer turns, evidence, reasons, rewrites), passes through here before it is shown.

Markdown: every character that can start markup (emphasis, links, images, HTML, tables, headings,
lists, directives such as ``:name``, entities, GFM autolinks) gets a backslash. CommonMark turns a
backslash-escaped ASCII punctuation character back into that character, so the text displays
exactly as typed: "areas:SQL" stays "areas:SQL", "[click](x)" stays literal, `<img>` shows as text.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import AsyncIterator

from rich.markup import escape as rich_escape

# Always escaped: each can open or close a Markdown/HTML construct on its own.
_ALWAYS = frozenset("\\`*_{}[]<>#|~&:@+-=$^")
_CONTEXT_LOOKBACK = 5
# Chainlit's renderer (remark-gfm) links bare URLs and e-mail addresses by matching the text
# *after* escapes are resolved, so a backslash cannot stop it: an invisible WORD JOINER inside
# "http://", "www." and after "@" does, and the text still reads exactly as typed.
WORD_JOINER = "\u2060"


def _escape_char(char: str, before: str) -> str:
    lower = before.lower()
    if char == ":" and (lower.endswith("http") or lower.endswith("https")):
        return WORD_JOINER + "\\:"
    if char == "." and lower.endswith("www"):
        return WORD_JOINER + "\\."
    if char == "@":
        return "\\@" + WORD_JOINER
    if char in _ALWAYS or (char in ".)" and before[-1:].isdigit()):
        return "\\" + char  # '.' and ')' after a digit: ordered lists
    return char


# Every character `_escape_char` may change; text between them is copied as it is (most of it:
# looking at each character in Python cost the chat 4% of its CPU).
_SPECIAL = re.compile("[" + re.escape("".join(sorted(_ALWAYS | set(".)")))) + "]")


def _escape(text: str, before: str) -> str:
    out: list[str] = []
    done = 0
    for found in _SPECIAL.finditer(text):
        at = found.start()
        context = (
            text[at - _CONTEXT_LOOKBACK : at] if at >= _CONTEXT_LOOKBACK else before + text[:at]
        )
        out.append(text[done:at])
        out.append(_escape_char(text[at], context[-_CONTEXT_LOOKBACK:]))
        done = at + 1
    out.append(text[done:])
    return "".join(out)


def md_escape(text: str) -> str:
    """User or model text as literal Markdown: shows exactly as typed, never as markup."""
    return _escape(text, "")


def md_inline(text: str) -> str:
    """Like `md_escape`, on one line (table cells, list items, quotes): newlines become spaces."""
    return md_escape(" ".join(text.split()))


def md_quote_block(text: str) -> str:
    """Multi-line user text as a Markdown block quote, each line escaped."""
    lines = text.strip().splitlines()
    return "\n".join(f"> {md_escape(line.strip())}" if line.strip() else ">" for line in lines)


def md_code(text: str) -> str:
    """`text` as an inline code span, literal whatever it holds (the fence outgrows any run of
    backticks inside; newlines become spaces)."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


async def md_escape_stream(chunks: AsyncIterator[str]) -> AsyncIterator[str]:
    """`md_escape` over a stream of tokens; context-dependent rules see across chunk borders."""
    before = ""
    async for chunk in chunks:
        yield _escape(chunk, before)
        before = (before + chunk)[-_CONTEXT_LOOKBACK:]


# ANSI/VT escape sequences (CSI, OSC, other ESC sequences), then any remaining control char.
_ANSI = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL/ST (titles, hyperlinks)
    r"|[\x1b\x9b]\[[0-?]*[ -/]*[@-~]"  # CSI (colours, cursor moves, clears)
    r"|\x1b[@-Z\\-_]"  # two-character ESC sequences
)


def terminal_safe(text: str) -> str:
    """Text for a terminal: escape sequences removed, other control characters dropped.

    Tabs and newlines become spaces (one table cell, one line); bidi overrides are dropped too,
    so a saved field cannot move the cursor, recolour, retitle or reorder the operator's screen.
    """
    text = _ANSI.sub("", text)
    out = []
    for char in text:
        if char in "\t\n\r":
            out.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf"):
            continue
        else:
            out.append(char)
    return "".join(out)


def terminal_lines(text: str) -> str:
    """Like `terminal_safe`, keeping the line breaks (a streamed interviewer turn)."""
    return "\n".join(terminal_safe(line) for line in text.split("\n"))


def rich_inline(text: str) -> str:
    """Untrusted text inside rich console markup, on one line: control sequences removed
    (`terminal_safe`) and `[...]` made literal, so it can neither restyle the output nor move
    the cursor."""
    return rich_escape(terminal_safe(text))


def rich_block(text: str) -> str:
    """Like `rich_inline`, keeping the line breaks (a rewrite, a transcript)."""
    return rich_escape(terminal_lines(text))


def html_text(text: str) -> str:
    """Text (and attribute values) for an HTML page: `& < > " '` as entities."""
    return html.escape(text, quote=True)

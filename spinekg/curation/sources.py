"""The source texts: reading them and finding quotes in them.

A quote is found *verbatim up to whitespace*: runs of whitespace (spaces, tabs, line breaks,
non-breaking spaces) in the quote and in the text compare equal to one space. Everything else, case
and punctuation and typographic apostrophes included, must match exactly. Offsets are indices into
the original text in Unicode code points, ``text[start:end]``, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


def normalise(text: str) -> str:
    """Collapse whitespace runs to one space and strip the ends.

    >>> normalise("  back\\n  pain\\u00a0relief ")
    'back pain relief'
    """
    return " ".join(text.split())


#: How much of a quote the closest-passage search compares (a quote is a sentence or two).
CLOSEST_SPAN = 300


def shorten(text: str, limit: int = 160) -> str:
    """``text`` whole if short, else its start and its length, for an error message.

    >>> shorten("x" * 500, 10)
    'xxxxxxxxx… (500 characters)'
    """
    return text if len(text) <= limit else f"{text[: limit - 1]}… ({len(text):,} characters)"


@dataclass(frozen=True)
class Span:
    """Where a quote sits in a source text."""

    start: int
    end: int


@dataclass(frozen=True)
class SourceText:
    """A source document's text with a whitespace-normalised index for quote lookup."""

    document: str
    text: str

    @cached_property
    def _normalised(self) -> tuple[str, list[int]]:
        chars: list[str] = []
        origin: list[int] = []
        pending_space = False
        for i, ch in enumerate(self.text):
            if ch.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                origin.append(i - 1)
                pending_space = False
            chars.append(ch)
            origin.append(i)
        return "".join(chars), origin

    def find(self, quote: str) -> list[Span]:
        """Every place ``quote`` occurs (overlaps included), as offsets into the original text."""
        norm, origin = self._normalised
        needle = normalise(quote)
        spans: list[Span] = []
        if not needle:
            return spans
        pos = norm.find(needle)
        while pos != -1:
            spans.append(Span(origin[pos], origin[pos + len(needle) - 1] + 1))
            pos = norm.find(needle, pos + 1)
        return spans

    def closest(self, quote: str) -> str:
        """The passage of the text most like ``quote``, to show in an error message.

        Only the quote's first :data:`CLOSEST_SPAN` characters are compared, so the search costs
        the same for a sentence and for a megabyte pasted by mistake.
        """
        from rapidfuzz import fuzz

        norm, _ = self._normalised
        needle = normalise(quote)[:CLOSEST_SPAN]
        hit = fuzz.partial_ratio_alignment(needle, norm)
        if hit is None:  # nothing alike at all
            return norm[: len(needle)]
        # widen the alignment to whole words: "pinal stenosis ... tender spots" -> "Spinal ... spots."
        start = norm.rfind(" ", 0, hit.dest_start) + 1
        end = norm.find(" ", hit.dest_end)
        return norm[start : end if end != -1 else len(norm)]

"""Answers as a text table for a terminal, laid out by rich: cells wrap to fit, nothing is cut.

A leaf of :mod:`spinekg.query`: it knows columns and cell values (text, numbers, tuples for lists,
objects printed with ``str``), not the result classes that call it.
"""

from __future__ import annotations

import io
import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

#: The narrowest table laid out; a narrower terminal still gets this width (lines then wrap).
MIN_WIDTH = 40


def terminal_width() -> int:
    """The terminal's width: ``$COLUMNS`` when set, else the terminal's, else 80."""
    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def shown_columns(columns: Sequence[str], *, ids: bool) -> list[str]:
    """The columns a person sees: without ``ids``, an identifier column with a label column beside
    it (``treatment`` and ``treatmentLabel``) is left out, and so are claims and documents when the
    quotes name them.

    >>> shown_columns(["treatment", "treatmentLabel", "claims", "documents", "quotes"], ids=False)
    ['treatmentLabel', 'claims', 'quotes']
    >>> shown_columns(["treatment", "treatmentLabel"], ids=True)
    ['treatment', 'treatmentLabel']
    """
    names = set(columns)
    if ids:
        return list(columns)
    return [c for c in columns if f"{c}Label" not in names and not (c == "documents" and "quotes" in names)]


#: A label or identifier column shrinks toward its longest word, but not below this (longer words
#: fold); the claim identifiers are what it folds, as ``SKGCLAIM:D001-039.`` / ``Abscess``.
LEAST_COLUMN_WIDTH = 20

#: Columns of running text (quotes, explanations): they get the width the others leave.
TEXT_COLUMNS = frozenset({"quotes", "quote", "derivations", "explanation", "definition", "quoteFor", "quoteAgainst"})


def cell_text(value: Any) -> str:
    """A value as a cell: unbound empty; a list one item per line, each after a bullet when there
    are several; anything else as ``str``.

    >>> print(cell_text(("a", "b")))
    • a
    • b
    """
    if value is None:
        return ""
    if isinstance(value, tuple):
        if len(value) == 1:
            return cell_text(value[0])
        return "\n".join("• " + cell_text(v) for v in value)
    return str(value)


#: The least width a running-text column is given in a table; below it answers are laid out as records.
MIN_TEXT_WIDTH = 32
#: What rich puts between two columns (one space of padding each side).
_GAP = 3


def render_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, width: int | None = None, footer: Sequence[str] = ()) -> str:
    """``rows`` under ``columns`` at most ``width`` characters wide, then the ``footer`` lines.

    Columns keep their natural width when the table fits. Otherwise label and identifier columns
    shrink toward their longest word and running-text columns (quotes, explanations) share what
    is left; when even that does not fit, each answer is written as a record instead, one field a line.
    """
    width = width or terminal_width()
    notes = [wrapped for line in footer for wrapped in textwrap.wrap(line, width) or [""]]
    if not rows:  # no answer: no empty grid, only what the footer says of it
        return "\n".join(notes) + "\n"
    cells = [[cell_text(v) for v in r] for r in rows]
    widths = column_widths(columns, cells, width)
    body = _grid(columns, cells, widths, width) if widths is not None else _records(columns, cells, width)
    return "\n".join([*body, *notes]) + "\n"


def column_widths(columns: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> list[int] | None:
    """The width of each column so the table fits ``width``; None when it cannot fit.

    >>> column_widths(["a", "quotes"], [["x", "a long quote"]], 80)
    [1, 12]
    >>> column_widths(["label", "quotes"], [["a label", "word " * 40]], 60)
    [7, 50]
    """
    natural = [max([len(c), *(len(line) for r in cells for line in r[i].splitlines())]) for i, c in enumerate(columns)]
    room = width - _GAP * (len(columns) - 1)
    if sum(natural) <= room:
        return natural
    longest_word = [max([len(w) for w in c.split()] + [len(w) for r in cells for w in r[i].split()] + [1]) for i, c in enumerate(columns)]
    least = [min(n, max(w, 6), LEAST_COLUMN_WIDTH) for n, w in zip(natural, longest_word, strict=True)]
    text = [i for i, c in enumerate(columns) if c in TEXT_COLUMNS and natural[i] > MIN_TEXT_WIDTH]
    short = [i for i in range(len(columns)) if i not in text]
    for_text = MIN_TEXT_WIDTH * len(text)
    if sum(least[i] for i in short) + for_text > room:
        return None
    widths = list(natural)
    budget = room - for_text
    need, floor = sum(natural[i] for i in short), sum(least[i] for i in short)
    if need > budget:  # shrink the short columns toward their longest word, each by the same share
        share = (budget - floor) / (need - floor)
        for i in short:
            widths[i] = least[i] + int((natural[i] - least[i]) * share)
    left = room - sum(widths[i] for i in short)
    for k, i in enumerate(text):  # the running text shares the rest
        widths[i] = left // len(text) + (1 if k < left % len(text) else 0)
    return widths


def _grid(columns: Sequence[str], cells: Sequence[Sequence[str]], widths: Sequence[int], width: int) -> list[str]:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None, force_terminal=False, legacy_windows=False, soft_wrap=False, emoji=False, highlight=False)
    multiline = any("\n" in cell or len(cell) > w for r in cells for cell, w in zip(r, widths, strict=True))
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, safe_box=True, show_lines=multiline)
    for c, w in zip(columns, widths, strict=True):
        table.add_column(Text(c), overflow="fold", width=w)
    for r in cells:
        table.add_row(*(Text(cell) for cell in r))
    console.print(table)
    return [line.rstrip() for line in out.getvalue().splitlines()]


def _records(columns: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> list[str]:
    """Each answer as a block: its first column on a line, then ``column: value`` lines, list items
    one per line, all wrapped to ``width``."""
    lines: list[str] = []
    for r in cells:
        if lines:
            lines.append("")
        lines += textwrap.wrap(r[0], width) or [""]
        for c, cell in zip(columns[1:], r[1:], strict=True):
            if not cell:
                continue
            items = cell.split("\n")
            if len(items) == 1:
                lines += textwrap.wrap(f"{c}: {items[0]}", width, initial_indent="  ", subsequent_indent="      ")
            else:
                lines.append(f"  {c}:")
                for item in items:
                    lines += textwrap.wrap(item, width, initial_indent="    ", subsequent_indent="      ")
    return lines

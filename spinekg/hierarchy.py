"""The is-a hierarchy, walked one way everywhere: the curation checks walk the curated parents, the
knowledge graph walks its term index, the export walks category parents, and all ask through this
module.

A class's parents are given by a function, so the walk does not care where they come from:

>>> parents = {"Naproxen": ["NSAID"], "NSAID": ["AnalgesicDrug"], "AnalgesicDrug": ["Drug"]}.get
>>> sorted(ancestors("Naproxen", lambda c: parents(c, [])))
['AnalgesicDrug', 'Drug', 'NSAID', 'Naproxen']
>>> is_under("Naproxen", {"Drug"}, lambda c: parents(c, []))
True
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable

#: A class's direct parents.
Parents = Callable[[str], Iterable[str]]


def ancestors(cls: str, parents: Parents) -> set[str]:
    """``cls`` and every class above it (a cycle is walked once)."""
    seen = {cls}
    todo = [cls]
    while todo:
        for parent in parents(todo.pop()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def is_under(cls: str, above: Collection[str], parents: Parents) -> bool:
    """Whether ``cls`` is one of ``above`` or falls under one of them; stops at the first found."""
    seen: set[str] = set()
    todo = [cls]
    while todo:
        node = todo.pop()
        if node in above:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(parents(node))
    return False


def lineage(cls: str, parent: Callable[[str], str | None]) -> list[str]:
    """``cls`` and the chain of first parents above it, nearest first (a cycle is cut where it closes).

    >>> lineage("NSAID", {"NSAID": "AnalgesicDrug", "AnalgesicDrug": "Drug"}.get)
    ['NSAID', 'AnalgesicDrug', 'Drug']
    """
    out = [cls]
    while (up := parent(out[-1])) and up not in out:
        out.append(up)
    return out

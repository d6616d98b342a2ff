"""One row per answer: a module's evidence rows grouped by the answer they support.

A query module's SPARQL returns one row per piece of evidence (a quoted span of a claim, or a
derivation and the claim it rests on), which is what a SPARQL user running the ``.rq`` file on any
store gets. Its header names the columns that identify an answer::

    # answer: treatment, treatmentLabel

and :func:`group_answers` folds the evidence rows of each answer into one row:

- the answer columns, as they are;
- every other column the module selects (a circumstance, an urgency, a regimen ...) as a sorted
  tuple of the distinct values its evidence gives;
- ``status``: ``"asserted"`` when a source states the answer itself, ``"inferred"`` when it
  follows only by a rule;
- ``claims`` and ``documents``: sorted tuples of identifiers;
- ``quotes``: :class:`~spinekg.query.results.Quote` objects, the passages that state a claim first,
  then the headings and list lead-ins quoted as context, each once with the claims it quotes;
- ``derivations`` (modules with inferred answers): :class:`~spinekg.query.results.Derivation`.

The columns of bound parameters are left out of the rows: they are the result's ``params``.
Answers keep the order in which the module's ``ORDER BY`` first gives them.

>>> from spinekg.values import IRI
>>> columns = ("treatment", "treatmentLabel", "claim", "document", "quote", "start", "end", "role")
>>> evidence = [
...     (IRI("t:1"), "ice", IRI("c:1"), IRI("d:1"), "Use ice.", 10, 18, "statement"),
...     (IRI("t:1"), "ice", IRI("c:2"), IRI("d:1"), "Use ice.", 10, 18, "statement"),
... ]
>>> names, rows = group_answers(columns, evidence, answer=("treatment", "treatmentLabel"), params=())
>>> names
('treatment', 'treatmentLabel', 'claims', 'documents', 'quotes')
>>> rows[0][2], len(rows[0][4]), rows[0][4][0].claims
(('c:1', 'c:2'), 1, ('c:1', 'c:2'))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from spinekg.query.results import Derivation, Quote

#: The columns of evidence: folded into ``status``, ``claims``, ``documents``, ``quotes`` and
#: ``derivations`` instead of being shown as they are.
EVIDENCE_COLUMNS = frozenset({"status", "claim", "document", "quote", "start", "end", "role", "explanation"})

_ROLE_ORDER = {"statement": 0, "context": 1}


class _Answer:
    __slots__ = ("asserted", "claims", "derivations", "documents", "key", "quotes", "values")

    def __init__(self, key: tuple[Any, ...], n_other: int) -> None:
        self.key = key
        self.values: list[set[Any]] = [set() for _ in range(n_other)]
        self.asserted = False
        self.claims: set[str] = set()
        self.documents: set[str] = set()
        self.quotes: dict[tuple[Any, ...], tuple[str, set[str]]] = {}
        self.derivations: dict[str, set[str]] = {}


def group_answers(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], *, answer: Sequence[str], params: Iterable[str]
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    """The evidence ``rows`` (with ``columns``) folded into one row per distinct ``answer`` value.

    Returns the new column names and rows (see the module docstring for their shape).
    """
    columns = tuple(columns)
    at = {c: i for i, c in enumerate(columns)}
    missing = [c for c in answer if c not in at]
    if missing:
        raise ValueError(f"answer columns {missing} are not selected (columns: {', '.join(columns)})")
    skip = set(answer) | EVIDENCE_COLUMNS | set(params)
    other = [c for c in columns if c not in skip]
    answers: dict[tuple[Any, ...], _Answer] = {}

    def get(row: Sequence[Any], column: str) -> Any:
        return row[at[column]] if column in at else None

    for row in rows:
        key = tuple(row[at[c]] for c in answer)
        acc = answers.get(key)
        if acc is None:
            acc = answers[key] = _Answer(key, len(other))
        for values, column in zip(acc.values, other, strict=True):
            value = row[at[column]]
            if isinstance(value, tuple):
                values.update(value)
            elif value is not None:
                values.add(value)
        status = get(row, "status")
        explanation = get(row, "explanation")
        acc.asserted |= status == "asserted" or (status is None and explanation is None)
        claim, document = get(row, "claim"), get(row, "document")
        if claim is not None:
            acc.claims.add(claim)
        if document is not None:
            acc.documents.add(document)
        if explanation is not None:
            acc.derivations.setdefault(str(explanation), set()).update(() if claim is None else (claim,))
        quote = get(row, "quote")
        if quote is not None and document is not None:
            spot = (document, get(row, "start"), get(row, "end"), quote)
            _, claims = acc.quotes.setdefault(spot, (get(row, "role") or "statement", set()))
            if claim is not None:
                claims.add(claim)

    has_status = "status" in at or "explanation" in at
    has_derivations = "explanation" in at
    names = (*answer, *other, *(("status",) if has_status else ()), "claims", "documents", "quotes", *(("derivations",) if has_derivations else ()))
    out = []
    for acc in answers.values():
        quotes = sorted(
            (Quote(document, start, end, text, role, tuple(sorted(claims))) for (document, start, end, text), (role, claims) in acc.quotes.items()),
            key=lambda q: (_ROLE_ORDER.get(q.role, 2), q.document, q.start if q.start is not None else -1, q.text),
        )
        cells: list[Any] = [*acc.key, *(tuple(sorted(v, key=_sort_key)) for v in acc.values)]
        if has_status:
            cells.append("asserted" if acc.asserted else "inferred")
        cells += [tuple(sorted(acc.claims)), tuple(sorted(acc.documents)), tuple(quotes)]
        if has_derivations:
            cells.append(tuple(Derivation(e, tuple(sorted(c))) for e, c in sorted(acc.derivations.items())))
        out.append(tuple(cells))
    return names, out


def _sort_key(value: Any) -> tuple[str, str]:
    return (type(value).__name__, str(value))

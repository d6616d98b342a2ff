"""The value types every layer shares: IRIs and bindable values, query answers (rows, triples), and
the Python value of an RDF literal. A leaf module: it imports nothing of spinekg's engines, so the
engines, the SPARQL text handling and the remote client all build on it without an import cycle.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from spinekg import vocab

__all__ = ["DEFAULT_MAX_ROWS", "IRI", "Answer", "Table", "Triples", "Value", "python_value", "too_many"]


class IRI(str):
    """An IRI, as a value to bind (a plain ``str`` binds as a string literal)."""

    __slots__ = ()


#: What a parameter binds to: an IRI or a literal of one of these types.
Value = IRI | str | int | bool


@dataclass(frozen=True)
class Table:
    """A SELECT result: variable names and rows of Python values (:class:`IRI` for IRIs, ``str`` for
    strings and blank nodes as ``_:id``, ``int``, ``Decimal``, ``float``, ``bool`` or ``date`` for typed
    literals, None where unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Triples:
    """A CONSTRUCT or DESCRIBE result: triples of terms written as in N-Triples."""

    triples: tuple[tuple[str, str, str], ...]


#: What :meth:`Engine.execute` returns: rows (SELECT), a boolean (ASK) or triples.
Answer = Table | bool | Triples
#: The most rows (or triples) a free query may return unless told otherwise.
DEFAULT_MAX_ROWS = 100_000


def too_many(max_rows: int) -> Exception:
    from spinekg.errors import QueryLimitError

    return QueryLimitError(f"the answer has more than {max_rows:,} rows; add LIMIT, or raise the row limit (max_rows, --max-rows)")


_XSD = vocab.XSD
_INTEGERS = frozenset(
    _XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
)


def python_value(lexical: str, datatype: str | None) -> Any:
    """The Python value of a literal: ``int``, ``Decimal``, ``float``, ``bool``, ``date`` or ``str``.

    >>> python_value("42", "http://www.w3.org/2001/XMLSchema#integer")
    42
    >>> python_value("2019-03-01", "http://www.w3.org/2001/XMLSchema#date")
    datetime.date(2019, 3, 1)
    """
    if datatype is None or datatype == _XSD + "string":
        return lexical
    try:
        if datatype in _INTEGERS:
            return int(lexical)
        if datatype == _XSD + "boolean":
            return lexical.strip() in ("true", "1")
        if datatype == _XSD + "decimal":
            return Decimal(lexical)
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(lexical)
        if datatype == _XSD + "date":
            return datetime.date.fromisoformat(lexical)
    except ValueError:
        return lexical  # an ill-typed literal stays as written
    return lexical

"""Query results: rows of answers that convert to dicts, JSON, CSV/TSV, pandas and a text table.

Identifiers are CURIEs (``SKG:Naproxen``, ``SKGDOC:D004``) in every row, format and object;
:meth:`QueryResult.with_full_iris` gives the same answer with full IRIs.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import keyword
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal, overload

from spinekg.values import IRI
from spinekg.vocab import curie, expand

#: Printed with the answers of safety modules (contraindications, adverse effects).
OPEN_WORLD_NOTICE = "These are the statements the sources make. An absent row means the sources state nothing; it never means safe."

#: Printed in the text form of every empty answer (and of an empty CONSTRUCT).
NOTHING_STATED = "The sources state nothing here. That is not a statement that anything is safe."

#: How identifiers are written: ``"curie"`` (the default everywhere) or ``"full"`` IRIs.
IriStyle = Literal["curie", "full"]


@dataclass(frozen=True, order=True)
class Quote:
    """One quoted passage of a source text, as evidence of an answer.

    ``role`` is ``"statement"`` (the passage states the claim) or ``"context"`` (a heading or a list
    lead-in quoted so the statement can be read); ``start`` and ``end`` are offsets into the source
    text (``text == source[start:end]`` up to whitespace); ``claims`` are the claims it is a quote of.
    """

    document: str
    start: int
    end: int
    text: str
    role: str = "statement"
    claims: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"{self.document} {self.start}-{self.end}"
        return f"({self.role}) {self.text} [{where}]" if self.role == "context" else f"{self.text} [{where}]"


@dataclass(frozen=True, order=True)
class Derivation:
    """How an inferred answer follows: the rule's explanation and the claims it rests on."""

    explanation: str
    claims: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.explanation


class Row:
    """One answer: attributes named by the result's columns (``row.treatment``), also readable as
    ``row["treatment"]`` or by position, and unpacked in column order. Rows are not tuples, so no
    column (``count``, ``index``) is shadowed by a tuple method."""

    __slots__ = ()

    def __getitem__(self, column: str | int) -> Any:
        columns = self.columns()
        if isinstance(column, int) and not isinstance(column, bool):
            column = columns[column]  # IndexError past the end, as for a sequence
        elif not isinstance(column, str) or column not in columns:
            raise KeyError(column)
        return getattr(self, _field_name(column, columns.index(column)))

    def __iter__(self) -> Iterator[Any]:
        """The values in column order, so a row unpacks: ``label, status, *_ = row``."""
        return (getattr(self, _field_name(c, i)) for i, c in enumerate(self.columns()))

    def __len__(self) -> int:
        return len(self.columns())

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(getattr(cls, "_columns", ()))

    def as_dict(self) -> dict[str, Any]:
        """The row as ``{column: value}``, quotes and derivations as dicts."""
        return {c: _plain(getattr(self, _field_name(c, i))) for i, c in enumerate(self.columns())}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(value).items()}
    return value


def _field_name(column: str, i: int) -> str:
    if not column.isidentifier() or column.startswith("_"):
        return f"c{i}"
    return f"{column}_" if keyword.iskeyword(column) or column in ("columns", "as_dict") else column


@cache
def row_type(columns: tuple[str, ...]) -> type[Row]:
    """The row class of results with ``columns`` (one class per column list)."""
    fields = [_field_name(c, i) for i, c in enumerate(columns)]
    cls = dataclasses.make_dataclass("Row", fields, bases=(Row,), frozen=True, slots=True)
    cls._columns = columns  # type: ignore[attr-defined]
    cls.__module__ = __name__
    return cls


@dataclass(frozen=True)
class QueryResult:
    """The answers of a query module or free SPARQL query.

    ``rows`` are :class:`Row` objects whose attributes are the columns. A module's row is one answer
    (a treatment, an effect, a red flag ...) with its evidence as lists: ``claims``, ``documents``,
    ``quotes`` (:class:`Quote`, statements first) and, for inferred answers, ``derivations``
    (:class:`Derivation`). Values are CURIEs for identifiers, ``str`` for text, ``int``, ``float``,
    ``bool`` or ``date`` for typed literals, tuples for lists, ``None`` where unbound. ``params`` are
    the bound parameters (CURIEs), ``param_labels`` their labels.
    """

    module: str
    columns: tuple[str, ...]
    rows: tuple[Any, ...]
    notice: str = ""
    params: dict[str, str] = field(default_factory=dict)
    param_labels: dict[str, str] = field(default_factory=dict)
    #: Columns whose values (or list items) are identifiers.
    iri_columns: frozenset[str] = frozenset()
    iris: IriStyle = "curie"

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Any, ...]: ...
    def __getitem__(self, index: int | slice) -> Any:
        """A row by position (``result[0]``), or a tuple of rows for a slice."""
        return self.rows[index]

    def __repr__(self) -> str:
        return f"<QueryResult {self.module} {self.summary()}>"

    def summary(self) -> str:
        """One line: how many answers, claims and documents (``"5 answers, 5 claims, 1 document (SKGDOC:D003)"``)."""
        n = len(self.rows)
        noun = "row" if self.module == "sparql" else "answer"
        text = f"{n} {noun}{'' if n == 1 else 's'}"
        if not n:
            return text
        claims = self._listed("claims")
        if claims is not None:
            text += f", {len(claims)} claim{'' if len(claims) == 1 else 's'}"
        docs = self._listed("documents")
        if docs is not None:
            text += f", {len(docs)} document{'' if len(docs) == 1 else 's'}" + (f" ({', '.join(docs)})" if docs else "")
        return text

    def _listed(self, column: str) -> list[str] | None:
        """The distinct items of a list column over all rows; None if there is no such list column."""
        if column not in self.columns or not all(isinstance(r[column], tuple) for r in self.rows):
            return None
        return sorted({str(x) for r in self.rows for x in r[column]})

    def with_full_iris(self) -> QueryResult:
        """The same answer with full IRIs in place of CURIEs."""
        if self.iris == "full":
            return self
        rows = tuple(type(r)(*(_convert(r[c], _expand, strings=c in self.iri_columns) for c in r.columns())) for r in self.rows)
        params = {k: _expand(v) for k, v in self.params.items()}
        return dataclasses.replace(self, rows=rows, params=params, iris="full")

    def to_dicts(self) -> list[dict[str, Any]]:
        """Each row as a dict (lists as lists, quotes and derivations as dicts)."""
        return [r.as_dict() for r in self.rows]

    def to_json(self, **kwargs: Any) -> str:
        """``{"module", "params", "columns", "rows", "notice"?}``; lists are JSON arrays."""
        body: dict[str, Any] = {"module": self.module, "params": self.params, "columns": list(self.columns), "rows": self.to_dicts()}
        if self.notice:
            body["notice"] = self.notice
        return json.dumps(body, default=str, ensure_ascii=False, **kwargs)

    def to_csv(self, delimiter: str = ",") -> str:
        """A header line and one line per answer; a list cell joins its items with ``" | "``."""
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        writer.writerow(self.columns)
        for r in self.rows:
            writer.writerow([_text(r[c]) for c in self.columns])
        return buf.getvalue()

    def to_dataframe(self) -> Any:
        """A pandas DataFrame, one row per answer, list columns as lists (pandas must be installed)."""
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - depends on the environment
            from spinekg.errors import MissingExtraError

            raise MissingExtraError("to_dataframe() needs pandas: pip install pandas") from err
        return pd.DataFrame(self.to_dicts(), columns=list(self.columns))

    def to_table(self, *, width: int | None = None, ids: bool = False) -> str:
        """The answers as a text table for people (what ``spinekg query`` prints).

        Fits ``width`` columns (default: the terminal's, or ``$COLUMNS``): cells wrap, nothing is
        cut; a list cell puts one item per line; quotes are whole. An identifier column with a
        label column beside it (``treatment`` and ``treatmentLabel``) is shown only with ``ids``; a
        column empty on every row is left out, and a status all answers share is said once in the
        summary line that follows; an empty answer says :data:`NOTHING_STATED`; a safety module's answer
        ends with its notice.
        """
        from spinekg.query.table import render_table, shown_columns

        columns = shown_columns(self.columns, ids=ids)
        summary = self.summary()
        if self.rows:
            # a column empty on every row says nothing; one status for all answers goes in the summary
            columns = [c for c in columns if any(r[c] not in (None, (), "") for r in self.rows)]
            statuses = {r["status"] for r in self.rows} if "status" in columns else set()
            if len(statuses) == 1:
                columns.remove("status")
                summary += f"; all {statuses.pop()}"
        footer = [f"({summary})"]
        if not self.rows:
            footer.append(NOTHING_STATED)
        if self.notice:
            footer.append(f"Note: {self.notice}")
        rows = [[r[c] for c in columns] for r in self.rows]
        return render_table(columns, rows, width=width, footer=footer)


def _expand(value: str) -> str:
    try:
        return expand(value)
    except ValueError:  # not a CURIE: a blank node, or an IRI outside the known prefixes
        return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return " | ".join(_text(v) for v in value)
    return str(value)


def make_result(
    module: str,
    columns: Sequence[str],
    values: Sequence[Sequence[Any]],
    *,
    notice: str = "",
    params: Mapping[str, str] | None = None,
    param_labels: Mapping[str, str] | None = None,
    iris: IriStyle = "curie",
) -> QueryResult:
    """A result from engine rows: :class:`~spinekg.values.IRI` values become CURIEs unless ``iris="full"``."""
    columns = tuple(columns)
    iri_columns = frozenset(c for i, c in enumerate(columns) if any(_holds_iri(v[i]) for v in values))
    cls = row_type(columns)
    convert = curie if iris == "curie" else str
    rows = tuple(cls(*(_convert(v, convert) for v in row)) for row in values)
    shown = {k: (convert(v) if isinstance(v, IRI) else v) for k, v in (params or {}).items()}
    return QueryResult(module, columns, rows, notice, shown, dict(param_labels or {}), iri_columns, iris)


def _holds_iri(value: Any) -> bool:
    if isinstance(value, tuple):
        return any(_holds_iri(v) for v in value)
    return isinstance(value, (IRI, Quote, Derivation))


def _convert(value: Any, fn: Any, *, strings: bool = False) -> Any:
    """``value`` with ``fn`` applied to each identifier in it: an :class:`~spinekg.values.IRI`, the
    document and claims of a :class:`Quote` or :class:`Derivation`, list items, and with
    ``strings`` every plain string but a blank node (the CURIEs of an identifier column)."""
    if isinstance(value, tuple):
        return tuple(_convert(v, fn, strings=strings) for v in value)
    if isinstance(value, Quote):
        return dataclasses.replace(value, document=fn(value.document), claims=tuple(fn(c) for c in value.claims))
    if isinstance(value, Derivation):
        return dataclasses.replace(value, claims=tuple(fn(c) for c in value.claims))
    if isinstance(value, IRI) or (strings and isinstance(value, str) and not value.startswith("_:")):
        return fn(value)
    return value


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK query: true or false (``bool(result)``)."""

    value: bool
    module: str = "sparql"

    def __bool__(self) -> bool:
        return self.value

    def to_json(self, **kwargs: Any) -> str:
        """The SPARQL 1.1 JSON results form of a boolean."""
        return json.dumps({"head": {}, "boolean": self.value}, **kwargs)

    def to_csv(self, delimiter: str = ",") -> str:
        return f"boolean\n{str(self.value).lower()}\n"

    def to_table(self) -> str:
        """``true`` or ``false`` on a line (what ``spinekg sparql`` prints for ASK)."""
        return f"{str(self.value).lower()}\n"


@dataclass(frozen=True)
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE query, each term written as in N-Triples."""

    triples: tuple[tuple[str, str, str], ...]
    module: str = "sparql"
    columns: tuple[str, ...] = ("subject", "predicate", "object")

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        return iter(self.triples)

    def to_ntriples(self) -> str:
        """The triples as an N-Triples document."""
        return "".join(f"{s} {p} {o} .\n" for s, p, o in self.triples)

    def to_table(self) -> str:
        """The triples for people (what ``spinekg sparql`` prints for CONSTRUCT and DESCRIBE): the
        N-Triples document, or for no triples a comment line saying :data:`NOTHING_STATED`."""
        return self.to_ntriples() if self.triples else f"# (no triples) {NOTHING_STATED}\n"

    def to_dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, t, strict=True)) for t in self.triples]

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps({"module": self.module, "columns": list(self.columns), "triples": self.to_dicts()}, ensure_ascii=False, **kwargs)

    def to_csv(self, delimiter: str = ",") -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.triples)
        return buf.getvalue()


@dataclass(frozen=True)
class ClaimRow:
    """One claim about a term, as :meth:`~spinekg.kg.KnowledgeGraph.claims_about` gives it: what it
    states, its stance and document, and its quotes (the passages that state it first, then any
    heading or list lead-in quoted as context), each with its offsets."""

    claim: str
    subject: str
    subject_label: str
    predicate: str
    predicate_label: str
    object: str
    object_label: str
    stance: str
    document: str
    quotes: tuple[Quote, ...]

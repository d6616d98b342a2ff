"""Query results: typed rows that convert to dicts, JSON, CSV/TSV, pandas and a text table."""

from __future__ import annotations

import csv
import io
import json
import keyword
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spinekg.vocab import curie

#: Printed with the answers of safety modules (contraindications, adverse effects).
OPEN_WORLD_NOTICE = "These are the statements the sources make. An absent row means the sources state nothing; it never means safe."

#: Printed in the text form of an empty answer of a safety module (and of an empty CONSTRUCT).
NOTHING_STATED = "The sources state nothing here. That is not a statement that anything is safe."

#: The widest a column of :meth:`QueryResult.to_table` gets; longer cells are cut.
MAX_WIDTH = 60


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query module or free SPARQL query.

    ``rows`` are named tuples whose fields are the SELECT variables (Python values: ``str`` for
    IRIs and strings, ``int``/``float``/``bool``/``date`` for typed literals, ``None`` if unbound).
    """

    module: str
    columns: tuple[str, ...]
    rows: tuple[Any, ...]
    notice: str = ""
    params: dict[str, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [r._asdict() for r in self.rows]

    def to_json(self, **kwargs: Any) -> str:
        body = {"module": self.module, "params": self.params, "columns": list(self.columns), "rows": self.to_dicts()}
        if self.notice:
            body["notice"] = self.notice
        return json.dumps(body, default=str, ensure_ascii=False, **kwargs)

    def to_csv(self, delimiter: str = ",") -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        writer.writerow(self.columns)
        for r in self.rows:
            writer.writerow(["" if v is None else " | ".join(v) if isinstance(v, tuple) else v for v in r])
        return buf.getvalue()

    def to_dataframe(self) -> Any:
        """A pandas DataFrame (pandas must be installed)."""
        try:
            import pandas as pd
        except ImportError as err:  # pragma: no cover - depends on the environment
            raise ImportError("to_dataframe() needs pandas: pip install pandas") from err
        return pd.DataFrame(self.to_dicts(), columns=list(self.columns))

    def to_table(self) -> str:
        """The rows as a text table for people (what ``spinekg query`` prints).

        A header line naming the columns, a rule, one line per row (IRIs as CURIEs, lists joined by
        ``" | "``, unbound cells empty, columns at most :data:`MAX_WIDTH` characters wide, longer
        cells cut), then the row count. A safety module's answer ends with its notice, after the
        line :data:`NOTHING_STATED` when it has no rows.
        """
        cells = [[_cell(v) for v in row] for row in self.rows]
        widths = [min(MAX_WIDTH, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(self.columns)]

        def line(values: list[str]) -> str:
            return "  ".join(v[:w].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        lines = [line(list(self.columns)), line(["-" * w for w in widths]), *(line(r) for r in cells)]
        lines.append(f"({len(self)} row{'s' if len(self) != 1 else ''})")
        if self.notice and not self.rows:
            lines.append(NOTHING_STATED)
        if self.notice:
            lines.append(f"Note: {self.notice}")
        return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    """One value as a table cell: an IRI as its CURIE, a list joined by ``" | "``, unbound empty."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return " | ".join(value)
    return curie(value) if isinstance(value, str) and value.startswith("http") else str(value)


def make_result(module: str, columns: tuple[str, ...], values: list[tuple[Any, ...]], *, notice: str = "", params: dict[str, str] | None = None) -> QueryResult:
    fields = [(f"{c}_" if keyword.iskeyword(c) else c) if c.isidentifier() and not c.startswith("_") else f"c{i}" for i, c in enumerate(columns)]
    row_type = namedtuple("Row", fields)  # type: ignore[misc]
    return QueryResult(module, columns, tuple(row_type(*v) for v in values), notice, params or {})


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
    """One quoted span of one claim, as the claims-about-term module returns it."""

    claim: str
    subject: str
    subject_label: str
    predicate: str
    predicate_label: str
    object: str
    object_label: str
    stance: str
    document: str
    quote: str
    start: int
    end: int

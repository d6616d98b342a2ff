"""Query results: typed rows that convert to dicts, JSON, CSV/TSV and pandas."""

from __future__ import annotations

import csv
import io
import json
import keyword
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: Printed with the answers of safety modules (contraindications, adverse effects).
OPEN_WORLD_NOTICE = "These are the statements the sources make. An absent row means the sources state nothing; it never means safe."


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

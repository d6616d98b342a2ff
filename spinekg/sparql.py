"""SPARQL text handling: binding parameters as inline data, and the guards for free SPARQL
(read-only, no SERVICE unless allowed, a time limit)."""

from __future__ import annotations

import concurrent.futures
import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from spinekg.errors import SpineKGError

if TYPE_CHECKING:
    from spinekg.engine import Value

T = TypeVar("T")
DEFAULT_TIMEOUT = 10.0


class QueryRefusedError(SpineKGError, ValueError):
    """The query is not allowed (an update, a SERVICE call, a syntax error, not a SELECT)."""


class QueryTimeoutError(SpineKGError, TimeoutError):
    """The query ran past its time limit."""


def check_query(text: str, *, allow_service: bool = False) -> None:
    """Refuse updates, SERVICE (unless ``allow_service``), and anything that does not parse."""
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        parsed = parseQuery(text)
    except ParseException as err:
        try:
            parseUpdate(text)
        except ParseException:
            raise QueryRefusedError(f"not valid SPARQL: {err}") from err
        raise QueryRefusedError("SPARQL Update is refused: the graph is read-only") from err
    if not allow_service and _has_service(parsed):
        raise QueryRefusedError("SERVICE is refused: free SPARQL may not call other endpoints (allow_service=True to permit)")


def _has_service(node: Any) -> bool:
    from pyparsing import ParseResults

    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_has_service(v) for v in node.values())
    if isinstance(node, (list, tuple, ParseResults)):
        return any(_has_service(v) for v in node)
    return False


def with_time_limit(fn: Callable[[], T], seconds: float) -> T:
    """Run ``fn`` and give up after ``seconds`` (the work finishes in a background thread)."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = pool.submit(fn)
    try:
        return future.result(timeout=seconds)
    except concurrent.futures.TimeoutError as err:
        raise QueryTimeoutError(f"the query ran past its time limit of {seconds:g} s") from err
    finally:
        pool.shutdown(wait=False)


# The lexical pieces that can hide a WHERE or a "{": IRIs, strings and comments (SPARQL 1.1 grammar).
_TOKENS = re.compile(
    r"""(?P<skip><[^<>"{}|^`\\\x00-\x20]*>"""
    r"""|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''"""
    r"""|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*'|\#[^\n\r]*)"""
    r"""|(?P<where>\bWHERE\s*\{)""",
    re.IGNORECASE,
)
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@lru_cache(maxsize=256)
def _group_start(text: str) -> int:
    """The offset just inside the ``{`` that opens the query's top-level WHERE group."""
    for m in _TOKENS.finditer(text):
        if m.group("where"):
            return m.end()
    raise QueryRefusedError("cannot bind parameters: the query has no `WHERE {` (write the keyword WHERE)")


def bind_values(text: str, bindings: Mapping[str, Value]) -> str:
    """``text`` with ``bindings`` as one row of inline data at the head of its top-level group.

    Each value is an RDF term built by pyoxigraph's constructors, which refuse a malformed IRI and
    escape every literal, then written in its N-Triples form: no caller's text enters the query.
    A bound variable must be projected by the query (as with SEP-0007 substitutions).

    >>> from spinekg.engine import IRI
    >>> print(bind_values("SELECT ?x ?n WHERE { ?x ?p ?n }", {"x": IRI("https://w3id.org/spinekg/Aleve"), "n": 'a "b"'}))
    SELECT ?x ?n WHERE { VALUES (?x ?n) { (<https://w3id.org/spinekg/Aleve> "a \\"b\\"") } ?x ?p ?n }
    """
    from spinekg.engine import IRI

    import pyoxigraph as ox

    names, terms = [], []
    for name, value in bindings.items():
        if not _VARIABLE.fullmatch(name):
            raise ValueError(f"not a variable name: {name!r}")
        if isinstance(value, IRI):
            term = ox.NamedNode(value)
        elif isinstance(value, bool):
            term = ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD_BOOLEAN))
        elif isinstance(value, int):
            term = ox.Literal(str(value), datatype=ox.NamedNode(_XSD_INTEGER))
        elif isinstance(value, str):
            term = ox.Literal(value)
        else:
            raise TypeError(f"cannot bind {value!r} to ?{name}")
        names.append(f"?{name}")
        terms.append(str(term))
    at = _group_start(text)
    row = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"
    return text[:at] + row + text[at:]


_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"

"""Guards for free SPARQL: read-only, no SERVICE unless allowed, and a time limit."""

from __future__ import annotations

import concurrent.futures
from collections.abc import Callable
from typing import Any, TypeVar

from spinekg.errors import SpineKGError

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

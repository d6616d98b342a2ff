"""SPARQL engines behind the knowledge graph: Oxigraph (embedded, the default) and rdflib.

Both load the same files into the same named graphs (ontology, asserted, inferred) and query with
the default graph as their union. Results come back as plain Python values from either engine
(:func:`python_value`), so callers and tests compare them directly and the query path never
imports rdflib.

Parameters are bound, never pasted: a caller passes RDF terms (:class:`IRI`, ``str``, ``int``,
``bool``), never text. rdflib binds them with ``initBindings``. Oxigraph does not push its SEP-0007
``substitutions`` into the query plan (88 ms against 0.8 ms for the same bound query, see
``benchmarks/``), so the Oxigraph engine binds through SPARQL's own inline-data clause instead:
:func:`spinekg.engines.sparql.bind_values` serialises each term with pyoxigraph's validating term
constructors and puts one ``VALUES`` row at the head of the query's top-level group.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinekg import vocab
from spinekg.values import DEFAULT_MAX_ROWS, IRI, Answer, Table, Triples, Value, python_value, too_many

if TYPE_CHECKING:
    from spinekg.engines import Engine
    from spinekg.engines.sparql import QueryForm
    from spinekg.paths import BuiltFiles

log = logging.getLogger(__name__)


class OxigraphEngine:
    """pyoxigraph: an in-memory store, or a read-only on-disk store kept in a cache folder.

    The on-disk store opens in milliseconds instead of parsing the files again (about 160 ms), which
    is what a one-shot command wants; a long-lived process gets faster queries from memory.
    """

    name = "oxigraph"

    def __repr__(self) -> str:
        where = f"on disk at {self.cache_dir}" if self.cache_dir is not None else "in memory"
        return f"OxigraphEngine({where})"

    def __init__(self, files: BuiltFiles, *, cache: Path | None = None) -> None:
        import pyoxigraph as ox

        from spinekg.engines.cache import bulk_load, cached_store, open_cached_store

        self._ox = ox
        self.files = files
        self.cache_dir: Path | None = None
        store = None
        if cache is not None:
            self.cache_dir = cached_store(files, cache)
            store = open_cached_store(self.cache_dir) if self.cache_dir is not None else None
            if store is None:
                self.cache_dir = None
        if store is not None:
            self.store = store
        else:
            self.store = ox.Store()
            bulk_load(self.store, files)

    def select(self, text: str, bindings: Mapping[str, Value] | None = None) -> Table:
        from spinekg.engines.sparql import bind_values

        ox = self._ox
        if bindings:
            text = bind_values(text, bindings)
        result = self.store.query(text, use_default_graph_as_union=True)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        names = tuple(v.value for v in result.variables)
        convert = self._value
        rows = tuple(tuple(convert(sol[n]) for n in names) for sol in result)
        return Table(names, rows)

    def execute(self, text: str, *, max_rows: int = DEFAULT_MAX_ROWS, allow_service: bool = False, form: QueryForm | None = None) -> Answer:
        """Run any read query (SELECT, ASK, CONSTRUCT, DESCRIBE) with at most ``max_rows`` rows.

        Free SPARQL calls this in a child process (:mod:`spinekg.engines.isolate`), after the guard.
        """
        from itertools import islice

        from spinekg.engines.sparql import check_query
        from spinekg.errors import QueryFailedError, QueryRefusedError, SpineKGError

        ox = self._ox
        form = form or check_query(text, allow_service=True)  # the guard's reading, when not handed over
        union = not form.dataset  # FROM names the default graph itself
        try:
            result = self.store.query(text, use_default_graph_as_union=union)
            if isinstance(result, ox.QueryBoolean):
                return bool(result)
            if isinstance(result, ox.QuerySolutions):
                names = tuple(v.value for v in result.variables)
                convert = self._value
                rows = tuple(tuple(convert(sol[n]) for n in names) for sol in islice(result, max_rows + 1))
                if len(rows) > max_rows:
                    raise too_many(max_rows)
                return Table(names, rows)
            triples = tuple((str(t.subject), str(t.predicate), str(t.object)) for t in islice(result, max_rows + 1))
        except SyntaxError as err:
            raise QueryRefusedError(f"not valid SPARQL: {err}") from None
        except SpineKGError:
            raise
        except (OSError, RuntimeError, ValueError) as err:  # a SERVICE that failed or answered nonsense
            raise QueryFailedError(f"the query failed: {err}") from None
        if len(triples) > max_rows:
            raise too_many(max_rows)
        return Triples(triples)

    def _value(self, term: Any) -> Any:
        if term is None:
            return None
        kind = type(term)
        if kind is self._ox.NamedNode:
            return IRI(term.value)
        if kind is self._ox.BlankNode:
            return "_:" + term.value
        return python_value(term.value, term.datatype.value)

    def term_index_cache(self) -> Path | None:
        """Where the term index of the cached store is kept (None for an in-memory store)."""
        return self.cache_dir / "terms.json" if self.cache_dir is not None else None


class RdflibEngine:
    """rdflib's Dataset: slower, but pure Python and what rdflib users already hold."""

    name = "rdflib"

    def __repr__(self) -> str:
        return "RdflibEngine(in memory)"

    def __init__(self, files: BuiltFiles) -> None:
        from rdflib import Dataset, URIRef

        self.dataset = Dataset(default_union=True)
        self.dataset.graph(URIRef(vocab.ONTOLOGY_GRAPH)).parse(files.ttl, format="turtle")
        for path in (files.relations, files.inferred):
            self.dataset.parse(path, format="nquads")

    def select(self, text: str, bindings: Mapping[str, Value] | None = None) -> Table:
        result: Any = self.dataset.query(text, initBindings={k: _rdflib_term(v) for k, v in (bindings or {}).items()})
        if result.type != "SELECT":
            raise TypeError("not a SELECT query")
        names = tuple(str(v) for v in result.vars)
        rows = tuple(tuple(_from_rdflib(row[i]) for i in range(len(names))) for row in result)
        return Table(names, rows)

    def execute(self, text: str, *, max_rows: int = DEFAULT_MAX_ROWS, allow_service: bool = False, form: QueryForm | None = None) -> Answer:
        """Run any read query with at most ``max_rows`` rows (see :meth:`OxigraphEngine.execute`).

        rdflib's SERVICE would open any URL ``urllib`` opens, ``file:`` included: it is switched
        off here unless ``allow_service``, and then limited to ``http:`` and ``https:``.

        rdflib loads the graphs a query names with FROM from the web or from files unless told not
        to; the guard lets only the graph's own graphs through, and this switches the loading off.
        """
        from itertools import islice

        import rdflib.plugins.sparql as rdflib_sparql
        from pyparsing import ParseException

        from spinekg.errors import QueryFailedError, QueryRefusedError, SpineKGError

        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        _guard_rdflib_service(allow_service)
        try:
            result: Any = self.dataset.query(text)
            if result.type == "ASK":
                return bool(result.askAnswer)
            if result.type == "SELECT":
                names = tuple(str(v) for v in result.vars)
                rows = tuple(tuple(_from_rdflib(row[i]) for i in range(len(names))) for row in islice(result, max_rows + 1))
                if len(rows) > max_rows:
                    raise too_many(max_rows)
                return Table(names, rows)
            triples = tuple((s.n3(), p.n3(), o.n3()) for s, p, o in islice(result, max_rows + 1))
        except ParseException as err:
            raise QueryRefusedError(f"not valid SPARQL: {err}") from None
        except SpineKGError:
            raise
        except RecursionError:
            raise QueryRefusedError("the query nests too deeply for the rdflib engine; simplify it") from None
        except Exception as err:  # noqa: BLE001 - rdflib raises bare Exception (a failed SERVICE, for one)
            raise QueryFailedError(f"rdflib could not run the query ({type(err).__name__}: {err})") from None
        if len(triples) > max_rows:
            raise too_many(max_rows)
        return Triples(triples)


def _guard_rdflib_service(allow_service: bool) -> None:
    """Put a check in front of rdflib's SERVICE evaluation (once; it reads the current setting)."""
    import rdflib.plugins.sparql.evaluate as evaluate

    from spinekg.errors import QueryRefusedError

    _SERVICE["allowed"] = allow_service
    if "original" in _SERVICE:
        return
    _SERVICE["original"] = evaluate.evalServiceQuery

    def guarded(ctx: Any, part: Any) -> Any:
        import re

        # the endpoint the way rdflib reads it from the pattern's text
        found = re.match(r"^service <(.*)>[ \n]*{(.*)}[ \n]*$", str(part.get("service_string", "")), re.DOTALL | re.IGNORECASE)
        target = found.group(1) if found else ""
        if not _SERVICE["allowed"]:
            raise QueryRefusedError("SERVICE is refused: a query may not call other endpoints")
        if not target.startswith(("http://", "https://")):
            raise QueryRefusedError(f"SERVICE <{target}> is refused: only http(s) endpoints can be called")
        return _SERVICE["original"](ctx, part)

    evaluate.evalServiceQuery = guarded


_SERVICE: dict[str, Any] = {}


def _rdflib_term(value: Value) -> Any:
    from rdflib import Literal, URIRef

    if isinstance(value, IRI):
        return URIRef(value)
    if isinstance(value, (bool, int, str)):
        return Literal(value)
    raise TypeError(f"cannot bind {value!r}")


def _from_rdflib(term: Any) -> Any:
    from rdflib import BNode, Literal

    if term is None:
        return None
    if isinstance(term, Literal):
        return python_value(str(term), str(term.datatype) if term.datatype is not None else None)
    if isinstance(term, BNode):
        return "_:" + str(term)
    return IRI(term)


def make(name: str, files: BuiltFiles, *, cache: Path | None = None) -> Engine:
    if name == "oxigraph":
        return OxigraphEngine(files, cache=cache)
    if name == "rdflib":
        return RdflibEngine(files)
    from spinekg.engines import ENGINES
    from spinekg.errors import InvalidValueError

    raise InvalidValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")

"""SPARQL engines behind the knowledge graph: Oxigraph (embedded, the default) and rdflib.

Both load the same files into the same named graphs (ontology, asserted, inferred) and query with
the default graph as their union. Parameters are bound (Oxigraph ``substitutions``, rdflib
``initBindings``), never pasted into the query text. Results come back as rdflib terms from either
engine, so callers and tests compare them directly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from spinekg import vocab

ENGINES = ("oxigraph", "rdflib")


@dataclass(frozen=True)
class Table:
    """A SELECT result: variable names and rows of rdflib terms (None where unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Node | None, ...], ...]


class Engine(Protocol):
    name: str

    def select(self, text: str, bindings: Mapping[str, Node] | None = None) -> Table: ...


class OxigraphEngine:
    """pyoxigraph's in-memory store."""

    name = "oxigraph"

    def __init__(self, files: Mapping[str, Path]) -> None:
        import pyoxigraph as ox

        self._ox = ox
        self.store = ox.Store()
        self.store.bulk_load(path=str(files["ttl"]), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(vocab.ONTOLOGY_GRAPH))
        for key in ("relations", "inferred"):
            self.store.bulk_load(path=str(files[key]), format=ox.RdfFormat.N_QUADS)

    def select(self, text: str, bindings: Mapping[str, Node] | None = None) -> Table:
        ox = self._ox
        subs = {ox.Variable(k): self._to_ox(v) for k, v in (bindings or {}).items()}
        result = self.store.query(text, use_default_graph_as_union=True, substitutions=subs or None)
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT query")
        names = tuple(v.value for v in result.variables)
        rows = tuple(tuple(self._from_ox(sol[n]) for n in names) for sol in result)
        return Table(names, rows)

    def _to_ox(self, term: Node) -> Any:
        ox = self._ox
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or vocab.XSD + "string")))
        raise TypeError(f"cannot bind {term!r}")

    def _from_ox(self, term: Any) -> Node | None:
        ox = self._ox
        if term is None:
            return None
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value, datatype=None if dt == vocab.XSD + "string" else URIRef(dt))


class RdflibEngine:
    """rdflib's Dataset: slower, but pure Python and what rdflib users already hold."""

    name = "rdflib"

    def __init__(self, files: Mapping[str, Path]) -> None:
        from rdflib import Dataset

        self.dataset = Dataset(default_union=True)
        self.dataset.graph(URIRef(vocab.ONTOLOGY_GRAPH)).parse(files["ttl"], format="turtle")
        for key in ("relations", "inferred"):
            self.dataset.parse(files[key], format="nquads")

    def select(self, text: str, bindings: Mapping[str, Node] | None = None) -> Table:
        result = self.dataset.query(text, initBindings=dict(bindings or {}))
        if result.type != "SELECT":
            raise TypeError("not a SELECT query")
        names = tuple(str(v) for v in result.vars)
        rows = tuple(tuple(_plain(row[i]) for i in range(len(names))) for row in result)
        return Table(names, rows)


def _plain(term: Node | None) -> Node | None:
    # rdflib keeps xsd:string on typed literals; Oxigraph reports plain literals as xsd:string too
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) == vocab.XSD + "string":
        return Literal(str(term))
    return term


def make(name: str, files: Mapping[str, Path]) -> Engine:
    if name == "oxigraph":
        return OxigraphEngine(files)
    if name == "rdflib":
        return RdflibEngine(files)
    raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")

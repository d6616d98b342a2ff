"""Deterministic serialisation: the same graph gives the same bytes in every process.

rdflib's in-memory store iterates in insertion order, so each writer first copies the graph into a
fresh one in sorted triple order; blank nodes carry content-derived IDs (see ``nodes.bnode``).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.term import Node


def _sorted_copy(graph: Graph) -> Graph:
    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for triple in sorted(graph, key=lambda t: tuple(x.n3() for x in t)):
        out.add(triple)
    return out


def turtle(graph: Graph) -> bytes:
    return _sorted_copy(graph).serialize(format="turtle", encoding="utf-8")


def rdfxml(graph: Graph) -> bytes:
    """Flat RDF/XML (one ``rdf:Description`` per subject, blank nodes as ``rdf:nodeID``).

    rdflib's writer walks subjects in set order; the copy below hands it sorted subjects and
    sorted predicate-object pairs instead. (The "pretty-xml" writer drops triples on list nodes.)
    """
    g = _sorted_copy(graph)
    subjects = sorted(set(Graph.subjects(g)), key=lambda x: x.n3())
    g.subjects = lambda *a, **k: iter(subjects)  # type: ignore[method-assign,assignment]
    pairs = g.predicate_objects
    g.predicate_objects = lambda s, *a, **k: iter(sorted(pairs(s), key=lambda po: (po[0].n3(), po[1].n3())))  # type: ignore[method-assign,assignment]
    return g.serialize(format="xml", encoding="utf-8")


def nquads(triples: Iterable[tuple[Node, Node, Node]], graph_iri: str) -> bytes:
    """One line per quad, sorted, no blank nodes expected."""
    g = Graph()
    for t in triples:
        g.add(t)
    ctx = URIRef(graph_iri).n3()
    lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} {ctx} .\n" for s, p, o in g})
    return "".join(lines).encode("utf-8")

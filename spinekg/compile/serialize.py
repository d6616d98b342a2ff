"""Deterministic serialisation: the same graph gives the same bytes in every process.

rdflib's in-memory store iterates in insertion order, so each writer first copies the graph into a
fresh one in sorted triple order; blank nodes carry content-derived IDs (see ``nodes.bnode``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import OWL, RDF, BNode, Graph, Literal, URIRef
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


#: The OWL types a subject's element is named after (OWL API's and ROBOT's typed elements), by
#: priority; the top-level elements come in this order too, each group sorted by IRI.
_ELEMENT_TYPES: tuple[URIRef, ...] = (
    OWL.Ontology,
    OWL.AnnotationProperty,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.Class,
    OWL.NamedIndividual,
    OWL.Restriction,
    OWL.AllDisjointClasses,
    OWL.Axiom,
)
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _key(node: Node) -> str:
    return node.n3()


def _text(value: str) -> str:
    if _NOT_XML.search(value):
        raise ValueError(f"a literal holds a character XML 1.0 cannot carry: {value[:80]!r}")
    # a carriage return would be read back as a line feed: written as a character reference
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    text = _text(value).replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;")


class _RdfXml:
    """The writer of :func:`rdfxml`: one pass over the sorted triples, every one written once."""

    def __init__(self, graph: Graph) -> None:
        self.pairs: dict[Node, list[tuple[Node, Node]]] = {}
        self.refs: dict[Node, list[tuple[Node, Node]]] = {}
        self.total = 0
        for s, p, o in sorted(graph, key=lambda t: (_key(t[0]), _key(t[1]), _key(t[2]))):
            self.pairs.setdefault(s, []).append((p, o))
            if isinstance(o, BNode):
                self.refs.setdefault(o, []).append((s, p))
            self.total += 1
        # a blank node is nested in the element of one triple that points to it, its home: a named
        # subject's before a blank one's, an axiom's annotatedSource/Target last (so a restriction
        # sits inside its rdfs:subClassOf, where OWL readers such as pronto look for it)
        self.home = {o: min(refs, key=self._home_key) for o, refs in self.refs.items()}
        self.namespaces = sorted(((str(ns), prefix) for prefix, ns in graph.namespaces()), key=lambda x: (-len(x[0]), x[1]))
        self.used: dict[str, str] = {str(RDF): "rdf"}
        self.minted: dict[str, str] = {}
        self.written: set[Node] = set()
        self.stack: list[Node] = []
        self.count = 0

    def _home_key(self, ref: tuple[Node, Node]) -> tuple[bool, bool, str, str]:
        s, p = ref
        return (p in (OWL.annotatedSource, OWL.annotatedTarget), isinstance(s, BNode), _key(s), _key(p))

    def qname(self, iri: Node) -> str:
        text = str(iri)
        for ns, prefix in self.namespaces:
            if text.startswith(ns) and _NCNAME.fullmatch(text[len(ns) :]) and _NCNAME.fullmatch(prefix):
                self.used[ns] = prefix
                return f"{prefix}:{text[len(ns) :]}"
        m = re.search(r"[A-Za-z_][A-Za-z0-9_.-]*$", text)  # the longest XML name the IRI ends with
        if m is None or m.start() == 0:
            raise ValueError(f"no XML name can stand for the property {text!r}")
        ns = text[: m.start()]
        if ns not in self.minted:
            self.minted[ns] = f"ns{len(self.minted) + 1}"
            self.used[ns] = self.minted[ns]
        return f"{self.minted[ns]}:{m.group(0)}"

    def element_type(self, node: Node) -> URIRef | None:
        types = {o for p, o in self.pairs.get(node, []) if p == RDF.type}
        return next((t for t in _ELEMENT_TYPES if t in types), None)

    def collection(self, head: Node) -> list[Node] | None:
        """The members of the well-formed list at ``head`` (each cell pointed to once), else None."""
        members, cell = [], head
        while cell != RDF.nil:
            pairs = self.pairs.get(cell, [])
            if not isinstance(cell, BNode) or len(self.refs.get(cell, [])) != 1 or {p for p, _ in pairs} != {RDF.first, RDF.rest} or len(pairs) != 2:
                return None
            first = next(o for p, o in pairs if p == RDF.first)
            if isinstance(first, Literal):
                return None
            members.append(first)
            cell = next(o for p, o in pairs if p == RDF.rest)
        return members

    def node(self, node: Node, depth: int, top: bool) -> list[str]:
        pad = "  " * depth
        kind = self.element_type(node)
        tag = self.qname(kind) if kind is not None else "rdf:Description"
        if isinstance(node, URIRef):
            ident = f' rdf:about="{_attr(str(node))}"'
        elif top or len(self.refs.get(node, [])) != 1:
            ident = f' rdf:nodeID="{_attr(str(node))}"'
        else:
            ident = ""
        self.written.add(node)
        self.stack.append(node)
        body: list[str] = []
        for p, o in self.pairs.get(node, []):
            if p == RDF.type and o == kind:
                self.count += 1
                continue
            body.extend(self.property(node, p, o, depth + 1))
        self.stack.pop()
        if not body:
            return [f"{pad}<{tag}{ident}/>"]
        return [f"{pad}<{tag}{ident}>", *body, f"{pad}</{tag}>"]

    def property(self, subject: Node, p: Node, o: Node, depth: int) -> list[str]:
        pad = "  " * depth
        name = self.qname(p)
        self.count += 1
        if isinstance(o, URIRef):
            return [f'{pad}<{name} rdf:resource="{_attr(str(o))}"/>']
        if isinstance(o, Literal):
            if o.datatype == RDF.XMLLiteral:
                raise ValueError("rdf:XMLLiteral is not written")
            extra = f' xml:lang="{_attr(o.language)}"' if o.language else f' rdf:datatype="{_attr(str(o.datatype))}"' if o.datatype else ""
            return [f"{pad}<{name}{extra}>{_text(str(o))}</{name}>"]
        if self.home.get(o) != (subject, p) or o in self.written or o in self.stack:
            return [f'{pad}<{name} rdf:nodeID="{_attr(str(o))}"/>']
        members = self.collection(o)
        if members is not None:
            lines = [f'{pad}<{name} rdf:parseType="Collection">']
            cell = o
            for member in members:
                self.written.add(cell)
                self.count += 2  # the cell's rdf:first and rdf:rest
                cell = next(x for q, x in self.pairs[cell] if q == RDF.rest)
                if isinstance(member, BNode) and self.home.get(member) is not None and member not in self.written:
                    lines.extend(self.node(member, depth + 1, top=False))
                else:
                    lines.append(f'{pad}  <rdf:Description rdf:about="{_attr(str(member))}"/>')
            return [*lines, f"{pad}</{name}>"]
        return [f"{pad}<{name}>", *self.node(o, depth + 1, top=False), f"{pad}</{name}>"]

    def document(self) -> bytes:
        order = {t: i for i, t in enumerate(_ELEMENT_TYPES)}

        def top_key(node: Node) -> tuple[bool, int, str]:
            kind = self.element_type(node)
            return (isinstance(node, BNode), order.get(kind, len(order)) if kind is not None else len(order), _key(node))

        body: list[str] = []
        for node in sorted((s for s in self.pairs if s not in self.refs), key=top_key):
            body.extend(self.node(node, 1, top=True))
        for node in sorted((s for s in self.pairs if s not in self.written), key=_key):  # blank nodes in a cycle
            if node not in self.written:  # not nested meanwhile in another one of the cycle
                body.extend(self.node(node, 1, top=True))
        if self.count != self.total:  # pragma: no cover - guards the writer itself
            raise AssertionError(f"the RDF/XML writer wrote {self.count} of {self.total} triples")
        head = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
        head.extend(f'   xmlns:{prefix}="{_attr(ns)}"' for ns, prefix in sorted(self.used.items(), key=lambda x: x[1]))
        return "\n".join([*head, ">", *body, "</rdf:RDF>", ""]).encode("utf-8")


def rdfxml(graph: Graph) -> bytes:
    """RDF/XML as OWL API and ROBOT write it, so that OWL readers that walk the XML (pronto, OAK's
    pronto adapter) find what they look for: the ``owl:Ontology`` element first, then one element
    per named subject, typed after its OWL type (``owl:AnnotationProperty``, ``owl:ObjectProperty``,
    ``owl:DatatypeProperty``, ``owl:Class``, ``owl:NamedIndividual``; ``rdf:Description`` for an
    untyped one), each group sorted by IRI, then the blank nodes nothing points to
    (``owl:AllDisjointClasses``, ``owl:Axiom`` annotations). A blank node is nested in the element
    of the triple that points to it (a restriction inside its ``rdfs:subClassOf``, a union inside
    its ``rdfs:domain``), lists as ``rdf:parseType="Collection"``; a blank node pointed to from
    several places (a claim's restriction, also the ``owl:annotatedTarget`` of its quote
    annotations) carries its ``rdf:nodeID`` and the other places refer to it by that ID.

    The output depends on the triples and the bound prefixes only: properties are sorted, blank
    nodes carry content-derived IDs (``nodes.bnode``), so the same graph gives the same bytes.
    """
    return _RdfXml(graph).document()


def nquads(triples: Iterable[tuple[Node, Node, Node]], graph_iri: str) -> bytes:
    """One line per quad, sorted, no blank nodes expected."""
    g = Graph()
    for t in triples:
        g.add(t)
    ctx = URIRef(graph_iri).n3()
    lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} {ctx} .\n" for s, p, o in g})
    return "".join(lines).encode("utf-8")

"""Compile the resolved curation to the OWL 2 ontology (an rdflib graph in the OWL RDF mapping).

Each claim becomes an axiom about its subject class (``SubClassOf(S, P some O)``, or
``SubClassOf(S, O)`` for is-a claims, ``SubClassOf(S, P value v)`` for values and regimens) with
one ``owl:Axiom`` annotation node per quoted span, carrying the claim IRI, source document, quote,
offsets, evidence code, stance and qualifiers.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from spinekg import vocab
from spinekg.compile import nodes as n
from spinekg.compile.nodes import Triple
from spinekg.curation.models import Mappings, Synonyms
from spinekg.curation.resolved import DOSE_REGIMEN, IS_A, Resolved, ResolvedClaim

IAO_DEF = URIRef(vocab.IAO_DEFINITION)
OIO = vocab.OBOINOWL
EXACT = URIRef(OIO + "hasExactSynonym")
RELATED = URIRef(OIO + "hasRelatedSynonym")
XREF = URIRef(OIO + "hasDbXref")
SYNONYM_TYPE = URIRef(OIO + "hasSynonymType")
#: The parent of synonym-type properties (BRAND_NAME): declared, as OWL 2 DL wants every entity used.
SYNONYM_TYPE_PROPERTY = URIRef(OIO + "SynonymTypeProperty")
SKOS = vocab.SKOS


def _annotated(graph: Graph, key: str, source: Node, prop: Node, target: Node) -> Node:
    ax = n.bnode("ax", key)
    graph.add((ax, RDF.type, OWL.Axiom))
    graph.add((ax, OWL.annotatedSource, source))
    graph.add((ax, OWL.annotatedProperty, prop))
    graph.add((ax, OWL.annotatedTarget, target))
    return ax


def _class_list(graph: Graph, key: str, members: list[str]) -> Node:
    head = n.bnode("list", key)
    Collection(graph, head, [n.term(m) for m in members])
    # Collection mints random blank nodes for the tail; rename them deterministically.
    return head


def _union_or_class(graph: Graph, key: str, members: list[str]) -> Node:
    if len(members) == 1:
        return n.skg(members[0]) if members[0] == DOSE_REGIMEN else n.term(members[0])
    union = n.bnode("union", key)
    graph.add((union, RDF.type, OWL.Class))
    graph.add((union, OWL.unionOf, _class_list(graph, key, members)))
    return union


def _synonyms(graph: Graph, s: URIRef, syn: Synonyms) -> None:
    for text in syn.exact:
        graph.add((s, EXACT, Literal(text)))
    for text in syn.related:
        graph.add((s, RELATED, Literal(text)))


def _mappings(graph: Graph, s: URIRef, m: Mappings, prefixes: dict[str, str]) -> None:
    for kind in ("exact", "close", "broad", "narrow"):
        for c in getattr(m, kind):
            graph.add((s, URIRef(f"{SKOS}{kind}Match"), URIRef(vocab.expand(c, prefixes))))


def _header(graph: Graph, r: Resolved) -> None:
    h = r.schema.ontology
    onto = URIRef(h.iri)
    graph.add((onto, RDF.type, OWL.Ontology))
    graph.add((onto, OWL.versionIRI, URIRef(f"{vocab.BASE}releases/{h.version}/spinekg.owl")))
    graph.add((onto, OWL.versionInfo, Literal(h.version)))
    graph.add((onto, n.dct("title"), Literal(h.title)))
    graph.add((onto, n.dct("description"), Literal(h.description)))
    graph.add((onto, n.dct("license"), URIRef(h.license)))
    for who in h.creators:
        graph.add((onto, n.dct("creator"), Literal(who)))
    if h.comment:
        graph.add((onto, RDFS.comment, Literal(h.comment)))


def _declarations(graph: Graph) -> None:
    for prop in (IAO_DEF, EXACT, RELATED, XREF, SYNONYM_TYPE, SYNONYM_TYPE_PROPERTY):
        graph.add((prop, RDF.type, OWL.AnnotationProperty))
    graph.add((IAO_DEF, RDFS.label, Literal("definition")))
    for local in ("title", "description", "license", "creator", "publisher", "source", "identifier", "type", "language", "issued", "modified", "date"):
        graph.add((n.dct(local), RDF.type, OWL.AnnotationProperty))
    for kind in ("exact", "close", "broad", "narrow"):
        graph.add((URIRef(f"{SKOS}{kind}Match"), RDF.type, OWL.AnnotationProperty))
    for ident, label, definition, _kind in vocab.PROVENANCE_PROPERTIES:
        p = n.skg(ident)
        graph.add((p, RDF.type, OWL.AnnotationProperty))
        graph.add((p, RDFS.label, Literal(label)))
        graph.add((p, IAO_DEF, Literal(definition)))
    for ident, label, definition in vocab.PROVENANCE_CLASSES:
        c = n.skg(ident)
        graph.add((c, RDF.type, OWL.Class))
        graph.add((c, RDFS.label, Literal(label)))
        graph.add((c, IAO_DEF, Literal(definition)))
    brand = n.skg(vocab.BRAND_NAME)
    graph.add((brand, RDF.type, OWL.AnnotationProperty))
    graph.add((brand, RDFS.subPropertyOf, SYNONYM_TYPE_PROPERTY))
    graph.add((brand, RDFS.label, Literal("brand name")))
    graph.add((brand, IAO_DEF, Literal("Synonym type of a brand name under which a product containing the drug is sold.")))


def _schema(graph: Graph, r: Resolved) -> None:
    prefixes = r.schema.prefixes
    for c in r.schema.categories:
        s = n.term(c.id)
        graph.add((s, RDF.type, OWL.Class))
        graph.add((s, RDFS.label, Literal(c.label)))
        graph.add((s, IAO_DEF, Literal(c.definition)))
        graph.add((s, n.skg("category"), s))
        if c.parent:
            graph.add((s, RDFS.subClassOf, n.term(c.parent)))
        _synonyms(graph, s, c.synonyms)
        _mappings(graph, s, c.mappings, prefixes)
    for i, group in enumerate(r.schema.disjoint):
        node = n.bnode("disjoint", str(i))
        graph.add((node, RDF.type, OWL.AllDisjointClasses))
        graph.add((node, OWL.members, _class_list(graph, f"disjoint{i}", group)))
    for st in r.schema.stances:
        s = n.skg(st.id)
        graph.add((s, RDF.type, OWL.NamedIndividual))
        graph.add((s, RDF.type, n.skg("Stance")))
        graph.add((s, RDFS.label, Literal(st.label)))
        graph.add((s, IAO_DEF, Literal(st.definition)))
    for ev in r.schema.evidence:
        graph.add((URIRef(vocab.expand(ev.id)), RDFS.label, Literal(ev.label)))
    for rel in r.schema.relations:
        p = n.term(rel.id)
        graph.add((p, RDF.type, OWL.ObjectProperty))
        graph.add((p, RDFS.label, Literal(rel.label)))
        graph.add((p, IAO_DEF, Literal(rel.definition)))
        graph.add((p, RDFS.domain, _union_or_class(graph, f"{rel.id}-domain", rel.domain)))
        graph.add((p, RDFS.range, _union_or_class(graph, f"{rel.id}-range", rel.range)))
        if rel.inverse:
            graph.add((p, OWL.inverseOf, n.term(rel.inverse)))
        _mappings(graph, p, rel.mappings, prefixes)
    for drel in r.schema.data_relations:
        p = n.term(drel.id)
        graph.add((p, RDF.type, OWL.DatatypeProperty))
        graph.add((p, RDFS.label, Literal(drel.label)))
        graph.add((p, IAO_DEF, Literal(drel.definition)))
        graph.add((p, RDFS.domain, _union_or_class(graph, f"{drel.id}-domain", drel.domain)))
        graph.add((p, RDFS.range, XSD.string))


def _terms(graph: Graph, r: Resolved) -> None:
    brands: dict[str, list[str]] = {}
    for c in r.claims:
        if c.graph_predicate == "hasBrand" and c.object:  # a brand the relation graph states (the stance rule decided)
            brands.setdefault(c.subject, []).append(c.object)
    for tid, t in r.terms.items():
        s = n.term(tid)
        graph.add((s, RDF.type, OWL.Class))
        graph.add((s, RDFS.label, Literal(t.label)))
        graph.add((s, IAO_DEF, Literal(t.definition)))
        graph.add((s, n.skg("category"), n.term(r.category_of[tid])))
        for parent in t.is_a:
            graph.add((s, RDFS.subClassOf, n.term(parent)))
        _synonyms(graph, s, t.synonyms)
        for brand in sorted(set(brands.get(tid, []))):
            name = Literal(r.terms[brand].label)
            graph.add((s, RELATED, name))
            ax = _annotated(graph, f"brand-{tid}-{brand}", s, RELATED, name)
            graph.add((ax, SYNONYM_TYPE, n.skg(vocab.BRAND_NAME)))
        for x in t.xrefs:
            graph.add((s, XREF, Literal(x)))
        if t.comment:
            graph.add((s, RDFS.comment, Literal(t.comment)))
        span = r.definition_spans.get(tid)
        if span is not None and t.definition_source is not None:
            ax = _annotated(graph, f"def-{tid}", s, IAO_DEF, Literal(t.definition))
            graph.add((ax, n.dct("source"), n.doc(t.definition_source.document)))
            graph.add((ax, n.skg("quote"), Literal(span.quote)))
            graph.add((ax, n.skg("startOffset"), Literal(span.start)))
            graph.add((ax, n.skg("endOffset"), Literal(span.end)))


def _claim_axiom(graph: Graph, c: ResolvedClaim) -> Iterator[Triple]:
    """The axiom of one claim: yields nothing for claims without a graph predicate."""
    if c.graph_predicate is None:
        return
    s = n.term(c.subject)
    if c.predicate == IS_A:
        target: Node = n.term(c.object or "")
    else:
        p = n.predicate(c.graph_predicate)
        restriction = n.bnode("r", c.subject, c.graph_predicate, c.object or c.value or c.id)
        graph.add((restriction, RDF.type, OWL.Restriction))
        graph.add((restriction, OWL.onProperty, p))
        if c.object is not None:
            graph.add((restriction, OWL.someValuesFrom, n.term(c.object)))
        elif c.value is not None:
            graph.add((restriction, OWL.hasValue, Literal(c.value)))
        else:
            graph.add((restriction, OWL.hasValue, n.regimen(c.id)))
        target = restriction
    graph.add((s, RDFS.subClassOf, target))
    if c.curator:
        ax = _annotated(graph, f"claim-{c.id}", s, RDFS.subClassOf, target)
        yield from n.provenance_triples(ax, c)
    for i, span in enumerate(c.spans, start=1):
        ax = _annotated(graph, f"claim-{c.id}-{i}", s, RDFS.subClassOf, target)
        yield from n.provenance_triples(ax, c)
        yield ax, n.skg("quote"), Literal(span.quote)
        yield ax, n.skg("startOffset"), Literal(span.start)
        yield ax, n.skg("endOffset"), Literal(span.end)


def ontology_graph(r: Resolved) -> Graph:
    """The whole ontology as an rdflib graph."""
    graph = Graph()
    for prefix, ns in vocab.PREFIXES.items():
        graph.bind(prefix, ns)
    graph.bind("obo", vocab.OBO)
    _header(graph, r)
    _declarations(graph)
    _schema(graph, r)
    _terms(graph, r)
    for d in r.documents.values():
        graph.add((n.doc(d.id), RDF.type, OWL.NamedIndividual))
        for t in n.document_triples(d):
            graph.add(t)
    for c in r.claims:
        for t in _claim_axiom(graph, c):
            graph.add(t)
        for t in n.regimen_triples(c):
            graph.add(t)
        if c.regimen is not None:
            graph.add((n.regimen(c.id), RDF.type, OWL.NamedIndividual))
    _rename_list_nodes(graph)
    return graph


def _rename_list_nodes(graph: Graph) -> None:
    """Give the random blank nodes rdflib's Collection minted stable IDs derived from the list head."""
    from rdflib import BNode

    for head in sorted({s for s in graph.subjects(RDF.first, None) if str(s).startswith("list")}, key=str):
        node, k = head, 0
        while True:
            nxt = graph.value(node, RDF.rest)
            if nxt is None or nxt == RDF.nil:
                break
            k += 1
            stable = BNode(f"{head}_{k}")
            for p, o in list(graph.predicate_objects(nxt)):
                graph.remove((nxt, p, o))
                graph.add((stable, p, o))
            graph.remove((node, RDF.rest, nxt))
            graph.add((node, RDF.rest, stable))
            node = stable

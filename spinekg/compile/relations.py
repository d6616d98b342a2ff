"""Compile the resolved curation to the relation graph: the asserted named graph.

As in Ubergraph, SPARQL users get one plain triple per assertion (``SKG:Naproxen SKG:treats
SKG:SpinalStenosis``), so they never parse OWL restrictions. Beside them sit one claim node per
assertion (a citable IRI with subject, predicate, object, stance, evidence, document, qualifiers and
quoted spans) and its evidence spans.

Each triple lives in exactly one named graph (ontology/README.md, "Which graph owns what"): what the
OWL ontology already states is not repeated here. The is-a hierarchy (``rdfs:subClassOf`` between
named classes, is-a claims included), the source documents and the dose-regimen individuals are
the ontology graph's; the compiler proves the graphs disjoint before writing them.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import RDF, Literal

from spinekg.compile import nodes as n
from spinekg.compile.nodes import Triple
from spinekg.curation.resolved import IS_A, Resolved, ResolvedClaim


def _claim_node(c: ResolvedClaim) -> Iterator[Triple]:
    node = n.claim(c.id)
    yield node, RDF.type, n.skg("CuratorMapping" if c.curator else "Claim")
    yield node, RDF.type, RDF.Statement
    yield node, RDF.subject, n.term(c.subject)
    yield node, RDF.predicate, n.predicate(c.predicate)
    if c.object is not None:
        yield node, RDF.object, n.term(c.object)
    elif c.value is not None:
        yield node, RDF.object, Literal(c.value)
    else:
        yield node, RDF.object, n.regimen(c.id)
    yield from n.provenance_triples(node, c, link=False)
    for i, span in enumerate(c.spans, start=1):
        s = n.span(c.id, i)
        yield node, n.skg("span"), s
        yield s, RDF.type, n.skg("EvidenceSpan")
        if c.document is not None:  # a curator mapping has no spans, so no document either
            yield s, n.dct("source"), n.doc(c.document)
        yield s, n.skg("quote"), Literal(span.quote)
        yield s, n.skg("startOffset"), Literal(span.start)
        yield s, n.skg("endOffset"), Literal(span.end)
        yield s, n.skg("spanRole"), Literal(span.role)


def asserted_triples(r: Resolved) -> Iterator[Triple]:
    """Every triple of the asserted named graph (duplicates are harmless: it is a set).

    Not here, because the ontology graph holds them: the is-a hierarchy and the plain triple of an
    is-a claim (its OWL axiom is that very triple), the documents and the regimens' own properties.
    """
    for c in r.claims:
        yield from _claim_node(c)
        if c.graph_predicate is None or c.predicate == IS_A:
            continue
        s, p = n.term(c.subject), n.predicate(c.graph_predicate)
        if c.object is not None:
            yield s, p, n.term(c.object)
        elif c.value is not None:
            yield s, p, Literal(c.value)
        else:
            yield s, p, n.regimen(c.id)

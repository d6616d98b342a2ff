"""IRIs and the small pieces of RDF both outputs share (documents, qualifiers, regimens)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from spinekg import vocab
from spinekg.curation.models import QUALIFIER_PROPERTIES, REGIMEN_FIELDS, TERM_QUALIFIERS, Document
from spinekg.curation.resolved import IS_A, ResolvedClaim

Triple = tuple[Node, Node, Node]

DCT = vocab.DCTERMS


def skg(local: str) -> URIRef:
    return URIRef(vocab.BASE + local)


def dct(local: str) -> URIRef:
    return URIRef(DCT + local)


def term(ident: str) -> URIRef:
    return URIRef(vocab.BASE + ident)


def doc(ident: str) -> URIRef:
    return URIRef(vocab.DOC + ident)


def claim(ident: str) -> URIRef:
    return URIRef(vocab.CLAIM + ident)


def span(claim_id: str, n: int) -> URIRef:
    return URIRef(f"{vocab.CLAIM}{claim_id}/span/{n}")


def regimen(claim_id: str) -> URIRef:
    return URIRef(f"{vocab.CLAIM}{claim_id}/regimen")


def predicate(ident: str) -> URIRef:
    """The property IRI of a claim predicate (``isA`` is ``rdfs:subClassOf``)."""
    return RDFS.subClassOf if ident == IS_A else URIRef(vocab.BASE + ident)


def bnode(*parts: str) -> BNode:
    """A blank node whose ID depends only on ``parts``, so rebuilds are byte-identical."""
    digest = hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:16]
    return BNode(f"{parts[0]}{digest}")


def document_triples(d: Document) -> Iterator[Triple]:
    s = doc(d.id)
    yield s, RDF.type, skg("SourceDocument")
    yield s, RDFS.label, Literal(d.title)
    yield s, dct("identifier"), Literal(d.id)
    yield s, dct("title"), Literal(d.title)
    yield s, dct("type"), Literal(d.kind)
    yield s, skg("sourceKind"), Literal(d.kind)
    yield s, skg("sourceFile"), Literal(d.file)
    yield s, skg("sha256"), Literal(d.sha256)
    yield s, dct("language"), Literal("en")
    if d.author:
        yield s, dct("creator"), Literal(d.author)
    if d.publisher:
        yield s, dct("publisher"), Literal(d.publisher)
    if d.date:
        iso = len(d.date) == 10 and d.date[4] == "-" and d.date[7] == "-"
        prop = {"published": "issued", "modified": "modified", "reviewed": "date"}[d.date_kind or "published"]
        yield s, dct(prop), Literal(d.date, datatype=XSD.date) if iso else Literal(d.date)
        yield s, skg("dateKind"), Literal(d.date_kind)
    if d.note:
        yield s, RDFS.comment, Literal(d.note)


def provenance_triples(node: Node, c: ResolvedClaim, *, link: bool = True) -> Iterator[Triple]:
    """Stance, evidence, source and qualifiers: what every claim node and axiom annotation carries.

    ``link`` adds the ``skg:claim`` link from an axiom annotation to its claim node.
    """
    if link:
        yield node, skg("claim"), claim(c.id)
    if c.document is not None:
        yield node, dct("source"), doc(c.document)
    yield node, skg("evidence"), URIRef(vocab.expand(c.evidence))
    yield node, skg("stance"), skg(c.stance)
    if c.curator:
        yield node, skg("curatorMapping"), Literal(True)
    if c.comment:
        yield node, RDFS.comment, Literal(c.comment)
    yield from qualifier_triples(node, c)
    if c.regimen is not None:
        yield node, skg("regimen"), regimen(c.id)


def qualifier_triples(node: Node, c: ResolvedClaim) -> Iterator[Triple]:
    """The claim's qualifiers on ``node`` (its claim node, an axiom annotation, a derivation)."""
    q = c.qualifiers
    for name, prop in QUALIFIER_PROPERTIES.items():
        for v in q.values(name):
            yield node, skg(prop), term(v) if name in TERM_QUALIFIERS else Literal(v)


def regimen_triples(c: ResolvedClaim) -> Iterator[Triple]:
    if c.regimen is None:
        return
    r = regimen(c.id)
    yield r, RDF.type, skg("DoseRegimen")
    for name in REGIMEN_FIELDS:
        value = getattr(c.regimen, name)
        if value is not None:
            yield r, skg(name), Literal(value)

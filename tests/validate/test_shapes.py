"""SHACL over the built graph: it conforms, and broken claims are caught."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from spinekg import vocab
from spinekg.curation.check import check_root
from spinekg.validate.shapes import shapes_graph, validate

SKG = vocab.BASE


@pytest.fixture(scope="module")
def shapes(root: Path) -> Graph:
    return shapes_graph(check_root(root))


def _data(kg, *claims: str) -> Graph:
    """The claims' own nodes (claim, spans, regimen, document) plus the whole is-a hierarchy and
    plain relation triples of their terms: enough for every shape that concerns them. (The full
    graph is validated by `spinekg validate`, see test_qc.)"""
    from rdflib import RDFS

    g = Graph()
    nodes = set()
    asserted, ontology = kg.asserted_graph, kg.ontology_graph
    for c in claims:
        node = URIRef(vocab.CLAIM + c)
        nodes |= {node, *asserted.objects(node, URIRef(SKG + "span")), *asserted.objects(node, URIRef(SKG + "regimen"))}
        nodes |= set(asserted.objects(node, URIRef(vocab.DCTERMS + "source")))
    for n in nodes:  # claim nodes and spans are the asserted graph's; documents and regimens the ontology's
        for graph in (asserted, ontology):
            for t in graph.triples((n, None, None)):
                g.add(t)
    for t in ontology.triples((None, RDFS.subClassOf, None)):  # the ontology graph owns the hierarchy
        if isinstance(t[2], URIRef):
            g.add(t)
    return g


def test_sampled_claims_conform(kg, shapes: Graph) -> None:
    result = validate(_data(kg, "D000-021", "D001-010", "D003-412.Pregnancy"), shapes)
    assert result.conforms, result.violations


def test_a_span_without_quote_is_caught(kg, shapes: Graph) -> None:
    data = _data(kg, "D000-021")
    span = URIRef(vocab.CLAIM + "D000-021/span/1")
    data.remove((span, URIRef(SKG + "quote"), None))
    result = validate(data, shapes)
    assert not result.conforms
    assert [(f, p) for f, p, _ in result.violations] == [("SKGCLAIM:D000-021/span/1", "SKG:quote")]


def test_a_claim_without_document_or_stance_is_caught(kg, shapes: Graph) -> None:
    data = _data(kg, "D000-021")
    claim = URIRef(vocab.CLAIM + "D000-021")
    data.remove((claim, URIRef(vocab.DCTERMS + "source"), None))
    data.remove((claim, URIRef(SKG + "stance"), None))
    focus = {(f, p) for f, p, _ in validate(data, shapes).violations}
    assert {("SKGCLAIM:D000-021", "dcterms:source"), ("SKGCLAIM:D000-021", "SKG:stance")} <= focus


def test_range_violation_on_a_plain_triple_is_caught(kg, shapes: Graph) -> None:
    data = _data(kg)
    data.add((URIRef(SKG + "Naproxen"), URIRef(SKG + "treats"), URIRef(SKG + "Advil")))
    messages = [m for f, _, m in validate(data, shapes).violations if f == "SKG:Naproxen"]
    # only the range: with the hierarchy in the data, naproxen is a drug, inside the domain of treats
    assert messages == ["object is outside the range of treats (Condition, ClinicalFinding)"]


def test_regimen_needs_amount_and_unit(kg, shapes: Graph) -> None:
    data = _data(kg)
    node = URIRef(vocab.CLAIM + "X-1/regimen")
    data.add((node, RDF.type, URIRef(SKG + "DoseRegimen")))
    data.add((node, URIRef(SKG + "amount"), Literal("250")))
    paths = {p for f, p, _ in validate(data, shapes).violations if f == "SKGCLAIM:X-1/regimen"}
    assert paths == {"SKG:unit"}

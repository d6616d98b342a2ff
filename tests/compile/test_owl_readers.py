"""The RDF/XML ontology as OWL tools read it: typed elements with the ``owl:Ontology`` header first
(pronto walks the XML and finds terms and parents), OWL 2 DL clean by a real profile checker
(py-horned-owl), and the writer writes every triple of the graph and nothing else."""

from __future__ import annotations

import hashlib
import importlib.util
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection

from spinekg import vocab
from spinekg.compile.serialize import rdfxml

if TYPE_CHECKING:
    from spinekg.kg import KnowledgeGraph

SKG = vocab.BASE
OWL_NS = "{http://www.w3.org/2002/07/owl#}"
RDF_NS = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def need(module: str, package: str) -> None:
    """Fail (not skip) when a reader the test extra brings is missing."""
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{package} is not installed: pip install -e '.[test]'")


def canonical(graph: Graph) -> Counter[tuple[str, str, str]]:
    """The triples with each blank node named by a hash of what it holds, as a multiset: equal for
    two parses of the same graph whatever the blank node labels (rdflib's ``isomorphic`` takes minutes
    on the ontology's 3,000 blank nodes; these trees and shared restrictions are named by content)."""
    out: dict[BNode, list[tuple[URIRef, object]]] = defaultdict(list)
    for s, p, o in graph:
        if isinstance(s, BNode):
            out[s].append((p, o))
    memo: dict[BNode, str] = {}

    def name(node: object, depth: int = 0) -> str:
        if not isinstance(node, BNode):
            return node.n3()  # type: ignore[attr-defined]
        if node not in memo:
            assert depth < 100, "a cycle of blank nodes"
            memo[node] = "_:" + hashlib.sha1("\n".join(sorted(f"{p.n3()} {name(o, depth + 1)}" for p, o in out[node])).encode()).hexdigest()
        return memo[node]

    return Counter((name(s), p.n3(), name(o)) for s, p, o in graph)


@pytest.fixture(scope="module")
def ttl(kg: KnowledgeGraph) -> Graph:
    return Graph().parse(kg.files.ttl, format="turtle")


def test_the_rdf_xml_holds_exactly_the_graph_the_turtle_holds(kg: KnowledgeGraph, ttl: Graph) -> None:
    rdf = Graph().parse(kg.files.owl, format="xml")
    assert len(rdf) == len(ttl)
    assert canonical(rdf) == canonical(ttl)
    blank = lambda g: {x for t in g for x in t if isinstance(x, BNode)}  # noqa: E731
    assert len(blank(rdf)) == len(blank(ttl))  # the lists, written as parseType="Collection", too


def test_typed_elements_with_the_ontology_header_first(kg: KnowledgeGraph) -> None:
    root = ElementTree.parse(kg.files.owl).getroot()
    children = list(root)
    assert children[0].tag == f"{OWL_NS}Ontology" and children[0].get(f"{RDF_NS}about") == f"{SKG}spinekg.owl"
    tags = Counter(c.tag.split("}")[1] for c in children)
    assert tags["Ontology"] == 1 and tags["Class"] > 600 and tags["ObjectProperty"] > 10
    assert tags["AnnotationProperty"] > 30 and tags["NamedIndividual"] > 5 and tags["Axiom"] > 1000
    # rdf:Description only for what has no OWL type (the ECO evidence codes, annotated by a label)
    untyped = [c.get(f"{RDF_NS}about") for c in children if c.tag == f"{RDF_NS}Description"]
    assert untyped and all(iri.startswith(vocab.OBO + "ECO_") for iri in untyped)
    # each named subject once at the top; a claim's restriction inside its rdfs:subClassOf
    named = [c.get(f"{RDF_NS}about") for c in children if c.get(f"{RDF_NS}about")]
    assert len(named) == len(set(named))
    naproxen = next(c for c in children if c.get(f"{RDF_NS}about") == f"{SKG}Naproxen")
    restrictions = [r for sub in naproxen.iter(f"{{{RDFS}}}subClassOf") for r in sub.iter(f"{OWL_NS}Restriction")]
    assert restrictions and all(r.find(f"{OWL_NS}onProperty") is not None for r in restrictions)


def test_the_oboinowl_synonym_type_property_is_declared(ttl: Graph) -> None:
    parent = URIRef(vocab.OBOINOWL + "SynonymTypeProperty")
    assert (URIRef(SKG + vocab.BRAND_NAME), RDFS.subPropertyOf, parent) in ttl
    assert (parent, RDF.type, OWL.AnnotationProperty) in ttl


def test_pronto_finds_every_term_and_its_parents(kg: KnowledgeGraph, ttl: Graph) -> None:
    need("pronto", "pronto")
    import pronto

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pronto warns of the OWL it does not map to OBO (annotated axioms ...)
        onto = pronto.Ontology(str(kg.files.owl), encoding="utf-8")
    classes = {s for s in ttl.subjects(RDF.type, OWL.Class) if isinstance(s, URIRef)}
    assert len(onto.terms()) == len(classes) >= 684
    for c in classes:
        term = onto[str(c)]
        assert term.name == str(ttl.value(c, RDFS.label)), c
        parents = {str(p) for p in ttl.objects(c, RDFS.subClassOf) if isinstance(p, URIRef)}
        assert {t.id for t in term.superclasses(distance=1, with_self=False)} == parents, c
    naproxen = onto[SKG + "Naproxen"]
    assert naproxen.name == "naproxen" and naproxen.definition is not None
    assert SKG + "NSAID" in {t.id for t in naproxen.superclasses(with_self=False)}
    assert SKG + "Drug" in {t.id for t in naproxen.superclasses(with_self=False)}
    assert SKG + "Naproxen" in {t.id for t in onto[SKG + "NSAID"].subclasses(with_self=False)}
    # the brand name is a synonym of the synonym type the ontology declares
    assert any(s.description == "Aleve" and s.type is not None and s.type.id == SKG + vocab.BRAND_NAME for s in naproxen.synonyms)
    # an existential restriction pronto maps to a relationship: naproxen treats pain
    treats = onto.get_relationship(SKG + "treats")
    assert SKG + "Pain" in {t.id for t in naproxen.relationships[treats]}


def test_owl_2_dl_by_horned_owl(kg: KnowledgeGraph, ttl: Graph, tmp_path: Path) -> None:
    """py-horned-owl's profile checker (a Rust implementation of the OWL 2 DL global restrictions)."""
    need("pyhornedowl", "py-horned-owl")
    import pyhornedowl
    from pyhornedowl import profile

    onto = pyhornedowl.open_ontology_from_file(str(kg.files.owl), "owl")
    assert len(onto.get_classes()) >= 684
    report = profile.check_profile(onto, "DL")
    assert report.violations == [] and report.conformant
    # the checker is live: without the declaration of SynonymTypeProperty it objects
    undeclared = Graph()
    for prefix, ns in ttl.namespaces():
        undeclared.bind(prefix, ns)
    for t in ttl:
        undeclared.add(t)
    undeclared.remove((URIRef(vocab.OBOINOWL + "SynonymTypeProperty"), RDF.type, OWL.AnnotationProperty))
    (tmp_path / "undeclared.owl").write_bytes(rdfxml(undeclared))
    broken = profile.check_profile(pyhornedowl.open_ontology_from_file(str(tmp_path / "undeclared.owl"), "owl"), "DL")
    assert not broken.conformant and any("SynonymTypeProperty" in repr(v) for v in broken.violations)


def test_the_writer_round_trips_hostile_graphs_and_is_deterministic() -> None:
    g = Graph()
    g.bind("ex", "https://example.org/ns#")
    ex = "https://example.org/ns#"
    a, b = URIRef(ex + "A"), URIRef(ex + "B")
    g.add((URIRef(ex + "onto"), RDF.type, OWL.Ontology))
    g.add((a, RDF.type, OWL.Class))
    g.add((a, RDF.type, URIRef(ex + "Kind")))
    g.add((a, RDFS.label, Literal('<tag> & "quotes" \r\n\ttab ]]>', lang="en")))
    g.add((a, RDFS.comment, Literal("  leading and trailing  ")))
    g.add((a, URIRef(ex + "n"), Literal(3)))
    g.add((a, URIRef(ex + "d"), Literal("2024-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    g.add((a, URIRef("https://example.org/other/9weird"), Literal("a property with no XML name in a bound namespace")))
    shared = BNode("shared")  # pointed to twice: nested once, referred to by rdf:nodeID
    g.add((a, RDFS.subClassOf, shared))
    g.add((shared, RDF.type, OWL.Restriction))
    g.add((shared, OWL.onProperty, URIRef(ex + "p")))
    g.add((shared, OWL.someValuesFrom, b))
    ax = BNode("ax")
    g.add((ax, RDF.type, OWL.Axiom))
    g.add((ax, OWL.annotatedSource, a))
    g.add((ax, OWL.annotatedTarget, shared))
    union = BNode("union")
    g.add((union, OWL.unionOf, BNode("l0")))
    Collection(g, BNode("l0"), [a, b, BNode("member")])
    g.add((BNode("member"), RDFS.label, Literal("a blank list member")))
    g.add((b, RDFS.domain, union))
    x, y = BNode("x"), BNode("y")  # a cycle of blank nodes
    g.add((x, RDFS.seeAlso, y))
    g.add((y, RDFS.seeAlso, x))
    data = rdfxml(g)
    assert data == rdfxml(g)
    back = Graph().parse(data=data, format="xml")
    from rdflib.compare import isomorphic

    assert isomorphic(g, back), data.decode()
    lines = data.decode().splitlines()
    assert lines[lines.index(">") + 1].startswith("  <owl:Ontology ")
    with pytest.raises(ValueError, match=r"XML 1\.0"):
        rdfxml(Graph().add((a, RDFS.label, Literal("bell \x07"))))

"""Every claim is traced: document, quote at its offsets, evidence type, stance; OWL loads."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef

from spinekg import vocab
from spinekg.curation.sources import normalise

SKG = vocab.BASE
DCT_SOURCE = URIRef(vocab.DCTERMS + "source")


def _texts(root: Path, kg) -> dict[URIRef, str]:
    out = {}
    for doc in kg.ontology_graph.subjects(RDF.type, URIRef(SKG + "SourceDocument")):
        name = kg.ontology_graph.value(doc, URIRef(SKG + "sourceFile"))
        out[doc] = (root / "ontology/sources" / str(name)).read_text(encoding="utf-8")
    return out


def test_every_claim_has_document_quote_at_offsets_and_evidence(root: Path, kg) -> None:
    g = kg.asserted_graph
    texts = _texts(root, kg)
    claims = list(g.subjects(RDF.type, URIRef(SKG + "Claim")))
    assert len(claims) > 60
    for c in claims:
        doc = g.value(c, DCT_SOURCE)
        assert doc in texts, c
        evidence = g.value(c, URIRef(SKG + "evidence"))
        assert str(evidence).startswith(vocab.OBO + "ECO_"), c
        assert g.value(c, URIRef(SKG + "stance")) is not None, c
        assert g.value(c, RDF.subject) is not None and g.value(c, RDF.predicate) is not None
        spans = list(g.objects(c, URIRef(SKG + "span")))
        assert spans, c
        for s in spans:
            quote = str(g.value(s, URIRef(SKG + "quote")))
            start = g.value(s, URIRef(SKG + "startOffset")).toPython()
            end = g.value(s, URIRef(SKG + "endOffset")).toPython()
            assert normalise(texts[doc][start:end]) == quote, (c, quote)


def test_owl_axioms_carry_the_same_provenance(kg) -> None:
    """SubClassOf(HeatTherapy, treats some IsolatedSpinalTenderness) is annotated with D000's quotes."""
    g = kg.ontology_graph
    heat = URIRef(SKG + "HeatTherapy")
    found = []
    for ax in g.subjects(OWL.annotatedSource, heat):
        target = g.value(ax, OWL.annotatedTarget)
        if g.value(target, OWL.onProperty) == URIRef(SKG + "treats") and g.value(target, OWL.someValuesFrom) == URIRef(SKG + "IsolatedSpinalTenderness"):
            found.append(ax)
    assert len(found) == 3  # one annotation node per quoted span of claim D000-021
    quotes = {str(g.value(ax, URIRef(SKG + "quote"))) for ax in found}
    assert quotes == {
        "Treatment for Tender Spots on Spine",
        "Isolated spinal tenderness goes away within a few days of rest, icing, and heat application.",
        "However, your doctor may suggest different treatment options if these methods don’t work out.",
    }
    for ax in found:
        assert (heat, RDFS.subClassOf, g.value(ax, OWL.annotatedTarget)) in g
        assert g.value(ax, DCT_SOURCE) == URIRef(vocab.DOC + "D000")
        assert g.value(ax, URIRef(SKG + "stance")) == URIRef(SKG + "Recommended")
        assert g.value(ax, URIRef(SKG + "evidence")) == URIRef(vocab.OBO + "ECO_0000303")
        assert g.value(ax, URIRef(SKG + "claim")) == URIRef(vocab.CLAIM + "D000-021")
        assert str(g.value(ax, URIRef(SKG + "lineOfTherapy"))) == "first"


def test_rdflib_and_owlready2_load_the_owl_file(kg) -> None:
    rdf = Graph().parse(kg.files.owl, format="xml")
    ttl = Graph().parse(kg.files.ttl, format="turtle")
    # rdflib.compare.isomorphic canonicalises every blank node and takes minutes on this graph;
    # the blank-node-free triples plus the shape of the blank-node triples pin it down as well.
    assert len(rdf) == len(ttl)
    ground = lambda g: {t for t in g if not any(isinstance(x, BNode) for x in t)}  # noqa: E731
    shape = lambda g: sorted((p, o if not isinstance(o, BNode) else None) for s, p, o in g if isinstance(s, BNode))  # noqa: E731
    assert ground(rdf) == ground(ttl)
    assert shape(rdf) == shape(ttl)
    onto = kg.owl()
    naproxen = onto.search_one(label="naproxen")
    assert naproxen is not None
    assert "NSAID" in {c.name for c in naproxen.is_a if hasattr(c, "name")}


def test_asserted_graph_has_plain_triples_and_no_owl_plumbing(kg) -> None:
    g = kg.asserted_graph
    assert (URIRef(SKG + "HeatTherapy"), URIRef(SKG + "treats"), URIRef(SKG + "IsolatedSpinalTenderness")) in g
    assert (URIRef(SKG + "Ibuprofen"), URIRef(SKG + "hasBrand"), URIRef(SKG + "Advil")) in g
    assert not list(g.subjects(RDF.type, OWL.Restriction))
    assert not list(g.subjects(RDF.type, OWL.Axiom))


def test_the_contract_example_is_true(root: Path, kg) -> None:
    """ontology/README.md shows claim D000-021's statement span with real offsets; keep it honest."""
    import re

    doc = (root / "ontology/README.md").read_text(encoding="utf-8")
    start, end = map(int, re.search(r"SKG:startOffset (\d+) ; SKG:endOffset (\d+)", doc).groups())
    span = URIRef(vocab.CLAIM + "D000-021/span/2")
    g = kg.asserted_graph
    assert (g.value(span, URIRef(SKG + "startOffset")).toPython(), g.value(span, URIRef(SKG + "endOffset")).toPython()) == (start, end)


def test_each_triple_is_in_exactly_one_named_graph(kg) -> None:
    """Read from the built files by rdflib, not the compiler: no triple is in two graphs, so a query
    over their union (the default graph) never sees a row twice."""
    graphs = {"ontology": set(kg.ontology_graph), "asserted": set(kg.asserted_graph), "inferred": set(kg.inferred_graph)}
    assert all(graphs.values())
    for a, b in (("ontology", "asserted"), ("ontology", "inferred"), ("asserted", "inferred")):
        assert not graphs[a] & graphs[b], f"{len(graphs[a] & graphs[b])} triples in both the {a} and the {b} graph"


def test_which_graph_owns_what(kg) -> None:
    """The ownership ontology/README.md states ("Which graph owns what")."""
    onto, asserted, inferred = kg.ontology_graph, kg.asserted_graph, kg.inferred_graph
    kinds = {name: URIRef(SKG + name) for name in ("SourceDocument", "DoseRegimen", "Claim", "EvidenceSpan", "Derivation", "InferenceRule")}

    def graphs_of(s) -> set[str]:
        return {name for name, g in (("ontology", onto), ("asserted", asserted), ("inferred", inferred)) if (s, None, None) in g}

    owners = {"SourceDocument": {"ontology"}, "DoseRegimen": {"ontology"}, "Claim": {"asserted"}, "EvidenceSpan": {"asserted"}}
    owners |= {"Derivation": {"inferred"}, "InferenceRule": {"inferred"}}
    for kind, owner in owners.items():
        nodes = set(kg.dataset.subjects(RDF.type, kinds[kind]))
        assert nodes, kind
        assert all(graphs_of(n) == owner for n in nodes), kind
    # the is-a hierarchy between named classes, is-a claims included, is the ontology graph's
    assert not list(asserted.triples((None, RDFS.subClassOf, None)))
    assert not list(inferred.triples((None, RDFS.subClassOf, None)))
    naproxen = URIRef(SKG + "Naproxen")
    assert {o for o in onto.objects(naproxen, RDFS.subClassOf) if isinstance(o, URIRef)} >= {URIRef(SKG + "NSAID")}
    # a claim's plain triple is the asserted graph's, and only the OWL axiom stands for it in the ontology
    treats = (URIRef(SKG + "HeatTherapy"), URIRef(SKG + "treats"), URIRef(SKG + "IsolatedSpinalTenderness"))
    assert treats in asserted and treats not in onto

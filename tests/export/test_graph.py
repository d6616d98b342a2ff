"""kg.to_networkx(): terms as nodes, plain triples as edges, every edge with its provenance.

Expected clinical content is written by hand from the texts in ontology/sources/.
"""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from spinekg.errors import UnknownRelationError, UnknownTermError

if TYPE_CHECKING:
    import networkx as nx

    from spinekg.kg import KnowledgeGraph

CONTRA = "SKG:contraindicatedIn"
# D003: "Elimination of pain is done by using electric current, ultrasound, magnetic field and other
# methods ... But we must remember that this reduction in pain is contraindicated in pregnancy, blood
# diseases, oncological pathologies and acute infectious processes."
QUOTE = (
    "But we must remember that this reduction in pain is contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes."
)
STATED = {"SKG:Electrotherapy", "SKG:UltrasoundTherapy", "SKG:Magnetotherapy"}
# electrophoresis is a kind of electrotherapy, UHF therapy (an electromagnetic field) of magnetotherapy
INHERITED = {"SKG:Electrophoresis", "SKG:UHFTherapy"}


def edges(g: nx.MultiDiGraph, key: str, *, target: str | None = None, source: str | None = None) -> dict[str, dict]:
    return {
        (v if target is None else u): d
        for u, v, k, d in g.edges(keys=True, data=True)
        if k == key and (target is None or v == target) and (source is None or u == source)
    }


def test_nodes_are_terms_keyed_by_curie(graph: nx.MultiDiGraph) -> None:
    naproxen = graph.nodes["SKG:Naproxen"]
    assert naproxen["label"] == "naproxen"
    assert naproxen["category"] == "SKG:Drug"
    assert "Aleve" in naproxen["synonyms"]  # D000: "Naproxen (e.g., Aleve)"
    assert naproxen["definition"]
    assert naproxen["iri"] == "https://w3id.org/spinekg/Naproxen"
    assert graph.nodes["SKG:Acetaminophen"]["synonyms"] and "paracetamol" in graph.nodes["SKG:Acetaminophen"]["synonyms"]
    for _, d in graph.nodes(data=True):
        assert isinstance(d["synonyms"], list) and isinstance(d["xrefs"], list)
        assert d["label"] and d["category"].startswith("SKG:") and d["category_label"]


def test_contraindications_in_pregnancy_with_quotes_and_derivations(graph: nx.MultiDiGraph) -> None:
    found = edges(graph, CONTRA, target="SKG:Pregnancy")
    assert {t for t, d in found.items() if not d["inferred"]} == STATED
    assert {t for t, d in found.items() if d["inferred"]} == INHERITED
    for d in found.values():
        assert d["predicate"] == CONTRA and d["label"] == "contraindicated in"
        assert d["stance"] == ["contraindicated"]
        assert d["sources"] == ["SKGDOC:D003"]
        assert QUOTE in d["quotes"]
        (claim,) = d["claims"]
        assert [e["claim"] for e in d["evidence"]] == [claim]
        spans = d["evidence"][0]["spans"]
        assert any(s["quote"] == QUOTE and s["end"] - s["start"] == len(QUOTE) for s in spans)
    inferred = found["SKG:Electrophoresis"]
    assert inferred["via"] == ["SKG:Electrotherapy"]
    assert inferred["rules"] == ["contraindication-to-subclass"]
    assert "SKG:Electrophoresis rdfs:subClassOf SKG:Electrotherapy" in inferred["derivations"][0]
    assert (inferred["knowledge_level"], inferred["agent_type"]) == ("logical_entailment", "automated_agent")
    stated = found["SKG:Electrotherapy"]
    assert (stated["knowledge_level"], stated["agent_type"]) == ("knowledge_assertion", "manual_agent")
    assert stated["primary_knowledge_source"] == "infores:spinekg"


def test_advice_against_is_its_own_predicate_and_keeps_its_stance(graph: nx.MultiDiGraph) -> None:
    # D001: "Errors: use of ineffective treatment; inadequate use of time ...; opioids."
    d = edges(graph, "SKG:advisedAgainstFor", source="SKG:Opioid")["SKG:BackPain"]
    assert d["stance"] == ["advised against"]
    assert d["quotes"] == ["Errors: use of ineffective treatment; inadequate use of time when working with the patient; opioids."]
    assert "SKG:BackPain" not in edges(graph, "SKG:treats", source="SKG:Opioid") or all(
        e["stance"] != "advised against" for e in edges(graph, "SKG:treats", source="SKG:Opioid")["SKG:BackPain"]["evidence"]
    )


def test_mixed_evidence_puts_no_edge(graph: nx.MultiDiGraph) -> None:
    # D002: "In some studies, bed rest has been shown to aid recovery whereas other studies have shown
    # that it can make the pain worse." -- the only statement on bed rest for back spasms
    assert not graph.has_edge("SKG:BedRest", "SKG:BackSpasm")


def test_dose_regimen_is_a_node_with_its_qualifiers_on_the_edge(graph: nx.MultiDiGraph) -> None:
    # D001: "naproxen 250 mg every 8 hours orally after meals"
    ((regimen, d),) = edges(graph, "SKG:hasDoseRegimen", source="SKG:Naproxen").items()
    assert graph.nodes[regimen]["category"] == "SKG:DoseRegimen"
    assert (d["amount"], d["unit"], d["frequency"], d["timing"]) == (["250"], ["mg"], ["every 8 hours"], ["after meals"])
    assert d["quotes"] == ["naproxen 250 mg every 8 hours orally after meals"]
    assert "250 mg" in graph.nodes[regimen]["label"]


def test_qualifiers_and_curator_notes_ride_on_the_edge(graph: nx.MultiDiGraph) -> None:
    # D003: "This type of pain is also often experienced by pregnant women ..." (hedge "often")
    d = edges(graph, "SKG:causedBy", source="SKG:DullPain")["SKG:Pregnancy"]
    assert d["hedge"] == ["often"]
    assert d["evidence"][0]["qualifiers"] == {"hedge": ["often"]}


def test_curator_mappings_are_edges_without_a_document(graph: nx.MultiDiGraph) -> None:
    d = edges(graph, "SKG:hasActiveIngredient", source="SKG:Diclac")["SKG:Diclofenac"]
    (ev,) = d["evidence"]
    assert ev["curator_mapping"] is True and ev["spans"] == [] and "document" not in ev
    assert d["sources"] == [] and "Curator terminology" in ev["comment"]


def test_every_claim_with_a_triple_is_on_exactly_one_edge(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    on_edges = [c for u, v, d in graph.edges(data=True) if not d["inferred"] for c in d["claims"]]
    assert len(on_edges) == len(set(on_edges))
    # an independent count: claims (and curator mappings) between two nodes whose stance gives a
    # triple, and which hold for the whole subject (a claim scoped to some or many members, D003-202
    # "many tools can ... bring harm", states none)
    rows = kg.sparql("""
        PREFIX SKG: <https://w3id.org/spinekg/>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
          ?c rdf:subject ?s ; rdf:object ?o ; SKG:stance ?stance .
          FILTER(isIRI(?o) && ?stance NOT IN (SKG:MixedEvidence, SKG:NotEffective))
          FILTER NOT EXISTS { ?c a SKG:Derivation }
          FILTER NOT EXISTS { ?c SKG:scope ?scope }
        }""")
    assert len(on_edges) == rows.rows[0].n
    for u, v, k, d in graph.edges(keys=True, data=True):
        if k != "rdfs:subClassOf" or d["inferred"]:
            assert d["claims"], (u, k, v)
        for ev in d["evidence"]:
            assert ev.get("curator_mapping") or (ev["spans"] and ev["document"] in d["sources"])


def test_inferred_edges_equal_the_inferred_graph(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    rows = kg.sparql("""
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT (COUNT(*) AS ?n) WHERE {
          GRAPH <https://w3id.org/spinekg/graph/inferred> { ?s ?p ?o } ?p a owl:ObjectProperty }""")
    inferred = [d for _, _, d in graph.edges(data=True) if d["inferred"]]
    assert len(inferred) == rows.rows[0].n
    assert all(d["derivations"] and d["claims"] for d in inferred)
    # each rests on quoted claims, or on a curator mapping (a brand's ingredient) that has no quote
    for d in inferred:
        assert all(ev["spans"] or ev.get("curator_mapping") for ev in d["evidence"])
        assert d["quotes"] or all(ev.get("curator_mapping") for ev in d["evidence"])


def test_asserted_only_and_no_isa(kg: KnowledgeGraph, graph: nx.MultiDiGraph) -> None:
    asserted = kg.to_networkx(inferred=False, isa=False)
    keys = {k for _, _, k in asserted.edges(keys=True)}
    assert "rdfs:subClassOf" not in keys and CONTRA in keys
    assert not any(d["inferred"] for _, _, d in asserted.edges(data=True))
    assert set(edges(asserted, CONTRA, target="SKG:Pregnancy")) == STATED
    assert asserted.number_of_nodes() == graph.number_of_nodes()  # nodes stay; only edges go
    isa = edges(graph, "rdfs:subClassOf", source="SKG:Electrophoresis")
    assert "SKG:Electrotherapy" in isa and isa["SKG:Electrotherapy"]["label"] == "is a"


def test_categories_and_predicates(kg: KnowledgeGraph) -> None:
    g = kg.to_networkx(categories=["treatment", "physiological state"], predicates=["contraindicated in"])
    assert {k for _, _, k in g.edges(keys=True)} == {CONTRA}
    assert set(edges(g, CONTRA, target="SKG:Pregnancy")) == STATED | INHERITED
    # "treatment" takes its subcategories (physiotherapy) along; nodes without an edge go
    assert {d["category"] for _, d in g.nodes(data=True)} == {"SKG:Physiotherapy", "SKG:PhysiologicalState"}
    regimens = kg.to_networkx(categories=["dose regimen", "SKG:Drug"], predicates=["SKG:hasDoseRegimen"])
    assert "SKG:Naproxen" in regimens and all(k == "SKG:hasDoseRegimen" for _, _, k in regimens.edges(keys=True))


def test_ego_graph_around_a_term(kg: KnowledgeGraph) -> None:
    ego = kg.to_networkx(term="pregnancy", depth=1)
    # D003: pregnancy is contraindicated for the three methods (and their two subtypes) and is what
    # dull and pulling pain come from ("This type of pain is also often experienced by pregnant
    # women", "The pulling pain of a pregnant woman appears from the dorsal load of having a fetus");
    # pregnancy is a physiological state
    assert set(ego) == STATED | INHERITED | {
        "SKG:Pregnancy",
        "SKG:PhysiologicalState",
        "SKG:DullPain",
        "SKG:PullingPain",
    }
    assert set(kg.to_networkx(term="SKG:Pregnancy", depth=0)) == {"SKG:Pregnancy"}
    wider = kg.to_networkx(term="pregnancy", depth=2)
    assert set(ego) < set(wider) and "SKG:Physiotherapy" in wider
    assert "SKG:Acetaminophen" in kg.to_networkx(term="paracetamol", depth=0)  # a synonym names the term
    assert wider.graph["selection"] == {"inferred": True, "isa": True, "term": "SKG:Pregnancy", "depth": 2}


def test_unknown_names_fail_clearly(kg: KnowledgeGraph) -> None:
    with pytest.raises(UnknownTermError, match="closest: naproxen"):
        kg.to_networkx(term="naproxn")
    with pytest.raises(UnknownRelationError, match="unknown relation 'treatz'; closest: treats"):
        kg.to_networkx(predicates=["treatz"])
    with pytest.raises(UnknownTermError, match="'naproxen' is a drug, not a category; closest: drug"):
        kg.to_networkx(categories=["naproxen"])
    with pytest.raises(ValueError, match="depth"):
        kg.to_networkx(term="pregnancy", depth=-1)


def test_graph_attributes_name_documents_categories_predicates(graph: nx.MultiDiGraph) -> None:
    assert graph.graph["documents"]["SKGDOC:D002"]["title"] == "Causes & Treatments for Back Spasms"
    cats = graph.graph["categories"]
    assert cats["SKG:RedFlag"]["root"] == "SKG:ClinicalFinding"
    assert graph.graph["predicates"][CONTRA]["biolink"] == "biolink:contraindicated_in"


def test_graphs_are_independent_copies(kg: KnowledgeGraph) -> None:
    a = kg.to_networkx(term="pregnancy", depth=0)
    a.nodes["SKG:Pregnancy"]["synonyms"].append("changed")
    a.graph["documents"].clear()
    b = kg.to_networkx(term="pregnancy", depth=0)
    assert "changed" not in b.nodes["SKG:Pregnancy"]["synonyms"] and b.graph["documents"]


def test_networkx_is_imported_lazily() -> None:
    code = "import sys, spinekg.export, spinekg.cli; print('networkx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

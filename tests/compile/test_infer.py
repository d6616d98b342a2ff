"""The inferred graph: derivations, fixpoint, and no mixing with asserted triples."""

from __future__ import annotations

from rdflib import RDF, URIRef

from spinekg import vocab

SKG = vocab.BASE


def _derivations(kg, s: str, p: str, o: str) -> list[URIRef]:
    g = kg.inferred_graph
    return [d for d in g.subjects(RDF.subject, URIRef(SKG + s)) if g.value(d, RDF.predicate) == URIRef(SKG + p) and g.value(d, RDF.object) == URIRef(SKG + o)]


def test_adverse_effect_of_a_class_reaches_member_drugs_with_derivation(kg) -> None:
    # D000: "any OTC or prescribed drug that may cause drug interactions" (D000-064, D000-066);
    # "analgesics, such as: ... Ibuprofen" with OTC medications (D000-046)
    triple = (URIRef(SKG + "Ibuprofen"), URIRef(SKG + "hasAdverseEffect"), URIRef(SKG + "DrugInteraction"))
    assert triple in kg.inferred_graph
    assert triple not in kg.asserted_graph
    (d,) = _derivations(kg, "Ibuprofen", "hasAdverseEffect", "DrugInteraction")
    g = kg.inferred_graph
    assert g.value(d, URIRef(SKG + "rule")) == URIRef(SKG + "rule/adverse-effect-to-subclass")
    roots = {str(c) for c in g.objects(d, URIRef(SKG + "rootClaim"))}
    assert roots == {vocab.CLAIM + "D000-064", vocab.CLAIM + "D000-046.OverTheCounterMedication"}
    assert URIRef(SKG + "OverTheCounterMedication") in set(g.objects(d, URIRef(SKG + "viaClass")))


def test_brand_inherits_from_its_active_ingredient_over_several_rounds(kg) -> None:
    # Advil -> ibuprofen (inverse of D000-049) -> OTC medication (D000-046) -> drug interactions (D000-064)
    (d,) = _derivations(kg, "Advil", "hasAdverseEffect", "DrugInteraction")
    g = kg.inferred_graph
    assert g.value(d, URIRef(SKG + "rule")) == URIRef(SKG + "rule/brand-from-active-ingredient")
    premises = set(g.objects(d, URIRef(SKG + "premise")))
    assert all(str(p).startswith(SKG + "derivation/") for p in premises), "both premises are themselves inferred"
    explanation = str(g.value(d, URIRef(SKG + "explanation")))
    assert "SKGCLAIM:D000-049.Advil" in explanation and "SKGCLAIM:D000-064" in explanation


def test_treats_does_not_propagate(kg) -> None:
    # D000-054: prescription-strength NSAIDs treat spinal stenosis; celecoxib is one, but treats is
    # not inherited (D000-055 asserts celecoxib on its own). Nothing inferred uses treats.
    assert not list(kg.inferred_graph.triples((None, URIRef(SKG + "treats"), None)))


def test_asserted_and_inferred_never_mix(kg) -> None:
    inferred = {
        t
        for t in kg.inferred_graph
        if str(t[1]).startswith(SKG) and t[1] not in {URIRef(SKG + x) for x in ("rule", "premise", "rootClaim", "viaClass", "explanation", "beyondOwl")}
    }
    asserted = set(kg.asserted_graph)
    assert inferred and not (inferred & asserted)
    assert not list(kg.asserted_graph.subjects(RDF.type, URIRef(SKG + "Derivation")))
    for d in kg.inferred_graph.subjects(RDF.type, URIRef(SKG + "Derivation")):
        concl = (kg.inferred_graph.value(d, RDF.subject), kg.inferred_graph.value(d, RDF.predicate), kg.inferred_graph.value(d, RDF.object))
        assert concl in kg.inferred_graph and concl not in kg.asserted_graph


def test_every_inferred_triple_has_a_derivation(kg) -> None:
    g = kg.inferred_graph
    rels = {URIRef(SKG + r) for r in ("contraindicatedIn", "hasAdverseEffect", "advisedAgainstFor", "hasBrand", "hasActiveIngredient")}
    for s, p, o in g:
        if p in rels and not str(s).startswith(SKG + "derivation/"):
            assert _derivations(kg, str(s)[len(SKG) :], str(p)[len(SKG) :], str(o)[len(SKG) :]), (s, p, o)


def test_the_rules_over_the_loaded_graphs_find_nothing_new(root, kg) -> None:
    """Each rule, run on the loaded graphs (the default graph is their union: the hierarchy from the
    ontology graph, the plain triples from the asserted one, earlier conclusions from the inferred
    one), concludes only what the build asserted or inferred, and every inferred triple again: the
    fixpoint holds in the files too."""
    from spinekg.compile.infer import DERIVATION, RULE, load_rules

    held = {(str(s), str(p), str(o)) for g in (kg.asserted_graph, kg.inferred_graph) for s, p, o in g}
    concluded = set()
    for rule in load_rules(root):
        table = kg.engine.select(rule.text)
        s, p, o = (table.variables.index(v) for v in ("s", "p", "o"))
        for row in table.rows:
            assert (row[s], row[p], row[o]) in held, (rule.name, row[s], row[p], row[o])
            concluded.add((row[s], row[p], row[o]))
    inferred = {(str(s), str(p), str(o)) for s, p, o in kg.inferred_graph if not str(s).startswith((DERIVATION, RULE))}
    assert inferred and inferred <= concluded

"""The inferred graph: derivations, fixpoint, and no mixing with asserted triples."""

from __future__ import annotations

from rdflib import RDF, URIRef

from spinekg import vocab

SKG = vocab.BASE


def _derivations(kg, s: str, p: str, o: str) -> list[URIRef]:
    g = kg.inferred_graph
    return [d for d in g.subjects(RDF.subject, URIRef(SKG + s)) if g.value(d, RDF.predicate) == URIRef(SKG + p) and g.value(d, RDF.object) == URIRef(SKG + o)]


def test_adverse_effect_of_a_class_reaches_member_drugs_with_derivation(kg) -> None:
    # D002: "NSAIDs come with a long list of side effects including an increased risk of bleeding
    # ulcers and fatal heart attacks. These risks are especially great for long-term users, such as
    # those suffering from chronic back pain." (D002-034, D002-035); naproxen is one ("non-steroidal
    # anti-inflammatory drugs such as aspirin and naproxen", D002-028)
    triple = (URIRef(SKG + "Naproxen"), URIRef(SKG + "hasAdverseEffect"), URIRef(SKG + "BleedingUlcer"))
    assert triple in kg.inferred_graph
    assert triple not in kg.asserted_graph
    (d,) = _derivations(kg, "Naproxen", "hasAdverseEffect", "BleedingUlcer")
    g = kg.inferred_graph
    assert g.value(d, URIRef(SKG + "rule")) == URIRef(SKG + "rule/adverse-effect-to-subclass")
    roots = {str(c).removeprefix(vocab.CLAIM) for c in g.objects(d, URIRef(SKG + "rootClaim"))}
    assert {"D002-028.NSAID", "D002-034.BleedingUlcer", "D002-035.BleedingUlcer"} <= roots
    assert URIRef(SKG + "NSAID") in set(g.objects(d, URIRef(SKG + "viaClass")))
    # the premises' qualifiers travel with the conclusion: the source's "risk", its long-term users
    assert str(g.value(d, URIRef(SKG + "hedge"))) == "risk"
    assert str(g.value(d, URIRef(SKG + "circumstance"))) == "especially great for long-term users"
    assert g.value(d, URIRef(SKG + "population")) == URIRef(SKG + "PeopleWithChronicBackPain")


def test_brand_inherits_from_its_active_ingredient_over_several_rounds(kg) -> None:
    # Aleve -> naproxen (D000: "Naproxen (Aleve)", D000-050) -> NSAID -> bleeding ulcer (D002-034)
    (d,) = _derivations(kg, "Aleve", "hasAdverseEffect", "BleedingUlcer")
    g = kg.inferred_graph
    assert g.value(d, URIRef(SKG + "rule")) == URIRef(SKG + "rule/brand-from-active-ingredient")
    premises = set(g.objects(d, URIRef(SKG + "premise")))
    assert premises and all(str(p).startswith(SKG + "derivation/") for p in premises), "its premises are themselves inferred"
    explanation = str(g.value(d, URIRef(SKG + "explanation")))
    assert "SKGCLAIM:D000-050" in explanation and "SKGCLAIM:D002-034.BleedingUlcer" in explanation
    assert str(g.value(d, URIRef(SKG + "hedge"))) == "risk"  # two rounds on, still the source's word


def test_no_adverse_effect_is_inferred_from_a_caution(kg) -> None:
    # D000: "This will prevent your doctor from suggesting any OTC or prescribed drug that may cause
    # drug interactions." is advice to keep the doctor informed, not an adverse effect of every
    # drug (ontology/NOTES.md): no claim and no inference gives a drug "drug interaction"
    everything = set(kg.asserted_graph) | set(kg.inferred_graph)
    assert not [t for t in everything if "Interaction" in str(t[2]) and t[1] == URIRef(SKG + "hasAdverseEffect")]
    # naproxen's adverse effects are what D002 and D004 say of NSAIDs (bleeding ulcers,
    # fatal heart attacks; stomach upset, D004: "the side effects associated with NSAIDS (namely stomach upset)")
    effects = {str(o).removeprefix(SKG) for o in kg.inferred_graph.objects(URIRef(SKG + "Naproxen"), URIRef(SKG + "hasAdverseEffect"))}
    assert effects == {"BleedingUlcer", "FatalHeartAttack", "StomachUpset"}
    assert not set(kg.inferred_graph.objects(URIRef(SKG + "OverTheCounterMedication"), URIRef(SKG + "hasAdverseEffect")))


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


# -- a derived triple says no more than its premises ------------------------------------------------

_D003_MANY = "Despite the seeming security, many tools can not only be useless, but also bring harm."
_D002_RISK = "These risks are especially great for long-term users, such as those suffering from chronic back pain."


def test_a_claim_scoped_to_many_members_is_not_inherited(kg) -> None:
    """D003: "many tools can not only be useless, but also bring harm" speaks of many folk
    remedies, not each: it states no plain triple (so no rule passes it to the rub, the teas or any
    other folk remedy, one of which the same text recommends), and the adverse-effects module still
    answers it for the class, with its scope."""
    from rdflib import URIRef

    skg = "https://w3id.org/spinekg/"
    harm = URIRef(skg + "AdverseEffect")
    assert (URIRef(skg + "FolkRemedy"), URIRef(skg + "hasAdverseEffect"), harm) not in kg.asserted_graph
    assert not [s for s, _, _ in kg.inferred_graph.triples((None, URIRef(skg + "hasAdverseEffect"), harm))]
    (row,) = kg.query("adverse-effects-of", treatment="folk remedy")
    assert (row.effectLabel, row.scope, row.status) == ("adverse effect", ("many",), "asserted")
    assert [q.text for q in row.quotes] == [_D003_MANY]
    # the rub of alcohol, pepper, valerian and iodine is a folk remedy (D003 lists it under "Treatment
    # at home or folk remedies") and no text gives it an adverse effect
    assert len(kg.query("adverse-effects-of", treatment="rub of alcohol, hot pepper, valerian and iodine")) == 0


def test_a_derived_adverse_effect_keeps_the_qualifiers_of_its_premises(kg) -> None:
    """D002: NSAIDs carry "an increased risk of bleeding ulcers and fatal heart attacks. These risks
    are especially great for long-term users, such as those suffering from chronic back pain."
    Ibuprofen (an NSAID, D001/D002) inherits the effect, and with it the circumstance and the
    population of the claim that states them: on the derivation node, in the module's row and on the
    exported edge."""
    row = {r.effectLabel: r for r in kg.query("adverse-effects-of", treatment="ibuprofen")}["bleeding ulcer"]
    assert row.status == "inferred"
    assert row.circumstance == ("especially great for long-term users",)
    assert row.populationLabel == ("people suffering from chronic back pain",)
    assert _D002_RISK in [q.text for q in row.quotes]
    rdf = kg.sparql("""
        PREFIX SKG: <https://w3id.org/spinekg/>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?circumstance ?population WHERE {
          ?d a SKG:Derivation ; rdf:subject SKG:Ibuprofen ; rdf:predicate SKG:hasAdverseEffect ; rdf:object SKG:BleedingUlcer ;
             SKG:circumstance ?circumstance ; SKG:population ?population .
        }""")
    assert {(r.circumstance, r.population) for r in rdf} == {("especially great for long-term users", "SKG:PeopleWithChronicBackPain")}
    edge = kg.to_networkx().edges["SKG:Ibuprofen", "SKG:BleedingUlcer", "SKG:hasAdverseEffect"]
    assert edge["inferred"] and edge["circumstance"] == ["especially great for long-term users"]
    assert edge["population"] == ["SKG:PeopleWithChronicBackPain"]
    # a brand of it inherits them too (Advil: D000 "Ibuprofen (e.g., Motrin, Advil)")
    advil = {r.effectLabel: r for r in kg.query("adverse-effects-of", treatment="Advil")}["bleeding ulcer"]
    assert advil.circumstance == ("especially great for long-term users",)

"""D003 ("The backbone hurts in the middle of a back"): the contraindication sentence, brands,
visceral causes. Expectations written by hand from 003_87f77cd30d4d92e2.txt."""

from __future__ import annotations

import pytest
from source_texts import assert_quoted, evidence, norm, tail

BRANDS = ["Movalis", "Midokalm", "Milgamma", "Actovegin", "Teraflex", "No-shpa", "Nolpaz", "Amoxiclav"]


def _contraindicated(kg, state: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in kg.run("treatments-contraindicated-in", state=state):
        out.setdefault(r["treatmentLabel"], set()).add(r["status"])
    return out


@pytest.mark.parametrize("state", ["pregnancy", "blood disease", "oncological pathology", "acute infectious process"])
def test_physiotherapy_with_current_ultrasound_or_magnetic_field_is_contraindicated(kg, state: str) -> None:
    # "... is contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes"
    found = _contraindicated(kg, state)
    for method in ("electrotherapy", "ultrasound therapy", "magnetotherapy"):
        assert "asserted" in found.get(method, set()), (state, method, found)
    # electrophoresis is an electrotherapy: inferred, with a derivation
    assert found.get("electrophoresis") == {"inferred"}


def test_inferred_rows_carry_their_derivation(kg) -> None:
    rows = [r for r in kg.run("treatments-contraindicated-in", state="pregnancy") if r["treatmentLabel"] == "electrophoresis"]
    (row,) = rows  # one answer for electrophoresis, whatever its evidence
    assert row["derivations"] and all("SKG:Electrophoresis rdfs:subClassOf SKG:Electrotherapy" in d["explanation"] for d in row["derivations"])


# D003: "Elimination of pain is done by using electric current, ultrasound, magnetic field and other
# methods of influence on the affected area. But we must remember that this reduction in pain is
# contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes."
# The three methods are stated; D003's list of physioprocedures ("1. Electrophoresis. ... 3. UHF-therapy.")
# names two kinds of them, which the curation places under electrotherapy and magnetotherapy
# (terms/d003.yaml), so the subject-side rule (ontology/rules/README.md) infers them. No text
# contraindicates a drug in pregnancy, so no brand is inferred.
PREGNANCY_ASSERTED = {"electrotherapy": "D003-412", "ultrasound therapy": "D003-413", "magnetotherapy": "D003-414"}
PREGNANCY_INFERRED = {"electrophoresis": ("Electrophoresis", "Electrotherapy", "D003-412"), "UHF-therapy": ("UHFTherapy", "Magnetotherapy", "D003-414")}


def test_pregnancy_contraindications_are_one_row_per_treatment(kg) -> None:
    rows = kg.run("treatments-contraindicated-in", state="pregnancy")
    labels = [r["treatmentLabel"] for r in rows]
    assert len(rows) == len(set(labels))  # one answer per treatment, however many passages quote it
    assert "state" not in {k for r in rows for k in r}  # the bound parameter is the result's, not the rows'
    assert kg.query("treatments-contraindicated-in", state="pregnancy").params == {"state": "SKG:Pregnancy"}
    by_label = {r["treatmentLabel"]: r for r in rows}
    inferred = {kg.term(name).label: spec for name, spec in PREGNANCY_INFERRED.items()}
    assert set(by_label) == set(PREGNANCY_ASSERTED) | set(inferred)
    asserted = [r for r in rows if r["status"] == "asserted"]
    assert {r["treatmentLabel"] for r in asserted} == set(PREGNANCY_ASSERTED)
    assert_quoted(asserted)
    for label, claim in PREGNANCY_ASSERTED.items():
        r = by_label[label]
        assert r["claims"] == [f"SKGCLAIM:{claim}.Pregnancy"] and r["documents"] == ["SKGDOC:D003"], r
        statements = [norm(q["text"]) for q in r["quotes"] if q["role"] == "statement"]
        assert any("electric current, ultrasound, magnetic field" in q for q in statements), label
        assert any("contraindicated in pregnancy, blood diseases, oncological pathologies" in q for q in statements), label
        assert not r["derivations"], label  # stated, not derived
    for label, (term, parent, claim) in inferred.items():
        r = by_label[label]
        assert r["status"] == "inferred", label
        # the derivation: the curator's is-a step and the D003 claim about the parent method
        (derivation,) = r["derivations"]
        assert f"SKG:{term} rdfs:subClassOf SKG:{parent}" in derivation["explanation"], derivation
        assert derivation["claims"] == [f"SKGCLAIM:{claim}.Pregnancy"], derivation
        # its evidence is that claim's own passages: the answer rests on it and on nothing else
        assert r["claims"] == derivation["claims"] and r["documents"] == ["SKGDOC:D003"], r
        assert {e["claim"] for e in evidence([r])} == set(derivation["claims"])
        assert_quoted([r])


def test_oncological_pathologies_cover_their_subclasses(kg) -> None:
    # object-side rule: a contraindication in "oncological pathologies" holds for myeloma and prostate cancer
    for cancer in ("myeloma", "prostate cancer"):
        assert _contraindicated(kg, cancer).get("electrotherapy") == {"inferred"}, cancer


def test_exercise_therapy_contraindicated_in_exacerbation(kg) -> None:
    found = _contraindicated(kg, "exacerbation")
    assert "asserted" in found["exercise therapy"]
    assert found.get("hip stretch") == {"inferred"}  # D000's stretch is an exercise therapy


# The drug list of D003 (lines 559-566), one bullet per brand: the class is the text's, the brand in brackets.
BULLETS = {
    "Movalis": "Anti-inflammatory and analgesic (Movalis).",
    "Midokalm": "Muscle relaxants (Midokalm).",
    "Milgamma": "Vitamins of group B (Milgamma).",
    "Actovegin": "Vascular (Actovegin).",
    "Teraflex": "Chondroprotectors (Teraflex).",
    "No-shpa": "Spasmolytics (No-shpa).",
    "Nolpaz": "Antiulcer (Nolpaz).",
    "Amoxiclav": "Antibiotics (Amoxiclav).",
}
# No text names an ingredient of these brands except D001, which writes "tolperisone hydrochloride
# (mydocalm)": the others' ingredients are curator mappings, and mydocalm's is D001's own claim.
TEXT_INGREDIENT = {"Midokalm"}

_INGREDIENTS = """
PREFIX SKG: <https://w3id.org/spinekg/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?statement ?kind ?evidence ?document WHERE {
  GRAPH <https://w3id.org/spinekg/graph/asserted> {
    ?statement rdf:subject ?brand ; rdf:predicate SKG:hasActiveIngredient ; a ?kind ; SKG:evidence ?evidence .
    FILTER(?kind != rdf:Statement)
    OPTIONAL { ?statement dcterms:source ?document }
  }
}"""


def test_the_brand_list_is_d003s() -> None:
    assert set(BULLETS) == set(BRANDS)


@pytest.mark.parametrize("brand", BRANDS)
def test_brand_products_have_the_texts_class_and_a_curator_mapping(kg, brand: str) -> None:
    assert kg.term(brand).category == "SKG:BrandProduct"
    classes = [r for r in kg.claims_about(brand) if r.predicate_label == "in drug class" and r.document == "SKGDOC:D003"]
    assert classes, f"{brand}: no drug class from D003"
    assert {q.text for r in classes for q in r.quotes} >= {BULLETS[brand]}  # each class claim quotes the brand's own bullet
    from spinekg.values import IRI

    rows = kg.engine.select(_INGREDIENTS, {"brand": IRI(kg.term(brand).iri)}).rows
    if brand in TEXT_INGREDIENT:
        assert rows == ()  # no curator mapping where a text says it: D001's own claim gives the ingredient
        brand_of = {(r.subject_label, r.document, q.text) for r in kg.claims_about(brand) if r.predicate_label == "has brand" for q in r.quotes}
        assert ("tolperisone", "SKGDOC:D001", "tolperisone hydrochloride (mydocalm)") in brand_of
    else:
        # an ingredient only a curator knows: marked as such, with ECO:0000305 and no document
        assert rows, f"{brand} has no active ingredient"
        assert all(kind.endswith("/CuratorMapping") and ev.endswith("ECO_0000305") and doc is None for _, kind, ev, doc in rows), rows


def test_visceral_causes_are_linked_to_back_pain_with_symptoms(kg) -> None:
    rows = kg.run("visceral-causes")
    causes = {e["causeLabel"] for e in evidence(rows) if tail(e["document"]) == "D003"}
    assert {"pancreatitis", "peptic ulcer", "urolithiasis", "pyelonephritis", "angina pectoris"} <= causes
    # "If it is a case of peptic ulcer or pancreatitis, then there is a clear connection with the
    # intake of food, and in case of urolithiasis - with running or jolting the ride."
    for cause in ("pancreatitis", "peptic ulcer", "urolithiasis"):
        assert kg.run("symptoms-of", condition=cause), cause


def test_translated_names_are_synonyms(kg) -> None:
    assert kg.term("Bechterew's disease").label == "ankylosing spondylitis"
    assert kg.term("equine tail").label == "cauda equina"


# --- the re-curation of issue #17: scope, hedge and the stance guideline -----------------------------

_SKG = "https://w3id.org/spinekg/"
_USELESS = "Despite the seeming security, many tools can not only be useless, but also bring harm."


def _d003_claims(kg, term: str) -> dict[str, tuple[str, str, str, str]]:
    """D003's claims about ``term``: id -> (subject label, relation label, object label, stance label)."""
    return {
        r.claim.removeprefix("SKGCLAIM:"): (r.subject_label, r.predicate_label, r.object_label, r.stance)
        for r in kg.claims_about(term)
        if r.document == "SKGDOC:D003"
    }


def _qualifier(kg, claim: str, name: str) -> set[str]:
    rows = kg.sparql(f"""
        PREFIX SKG: <https://w3id.org/spinekg/>
        PREFIX SKGCLAIM: <https://w3id.org/spinekg/claim/>
        SELECT ?v WHERE {{ SKGCLAIM:{claim} SKG:{name} ?v }}""")
    return {str(r.v) for r in rows}


def test_folk_remedies_are_useless_or_harmful_for_many_not_for_each(kg) -> None:
    # "In the presence of constant back pain, it is recommended to consult the folk recipes, before
    # using them, consult a doctor. Despite the seeming security, many tools can not only be useless,
    # but also bring harm." -- the advice is for folk recipes, the uselessness and the harm for many
    claims = _d003_claims(kg, "folk remedy")
    assert claims["D003-201"] == ("folk remedy", "treats", "chronic back pain", "recommended")
    assert claims["D003-423"] == ("folk remedy", "treats", "chronic back pain", "not effective")
    assert claims["D003-202"][:3] == ("folk remedy", "has adverse effect", "adverse effect")
    for claim in ("D003-202", "D003-423"):
        assert _qualifier(kg, claim, "scope") == {"many"}, claim
        assert _qualifier(kg, claim, "hedge") == {"can"}, claim
    # scoped: no plain triple of the harm, so no folk remedy inherits it
    from rdflib import URIRef

    assert not list(kg.asserted_graph.triples((URIRef(_SKG + "FolkRemedy"), URIRef(_SKG + "hasAdverseEffect"), None)))
    # the teas ("The simplest, but effective method ... is to take soothing teas. You can use the grass
    # of the motherwort") and the rub ("To relieve pain, it is recommended thatto prepare a grinding
    # aid") are folk remedies the same text recommends: no adverse effect, no doubt passed to them
    for remedy in ("soothing tea", "motherwort tea", "rub of alcohol, hot pepper, valerian and iodine"):
        assert kg.run("adverse-effects-of", treatment=remedy) == [], remedy
        assert not [c for c in _d003_claims(kg, remedy).values() if c[0] == remedy and c[3] == "not effective"], remedy
    rub = _d003_claims(kg, "rub of alcohol, hot pepper, valerian and iodine")
    assert rub["D003-204"] == ("rub of alcohol, hot pepper, valerian and iodine", "treats", "back pain", "recommended")
    # the rub is a folk remedy by the sentence that sends readers to folk recipes, not by the heading alone
    (isa,) = [r for r in kg.claims_about("rub of alcohol, hot pepper, valerian and iodine") if r.claim == "SKGCLAIM:D003-203"]
    assert "In the presence of constant back pain, it is recommended to consult the folk recipes, before using them, consult a doctor." in {
        q.text for q in isa.quotes if q.role == "statement"
    }
    assert _USELESS in {q.text for r in kg.claims_about("folk remedy") if r.claim == "SKGCLAIM:D003-423" for q in r.quotes}


def test_the_hedges_of_d003s_adverse_effects_are_in_the_rows(kg) -> None:
    # "Not observing this rule, with prolonged wearing of the belt, the pain in the middle of the spine
    # can acquire a protracted character" -- "can", under its condition
    (row,) = kg.query("adverse-effects-of", treatment="corset")
    assert (row.effectLabel, row.status, row.hedge, row.circumstance) == (
        "longer-lasting symptoms",
        "asserted",
        ("can",),
        ("with prolonged wearing of the belt",),
    )
    # "Doing self-medication and dulling pain with pain medication can only exacerbate the situation and
    # lead to complications of the disease." / "these rash actions can erase or change the symptoms of
    # some serious disease" ("some" is of the diseases, not of the self-medication: no scope)
    rows = kg.query("adverse-effects-of", treatment="self-medication with pain medication")
    assert {r.effectLabel for r in rows} == {"worsening of symptoms", "complication of the disease", "masking of the symptoms of a serious disease"}
    assert {(r.hedge, r.scope, r.status) for r in rows} == {(("can",), (), "asserted")}
    # neither subject has a subclass in the hierarchy: D003 has no hedged premise of an inherited
    # relation (its contraindications, "strictly contraindicated" and "is contraindicated in", are not
    # hedged), so no derived row of D003 carries a hedge
    for treatment in ("corset", "self-medication with pain medication"):
        assert {r.status for r in kg.query("adverse-effects-of", treatment=treatment)} == {"asserted"}


def test_frequency_words_are_hedges_not_proportions(kg) -> None:
    # "Often, pain occurs after physical exertion or when lifting heavy objects." -- how often the
    # relation holds, not which share of a population
    for claim in ("D003-022", "D003-023"):
        assert _qualifier(kg, claim, "hedge") == {"often"} and _qualifier(kg, claim, "proportion") == set(), claim
    # "Very often pain in the spinal column occurs after a traumatic injury": the hedge, and the
    # source's degree kept as it was written
    assert _qualifier(kg, "D003-027", "hedge") == {"often"} and _qualifier(kg, "D003-027", "proportion") == {"Very often"}
    # "At a radiculitis or an osteochondrosis the pain usually amplifies during movement and weakens in rest."
    assert _qualifier(kg, "D003-257.PainIncreasesWithActivity", "hedge") == {"usually"}
    # "Also, the causes of pain may be scoliosis or arthritis of the spine."
    assert _qualifier(kg, "D003-011", "hedge") == {"may"}
    # a hedged claim still states its triple
    from rdflib import URIRef

    assert (URIRef(_SKG + "MiddleBackPain"), URIRef(_SKG + "causedBy"), URIRef(_SKG + "Scoliosis")) in kg.asserted_graph


def test_physiotherapy_is_reported_to_relieve_the_pain_and_contraindicated(kg) -> None:
    # "In addition, various types of physiotherapy have been widely used. Elimination of pain is done by
    # using electric current, ultrasound, magnetic field and other methods of influence on the affected
    # area." -- use and effect, no advice: reported; the next sentence contraindicates them
    for method, claim in (("electrotherapy", "D003-409"), ("ultrasound therapy", "D003-410"), ("magnetotherapy", "D003-411")):
        claims = _d003_claims(kg, method)
        assert claims[claim] == (method, "treats", "pain in the middle of the back", "reported association"), method
        assert not [c for c in claims.values() if c[1] == "treats" and c[3] == "recommended"], method


def test_muscle_relaxants_are_offered_for_the_pain_and_reported_for_the_spasm(kg) -> None:
    # "During the period of exacerbation, therapy is aimed at arresting the pain signal. [...] 3. Muscle
    # relaxants- [...] Relaxing the muscle corset will help injecting muscle relaxants"
    claims = _d003_claims(kg, "muscle relaxant")
    assert claims["D003-424"] == ("muscle relaxant", "treats", "back pain", "recommended")
    assert claims["D003-165"] == ("muscle relaxant", "treats", "muscle spasm", "reported association")
    assert _qualifier(kg, "D003-424", "phase") == {"SKG:Exacerbation"}


def test_traction_eliminates_the_consequences_of_displacement_not_the_displacement(kg) -> None:
    # "helps to eliminate muscle clamping and the consequences arising from the displacement of the
    # vertebrae, the method of traction." under "doctors prescribe non-drug therapy:" (D003-268 is gone)
    claims = _d003_claims(kg, "traction treatment")
    assert claims["D003-425"] == ("traction treatment", "treats", "muscle tension", "reported association")
    assert claims["D003-269"] == ("traction treatment", "treats", "back pain", "recommended")
    assert not [c for c in claims.values() if c[2] == "displacement of the vertebrae"]


def test_pregnancy_causes_the_kinds_of_pain_the_text_names(kg) -> None:
    # "This type of pain is also often experienced by pregnant women or those who have recently borne the
    # fetus. The pulling pain of a pregnant woman appears from the dorsal load of having a fetus."
    caused = {c[0] for c in _d003_claims(kg, "pregnancy").values() if c[1] == "caused by" and c[2] == "pregnancy"}
    assert caused == {"dull pain", "pulling pain"}


def test_corset_relieves_when_help_is_not_at_hand_but_does_not_cure(kg) -> None:
    # "Wearing a corset does not cure a sick part of the body at all. When a patient can not immediately
    # seek medical help, using a corset will relieve the pain in the back" (part 1); "wear corsets and
    # belts for the spine" among the measures that "Facilitate the condition at home" (part 2)
    claims = _d003_claims(kg, "corset")
    assert claims["D003-039"][3] == "reported association"
    assert claims["D003-421"][3] == "not effective"
    assert claims["D003-210"][3] == "recommended"
    assert _qualifier(kg, "D003-039", "circumstance") == {"When a patient can not immediately seek medical help"}

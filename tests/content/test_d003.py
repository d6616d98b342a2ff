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

"""Document 000 ("Tender Spot on Spine When Pressed") is covered: terms and claims.

Every expectation below was written by hand from the text of 000_442b502e28cd03de.txt.
"""

from __future__ import annotations

import pytest
from rdflib import RDF, URIRef

from spinekg import vocab

SKG = vocab.BASE

# (name as the text writes it, expected category of the term it finds)
TERMS = [
    ("Acetaminophen", "Drug"),
    ("Aspirin", "Drug"),
    ("Ibuprofen", "Drug"),
    ("Naproxen", "Drug"),
    ("Celecoxib", "Drug"),
    ("analgesics", None),
    ("NSAIDs", "Drug"),
    ("OTC medications", None),
    ("anti-inflammatory drugs", None),
    ("Tylenol", "BrandProduct"),
    ("Motrin", "BrandProduct"),
    ("Advil", "BrandProduct"),
    ("Aleve", "BrandProduct"),
    ("Celebrex", "BrandProduct"),
    ("Non-surgical decompression therapy", "Physiotherapy"),
    ("Massage therapy", "ManualTherapy"),
    ("Chiropractic manipulation", "ManualTherapy"),
    ("stem cell therapy", "RegenerativeTherapy"),
    ("MMAT", "RegenerativeTherapy"),
    ("BMAC", "RegenerativeTherapy"),
    ("Platelet Rich Plasma therapy", "RegenerativeTherapy"),
    ("PRP", "RegenerativeTherapy"),
    ("cell-based therapies", None),
    ("compression therapies", None),
    ("rest", "SelfCare"),
    ("icing", "SelfCare"),
    ("heat application", "SelfCare"),
    ("physical therapy", "Physiotherapy"),
    ("modifying activities", "ExerciseTherapy"),
    ("Back flexion exercise", "ExerciseTherapy"),
    ("Knee to chest stretch", "ExerciseTherapy"),
    ("Chin to chest stretch", "ExerciseTherapy"),
    ("Ear-to-shoulder stretch", "ExerciseTherapy"),
    ("Hip stretch", "ExerciseTherapy"),
    ("tender spot on spine when pressed", "Sign"),
    ("spinal infections", None),
    ("muscle strains", None),
    ("pinched nerves", None),
    ("herniated spinal disc", "Condition"),
    ("bulging spinal disc", "Condition"),
    ("spinal stenosis", "Condition"),
    ("muscle tears", None),
    ("chills", "Symptom"),
    ("fever", "Sign"),
    ("chronic pain", "Symptom"),
    ("muscle stiffness", "Symptom"),
    ("spasm", "Symptom"),
    ("athletes", "PatientGroup"),
]


def _singular(name: str) -> list[str]:
    if name.endswith("ies"):
        return [name, name[:-3] + "y"]
    return [name, name[:-1]] if name.endswith("s") else [name]


@pytest.mark.parametrize(("name", "category"), TERMS, ids=[t[0] for t in TERMS])
def test_every_named_thing_is_a_term(kg, name: str, category: str | None) -> None:
    errors = []
    for candidate in _singular(name):
        try:
            term = kg.term(candidate)
        except KeyError as err:
            errors.append(err)
            continue
        if category is not None:
            assert term.category == f"SKG:{category}", (name, term)
        return
    pytest.fail(f"{name!r} is not a term: {errors}")


# (subject, predicate, object, stance) as D000 states them
CLAIMS = [
    ("TenderSpotOnSpine", "causedBy", "SpinalInfection", "Reported"),
    ("TenderSpotOnSpine", "causedBy", "MuscleStrain", "Reported"),
    ("TenderSpotOnSpine", "causedBy", "PinchedNerve", "Reported"),
    ("TenderSpotOnSpine", "causedBy", "SpinalStenosis", "Reported"),
    ("SpinalInfection", "hasSymptom", "Chills", "Reported"),
    ("SpinalInfection", "hasSymptom", "Fever", "Reported"),
    # "Isolated spinal tenderness goes away within a few days of rest, icing, and heat application.",
    # under "Treatment for Tender Spots on Spine": of the isolated tenderness, not of every tender spot
    ("Rest", "treats", "IsolatedSpinalTenderness", "Recommended"),
    ("IceTherapy", "treats", "IsolatedSpinalTenderness", "Recommended"),
    ("HeatTherapy", "treats", "IsolatedSpinalTenderness", "Recommended"),
    # "Most of these muscle strains can easily be treated with rest and physical therapy.": what
    # treats them, said under the causes, neither advice nor an offer
    ("Rest", "treats", "MuscleStrain", "Reported"),
    ("Physiotherapy", "treats", "MuscleStrain", "Reported"),
    ("MassageTherapy", "treats", "TenderSpotOnSpine", "Recommended"),
    ("NonSurgicalSpinalDecompression", "treats", "MuscleSpasm", "Recommended"),
    ("Celecoxib", "treats", "SpinalStenosis", "Recommended"),
    ("OverTheCounterMedication", "treats", "SpinalStenosis", "Recommended"),
    ("PlateletRichPlasmaTherapy", "treats", "SpineRelatedInjury", "Reported"),  # "has been used to treat"
    ("Ibuprofen", "hasBrand", "Advil", "Reported"),
    ("Ibuprofen", "hasBrand", "Motrin", "Reported"),
    ("Acetaminophen", "hasBrand", "Tylenol", "Reported"),
    ("Naproxen", "hasBrand", "Aleve", "Reported"),
    ("Celecoxib", "hasBrand", "Celebrex", "Reported"),
    ("SignsOfInfectionAfterSpinalSurgery", "redFlagFor", "SpinalInfection", "Recommended"),
    ("Athletes", "riskFactorFor", "MuscleStrain", "Reported"),
]


@pytest.mark.parametrize(("s", "p", "o", "stance"), CLAIMS, ids=[f"{c[0]}-{c[1]}-{c[2]}" for c in CLAIMS])
def test_statements_are_claims_from_d000(kg, s: str, p: str, o: str, stance: str) -> None:
    g = kg.asserted_graph
    assert (URIRef(SKG + s), URIRef(SKG + p), URIRef(SKG + o)) in g
    claims = [c for c in g.subjects(RDF.subject, URIRef(SKG + s)) if g.value(c, RDF.predicate) == URIRef(SKG + p) and g.value(c, RDF.object) == URIRef(SKG + o)]
    assert claims, "plain triple without a claim node"
    assert any(
        g.value(c, URIRef(vocab.DCTERMS + "source")) == URIRef(vocab.DOC + "D000") and g.value(c, URIRef(SKG + "stance")) == URIRef(SKG + stance)
        for c in claims
    )


def test_red_flag_carries_its_urgency(kg) -> None:
    rows = [r for r in kg.claims_about("signs of infection after recent spinal surgery") if r.predicate == "SKG:redFlagFor"]
    assert rows and rows[0].object_label == "spinal infection"
    g = kg.asserted_graph
    assert str(g.value(URIRef(vocab.CLAIM + "D000-009"), URIRef(SKG + "urgency"))) == "immediately"


def test_the_five_exercises_are_modifying_activities_with_both_quotes(kg) -> None:
    exercises = {"back flexion exercise", "knee to chest stretch", "chin to chest stretch", "ear-to-shoulder stretch", "hip stretch"}
    members = {t.label for t in kg.terms() if "SKG:ModifyingActivities" in t.parents}
    assert members == exercises
    (row,) = [r for r in kg.claims_about("hip stretch") if r.predicate == "rdfs:subClassOf"]
    # the bullet states it; the list's lead-in is quoted as its context
    assert [(q.text, q.role) for q in row.quotes] == [
        ("Hip stretch", "statement"),
        ("Some of the best modifying activities for tender spots on the spine include:", "context"),
    ]


def test_procedure_durations_are_stated_values(kg) -> None:
    g = kg.asserted_graph
    assert str(g.value(URIRef(SKG + "PlateletRichPlasmaTherapy"), URIRef(SKG + "hasDuration"))) == "within 45 minutes"
    assert str(g.value(URIRef(SKG + "StemCellTherapy"), URIRef(SKG + "hasDuration"))) == "about 1.5-2 hours"

"""The TBox: categories, relations with domain, range and mappings, disjointness, header."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, URIRef
from rdflib.collection import Collection

from spinekg import vocab

SKG = vocab.BASE
BL = vocab.BIOLINK
SKOS = vocab.SKOS

REQUIRED_CATEGORIES = [
    "Condition",
    "MechanicalCondition",
    "InflammatoryCondition",
    "SoftTissueCondition",
    "FocalInfiltrativeCondition",
    "VisceralCondition",
    "PsychosomaticCondition",
    "Symptom",
    "Sign",
    "LabTest",
    "LabFinding",
    "ImagingFinding",
    "DiagnosticProcedure",
    "Treatment",
    "PharmacologicalTreatment",
    "Physiotherapy",
    "ManualTherapy",
    "ExerciseTherapy",
    "SurgicalTreatment",
    "RegenerativeTherapy",
    "SelfCare",
    "FolkRemedy",
    "Drug",
    "BrandProduct",
    "PhysiologicalState",
    "DiseasePhase",
    "AdverseEffect",
    "RedFlag",
    "Specialist",
    "Pathogen",
    "AnatomicalStructure",
    "PatientGroup",
]

REQUIRED_RELATIONS = [
    "treats",
    "contraindicatedIn",
    "hasSymptom",
    "suggests",
    "hasAdverseEffect",
    "diagnosedBy",
    "causedBy",
    "causesReferredBackPain",
    "redFlagFor",
    "hasBrand",
    "hasActiveIngredient",
    "hasDoseRegimen",
]


def test_required_categories_are_labelled_defined_classes(kg) -> None:
    g = kg.ontology_graph
    for c in REQUIRED_CATEGORIES:
        iri = URIRef(SKG + c)
        assert (iri, RDF.type, OWL.Class) in g, c
        assert g.value(iri, RDFS.label) is not None, c
        assert g.value(iri, URIRef(vocab.IAO_DEFINITION)) is not None, c


def test_relations_have_label_definition_domain_range(kg) -> None:
    g = kg.ontology_graph
    for r in REQUIRED_RELATIONS:
        iri = URIRef(SKG + r)
        assert (iri, RDF.type, OWL.ObjectProperty) in g, r
        for prop in (RDFS.label, URIRef(vocab.IAO_DEFINITION), RDFS.domain, RDFS.range):
            assert g.value(iri, prop) is not None, (r, prop)


def test_relation_mappings(kg) -> None:
    g = kg.ontology_graph

    def match(rel: str, kind: str) -> set[str]:
        return {str(o) for o in g.objects(URIRef(SKG + rel), URIRef(f"{SKOS}{kind}Match"))}

    assert BL + "treats" in match("treats", "exact")
    assert vocab.OBO + "RO_0002606" in match("treats", "close")
    assert BL + "contraindicated_in" in match("contraindicatedIn", "exact")
    assert vocab.OBO + "RO_0002452" in match("hasSymptom", "exact")
    assert BL + "has_active_ingredient" in match("hasActiveIngredient", "exact")
    assert (URIRef(SKG + "hasBrand"), OWL.inverseOf, URIRef(SKG + "hasActiveIngredient")) in g


def test_top_categories_are_disjoint(kg) -> None:
    g = kg.ontology_graph
    groups = [set(Collection(g, g.value(n, OWL.members))) for n in g.subjects(RDF.type, OWL.AllDisjointClasses)]
    drug, condition, treatment = (URIRef(SKG + x) for x in ("Drug", "Condition", "Treatment"))
    assert any({drug, condition, treatment} <= grp for grp in groups)
    # conditions and findings overlap in the texts (fever is a symptom and a red flag): not disjoint
    finding = URIRef(SKG + "ClinicalFinding")
    assert not any({finding, condition} <= grp for grp in groups)


def test_ontology_header(kg) -> None:
    g = kg.ontology_graph
    (onto,) = g.subjects(RDF.type, OWL.Ontology)
    assert str(onto) == "https://w3id.org/spinekg/spinekg.owl"
    assert str(g.value(onto, OWL.versionIRI)).startswith("https://w3id.org/spinekg/releases/")
    for prop in ("title", "description", "license", "creator"):
        assert g.value(onto, URIRef(vocab.DCTERMS + prop)) is not None, prop


def test_every_term_has_one_label_a_definition_and_a_category(kg) -> None:
    g = kg.ontology_graph
    terms = set(g.subjects(URIRef(SKG + "category"), None))
    assert len(terms) > 80
    for t in terms:
        assert len(list(g.objects(t, RDFS.label))) == 1, t
        assert len(list(g.objects(t, URIRef(SKG + "category")))) == 1, t
        assert g.value(t, URIRef(vocab.IAO_DEFINITION)) is not None, t

"""The curation models are the one source of the qualifier and dose-regimen fields: each field
becomes one declared RDF property, and the compiler writes exactly those."""

from __future__ import annotations

from spinekg import vocab
from spinekg.curation.models import QUALIFIER_PROPERTIES, REGIMEN_FIELDS, TERM_QUALIFIERS, TEXT_QUALIFIERS, Qualifiers, rdf_property


def test_field_names_become_camel_case_properties() -> None:
    assert rdf_property("line_of_therapy") == "lineOfTherapy"
    assert rdf_property("phase") == "phase"
    assert QUALIFIER_PROPERTIES["line_of_therapy"] == "lineOfTherapy"


def test_every_qualifier_and_regimen_field_is_a_declared_property() -> None:
    declared = {ident for ident, *_ in vocab.PROVENANCE_PROPERTIES}
    assert set(QUALIFIER_PROPERTIES.values()) - declared == set()
    assert set(REGIMEN_FIELDS) - declared == set()
    assert set(TERM_QUALIFIERS) <= set(Qualifiers.model_fields)


def test_the_kind_of_each_qualifier_is_read_from_its_field() -> None:
    assert TERM_QUALIFIERS == {"phase": "DiseasePhase", "population": "PatientGroup"}
    assert TEXT_QUALIFIERS == ("urgency", "circumstance", "proportion", "threshold", "measure")
    q = Qualifiers(phase=["Exacerbation", "InitialPhase"], population="Children", urgency="at once")
    assert (q.values("phase"), q.values("population"), q.values("urgency"), q.values("measure")) == (
        ["Exacerbation", "InitialPhase"],
        ["Children"],
        ["at once"],
        [],
    )


def test_the_built_graph_uses_each_qualifier_property_the_models_define(kg) -> None:
    rows = kg.sparql("SELECT DISTINCT ?p WHERE { GRAPH <https://w3id.org/spinekg/graph/asserted> { ?c a <https://w3id.org/spinekg/Claim> ; ?p ?v } }").rows
    used = {r.p.removeprefix("SKG:") for r in rows}  # identifiers come as CURIEs
    # a qualifier field with an underscore is written under its camel-case property: D001's
    # "Absolute indications for surgical intervention include: ..." is `indication: absolute`
    assert {"phase", "population", "circumstance", "lineOfTherapy", "indication"} <= used
    assert "line_of_therapy" not in used

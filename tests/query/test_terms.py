"""Finding terms: label, synonym, brand, ID, CURIE, IRI; misses name the closest terms."""

from __future__ import annotations

import pytest

import spinekg
from spinekg.errors import UnknownTermError


def test_brand_name_returns_the_brand_term(kg) -> None:
    t = kg.term("Advil")
    assert (t.label, t.category, t.curie) == ("Advil", "BrandProduct", "SKG:Advil")
    assert t.iri == "https://w3id.org/spinekg/Advil"
    assert t.definition


@pytest.mark.parametrize("name", ["naproxen", "NAPROXEN", "  Naproxen ", "Naproxen", "SKG:Naproxen", "https://w3id.org/spinekg/Naproxen"])
def test_lookup_by_label_id_curie_iri_any_case(kg, name: str) -> None:
    assert kg.term(name).id == "Naproxen"


def test_exact_synonym(kg) -> None:
    assert kg.term("paracetamol").id == "Acetaminophen"
    assert kg.term("physical therapy").id == "Physiotherapy"


def test_drug_lists_its_brands(kg) -> None:
    assert set(kg.term("ibuprofen").brands) == {"Advil", "Motrin"}


def test_miss_names_the_closest_terms(kg) -> None:
    with pytest.raises(UnknownTermError) as err:
        kg.term("naproxn")
    assert err.value.suggestions[0] == "naproxen"
    assert "naproxen" in str(err.value)
    assert isinstance(err.value, KeyError) and isinstance(err.value, spinekg.SpineKGError)


def test_terms_by_category_include_subcategories(kg) -> None:
    treatments = {t.id for t in kg.terms("treatment")}
    assert {"HeatTherapy", "MassageTherapy", "HipStretch", "PlateletRichPlasmaTherapy"} <= treatments
    assert "Naproxen" not in treatments

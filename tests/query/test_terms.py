"""Finding terms: label, synonym, brand, ID, CURIE, IRI; misses name the closest terms."""

from __future__ import annotations

import pytest
from source_texts import DOCS

import spinekg
from spinekg import vocab
from spinekg.errors import AmbiguousTermError, UnknownTermError
from spinekg.query.terms import Synonym, Term, TermIndex


def test_brand_name_returns_the_brand_term(kg) -> None:
    t = kg.term("Advil")
    assert (t.label, t.category, t.curie) == ("Advil", "SKG:BrandProduct", "SKG:Advil")
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


# -- plurals and inflections -------------------------------------------------------------------


def _index(*labels: str, synonyms: dict[str, tuple[str, str]] | None = None) -> TermIndex:
    """A small index: one term per label (ID = label without spaces); ``synonyms`` gives a term
    more names, by label: ``{"back spasm": ("spasms of the back", "exact")}``."""
    extra = synonyms or {}
    return TermIndex(
        [
            Term(
                iri=vocab.BASE + label.replace(" ", ""),
                label=label,
                category="SKG:Symptom",
                category_label="symptom",
                definition="",
                synonyms=(Synonym(*extra[label]),) if label in extra else (),
            )
            for label in labels
        ]
    )


def test_a_documents_title_in_the_plural_finds_the_singular_term(kg) -> None:
    """D002 is "Causes & Treatments for Back Spasms" (ontology/sources/documents.yaml); its
    subject is in the graph in the singular."""
    title = DOCS["D002"]["title"]
    assert title.endswith("Back Spasms")
    assert kg.term(title.removeprefix("Causes & Treatments for ")) == kg.term("back spasm")


@pytest.mark.parametrize(
    ("asked", "meant"),
    [
        ("bone metastases", "bone metastasis"),  # a Greek plural
        ("kidney stone", "kidney stones"),  # the singular of a plural label
        ("pregnancies", "pregnancy"),
        ("tender spots on the spine", "tender spot on the spine"),  # D000: "your tender spots"
        ("flat foot", "flat feet"),  # an irregular plural
        ("MRIs", "MRI"),  # an abbreviation's plural
        ("spinal infections", "spinal infection"),
    ],
)
def test_inflected_names_find_their_term(kg, asked: str, meant: str) -> None:
    assert kg.term(asked) == kg.term(meant)


@pytest.mark.parametrize("asked", ["advill", "naproxene", "tenderness on the spine"])
def test_a_misspelling_or_another_word_is_not_an_inflection(kg, asked: str) -> None:
    """The stemmer would take "advill" for "Advil" and "tenderness" for "tender": not inflections,
    so they stay unknown and are answered with suggestions."""
    with pytest.raises(UnknownTermError) as err:
        kg.term(asked)
    assert err.value.suggestions


def test_a_name_as_written_wins_over_an_inflected_one() -> None:
    index = _index("spasm", "spasms", "back spasm")
    assert index.get("spasms").label == "spasms"
    assert index.get("Spasm").label == "spasm"
    assert index.get("back spasms").label == "back spasm"
    # as written in a lower tier still beats inflected in the label tier
    index = _index("back spasm", "lumbar cramp", synonyms={"lumbar cramp": ("back spasms", "related")})
    assert index.get("back spasms").label == "lumbar cramp"


def test_an_inflected_name_of_two_terms_is_ambiguous() -> None:
    index = _index("back spasm", "back spasms")
    with pytest.raises(AmbiguousTermError) as err:
        index.get("back spasming")
    assert err.value.candidates == ["back spasm (SKG:backspasm)", "back spasms (SKG:backspasms)"]
    assert isinstance(err.value, KeyError)


def test_the_term_command_forgives_the_plural() -> None:
    from click.testing import CliRunner

    from spinekg.cli import cli

    out = CliRunner().invoke(cli, ["term", "Back Spasms", "--no-claims"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("back spasm  [SKG:BackSpasm]")


def test_a_name_found_as_written_does_not_load_the_stemmer() -> None:
    """The stemmer is imported for the first name not found as written, not for every look-up."""
    import subprocess
    import sys

    code = (
        "import sys, spinekg\n"
        "kg = spinekg.load()\n"
        "kg.term('back spasm'); print('snowballstemmer' in sys.modules)\n"
        "kg.term('back spasms'); print('snowballstemmer' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]

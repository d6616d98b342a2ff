"""The whole-curation checks: each mistake in a copy of the real curation is one problem, at the
file and line where it was made, with the closest names where a name is unknown.

The expected problems are written out whole: a check that reports at the wrong line, loses its
hint or sets off follow-on problems about what refers to the mistake fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import edit, line_of

from spinekg.curation.check import check_root
from spinekg.errors import CurationError

SCHEMA = Path("ontology/curation/schema.yaml")
CLAIMS = Path("ontology/curation/claims/D000.yaml")
DRUGS = Path("ontology/curation/terms/drugs.yaml")


def _problems(project: Path) -> list[tuple[str, int, str]]:
    with pytest.raises(CurationError) as err:
        check_root(project)
    return [(p.file, p.line, p.message) for p in err.value.problems]


# -- the schema: each entry on its own line, no follow-on problems ------------------------------


def test_a_typo_in_a_relations_domain_is_one_problem_at_its_line_naming_the_closest(project: Path) -> None:
    # every claim with a treatment as the subject of treats would otherwise be outside its domain
    rest = " Drug, BrandProduct]\n    range: [Condition, ClinicalFinding]\n"
    edit(project / SCHEMA, "    domain: [Treatment," + rest, "    domain: [Treatmnt," + rest)
    assert _problems(project) == [
        (
            str(SCHEMA),
            line_of(project / SCHEMA, "domain: [Treatmnt,"),
            "relation treats: unknown category 'Treatmnt' in its domain (closest: Treatment, PharmacologicalTreatment, SurgicalTreatment)",
        )
    ]


def test_a_typo_in_a_negations_range_is_not_reported_again_by_the_relations_it_negates(project: Path) -> None:
    # treats and prevents are stated with advisedAgainstFor: neither is to blame for its typo
    rest = " AdverseEffect]\n    curated: false"
    edit(project / SCHEMA, "    range: [Condition, ClinicalFinding," + rest, "    range: [Condition, ClinicalFindng," + rest)
    assert _problems(project) == [
        (
            str(SCHEMA),
            line_of(project / SCHEMA, "range: [Condition, ClinicalFindng,"),
            "relation advisedAgainstFor: unknown category 'ClinicalFindng' in its range (closest: ClinicalFinding, LabFinding, ImagingFinding)",
        )
    ]


def test_an_unknown_stance_of_a_relation_is_not_reported_by_each_claim_taking_the_stance(project: Path) -> None:
    head = "    stances: [Recommended, AdvisedAgainst, "
    rest = " MixedEvidence, NotEffective]\n    negation: advisedAgainstFor\n    mappings: {exact: [biolink:treats]"
    edit(project / SCHEMA, head + "Reported," + rest, head + "Reportd," + rest)
    line = line_of(project / SCHEMA, "Reportd")
    assert _problems(project) == [(str(SCHEMA), line, "relation treats: unknown stance 'Reportd' (closest: Reported)")]


def test_an_unknown_parent_category_leaves_what_is_under_it_unjudged(project: Path) -> None:
    edit(project / SCHEMA, "    label: mechanical condition\n    parent: Condition\n", "    label: mechanical condition\n    parent: Conditon\n")
    line = line_of(project / SCHEMA, "parent: Conditon")
    expected = "category MechanicalCondition: unknown parent category 'Conditon' (closest: Condition, FocalInfiltrativeCondition, InflammatoryCondition)"
    assert _problems(project) == [(str(SCHEMA), line, expected)]


def test_an_unknown_category_in_a_disjoint_group_is_at_its_line(project: Path) -> None:
    edit(project / SCHEMA, "  - [ClinicalFinding, PhysiologicalState,", "  - [ClinicalFinding, PhysiologicalStat,")
    line = line_of(project / SCHEMA, "PhysiologicalStat,")
    expected = "disjoint: unknown category 'PhysiologicalStat' (closest: PhysiologicalState, PharmacologicalTreatment, Physiotherapy)"
    assert _problems(project) == [(str(SCHEMA), line, expected)]


def test_a_schema_entry_that_fails_validation_is_one_problem_and_its_claims_raise_none(project: Path) -> None:
    # before, the whole schema failed with it; now the claims using hasSymptom are still judged
    edit(project / SCHEMA, "  - id: hasSymptom\n    label: has symptom\n", "  - id: hasSymptom\n")
    line = line_of(project / SCHEMA, "- id: hasSymptom")
    assert _problems(project) == [(str(SCHEMA), line, "relation hasSymptom: label: Field required")]


def test_a_schema_entry_failing_validation_leaves_the_others_checked(project: Path) -> None:
    edit(project / SCHEMA, "  - id: hasSymptom\n    label: has symptom\n", "  - id: hasSymptom\n")
    edit(project / SCHEMA, "    label: mechanical condition\n    parent: Condition\n", "    label: mechanical condition\n    parent: Conditon\n")
    assert [(line, message.split(":")[0]) for _, line, message in _problems(project)] == [
        (line_of(project / SCHEMA, "parent: Conditon"), "category MechanicalCondition"),
        (line_of(project / SCHEMA, "- id: hasSymptom"), "relation hasSymptom"),
    ]


def test_a_reserved_name_is_refused_where_it_is_taken(project: Path) -> None:
    path = project / DRUGS
    path.write_text(
        path.read_text(encoding="utf-8") + "- id: DoseRegimen\n  label: dose regimen\n  is_a: [Drug]\n  definition: Not a drug at all.\n", encoding="utf-8"
    )
    line = line_of(path, "- id: DoseRegimen")
    assert _problems(project) == [(str(DRUGS), line, "term DoseRegimen: the name DoseRegimen is reserved (isA and DoseRegimen are the build's own)")]


# -- references --------------------------------------------------------------------------------


def test_an_unknown_stance_in_a_claim(project: Path) -> None:
    rest = "\n    qualifiers:\n      urgency: immediately\n"
    edit(project / CLAIMS, "    stance: Recommended" + rest, "    stance: Recomended" + rest)
    line = line_of(project / CLAIMS, "id: D000-009")
    assert _problems(project) == [(str(CLAIMS), line, "claim D000-009: unknown stance 'Recomended' (closest: Recommended, Reported)")]


# -- duplicates --------------------------------------------------------------------------------


def test_a_duplicate_claim_id_names_the_first(project: Path) -> None:
    first, second = line_of(project / CLAIMS, "id: D000-004"), line_of(project / CLAIMS, "id: D000-005")
    edit(project / CLAIMS, "id: D000-005\n", "id: D000-004\n")
    assert _problems(project) == [(str(CLAIMS), second, f"claim D000-004: duplicate claim ID D000-004 (also {CLAIMS}:{first})")]


def test_a_claim_repeating_another_under_a_free_id_is_refused(project: Path) -> None:
    """README's "Add a claim" once wrote D000-021 again as D000-999: the same claim under a free ID
    would count twice in every answer."""
    claim = """  - id: D000-999
    subject: HeatTherapy
    predicate: treats
    object: IsolatedSpinalTenderness
    stance: Recommended
    qualifiers:
      line_of_therapy: first
    quote:
      - Treatment for Tender Spots on Spine
      - Isolated spinal tenderness goes away within a few days of rest, icing, and heat application.
      - However, your doctor may suggest different treatment options if these methods don’t work out.
"""
    path = project / CLAIMS
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + claim, encoding="utf-8")
    line = line_of(path, "id: D000-999")
    assert _problems(project) == [
        (
            str(CLAIMS),
            line,
            "claim D000-999: claim D000-999 repeats claim D000-021: the same subject, predicate, object, stance and qualifiers from the same quote",
        )
    ]


def test_the_same_words_with_another_stance_are_another_claim(project: Path) -> None:
    """Disagreement is data: the repeat check compares the stance too, so the same quotes under
    another stance are another claim, not a repeat (a made-up claim: the check, not the texts)."""
    path = project / CLAIMS
    claim = """  - id: D000-999
    subject: HeatTherapy
    predicate: treats
    object: TenderSpotOnSpine
    stance: Reported
    qualifiers:
      line_of_therapy: first
    quote:
      - Isolated spinal tenderness goes away within a few days of rest, icing, and heat application.
      - However, your doctor may suggest different treatment options if these methods don’t work out.
"""
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + claim, encoding="utf-8")
    check_root(project)  # no problem: the stance makes it another claim


# -- the hierarchy -----------------------------------------------------------------------------


def test_an_is_a_cycle_is_one_problem_at_its_first_term(project: Path) -> None:
    # opioids are analgesics; analgesics made opioids are no longer drugs, nor is anything under
    # them: the claims treating pain with them are not reported as outside the domain of treats
    edit(project / DRUGS, "- id: Analgesic\n  label: analgesic\n  is_a: [Drug]", "- id: Analgesic\n  label: analgesic\n  is_a: [Opioid]")
    line = line_of(project / DRUGS, "- id: Analgesic")
    assert _problems(project) == [(str(DRUGS), line, "cycle in the is-a hierarchy: Analgesic -> Opioid -> Analgesic")]


def test_an_unknown_parent_term_leaves_the_claims_about_the_term_unjudged(project: Path) -> None:
    # before, every claim on analgesics or opioids (under Analgesic) was also outside its domain
    edit(project / DRUGS, "- id: Analgesic\n  label: analgesic\n  is_a: [Drug]", "- id: Analgesic\n  label: analgesic\n  is_a: [Drgu]")
    line = line_of(project / DRUGS, "- id: Analgesic")
    assert _problems(project) == [(str(DRUGS), line, "term Analgesic: is_a names unknown term 'Drgu' (closest: Drug, AntiInflammatoryDrug, AntiulcerDrug)")]


# -- domain and range --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "old", "new", "message"),
    [
        pytest.param(
            "D000-006",
            "    subject: SpinalInfection\n    predicate: hasSymptom\n    object: TenderSpotOnSpine",
            "    subject: Naproxen\n    predicate: hasSymptom\n    object: TenderSpotOnSpine",
            "claim D000-006: subject Naproxen (Drug) is outside the domain of hasSymptom: Condition, PhysiologicalState",
            id="domain",
        ),
        pytest.param(
            "D000-048",
            "    subject: Acetaminophen\n    predicate: hasBrand\n    object: Tylenol",
            "    subject: Acetaminophen\n    predicate: hasBrand\n    object: Fever",
            "claim D000-048: object Fever (Sign) is outside the range of hasBrand: BrandProduct",
            id="range",
        ),
    ],
)
def test_a_term_outside_its_relations_domain_or_range(project: Path, claim: str, old: str, new: str, message: str) -> None:
    edit(project / CLAIMS, old, new)
    assert _problems(project) == [(str(CLAIMS), line_of(project / CLAIMS, f"id: {claim}"), message)]


# -- quotes ------------------------------------------------------------------------------------


def test_a_quote_not_in_the_text_names_the_passage_meant(project: Path) -> None:
    edit(project / CLAIMS, "quote: Spinal stenosis may give rise to tender spots.", "quote: Spinal stenosis may give rise to sore spots.")
    line = line_of(project / CLAIMS, "id: D000-042")
    expected = (
        "claim D000-042 quote 1: quote not found in D000: 'Spinal stenosis may give rise to sore spots.'; "
        "closest passage: 'Spinal stenosis may give rise to tender spots.'"
    )
    assert _problems(project) == [(str(CLAIMS), line, expected)]


def test_a_qualifier_word_missing_from_the_quote(project: Path) -> None:
    edit(project / CLAIMS, "      urgency: immediately\n", "      urgency: at once\n")
    line = line_of(project / CLAIMS, "id: D000-009")
    expected = "claim D000-009: urgency 'at once' is not in the claim's quotes (qualifiers repeat the source's words)"
    assert _problems(project) == [(str(CLAIMS), line, expected)]


def test_a_scope_word_the_quote_does_not_hold_as_a_word(project: Path) -> None:
    """The scope repeats the source's word: D003-202 quotes "many tools can ... bring harm", so a
    scope of "most" is the curator's reading, not the text's."""
    d003 = project / "ontology/curation/claims/D003.yaml"
    edit(d003, "      scope: many\n      hedge: can\n    quote: Despite", "      scope: most\n      hedge: can\n    quote: Despite")
    line = line_of(d003, "id: D003-202")
    expected = "claim D003-202: scope 'most' is not a word of the claim's quotes (a scope is the source's own word)"
    assert _problems(project) == [("ontology/curation/claims/D003.yaml", line, expected)]


def test_a_hedge_word_the_quote_does_not_hold(project: Path) -> None:
    """A hedge is the source's own word too: D000-009's sentence says "immediately", never
    "often", so "often" would be the curator's."""
    edit(project / CLAIMS, "      urgency: immediately\n", "      urgency: immediately\n      hedge: often\n")
    line = line_of(project / CLAIMS, "id: D000-009")
    expected = "claim D000-009: hedge 'often' is not a word of the claim's quotes (a hedge is the source's own word)"
    assert _problems(project) == [(str(CLAIMS), line, expected)]


def test_a_claim_resting_only_on_headings_is_refused(project: Path) -> None:
    """D000's stem cell therapy stood under the heading "Treatment for Tender Spots on Spine" and a
    lead-in that names no condition; a claim quoting only those is refused, and says why."""
    edit(
        project / CLAIMS,
        "  - id: D000-073\n",
        "  - id: D000-099\n    subject: StemCellTherapy\n    predicate: treats\n    object: TenderSpotOnSpine\n"
        "    stance: Recommended\n    quote:\n      - Treatment for Tender Spots on Spine\n"
        "      - Stem Cell Therapy and Platelet-rich Plasma Therapy\n"
        '      - "The doctor generally recommends one of two types of stem cell therapy, including:"\n\n  - id: D000-073\n',
    )
    line = line_of(project / CLAIMS, "id: D000-099")
    ((where, at, message),) = _problems(project)
    assert (where, at) == (str(CLAIMS), line)
    assert message.startswith("claim D000-099: rests only on headings or list lead-ins ('Treatment for Tender Spots on Spine'; ")
    assert message.endswith("quote the passage that states it (a heading is context, never the claim's only support)")


def test_a_bulleted_item_title_is_context() -> None:
    """D002's treatment list writes each item's title after a bullet ("  \u2022 Medications"): with
    the item's sentence quoted too, the title is context and the sentence states the claim."""
    claims = {c.id: c for c in check_root(Path(__file__).resolve().parents[2]).claims}
    roles = {s.quote: s.role for s in claims["D002-029"].spans}
    assert roles == {
        "Treatments for Back Spasms": "context",
        "Medications": "context",
        "Over the counter non-steroidal anti-inflammatory drugs such as aspirin and naproxen can reduce inflammation"
        " and stiffness and reduce pain.": "statement",
    }
    assert {s.quote: s.role for s in claims["D002-042"].spans}["Vertebroplasty/Kyphoplasty"] == "context"

"""The example queries of ontology/README.md run, and answer what the source texts say.

Every ```sparql block of the README is run with ``kg.sparql`` on both embedded engines (Oxigraph
and rdflib). Both must give the same rows, no row twice, and exactly the answer written below by
hand from the source texts (the sentence each value comes from is quoted beside it; identifiers are
the curation files' and labels the term files'). A block with no expectation here fails.

Values are compared as the engines return them, IRIs shortened to CURIEs (``SKG:Naproxen``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from source_texts import text

import spinekg
from spinekg import vocab

README = Path(__file__).resolve().parents[1] / "ontology" / "README.md"
#: A fenced block whose info string is sparql (any case, spaces allowed), up to its closing fence.
_BLOCK = re.compile(r"^```[ \t]*sparql\b[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M | re.I)
_NAME = re.compile(r"^# example: (\S+)[ \t]*$")


def readme_blocks() -> list[tuple[str, str]]:
    """(name, query) of each sparql block, in order; a block whose first line names no example is
    named after its line, so it has no expectation and fails."""
    doc = README.read_text(encoding="utf-8")
    out = []
    for m in _BLOCK.finditer(doc):
        body = m.group(1)
        found = _NAME.match(body.split("\n", 1)[0])
        out.append((found.group(1) if found else f"unnamed block at README line {doc.count(chr(10), 0, m.start()) + 1}", body))
    return out


def _offsets(doc: str, quote: str) -> tuple[int, int]:
    """Where ``quote`` is in the source text ``doc`` (code points, end exclusive), found here."""
    t = text(doc)
    assert t.count(quote) == 1, f"{quote!r} is not once in {doc}"
    start = t.index(quote)
    return start, start + len(quote)


# -- the expectations, by example name: (columns, rows) or, for ASK, a boolean ----------------------

_OTC_NSAIDS = "Over the counter non-steroidal anti-inflammatory drugs such as aspirin and naproxen can reduce inflammation and stiffness and reduce pain."
_NSAID_RISKS = "Additionally, NSAIDs come with a long list of side effects including an increased risk of bleeding ulcers and fatal heart attacks."
_Q021_1 = "Isolated spinal tenderness goes away within a few days of rest, icing, and heat application."
_Q021_2 = "However, your doctor may suggest different treatment options if these methods don’t work out."
_D003_ELECTRIC = "Elimination of pain is done by using electric current, ultrasound, magnetic field and other methods of influence on the affected area."
_D003_PREGNANCY = (
    "But we must remember that this reduction in pain is contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes."
)
_GP = "people consulting a general practitioner for back pain"

EXPECTED: dict[str, tuple[tuple[str, ...], set[tuple[Any, ...]]] | bool] = {
    # The title line of each text (D004's heading reads "Are You Experiencing / Back Muscle Pain?",
    # which documents.yaml records as the title "Back Muscle Pain").
    "documents": (
        ("document", "title"),
        {
            ("SKGDOC:D000", "Causes and Treatment of Tender Spot on Spine When Pressed"),
            ("SKGDOC:D001", "Treatment for spinal pain"),
            ("SKGDOC:D002", "Causes & Treatments for Back Spasms"),
            ("SKGDOC:D003", "The backbone hurts in the middle of a back: the reasons and treatment"),
            ("SKGDOC:D004", "Back Muscle Pain"),
        },
    ),
    # D001: "for example, paracetamol up to 4 g / day orally"; D000: "Acetaminophen (e.g., Tylenol)".
    # One drug, two names: the term acetaminophen with the exact synonym paracetamol.
    "term-by-name": (("term", "label"), {("SKG:Acetaminophen", "acetaminophen")}),
    # The categories of ontology/curation/schema.yaml (id, label, parent), not of the texts.
    "categories": (
        ("category", "label", "parent"),
        {
            ("SKG:Condition", "condition", None),
            ("SKG:MechanicalCondition", "mechanical condition", "SKG:Condition"),
            ("SKG:InflammatoryCondition", "inflammatory condition", "SKG:Condition"),
            ("SKG:SoftTissueCondition", "soft tissue condition", "SKG:Condition"),
            ("SKG:FocalInfiltrativeCondition", "focal infiltrative condition", "SKG:Condition"),
            ("SKG:VisceralCondition", "visceral condition", "SKG:Condition"),
            ("SKG:PsychosomaticCondition", "psychosomatic condition", "SKG:Condition"),
            ("SKG:ClinicalFinding", "clinical finding", None),
            ("SKG:Symptom", "symptom", "SKG:ClinicalFinding"),
            ("SKG:Sign", "sign", "SKG:ClinicalFinding"),
            ("SKG:LabFinding", "lab finding", "SKG:ClinicalFinding"),
            ("SKG:ImagingFinding", "imaging finding", "SKG:ClinicalFinding"),
            ("SKG:RedFlag", "red flag", "SKG:ClinicalFinding"),
            ("SKG:PresentationFeature", "presentation feature", "SKG:ClinicalFinding"),
            ("SKG:AdverseEffect", "adverse effect", None),
            ("SKG:PhysiologicalState", "physiological state", None),
            ("SKG:DiseasePhase", "disease phase", None),
            ("SKG:DiagnosticProcedure", "diagnostic procedure", None),
            ("SKG:LabTest", "lab test", "SKG:DiagnosticProcedure"),
            ("SKG:ImagingProcedure", "imaging procedure", "SKG:DiagnosticProcedure"),
            ("SKG:Treatment", "treatment", None),
            ("SKG:PharmacologicalTreatment", "pharmacological treatment", "SKG:Treatment"),
            ("SKG:Physiotherapy", "physiotherapy", "SKG:Treatment"),
            ("SKG:ManualTherapy", "manual therapy", "SKG:Treatment"),
            ("SKG:ExerciseTherapy", "exercise therapy", "SKG:Treatment"),
            ("SKG:SurgicalTreatment", "surgical treatment", "SKG:Treatment"),
            ("SKG:RegenerativeTherapy", "regenerative therapy", "SKG:Treatment"),
            ("SKG:SelfCare", "self-care", "SKG:Treatment"),
            ("SKG:FolkRemedy", "folk remedy", "SKG:Treatment"),
            ("SKG:Drug", "drug", None),
            ("SKG:BrandProduct", "brand product", None),
            ("SKG:AnatomicalStructure", "anatomical structure", None),
            ("SKG:Pathogen", "pathogen", None),
            ("SKG:Specialist", "specialist", None),
            ("SKG:PatientGroup", "patient group", None),
            ("SKG:Behaviour", "behaviour", None),
        },
    ),
    # The relations and data relations of ontology/curation/schema.yaml (id, label), not of the texts.
    "relations": (
        ("relation", "label", "kind"),
        {
            ("SKG:" + rid, label, "owl:ObjectProperty")
            for rid, label in (
                ("treats", "treats"),
                ("advisedAgainstFor", "advised against for"),
                ("contraindicatedIn", "contraindicated in"),
                ("hasSymptom", "has symptom"),
                ("suggests", "suggests"),
                ("hasAdverseEffect", "has adverse effect"),
                ("diagnosedBy", "diagnosed by"),
                ("causedBy", "caused by"),
                ("causesReferredBackPain", "causes referred back pain"),
                ("redFlagFor", "red flag for"),
                ("riskFactorFor", "risk factor for"),
                ("progressesTo", "progresses to"),
                ("hasBrand", "has brand"),
                ("hasActiveIngredient", "has active ingredient"),
                ("alternativeTo", "alternative to"),
                ("inDrugClass", "in drug class"),
                ("hasDoseRegimen", "has dose regimen"),
                ("hasPresentationFeature", "has presentation feature"),
                ("hasComponent", "has component"),
                ("resultOf", "result of"),
                ("decidedBy", "decided by"),
                ("managedBy", "managed by"),
                ("prevents", "prevents"),
            )
        }
        | {
            ("SKG:" + rid, label, "owl:DatatypeProperty")
            for rid, label in (
                ("hasDuration", "has duration"),
                ("hasRecoveryTime", "has recovery time"),
                ("hasStatistic", "has statistic"),
                ("hasLimit", "has limit"),
                ("hasFunction", "has function"),
            )
        },
    ),
    # D000: "Some of the best modifying activities for tender spots on the spine include: Back
    # flexion exercise / Knee to chest stretch / Chin to chest stretch / Ear-to-shoulder stretch /
    # Hip stretch"
    "modifying-activities": (
        ("activity", "label"),
        {
            ("SKG:BackFlexionExercise", "back flexion exercise"),
            ("SKG:KneeToChestStretch", "knee to chest stretch"),
            ("SKG:ChinToChestStretch", "chin to chest stretch"),
            ("SKG:EarToShoulderStretch", "ear-to-shoulder stretch"),
            ("SKG:HipStretch", "hip stretch"),
        },
    ),
    # D000: "Stem cell therapy takes about 1.5-2 hours to complete"; "PRP procedures are usually
    # completed within 45 minutes."
    "durations-in-d000": (
        ("procedureLabel", "duration"),
        {("stem cell therapy", "about 1.5-2 hours"), ("platelet-rich plasma therapy", "within 45 minutes")},
    ),
    # D003: "Elimination of pain is done by using electric current, ultrasound, magnetic field and
    # other methods of influence on the affected area. [...] But we must remember that this reduction
    # in pain is contraindicated in pregnancy, blood diseases, oncological pathologies and acute
    # infectious processes." Three methods, each claim quoting both sentences.
    "contraindicated-in-pregnancy": (
        ("treatmentLabel", "document", "quote"),
        {(t, "SKGDOC:D003", q) for t in ("electrotherapy", "ultrasound therapy", "magnetotherapy") for q in (_D003_ELECTRIC, _D003_PREGNANCY)},
    ),
    # The same three methods, asserted; and, inferred, the two methods of D003's list of
    # physioprocedures ("1. Electrophoresis. [...] 3. UHF-therapy.") that the curator placed under
    # electrotherapy and magnetotherapy (terms/d003.yaml): the contraindication of a method holds for
    # its subtypes (ontology/rules/contraindication-to-subclass.rq).
    "contraindicated-in-pregnancy-by-graph": (
        ("treatmentLabel", "graph"),
        {
            ("electrotherapy", "SKG:graph/asserted"),
            ("ultrasound therapy", "SKG:graph/asserted"),
            ("magnetotherapy", "SKG:graph/asserted"),
            ("electrophoresis", "SKG:graph/inferred"),
            ("UHF therapy", "SKG:graph/inferred"),
        },
    ),
    # D000, under its heading "Treatment for Tender Spots on Spine": "Isolated spinal tenderness goes
    # away within a few days of rest, icing, and heat application. However, your doctor may suggest
    # different treatment options if these methods don’t work out." Heat is offered as a first-line
    # treatment of the isolated tenderness (not of every tender spot); the offsets are found in the
    # text here.
    "claim-provenance": (
        ("subjectLabel", "predicate", "objectLabel", "stanceLabel", "evidence", "lineOfTherapy", "title", "quote", "start", "end"),
        {
            (
                "heat therapy",
                "SKG:treats",
                "isolated spinal tenderness",
                "recommended",
                "ECO:0000303",
                "first",
                "Causes and Treatment of Tender Spot on Spine When Pressed",
                quote,
                *_offsets("D000", quote),
            )
            for quote in ("Treatment for Tender Spots on Spine", _Q021_1, _Q021_2)
        },
    ),
    # D001: "Back pain is an extremely common symptom, affecting 80% of the population of Western
    # Europe at some point in their lives. Of every 1,000 industrial workers, 50 are unable to work
    # each year due to back pain at some point in their lives. In the UK, 11.5 million working days
    # are lost each year due to back pain. The general practitioner consults 20 out of 1,000 people
    # each year for this condition, 10-15% of whom have to be hospitalised. And less than 10% of
    # those hospitalised undergo surgery. In most cases, back pain goes away on its own: of those who
    # consult a general practitioner, 70% experience improvement within 3 weeks, 90% within 6 weeks"
    "statistics-with-qualifiers": (
        ("value", "measure", "populationLabel"),
        {
            ("80%", "at some point in their lives", "population of Western Europe"),
            ("50 of every 1,000", "are unable to work each year due to back pain", "industrial workers"),
            ("11.5 million working days", "working days are lost each year due to back pain", "people in the UK"),
            ("20 out of 1,000 people each year", "The general practitioner consults", None),
            ("10-15%", "have to be hospitalised", _GP),
            ("less than 10%", "undergo surgery", "people hospitalised for back pain"),
            ("In most cases", "goes away on its own", None),
            ("70%", "experience improvement within 3 weeks", _GP),
            ("90%", "experience improvement", _GP),  # "within 6 weeks" is its circumstance
        },
    ),
    # D003: "During the period of exacerbation, therapy is aimed at arresting the pain signal. [...]
    # 1. Non-steroidal anti-inflammatory drugs- their action is aimed at stopping mediators of
    # inflammatory processes [...] With intense pain, injectable drugs are prescribed [...]
    # 2. Analgesics- are appointed, when the anesthetic properties of NSAIDs are not enough [...]
    # 3. Muscle relaxants- Diseases of the spine are often accompanied by muscle spasms [...]". Each item
    # of the list is offered for the pain; what an item's sentence says it does ("Relaxing the muscle
    # corset will help injecting muscle relaxants") is reported, not recommended (the stance guideline).
    "recommended-in-exacerbation": (
        ("treatmentLabel", "problemLabel", "lineOfTherapy", "circumstance"),
        {
            ("non-steroidal anti-inflammatory drug", "back pain", None, None),
            ("injectable NSAID", "severe back pain", None, "With intense pain"),
            ("analgesic", "back pain", "second", "when the anesthetic properties of NSAIDs are not enough"),
            ("muscle relaxant", "back pain", None, None),
        },
    ),
    # Bed rest: D001 "Treatment for back pain includes: [...] bed rest and exercise;" against D003
    # "avoid prolonged stay in bed". Heat: D002 "The use of hot and cold compresses can help to [...]
    # lessen pain for some patients." (what heat does: reported) against D004 "If you are
    # experiencing any pain, avoid heat and only use ice." Massage: D001 (massage in the stationary
    # and regression phases) and D003 ("is a campaign to the masseur"; "it is recommended to perform
    # massage") against D004 "massage is fine but generally not a cure to back pain."
    "disagreeing-stances": (
        ("treatmentLabel", "problemLabel", "claimFor", "stanceFor", "documentFor", "claimAgainst", "documentAgainst", "stanceAgainst"),
        {
            ("bed rest", "back pain", "SKGCLAIM:D001-024", "recommended", "SKGDOC:D001", "SKGCLAIM:D003-206", "SKGDOC:D003", "advised against"),
            ("heat therapy", "pain", "SKGCLAIM:D002-021.Pain", "reported association", "SKGDOC:D002", "SKGCLAIM:D004-043", "SKGDOC:D004", "advised against"),
            ("massage therapy", "back pain", "SKGCLAIM:D001-135", "recommended", "SKGDOC:D001", "SKGCLAIM:D004-092", "SKGDOC:D004", "not effective"),
            ("massage therapy", "back pain", "SKGCLAIM:D003-093", "recommended", "SKGDOC:D003", "SKGCLAIM:D004-092", "SKGDOC:D004", "not effective"),
            ("massage therapy", "back pain", "SKGCLAIM:D003-236", "recommended", "SKGDOC:D003", "SKGCLAIM:D004-092", "SKGDOC:D004", "not effective"),
        },
    ),
    # D001: "muscle relaxants - tolperisone hydrochloride (mydocalm) intramuscularly 100 mg (1 ml) 2
    # times a day. After parenteral administration, 150 mg of mydocalm is prescribed 3 times a day
    # orally." and "paracetamol up to 4 g / day orally, NSAIDs, such as naproxen 250 mg every 8 hours
    # orally after meals [...] diazepam 2 mg every 8 hours orally."
    "regimens-in-d001": (
        ("drugLabel", "limit", "amount", "unit", "route", "frequency", "timing"),
        {
            ("tolperisone", None, "100", "mg", "intramuscular", "2 times a day", None),
            ("tolperisone", None, "150", "mg", "oral", "3 times a day", "after parenteral administration"),
            ("acetaminophen", "maximum", "4", "g/day", "oral", None, None),
            ("naproxen", None, "250", "mg", "oral", "every 8 hours", "after meals"),
            ("diazepam", None, "2", "mg", "oral", "every 8 hours", None),
        },
    ),
    # D002: "Over the counter non-steroidal anti-inflammatory drugs such as aspirin and naproxen can
    # reduce inflammation and stiffness and reduce pain." and D001 "NSAIDs, such as naproxen": naproxen
    # is an NSAID. D002: "Additionally, NSAIDs come with a long list of side effects including an
    # increased risk of bleeding ulcers and fatal heart attacks. These risks are especially great for
    # long-term users, such as those suffering from chronic back pain." An adverse effect of NSAIDs is
    # one of each member (ontology/rules/adverse-effect-to-subclass.rq), with the source's "risk" and
    # its long-term users.
    "inferred-with-premises": (
        ("rule", "via", "hedge", "circumstance", "premise", "quote"),
        {
            ("adverse-effect-to-subclass", "SKG:NSAID", "risk", "especially great for long-term users", premise, quote)
            for premise, quote in (
                ("SKGCLAIM:D001-192", "NSAIDs, such as naproxen"),
                ("SKGCLAIM:D002-028.NSAID", _OTC_NSAIDS),
                ("SKGCLAIM:D002-034.BleedingUlcer", _NSAID_RISKS),
                ("SKGCLAIM:D002-035.BleedingUlcer", _NSAID_RISKS),
                ("SKGCLAIM:D002-035.BleedingUlcer", "These risks are especially great for long-term users, such as those suffering from chronic back pain."),
            )
        },
    ),
    # D000: "Acetaminophen (e.g., Tylenol)", "Ibuprofen (e.g., Motrin, Advil)", "Naproxen (e.g.,
    # Aleve)", "prescription-strength NSAIDs, such as Celecoxib (Celebrex)"; D001: "tolperisone
    # hydrochloride (mydocalm)". No other text pairs a drug with its brand.
    "brands-in-the-texts": (
        ("drugLabel", "brandLabel"),
        {
            ("acetaminophen", "Tylenol"),
            ("ibuprofen", "Motrin"),
            ("ibuprofen", "Advil"),
            ("naproxen", "Aleve"),
            ("celecoxib", "Celebrex"),
            ("tolperisone", "mydocalm"),
        },
    ),
    # The one contraindication in pregnancy the texts state is D003's, of pain relief "by using
    # electric current, ultrasound, magnetic field"; none names naproxen (or a class of it) there.
    "naproxen-in-pregnancy": False,
}

BLOCKS = readme_blocks()


@pytest.fixture(scope="module")
def kgs(kg: spinekg.KnowledgeGraph) -> dict[str, spinekg.KnowledgeGraph]:
    return {"oxigraph": kg, "rdflib": spinekg.load(engine="rdflib")}


def _shown(value: Any) -> Any:
    return vocab.curie(value) if isinstance(value, str) and value.startswith(("http://", "https://")) else value


def _answer(kg: spinekg.KnowledgeGraph, query: str) -> tuple[tuple[str, ...], list[tuple[Any, ...]]] | bool:
    result = kg.sparql(query, timeout=60)
    if not hasattr(result, "columns"):  # ASK
        return bool(result)
    return tuple(result.columns), [tuple(_shown(v) for v in row) for row in result.rows]


def test_the_readme_has_enough_examples_each_named_once() -> None:
    names = [name for name, _ in BLOCKS]
    assert len(names) >= 10
    assert len(set(names)) == len(names), [n for n, k in Counter(names).items() if k > 1]
    assert not set(EXPECTED) - set(names), f"expectations for examples the README no longer has: {sorted(set(EXPECTED) - set(names))}"


@pytest.mark.parametrize(("name", "query"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_readme_example(kgs: dict[str, spinekg.KnowledgeGraph], name: str, query: str) -> None:
    if name not in EXPECTED:
        pytest.fail(f"the README's sparql block {name!r} has no expectation in {Path(__file__).name}")
    answers = {engine: _answer(kg, query) for engine, kg in kgs.items()}
    ox, rdf = answers["oxigraph"], answers["rdflib"]
    expected = EXPECTED[name]
    if isinstance(expected, bool):
        assert ox is expected and rdf is expected
        return
    assert not isinstance(ox, bool) and not isinstance(rdf, bool), "a SELECT example answered like an ASK"
    for engine, (_, rows) in (("oxigraph", ox), ("rdflib", rdf)):
        duplicates = [row for row, k in Counter(rows).items() if k > 1]
        assert not duplicates, f"{engine} returns rows more than once: {duplicates}"
    assert ox[0] == rdf[0] == expected[0]
    assert set(ox[1]) == set(rdf[1]), "the engines give different rows"
    assert set(ox[1]) == expected[1]


# -- the other blocks: the PREFIX block to paste, and the claim shown in Turtle ----------------------

_FENCED = re.compile(r"^```([\w-]*)[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)


def _fenced(lang: str) -> list[str]:
    return [body for kind, body in _FENCED.findall(README.read_text(encoding="utf-8")) if kind == lang]


def test_every_block_of_the_contract_is_tested() -> None:
    """sparql blocks are the examples above; the one plain block is the PREFIX block, the one
    turtle block the claim excerpt; a block of any other kind would go untested."""
    kinds = Counter(kind for kind, _ in _FENCED.findall(README.read_text(encoding="utf-8")))
    assert kinds == Counter({"sparql": len(readme_blocks()), "": 1, "turtle": 1})


def test_the_prefix_block_is_the_graphs_own_prefixes() -> None:
    (block,) = _fenced("")
    declared = dict(re.findall(r"^PREFIX (\w*): <([^>]+)>$", block, re.M))
    assert len(declared) == len(block.strip().splitlines())  # every line a PREFIX line
    for prefix, namespace in declared.items():
        assert vocab.PREFIXES.get(prefix, namespace) == namespace, prefix
    # the graph's own and the provenance vocabularies the examples use are there
    assert {"SKG", "SKGDOC", "SKGCLAIM", "ECO", "dcterms", "rdf", "rdfs", "owl", "xsd", "skos", "biolink"} <= set(declared)


def test_the_turtle_excerpt_is_in_the_graph(kgs: dict[str, spinekg.KnowledgeGraph]) -> None:
    """D000-021 and its first span, as the contract shows them: every triple shown is in the
    dataset (the excerpt leaves the other spans' triples out, and says nothing false)."""
    import rdflib

    (prefixes,) = _fenced("")
    (turtle,) = _fenced("turtle")
    shown = rdflib.Graph().parse(data=prefixes + turtle, format="turtle")
    assert len(shown) >= 15
    dataset = kgs["rdflib"].dataset
    missing = [t for t in shown if not any(True for _ in dataset.quads((t[0], t[1], t[2], None)))]
    assert not missing, missing

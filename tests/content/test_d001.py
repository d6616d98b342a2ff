"""D001 ("Treatment for spinal pain"): tables, doses, red flags, pathogens, stances.

Every expectation is written by hand from 001_d2fd8e9b6c209f81.txt.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from source_texts import norm, text

SKG = "https://w3id.org/spinekg/"


def _iri(kg, name: str) -> URIRef:
    return URIRef(kg.term(name).iri)


def _has(kg, s: str, p: str, o: str) -> bool:
    return (_iri(kg, s), URIRef(SKG + p), _iri(kg, o)) in kg.asserted_graph


# the lab-test table: finding -> every disease of its row
LAB_TABLE = [
    ("increased ESR", ["spondyloarthritis", "polymyalgia rheumatica", "tuberculosis", "osteomyelitis", "abscess"]),
    ("HLA-B27 detection", ["spondyloarthritis"]),
    ("positive blood culture", ["sepsis"]),
    ("pathological peak on serum protein electropherogram", ["myeloma"]),
    ("detection of prostate specific antigen", ["prostate cancer"]),
]


@pytest.mark.parametrize(("finding", "diseases"), LAB_TABLE, ids=[r[0] for r in LAB_TABLE])
def test_lab_table_rows(kg, finding: str, diseases: list[str]) -> None:
    suggested = {r["conditionLabel"] for r in kg.run("conditions-suggested-by", finding=finding)}
    for d in diseases:
        assert kg.term(d).label in suggested, (finding, d, suggested)


# the differential table: cause group -> morning stiffness cell
@pytest.mark.parametrize(
    ("group", "value"),
    [
        ("MechanicalCondition", "morning stiffness up to 30 minutes"),
        ("InflammatoryCondition", "morning stiffness more than 30 minutes"),
    ],
)
def test_differential_table_cells(kg, group: str, value: str) -> None:
    assert _has(kg, group, "hasPresentationFeature", value)


def test_differential_table_has_forty_cells(kg) -> None:
    # ten feature rows x four cause groups
    rows = kg.sparql("""
        PREFIX SKG: <https://w3id.org/spinekg/>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
          ?c a SKG:Claim ; rdf:predicate SKG:hasPresentationFeature ; rdf:subject ?g .
          VALUES ?g { SKG:MechanicalCondition SKG:InflammatoryCondition SKG:SoftTissueCondition SKG:FocalInfiltrativeCondition }
        }""").rows
    assert rows[0].n == 40


def _regimens(kg, drug: str) -> set[tuple]:
    rows = kg.sparql(f"""
        PREFIX SKG: <https://w3id.org/spinekg/>
        SELECT ?amount ?unit ?limit ?route ?frequency WHERE {{
          <{kg.term(drug).iri}> SKG:hasDoseRegimen ?r . ?r SKG:amount ?amount ; SKG:unit ?unit .
          OPTIONAL {{ ?r SKG:limit ?limit }} OPTIONAL {{ ?r SKG:route ?route }} OPTIONAL {{ ?r SKG:frequency ?frequency }}
        }}""").rows
    return {tuple(r) for r in rows}


def test_doses_are_structured_regimens(kg) -> None:
    # "naproxen 250 mg every 8 hours orally after meals"
    assert {(a, u) for a, u, *_ in _regimens(kg, "naproxen")} >= {("250", "mg")}
    # "paracetamol up to 4 g / day orally"
    assert any(a == "4" and lim == "maximum" for a, _, lim, *_ in _regimens(kg, "paracetamol"))
    # "diazepam 2 mg every 8 hours orally"
    assert {(a, u) for a, u, *_ in _regimens(kg, "diazepam")} == {("2", "mg")}
    # tolperisone: "100 mg (1 ml) 2 times a day" intramuscularly, then "150 mg ... 3 times a day orally"
    assert {a for a, *_ in _regimens(kg, "tolperisone")} == {"100", "150"}


def test_opioids_keep_both_stances(kg) -> None:
    stances = {r["stanceLabel"] for r in kg.run("claims-about-term", term="opioid") if r["documents"] == ["SKGDOC:D001"] and r["predicate"].endswith("treats")}
    assert {"advised against", "recommended"} <= stances


def test_red_flag_urgency_immediately_vs_without_delay(kg) -> None:
    # one row per (flag, condition); its urgencies are the distinct values its D001 claims give
    urgencies = {u for r in kg.run("red-flags") if r["documents"] == ["SKGDOC:D001"] for u in r["urgency"]}
    assert {"immediately", "without delay"} <= urgencies


def test_esr_threshold_is_a_red_flag(kg) -> None:
    flags = [r for r in kg.run("red-flags") if r["threshold"] == ["more than 25 mm/h"]]
    assert flags and kg.term(flags[0]["flag"]).category in {"SKG:LabFinding", "SKG:RedFlag"}
    assert "SKG:RedFlag" in kg.term(flags[0]["flag"]).parents or "SKG:IncreasedESR" in kg.term(flags[0]["flag"]).parents


def test_staphylococcus_about_half(kg) -> None:
    rows = {r["pathogenLabel"]: r["proportion"] for r in kg.run("pathogens-of", infection="pyogenic spinal infection")}
    assert rows["staphylococcus"] == ["About half"]
    assert {"Proteus", "Escherichia coli", "Salmonella typhi", "Mycobacterium tuberculosis"} <= set(rows)


def test_differential_diagnosis_ranks_the_cause_groups(kg) -> None:
    # From the table: localization "Diffuse" (mechanical, inflammatory, soft tissue), start
    # "Subacute" (inflammatory, soft tissue), morning stiffness "More than 30 min" (inflammatory).
    result = kg.query(
        "differential-diagnosis",
        f1="diffuse localization",
        f2="subacute onset",
        f3="morning stiffness more than 30 minutes",
    )
    ranking = [(r.groupLabel, r.matched) for r in result]
    assert ranking == [("inflammatory condition", 3), ("soft tissue condition", 2), ("mechanical condition", 1)]
    top = result.rows[0]
    assert set(top.matchedFeatures) == {"diffuse localization", "subacute onset", "morning stiffness more than 30 minutes"}
    # "Possible diseases | ... | Spondyloarthritis, polymyalgia rheumatica | ..."
    assert set(top.possibleDiseases) == {"spondyloarthritis", "polymyalgia rheumatica"}


def test_differential_diagnosis_refuses_a_feature_of_the_wrong_category(kg) -> None:
    import spinekg

    with pytest.raises(spinekg.UnknownTermError, match="takes a term under PresentationFeature"):
        kg.query("differential-diagnosis", f1="naproxen")


# --- the re-curation of issue #17: hedges, scope and the stance guideline ----------------------------

_CLAIM = "https://w3id.org/spinekg/claim/"


def _qualifier(kg, claim: str, name: str) -> set[str]:
    rows = kg.sparql(f"""
        PREFIX SKG: <https://w3id.org/spinekg/>
        SELECT ?v WHERE {{ <{_CLAIM}{claim}> SKG:{name} ?v }}""")
    return {str(r.v) for r in rows}


def _d001_claims(kg, term: str) -> dict[str, tuple[str, str, str, str]]:
    """D001's claims about ``term``: id -> (subject label, relation label, object label, stance label)."""
    return {
        r.claim.removeprefix("SKGCLAIM:"): (r.subject_label, r.predicate_label, r.object_label, r.stance)
        for r in kg.claims_about(term)
        if r.document == "SKGDOC:D001"
    }


def test_the_hedges_of_d001_reach_the_treatment_rows(kg) -> None:
    # 'Treatment for "mechanical" pain in the spine' / "however, in acute stages, opioids may be
    # required." -- recommended for the acute stage, with the hedge "may" (no longer a circumstance)
    rows = {r["treatmentLabel"]: r for r in kg.run("treatments-for", condition="mechanical back pain")}
    opioid = rows["opioid"]
    assert (opioid["stanceLabel"], opioid["hedge"], opioid["phaseLabel"], opioid["circumstance"]) == ("recommended", ["may"], ["acute phase"], [])
    assert opioid["claims"] == ["SKGCLAIM:D001-198"]
    # "Physiotherapy used in the acute phase of the disease can reduce pain and muscle spasm." -- what
    # it does, hedged: reported, with "can", and the pain is the section's mechanical back pain
    physio = rows["physiotherapy"]
    assert (physio["stanceLabel"], physio["hedge"], physio["phaseLabel"]) == ("reported association", ["can"], ["acute phase"])
    # "(a board can be placed under the mattress)" -- an option: the hedge, not a circumstance
    board = rows["board under the mattress"]
    assert (board["stanceLabel"], board["hedge"], board["circumstance"]) == ("recommended", ["can"], [])
    # "Patients should rest, lie in a horizontal position ..." -- the "can" is the board's, not theirs
    assert rows["rest"]["hedge"] == [] and rows["lying in a horizontal position"]["hedge"] == []
    # "Special observations show that manual therapy can relieve severe pain, but the effect is usually
    # short-lived." -- severe back pain (the section's), hedge "can"; "usually" is of the short effect
    (manual,) = [r for r in kg.run("treatments-for", condition="severe back pain") if r["treatmentLabel"] == "manual therapy"]
    assert (manual["stanceLabel"], manual["hedge"], manual["circumstance"]) == ("reported association", ["can"], ["the effect is usually short-lived"])
    assert not [r for r in kg.run("treatments-for", condition="severe pain") if "SKGDOC:D001" in r["documents"]]


def test_frequency_words_are_hedges_not_proportions(kg) -> None:
    expected = {
        # "When the equine tail is involved in the pathological process, urinary retention and saddle anesthesia often occur."
        "D001-222.UrinaryRetention": "often",
        # "Muscle spasm is often expressed, as is localized tenderness of the affected bone on percussion."
        "D001-227.MuscleSpasm": "often",
        # "but the ESR is often elevated."
        "D001-233": "often",
        # "and sometimes new bone formation under the ligament."
        "D001-241": "sometimes",
        # "ESR is usually elevated."
        "D001-254": "usually",
        # "usually the anterior edge of the vertebra is affected first."
        "D001-257": "usually",
    }
    for claim, word in expected.items():
        assert _qualifier(kg, claim, "hedge") == {word}, claim
        assert _qualifier(kg, claim, "proportion") == set(), claim
    # "About half of these infections are caused by staphylococcus, but Proteus, E. coli, Salmonella
    # typhi and mycobacterium tuberculosis can also cause it." -- "About half" is the proportion of
    # staphylococcus, "can" the hedge of the others
    assert _qualifier(kg, "D001-238", "proportion") == {"About half"} and _qualifier(kg, "D001-238", "hedge") == set()
    assert _qualifier(kg, "D001-239.Proteus", "hedge") == {"can"}
    # "back pain can also be a manifestation of a serious illness - a malignant neoplasm, ..." -- the
    # symptom is hedged, the illness being serious is not; a hedged claim still states its triple
    assert _qualifier(kg, "D001-011", "hedge") == {"can"} and _qualifier(kg, "D001-015", "hedge") == set()
    assert _has(kg, "MalignantNeoplasm", "hasSymptom", "BackPain")


def test_many_patients_prefer_chiropractors_is_scoped_not_a_plain_triple(kg) -> None:
    # "Many patients prefer to seek help from specialists in bone pathology or chiropractors, but they
    # usually use the same treatment methods as physical therapists." -- many, not each
    for obj in ("Chiropractor", "BonePathologySpecialist"):
        claim = f"D001-205.{obj}"
        assert _qualifier(kg, claim, "scope") == {"many"} and _qualifier(kg, claim, "hedge") == set(), claim
        # no plain triple, so neither the relation graph nor the rules pass it on
        assert not _has(kg, "MechanicalBackPain", "managedBy", obj)
        assert not list(kg.inferred_graph.triples((None, URIRef(SKG + "managedBy"), _iri(kg, obj))))
    # the claim node keeps it, with its quote
    assert _d001_claims(kg, "chiropractor")["D001-205.Chiropractor"][:3] == ("mechanical back pain", "managed by", "chiropractor")


def test_ointments_are_not_all_reflex_distracting_agents(kg) -> None:
    # "reflex-distracting agents (mustard plasters, cupping, ointments)" -- the ointments of the list,
    # not every ointment (D003's "rubbing anti-inflammatory and soothing ointments" are not said to be)
    parents = kg.term("reflex-distracting ointment").parents
    assert "SKG:ReflexDistractingAgent" in parents and "SKG:Ointment" in parents
    assert "SKG:ReflexDistractingAgent" not in kg.term("ointment").parents
    isa = _d001_claims(kg, "reflex-distracting ointment")["D001-038"]
    assert isa == ("reflex-distracting ointment", "is a", "reflex-distracting agent", "reported association")


def test_stances_follow_what_the_sentence_does(kg) -> None:
    # "Analgesics will help break the vicious circle - muscle pain - spasm: for example, paracetamol up
    # to 4 g / day orally" -- what they do for the spasm (reported); offered, with the dose, for the
    # section's mechanical pain (recommended)
    analgesic = _d001_claims(kg, "analgesic")
    assert analgesic["D001-187.MuscleSpasm"] == ("analgesic", "treats", "muscle spasm", "reported association")
    assert _d001_claims(kg, "paracetamol")["D001-193"][2:] == ("mechanical back pain", "recommended")
    # "Physiotherapy used in the acute phase of the disease can reduce pain and muscle spasm." -- reported;
    # "Treatment for back pain includes: [...] - physiotherapy and procedures;" -- recommended
    physio = _d001_claims(kg, "physiotherapy")
    assert physio["D001-202.MuscleSpasm"][3] == "reported association"
    assert physio["D001-028"] == ("physiotherapy", "treats", "back pain", "recommended")
    # "Undifferentiated therapy is aimed at reducing pain syndrome or the patient's reactions to pain
    # and eliminating vegetative reactions." -- "is aimed at": reported
    assert _d001_claims(kg, "undifferentiated therapy")["D001-033.PainSyndrome"][3] == "reported association"
    # "Many authors recommend using antidepressants throughout the course of treatment" -- a reported
    # recommendation stays recommended ("many" is of the authors: no scope)
    assert _d001_claims(kg, "antidepressant")["D001-156"][3] == "recommended"
    assert _qualifier(kg, "D001-156", "scope") == set()


def test_the_notes_quote_d001_verbatim() -> None:
    notes = (Path(__file__).resolve().parents[2] / "ontology" / "NOTES.md").read_text(encoding="utf-8")
    start = notes.index('## D001, "Treatment for spinal pain"')
    end = notes.find("\n## ", start + 1)
    section = notes[start : end if end != -1 else len(notes)]
    source = norm(text("D001"))
    quoted = re.findall(r"\u201c(.*?)\u201d", section, re.S)
    assert len(quoted) >= 15
    for q in quoted:
        assert norm(q) in source, q
    for claim in ("D001-061", "D001-071", "D001-164", "D001-234", "D001-256"):  # the comments that say "see NOTES.md"
        assert claim in section, claim

"""Query modules about diagnosis: diagnostics-for, findings-for-condition, conditions-with-symptom,
conditions-suggested-by, symptoms-of, red-flags, pathogens-of, differential-diagnosis and
visceral-causes.

Every expected answer below was written by hand from the source texts in ontology/sources/ (the
sentence it comes from is quoted in a comment); the curation YAML was read only to learn term labels.
Terms are named in the texts' own words and resolved with ``kg.term``.
"""

from __future__ import annotations

from source_texts import assert_quoted as _assert_quoted
from source_texts import doc_of as _doc
from source_texts import evidence as _evidence
from source_texts import label as _label


def _pairs(rows: list[dict], key: str) -> set[tuple[str, str]]:
    """(answer column, document of a passage quoted for it), over every quoted passage."""
    return {(e[key], _doc(e)) for e in _evidence(rows)}


def _stated_by(rows: list[dict], doc: str) -> list[dict]:
    """The answers a passage of ``doc`` is quoted for."""
    return [r for r in rows if f"SKGDOC:{doc}" in r["documents"]]


# --- diagnostics-for ----------------------------------------------------------------------------


def test_diagnostics_for_spinal_tumor(kg) -> None:
    rows = kg.run("diagnostics-for", condition="spinal tumor")
    _assert_quoted(rows)
    # D001: "The diagnosis can be confirmed by isotope scanning, bone biopsy, and myelography."
    expected = {(_label(kg, n), "D001") for n in ("isotope scanning", "bone biopsy", "myelography")}
    assert expected <= _pairs(rows, "procedureLabel")
    for e in _evidence(rows):
        if e["procedureLabel"] in {label for label, _ in expected}:
            assert "The diagnosis can be confirmed by isotope scanning, bone biopsy, and myelography." in e["quote"]
    # technetium bone scanning is D001's test for pyogenic infection, not for tumours
    assert _label(kg, "bone scanning with technetium") not in {r["procedureLabel"] for r in rows}


def test_diagnostics_for_middle_back_pain_from_d003(kg) -> None:
    rows = kg.run("diagnostics-for", condition="pain in the middle of the back")
    _assert_quoted(rows)
    # D003: "the patient must have a blood and urine test; undergo a radiographic examination; to make a
    # computer tomography and MRI." and "blood and urine tests; X-ray examination; CT scan; MRI."
    names = ("blood test", "urine test", "X-ray examination", "CT scan", "MRI")
    assert {(_label(kg, n), "D003") for n in names} <= _pairs(rows, "procedureLabel")
    assert {_doc(e) for e in _evidence(rows)} == {"D003"}


def test_diagnostics_for_carry_their_circumstance_and_take_findings(kg) -> None:
    # D001: "If the pain does not go away after 2 weeks, then it is necessary to consider an X-ray
    # examination, epidural anesthesia or a corset." (under 'Treatment for "mechanical" pain in the spine')
    rows = kg.run("diagnostics-for", condition="mechanical back pain")
    _assert_quoted(rows)
    (xray,) = [r for r in rows if r["procedureLabel"] == _label(kg, "X-ray examination")]
    assert xray["circumstance"] == ["If the pain does not go away after 2 weeks"]
    # D001: "Bone scanning with technetium has the greatest diagnostic value for this pathology." (pyogenic infection)
    pyogenic = kg.run("diagnostics-for", condition="pyogenic infection")
    assert _pairs(pyogenic, "procedureLabel") >= {(_label(kg, "bone scanning with technetium"), "D001")}
    # a clinical finding as parameter: D001 "bilateral symptoms of spinal root tension (for example,
    # according to the straight leg raise symptom)"
    slr = kg.run("diagnostics-for", condition="bilateral symptoms of spinal root tension")
    _assert_quoted(slr)
    assert {r["procedureLabel"] for r in slr} == {_label(kg, "straight leg raise test")}


# --- findings-for-condition ---------------------------------------------------------------------


def test_findings_for_spondyloarthritis_from_the_lab_table(kg) -> None:
    rows = kg.run("findings-for-condition", condition="spondyloarthritis")
    _assert_quoted(rows)
    # D001 lab table: "Increased ESR | Spondyloarthritis, ..." and "HLA-B27 detection | Spondyloarthritis |"
    assert {(e["findingLabel"], e["category"], _doc(e)) for e in _evidence(rows)} == {
        (_label(kg, "increased ESR"), "lab finding", "D001"),
        (_label(kg, "HLA-B27 detection"), "lab finding", "D001"),
    }


def test_findings_for_osteomyelitis_and_abscess(kg) -> None:
    # D001: "Increased ESR | ... osteomyelitis, abscess |" and
    # "Positive blood culture | Sepsis with development of osteomyelitis or abscess |"
    for condition in ("osteomyelitis", "abscess"):
        rows = kg.run("findings-for-condition", condition=condition)
        _assert_quoted(rows)
        assert {r["findingLabel"] for r in rows} == {_label(kg, "increased ESR"), _label(kg, "positive blood culture")}, condition
    # HLA-B27 points only to spondyloarthritis
    assert "HLA-B27 detection" not in {r["findingLabel"] for r in kg.run("findings-for-condition", condition="osteomyelitis")}


def test_findings_for_bulging_disc_and_kidney_disease_span_documents(kg) -> None:
    bulging = kg.run("findings-for-condition", condition="bulging spinal disc")
    _assert_quoted(bulging)
    found = {(e["findingLabel"], e["category"], _doc(e)) for e in _evidence(bulging)}
    # D000: "If you feel pain in your spinal column, you’re likely to have a herniated, damaged, or bulging spinal disc."
    assert (_label(kg, "pain in the spinal column"), "symptom", "D000") in found
    # D004: "if pain occurs with sitting, driving, or bending to touch your toes, the root cause may be a bulging disc."
    assert (_label(kg, "pain with sitting and bending"), "presentation feature", "D004") in found
    kidney = kg.run("findings-for-condition", condition="kidney disease")
    _assert_quoted(kidney)
    # D001: "Changes in urine tests | Kidney diseases (stones, tumors, pyelonephritis), Reiter's disease |"
    # D004: "if you are experiencing severe back pain at night or pain that does not appear to be related to
    # any posture or position, the pain may be referred from an organ such as the kidneys or lungs."
    assert {
        (_label(kg, "changes in urine tests"), "D001"),
        (_label(kg, "severe back pain at night"), "D004"),
        (_label(kg, "pain unrelated to posture or position"), "D004"),
    } <= _pairs(kidney, "findingLabel")


def test_findings_for_spinal_tumor_is_an_imaging_sign(kg) -> None:
    rows = kg.run("findings-for-condition", condition="spinal tumor")
    _assert_quoted(rows)
    # D001: "an early radiographic sign of a tumor in the spine is the symptom of "disappearance of these pedicles.""
    pedicles = [e for e in _evidence(rows) if e["findingLabel"] == _label(kg, "disappearance of the pedicles of the vertebral arches")]
    assert pedicles and {(e["category"], _doc(e)) for e in pedicles} == {("imaging finding", "D001")}
    assert all("early radiographic sign" in e["quote"] for e in pedicles)


# --- conditions-with-symptom --------------------------------------------------------------------


def test_conditions_with_nausea_and_increased_blood_pressure(kg) -> None:
    # D003 is the only text with nausea: "So, cholelithiasis, in addition to back pain, is accompanied by
    # pain in the right upper abdomen, nausea and vomiting."
    nausea = kg.run("conditions-with-symptom", symptom="nausea")
    _assert_quoted(nausea)
    assert _pairs(nausea, "conditionLabel") == {("cholelithiasis", "D003")}
    # D003: "kidney inflammation- Discomfort is often accompanied by high fever, edema of the lower
    # extremities, hypertension"; "diseases of the cardiovascular system, vascular pathologies -
    # accompanied by pulsating pain in the back and increased blood pressure"
    pressure = kg.run("conditions-with-symptom", symptom="increased blood pressure")
    _assert_quoted(pressure)
    assert {r["conditionLabel"] for r in pressure} == {
        _label(kg, "kidney inflammation"),
        _label(kg, "disease of the cardiovascular system"),
        _label(kg, "vascular pathology"),
    }


def test_conditions_with_fever_and_chills(kg) -> None:
    fever = kg.run("conditions-with-symptom", symptom="fever")
    _assert_quoted(fever)
    assert {
        # D000: "other signs of spinal infections along with tender spots, including chills and fever."
        (_label(kg, "spinal infection"), "D000"),
        # D001: "there may be no usual signs of infection (fever, local tenderness to palpation, ...)"
        ("infection", "D001"),
    } <= _pairs(fever, "conditionLabel")
    # chills appear once, in D000's sentence
    chills = kg.run("conditions-with-symptom", symptom="chills")
    assert _pairs(chills, "conditionLabel") == {(_label(kg, "spinal infection"), "D000")}


def test_conditions_with_saddle_anesthesia(kg) -> None:
    rows = kg.run("conditions-with-symptom", symptom="saddle anesthesia")
    _assert_quoted(rows)
    # D001: "When the equine tail is involved in the pathological process, urinary retention and saddle
    # anesthesia often occur." (spinal tumours) and "The need for urgent neurosurgical intervention should
    # be considered in the presence of bilateral sciatica, perineal or saddle anesthesia" (central disc prolapse)
    assert {(_label(kg, "spinal tumor"), "D001"), (_label(kg, "central disc prolapse"), "D001")} <= _pairs(rows, "conditionLabel")


# --- conditions-suggested-by (second cases; the lab table is in test_d001.py) -------------------


def test_alkaline_phosphatase_and_urine_rows_of_the_lab_table(kg) -> None:
    phosphatase = kg.run("conditions-suggested-by", finding="increased alkaline phosphatase activity")
    _assert_quoted(phosphatase)
    # "Increased alkaline phosphatase activity | Bone metastases, Paget's disease, osteomalacia, primary hyperparathyroidism |"
    assert _pairs(phosphatase, "conditionLabel") == {
        (_label(kg, n), "D001") for n in ("bone metastasis", "Paget's disease", "osteomalacia", "primary hyperparathyroidism")
    }
    urine = kg.run("conditions-suggested-by", finding="changes in urine tests")
    _assert_quoted(urine)
    # "Changes in urine tests | Kidney diseases (stones, tumors, pyelonephritis), Reiter's disease |"
    assert {r["conditionLabel"] for r in urine} == {
        _label(kg, n) for n in ("kidney disease", "kidney stones", "kidney tumor", "pyelonephritis", "Reiter's disease")
    }
    # "Increased ESR | Spondyloarthritis, rheumatic polymyalgia, malignant tumors, tuberculosis, osteomyelitis, abscess |"
    esr = {r["conditionLabel"] for r in kg.run("conditions-suggested-by", finding="increased ESR")}
    assert _label(kg, "malignant neoplasm") in esr
    assert "sepsis" not in esr  # sepsis is the blood-culture row


def test_d004_pain_patterns_suggest_conditions(kg) -> None:
    # D004: "If the symptoms are elevated with standing and walking and relieved with sitting, you may have
    # either spinal stenosis or degenerative disc disease."
    rows = kg.run("conditions-suggested-by", finding="pain with standing and walking")
    _assert_quoted(rows)
    assert _pairs(rows, "conditionLabel") == {("spinal stenosis", "D004"), (_label(kg, "degenerative disc disease"), "D004")}
    # D004: "if pain occurs with sitting, driving, or bending to touch your toes, the root cause may be a bulging disc."
    rows = kg.run("conditions-suggested-by", finding="pain with sitting and bending")
    assert _pairs(rows, "conditionLabel") == {(_label(kg, "bulging disc"), "D004")}


# --- symptoms-of (second cases) -----------------------------------------------------------------


def test_symptoms_of_kidney_inflammation(kg) -> None:
    rows = kg.run("symptoms-of", condition="kidney inflammation")
    _assert_quoted(rows)
    # D003: "kidney inflammation- Discomfort is often accompanied by high fever, edema of the lower
    # extremities, hypertension"
    expected = {(_label(kg, n), "D003") for n in ("high fever", "edema of the lower extremities", "hypertension")}
    assert expected <= _pairs(rows, "findingLabel")
    assert "nausea" not in {r["findingLabel"] for r in rows}  # nausea is cholelithiasis's


def test_symptoms_of_spinal_tuberculosis(kg) -> None:
    rows = kg.run("symptoms-of", condition="tuberculosis of the spine")
    _assert_quoted(rows)
    labels = {r["findingLabel"] for r in rows}
    # D001, "Tuberculosis of the spine": "There is pain and limitation of all movements in the back. ESR is
    # usually elevated." ... "Radiographs show a narrowing of the affected discs and local osteoporosis of
    # the vertebrae" ... "and kyphosis is also detected during examination of the patient."
    for name in (
        "limitation of all movements in the back",
        "increased ESR",
        "narrowing of the affected discs",
        "local osteoporosis of the vertebrae",
        "kyphosis",
    ):
        assert _label(kg, name) in labels, name
    assert {_doc(e) for e in _evidence(rows)} == {"D001"}


def test_symptoms_of_spinal_tumor(kg) -> None:
    rows = kg.run("symptoms-of", condition="spinal tumor")
    _assert_quoted(rows)
    labels = {r["findingLabel"] for r in rows}
    # D001: "bowel and bladder dysfunction"; "urinary retention and saddle anesthesia often occur";
    # "progressive constant pain and localized bone destruction occur"; "Muscle spasm is often expressed,
    # as is localized tenderness of the affected bone on percussion."
    for name in (
        "bowel dysfunction",
        "bladder dysfunction",
        "urinary retention",
        "saddle anesthesia",
        "progressive constant pain",
        "localized bone destruction",
        "muscle spasm",
    ):
        assert _label(kg, name) in labels, name
    # fever is a sign of infection in D001, not of tumours
    assert "fever" not in labels


# --- red-flags (second cases) ---------------------------------------------------------------------


def test_red_flags_of_d004_when_to_see_a_doctor(kg) -> None:
    rows = _stated_by(kg.run("red-flags"), "D004")
    _assert_quoted(rows)
    flags = {r["flagLabel"] for r in rows}
    # "When to See a Doctor ... here are some indications that may signal that it’s time to see a doctor:"
    for bullet in (
        "nighttime pain that interrupts sleep and does not vary with position",  # "Nighttime pain that interrupts sleep and does not vary based on position."
        "numbness or weakness in the legs",  # "Symptoms of numbness or weakness in the legs."
        "changes to bowel or bladder function",  # "Changes to bowel or bladder function."
        "numbness or symptoms in the groin region",  # "Numbness or symptoms in the groin region"
        "back pain that worsens or does not improve within a few weeks",  # "Back pain that worsens or does not improve within a few weeks."
    ):
        assert _label(kg, bullet) in flags, bullet
    # "if you are experiencing severe back pain at night ... the pain may be referred from an organ such
    # as the kidneys or lungs. If you are experiencing these types of symptoms, see a doctor immediately"
    night = [r for r in rows if r["flagLabel"] == _label(kg, "severe back pain at night") and r["urgency"]]
    assert night and {u for r in night for u in r["urgency"]} == {"immediately"}


def test_red_flags_of_d003_need_immediate_attention(kg) -> None:
    rows = _stated_by(kg.run("red-flags"), "D003")
    _assert_quoted(rows)
    # "The cause of the appearance of an uncomfortable condition can be an infection or, worse, a tumor.
    #  Treatment - immediate medical attention is required if: pain is chronic, permanent, and you are less
    #  than 50 years old; feelings of pain manifested after the trauma; pain intensifies every day; pain
    #  accompanied by high fever, heat of man; A sharp pain occurs when you turn, walk, or change your body."
    bullets = [
        "chronic permanent back pain before the age of 50",
        "back pain after trauma",
        "back pain that intensifies every day",
        "back pain with high fever",
        "sharp pain on turning, walking or changing position",
    ]
    for bullet in bullets:
        flag = _label(kg, bullet)
        mine = [r for r in rows if r["flagLabel"] == flag]
        assert {r["conditionLabel"] for r in mine} >= {"infection", "tumor"}, bullet
        assert all(r["urgency"] == ["immediate"] for r in mine), bullet


def test_red_flags_are_one_row_per_flag_and_condition(kg) -> None:
    rows = kg.run("red-flags")
    keys = [(r["flag"], r["condition"]) for r in rows]
    assert len(keys) == len(set(keys))
    # D003: "The cause of the appearance of an uncomfortable condition can be an infection or, worse, a
    # tumor. Treatment - immediate medical attention is required if: ... feelings of pain manifested
    # after the trauma; ..." -- three sentences and a lead-in are quoted for each bullet, yet each
    # (bullet, infection) and (bullet, tumor) is one answer, whose quotes name the bullet and the cause
    (row,) = [r for r in rows if (r["flagLabel"], r["conditionLabel"]) == (_label(kg, "back pain after trauma"), "tumor")]
    statements = [q["text"] for q in row["quotes"] if q["role"] == "statement"]
    assert "feelings of pain manifested after the trauma" in statements
    assert any("can be an infection or, worse, a tumor" in q for q in statements)
    assert [q["text"] for q in row["quotes"] if q["role"] == "context"] == ["Treatment - immediate medical attention is required if:"]
    assert [q["role"] for q in row["quotes"]] == sorted((q["role"] for q in row["quotes"]), key=["statement", "context"].index)
    # D001: "The need for urgent neurosurgical intervention should be considered in the presence of
    # bilateral sciatica, perineal or saddle anesthesia, and impaired bowel movement and bladder
    # function." (central disc prolapse) -- five flags, one answer each, urgency "urgent"
    prolapse = [r for r in rows if r["conditionLabel"] == _label(kg, "central disc prolapse")]
    names = ("bilateral sciatica", "perineal anesthesia", "saddle anesthesia", "bowel dysfunction", "bladder dysfunction")
    assert sorted(r["flagLabel"] for r in prolapse) == sorted(_label(kg, n) for n in names)
    assert all(r["urgency"] == ["urgent"] and r["documents"] == ["SKGDOC:D001"] for r in prolapse)


# --- pathogens-of (second case) -----------------------------------------------------------------


def test_pathogens_of_pyogenic_infection_exactly_and_with_one_share(kg) -> None:
    rows = kg.run("pathogens-of", infection="pyogenic infection")
    _assert_quoted(rows)
    # D001: "About half of these infections are caused by staphylococcus, but Proteus, E. coli, Salmonella
    # typhi and mycobacterium tuberculosis can also cause it." -- five pathogens, a share for one
    shares = {r["pathogenLabel"]: r["proportion"] for r in rows}
    assert len(shares) == len(rows)  # one answer per pathogen
    assert shares == {
        _label(kg, "staphylococcus"): ["About half"],
        _label(kg, "Proteus"): [],
        _label(kg, "E. coli"): [],
        _label(kg, "Salmonella typhi"): [],
        _label(kg, "mycobacterium tuberculosis"): [],
    }
    assert {_doc(e) for e in _evidence(rows)} == {"D001"}


# --- differential-diagnosis (second cases) --------------------------------------------------------

# D001, "Differential diagnosis of back pain" (columns Mechanical | Inflammatory | Soft tissue | Focal infiltrative):
#   Start: Variable, often acute | Subacute | Subacute | Gradual
#   Localization: Diffuse | Diffuse | Diffuse | Focal
#   Intensity: Variable | Moderate | Moderate | Expressed
#   Morning stiffness: Up to 30 min | More than 30 min | Variable | No
#   Pain at night: Weak, depends on the position | Moderate | Moderate | Strong
#   Systemic manifestations: No | Characteristic | No | Possible
#   Possible diseases: Osteochondrosis, herniated/damaged disc, vertebral fracture, spondylolisthesis |
#     Spondyloarthritis, polymyalgia rheumatica | Fibromyalgia, multifascial syndrome, muscle-ligament
#     strain | Tumor, infection of bones or soft tissues


def test_differential_diagnosis_focal_infiltrative_column(kg) -> None:
    result = kg.query(
        "differential-diagnosis",
        f1="gradual onset",
        f2="focal localization",
        f3="strong night pain",
        f4="expressed intensity",
        f5="no morning stiffness",
    )
    # every one of these cells is in the focal infiltrative column only
    assert [(r.groupLabel, r.matched) for r in result] == [("focal infiltrative condition", 5)]
    (row,) = result.rows
    assert len(row.matchedFeatures) == 5
    assert set(row.possibleDiseases) == {"tumor", _label(kg, "infection of bones"), _label(kg, "infection of soft tissues")}


def test_differential_diagnosis_ranks_ties_by_group(kg) -> None:
    # "moderate night pain": inflammatory, soft tissue; "no systemic manifestations": mechanical, soft
    # tissue; "variable intensity": mechanical. Focal infiltrative matches none and is not listed.
    result = kg.query("differential-diagnosis", f1="moderate night pain", f2="no systemic manifestations", f3="variable intensity")
    assert [(r.groupLabel, r.matched) for r in result] == [
        ("mechanical condition", 2),
        ("soft tissue condition", 2),
        ("inflammatory condition", 1),
    ]
    rows = {r.groupLabel: r for r in result}
    assert set(rows["soft tissue condition"].matchedFeatures) == {"moderate night pain", "no systemic manifestations"}
    assert set(rows["soft tissue condition"].possibleDiseases) == {
        _label(kg, "fibromyalgia"),
        _label(kg, "multifascial syndrome"),
        _label(kg, "muscle-ligament strain"),
    }
    assert set(rows["inflammatory condition"].possibleDiseases) == {"spondyloarthritis", "polymyalgia rheumatica"}
    # "Osteochondrosis, herniated/damaged disc, vertebral fracture, spondylolisthesis"
    assert {_label(kg, n) for n in ("osteochondrosis", "herniated disc", "damaged spinal disc", "vertebral fracture", "spondylolisthesis")} <= set(
        rows["mechanical condition"].possibleDiseases
    )


def test_differential_diagnosis_mechanical_column_does_not_list_spondyloarthritis(kg) -> None:
    # The table puts spondyloarthritis in the Inflammatory column only; D003's list of mechanical
    # causes names "arthritis (which could be caused by injuries, heavy loads, infections, etc.)", not
    # spondyloarthritis. The mechanical group's possible diseases must not include it.
    result = kg.query("differential-diagnosis", f1="morning stiffness up to 30 minutes")
    rows = {r.groupLabel: r for r in result}
    assert list(rows) == ["mechanical condition"]
    assert "spondyloarthritis" not in rows["mechanical condition"].possibleDiseases


# --- visceral-causes (second case) ----------------------------------------------------------------


def test_visceral_causes_in_d004_are_organs_not_spinal_joints(kg) -> None:
    rows = _stated_by(kg.run("visceral-causes"), "D004")
    _assert_quoted(rows)
    causes = {r["causeLabel"] for r in rows}
    # D004: "The kidneys and lungs are common sources of back muscle pain."
    assert {_label(kg, "kidney"), _label(kg, "lung")} <= causes
    # D004: "In addition to organs, the joints of the spine can refer pain to the muscles." -- the spinal
    # joints refer pain but are not organs: they are no visceral cause
    assert not {_label(kg, "joint of the lower cervical spine"), _label(kg, "joint of the spine")} & causes


def test_visceral_causes_in_d003_name_the_organ_diseases(kg) -> None:
    rows = _stated_by(kg.run("visceral-causes"), "D003")
    causes = {r["causeLabel"] for r in rows}
    # D003: "exfoliating aortic aneurysm produces pain in the middle of the back, resembling a sharp
    # colic"; "Myocardial infarction."; "So, cholelithiasis, in addition to back pain, ..."; "Problems in
    # the urinary system: - urolithiasis disease, - renal colic."; "Diseases of the respiratory system
    # (pleurisy, pneumonia)."
    for name in ("exfoliating aortic aneurysm", "myocardial infarction", "cholelithiasis", "renal colic", "pleurisy", "pneumonia"):
        assert _label(kg, name) in causes, name
    assert all("back" in r["painLabel"] for r in rows)

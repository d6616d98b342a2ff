"""Query modules about treatments: treatments-for, drugs-of-class, treatments-contraindicated-in,
adverse-effects-of and conflicting-recommendations.

Every expected answer below was written by hand from the source texts in ontology/sources/ (the
sentence it comes from is quoted in a comment); the curation YAML was read only to learn term labels.
Terms are named in the texts' own words and resolved with ``kg.term``.
"""

from __future__ import annotations

import pytest
from source_texts import DOCS as _DOCS
from source_texts import assert_quoted as _assert_quoted
from source_texts import doc_of as _doc
from source_texts import evidence as _evidence
from source_texts import label as _label
from source_texts import norm as _norm
from source_texts import tail as _tail
from source_texts import text as _text

import spinekg

# --- treatments-for -----------------------------------------------------------------------------


def test_treatments_for_back_muscle_pain_keeps_d004_stances(kg) -> None:
    rows = kg.run("treatments-for", condition="back muscle pain")
    _assert_quoted(rows)
    found = {(e["treatmentLabel"], e["stanceLabel"], _doc(e)) for e in _evidence(rows)}
    expected = {
        # "Utilize ice therapy (no heat), minimize aggravating activities, and use over the counter
        #  medications to help relieve muscle pain."
        (_label(kg, "ice therapy"), "recommended", "D004"),
        (_label(kg, "over-the-counter medication"), "recommended", "D004"),
        # "Do not use heat!"
        (_label(kg, "heat therapy"), "advised against", "D004"),
        # "Of special note, do not think that bed rest is the best form of allowing your back to heal."
        (_label(kg, "bed rest"), "advised against", "D004"),
        # "If possible, chose anti-inflammatory medication as pain related to joint and muscles have an
        #  inflammatory component."
        (_label(kg, "anti-inflammatory drug"), "recommended", "D004"),
        # "Muscle relaxants can also be helpful but you will need to consult your doctor ..."
        (_label(kg, "muscle relaxant"), "recommended", "D004"),
        # "It is better to start with light massage first to make sure it is tolerated well ..."
        (_label(kg, "light massage"), "recommended", "D004"),
        # "Light exercising and stretching is encouraged."
        (_label(kg, "exercise therapy"), "recommended", "D004"),
    }
    assert expected <= found
    # D004 never recommends heat or bed rest for back muscle pain
    assert not {(t, s) for t, s, _ in found if t in {"heat therapy", "bed rest"} and s == "recommended"}
    # only D004 writes about back muscle pain
    assert {_doc(e) for e in _evidence(rows)} == {"D004"}


def test_treatments_for_lists_each_regimen_once(kg) -> None:
    # D004: "Ice your lower back for 10 minutes at a time, a minimum of three times a day." -- one
    # regimen, stated once, so the ice row lists it once.
    ice = [r for r in kg.run("treatments-for", condition="back muscle pain") if r["treatmentLabel"] == "ice therapy"]
    assert ice
    for r in ice:
        assert len(r["regimen"]) == 1, r["regimen"]
        assert "10 minutes" in r["regimen"][0] and "a minimum of three times a day" in r["regimen"][0]
    # D004: "Research indicates that taking 1200 mg of Omega-3 (fish oil) is an effective alternative to
    # NSAIDS in the treatment of back pain." -- one dose
    omega = [r for r in kg.run("treatments-for", condition="back pain") if r["treatmentLabel"] == _label(kg, "fish oil")]
    assert omega and {_doc(e) for e in _evidence(omega)} == {"D004"}
    assert all(r["regimen"] == ["1200 mg"] for r in omega), [r["regimen"] for r in omega]


def test_treatments_for_tender_spot_from_d000(kg) -> None:
    rows = kg.run("treatments-for", condition="tender spot on spine when pressed")
    _assert_quoted(rows)
    by_label: dict[str, set[str]] = {}
    for r in rows:
        by_label.setdefault(r["treatmentLabel"], set()).add(r["stanceLabel"])
    recommended = [
        # "These include modifying activities, non-surgical decompression techniques, or cell-based therapies."
        "modifying activities",
        "non-surgical decompression therapy",
        "cell-based therapy",
        # "Massage therapy targets the tender spot on spine when pressed ..."
        "massage therapy",
        # "Some of the best modifying activities for tender spots on the spine include:" (five items)
        "back flexion exercise",
        "knee to chest stretch",
        "chin to chest stretch",
        "ear-to-shoulder stretch",
        "hip stretch",
    ]
    for name in recommended:
        assert "recommended" in by_label.get(_label(kg, name), set()), name
    # "Isolated spinal tenderness goes away within a few days of rest, icing, and heat application."
    # is said of isolated tenderness (its own term, a kind of tender spot), not of every tender spot
    assert not {_label(kg, "rest"), _label(kg, "icing"), _label(kg, "heat application")} & set(by_label)
    isolated = {r["treatmentLabel"]: r["stanceLabel"] for r in kg.run("treatments-for", condition="isolated spinal tenderness")}
    assert {isolated.get(_label(kg, t)) for t in ("rest", "icing", "heat application")} == {"recommended"}
    # "... but some find compression therapies helpful in pain relief." -- reported, not recommended
    assert by_label[_label(kg, "compression therapy")] == {"reported association"}
    # D000 advises against nothing for tender spots
    assert not any("advised against" in s for s in by_label.values())
    assert {_doc(e) for e in _evidence(rows)} == {"D000"}
    # D000 gives no dose for rest, ice or heat: regimens are taken from the same source only
    assert all(r["regimen"] == [] for r in rows)


def test_treatments_for_spinal_stenosis_is_not_passed_down_to_drug_subtypes(kg) -> None:
    rows = kg.run("treatments-for", condition="spinal stenosis")
    _assert_quoted(rows)
    # "OTC drugs are usually recommended before the prescription ones for the treatment of spinal
    #  stenosis." / "Your doctor may also prescribe prescription-strength NSAIDs, such as Celecoxib
    #  (Celebrex), to control spinal stenosis pain."
    assert {(e["treatmentLabel"], e["stanceLabel"], _doc(e)) for e in _evidence(rows)} == {
        (_label(kg, "OTC drug"), "recommended", "D000"),
        (_label(kg, "prescription drug"), "recommended", "D000"),  # "before the prescription ones": second line
        (_label(kg, "prescription-strength NSAID"), "recommended", "D000"),
        (_label(kg, "Celecoxib"), "recommended", "D000"),
    }
    # the OTC analgesics D000 lists (acetaminophen, aspirin, ibuprofen, naproxen) are not said to treat
    # stenosis; the module must not hand them the OTC claim
    labels = {r["treatmentLabel"] for r in rows}
    assert not labels & {"acetaminophen", "aspirin", "ibuprofen", "naproxen"}


def test_treatments_for_back_pain_across_sources(kg) -> None:
    rows = kg.run("treatments-for", condition="back pain")
    _assert_quoted(rows)
    found = {(e["treatmentLabel"], e["stanceLabel"], _doc(e)) for e in _evidence(rows)}
    expected = {
        # D004: "Stretching and exercise can also be an important aspect to back pain treatment."
        (_label(kg, "exercise therapy"), "recommended", "D004"),
        # D004: "taking 1200 mg of Omega-3 (fish oil) is an effective alternative to NSAIDS in the
        # treatment of back pain."
        (_label(kg, "fish oil"), "recommended", "D004"),
        # D004: "massage is fine but generally not a cure to back pain."
        (_label(kg, "massage"), "not effective", "D004"),
        # D002: "The benefits are a stronger spine and the elimination of back pain."
        (_label(kg, "functional disc rehydration"), "recommended", "D002"),
        # D001: "Errors: use of ineffective treatment; inadequate use of time when working with the patient; opioids."
        (_label(kg, "opioids"), "advised against", "D001"),
        # D001: "Many authors recommend using antidepressants throughout the course of treatment"
        (_label(kg, "antidepressant"), "recommended", "D001"),
        # D001: "Treatment for back pain includes: ... bed rest and exercise;"
        (_label(kg, "bed rest"), "recommended", "D001"),
        # D003: "avoid prolonged stay in bed - physically active patients suffer less from the pain syndrome"
        (_label(kg, "bed rest"), "advised against", "D003"),
    }
    assert expected <= found
    # D004's "Do not use bed rest to treat your low back pain." is about low back pain, a narrower
    # problem: it is not listed as a claim about back pain as a whole
    assert not [e for e in _evidence(rows) if _doc(e) == "D004" and e["treatmentLabel"] == "bed rest"]


# --- drugs-of-class -----------------------------------------------------------------------------


def test_drugs_of_class_nsaid_with_brands_and_doses(kg) -> None:
    rows = {r["drugLabel"]: r for r in kg.run("drugs-of-class", drugClass="NSAID")}
    # D002: "non-steroidal anti-inflammatory drugs such as aspirin and naproxen"
    # D000: "prescription-strength NSAIDs, such as Celecoxib (Celebrex)"
    # D000 lists ibuprofen with the analgesics that "relieve pain and inflammation simultaneously"
    assert {"aspirin", "naproxen", "celecoxib", "ibuprofen"} <= set(rows)
    # D000: "Ibuprofen (e.g., Motrin, Advil)", "Naproxen (e.g., Aleve)", "Celecoxib (Celebrex)", "Aspirin"
    assert set(rows["ibuprofen"]["brands"]) == {"Motrin", "Advil"}
    assert set(rows["naproxen"]["brands"]) == {"Aleve"}
    assert set(rows["celecoxib"]["brands"]) == {"Celebrex"}
    assert rows["aspirin"]["brands"] == []
    # D001: "non-steroidal anti-inflammatory drugs (topical - gels, ointments; oral and parenteral - diclac)"
    assert "diclac" in {b.casefold() for r in rows.values() for b in r["brands"]}
    # D001: "NSAIDs, such as naproxen 250 mg every 8 hours orally after meals" -- the only NSAID dose
    (dose,) = rows["naproxen"]["regimens"]
    assert "250 mg" in dose and "oral" in dose and "every 8 hours" in dose and "[D001]" in dose
    assert all(r["regimens"] == [] for label, r in rows.items() if label != "naproxen")
    # acetaminophen (Tylenol) is an analgesic no text calls an NSAID; opioids and muscle relaxants neither
    assert not {"acetaminophen", "opioid", "tolperisone", "diazepam"} & set(rows)
    assert "Tylenol" not in {b for r in rows.values() for b in r["brands"]}


def test_drugs_of_class_muscle_relaxant_tolperisone_with_both_regimens(kg) -> None:
    result = kg.query("drugs-of-class", drugClass="muscle relaxants")
    rows = {r.drugLabel: r for r in result}
    # D001: "muscle relaxants - tolperisone hydrochloride (mydocalm) intramuscularly 100 mg (1 ml) 2 times
    # a day. After parenteral administration, 150 mg of mydocalm is prescribed 3 times a day orally."
    # D003: "Muscle relaxants (Midokalm)."
    tolperisone = rows["tolperisone"]
    assert {b.casefold() for b in tolperisone.brands} == {"mydocalm"}
    assert len(tolperisone.regimens) == 2
    (im,) = [d for d in tolperisone.regimens if "100 mg" in d]
    (oral,) = [d for d in tolperisone.regimens if "150 mg" in d]
    assert "intramuscular" in im and "2 times a day" in im and "[D001]" in im
    assert "oral" in oral and "3 times a day" in oral and "[D001]" in oral
    # no NSAID or analgesic is a muscle relaxant in the texts
    assert not {"naproxen", "aspirin", "ibuprofen", "acetaminophen"} & set(rows)


def test_drugs_of_class_analgesic_includes_nsaids_and_paracetamol_dose(kg) -> None:
    rows = {r["drugLabel"]: r for r in kg.run("drugs-of-class", drugClass="analgesic")}
    # D000: "Analgesics that relieve pain and inflammation simultaneously are known as non-steroidal
    # anti-inflammatory drugs (NSAIDs)." -- so NSAIDs and their members are analgesics
    assert {_label(kg, "NSAID"), "naproxen", "ibuprofen", "aspirin", "acetaminophen"} <= set(rows)
    # D001: "paracetamol up to 4 g / day orally"
    (dose,) = rows["acetaminophen"]["regimens"]
    assert "maximum" in dose and "4 g/day" in dose and "oral" in dose and "[D001]" in dose
    assert set(rows["acetaminophen"]["brands"]) == {"Tylenol"}  # "Acetaminophen (e.g., Tylenol)"
    # tolperisone is a muscle relaxant, not an analgesic
    assert "tolperisone" not in rows


def test_drugs_of_class_refuses_a_brand_product(kg) -> None:
    with pytest.raises(spinekg.UnknownTermError, match="takes a term under Drug"):
        kg.query("drugs-of-class", drugClass="Advil")


# --- treatments-contraindicated-in ---------------------------------------------------------------

# D003: "Elimination of pain is done by using electric current, ultrasound, magnetic field and other
# methods of influence on the affected area. But we must remember that this reduction in pain is
# contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes."
D003_SENTENCE = "contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes"


def test_contraindicated_in_acute_infection_asserted_and_inferred(kg) -> None:
    result = kg.query("treatments-contraindicated-in", state="acute infectious processes")
    assert result.notice  # a safety module says that silence is not safety
    rows = result.to_dicts()
    # one answer per treatment, asserted or inferred
    assert len(rows) == len({r["treatmentLabel"] for r in rows})
    asserted = [r for r in rows if r["status"] == "asserted"]
    inferred = [r for r in rows if r["status"] == "inferred"]
    # electric current, ultrasound, magnetic field: exactly these three are asserted
    assert {r["treatmentLabel"] for r in asserted} == {"electrotherapy", "ultrasound therapy", "magnetotherapy"}
    assert all(r["documents"] == ["SKGDOC:D003"] for r in rows)
    _assert_quoted(asserted)
    for method in ("electrotherapy", "ultrasound therapy", "magnetotherapy"):
        assert any(D003_SENTENCE in _norm(q["text"]) for r in asserted if r["treatmentLabel"] == method for q in r["quotes"]), method
    # D003 lists "Electrophoresis." and "UHF-therapy." among its physioprocedures: kinds of the
    # contraindicated methods, inferred with a derivation that names the D003 claim
    assert {_label(kg, "electrophoresis"), _label(kg, "UHF-therapy")} <= {r["treatmentLabel"] for r in inferred}
    for r in inferred:
        assert r["derivations"], r
        for d in r["derivations"]:
            assert "SKGCLAIM:D003-41" in d["explanation"] and "AcuteInfectiousProcess" in d["explanation"], d
        # no passage states it: its claims and quotes are those of the D003 claim its derivation rests on
        rests_on = {c for d in r["derivations"] for c in d["claims"]}
        assert set(r["claims"]) == rests_on, r
        assert all(set(q["claims"]) <= rests_on for q in r["quotes"]), r
    # no text contraindicates a drug, massage or exercise in acute infections
    labels = {r["treatmentLabel"] for r in rows}
    assert not labels & {"naproxen", "non-steroidal anti-inflammatory drug", "massage therapy", "exercise therapy"}


def test_nothing_is_contraindicated_in_remission(kg) -> None:
    # D003: exercises of physical therapy "should be used only during the period of remission, when
    # the pain syndrome is eliminated" -- remission is when they are used, not ruled out
    result = kg.query("treatments-contraindicated-in", state="remission")
    assert result.rows == ()
    assert "never means safe" in result.notice


# --- adverse-effects-of -------------------------------------------------------------------------


def test_adverse_effects_of_bed_rest(kg) -> None:
    rows = kg.run("adverse-effects-of", treatment="bed rest")
    assert {r["status"] for r in rows} == {"asserted"}
    _assert_quoted(rows)
    assert len(rows) == len({r["effect"] for r in rows})  # one answer per effect
    found = {(e["effectLabel"], _doc(e)) for e in _evidence(rows)}
    # D002: "Additionally, excessive bed rest can cause loss of muscle tone and depression."
    assert {(_label(kg, "loss of muscle tone"), "D002"), ("depression", "D002")} <= found
    excessive = [r["circumstance"] for r in rows if r["effectLabel"] in {"loss of muscle tone", "depression"}]
    assert excessive == [["excessive bed rest"]] * 2
    # D002: "other studies have shown that it can make the pain worse"
    assert (_label(kg, "worsening of pain"), "D002") in found
    # D004: "Prolonged positions of lying in bed, sitting, or standing will aggravate your condition."
    assert "D004" in {d for _, d in found}


def test_adverse_effects_of_a_brand_are_inferred_through_its_ingredient(kg) -> None:
    rows = kg.run("adverse-effects-of", treatment="Advil")
    # no text states an effect of Advil itself: every row is inferred, with its derivation
    assert rows and {r["status"] for r in rows} == {"inferred"}
    assert len(rows) == len({r["effect"] for r in rows})  # one answer per effect
    for r in rows:
        # the derivation goes through "Ibuprofen (e.g., Motrin, Advil)" (D000)
        assert r["derivations"] and all("SKGCLAIM:D000-049.Advil" in d["explanation"] for d in r["derivations"]), r
        assert r["documents"] and all(_tail(d) in _DOCS for d in r["documents"]), r
    effects = {r["effectLabel"] for r in rows}
    # D002: "NSAIDs come with a long list of side effects including an increased risk of bleeding
    # ulcers and fatal heart attacks"; D004: "the side effects associated with NSAIDS (namely stomach upset)"
    assert {_label(kg, "bleeding ulcer"), _label(kg, "fatal heart attack"), _label(kg, "stomach upset")} <= effects
    # the bleeding-ulcer row rests on D002's sentence among others
    assert "D002" in {_doc(e) for e in _evidence(rows) if e["effectLabel"] == "bleeding ulcer"}
    # cement leakage is a risk of vertebroplasty/kyphoplasty (D002), not of a drug
    assert not any("cement" in e for e in effects)


# No text states an adverse effect of naproxen by name. It is an NSAID -- D002: "Over the counter
# non-steroidal anti-inflammatory drugs such as aspirin and naproxen"; D001: "NSAIDs, such as naproxen
# 250 mg every 8 hours" -- and an OTC medication -- D000: "OTC medications primarily alleviate
# inflammation and pain. These include analgesics, such as: ... Naproxen (e.g., Aleve)". The effects of
# those classes (the subject-side rule for adverse effects, ontology/rules/README.md):
NAPROXEN_EFFECTS = {
    # D002: "Additionally, NSAIDs come with a long list of side effects including an increased risk of
    # bleeding ulcers and fatal heart attacks."
    "bleeding ulcer": ("NSAID", "D002-034.BleedingUlcer", "an increased risk of bleeding ulcers and fatal heart attacks"),
    "fatal heart attack": ("NSAID", "D002-034.FatalHeartAttack", "an increased risk of bleeding ulcers and fatal heart attacks"),
    # D004: "Being that fish oil does not have the side effects associated with NSAIDS (namely stomach upset), ..."
    "stomach upset": ("NSAID", "D004-077", "the side effects associated with NSAIDS (namely stomach upset)"),
}
# D000's "This will prevent your doctor from suggesting any OTC or prescribed drug that may cause drug
# interactions." is advice to keep the doctor informed, no adverse effect of OTC drugs (ontology/NOTES.md)


def test_adverse_effects_of_naproxen_are_one_row_per_effect(kg) -> None:
    result = kg.query("adverse-effects-of", treatment="naproxen")
    assert result.notice and result.params == {"treatment": "SKG:Naproxen"}
    rows = kg.run("adverse-effects-of", treatment="naproxen")
    assert "treatment" not in {k for r in rows for k in r}  # the bound parameter is not a column
    effects = [r["effectLabel"] for r in rows]
    assert len(effects) == len(set(effects))  # one row per effect, however many claims and passages
    assert set(effects) == {_label(kg, e) for e in NAPROXEN_EFFECTS}
    assert {r["status"] for r in rows} == {"inferred"}
    _assert_quoted(rows)  # the passages of the claims the inference rests on, at their offsets
    by_label = {r["effectLabel"]: r for r in rows}
    for effect, (cls, claim, sentence) in NAPROXEN_EFFECTS.items():
        r = by_label[_label(kg, effect)]
        assert f"SKGCLAIM:{claim}" in r["claims"], (effect, r["claims"])
        assert any(sentence in _norm(q["text"]) for q in r["quotes"] if q["role"] == "statement"), effect
        assert r["derivations"] and all(f"SKG:Naproxen rdfs:subClassOf SKG:{cls}" in d["explanation"] for d in r["derivations"]), effect
        assert any(f"SKGCLAIM:{claim}" in d["claims"] for d in r["derivations"]), effect
    # D002's risks of vertebroplasty ("the risk of cement leaking out") and of bed rest ("loss of muscle
    # tone and depression") and opioid addiction are not naproxen's
    assert not any("cement" in e for e in effects)
    assert not {_label(kg, "loss of muscle tone"), "depression", "addiction"} & set(effects)


# --- conflicting-recommendations ----------------------------------------------------------------


def test_conflicts_over_opioids_and_massage(kg) -> None:
    rows = kg.run("conflicting-recommendations")
    pairs = {(r["treatmentForLabel"], _d(r["documentFor"]), r["treatmentAgainstLabel"], r["stanceAgainstLabel"], _d(r["documentAgainst"])) for r in rows}
    # D002: "Severe back pain may also be managed with more powerful drugs like opioids" against
    # D001: "Errors: use of ineffective treatment; inadequate use of time when working with the patient; opioids."
    assert ("opioid", "D002", "opioid", "advised against", "D001") in pairs
    # D001: "... manual therapy, stretching, traction treatment, massage, ..." against
    # D004: "massage is fine but generally not a cure to back pain."
    assert ("massage therapy", "D001", "massage therapy", "not effective", "D004") in pairs
    for r in rows:
        # two documents each time, each side with its quotes and claim
        assert r["documentFor"] != r["documentAgainst"]
        assert r["quoteFor"] and r["quoteAgainst"] and r["claimFor"] and r["claimAgainst"]
        assert all(_norm(q) in _norm(_text(_d(r["documentFor"]))) for q in r["quoteFor"])
        assert all(_norm(q) in _norm(_text(_d(r["documentAgainst"]))) for q in r["quoteAgainst"])
    # D002: "The use of hot and cold compresses can help to reduce inflammation and lessen pain for some
    # patients." (what heat does: reported) against D004: "Do not use heat!": a disagreement, kept
    stances = {
        (r["treatmentForLabel"], r["problemForLabel"], r["stanceForLabel"], _d(r["documentFor"]), r["stanceAgainstLabel"], _d(r["documentAgainst"]))
        for r in rows
    }
    assert ("heat therapy", "pain", "reported association", "D002", "advised against", "D004") in stances
    assert {r["stanceForLabel"] for r in rows} == {"recommended", "reported association"}
    # D001 both asks for opioids ("in acute stages, opioids may be required") and lists them as an
    # error: one document disagreeing with itself is not a conflict between sources
    assert not [p for p in pairs if p[0] == "opioid" and p[1] == "D001" and p[4] == "D001"]


def _d(iri: str) -> str:
    return _tail(iri)


def test_an_inferred_adverse_effect_keeps_the_circumstance_of_the_claim_it_rests_on(kg) -> None:
    # D002: "Additionally, NSAIDs come with a long list of side effects including an increased risk of
    # bleeding ulcers and fatal heart attacks. These risks are especially great for long-term users,
    # such as those suffering from chronic back pain." -- naproxen is an NSAID (D002: "aspirin and
    # naproxen"), so its inferred risks hold with the same circumstance.
    rows = {r["effectLabel"]: r for r in kg.run("adverse-effects-of", treatment="naproxen")}
    for effect in ("bleeding ulcer", "fatal heart attack"):
        assert rows[effect]["status"] == "inferred"
        assert rows[effect]["circumstance"] == ["especially great for long-term users"]

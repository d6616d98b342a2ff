"""D002 (back spasms) and D004 (back muscle pain): risks and the disagreements with other sources.
Expectations written by hand from 002_e71b4cd886836f40.txt and 004_598e09483c64e064.txt."""

from __future__ import annotations

from source_texts import assert_quoted, evidence, tail


def _stances(kg, treatment: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in kg.run("claims-about-term", term=treatment):
        if r["predicate"].endswith("treats") and r["subjectLabel"] == kg.term(treatment).label:
            out.setdefault(r["stanceLabel"], set()).update(tail(d) for d in r["documents"])
    return out


def test_heat_is_recommended_and_advised_against_by_different_sources(kg) -> None:
    s = _stances(kg, "heat therapy")
    assert "D004" in s["advised against"]  # "Do not use heat!"
    assert s["recommended"] - {"D004"}  # D000, D002 (and D003) recommend it


def test_bed_rest_is_recommended_and_advised_against_by_different_sources(kg) -> None:
    s = _stances(kg, "bed rest")
    assert "D004" in s["advised against"]  # "Do not use bed rest"
    assert "D001" in s["recommended"]  # "bed rest until the pain is reduced"


def test_conflicts_are_found_by_the_query(kg) -> None:
    pairs = {(r["treatmentForLabel"], r["documentFor"][-4:], r["documentAgainst"][-4:]) for r in kg.run("conflicting-recommendations")}
    assert ("heat therapy", "D002", "D004") in pairs
    assert ("bed rest", "D001", "D004") in pairs


def test_nsaid_risks_are_adverse_effect_claims_with_quotes(kg) -> None:
    rows = [r for r in kg.run("adverse-effects-of", treatment="NSAID") if r["status"] == "asserted"]
    effects = {e["effectLabel"] for e in evidence(rows) if tail(e["document"]) == "D002"}
    assert {"bleeding ulcer", "fatal heart attack"} <= effects
    assert_quoted(rows)  # every asserted answer is quoted, each quote at its offsets
    # and naproxen, an NSAID, inherits them (inferred, with derivation)
    inferred = {r["effectLabel"] for r in kg.run("adverse-effects-of", treatment="naproxen") if r["status"] == "inferred"}
    assert {"bleeding ulcer", "fatal heart attack"} <= inferred


def test_opioid_addiction_and_cement_leakage(kg) -> None:
    assert "addiction" in {r["effectLabel"] for r in kg.run("adverse-effects-of", treatment="opioid")}
    assert any("cement leakage" in r["effectLabel"] for r in kg.run("adverse-effects-of", treatment="vertebroplasty"))


def test_ice_and_omega3_regimens(kg) -> None:
    rows = kg.sparql("""
        PREFIX SKG: <https://w3id.org/spinekg/>
        SELECT ?amount ?unit ?frequency WHERE {
          SKG:IceTherapy SKG:hasDoseRegimen ?r . ?r SKG:amount ?amount ; SKG:unit ?unit ; SKG:frequency ?frequency }""").rows
    assert ("10", "minutes", "a minimum of three times a day") in {tuple(r) for r in rows}
    omega = kg.sparql("""
        PREFIX SKG: <https://w3id.org/spinekg/>
        SELECT ?amount ?unit WHERE { SKG:Omega3FattyAcid SKG:hasDoseRegimen ?r . ?r SKG:amount ?amount ; SKG:unit ?unit }""").rows
    assert ("1200", "mg") in {tuple(r) for r in omega}

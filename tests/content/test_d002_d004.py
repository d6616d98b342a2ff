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


# --- D004: hedges, a scope and stances under the stance guideline ------------------------------------


def _d004(rows: list[dict]) -> list[dict]:
    """The asserted rows that only D004 states."""
    return [r for r in rows if r["status"] == "asserted" and [tail(d) for d in r["documents"]] == ["D004"]]


def test_d004_harms_of_heat_and_aggressive_massage_carry_often_as_their_hedge(kg) -> None:
    # "Far too often I have patients come to see me who have been using heat, only to have their
    #  symptoms get worse or last longer." -- how often, said of the relation: a hedge, no proportion
    heat = _d004(kg.run("adverse-effects-of", treatment="heat therapy"))
    assert {r["effectLabel"] for r in heat} == {kg.term("worsening of symptoms").label, kg.term("longer-lasting symptoms").label}
    assert all(r["hedge"] == ["often"] and r["proportion"] == [] and r["scope"] == [] for r in heat)
    # "However, realize that often aggressive massage that looks to kneed out muscle spasms may
    #  actually make the pain worse."
    massage = _d004(kg.run("adverse-effects-of", treatment="aggressive massage"))
    assert {(r["effectLabel"], tuple(r["hedge"])) for r in massage} == {(kg.term("worsening of pain").label, ("often",))}
    assert_quoted(heat + massage)


def test_d004_back_muscle_pain_treatments_show_their_hedge_and_guideline_stance(kg) -> None:
    rows = _d004(kg.run("treatments-for", condition="back muscle pain"))
    by = {(r["treatmentLabel"], r["stanceLabel"], tuple(r["hedge"])) for r in rows}
    # "Muscle relaxants can also be helpful but you will need to consult your doctor ..."
    assert (kg.term("muscle relaxant").label, "recommended", ("can",)) in by
    # "In addition to medication, supplements may be helpful in reducing back muscle pain." -- judged
    # helpful, as muscle relaxants are: recommended, with the hedge "may" (it was "reported")
    assert (kg.term("dietary supplement").label, "recommended", ("may",)) in by
    assert {s for t, s, _ in by if t == kg.term("dietary supplement").label} == {"recommended"}
    # "Utilize ice therapy (no heat) ...": no hedge
    assert (kg.term("ice therapy").label, "recommended", ()) in by


def test_d004_anti_inflammatories_are_reported_to_reduce_inflammation(kg) -> None:
    # "In addition, if you chose to take anti-inflammatory medication, in order for it to be
    #  effective in reducing the inflammation, it must be taken on a consisted basis." -- says what
    # the drug does, on a condition; the advice ("chose anti-inflammatory medication") is for the pain
    rows = [e for e in evidence(kg.run("treatments-for", condition="inflammation")) if tail(e["document"]) == "D004"]
    assert {(e["treatmentLabel"], e["stanceLabel"], tail(e["claim"])) for e in rows} == {
        (kg.term("anti-inflammatory drug").label, "reported association", "D004-070")
    }
    pain = _d004(kg.run("treatments-for", condition="back muscle pain"))
    assert {r["stanceLabel"] for r in pain if r["treatmentLabel"] == kg.term("anti-inflammatory drug").label} == {"recommended"}


def test_d004_most_back_muscle_pain_resolving_states_no_plain_triple(kg) -> None:
    # "Most back muscle pain will resolve within a few weeks." -- most cases, not each: scope "most",
    # so no plain BackMusclePain hasRecoveryTime triple; the claim node keeps it with its scope
    from rdflib import URIRef

    skg = "https://w3id.org/spinekg/"
    s, p = URIRef(kg.term("back muscle pain").iri), URIRef(skg + "hasRecoveryTime")
    assert not list(kg.asserted_graph.triples((s, p, None)))
    rows = kg.sparql(f"""
        PREFIX SKG: <{skg}>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?value ?scope WHERE {{ ?c a SKG:Claim ; rdf:subject <{s}> ; rdf:predicate SKG:hasRecoveryTime ; rdf:object ?value ; SKG:scope ?scope }}""").rows
    assert {(str(v), str(sc)) for v, sc in rows} == {("within a few weeks", "most")}

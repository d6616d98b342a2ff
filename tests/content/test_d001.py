"""D001 ("Treatment for spinal pain"): tables, doses, red flags, pathogens, stances.

Every expectation is written by hand from 001_d2fd8e9b6c209f81.txt.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef

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

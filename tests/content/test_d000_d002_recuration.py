"""D000 and D002 re-read by the stance guideline (ontology/README.md), the hedge and scope
qualifiers, and the rule that headings never support a claim alone. Every expectation is written by
hand from 000_442b502e28cd03de.txt and 002_e71b4cd886836f40.txt; the sentence is in the comment."""

from __future__ import annotations

import csv
import json

from rdflib import RDF, URIRef
from source_texts import tail

from spinekg import vocab
from spinekg.export import write_node_link
from spinekg.export.kgx import kgx_paths, write_kgx

SKG = vocab.BASE


def _rows(kg, module: str, **params: str) -> dict[str, dict]:
    return {r["treatmentLabel"]: r for r in kg.run(module, **params)}


def test_the_back_spasm_list_offers_opioids_and_vertebroplasty(kg) -> None:
    # D002, under "Treatments for Back Spasms": "Medications ... Severe back pain may also be managed
    # with more powerful drugs like opioids" and "Vertebroplasty/Kyphoplasty": each item is offered
    # for back spasms, with the sentence's own "may" for the opioids
    rows = _rows(kg, "treatments-for", condition="back spasms")
    assert (rows["opioid"]["stanceLabel"], rows["opioid"]["hedge"]) == ("recommended", ["may"])
    assert rows["vertebroplasty"]["stanceLabel"] == "recommended"
    assert rows["kyphoplasty"]["stanceLabel"] == "recommended"
    # "Over the counter non-steroidal anti-inflammatory drugs such as aspirin and naproxen ..."
    nsaid = rows["non-steroidal anti-inflammatory drug"]
    assert nsaid["stanceLabel"] == "recommended" and nsaid["circumstance"] == ["Over the counter"]


def test_what_a_treatment_does_is_reported_not_recommended(kg) -> None:
    # D002: "Severe back pain may also be managed with more powerful drugs like opioids, but these
    # come with the potential for addiction." says what is done for severe back pain
    opioid = _rows(kg, "treatments-for", condition="severe back pain")["opioid"]
    assert (opioid["stanceLabel"], opioid["hedge"], [tail(d) for d in opioid["documents"]]) == ("reported association", ["may"], ["D002"])
    # D002: "In both procedures, an epoxy is injected into the vertebrae to strengthen the bone and relieve pain."
    assert _rows(kg, "treatments-for", condition="pain")["vertebroplasty"]["stanceLabel"] == "reported association"
    # D000: "Most of these muscle strains can easily be treated with rest and physical therapy."
    strain = _rows(kg, "treatments-for", condition="muscle strain")
    assert strain["rest"]["stanceLabel"] == "reported association" and strain["rest"]["hedge"] == ["can"]


def test_a_sentence_about_isolated_tenderness_is_not_about_every_tender_spot(kg) -> None:
    # D000: "Isolated spinal tenderness goes away within a few days of rest, icing, and heat application."
    isolated = _rows(kg, "treatments-for", condition="isolated spinal tenderness")
    assert {"rest", "ice therapy", "heat therapy"} <= set(isolated)
    spots = _rows(kg, "treatments-for", condition="tender spot on the spine")
    assert not {"rest", "ice therapy", "heat therapy"} & set(spots)
    # the isolated tenderness is a tender spot, but what treats it is not said of all tender spots
    assert kg.term("isolated spinal tenderness").parents == ("SKG:TenderSpotOnSpine",)


def test_a_claim_on_some_tender_spots_is_no_plain_triple_and_not_inherited(kg) -> None:
    # D000: "Spinal infections are primarily visible with tender spots on the affected area. These
    # spots cause pain for a few days and then fade away, but in some instances, they worsen and
    # transform into chronic pain." Some of the spinal infection's spots, not every one
    g = kg.asserted_graph
    spot, chronic = URIRef(SKG + "TenderSpotOfSpinalInfection"), URIRef(SKG + "ChronicPain")
    claim = URIRef(vocab.CLAIM + "D000-007")
    assert (g.value(claim, RDF.subject), g.value(claim, RDF.object)) == (spot, chronic)
    assert str(g.value(claim, URIRef(SKG + "scope"))) == "some"
    progresses = URIRef(SKG + "progressesTo")
    assert (spot, progresses, chronic) not in g
    assert not list(kg.inferred_graph.triples((None, progresses, chronic)))


def test_a_heading_alone_supports_no_claim(kg) -> None:
    # D000 names stem cell and platelet-rich plasma therapy under "Treatment for Tender Spots on
    # Spine", but no sentence says they treat tender spots (ontology/NOTES.md)
    spots = _rows(kg, "treatments-for", condition="tender spot on the spine")
    assert "stem cell therapy" not in spots and "platelet-rich plasma therapy" not in spots
    # D002's heading "Causes of Back Spasms" over the item "Bone Encroachment", whose sentences speak
    # of constricted nerves and radiating pain, not of spasm: no spasm cause from the heading
    causes = {tail(o) for o in g_objects(kg, "BackSpasm", "causedBy")}
    assert "BoneEncroachment" not in causes
    assert "MuscleStrain" in causes  # "Lumbar muscle spasms may result from muscle strain."


def g_objects(kg, s: str, p: str) -> set[URIRef]:
    return set(kg.asserted_graph.objects(URIRef(SKG + s), URIRef(SKG + p)))


def test_an_inherited_adverse_effect_shows_its_premises_qualifiers_in_rows_and_exports(kg, tmp_path) -> None:
    # D002: "NSAIDs come with a long list of side effects including an increased risk of bleeding
    # ulcers ... These risks are especially great for long-term users, such as those suffering from
    # chronic back pain." Aleve is naproxen (D000: "Naproxen (Aleve)"), an NSAID
    (row,) = [r for r in kg.run("adverse-effects-of", treatment="Aleve") if r["effectLabel"] == "bleeding ulcer"]
    assert row["status"] == "inferred"
    assert (row["hedge"], row["circumstance"], row["populationLabel"]) == (
        ["risk"],
        ["especially great for long-term users"],
        ["people suffering from chronic back pain"],
    )
    # the same in the KGX edge table and the node-link JSON
    graph = kg.to_networkx()
    write_kgx(graph, tmp_path / "kg")
    with kgx_paths(tmp_path / "kg")[1].open(encoding="utf-8") as f:
        edges = [e for e in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if e["subject"] == "SKG:Aleve" and e["object"] == "SKG:BleedingUlcer"]
    assert [(e["spinekg_hedge"], e["spinekg_circumstance"], e["population_context_qualifier"]) for e in edges] == [
        ("risk", "especially great for long-term users", "SKG:PeopleWithChronicBackPain")
    ]
    write_node_link(graph, tmp_path / "kg.json")
    links = json.loads((tmp_path / "kg.json").read_text(encoding="utf-8"))["edges"]
    (link,) = [e for e in links if e["source"] == "SKG:Aleve" and e["target"] == "SKG:BleedingUlcer"]
    assert (link["hedge"], link["circumstance"], link["inferred"]) == (["risk"], ["especially great for long-term users"], True)

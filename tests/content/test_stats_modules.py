"""The statistics modules: claims-per-document, claims-per-relation and terms-per-category.

Counts are never copied from the program's output: they are checked against an independent count of
the curation files read here with yaml (a claim written with a list of objects stands for one claim
per object, ontology/README.md), and against small numbers counted by hand in the source texts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY = ROOT / "ontology"
SOURCES = ONTOLOGY / "sources"
DOCUMENTS = yaml.safe_load((SOURCES / "documents.yaml").read_text(encoding="utf-8"))
# identifiers in module rows are CURIEs (SKG:treats, SKGDOC:D000); with_full_iris() gives full IRIs
RDFS_SUBCLASSOF = "rdfs:subClassOf"
SKG = "SKG:"
SKG_IRI = "https://w3id.org/spinekg/"


def _claim_files() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ONTOLOGY / "curation" / "claims").glob("D*.yaml"))]


def _width(claim: dict) -> int:
    """How many claim nodes one curated claim stands for (one per object of a list)."""
    obj = claim.get("object")
    return len(obj) if isinstance(obj, list) else 1


def _predicate_iri(predicate: str) -> str:
    return RDFS_SUBCLASSOF if predicate == "isA" else SKG + predicate


# --- claims-per-document ------------------------------------------------------------------------


def test_claims_per_document_lists_every_source_with_its_title(kg) -> None:
    rows = kg.run("claims-per-document")
    assert [r["identifier"] for r in rows] == ["D000", "D001", "D002", "D003", "D004"]
    titles = {d["id"]: d["title"] for d in DOCUMENTS}
    for r in rows:
        assert r["document"] == f"SKGDOC:{r['identifier']}"
        assert r["title"] == titles[r["identifier"]]
        # the title is the one the text itself shows (documents.yaml: "the title as it appears in the text")
        text = (SOURCES / next(d["file"] for d in DOCUMENTS if d["id"] == r["identifier"])).read_text(encoding="utf-8")
        assert " ".join(r["title"].split()) in " ".join(text.split())
        assert r["claims"] > 0
    # the same rows with full IRIs on request
    full = kg.query("claims-per-document").with_full_iris()
    assert [r.document for r in full] == [f"{SKG_IRI}doc/{d}" for d in ("D000", "D001", "D002", "D003", "D004")]


def test_claims_per_document_match_the_curation_files(kg) -> None:
    expected = {f["document"]: sum(_width(c) for c in f["claims"]) for f in _claim_files()}
    got = {r["identifier"]: r["claims"] for r in kg.run("claims-per-document")}
    assert got == expected
    # a list claim counts once per object: D000-049 "Ibuprofen (e.g., Motrin, Advil)" is two claims,
    # so D000 has more claims than curated entries
    d000 = next(f for f in _claim_files() if f["document"] == "D000")
    assert got["D000"] > len(d000["claims"])


# --- claims-per-relation ------------------------------------------------------------------------


def test_claims_per_relation_match_the_curation_files(kg) -> None:
    expected: Counter[str] = Counter()
    for f in _claim_files():
        for c in f["claims"]:
            expected[_predicate_iri(c["predicate"])] += _width(c)
    rows = kg.run("claims-per-relation")
    got = {r["predicate"]: r["claims"] for r in rows}
    assert got == dict(expected)
    # ordered by count, largest first
    assert [r["claims"] for r in rows] == sorted((r["claims"] for r in rows), reverse=True)
    # every relation but is-a has its label
    assert all(r.get("predicateLabel") for r in rows if r["predicate"] != RDFS_SUBCLASSOF)


def test_claims_per_relation_counted_by_hand(kg) -> None:
    got = {r["predicate"].removeprefix(SKG): r["claims"] for r in kg.run("claims-per-relation")}
    # D003: electric current, ultrasound and magnetic field are "contraindicated in pregnancy, blood
    # diseases, oncological pathologies and acute infectious processes" (3 x 4), and "During
    # exacerbations, exercise therapy and other types of physical activity are strictly contraindicated" (1)
    assert got["contraindicatedIn"] == 3 * 4 + 1
    # D000: Tylenol, Motrin, Advil, Aleve, Celebrex; D001: "tolperisone hydrochloride (mydocalm)"
    assert got["hasBrand"] == 5 + 1
    # D003: "Anti-inflammatory and analgesic (Movalis). Muscle relaxants (Midokalm). Vitamins of group B
    # (Milgamma). Vascular (Actovegin). Chondroprotectors (Teraflex). Spasmolytics (No-shpa). Antiulcer
    # (Nolpaz). Antibiotics (Amoxiclav)." (Movalis in two classes: 9); D001: "oral and parenteral -
    # diclac" (NSAID) and "chondroprotectors (teraflex)" (2)
    assert got["inDrugClass"] == 9 + 2
    # doses: D001 paracetamol, naproxen, diazepam and tolperisone twice (5); D003's timed morning
    # exercises: child's pose, flexion of the head, turns with a stick, forward bends (4); D004 ice
    # "for 10 minutes at a time" and "1200 mg of Omega-3" (2)
    assert got["hasDoseRegimen"] == 5 + 4 + 2
    # brand ingredients no text states are curator mappings, not claims: they are not counted
    assert "hasActiveIngredient" not in got


# --- terms-per-category -------------------------------------------------------------------------


def _category_counts() -> Counter[str]:
    """Each curated term under the category its first is-a path reaches (ontology/README.md)."""
    schema = yaml.safe_load((ONTOLOGY / "curation" / "schema.yaml").read_text(encoding="utf-8"))
    categories = {c["id"] for c in schema["categories"]}
    terms = {}
    for p in sorted((ONTOLOGY / "curation" / "terms").glob("*.yaml")):
        for t in yaml.safe_load(p.read_text(encoding="utf-8")):
            terms[t["id"]] = t
    counts: Counter[str] = Counter()
    for tid in terms:
        node = tid
        while node not in categories:
            node = terms[node]["is_a"][0]
        counts[node] += 1
    return counts


def test_terms_per_category_match_the_curation_files(kg) -> None:
    rows = kg.run("terms-per-category")
    got = {r["category"].removeprefix(SKG): r["terms"] for r in rows}
    assert got == dict(_category_counts())
    assert [r["terms"] for r in rows] == sorted((r["terms"] for r in rows), reverse=True)


def test_terms_per_category_counted_by_hand(kg) -> None:
    got = {r["categoryLabel"]: r["terms"] for r in kg.run("terms-per-category")}
    # D001: "About half of these infections are caused by staphylococcus, but Proteus, E. coli,
    # Salmonella typhi and mycobacterium tuberculosis can also cause it." -- the only pathogens named;
    # five, not six: the category "pathogen" is not counted as one of its own terms
    assert got["pathogen"] == 5
    assert {t.label.casefold() for t in kg.terms("Pathogen") if t.id != "Pathogen"} == {
        "staphylococcus",
        "proteus",
        "escherichia coli",
        "salmonella typhi",
        "mycobacterium tuberculosis",
    }
    # brand names in the texts: D000 Tylenol, Motrin, Advil, Aleve, Celebrex; D001 diclac, mydocalm,
    # neuroRubin, teraflex; D003 Movalis, Midokalm (= mydocalm), Milgamma, Actovegin, Teraflex, No-shpa,
    # Nolpaz, Amoxiclav
    brands = {
        "tylenol",
        "motrin",
        "advil",
        "aleve",
        "celebrex",
        "diclac",
        "mydocalm",
        "neurorubin",
        "teraflex",
        "movalis",
        "milgamma",
        "actovegin",
        "no-shpa",
        "nolpaz",
        "amoxiclav",
    }
    assert got["brand product"] == len(brands) == 15
    assert {t.label.casefold() for t in kg.terms("BrandProduct") if t.id != "BrandProduct"} == brands
    assert sum(got.values()) == sum(_category_counts().values())

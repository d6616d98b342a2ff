"""The pairing rules of ``conflicting-recommendations``, run on a handful of hand-written triples
with both embedded engines (Oxigraph and rdflib), so each rule is exercised even where the five
texts happen not to meet it.

The rules (the module's description and ontology/rules/README.md): two documents; one side
recommends a treatment or reports that it works, the other advises against it, calls the evidence
mixed or says it does not work; the same treatment and problem or one a subtype of the other; and a
scoped claim ("many folk remedies ...") is said of no subtype in particular, so it is never paired
with a narrower treatment.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset

import spinekg

S = "https://w3id.org/spinekg/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"


def _claim(cid: str, subject: str, stance: str, obj: str, doc: str, scope: str | None = None) -> str:
    c = f"<{S}claim/{cid}>"
    lines = [
        f"{c} a <{S}Claim> ; <{RDF}predicate> <{S}treats> ; <{RDF}subject> <{S}{subject}> ; <{RDF}object> <{S}{obj}> ;",
        f"  <{S}stance> <{S}{stance}> ; <{DCT}source> <{S}doc/{doc}> ; <{S}span> <{S}span/{cid}> .",
        f'<{S}span/{cid}> <{S}quote> "quote of {cid}" .',
    ]
    if scope:
        lines.append(f'{c} <{S}scope> "{scope}" .')
    return "\n".join(lines)


TERMS = """
<{S}Cupping> <{RDFS}subClassOf> <{S}FolkRemedy> .
<{S}FolkRemedy> <{RDFS}subClassOf> [ a <http://www.w3.org/2002/07/owl#Restriction> ] .
<{S}LowBackPain> <{RDFS}subClassOf> <{S}BackPain> .
""".replace("{S}", S).replace("{RDFS}", RDFS)
LABELS = {
    "Cupping": "cupping",
    "FolkRemedy": "folk remedy",
    "BackPain": "back pain",
    "LowBackPain": "low back pain",
    "Massage": "massage",
    "Recommended": "recommended",
    "Reported": "reported association",
    "NotEffective": "not effective",
    "AdvisedAgainst": "advised against",
}

GRAPH = "\n".join(
    [
        TERMS,
        *(f'<{S}{k}> <{RDFS}label> "{v}" .' for k, v in LABELS.items()),
        # a scoped claim against a class, a claim for one of its subtypes: no pair (down, scoped)
        _claim("A-1", "FolkRemedy", "NotEffective", "BackPain", "A", scope="many"),
        _claim("B-1", "Cupping", "Recommended", "BackPain", "B"),
        # a scoped claim against a class, a claim for the class itself: a pair
        _claim("B-2", "FolkRemedy", "Reported", "BackPain", "B"),
        # unscoped against a broad problem, for a narrower problem: a pair
        _claim("A-2", "Massage", "AdvisedAgainst", "BackPain", "A"),
        _claim("C-1", "Massage", "Recommended", "LowBackPain", "C"),
        # the same document on both sides: no pair
        _claim("A-3", "Massage", "Recommended", "BackPain", "A"),
    ]
)

EXPECTED = {
    ("B-2", "A-1", "reported association", "not effective"),
    ("C-1", "A-2", "recommended", "advised against"),
}


def _pairs_oxigraph(graph: str, text: str) -> set[tuple[str, ...]]:
    store = ox.Store()
    store.load(graph.encode(), format=ox.RdfFormat.TURTLE)
    return {tuple(s[v].value.rsplit("/", 1)[-1] for v in COLUMNS) for s in store.query(text)}


def _pairs_rdflib(graph: str, text: str) -> set[tuple[str, ...]]:
    ds = Dataset(default_union=True)
    ds.parse(data=graph, format="turtle")
    return {tuple(str(r[v]).rsplit("/", 1)[-1] for v in COLUMNS) for r in ds.query(text)}


COLUMNS = ("claimFor", "claimAgainst", "stanceForLabel", "stanceAgainstLabel")
ENGINES = pytest.mark.parametrize("pairs", [_pairs_oxigraph, _pairs_rdflib], ids=["oxigraph", "rdflib"])


@ENGINES
def test_pairs_follow_the_rules(pairs) -> None:
    assert pairs(GRAPH, spinekg.module("conflicting-recommendations").text) == EXPECTED


@ENGINES
def test_an_unscoped_claim_against_the_class_reaches_its_subtypes(pairs) -> None:
    # the same claim without "many": folk remedies as a whole are not effective, so cupping's
    # recommendation is a conflict too
    unscoped = GRAPH.replace(f'<{S}claim/A-1> <{S}scope> "many" .', "")
    assert unscoped != GRAPH
    got = pairs(unscoped, spinekg.module("conflicting-recommendations").text)
    assert got == EXPECTED | {("B-1", "A-1", "recommended", "not effective")}

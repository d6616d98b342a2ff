"""KGX TSV: Biolink categories and predicates, knowledge level, agent type, supporting text."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from spinekg.export.kgx import EDGE_COLUMNS, NODE_COLUMNS, kgx_paths, write_kgx

if TYPE_CHECKING:
    import networkx as nx

QUOTE = (
    "But we must remember that this reduction in pain is contraindicated in pregnancy, blood diseases, oncological pathologies and acute infectious processes."
)


@pytest.fixture(scope="module")
def tables(graph: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    out = tmp_path_factory.mktemp("kgx")
    write_kgx(graph, out)

    def read(name: str) -> dict[str, dict[str, str]]:
        with (out / name).open(encoding="utf-8") as fh:
            return {r["id"]: r for r in csv.DictReader(fh, delimiter="\t")}

    return read("nodes.tsv"), read("edges.tsv")


def test_columns_and_counts(graph: nx.MultiDiGraph, tables: tuple[dict, dict]) -> None:
    nodes, edges = tables
    assert tuple(next(iter(nodes.values()))) == NODE_COLUMNS
    assert tuple(next(iter(edges.values())))[: len(EDGE_COLUMNS)] == EDGE_COLUMNS
    assert len(nodes) == graph.number_of_nodes() and len(edges) == graph.number_of_edges()
    assert all(c.startswith("biolink:") for n in nodes.values() for c in n["category"].split("|"))


def test_nodes_map_categories_to_biolink(tables: tuple[dict, dict]) -> None:
    nodes, _ = tables
    assert nodes["SKG:Naproxen"]["category"] == "biolink:ChemicalEntity|biolink:Drug"
    assert nodes["SKG:Naproxen"]["name"] == "naproxen" and "Aleve" in nodes["SKG:Naproxen"]["synonym"].split("|")
    assert nodes["SKG:Pregnancy"]["category"] == "biolink:NamedThing"  # the schema maps physiological states nowhere
    assert nodes["SKG:Pregnancy"]["spinekg_category"] == "SKG:PhysiologicalState"
    assert nodes["SKG:Fever"]["category"] in ("biolink:PhenotypicFeature", "biolink:ClinicalFinding")


def test_edges_carry_biolink_predicates_and_provenance(tables: tuple[dict, dict]) -> None:
    _, edges = tables
    stated = edges["SKG:Electrotherapy SKG:contraindicatedIn SKG:Pregnancy"]
    assert stated["predicate"] == "biolink:contraindicated_in"
    assert stated["original_predicate"] == "SKG:contraindicatedIn"
    assert (stated["knowledge_level"], stated["agent_type"]) == ("knowledge_assertion", "manual_agent")
    assert stated["primary_knowledge_source"] == "infores:spinekg"
    assert stated["publications"] == "SKGDOC:D003"
    assert QUOTE in stated["supporting_text"].split("|")
    assert stated["has_evidence"] == "ECO:0000303" and stated["claims"] == "SKGCLAIM:D003-412.Pregnancy"
    inferred = edges["SKG:Electrophoresis SKG:contraindicatedIn SKG:Pregnancy"]
    assert (inferred["knowledge_level"], inferred["agent_type"]) == ("logical_entailment", "automated_agent")
    assert "SKG:Electrophoresis rdfs:subClassOf SKG:Electrotherapy" in inferred["derivations"]
    advised = edges["SKG:Opioid SKG:advisedAgainstFor SKG:BackPain"]
    assert advised["predicate"] == "biolink:related_to" and advised["stance"] == "advised against"
    isa = edges["SKG:Electrophoresis rdfs:subClassOf SKG:Electrotherapy"]
    assert isa["predicate"] == "biolink:subclass_of"
    dose = next(e for e in edges.values() if e["subject"] == "SKG:Naproxen" and e["original_predicate"] == "SKG:hasDoseRegimen")
    assert (dose["amount"], dose["unit"], dose["frequency"]) == ("250", "mg", "every 8 hours")


def test_cells_have_no_tabs_or_line_breaks(hostile: nx.MultiDiGraph, tmp_path: Path) -> None:
    write_kgx(hostile, tmp_path / "h")
    nodes_path, edges_path = kgx_paths(tmp_path / "h")
    assert nodes_path.name == "h_nodes.tsv" and edges_path.name == "h_edges.tsv"
    with nodes_path.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert len(rows) == 3 and all(len(r) == len(NODE_COLUMNS) for r in rows)
    label = rows[1][2]
    assert "\t" not in label and "\n" not in label and label.startswith('it\'s "quoted" <b>&amp;</b>')

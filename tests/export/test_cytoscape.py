"""Cytoscape.js JSON: unique element ids, edges between existing nodes, read back by from_cytoscape."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spinekg.export.cytoscape import from_cytoscape, to_cytoscape

if TYPE_CHECKING:
    import networkx as nx


def test_elements_are_well_formed(graph: nx.MultiDiGraph) -> None:
    data = to_cytoscape(graph)
    nodes = [n["data"] for n in data["elements"]["nodes"]]
    edges = [e["data"] for e in data["elements"]["edges"]]
    ids = [x["id"] for x in nodes + edges]
    assert len(ids) == len(set(ids))
    node_ids = {n["id"] for n in nodes}
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in edges)
    preg = next(n for n in nodes if n["id"] == "SKG:Pregnancy")
    assert preg["name"] == "pregnancy"  # the column Cytoscape desktop shows
    edge = next(e for e in edges if e["id"] == "SKG:Electrotherapy SKG:contraindicatedIn SKG:Pregnancy")
    assert edge["interaction"] == "contraindicated in" and edge["key"] == "SKG:contraindicatedIn"
    assert data["data"]["predicates"] == graph.graph["predicates"]


def test_in_memory_round_trip(hostile: nx.MultiDiGraph) -> None:
    back = from_cytoscape(to_cytoscape(hostile))
    assert dict(back.nodes(data=True)) == dict(hostile.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(hostile.edges(keys=True, data=True))

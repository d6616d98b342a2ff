"""Node-link JSON: read as plain JSON, every node and edge carries what visualisers need."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from spinekg.export.node_link import to_node_link, write_node_link

if TYPE_CHECKING:
    import networkx as nx


def test_full_export_carries_labels_categories_and_provenance(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "kg.json"
    write_node_link(graph, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["directed"] is True and data["multigraph"] is True
    assert len(data["nodes"]) == graph.number_of_nodes() > 600
    for node in data["nodes"]:
        assert isinstance(node["label"], str) and node["label"], node
        assert isinstance(node["synonyms"], list), node
        assert isinstance(node["category"], str) and node["category"].startswith("SKG:"), node
    assert len(data["edges"]) == graph.number_of_edges() > 1500
    for edge in data["edges"]:
        assert edge["key"] == edge["predicate"] and edge["predicate"].startswith(("SKG:", "rdfs:")), edge
        assert isinstance(edge["label"], str) and edge["label"], edge
        assert isinstance(edge["inferred"], bool), edge
        assert isinstance(edge["sources"], list), edge
        # every edge that rests on a claim names the documents of its quoted claims
        documents = {e["document"] for e in edge["evidence"] if "document" in e}
        assert edge["sources"] == sorted(documents), edge
    sourced = [e for e in data["edges"] if e["sources"]]
    assert len(sourced) > 1000 and all(e["quotes"] for e in sourced)
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["SKG:Pregnancy"]["category"] == "SKG:PhysiologicalState"


def test_in_memory_form_is_json_ready(hostile: nx.MultiDiGraph) -> None:
    data = to_node_link(hostile)
    assert json.loads(json.dumps(data)) == data

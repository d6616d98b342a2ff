"""GraphML: scalars only on the wire, lists as JSON text, unique edge ids; read back intact."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from spinekg.export.codec import JSON_ATTRIBUTES
from spinekg.export.graphml import read_graphml, write_graphml

if TYPE_CHECKING:
    import networkx as nx

NS = "{http://graphml.graphdrawing.org/xmlns}"


def test_file_holds_only_scalars_that_plain_networkx_reads(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    import networkx as nx

    path = tmp_path / "kg.graphml"
    write_graphml(graph, path)
    raw = nx.read_graphml(path, force_multigraph=True)  # as any GraphML tool sees it
    electro = raw.nodes["SKG:Electrotherapy"]
    assert electro["label"] == "electrotherapy"
    assert json.loads(electro["synonyms"]) == graph.nodes["SKG:Electrotherapy"]["synonyms"]
    kinds = json.loads(raw.graph[JSON_ATTRIBUTES])
    assert {"synonyms", "xrefs"} <= set(kinds["node"]) and {"claims", "quotes", "evidence", "stance"} <= set(kinds["edge"])
    root = ET.parse(path).getroot()
    ids = [e.get("id") for e in root.iter(f"{NS}edge")]
    assert len(ids) == len(set(ids)) == graph.number_of_edges()
    types = {k.get("attr.name"): k.get("attr.type") for k in root.iter(f"{NS}key") if k.get("for") == "edge"}
    assert types["inferred"] == "boolean" and types["quotes"] == "string"


def test_read_restores_every_attribute(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "kg.graphml"
    write_graphml(graph, path)
    back = read_graphml(path)
    d = back.edges["SKG:UHFTherapy", "SKG:Pregnancy", "SKG:contraindicatedIn"]
    assert d == graph.edges["SKG:UHFTherapy", "SKG:Pregnancy", "SKG:contraindicatedIn"]
    assert d["inferred"] is True and d["via"] == ["SKG:Magnetotherapy"]
    assert back.nodes["SKG:Naproxen"] == graph.nodes["SKG:Naproxen"]

"""GEXF: static, unique edge ids (Gephi drops repeats), lists as JSON text; read back intact."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from spinekg.export.gexf import read_gexf, write_gexf

if TYPE_CHECKING:
    import networkx as nx

NS = "{http://www.gexf.net/1.2draft}"


def test_file_is_static_with_unique_edge_ids(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    import networkx as nx

    path = tmp_path / "kg.gexf"
    write_gexf(graph, path)
    root = ET.parse(path).getroot()
    g = root.find(f"{NS}graph")
    assert g.get("mode") == "static" and g.get("defaultedgetype") == "directed"
    ids = [e.get("id") for e in root.iter(f"{NS}edge")]
    assert len(ids) == len(set(ids)) == graph.number_of_edges()
    assert not list(root.iter(f"{NS}spells")) and all(a.get("start") is None for a in root.iter(f"{NS}attvalue"))
    raw = nx.read_gexf(path)  # as Gephi sees it: strings, JSON where a list was
    assert raw.nodes["SKG:Pregnancy"]["label"] == "pregnancy"
    assert json.loads(raw.nodes["SKG:Naproxen"]["synonyms"]) == graph.nodes["SKG:Naproxen"]["synonyms"]
    description = json.loads(root.find(f"{NS}meta/{NS}description").text)
    assert description["documents"] == graph.graph["documents"]


def test_read_restores_every_attribute(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "kg.gexf"
    write_gexf(graph, path)
    back = read_gexf(path)
    key = ("SKG:Electrophoresis", "SKG:Pregnancy", "SKG:contraindicatedIn")
    assert back.edges[key] == graph.edges[key]
    assert back.graph == graph.graph

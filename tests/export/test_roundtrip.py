"""RDF -> networkx -> every readable format -> networkx gives the same graph, provenance and all."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from spinekg.errors import UnknownFormatError
from spinekg.export import FORMATS, READERS, read, write

if TYPE_CHECKING:
    import networkx as nx

    from spinekg.kg import KnowledgeGraph


def assert_same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    import networkx as nx

    assert type(b) is nx.MultiDiGraph
    assert nx.is_isomorphic(a, b, node_match=lambda x, y: x == y, edge_match=lambda x, y: x == y)
    # isomorphic is not enough: the same node keys, edge keys and every attribute, value for value
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))
    for u, v, k, d in a.edges(keys=True, data=True):
        assert b.edges[u, v, k] == d, (u, k, v)
    assert a.graph == b.graph


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_full_graph_round_trips(graph: nx.MultiDiGraph, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"kg.{fmt}"
    write(graph, path, fmt)
    back = read(path, fmt)
    assert_same(graph, back)
    # no edge lost its provenance on the way
    quoted = [(u, k, v) for u, v, k, d in back.edges(keys=True, data=True) if d["quotes"]]
    assert len(quoted) > 1000
    electro = back.edges["SKG:Electrotherapy", "SKG:Pregnancy", "SKG:contraindicatedIn"]
    assert electro["claims"] == ["SKGCLAIM:D003-412.Pregnancy"] and electro["sources"] == ["SKGDOC:D003"]


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_hostile_text_round_trips(hostile: nx.MultiDiGraph, fmt: str, tmp_path: Path) -> None:
    path = tmp_path / f"hostile.{fmt}"
    write(hostile, path, fmt)
    assert_same(hostile, read(path, fmt))


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_ego_graph_round_trips(kg: KnowledgeGraph, fmt: str, tmp_path: Path) -> None:
    ego = kg.to_networkx(term="naproxen", depth=1, inferred=False)
    path = tmp_path / f"ego.{fmt}"
    write(ego, path, fmt)
    assert_same(ego, read(path, fmt))


def _count_written(fmt: str, tmp_path: Path) -> tuple[int, int]:
    """(nodes, edges) of a written export, read by a reader that is not spinekg's own."""
    import csv
    import json
    import re

    import networkx as nx

    path = tmp_path / fmt
    if fmt in ("graphml", "gexf"):
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        return back.number_of_nodes(), back.number_of_edges()
    if fmt in ("node-link", "cytoscape", "html"):
        text = path.read_text(encoding="utf-8")
        if fmt == "html":  # the viewer's data block: Cytoscape.js JSON
            text = re.search(r'<script type="application/json"[^>]*>(.*?)</script>', text, re.S).group(1)
        data = json.loads(text)
        if fmt == "node-link":
            return len(data["nodes"]), len(data["edges"])
        elements = data["elements"]
        return len(elements["nodes"]), len(elements["edges"])
    if fmt == "kgx":  # KGX reads TSV as unquoted, tab-separated rows with a header line
        rows = [
            list(csv.reader((tmp_path / f"kgx_{part}.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
            for part in ("nodes", "edges")
        ]
        return len(rows[0]) - 1, len(rows[1]) - 1
    assert fmt == "dot"
    text = path.read_text(encoding="utf-8")
    return len(re.findall(r'^\s*"[^"]+" \[', text, re.M)), len(re.findall(r'^\s*"[^"]+" -> "', text, re.M))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_writes_every_node_and_edge(graph: nx.MultiDiGraph, fmt: str, tmp_path: Path) -> None:
    write(graph, tmp_path / fmt, fmt)
    assert _count_written(fmt, tmp_path) == (graph.number_of_nodes(), graph.number_of_edges())


def test_unknown_formats_fail_clearly(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError, match="unknown export format 'pdf'; known: cytoscape, dot, gexf, graphml, html, kgx, node-link"):
        write(graph, tmp_path / "x.pdf", "pdf")
    with pytest.raises(UnknownFormatError, match="unknown readable format 'dot'"):
        read(tmp_path / "x.dot", "dot")

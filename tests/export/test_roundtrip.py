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


def test_every_format_writes(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    for fmt in FORMATS:
        target = tmp_path / fmt
        write(graph, target, fmt)
        written = sorted(tmp_path.glob(f"{fmt}*"))
        assert written and all(p.stat().st_size > 100_000 for p in written), fmt


def test_unknown_formats_fail_clearly(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError, match="unknown export format 'pdf'; known: cytoscape, dot, gexf, graphml, html, kgx, node-link"):
        write(graph, tmp_path / "x.pdf", "pdf")
    with pytest.raises(UnknownFormatError, match="unknown readable format 'dot'"):
        read(tmp_path / "x.dot", "dot")

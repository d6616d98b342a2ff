"""Node-link JSON (networkx ``node_link_data``, also read by D3): the lossless export.

Nodes are ``{"id": CURIE, ...attributes}``, edges ``{"source", "target", "key", ...attributes}``
under ``"edges"``; lists stay JSON lists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinekg.files import write_text

if TYPE_CHECKING:
    import networkx as nx


def to_node_link(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """The node-link data of ``graph`` (a JSON-ready dict)."""
    import networkx as nx

    return nx.node_link_data(graph, edges="edges")


def from_node_link(data: dict[str, Any]) -> nx.MultiDiGraph[str]:
    """The MultiDiGraph of node-link ``data``."""
    import networkx as nx

    graph: nx.MultiDiGraph[str] = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")  # type: ignore[assignment]
    return graph


def write_node_link(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    """Write ``graph`` to ``path`` as node-link JSON (UTF-8)."""
    write_text(path, json.dumps(to_node_link(graph), ensure_ascii=False) + "\n")


def read_node_link(path: str | Path) -> nx.MultiDiGraph[str]:
    """The graph :func:`write_node_link` wrote to ``path``."""
    with open(path, encoding="utf-8") as fh:
        return from_node_link(json.load(fh))

"""Cytoscape.js JSON (``cy.json()`` elements; Cytoscape desktop imports it as ``.cyjs``).

``{"format_version", "generated_by", "data": graph attributes, "elements": {"nodes": [{"data":
{"id", "name", ...}}], "edges": [{"data": {"id", "source", "target", "key", "interaction", ...}}]}}``.
``name`` (the node label) and ``interaction`` (the edge label) are the columns Cytoscape desktop
shows; :func:`read_cytoscape` drops them again.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinekg.export.graph import edge_id
from spinekg.files import write_text

if TYPE_CHECKING:
    import networkx as nx

_NODE_EXTRA = ("id", "name")
_EDGE_EXTRA = ("id", "source", "target", "key", "interaction")


def to_cytoscape(graph: nx.MultiDiGraph[str]) -> dict[str, Any]:
    """``graph`` as Cytoscape.js JSON (a JSON-ready dict)."""
    nodes = [{"data": {"id": n, "name": d.get("label", n), **d}} for n, d in graph.nodes(data=True)]
    edges = [
        {"data": {"id": edge_id(u, k, v), "source": u, "target": v, "key": k, "interaction": d.get("label", k), **d}}
        for u, v, k, d in graph.edges(keys=True, data=True)
    ]
    return {
        "format_version": "1.0",
        "generated_by": "spinekg",
        "target_cytoscapejs_version": "~3.34",
        "data": dict(graph.graph),
        "elements": {"nodes": nodes, "edges": edges},
    }


def from_cytoscape(data: dict[str, Any]) -> nx.MultiDiGraph[str]:
    """The MultiDiGraph of Cytoscape.js JSON ``data``."""
    import networkx as nx

    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.graph.update(data.get("data", {}))
    for el in data["elements"]["nodes"]:
        d = el["data"]
        g.add_node(d["id"], **{k: v for k, v in d.items() if k not in _NODE_EXTRA})
    for el in data["elements"]["edges"]:
        d = el["data"]
        g.add_edge(d["source"], d["target"], key=d["key"], **{k: v for k, v in d.items() if k not in _EDGE_EXTRA})
    return g


def write_cytoscape(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    """Write ``graph`` to ``path`` as Cytoscape.js JSON."""
    write_text(path, json.dumps(to_cytoscape(graph), ensure_ascii=False) + "\n")


def read_cytoscape(path: str | Path) -> nx.MultiDiGraph[str]:
    """The graph :func:`write_cytoscape` wrote to ``path``."""
    with open(path, encoding="utf-8") as fh:
        return from_cytoscape(json.load(fh))

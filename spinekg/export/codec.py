"""Lists and dicts in formats that hold only scalars (GraphML, GEXF), as JSON text.

GraphML and GEXF attributes are strings, numbers or booleans; a list written as it is fails (GraphML)
or is taken for dynamic data (GEXF's time spells), the classic failure of these exports. spinekg
writes every value of an attribute that holds a list or a dict as JSON text, so Gephi, Cytoscape and
yEd read it as a string, and names those attributes in the graph attribute :data:`JSON_ATTRIBUTES`,
so the readers here decode them back to the same values.

>>> import networkx as nx
>>> g = nx.MultiDiGraph(name="x")
>>> g.add_node("SKG:A", label="a", synonyms=["b", "c"])
>>> h = encode(g)
>>> h.nodes["SKG:A"]["synonyms"], h.graph[JSON_ATTRIBUTES]
('["b", "c"]', '{"graph": [], "node": ["synonyms"], "edge": []}')
>>> decode(h).nodes["SKG:A"]["synonyms"]
['b', 'c']
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

#: Graph attribute naming, per element kind, the attributes written as JSON text.
JSON_ATTRIBUTES = "spinekg_json_attributes"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _structured(items: Iterable[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for data in items:
        for k, v in data.items():
            if isinstance(v, (list, tuple, dict)):
                keys[k] = None
    return sorted(keys)


def encode(graph: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """A copy of ``graph`` whose list and dict attributes (all values of such an attribute) are JSON text."""
    import networkx as nx

    kinds = {
        "graph": _structured([graph.graph]),
        "node": _structured(d for _, d in graph.nodes(data=True)),
        "edge": _structured(d for _, _, d in graph.edges(data=True)),
    }

    def enc(data: dict[str, Any], keys: list[str]) -> dict[str, Any]:
        return {k: (_dump(v) if k in keys else v) for k, v in data.items()}

    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph.update(enc(graph.graph, kinds["graph"]))
    out.graph[JSON_ATTRIBUTES] = _dump(kinds)
    out.add_nodes_from((n, enc(d, kinds["node"])) for n, d in graph.nodes(data=True))
    for u, v, k, d in graph.edges(keys=True, data=True):
        out.add_edge(u, v, key=k, **enc(d, kinds["edge"]))
    return out


def decode(graph: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    """``graph`` (changed in place) with the attributes :func:`encode` wrote as JSON decoded."""
    kinds = json.loads(graph.graph.pop(JSON_ATTRIBUTES, "{}"))

    def dec(data: dict[str, Any], keys: list[str]) -> None:
        for k in keys:
            if k in data:
                data[k] = json.loads(data[k])

    dec(graph.graph, kinds.get("graph", []))
    for _, d in graph.nodes(data=True):
        dec(d, kinds.get("node", []))
    for _, _, d in graph.edges(data=True):
        dec(d, kinds.get("edge", []))
    return graph


def rekey(graph: nx.MultiDiGraph[str], attribute: str) -> nx.MultiDiGraph[str]:
    """A copy of ``graph`` whose edge keys are taken from (and removed from) the edge attribute."""
    import networkx as nx

    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    out.add_nodes_from(graph.nodes(data=True))
    for u, v, k, d in graph.edges(keys=True, data=True):
        data = dict(d)
        out.add_edge(u, v, key=data.pop(attribute, k), **data)
    return out

"""GraphML (Cytoscape, yEd, Gephi, networkx).

List and dict attributes are written as JSON text (see :mod:`spinekg.export.codec`); edges get
unique ids ``e0, e1, ...`` (GraphML ids are unique tokens; a CURIE key is not) and keep their key in
the attribute ``networkx_key``. :func:`read_graphml` undoes both.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from spinekg.export.codec import decode, encode, rekey
from spinekg.files import write_text

if TYPE_CHECKING:
    import networkx as nx

_KEY = "networkx_key"


def _prepare(graph: nx.MultiDiGraph[str]) -> nx.MultiDiGraph[str]:
    import networkx as nx

    enc = encode(graph)
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    out.graph.update(enc.graph)
    out.add_nodes_from(enc.nodes(data=True))
    for i, (u, v, k, d) in enumerate(enc.edges(keys=True, data=True)):
        out.add_edge(u, v, key=f"e{i}", **{**d, _KEY: k})
    return out


def to_graphml(graph: nx.MultiDiGraph[str]) -> str:
    """``graph`` as GraphML text."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(_prepare(graph))) + "\n"


def write_graphml(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    """Write ``graph`` to ``path`` as GraphML."""
    write_text(path, to_graphml(graph))


def read_graphml(path: str | Path) -> nx.MultiDiGraph[str]:
    """The graph :func:`write_graphml` wrote to ``path``, lists and edge keys restored."""
    import networkx as nx

    raw = nx.read_graphml(path, node_type=str, edge_key_type=str, force_multigraph=True)
    for default in ("node_default", "edge_default"):  # the reader adds them, empty, to every graph
        if raw.graph.get(default) == {}:
            del raw.graph[default]
    return decode(rekey(raw, _KEY))  # type: ignore[arg-type]  # force_multigraph: a MultiDiGraph

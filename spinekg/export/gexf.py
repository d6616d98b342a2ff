"""GEXF 1.2 (Gephi).

List and dict attributes are written as JSON text (see :mod:`spinekg.export.codec`): networkx would
otherwise take a list for GEXF time spells. Edges get unique ids ``e0, e1, ...`` (Gephi drops edges
whose id repeats) and keep their key in ``networkx_key``. GEXF has no graph attributes, so the graph's
(documents, categories, predicates) go, as JSON, in ``<meta><description>``. :func:`read_gexf`
undoes all three.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from spinekg.export.codec import JSON_ATTRIBUTES, decode, encode
from spinekg.files import write_text

if TYPE_CHECKING:
    import networkx as nx

_NS = "{http://www.gexf.net/1.2draft}"


def to_gexf(graph: nx.MultiDiGraph[str]) -> str:
    """``graph`` as GEXF text."""
    import networkx as nx

    enc = encode(graph)
    out: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=str(graph.graph.get("name", "")))
    out.add_nodes_from(enc.nodes(data=True))
    for i, (u, v, k, d) in enumerate(enc.edges(keys=True, data=True)):
        out.add_edge(u, v, key=k, **{**d, "id": f"e{i}"})
    text = "\n".join(nx.generate_gexf(out)) + "\n"
    kinds = {**json.loads(enc.graph[JSON_ATTRIBUTES]), "graph": []}  # the description is JSON already
    meta = escape(json.dumps({**graph.graph, JSON_ATTRIBUTES: json.dumps(kinds)}, ensure_ascii=False))
    # the writer makes <meta> with one <creator>; the description goes after it
    return text.replace("</creator>", f"</creator>\n    <description>{meta}</description>", 1)


def write_gexf(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    """Write ``graph`` to ``path`` as GEXF."""
    write_text(path, to_gexf(graph))


def read_gexf(path: str | Path) -> nx.MultiDiGraph[str]:
    """The graph :func:`write_gexf` wrote to ``path``, lists, edge keys and graph attributes restored."""
    import xml.etree.ElementTree as ET

    import networkx as nx

    root = ET.parse(path).getroot()
    description = root.find(f"{_NS}meta/{_NS}description")
    # networkx turns a file without parallel edges into a DiGraph, dropping the keys: read them here
    titles = {a.get("title"): a.get("id") for a in root.iterfind(f"{_NS}graph/{_NS}attributes[@class='edge']/{_NS}attribute")}
    keys = {
        e.get("id"): v.get("value")
        for e in root.iter(f"{_NS}edge")
        for v in e.iterfind(f"{_NS}attvalues/{_NS}attvalue")
        if v.get("for") == titles.get("networkx_key")
    }
    raw = nx.read_gexf(path, node_type=str)
    g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    g.graph.update(json.loads(description.text) if description is not None and description.text else {})
    g.add_nodes_from(raw.nodes(data=True))
    for u, v, d in raw.edges(data=True):
        data = dict(d)
        g.add_edge(u, v, key=keys[data.pop("id")], **data)
    return decode(g)

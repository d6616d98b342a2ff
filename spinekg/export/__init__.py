"""Exports of the knowledge graph: networkx and the formats people visualise graphs with.

:func:`spinekg.export.graph.build_graph` (also ``kg.to_networkx()``) makes the networkx
MultiDiGraph; one module per format writes it, each with ``write_<fmt>(graph, path)`` and an
in-memory ``to_<fmt>(graph)``, and those that can be read back with ``read_<fmt>(path)``:

============  ==========================================  ===========
name          module                                      read back
============  ==========================================  ===========
node-link     :mod:`~spinekg.export.node_link` (JSON)       yes
graphml       :mod:`~spinekg.export.graphml`                yes
gexf          :mod:`~spinekg.export.gexf`                   yes
cytoscape     :mod:`~spinekg.export.cytoscape` (.cyjs)      yes
dot           :mod:`~spinekg.export.dot` (Graphviz)         no
kgx           :mod:`~spinekg.export.kgx` (TSV, Biolink)     no
html          :mod:`~spinekg.export.viewer` (viewer)        no
============  ==========================================  ===========

:data:`FORMATS` maps the names to the writers (and feeds the choices of ``spinekg export``),
:data:`READERS` to the readers. networkx is imported when a graph is built, written or read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from spinekg.errors import UnknownFormatError
from spinekg.export.cytoscape import read_cytoscape, write_cytoscape
from spinekg.export.dot import write_dot
from spinekg.export.gexf import read_gexf, write_gexf
from spinekg.export.graphml import read_graphml, write_graphml
from spinekg.export.kgx import write_kgx
from spinekg.export.node_link import read_node_link, write_node_link
from spinekg.export.viewer import write_html

if TYPE_CHECKING:
    import networkx as nx

Writer = Callable[["nx.MultiDiGraph[str]", "str | Path"], None]
Reader = Callable[["str | Path"], "nx.MultiDiGraph[str]"]

#: Export format name -> ``write_<fmt>(graph, path)``.
FORMATS: dict[str, Writer] = {
    "node-link": write_node_link,
    "graphml": write_graphml,
    "gexf": write_gexf,
    "cytoscape": write_cytoscape,
    "dot": write_dot,
    "kgx": write_kgx,
    "html": write_html,
}

#: Format name -> ``read_<fmt>(path)``, for the formats that read back to the same graph.
READERS: dict[str, Reader] = {
    "node-link": read_node_link,
    "graphml": read_graphml,
    "gexf": read_gexf,
    "cytoscape": read_cytoscape,
}

#: File name suffix -> format name (``kgx`` writes a directory or prefix and has none).
SUFFIXES: dict[str, str] = {
    ".json": "node-link",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".cyjs": "cytoscape",
    ".dot": "dot",
    ".gv": "dot",
    ".html": "html",
    ".htm": "html",
}


def format_for(path: str | Path) -> str:
    """The format a file name's suffix stands for.

    >>> format_for("kg.graphml")
    'graphml'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise UnknownFormatError(suffix or str(path), sorted(SUFFIXES), "file suffix")
    return SUFFIXES[suffix]


def write(graph: nx.MultiDiGraph[str], path: str | Path, fmt: str) -> None:
    """Write ``graph`` to ``path`` in the format ``fmt`` (a key of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise UnknownFormatError(fmt, sorted(FORMATS))
    FORMATS[fmt](graph, path)


def read(path: str | Path, fmt: str) -> nx.MultiDiGraph[str]:
    """Read the graph a writer of ``fmt`` (a key of :data:`READERS`) wrote to ``path``."""
    if fmt not in READERS:
        raise UnknownFormatError(fmt, sorted(READERS), "readable format")
    return READERS[fmt](path)

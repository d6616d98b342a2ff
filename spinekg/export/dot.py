r"""Graphviz DOT, written with plain Python (no pygraphviz or pydot needed).

Every ID and value is a double-quoted string: ``"`` and ``\`` are escaped, and line breaks become
Graphviz's ``\n``. Nodes are filled with their top-level category's colour; inferred edges are
dashed. All attributes are written (lists and dicts as JSON text), so the file keeps the provenance;
Graphviz draws ``label`` and ignores the rest. Render with e.g. ``sfdp -Tsvg kg.dot -o kg.svg``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spinekg.export.style import colour
from spinekg.files import write_text

if TYPE_CHECKING:
    import networkx as nx

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def quote(value: Any) -> str:
    r"""``value`` as a DOT double-quoted string.

    >>> print(quote('say "no" to C:\\temp'))
    "say \"no\" to C:\\temp"
    """
    if isinstance(value, (list, tuple, dict)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _name(key: str) -> str:
    return key if _PLAIN.fullmatch(key) else quote(key)


def _attrs(items: dict[str, Any]) -> str:
    return ", ".join(f"{_name(k)}={quote(v)}" for k, v in items.items())


def to_dot(graph: nx.MultiDiGraph[str]) -> str:
    """``graph`` as DOT text."""
    lines = [
        f"digraph {quote(graph.graph.get('name', 'spinekg'))} {{",
        # straight edges: spline routing (splines="true") makes sfdp take minutes on the whole
        # graph (186 s against 2 s), and a person who wants curves can pass -Gsplines=true
        '  graph [overlap="false", outputorder="edgesfirst"];',
        '  node [shape="box", style="rounded,filled", fontname="Helvetica", fontsize="10"];',
        '  edge [fontname="Helvetica", fontsize="8", color="#666666"];',
    ]
    for n, d in graph.nodes(data=True):
        look = {"fillcolor": colour(graph.graph, d.get("category", ""))}
        lines.append(f"  {quote(n)} [{_attrs({**d, **look})}];")
    for u, v, k, d in graph.edges(keys=True, data=True):
        look = {"style": "dashed" if d.get("inferred") else "solid"}
        lines.append(f"  {quote(u)} -> {quote(v)} [{_attrs({'key': k, **d, **look})}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_dot(graph: nx.MultiDiGraph[str], path: str | Path) -> None:
    """Write ``graph`` to ``path`` as DOT."""
    write_text(path, to_dot(graph))
